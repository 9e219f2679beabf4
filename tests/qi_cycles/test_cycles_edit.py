"""Changing a cycle's worksheet: the rules between fields, and two people saving the same
cycle at once (optimistic locking: the second is told, sees both versions, loses nothing
and can save again)."""

import re
from html import unescape

import pytest
from django.urls import reverse

from qi_cycles import services_cycles
from qi_cycles.models import Cycle
from tests.factories import make_change_idea, make_cycle, make_measure, make_project

NHS_NUMBER = "943 476 5919"


@pytest.fixture
def project(cast):
    return make_project(cast.home_a, coach=cast.will)


@pytest.fixture
def cycle(project):
    return make_cycle(make_change_idea(project), question="Will rounds help?")


def edit(cycle):
    return reverse("qi:cycle_edit", args=[cycle.pk])


def form_data(html: str) -> dict:
    """What a browser would send back from the edit page, as it was loaded."""
    data = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or "csrf" in name.group(1):
            continue
        kind = re.search(r'type="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        value = unescape(value.group(1)) if value else ""
        if kind and kind.group(1) in ("radio", "checkbox"):
            if " checked" in tag:
                data.setdefault(name.group(1), []).append(value)
            continue
        data[name.group(1)] = value
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        data[name] = unescape(text).lstrip("\n")
    return data


def load(client, user, cycle) -> dict:
    client.force_login(user)
    response = client.get(edit(cycle))
    assert response.status_code == 200
    return form_data(response.content.decode())


def test_edit_page_groups_the_worksheet(client, cast, cycle):
    client.force_login(cast.sid)
    html = client.get(edit(cycle)).content.decode()
    positions = [
        html.index(f'fieldset__heading">{part}<') for part in ("Plan", "Do", "Study", "Act")
    ]
    assert positions == sorted(positions)
    for label in ("Adopt: keep doing it", "Adapt: change it and test again", "Abandon: stop"):
        assert label in html
    assert "Abandon if it did not work" in html  # the plain explanation
    assert 'name="version" value="1"' in html


def test_sid_records_do_study_act(client, cast, project, cycle):
    measure = make_measure(project)
    data = load(client, cast.sid, cycle)
    data.update(
        do_what_happened="Rounds every hour on nights",
        do_observations="Residents slept better",
        study_results="Falls went from 5 to 2",
        study_learning="Rounds help",
        decision="adopt",
        next_step="Roll out to every floor",
        measures=[measure.pk],
    )
    response = client.post(edit(cycle), data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("qi:cycle_detail", args=[cycle.pk])
    assert "Your changes to the cycle have been saved" in response.content.decode()
    cycle.refresh_from_db()
    assert cycle.version == 2 and cycle.updated_by == cast.sid
    assert cycle.decision == "adopt" and cycle.stage == Cycle.Stage.DONE
    assert cycle.question == "Will rounds help?"  # untouched fields kept
    assert list(cycle.measures.all()) == [measure]


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"objective": ""}, "Enter what this cycle is for"),
        (
            {"ends_on_day": "1", "ends_on_month": "1", "ends_on_year": "2026"},
            "The end date must be on or after the start date",
        ),
        ({"decision": "adopt"}, "before you choose adopt, adapt or abandon"),
        ({"decision": "maybe"}, "Choose adopt, adapt or abandon"),
        ({"do_problems": f"{NHS_NUMBER} refused"}, "Remove the NHS number"),
        ({"study_learning": "DOB: 01/02/1940 matters"}, "Remove the date of birth"),
    ],
)
def test_bad_input_saves_nothing(client, cast, cycle, changes, message):
    data = load(client, cast.mona, cycle)
    data.update(changes)
    response = client.post(edit(cycle), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and "<title>Error: " in html
    cycle.refresh_from_db()
    assert cycle.version == 1 and cycle.decision == ""


def test_a_decision_after_study_is_allowed_and_offers_the_next_cycle(client, cast, cycle):
    data = load(client, cast.mona, cycle)
    data.update(study_learning="Works on nights only", decision="adapt")
    response = client.post(edit(cycle), data, follow=True)
    html = response.content.decode()
    assert "You chose to adapt" in html
    assert f"?idea={cycle.change_idea_id}" in html


def test_second_save_is_told_sees_both_and_can_save_again(client, cast, cycle):
    mona_copy = load(client, cast.mona, cycle)
    sid_copy = load(client, cast.sid, cycle)

    client.force_login(cast.mona)
    mona_copy["do_observations"] = "Residents slept better"
    assert client.post(edit(cycle), mona_copy).status_code == 302

    client.force_login(cast.sid)
    sid_copy["do_observations"] = "Two residents woke when we checked"
    sid_copy["do_problems"] = "The night team was short"
    response = client.post(edit(cycle), sid_copy)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else changed this cycle while you were editing" in html
    assert "<title>Error: " in html
    assert "Mona saved it at" in html
    # Both versions of the field they both changed are on the page...
    start = html.index('id="conflict"')
    conflict = html[start : html.index("<form", start)]
    assert "Residents slept better" in conflict
    assert "Two residents woke when we checked" in conflict
    assert 'href="#id_do_observations"' in conflict  # a link to the field in the form
    # ...and nothing Sid wrote was saved or lost: it is in the form, on the new version.
    cycle.refresh_from_db()
    assert cycle.version == 2 and cycle.do_observations == "Residents slept better"
    assert cycle.do_problems == ""
    again = form_data(html)
    assert again["do_observations"] == "Two residents woke when we checked"
    assert again["do_problems"] == "The night team was short"
    assert again["version"] == "2"

    response = client.post(edit(cycle), again)
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.version == 3 and cycle.updated_by == cast.sid
    assert cycle.do_observations == "Two residents woke when we checked"
    assert cycle.do_problems == "The night team was short"


def test_changes_only_the_other_person_made_are_kept(client, cast, cycle):
    """Sid saving again must not wipe out what Mona wrote in fields Sid did not touch."""
    mona_copy = load(client, cast.mona, cycle)
    sid_copy = load(client, cast.sid, cycle)
    client.force_login(cast.mona)
    mona_copy["study_results"] = "Falls halved"
    mona_copy["question"] = "Will hourly rounds help?"
    client.post(edit(cycle), mona_copy)

    client.force_login(cast.sid)
    sid_copy["do_what_happened"] = "We did the rounds"
    html = client.post(edit(cycle), sid_copy).content.decode()
    assert "Someone else changed this cycle" in html
    assert "You both changed" not in html  # no field changed by both
    assert "their changes to" in html
    again = form_data(html)
    assert again["study_results"] == "Falls halved"
    assert again["question"] == "Will hourly rounds help?"
    assert again["do_what_happened"] == "We did the rounds"
    assert client.post(edit(cycle), again).status_code == 302
    cycle.refresh_from_db()
    assert (cycle.study_results, cycle.question, cycle.do_what_happened) == (
        "Falls halved",
        "Will hourly rounds help?",
        "We did the rounds",
    )


def test_service_saves_nothing_over_a_newer_version(cast, project, cycle):
    loaded = Cycle.objects.get(pk=cycle.pk)
    loaded.project = project
    services_cycles.update_cycle(actor=cast.mona, cycle=loaded, version=1, objective="One")
    stale = Cycle.objects.get(pk=cycle.pk)
    stale.project = project
    with pytest.raises(services_cycles.EditConflict) as clash:
        services_cycles.update_cycle(actor=cast.sid, cycle=stale, version=1, objective="Two")
    assert clash.value.saved.objective == "One" and clash.value.saved.version == 2
    cycle.refresh_from_db()
    assert (cycle.objective, cycle.version, cycle.updated_by) == ("One", 2, cast.mona)
