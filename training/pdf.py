"""The certificate of completion for a training session: one A4 landscape page with the
network's name, the learner's name, the session, who presented it, its length and the day
it was completed, and a line saying the completion was self-reported.

Rendered by portal.pdf (local files only). Import this module only when a certificate is
asked for: loading WeasyPrint takes a second and needs Pango (see views/learning.py).
"""

from django.conf import settings
from django.utils import timezone

from portal import pdf
from training.models import LearningRecord

TEMPLATE = "training/learning/certificate_pdf.html"
# Longer names and titles get smaller type, so everything stays inside the frame.
LONG_NAME = 36
LONG_TITLE = 70
MAX_NAME = 80
MAX_TITLE = 140


def length_text(minutes: int) -> str:
    """The length in words: "25 minutes", "1 hour", "1 hour 30 minutes"."""
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if rest or not hours:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def certificate_context(record: LearningRecord) -> dict:
    session = record.session
    name = _shorten(record.user.full_name or record.user.email, MAX_NAME)
    title = _shorten(session.title, MAX_TITLE)
    return {
        "record": record,
        "session": session,
        "learner_name": name,
        "title": title,
        "presenter": _shorten(session.presenter, 80),
        "long_name": len(name) > LONG_NAME,
        "long_title": len(title) > LONG_TITLE,
        "length": length_text(session.duration_minutes),
        "completed_on": timezone.localdate(record.completed_at),
        "network_name": settings.SERVICE_NAME,
    }


def certificate_document(record: LearningRecord):
    """The laid-out document (`len(doc.pages)` is the number of pages)."""
    return pdf.render_document(TEMPLATE, certificate_context(record))


def certificate_pdf(record: LearningRecord) -> bytes:
    return pdf.write_pdf(certificate_document(record))
