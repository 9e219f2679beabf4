"""Reads for a person's own learning (owned by the learning pages)."""

from django.http import HttpRequest

from training.models import Session


def session_page_context(request: HttpRequest, session: Session) -> dict:
    """What the session page needs from the person's learning record."""
    return {}
