"""Measures: adding and changing them, values one at a time, notes, the measure's page,
its CSV, and the project page's measures panel (with query counts)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from qi_cycles import selectors_measures, services_measures
from qi_cycles.models import Annotation, Measure, MeasureValue
from tests.factories import make_change_idea, make_cycle, make_measure, make_project


@pytest.fixture
def project(cast):
    return make_project(cast.home_a, coach=cast.will)  # starts 1 January 2026


def detail(measure, **query):
    url = reverse("qi:measure_detail", args=[measure.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def date_fields(prefix: str, day: date) -> dict:
    return {
        f"{prefix}-date_day": str(day.day),
        f"{prefix}-date_month": str(day.month),
        f"{prefix}-date_year": str(day.year),
    }


MEASURE_DATA = {
    "name": "Drinks offered each afternoon",
    "kind": "process",
    "definition": "Drinks offered between 2pm and 5pm, from the drinks chart.",
    "unit": "drinks",
    "direction": "increase",
    "target": "40",
    "frequency": "weekly",
    "chart_kind": "xmr",
    "is_key": "on",
}


# --- Adding and changing a measure ----------------------------------------------------------


def test_staff_add_a_measure_and_land_on_its_page(client, cast, project):
    client.force_login(cast.sid)
    response = client.post(reverse("qi:measure_create", args=[project.pk]), MEASURE_DATA)
    measure = Measure.objects.get(project=project)
    assert response.url == detail(measure)
    assert (measure.kind, measure.direction, measure.target, measure.is_key) == (
        "process",
        "increase",
        Decimal("40"),
        True,
    )
    assert measure.screen_outliers is True and measure.fix_after_n_points is None
    page = client.get(response.url).content.decode()
    assert "Drinks offered each afternoon" in page
    assert "No values yet." in page


def test_the_measure_form_explains_its_choices(client, cast, project):
    client.force_login(cast.mona)
    page = client.get(reverse("qi:measure_create", args=[project.pk])).content.decode()
    for text in (
        "Outcome: the result for residents",
        "Balancing: is something else getting worse",
        "Say exactly what counts, how you count it and when",
        "Up is better",
        "Run chart (median)",
        "Show this measure&#x27;s chart on the project summary",
    ):
        assert text in page
    assert "screen_outliers" not in page  # SPC settings are on the change page


def test_missing_measure_fields_get_clear_errors(client, cast, project):
    client.force_login(cast.sid)
    response = client.post(
        reverse("qi:measure_create", args=[project.pk]), {"target": "lots", "kind": "process"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    for message in (
        "Enter the name of the measure",
        "Enter the operational definition",
        "Choose which way is better",
        "Enter the target as a number, like 12 or 3.5",
    ):
        assert message in page
    assert page.count("<title>Error: ") == 1
    assert not Measure.objects.exists()


def test_nhs_number_in_the_definition_is_refused(client, cast, project):
    client.force_login(cast.sid)
    data = {**MEASURE_DATA, "definition": "Falls for resident 943 476 5919"}
    response = client.post(reverse("qi:measure_create", args=[project.pk]), data)
    assert response.status_code == 200
    assert not Measure.objects.exists()


def test_changing_spc_settings_refreshes_the_signal(client, cast, project):
    # One very large jump: screened out (default), the last value is above the upper limit.
    measure = make_measure(project, values=[10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 30])
    from qi_cycles.analysis import refresh_signal

    refresh_signal(measure)
    assert measure.signal == "concern_high"
    client.force_login(cast.mona)
    page = client.get(reverse("qi:measure_edit", args=[measure.pk])).content.decode()
    assert "Leave this on unless you need to match the Making Data Count" in page
    data = {
        **MEASURE_DATA,
        "direction": "decrease",
        "fix_after_n_points": "3",
        "target": "",
        "is_key": "",
    }
    response = client.post(reverse("qi:measure_edit", args=[measure.pk]), data)
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.fix_after_n_points == 3 and measure.screen_outliers is False
    assert measure.signal == "concern_high"  # limits from 10, 11, 10: 30 is far above


def test_fixing_limits_needs_at_least_2_values(client, cast, project):
    measure = make_measure(project)
    client.force_login(cast.mona)
    data = {**MEASURE_DATA, "fix_after_n_points": "1", "screen_outliers": "on"}
    response = client.post(reverse("qi:measure_edit", args=[measure.pk]), data)
    assert "Enter a number of 2 or more, like 12" in response.content.decode()
    measure.refresh_from_db()
    assert measure.fix_after_n_points is None


def test_services_refuse_people_who_may_not_edit(cast, project):
    from django.core.exceptions import PermissionDenied

    measure = make_measure(project)
    with pytest.raises(PermissionDenied):
        services_measures.add_value(
            actor=cast.will, measure=measure, day=date(2026, 2, 2), value=Decimal(1)
        )
    with pytest.raises(PermissionDenied):
        services_measures.import_values(actor=cast.bea, measure=measure, text="02/02/2026,1")
    assert not MeasureValue.objects.exists()


# --- Values one at a time -------------------------------------------------------------------


def add_value(client, measure, day, value):
    data = {**date_fields("value", day), "value-value": value}
    return client.post(reverse("qi:value_add", args=[measure.pk]), data)


def test_add_a_value(client, cast, project):
    measure = make_measure(project)
    client.force_login(cast.sid)
    response = add_value(client, measure, date(2026, 2, 3), "1,234.5")
    assert response.status_code == 302
    value = MeasureValue.objects.get(measure=measure)
    assert (value.date, value.value, value.entered_by) == (
        date(2026, 2, 3),
        Decimal("1234.5"),
        cast.sid,
    )
    page = client.get(response.url).content.decode()
    assert "Value added: 1,234.5 on 3 February 2026." in page


@pytest.mark.parametrize(
    ("day", "value", "message"),
    [
        (date(2026, 2, 3), "lots", "Enter a number, like 12 or 3.5"),
        (date(2026, 2, 3), "", "Enter the value, like 12 or 3.5"),
        (
            date(2025, 12, 31),
            "3",
            "The date must be on or after 1 January 2026, when the project started",
        ),
        (None, "3", "The date must be today or in the past"),
        (date(2026, 1, 8), "3", "There is already a value for 8 January 2026"),
    ],
)
def test_value_errors_are_clear_and_nothing_is_saved(client, cast, project, day, value, message):
    measure = make_measure(project, values=[4, 5])  # 1 and 8 January 2026
    day = day or timezone.localdate() + timedelta(days=1)
    client.force_login(cast.mona)
    response = add_value(client, measure, day, value)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "There is a problem" in page
    assert "<title>Error: " in page
    assert measure.values.count() == 2


def test_delete_a_value_refreshes_the_signal(client, cast, project):
    measure = make_measure(project, values=[10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 30])
    from qi_cycles.analysis import refresh_signal

    refresh_signal(measure)
    assert measure.signal == "concern_high"
    last = measure.values.last()
    client.force_login(cast.sid)
    response = client.post(reverse("qi:value_delete", args=[last.pk]))
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.signal == "common_cause"
    assert measure.values.count() == 11
    assert "has been deleted" in client.get(response.url).content.decode()


# --- Notes ----------------------------------------------------------------------------------


def test_a_note_that_starts_a_new_period_rebases_the_chart(client, cast, project):
    measure = make_measure(
        project,
        values=[10, 11, 10, 11, 10, 11, 10, 11, 20, 21, 20, 21, 20, 21, 20, 21],
        direction="increase",
    )
    from qi_cycles.analysis import refresh_signal

    refresh_signal(measure)
    assert measure.signal == "improvement_high"
    client.force_login(cast.sid)
    data = {
        **date_fields("note", date(2026, 2, 26)),  # the 9th value's date
        "note-text": "Drinks trolley",
        "note-starts_new_period": "on",
    }
    response = client.post(reverse("qi:annotation_add", args=[measure.pk]), data)
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.signal == "common_cause"
    page = client.get(detail(measure, chart="xmr")).content.decode()
    assert "Drinks trolley" in page and "New period starts" in page
    assert "No signal since the new period started on 26 February 2026" in page
    assert "Period 2, from 26 February 2026: average 20.5" in page
    note = Annotation.objects.get()
    client.post(reverse("qi:annotation_delete", args=[note.pk]))
    measure.refresh_from_db()
    assert measure.signal == "improvement_high"
    assert not Annotation.objects.exists()


def test_note_errors(client, cast, project):
    measure = make_measure(project)
    client.force_login(cast.sid)
    data = {**date_fields("note", date(2026, 2, 3)), "note-text": "Resident 943 476 5919 fell"}
    response = client.post(reverse("qi:annotation_add", args=[measure.pk]), data)
    assert response.status_code == 200
    assert "NHS number" in response.content.decode()
    response = client.post(reverse("qi:annotation_add", args=[measure.pk]), {"note-text": ""})
    page = response.content.decode()
    assert "Enter the date of the note" in page and "Enter the note" in page
    assert not Annotation.objects.exists()


# --- The measure's page ---------------------------------------------------------------------


def test_page_shows_chart_summary_icons_table_and_cycle_markers(client, cast, project):
    measure = make_measure(
        project, values=[8, 9, 7, 8, 9, 8, 7, 8, 3, 2, 3, 2, 3, 2], chart_kind="run"
    )
    other = make_measure(project, name="Residents woken", values=[1, 2])
    idea = make_change_idea(project)
    make_cycle(idea, number=1, starts_on=date(2026, 2, 26))  # linked to no measure: drawn
    linked_elsewhere = make_cycle(idea, number=2, starts_on=date(2026, 3, 5))
    linked_elsewhere.measures.add(other)
    client.force_login(cast.will)  # the coach reads but does not edit
    page = client.get(detail(measure)).content.decode()
    assert "A shift: 6 values in a row below the median since 26 February 2026" in page
    assert "Special cause improvement: lower values" in page
    assert page.count('role="img"') == 1
    assert ">A</text>" in page and ">B</text>" not in page  # cycle 2 is on another measure
    assert "<strong>A.</strong> <a" in page
    assert "Cycle 1 of “Night-time comfort rounds” started" in page
    assert "Show the values as a table" in page
    cell = '<td class="nhsuk-table__cell">Shift: 6 or more below the median</td>'
    assert page.count(cell) == 6
    assert "Add a value" not in page and "Delete" not in page  # a reader
    page = client.get(detail(measure, chart="xmr")).content.decode()
    assert "SPC chart of Falls at night" in page and "Show the run chart" in page


def test_editors_see_forms_and_delete_buttons(client, cast, project):
    measure = make_measure(project, values=[3, 4])
    Annotation.objects.create(measure=measure, date=date(2026, 1, 8), text="New mats")
    client.force_login(cast.sid)
    page = client.get(detail(measure)).content.decode()
    assert "Add a value" in page and "Add a note to the chart" in page
    assert reverse("qi:value_delete", args=[measure.values.first().pk]) in page
    assert "Start a new period here" in page
    assert reverse("qi:measure_import", args=[measure.pk]) in page


def test_measure_page_queries_do_not_grow_with_values(
    client, cast, project, django_assert_num_queries
):
    few = make_measure(project, values=[3])
    many = make_measure(project, values=list(range(20)), name="Many")
    for m in (few, many):
        Annotation.objects.create(measure=m, date=date(2026, 1, 1), text="Start")
    idea = make_change_idea(project)
    for n in range(1, 4):
        make_cycle(idea, number=n, starts_on=date(2026, 1, n))
    client.force_login(cast.sid)
    client.get(detail(few))  # warm caches (sessions, memberships)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        client.get(detail(few))
    with django_assert_num_queries(len(first)):
        client.get(detail(many))


def test_csv_download_escapes_formulas(client, cast, project):
    measure = make_measure(project, values=[3, 4.5], name="=HYPERLINK(1)")
    client.force_login(cast.will)
    response = client.get(reverse("qi:measure_csv", args=[measure.pk]))
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode().splitlines() == [
        "Date,'=HYPERLINK(1) (falls)",
        "2026-01-01,3",
        "2026-01-08,4.5",
    ]


# --- The project page's panel ---------------------------------------------------------------


def test_project_panel_lists_measures_with_key_charts(client, cast, project):
    make_measure(project, values=[8, 9, 7, 8, 9, 8, 7, 8, 3, 2, 3, 2, 3, 2], is_key=True)
    make_measure(project, name="Residents woken", values=[1, 2, 1], kind="balancing")
    client.force_login(cast.mona)
    page = client.get(reverse("qi:project_detail", args=[project.pk])).content.decode()
    assert page.count('role="img"') == 1  # only the key measure's chart
    assert "Residents woken" in page and "(Balancing measure" in page
    assert "Fewer than 10 values" in page or "Fewer than 12 values" in page
    assert "Add a measure" in page
    client.force_login(cast.will)
    page = client.get(reverse("qi:project_detail", args=[project.pk])).content.decode()
    assert "Add a measure" not in page


def test_project_panel_queries_are_the_same_for_1_and_20_measures(
    cast, project, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from qi_cycles import access

    idea = make_change_idea(project)
    make_cycle(idea).measures.add(make_measure(project, values=[1, 2, 3], is_key=True))
    loaded = access.projects().get(pk=project.pk)
    access.person_for(cast.sid)  # memberships are cached on the user
    with CaptureQueriesContext(connection) as one:
        selectors_measures.project_panel(cast.sid, loaded)
    for n in range(19):
        m = make_measure(project, values=list(range(20)), name=f"M{n}", is_key=n % 2 == 0)
        Annotation.objects.create(measure=m, date=date(2026, 2, 1), text="Note")
    loaded = access.projects().get(pk=project.pk)
    with django_assert_num_queries(len(one)):
        panel = selectors_measures.project_panel(cast.sid, loaded)
    assert len(panel["measure_panel"]["items"]) == 20
    assert len(one) == 5


def test_charts_for_key_measures_in_a_fixed_number_of_queries(
    cast, project, django_assert_num_queries
):
    for n in range(5):
        make_measure(project, values=[1, 2, 3, 4], name=f"M{n}", is_key=n < 3)
    make_cycle(make_change_idea(project))
    with django_assert_num_queries(5):
        found = selectors_measures.charts_for(project, key_only=True)
    assert [m.name for m, _ in found] == ["M0", "M1", "M2"]
    assert all(chart["svg"] for _, chart in found)
    assert all(any(mk["kind"] == "cycle" for mk in chart["markers"]) for _, chart in found)
