"""Demo rows for seed_demo. Safe to rerun: returns how many rows it added."""


def seed() -> int:
    return 0
