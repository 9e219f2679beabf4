"""Access entries for the privacy pages."""

from tests.access.base import LOGIN, ROLES, Entry, everyone  # noqa: F401

ENTRIES: list[Entry] = []
