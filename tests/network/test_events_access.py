"""Refused writes on the events pages change nothing in the events tables.

(tests/test_access_matrix.py checks the status codes and the people tables; this checks
events, registrations, feedback, series and actions for the same entries.)
"""

import pytest
from django.urls import reverse

from network.models import Event, EventFeedback, EventSeries, MeetingAction, Registration
from tests.access import events
from tests.access.base import LOGIN, ROLES

REFUSED = [
    (entry, role)
    for entry in events.ENTRIES
    if entry.writes
    for role in ROLES
    if entry.expect[role] in (403, 404, LOGIN)
]


def _fingerprint():
    return (
        sorted(Event.objects.values_list("pk", "title", "status", "starts_at", "capacity")),
        sorted(Registration.objects.values_list("pk", "status", "attended")),
        sorted(EventFeedback.objects.values_list("pk", "rating")),
        sorted(EventSeries.objects.values_list("pk", "title")),
        sorted(MeetingAction.objects.values_list("pk", "status", "description")),
    )


@pytest.mark.parametrize(
    ("entry", "role"), REFUSED, ids=[f"{e.name}-{role}" for e, role in REFUSED]
)
def test_a_refused_write_changes_nothing(client, cast, entry, role):
    objs = events.objects(cast)
    user = None if role == "anonymous" else getattr(cast, role)
    if user:
        client.force_login(user)
    before = _fingerprint()
    response = client.post(
        reverse(entry.name, args=entry.args(cast, objs)), entry.data(cast, objs, user)
    )
    assert response.status_code in (302, 403, 404)
    assert _fingerprint() == before
