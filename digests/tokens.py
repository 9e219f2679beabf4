"""Unsubscribe tokens: a person's id, signed with the site's secret key and a salt of its
own, so a link from a digest can switch that person's digests off without signing in (and
cannot be made for anyone else, or reused as any other kind of signed value).

Tokens carry the time they were made and stop working after MAX_AGE, so a link found in an
old forwarded email does not work for ever; RFC 8058 one-click unsubscribe needs them to
last well beyond the email's own life.
"""

from datetime import timedelta

from django.core import signing

from network.models import User

SALT = "digests.unsubscribe"
MAX_AGE = timedelta(days=180)


class BadToken(Exception):
    """The link was changed, cut short or is not one of ours."""


class ExpiredToken(BadToken):
    """The link was ours but is older than MAX_AGE."""


def make_token(user: User) -> str:
    return signing.dumps(user.pk, salt=SALT)


def user_id_from(token: str) -> int:
    """The id of the person the token was made for; BadToken or ExpiredToken otherwise."""
    try:
        value = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired as error:
        raise ExpiredToken(str(error)) from None
    except signing.BadSignature as error:
        raise BadToken(str(error)) from None
    if not isinstance(value, int):
        raise BadToken("not a person's id")
    return value
