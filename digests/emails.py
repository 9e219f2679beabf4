"""The digest email itself: subject, plain text and HTML (templates/emails/digest-*), with
the headers that let a mail client offer one-click unsubscribe (RFC 2369 and RFC 8058).

The delivery code (digests/services.py) sets Message-ID and any other headers it needs
through `headers=`; they are kept as given.
"""

import re

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from digests.content import Digest, absolute
from digests.tokens import make_token
from network.models import User


def unsubscribe_url(user: User) -> str:
    return absolute("digests:unsubscribe", make_token(user))


def digest_context(user: User, digest: Digest) -> dict:
    return {
        "user": user,
        "digest": digest,
        "service_name": settings.SERVICE_NAME,
        "site_url": settings.SITE_URL,
        "home_url": absolute("home"),
        "preferences_url": absolute("digests:preferences"),
        "unsubscribe_url": unsubscribe_url(user),
    }


def digest_message(
    user: User, digest: Digest, *, connection=None, headers: dict | None = None
) -> EmailMultiAlternatives:
    ctx = digest_context(user, digest)
    subject = render_to_string("emails/digest-subject.txt", ctx).strip().splitlines()[0]
    # At most two blank lines in a row, whichever sections the template left out.
    text = re.sub(r"\n{4,}", "\n\n\n", render_to_string("emails/digest-body.txt", ctx))
    html = render_to_string("emails/digest-body.html", ctx)
    message = EmailMultiAlternatives(
        subject,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        connection=connection,
        headers={
            "List-Unsubscribe": f"<{ctx['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            **(headers or {}),
        },
    )
    message.attach_alternative(html, "text/html")
    return message
