"""The area dashboard and its spreadsheet take the same number of queries with 3 care
homes as with 30, each with needs (answered, and needed by other homes too), survey
answers, shared projects with key measures and cycles, learning records, training passed
on and event attendance with feedback: every figure is counted in the database."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network.models import Theme
from surveys.models import NeedEndorsement
from tests.dashboards.test_area import activity, past_event, post_need, rating_survey
from tests.factories import OrganisationFactory, make_session


def _busy(homes, *, endorsed_by, survey, event, session):
    for home in homes:
        activity(home, people=5, event=event, session=session, survey=survey)
        need = post_need(home, f"Open need at {home.name}")
        NeedEndorsement.objects.create(need=need, organisation=endorsed_by)


def _queries(client, user, url) -> tuple[int, object]:
    client.force_login(user)
    client.get(url)  # the first request loads the session and the person's memberships
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("url", [reverse("dashboards:area"), reverse("dashboards:area_csv")])
def test_queries_do_not_grow_with_the_number_of_homes(client, cast, url):
    shared = {
        "survey": rating_survey(Theme.objects.get(name="Wellbeing")),
        "event": past_event(),
        "session": make_session(),
    }
    other = OrganisationFactory(name="Endorsing home", area=cast.home_a.area)
    _busy([cast.home_a, cast.home_b], endorsed_by=other, **shared)
    few = {}
    for person in (cast.pat, cast.will):
        few[person.email], _ = _queries(client, person, url)

    more = [OrganisationFactory(name=f"Home {i}", area=cast.home_a.area) for i in range(27)]
    _busy(more, endorsed_by=other, **shared)
    many = {}
    for person in (cast.pat, cast.will):
        many[person.email], response = _queries(client, person, url)
        if response.context is not None:
            assert response.context["figures"].engagement.homes == 30
            assert response.context["figures"].improvement.key_measures == 29
    print(f"{url}: {few} queries with 3 homes, {many} with 30")
    assert many == few, f"queries grew: {few} with 3 homes, {many} with 30"
