"""Demo data for the events part of the network. Called by seed_demo; safe to rerun."""


def seed() -> int:
    """Add what is missing and return how many rows were created."""
    return 0
