"""Writing a person's choice of how often digests come (the delivery code reads it)."""

from digests.models import DigestPreference, Frequency
from network.models import User


def set_frequency(*, user: User, frequency: str) -> DigestPreference:
    """Store the choice (one row per person; none means weekly)."""
    if frequency not in Frequency.values:
        raise ValueError(f"Unknown digest frequency {frequency!r}")
    preference, _ = DigestPreference.objects.update_or_create(
        user=user, defaults={"frequency": frequency}
    )
    user._digest_frequency = frequency
    return preference


def person_for_token(user_id: int) -> User | None:
    """The person an unsubscribe link was made for, if they still exist."""
    return User.objects.filter(pk=user_id).first()
