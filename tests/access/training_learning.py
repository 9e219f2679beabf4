"""Access entries for training: learning. Objects come from tests/access/training.py."""

from tests.access.base import LOGIN, ROLES, Entry, everyone  # noqa: F401

ENTRIES: list[Entry] = []
