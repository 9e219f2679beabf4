"""Access entries for the needs pages (see tests/access/base.py)."""

from tests.access.base import LOGIN, ROLES, Entry, everyone, home_a_managers  # noqa: F401


def objects(cast) -> dict:
    """Rows these URLs point at, keyed by name; merged with the other areas' objects."""
    return {}


ENTRIES: list[Entry] = []
