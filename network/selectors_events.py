"""Reads for events, registrations, feedback and meeting actions."""

from network.models import User


def home_items(user: User) -> dict:
    """What the home page shows about events and actions: upcoming events the person is
    registered for (`upcoming_registrations`) and their open actions (`open_actions`)."""
    return {}
