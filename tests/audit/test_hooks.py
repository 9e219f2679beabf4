"""Every sensitive action in the portal writes exactly one audit row, from its own code
path; a refused action writes none.

The cases come from the access matrix (tests/access/): each export, survey answers
download, delete and cancel URL is requested as every role, with the matrix's own objects. A role
that gets the file (200) or whose delete goes through (302) leaves one row naming them,
the role they acted for, what they did and to what; every other role leaves none.
"""

import pytest
from django.urls import reverse

from audit.models import Action, AuditEvent
from tests.access.base import LOGIN, ROLES
from tests.test_access_matrix import AREA_OF, MATRIX, _objects_for

# URL name: (action, target type, index of the target's id in the URL's args or None)
EXPORTS = {
    "dashboards:area_csv": (Action.EXPORTED, "", None),
    "dashboards:area_pdf": (Action.EXPORTED, "", None),
    "dashboards:home_pdf": (Action.EXPORTED, "network.organisation", 0),
    "dashboards:poster": (Action.EXPORTED, "qi_cycles.project", 0),
    "training:analytics_csv": (Action.EXPORTED, "", None),
    "training:my_learning_csv": (Action.EXPORTED, "", None),
    "training:certificate": (Action.EXPORTED, "training.session", 0),
    "qi:measure_csv": (Action.EXPORTED, "qi_cycles.measure", 0),
    "qi:project_pdf": (Action.EXPORTED, "qi_cycles.project", 0),
    "outcomes:measure_csv": (Action.EXPORTED, "outcomes.networkmeasure", 0),
    "surveys:survey_export": (Action.VIEWED_RESPONSE, "surveys.survey", 0),
}
DELETES = {
    "qi:project_delete": (Action.DELETED, "qi_cycles.project", 0),
    "qi:driver_delete": (Action.DELETED, "qi_cycles.driver", 0),
    "qi:idea_delete": (Action.DELETED, "qi_cycles.changeidea", 0),
    "qi:cycle_delete": (Action.DELETED, "qi_cycles.cycle", 0),
    "qi:value_delete": (Action.DELETED, "qi_cycles.measurevalue", 0),
    "qi:annotation_delete": (Action.DELETED, "qi_cycles.annotation", 0),
    "surveys:question_delete": (Action.DELETED, "surveys.question", 0),
    "training:handout_delete": (Action.DELETED, "training.handout", 0),
    "network:remove_member": (Action.MEMBER_REMOVED, "network.membership", 1),
}
# Changes of state a person may want traced: who cancelled it, or said no.
STATE_CHANGES = {
    "network:cancel_invitation": (Action.INVITATION_CANCELLED, "network.invitation", 1),
    "network:event_cancel": (Action.EVENT_CANCELLED, "network.event", 0),
    "privacy:decline_request": (Action.ERASURE_DECLINED, "privacy.erasurerequest", 0),
}
WRITES = {**DELETES, **STATE_CHANGES}
AUDITED = {**EXPORTS, **WRITES}


def _cases():
    for entry in MATRIX:
        if entry.name in AUDITED:
            for role in ROLES:
                label = f"{entry.method.upper()} {entry.name} [{entry.label}] @{role}"
                yield pytest.param(entry, role, id=label)


def test_every_audited_url_is_in_the_matrix():
    names = {entry.name for entry in MATRIX}
    assert set(AUDITED) <= names, set(AUDITED) - names
    # Each one is done by somebody in the matrix, so the cases below see a row written.
    done = {
        entry.name
        for entry in MATRIX
        if entry.name in AUDITED and (200 in entry.expect.values() or 302 in entry.expect.values())
    }
    assert done == set(AUDITED)


@pytest.mark.parametrize(("entry", "role"), list(_cases()))
def test_one_row_when_done_none_when_refused(client, cast, entry, role):
    objs = _objects_for(AREA_OF[id(entry)], cast)
    AuditEvent.objects.all().delete()  # rows the matrix's own set-up may have written
    user = None if role == "anonymous" else getattr(cast, role)
    if user:
        client.force_login(user)
    args = entry.args(cast, objs)
    response = getattr(client, entry.method)(
        reverse(entry.name, args=args), entry.data(cast, objs, user)
    )
    action, target_type, target_arg = AUDITED[entry.name]
    done = entry.expect[role] != LOGIN and (
        (entry.method == "get" and entry.name in EXPORTS and response.status_code == 200)
        or (entry.method == "post" and entry.name in WRITES and response.status_code == 302)
    )
    export = entry.name in EXPORTS
    expected_done = (entry.method, entry.expect[role]) == (
        ("get", 200) if export else ("post", 302)
    )
    assert done == expected_done, response.status_code  # e.g. a PDF that could not be made
    events = list(AuditEvent.objects.all())
    if not done:
        assert events == [], (response.status_code, events)
        return
    assert entry.expect[role] not in (403, 404, LOGIN)
    if entry.name == "network:remove_member":  # Sid's only organisation: account closed too
        closed = [e for e in events if e.action == Action.ACCOUNT_DEACTIVATED]
        assert len(closed) == 1
        events.remove(closed[0])
    assert len(events) == 1, events
    event = events[0]
    membership = user.memberships.order_by("pk").first()
    assert event.action == action
    assert event.actor == user
    assert event.actor_role == membership.role
    assert event.actor_organisation_id == membership.organisation_id
    assert event.target_type == target_type
    assert event.target_id == ("" if target_arg is None else str(args[target_arg]))
    assert event.detail == entry.name


def test_removing_someones_last_membership_also_records_the_closed_account(client, cast):
    membership = cast.sid.memberships.get()
    client.force_login(cast.mona)
    url = reverse("network:remove_member", args=[cast.home_a.pk, membership.pk])

    assert client.post(url).status_code == 302

    events = list(AuditEvent.objects.order_by("pk"))
    assert [e.action for e in events] == [Action.MEMBER_REMOVED, Action.ACCOUNT_DEACTIVATED]
    assert events[1].target_type == "network.user"
    assert events[1].target_id == str(cast.sid.pk)
    assert all(e.actor == cast.mona and e.actor_role == "manager" for e in events)


def test_a_refused_removal_writes_nothing(client, cast):
    """Mona cannot remove herself: the page says why and nothing is recorded."""
    membership = cast.mona.memberships.get()
    client.force_login(cast.mona)
    url = reverse("network:remove_member", args=[cast.home_a.pk, membership.pk])

    assert client.post(url).status_code == 400
    assert not AuditEvent.objects.exists()


def test_making_someone_a_champion_is_a_role_change(client, cast):
    membership = cast.sid.memberships.get()
    client.force_login(cast.mona)
    url = reverse("network:set_champion", args=[cast.home_a.pk, membership.pk])

    client.post(url, {"is_champion": "yes"})
    client.post(url, {"is_champion": "yes"})  # no change: nothing more to record
    client.post(url, {"is_champion": "no"})

    events = list(AuditEvent.objects.order_by("pk"))
    assert [(e.action, e.detail) for e in events] == [
        (Action.ROLE_CHANGED, "champion:yes"),
        (Action.ROLE_CHANGED, "champion:no"),
    ]
    assert events[0].target_id == str(membership.pk)
    assert events[0].actor == cast.mona


def test_a_delete_that_fails_writes_nothing(client, cast):
    """A question with answers cannot be deleted: the page says so and the log is empty."""
    from tests.surveys.test_surveys_support import make_survey, submit

    survey = make_survey()
    submit(survey, cast.sid.memberships.get())
    question = survey.questions.first()
    client.force_login(cast.will)

    response = client.post(reverse("surveys:question_delete", args=[question.pk]))

    assert response.status_code == 200
    assert survey.questions.filter(pk=question.pk).exists()
    assert not AuditEvent.objects.exists()


def test_a_delete_rolled_back_takes_its_row_with_it(client, cast, monkeypatch):
    """The row and the deletion are one transaction: if writing the row fails, the
    deletion is undone too."""
    from tests.factories import make_change_idea, make_cycle, make_project

    cycle = make_cycle(make_change_idea(make_project(cast.home_a)))
    client.raise_request_exception = False
    client.force_login(cast.mona)

    def broken(*args, **kwargs):
        raise RuntimeError("audit table unavailable")

    monkeypatch.setattr("audit.hooks.record", broken)
    response = client.post(reverse("qi:cycle_delete", args=[cycle.pk]))

    assert response.status_code == 500
    assert type(cycle).objects.filter(pk=cycle.pk).exists()


@pytest.mark.parametrize(
    ("anonymous", "text", "rows"),
    [(False, "More night staff", 1), (True, "More night staff", 0), (False, "", 0)],
    ids=["named with a written answer", "anonymous", "nothing written"],
)
def test_reading_named_answers_on_the_results_page(client, cast, anonymous, text, rows):
    from tests.surveys.test_surveys_support import make_survey, submit

    survey = make_survey(anonymous=anonymous)
    submit(survey, cast.sid.memberships.get(), text=text)
    client.force_login(cast.will)

    response = client.get(reverse("surveys:survey_results", args=[survey.pk]))

    assert response.status_code == 200
    if text:  # shown only where it is recorded
        assert (text in response.content.decode()) == bool(rows)
    events = list(AuditEvent.objects.all())
    assert len(events) == rows
    if rows:
        assert (events[0].action, events[0].actor) == (Action.VIEWED_RESPONSE, cast.will)
        assert (events[0].target_type, events[0].target_id) == ("surveys.survey", str(survey.pk))
        assert events[0].detail == "surveys:survey_results"
