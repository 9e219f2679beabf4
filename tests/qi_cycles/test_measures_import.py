"""Importing many values at once: paste or CSV, a preview of every row, then saving all of
them or none."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from qi_cycles.models import MeasureValue
from tests.factories import make_measure, make_project


@pytest.fixture
def measure(cast):
    project = make_project(cast.home_a)  # starts 1 January 2026
    return make_measure(project, values=[5])  # a value on 1 January 2026


def url(measure):
    return reverse("qi:measure_import", args=[measure.pk])


def twenty_rows() -> str:
    """A heading and 20 weekly values from a spreadsheet: 6 high, then 14 low (a shift)."""
    lines = ["Week beginning\tFalls"]
    for i in range(20):
        day = date(2026, 1, 5) + timedelta(weeks=i)
        lines.append(f"{day:%d/%m/%Y}\t{9 if i < 6 else 2 + i % 2}")
    return "\n".join(lines)


def test_a_valid_20_row_paste_is_previewed_then_saved(client, cast, measure):
    client.force_login(cast.sid)
    text = twenty_rows()
    response = client.post(url(measure), {"pasted": text})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Check the values for ‘Falls at night’" in page
    assert "We skipped the first row because it looks like column headings" in page
    assert page.count('<tr class="nhsuk-table__row">') == 21  # heading + 20 rows
    assert "5 January 2026" in page and "18 May 2026" in page
    assert "Save 20 values" in page
    assert MeasureValue.objects.filter(measure=measure).count() == 1  # nothing saved yet

    response = client.post(url(measure), {"data": text, "confirm": "1"})
    assert response.status_code == 302
    assert MeasureValue.objects.filter(measure=measure).count() == 21
    saved = MeasureValue.objects.filter(measure=measure, date=date(2026, 1, 5)).get()
    assert saved.value == 9 and saved.entered_by == cast.sid
    measure.refresh_from_db()
    assert measure.signal == "improvement_low"  # refreshed after the import: 14 low values
    page = client.get(response.url).content.decode()
    assert "20 values added to the chart." in page


def test_row_errors_are_listed_and_nothing_is_saved(client, cast, measure):
    client.force_login(cast.mona)
    future = timezone.localdate() + timedelta(days=3)
    text = "\n".join(
        [
            "Date,Falls",
            "05/01/2026,4",
            "12/01/2026,lots",  # row 3: not a number
            "05/01/2026,6",  # row 4: duplicate of row 2
            "01/12/2025,2",  # row 5: before the project started
            f"{future:%d/%m/%Y},3",  # row 6: in the future
            "01/01/2026,7",  # row 7: already recorded
            "someday,1",  # row 8: not a date
        ]
    )
    response = client.post(url(measure), {"pasted": text})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert "There is a problem" in page
    for message in (
        "Row 3: enter a number, like 12 or 3.5",
        "Row 4: 5 January 2026 is also in row 2: keep one value per date",
        "Row 5: 1 December 2025 is before the project started on 1 January 2026",
        "is in the future",
        "Row 7: there is already a value for 1 January 2026",
        "Row 8: enter the date like 3/2/2026, 3 Feb 2026 or 2026-02-03",
    ):
        assert message in page
    assert 'name="confirm"' not in page  # no way to save
    assert "Nothing has been saved. 6 problems in 7 rows" in page
    assert text.splitlines()[2] in page  # the text is back in the box to correct
    assert MeasureValue.objects.filter(measure=measure).count() == 1


def test_confirming_rechecks_and_saves_nothing_if_any_row_is_wrong(client, cast, measure):
    client.force_login(cast.sid)
    text = "05/01/2026,4\n12/01/2026,5"
    client.post(url(measure), {"pasted": text})
    # Someone records 12 January before this person presses "Save".
    MeasureValue.objects.create(measure=measure, date=date(2026, 1, 12), value=1)
    response = client.post(url(measure), {"data": text, "confirm": "1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Row 2: there is already a value for 12 January 2026" in page
    assert not MeasureValue.objects.filter(measure=measure, date=date(2026, 1, 5)).exists()
    # A changed hidden field is checked like a paste.
    response = client.post(url(measure), {"data": "05/01/2026,x", "confirm": "1"})
    assert "Row 1: enter a number" in response.content.decode()
    assert MeasureValue.objects.filter(measure=measure).count() == 2


def test_many_errors_are_summarised(client, cast, measure):
    client.force_login(cast.sid)
    text = "\n".join(f"{day:02d}/02/2026,x" for day in range(1, 16))
    page = client.post(url(measure), {"pasted": text}).content.decode()
    assert "Row 10: enter a number" in page
    assert "And 5 more problems: see the table" in page


def test_nothing_pasted(client, cast, measure):
    client.force_login(cast.sid)
    page = client.post(url(measure), {"pasted": "  "}).content.decode()
    assert "Paste your values or choose a CSV file" in page
    page = client.post(url(measure), {"pasted": "just some words"}).content.decode()
    assert "We could not find any dates and values" in page


def test_a_csv_upload(client, cast, measure):
    client.force_login(cast.sid)
    upload = SimpleUploadedFile(
        "falls.csv", b'\xef\xbb\xbfDate,Falls\r\n05/01/2026,4\r\n12/01/2026,"1,234"\r\n', "text/csv"
    )
    page = client.post(url(measure), {"upload": upload}).content.decode()
    assert "Save 2 values" in page
    assert "1,234" in page
    response = client.post(
        url(measure),
        {"data": 'Date,Falls\r\n05/01/2026,4\r\n12/01/2026,"1,234"\r\n', "confirm": "1"},
    )
    assert response.status_code == 302
    assert MeasureValue.objects.get(measure=measure, date=date(2026, 1, 12)).value == 1234


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("falls.xlsx", b"PK\x03\x04...", "The file must be a CSV file"),
        ("falls.csv", b"PK\x03\x04...", "not an Excel workbook"),
        ("falls.csv", b"05/01/2026,4\n" * 80_000, "The file must be smaller than 1 MB"),
        ("falls.csv", b"\x00\x00\x00", "The file must be a CSV file"),
    ],
)
def test_bad_uploads_get_clear_errors(client, cast, measure, name, content, message):
    client.force_login(cast.sid)
    upload = SimpleUploadedFile(name, content, "application/octet-stream")
    response = client.post(url(measure), {"upload": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "<title>Error: " in page
    assert MeasureValue.objects.filter(measure=measure).count() == 1


def test_paste_and_upload_together_is_refused(client, cast, measure):
    client.force_login(cast.sid)
    upload = SimpleUploadedFile("falls.csv", b"05/01/2026,4", "text/csv")
    page = client.post(url(measure), {"pasted": "05/01/2026,4", "upload": upload}).content.decode()
    assert "Paste your values or choose a file, not both" in page


def test_too_many_rows(client, cast, measure):
    client.force_login(cast.sid)
    text = "\n".join(f"{i},1" for i in range(1100))
    page = client.post(url(measure), {"pasted": text}).content.decode()
    assert "You can add up to 1,000 values at a time" in page


def test_readers_cannot_import(client, cast, measure):
    client.force_login(cast.will)
    response = client.post(url(measure), {"data": "05/01/2026,4", "confirm": "1"})
    assert response.status_code == 403
    assert MeasureValue.objects.filter(measure=measure).count() == 1
