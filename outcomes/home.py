"""What the home page shows about network measures (monthly returns)."""


def home_items(user, membership) -> dict:
    return {}
