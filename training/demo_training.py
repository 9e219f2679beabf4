"""Demo training library for `manage.py seed_demo`."""


def seed() -> int:
    return 0
