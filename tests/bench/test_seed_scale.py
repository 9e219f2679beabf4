"""seed_scale at a tiny scale on the test database: counts, the rules the portal relies on,
signing in, determinism and the refusals."""

import time
from io import StringIO

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Max, Min
from django.urls import reverse

from bench.scale.people import SCALE_PASSWORD
from bench.scale.plan import NATIONAL, plan_for
from network import demo
from network.models import Area, Membership, Organisation, User
from network.roles import OrganisationKind, Role
from network.selectors import partner_area_ids
from qi_cycles.models import Cycle, MeasureValue, Project
from surveys import demo_surveys
from surveys.models import Answer, Need, NeedResponse, Survey, SurveyParticipation
from surveys.selectors_surveys import AUDIENCE_ROLES
from tests.bench.helpers import TINY, TODAY, orphans, tiny_run
from training.models import LearningRecord, Session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _debug(settings):
    settings.DEBUG = True  # as on a developer's machine; tests otherwise run with DEBUG off


def test_the_national_plan_is_the_issue_figures_and_small_runs_keep_something_of_each():
    national = plan_for(1.0)
    assert (national.icbs, national.care_homes, national.people) == (42, 15_000, 35_000)
    assert (national.needs, national.need_responses) == (150_000, 400_000)
    assert (national.projects, national.cycles, national.measure_values) == (
        60_000,
        250_000,
        2_000_000,
    )
    assert (national.sessions, national.learning_records, national.events) == (
        3_000,
        5_000_000,
        20_000,
    )
    small = plan_for(0.01)
    assert small.care_homes == 150 and small.needs == 1_500 and small.regions == 1
    assert all(getattr(plan_for(0.0001), name) >= 1 for name in NATIONAL)
    with pytest.raises(ValueError):
        plan_for(0)


def test_the_command_makes_the_planned_rows_and_says_so():
    out = StringIO()
    call_command("seed_scale", scale=TINY, stdout=out)
    plan = plan_for(TINY)
    homes = Organisation.objects.filter(kind=OrganisationKind.CARE_HOME)
    assert homes.count() == plan.care_homes
    assert User.objects.count() == plan.people
    assert Area.objects.filter(kind=Area.Kind.ICB).count() == plan.icbs
    assert Need.objects.count() == plan.needs
    assert NeedResponse.objects.count() == plan.need_responses
    assert Project.objects.count() == plan.projects
    assert Cycle.objects.count() == plan.cycles
    assert MeasureValue.objects.count() == plan.measure_values
    assert Session.objects.count() == plan.sessions
    from network.models import Event, Registration

    assert Event.objects.count() == plan.events
    assert Registration.objects.count() == plan.registrations
    learners = Membership.objects.filter(role__in=[Role.CARE_HOME_MANAGER, Role.CARE_HOME_STAFF])
    opened = Session.objects.exclude(published_at=None).count()
    expected = min(plan.learning_records, int(learners.count() * opened * 0.5))
    assert LearningRecord.objects.count() == expected
    assert 0 < Answer.objects.count() <= plan.survey_answers * 1.1
    text = out.getvalue()
    assert "training_learningrecord" in text and f"{expected:>10,} rows" in text
    assert f"qi_cycles.MeasureValue {plan.measure_values:>28,}" in text
    assert "Sign in as manager.00001@scale.example" in text and SCALE_PASSWORD in text
    assert orphans() == []


def test_geography_and_people_follow_the_roles():
    tiny_run()
    for home in Organisation.objects.filter(kind=OrganisationKind.CARE_HOME).select_related(
        "area__parent__parent"
    ):
        assert home.area.kind == Area.Kind.LOCALITY
        assert home.area.parent.kind == Area.Kind.ICB
        assert home.area.parent.parent.kind == Area.Kind.REGION
        assert home.memberships.filter(role=Role.CARE_HOME_MANAGER).count() == 1
    for icb in Area.objects.filter(kind=Area.Kind.ICB):
        assert Membership.objects.filter(role=Role.PARTNER, organisation__area=icb).exists()
    for membership in Membership.objects.select_related("organisation"):
        kind = membership.organisation.kind
        if membership.role in (Role.CARE_HOME_MANAGER, Role.CARE_HOME_STAFF):
            assert kind == OrganisationKind.CARE_HOME
        elif membership.role == Role.PARTNER:
            assert kind not in (OrganisationKind.CARE_HOME, OrganisationKind.NETWORK_TEAM)
        else:
            assert kind == OrganisationKind.NETWORK_TEAM
    needing_mfa = User.objects.filter(
        memberships__role__in=[Role.PARTNER, Role.PROJECT_WORKER, Role.NETWORK_ADMIN]
    )
    assert needing_mfa.exists()
    assert not needing_mfa.filter(authenticator__isnull=True).exists()
    assert not User.objects.filter(emailaddress__verified=True).count() < User.objects.count()


def test_needs_follow_the_board_rules():
    tiny_run()
    members = {(m.user_id, m.organisation_id) for m in Membership.objects.all()}
    partners = {}
    for user in User.objects.filter(memberships__role=Role.PARTNER).distinct():
        partners[user.pk] = partner_area_ids(user)
    workers = set(
        Membership.objects.filter(role=Role.PROJECT_WORKER).values_list("user_id", flat=True)
    )
    needs = Need.objects.select_related("organisation").prefetch_related("responses")
    statuses = set()
    for need in needs:
        statuses.add(need.status)
        assert (need.posted_by_id, need.organisation_id) in members
        outside = []
        for response in need.responses.all():
            assert response.created_at >= need.created_at
            if response.kind == NeedResponse.Kind.REPLY:
                assert (response.author_id, need.organisation_id) in members
            else:
                outside.append(response.created_at)
                assert response.author_id in workers or (
                    need.organisation.area_id in partners.get(response.author_id, set())
                )
        assert need.first_response_at == (min(outside) if outside else None)
        assert (need.status == Need.Status.OPEN) == (not outside)
    assert statuses == set(Need.Status.values)
    assert Need.objects.filter(endorsements__isnull=False).exists()
    from surveys.models import NeedEndorsement

    for endorsement in NeedEndorsement.objects.select_related("need"):
        assert endorsement.organisation_id != endorsement.need.organisation_id
        assert (endorsement.user_id, endorsement.organisation_id) in members


def test_surveys_projects_and_learning_follow_the_rules():
    tiny_run()
    roles = {m.user_id: m.role for m in Membership.objects.all()}
    for participation in SurveyParticipation.objects.select_related("survey"):
        assert roles[participation.user_id] in AUDIENCE_ROLES[participation.survey.audience]
    for answer in Answer.objects.select_related("response", "question"):
        assert answer.question.survey_id == answer.response.survey_id
        if answer.rating is not None:
            assert 1 <= answer.rating <= 5
    for idea_numbers in (
        Cycle.objects.values("change_idea")
        .annotate(n=Count("pk"), low=Min("number"), high=Max("number"))
        .values_list("n", "low", "high")
    ):
        n, low, high = idea_numbers
        assert (low, high) == (1, n)
    assert set(Cycle.objects.values_list("decision", flat=True)) == {
        "",
        "adopt",
        "adapt",
        "abandon",
    }
    assert Project.objects.filter(visibility=Project.Visibility.SHARED).exists()
    assert MeasureValue.objects.filter(date__gt=TODAY).count() == 0
    pairs = MeasureValue.objects.values("measure", "date").annotate(n=Count("pk"))
    assert not pairs.filter(n__gt=1).exists()
    home_of = dict(Membership.objects.values_list("user_id", "organisation_id"))
    records = LearningRecord.objects.values_list("user_id", "session_id", "organisation_id")
    assert len({(u, s) for u, s, _ in records}) == len(records)
    assert all(home_of[user] == org for user, _, org in records)
    assert LearningRecord.objects.filter(
        completed_at__isnull=False, after_at__isnull=False
    ).exists()
    for project in Project.objects.prefetch_related("team", "cycles"):
        team_homes = {home_of[user.pk] for user in project.team.all()}
        assert team_homes == {project.home_id}
        assert all(c.starts_on >= project.start_date for c in project.cycles.all())


def _sign_in(client, email):
    return client.post(reverse("account_login"), {"login": email, "password": SCALE_PASSWORD})


def test_a_generated_manager_and_partner_can_sign_in_and_use_the_portal(client):
    call_command("seed_scale", scale=TINY, stdout=StringIO())
    response = _sign_in(client, "manager.00001@scale.example")
    assert response.status_code == 302
    home = client.get(reverse("home"))
    assert home.status_code == 200
    board = client.get(reverse("surveys:need_list"))
    assert board.status_code == 200
    assert Need.objects.order_by("-created_at").first().title in board.content.decode()
    client.logout()

    assert _sign_in(client, "partner.00001@scale.example").url == reverse("mfa_authenticate")
    code = format_hotp_value(hotp_value(demo.DEMO_TOTP_SECRET, int(time.time()) // 30))
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("surveys:need_list")).status_code == 200


def _first_rows():
    return (
        list(User.objects.order_by("pk").values_list("email", "full_name")[:5]),
        list(Need.objects.order_by("pk").values_list("title", "created_at", "status")[:5]),
        list(
            LearningRecord.objects.order_by("pk").values_list(
                "user__email", "session__title", "started_at"
            )[:5]
        ),
        list(MeasureValue.objects.order_by("pk").values_list("date", "value")[:5]),
    )


class _Undo(Exception):
    pass


def _rows_of_a_run(seed):
    try:
        with transaction.atomic():
            tiny_run(seed=seed)
            rows = _first_rows()
            raise _Undo
    except _Undo:
        return rows


def test_the_same_seed_makes_the_same_rows():
    first = _rows_of_a_run(1)
    assert User.objects.count() == 0
    assert _rows_of_a_run(1) == first
    assert _rows_of_a_run(2) != first


def test_it_refuses_to_run_twice_without_yes_and_adds_a_second_set_with_it():
    tiny_run()
    people = User.objects.count()
    with pytest.raises(CommandError, match="already has scale data"):
        call_command("seed_scale", scale=TINY, stdout=StringIO())
    assert User.objects.count() == people
    call_command("seed_scale", scale=TINY, yes=True, stdout=StringIO())
    assert User.objects.filter(email__endswith="@scale2.example").count() == people
    assert orphans() == []


def test_it_refuses_when_debug_is_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_scale", scale=TINY, stdout=StringIO())
    assert User.objects.count() == 0
    call_command("seed_scale", scale=TINY, force=True, stdout=StringIO())
    assert User.objects.count() == plan_for(TINY).people


def test_after_the_demo_network_the_demo_sign_ins_still_work(client):
    call_command("seed_demo", stdout=StringIO())
    regions = set(Area.objects.filter(kind=Area.Kind.REGION).values_list("name", flat=True))
    call_command("seed_scale", scale=TINY, stdout=StringIO())
    # The demo's regions are reused, not doubled.
    assert Area.objects.filter(kind=Area.Kind.REGION, name__in=regions).count() == len(regions)
    response = client.post(
        reverse("account_login"),
        {"login": "manager@oakfield.example", "password": demo.DEMO_PASSWORD},
    )
    assert response.status_code == 302
    page = client.get(reverse("home"))
    assert page.status_code == 200 and "Oakfield House" in page.content.decode()
    assert orphans() == []


def test_a_run_that_fails_part_way_leaves_nothing_behind(monkeypatch):
    from bench.scale import run

    def broken(world):
        raise RuntimeError("disk full")

    monkeypatch.setattr(run, "SECTIONS", [*run.SECTIONS[:-1], ("events", broken)])
    with pytest.raises(RuntimeError, match="disk full"):
        tiny_run()
    assert User.objects.count() == 0 and Need.objects.count() == 0
    monkeypatch.undo()
    tiny_run()
    assert User.objects.count() == plan_for(TINY).people


def test_seed_demo_after_it_still_builds_the_demo_network(client):
    call_command("seed_scale", scale=0.02, stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    demo_names = [home[0] for home in demo.CARE_HOMES]
    assert Organisation.objects.filter(name__in=demo_names).count() == len(demo_names)
    for title in (demo_surveys.SUMMER, demo_surveys.WINTER):
        assert Survey.objects.get(title=title).created_by.email == "worker@network.example"
    manager = User.objects.get(email="manager@oakfield.example")
    assert [m.organisation.name for m in manager.memberships.all()] == ["Oakfield House"]
    client.post(
        reverse("account_login"),
        {"login": "manager@oakfield.example", "password": demo.DEMO_PASSWORD},
    )
    assert "Oakfield House" in client.get(reverse("home")).content.decode()
