"""What the home page shows about improvement projects (templates/pages/home/_qi.html)."""

from network.models import Membership, User


def home_items(user: User, membership: Membership | None) -> dict:
    return {}
