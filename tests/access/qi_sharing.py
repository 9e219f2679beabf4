"""Access entries for improvement projects: sharing. Objects come from tests/access/qi.py
(qi_project is home-only at home A and coached by Will; qi_shared is shared; qi_project_b
is at home B)."""

from tests.access.base import LOGIN, ROLES, Entry, everyone  # noqa: F401

ENTRIES: list[Entry] = []


def objects(cast) -> dict:
    return {}
