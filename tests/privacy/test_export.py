"""A person's own data: every relation to a person is in the download or deliberately left
out; the files hold the person's records (and nobody else's); CSV cells cannot run as
formulas; each download is audited; the query count does not grow with rows."""

import csv
import io
import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import Action, AuditEvent
from privacy import export
from surveys.models import Need, NeedResponse
from tests.factories import make_learning_record, make_project, make_session
from tests.surveys.test_surveys_support import make_survey, submit

pytestmark = pytest.mark.django_db


def _person_relations() -> set[str]:
    """Every field in the portal that points at a person (FK, one-to-one, many-to-many)."""
    user_model = get_user_model()
    found = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and not field.auto_created and field.related_model is user_model:
                found.add(f"{model._meta.label}.{field.name}")
    return found


def test_every_relation_to_a_person_is_in_the_download_or_left_out_on_purpose():
    relations = _person_relations()
    covered = export.covered_relations()
    undecided = relations - covered - set(export.LEFT_OUT)
    assert not undecided, (
        f"New relations to a person: {sorted(undecided)}. Add each to a Section in "
        "privacy/export.py, or to LEFT_OUT with the reason."
    )
    assert covered <= relations, f"Sections name relations that do not exist: {covered - relations}"
    assert not covered & set(export.LEFT_OUT), "a relation is both covered and left out"


def test_the_known_relations_are_decided():
    # Guards the test above against finding nothing (e.g. a wrong user model).
    relations = _person_relations()
    for name in ("surveys.Need.posted_by", "qi_cycles.Project.team", "audit.AuditEvent.actor"):
        assert name in relations
    assert "surveys.Need.posted_by" in export.covered_relations()
    assert "audit.AuditEvent.actor" in export.LEFT_OUT


def _records_for(cast, mark=""):
    need = Need.objects.create(
        organisation=cast.home_a,
        posted_by=cast.mona,
        title=f"Falls at night{mark}",
        description='=HYPERLINK("http://evil.example")',
    )
    NeedResponse.objects.create(
        need=need, kind="offer", body=f"We can visit{mark}", author=cast.pat, organisation=cast.icb
    )
    return need


def _download(client, user, kind):
    client.force_login(user)
    response = client.get(reverse(f"privacy:download_{kind}"))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert "no-store" in response["Cache-Control"]
    assert f".{kind}" in response["Content-Disposition"]
    return response.content.decode()


def test_json_holds_the_persons_profile_and_records_and_nobody_elses(client, cast):
    _records_for(cast)
    Need.objects.create(organisation=cast.home_b, posted_by=cast.bea, title="Bea's need")
    project = make_project(cast.home_a, created_by=cast.mona)
    project.team.add(cast.mona)
    session = make_session()
    make_learning_record(cast.mona, session, completed=True, comment="Very useful")
    survey = make_survey(anonymous=False, audience="managers")
    submit(survey, cast.mona.memberships.get(), rating=5, topics=("Falls", "Dementia"))

    data = json.loads(_download(client, cast.mona, "json"))

    assert data["profile"]["full_name"] == "Mona"
    assert data["profile"]["email"] == "mona@example.org"
    sections = data["sections"]
    assert [m["organisation"] for m in sections["memberships"]["items"]] == ["Oak House"]
    assert sections["memberships"]["items"][0]["role"] == "Care home manager"
    assert [n["title"] for n in sections["needs_posted"]["items"]] == ["Falls at night"]
    assert sections["need_responses"]["items"] == []  # Pat wrote the response, not Mona
    assert [p["title"] for p in sections["projects_created"]["items"]] == [project.title]
    assert [p["title"] for p in sections["projects_team"]["items"]] == [project.title]
    assert sections["learning_records"]["items"][0]["comment"] == "Very useful"
    answers = sections["survey_answers"]["items"]
    assert {a["question"] for a in answers} >= {"How well supported do you feel?"}
    rating = next(a for a in answers if a["question"] == "How well supported do you feel?")
    assert rating["rating"] == 5
    topics = next(a for a in answers if a["question"] == "Which training would help?")
    assert topics["choices"] == "Falls; Dementia"
    assert "Bea's need" not in json.dumps(data)


def test_an_anonymous_survey_answer_is_not_in_the_download(client, cast):
    survey = make_survey(anonymous=True, audience="managers")
    submit(survey, cast.mona.memberships.get(), rating=2)
    data = json.loads(_download(client, cast.mona, "json"))
    assert data["sections"]["survey_answers"]["items"] == []
    assert [s["survey"] for s in data["sections"]["surveys_taken_part"]["items"]] == [survey.title]


def test_csv_is_one_table_and_cells_cannot_run_as_formulas(client, cast):
    _records_for(cast)
    rows = list(csv.reader(io.StringIO(_download(client, cast.mona, "csv"))))
    assert rows[0] == ["section", "item", "field", "value"]
    assert ["profile", "1", "full_name", "Mona"] in rows
    assert ["needs_posted", "1", "title", "Falls at night"] in rows
    description = next(r for r in rows if r[0] == "needs_posted" and r[2] == "description")
    assert description[3] == '\'=HYPERLINK("http://evil.example")'
    assert all(len(row) == 4 for row in rows)


@pytest.mark.parametrize("kind", ["json", "csv"])
def test_each_download_is_audited(client, cast, kind):
    _download(client, cast.sid, kind)
    event = AuditEvent.objects.get(action=Action.OWN_DATA_DOWNLOADED)
    assert (event.actor, event.target_id, event.detail) == (cast.sid, str(cast.sid.pk), kind)


@pytest.mark.parametrize("kind", ["json", "csv"])
def test_download_queries_do_not_grow_with_rows(client, cast, kind):
    """Flatness: 1 record of each kind, then 20 (needs, responses, memberships, projects,
    learning records, survey answers)."""
    from network.models import Organisation
    from tests.factories import MembershipFactory, OrganisationFactory

    surveys = []

    def add(n):
        for _ in range(n):
            i = len(surveys)
            _records_for(cast, f" #{i}")
            NeedResponse.objects.create(
                need=Need.objects.first(), kind="offer", body=f"reply {i}", author=cast.mona
            )
            home = OrganisationFactory(area=cast.home_a.area, name=f"Home {i}")
            MembershipFactory(user=cast.mona, organisation=home, role="manager")
            make_project(home, created_by=cast.mona, title=f"Project {i}").team.add(cast.mona)
            make_learning_record(cast.mona, make_session(title=f"Session {i}"))
            survey = make_survey(title=f"Survey {i}", anonymous=False, audience="managers")
            submit(survey, cast.mona.memberships.first(), rating=3, topics=("Falls",))
            surveys.append(survey)

    client.force_login(cast.mona)
    url = reverse(f"privacy:download_{kind}")
    add(1)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        first = client.get(url).content.decode()
    add(19)
    with CaptureQueriesContext(connection) as many:
        content = client.get(url).content.decode()
    assert first.count("reply ") == 1
    assert content.count("reply ") == 20
    assert content.count("Session 19") == 1
    assert content.count("Survey 19") >= 1
    assert Organisation.objects.filter(memberships__user=cast.mona).count() == 21
    assert len(many) == len(few), f"{len(few)} queries with 1 row, {len(many)} with 20"


def test_the_account_page_links_to_your_data_which_lists_every_part(client, cast):
    client.force_login(cast.sid)
    account = client.get(reverse("account")).content.decode()
    assert reverse("privacy:your_data") in account
    page = client.get(reverse("privacy:your_data")).content.decode()
    assert page.count("<li>") >= len(export.SECTIONS)
    assert "Needs you posted" in page
    assert reverse("privacy:download_json") in page
    assert reverse("privacy:download_csv") in page
    assert reverse("privacy:request_erasure") in page
    assert reverse("privacy:erasure_requests") not in page  # for network admins only
    client.force_login(cast.ada)
    assert (
        reverse("privacy:erasure_requests")
        in client.get(reverse("privacy:your_data")).content.decode()
    )
