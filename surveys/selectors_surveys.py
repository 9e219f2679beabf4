"""Reads for the surveys, scoped to what the person asking may see."""

from network.models import User


def home_items(user: User, membership) -> dict:
    """What the home page shows about the surveys (see templates/pages/home/_surveys.html)."""
    return {}
