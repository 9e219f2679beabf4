"""Access entries for training: library. Objects come from tests/access/training.py."""

from tests.access.base import LOGIN, ROLES, Entry, everyone  # noqa: F401

ENTRIES: list[Entry] = []
