"""Emails are template triples: emails/<name>-subject.txt, -body.txt and -body.html."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def send(name: str, to: str, ctx: dict) -> None:
    ctx = {"service_name": settings.SERVICE_NAME, "site_url": settings.SITE_URL, **ctx}
    subject = render_to_string(f"emails/{name}-subject.txt", ctx).strip().splitlines()[0]
    text = render_to_string(f"emails/{name}-body.txt", ctx)
    html = render_to_string(f"emails/{name}-body.html", ctx)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    message.send()
