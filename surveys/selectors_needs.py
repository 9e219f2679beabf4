"""Reads for the needs, scoped to what the person asking may see."""

from network.models import User


def home_items(user: User, membership) -> dict:
    """What the home page shows about the needs (see templates/pages/home/_needs.html)."""
    return {}
