"""Access entries for Local services directory."""

from tests.access.base import LOGIN, ROLES, Entry, everyone  # noqa: F401

ENTRIES: list[Entry] = []


def objects(cast) -> dict:
    return {}
