"""Access entries for the audit pages."""

from tests.access.base import LOGIN, ROLES, Entry, everyone  # noqa: F401

ENTRIES: list[Entry] = []
