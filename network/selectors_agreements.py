"""Reads for the partnership agreement."""

from network.models import User


def home_items(user: User) -> dict:
    """What the home page shows about the agreement: `agreement_to_sign` (a version or None)."""
    return {}
