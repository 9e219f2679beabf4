"""The audit log page (/audit/): for network admins, newest first, 50 a page, filters by
what was done, who and dates; it shows each row's person, the role and organisation they
acted for, what they did and to what. The log has no place for free text."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.log import record
from audit.models import Action, AuditEvent

URL = reverse("audit:log")


def _at(event, when):
    AuditEvent.objects.filter(pk=event.pk).update(at=when)


def _rows(response) -> list:
    return response.context["rows"]


@pytest.fixture
def ada(client, cast):
    client.force_login(cast.ada)
    return client


def _as(cast, user):
    """A request-like object acting for the user's first membership."""

    class Request:
        pass

    request = Request()
    request.user = user
    request.membership = user.memberships.order_by("pk").first()
    return request


def test_rows_are_newest_first_and_say_who_for_whom_what_and_to_what(ada, cast):
    old = record(
        Action.DELETED,
        request=_as(cast, cast.mona),
        target_type="qi_cycles.cycle",
        target_id=4,
        detail="qi:cycle_delete",
    )
    _at(old, datetime(2026, 11, 1, 9, 30, tzinfo=ZoneInfo("Europe/London")))
    record(
        Action.EXPORTED,
        request=_as(cast, cast.will),
        target_type="qi_cycles.project",
        target_id=12,
        detail="qi:project_pdf",
    )

    response = ada.get(URL)

    assert response.status_code == 200
    newest, oldest = _rows(response)
    assert (newest.who, newest.acting_as) == ("Will", "Project worker, Network team")
    assert newest.what == "Downloaded figures or a list (CSV or PDF)"
    assert newest.target == "Improvement project 12"
    assert newest.target_url == reverse("qi:project_detail", args=[12])
    assert newest.detail == "Improvement project (PDF)"
    assert (oldest.who, oldest.acting_as) == ("Mona", "Care home manager, Oak House")
    assert oldest.target == "PDSA cycle 4"
    assert oldest.target_url == ""  # deleted: nothing to link to
    page = response.content.decode()
    assert "1 Nov 2026, 09:30" in page
    assert page.index("Improvement project 12") < page.index("PDSA cycle 4")


def test_the_system_and_former_members(ada, cast):
    record(Action.RETENTION_DEACTIVATED, target=cast.sid)
    gone = record(Action.EXPORTED, request=_as(cast, cast.bea), detail="dashboards:area_csv")
    AuditEvent.objects.filter(pk=gone.pk).update(actor=None)  # Bea since erased

    former, system = _rows(ada.get(URL))

    assert (former.who, former.acting_as) == ("Former member", "Care home manager, Birch House")
    assert (system.who, system.acting_as) == ("The system", "")
    assert system.target == f"Person {cast.sid.pk}"


def test_filters_by_what_who_and_dates(ada, cast):
    london = ZoneInfo("Europe/London")
    a = record(Action.EXPORTED, request=_as(cast, cast.will), detail="dashboards:area_csv")
    b = record(Action.DELETED, request=_as(cast, cast.mona), target=cast.home_a)
    c = record(Action.EXPORTED, request=_as(cast, cast.pat), detail="dashboards:area_csv")
    _at(a, datetime(2026, 10, 31, 23, 59, tzinfo=london))
    _at(b, datetime(2026, 11, 1, 0, 0, tzinfo=london))
    _at(c, datetime(2026, 11, 30, 23, 59, tzinfo=london))

    def shown(**query):
        return [row.event.pk for row in _rows(ada.get(URL, query))]

    assert shown(action="exported") == [c.pk, a.pk]
    assert shown(who="mona") == [b.pk]
    assert shown(who="pat@example") == [c.pk]
    november = {"start_day": "1", "start_month": "11", "start_year": "2026"}
    assert shown(**november) == [c.pk, b.pk]
    assert shown(**november, end_day="29", end_month="11", end_year="2026") == [b.pk]
    assert shown(action="exported", **november) == [c.pk]


def test_a_bad_filter_is_explained_and_the_others_still_apply(ada, cast):
    record(Action.EXPORTED, request=_as(cast, cast.will), detail="dashboards:area_csv")
    record(Action.DELETED, request=_as(cast, cast.mona), target=cast.home_a)

    response = ada.get(
        URL, {"action": "deleted", "start_day": "31", "start_month": "2", "start_year": "2026"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "The from date must be a real date" in page
    assert "<title>Error: Audit log" in page
    assert [row.who for row in _rows(response)] == ["Mona"]


def test_dates_the_wrong_way_round(ada):
    query = {"start_day": "2", "start_month": "11", "start_year": "2026"}
    query |= {"end_day": "1", "end_month": "11", "end_year": "2026"}

    page = ada.get(URL, query).content.decode()

    assert "The to date must be the same as or after the from date" in page


def test_fifty_a_page(ada, cast):
    AuditEvent.objects.bulk_create(
        [AuditEvent(actor=cast.will, action=Action.EXPORTED, detail=f"n{n}") for n in range(51)]
    )

    first = ada.get(URL)
    second = ada.get(URL, {"page": 2, "action": "exported"})

    assert len(_rows(first)) == 50
    assert "Page 2 of 2" in first.content.decode()
    assert 'href="?page=2"' in first.content.decode()
    assert len(_rows(second)) == 1
    assert 'href="?page=1&amp;action=exported"' in second.content.decode()


def test_only_network_admins(client, cast):
    for user in (cast.sid, cast.mona, cast.pat, cast.will):
        client.force_login(user)
        assert client.get(URL).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302


def test_the_organisations_page_links_to_it_for_admins_only(client, cast):
    client.force_login(cast.ada)
    assert URL in client.get(reverse("network:organisation_list")).content.decode()
    client.force_login(cast.will)
    assert URL not in client.get(reverse("network:organisation_list")).content.decode()


def test_the_same_queries_with_1_and_20_rows(ada, cast):
    def add(n):
        for _ in range(n):
            record(
                Action.EXPORTED,
                request=_as(cast, cast.will),
                target=cast.home_a,
                detail="dashboards:home_pdf",
            )
            record(
                Action.DELETED,
                request=_as(cast, cast.mona),
                target_type="qi_cycles.cycle",
                target_id=3,
            )

    def count():
        with CaptureQueriesContext(connection) as captured:
            response = ada.get(URL)
        assert response.status_code == 200
        return len(captured), len(_rows(response))

    add(1)
    ada.get(URL)  # warm the session
    one = count()
    add(19)
    twenty = count()
    assert (one[1], twenty[1]) == (2, 40)
    assert one[0] == twenty[0]


def test_the_log_has_no_free_text_field():
    """Only short code-chosen values: no TextField, and every text column is short."""
    for field in AuditEvent._meta.get_fields():
        assert not isinstance(field, models.TextField), field.name
        if isinstance(field, models.CharField):
            assert field.max_length <= 120, field.name
    text = {f.name for f in AuditEvent._meta.fields if isinstance(f, models.CharField)}
    assert text == {"actor_role", "action", "target_type", "target_id", "detail"}


def test_nothing_typed_in_a_filter_reaches_the_log(client, cast):
    """An export asked for with typed text in its address records only the URL name."""
    client.force_login(cast.pat)
    typed = "Mrs Jones room 12"
    query = {"q": typed, "area": typed, "start_day": typed, "theme": typed}

    assert client.get(reverse("dashboards:area_csv"), query).status_code == 200
    assert client.get(reverse("training:analytics_csv"), query).status_code == 200

    rows = list(
        AuditEvent.objects.order_by("pk").values_list(
            "action", "target_type", "target_id", "detail"
        )
    )
    assert rows == [
        ("exported", "", "", "dashboards:area_csv"),
        ("exported", "", "", "training:analytics_csv"),
    ]


@pytest.mark.parametrize(
    ("detail", "text"),
    [
        ("dashboards:area_csv", "Area figures (CSV)"),
        ("surveys:survey_export", "Survey answers (CSV)"),
        ("admin manager→staff", "In the Django admin: Care home manager to Care home staff"),
        ("admin →partner", "In the Django admin: Added as Partner"),
        ("admin is_superuser→no", "In the Django admin: Superuser taken away"),
        ("invitation→staff", "By invitation: Care home staff"),
        ("champion:yes", "Made a champion"),
        ("admin:network_theme_delete", "In the Django admin"),
        ("qi:cycle_delete", "qi:cycle_delete"),
    ],
)
def test_details_read_as_words(ada, cast, detail, text):
    record(Action.ROLE_CHANGED, request=_as(cast, cast.will), detail=detail)

    assert _rows(ada.get(URL))[0].detail == text


def test_the_filtered_log_as_csv_is_itself_recorded(ada, cast):
    record(Action.EXPORTED, request=_as(cast, cast.will), detail="dashboards:area_csv")
    record(Action.DELETED, request=_as(cast, cast.mona), target=cast.home_a)
    cast.mona.full_name = "=HYPERLINK(1)"
    cast.mona.save()

    response = ada.get(reverse("audit:log_csv"), {"action": "deleted"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = b"".join(response.streaming_content).decode().lstrip("\ufeff").splitlines()
    assert lines[0] == "When,Who,Role,Organisation,What,Done to,Detail"
    assert len(lines) == 2  # only the deletion: the filter applies
    assert lines[1].split(",")[1:] == [
        "'=HYPERLINK(1)",  # made safe: a spreadsheet shows it as text
        "Care home manager",
        "Oak House",
        "Deleted something",
        f"Organisation {cast.home_a.pk}",
        "",
    ]
    download = AuditEvent.objects.filter(detail="audit:log_csv").get()
    assert (download.action, download.actor) == (Action.EXPORTED, cast.ada)


def test_the_csv_link_keeps_the_filters(ada, cast):
    record(Action.DELETED, request=_as(cast, cast.mona), target=cast.home_a)

    page = ada.get(URL, {"action": "deleted", "page": "1"}).content.decode()

    assert f'href="{reverse("audit:log_csv")}?action=deleted"' in page


def test_a_moved_membership_names_both_organisations_even_in_the_csv(ada, cast):
    membership = cast.sid.memberships.get()
    record(
        Action.MEMBERSHIP_MOVED,
        request=_as(cast, cast.ada),
        target=membership,
        detail=f"admin {cast.home_a.pk}→{cast.home_b.pk}",
    )
    record(
        Action.MEMBERSHIP_MOVED,
        request=_as(cast, cast.ada),
        target=membership,
        detail=f"admin {cast.home_b.pk}→999999",  # an organisation since deleted
    )

    newest, oldest = _rows(ada.get(URL))
    lines = b"".join(ada.get(reverse("audit:log_csv")).streaming_content).decode()

    assert newest.detail == "In the Django admin: from Birch House to organisation 999999"
    assert oldest.detail == "In the Django admin: from Oak House to Birch House"
    assert oldest.what == "Moved a member to another organisation"
    assert "In the Django admin: from Oak House to Birch House" in lines


def _moves(cast, n):
    membership = cast.sid.memberships.get()
    for _ in range(n):
        record(
            Action.MEMBERSHIP_MOVED,
            request=_as(cast, cast.ada),
            target=membership,
            detail=f"admin {cast.home_a.pk}→{cast.home_b.pk}",
        )


def _csv(ada) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = ada.get(reverse("audit:log_csv"))
        text = b"".join(response.streaming_content).decode()
    return len(captured), text


def test_the_csv_costs_the_same_queries_with_5_and_50_moved_memberships(ada, cast):
    """The organisations are looked up once per chunk of rows, not once per row."""
    _moves(cast, 5)
    _csv(ada)  # warm the session
    five, text = _csv(ada)
    assert text.count("from Oak House to Birch House") == 5
    _moves(cast, 45)
    fifty, text = _csv(ada)
    assert text.count("from Oak House to Birch House") == 50
    assert five == fifty, f"5 moves: {five} queries, 50 moves: {fifty}"


def test_the_csv_names_the_organisations_in_every_chunk(ada, cast, monkeypatch):
    from audit import views

    monkeypatch.setattr(views, "CSV_CHUNK", 2)
    _moves(cast, 5)
    _, text = _csv(ada)
    assert text.count("In the Django admin: from Oak House to Birch House") == 5
