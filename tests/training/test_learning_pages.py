"""'My learning' (training:my_learning) and its CSV (training:my_learning_csv)."""

import csv
import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_learning_record, make_session
from training.selectors_learning import time_spent

LONDON = ZoneInfo("Europe/London")
PAGE = "/training/my-learning/"
CSV = "/training/my-learning/my-learning.csv"


def _at(day, hour=10):
    return datetime(2026, 11, day, hour, tzinfo=LONDON)


@pytest.fixture
def records(cast):
    falls = make_session(title="Preventing falls at night", duration_minutes=25)
    mouth = make_session(title="Mouth care matters")
    old = make_session(status="archived", title="Old: moving and handling")
    done = make_learning_record(
        cast.sid,
        falls,
        completed=True,
        seconds_watched=25 * 60 + 20,
        before_knowledge=2,
        before_confidence=2,
        before_skill=3,
        before_at=_at(20),
        after_knowledge=4,
        after_confidence=4,
        after_skill=3,
        after_at=_at(24),
        rating=5,
        comment='=HYPERLINK("http://x")',
    )
    started = make_learning_record(cast.sid, mouth, seconds_watched=40)
    archived = make_learning_record(cast.sid, old, seconds_watched=3 * 3600 + 5 * 60)
    make_learning_record(cast.mona, falls, completed=True)  # someone else's
    return {"done": done, "started": started, "archived": archived}


def test_my_learning_lists_my_records_with_totals(client, cast, records):
    client.force_login(cast.sid)
    response = client.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Your learning</h1>" in html
    for title in ("Preventing falls at night", "Mouth care matters", "Old: moving and handling"):
        assert title in html
    assert ">3</p>" in html and "sessions started" in html  # totals
    assert ">1</p>" in html and "completed" in html
    assert "3 hr 31 min" in html  # 25:20 + 0:40 + 3:05:00
    assert "25 min" in html and "Under 1 min" in html
    assert "Archived" in html
    assert html.count("Certificate<span") == 1
    assert reverse("training:certificate", args=[records["done"].session_id]) in html
    text = " ".join(re.sub(r"<[^>]+>", "", html).split())
    assert "Confidence 2 →to 4 (up 2)" in text  # the arrow is read out as "to"
    assert "Skill 3 →to 3 (no change)" in text
    assert "When you complete it" in html
    assert reverse("training:my_learning_csv") in html


def test_my_learning_shows_the_days(client, cast, records):
    from training.models import LearningRecord

    LearningRecord.objects.filter(pk=records["done"].pk).update(
        started_at=_at(20), last_viewed_at=_at(24, 23), completed_at=_at(24, 23)
    )
    client.force_login(cast.sid)
    html = client.get(PAGE).content.decode()
    assert "20 November 2026" in html and "24 November 2026" in html


def test_nobody_sees_another_persons_learning(client, cast, records):
    client.force_login(cast.bea)
    html = client.get(PAGE).content.decode()
    assert "You have not started any training yet." in html
    assert "Preventing falls at night" not in html
    assert reverse("training:library") in html


def test_a_session_moved_back_to_draft_leaves_my_learning(client, cast, records):
    from training.models import Session

    Session.objects.filter(pk=records["started"].session_id).update(
        status="draft", published_at=None
    )
    client.force_login(cast.sid)
    html = client.get(PAGE).content.decode()
    assert "Mouth care matters" not in html
    assert "Preventing falls at night" in html


@pytest.mark.parametrize(
    "seconds, words",
    [(0, "None yet"), (59, "Under 1 min"), (25 * 60 + 59, "25 min"), (3600, "1 hr"),
     (3900, "1 hr 5 min")],
)  # fmt: skip
def test_time_spent_in_words(seconds, words):
    assert time_spent(seconds) == words


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(PAGE).status_code == 200
    return len(captured)


def _add(user, n, start=0):
    for i in range(start, start + n):
        make_learning_record(
            user,
            make_session(title=f"Session {i}"),
            completed=i % 2 == 0,
            before_at=_at(1),
            after_at=_at(2),
            before_knowledge=1,
            after_knowledge=3,
        )


def test_my_learning_query_count_stays_flat(client, cast):
    client.force_login(cast.sid)
    _add(cast.sid, 3)
    client.get(PAGE)  # warm up the session
    few = _queries(client)
    _add(cast.sid, 27, start=3)
    many = _queries(client)
    assert many == few
    assert "Session 29" in client.get(PAGE).content.decode()


# --- The CSV ------------------------------------------------------------------------------


def _rows(response) -> list[list[str]]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_the_csv_has_my_records_only(client, cast, records):
    from training.models import LearningRecord

    LearningRecord.objects.filter(pk=records["done"].pk).update(
        started_at=_at(20), completed_at=_at(24)
    )
    client.force_login(cast.sid)
    response = client.get(CSV)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="my-learning.csv"'
    rows = _rows(response)
    assert rows[0][:6] == [
        "Session",
        "Presenter",
        "Started",
        "Last watched",
        "Minutes watched",
        "Completed",
    ]
    assert rows[0][-2:] == ["Your rating (1 to 5)", "Your comment"]
    assert len(rows) == 4  # the header and Sid's three records
    done = next(row for row in rows if row[0] == "Preventing falls at night")
    header = rows[0]
    assert done[header.index("Started")] == "2026-11-20"
    assert done[header.index("Completed")] == "2026-11-24"
    assert done[header.index("Minutes watched")] == "25"
    assert done[header.index("Confidence before")] == "2"
    assert done[header.index("Confidence after")] == "4"
    assert done[header.index("Your rating (1 to 5)")] == "5"


def test_the_csv_makes_typed_text_safe_for_spreadsheets(client, cast, records):
    from training.models import Session

    Session.objects.filter(pk=records["started"].session_id).update(title="=1+2", presenter="@me")
    client.force_login(cast.sid)
    rows = _rows(client.get(CSV))
    assert ["'=1+2", "'@me"] in [row[:2] for row in rows]
    done = next(row for row in rows if row[0] == "Preventing falls at night")
    assert done[-1] == '\'=HYPERLINK("http://x")'


def test_the_csv_for_someone_with_no_learning_is_just_the_header(client, cast):
    client.force_login(cast.pat)
    assert len(_rows(client.get(CSV))) == 1


def test_the_started_column_uses_the_day_in_england(client, cast, records):
    from training.models import LearningRecord

    # 23:30 on 1 July in UTC is 00:30 on 2 July in London (summer time).
    summer_late = datetime(2026, 7, 1, 23, 30, tzinfo=ZoneInfo("UTC"))
    LearningRecord.objects.filter(pk=records["done"].pk).update(started_at=summer_late)
    client.force_login(cast.sid)
    rows = _rows(client.get(CSV))
    done = next(row for row in rows if row[0] == "Preventing falls at night")
    assert done[rows[0].index("Started")] == "2026-07-02"


def test_the_library_links_to_my_learning(client, cast):
    client.force_login(cast.sid)
    html = client.get(reverse("training:library")).content.decode()
    assert f'href="{PAGE}"' in html
