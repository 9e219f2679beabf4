"""What the home page shows about training (templates/pages/home/_training.html).

- Everyone: sessions they started and have not finished ("continue watching").
- Care home members: sessions published in the last 30 days on their home's themes.
- Project workers and admins: draft sessions waiting to be published.
"""

from network.models import Membership, User


def home_items(user: User, membership: Membership | None) -> dict:
    return {}
