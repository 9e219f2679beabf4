"""Reading pasted or uploaded values (qi_cycles.imports): no database."""

from datetime import date
from decimal import Decimal

import pytest

from qi_cycles import imports


@pytest.mark.parametrize(
    "text",
    [
        "03/02/2026",
        "3/2/2026",
        "3/2/26",
        "03.02.2026",
        "3 Feb 2026",
        "3 February 2026",
        "3rd February 2026",
        "3-Feb-2026",
        "3-Feb-26",
        "2026-02-03",
        "2026/02/03",
        "February 3, 2026",
        "Tue 3 Feb 2026",
        "2026-02-03 00:00:00",
        "2026-02-03T00:00:00",
        '"03/02/2026"',
    ],
)
def test_dates_are_read_day_first(text):
    assert imports.parse_date(text) == date(2026, 2, 3)


def test_a_month_means_its_first_day():
    assert imports.parse_date("Feb 2026") == date(2026, 2, 1)
    assert imports.parse_date("February 2026") == date(2026, 2, 1)


@pytest.mark.parametrize("text", ["", "soon", "2026", "3 Fbr 2026", "46056"])
def test_unreadable_dates_say_how_to_write_one(text):
    with pytest.raises(ValueError, match="enter the date like 3/2/2026"):
        imports.parse_date(text)


@pytest.mark.parametrize("text", ["31/02/2026", "13/13/2026", "29 Feb 2026"])
def test_an_impossible_date_says_so(text):
    with pytest.raises(ValueError, match=f"{text} is not a real date"):
        imports.parse_date(text)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("3", "3"),
        ("3.5", "3.5"),
        ("1,234", "1234"),
        ("1,234,567.5", "1234567.5"),
        ("-2", "-2"),
        (".5", "0.5"),
        ("85%", "85"),
        (" 12 ", "12"),
        ("3.14159", "3.1416"),  # rounded to 4 decimal places
    ],
)
def test_numbers(text, number):
    assert imports.parse_number(text) == Decimal(number)


@pytest.mark.parametrize("text", ["", "abc", "1,5", "12,34", "3.5.1", "-", "1e3", "twelve"])
def test_not_numbers(text):
    with pytest.raises(ValueError, match="enter a number, like 12 or 3.5"):
        imports.parse_number(text)


def test_numbers_too_large_to_store():
    with pytest.raises(ValueError, match="smaller than 10,000,000,000"):
        imports.parse_number("12345678901")


@pytest.mark.parametrize(
    ("line", "cells"),
    [
        ("03/02/2026\t12", ["03/02/2026", "12"]),
        ("03/02/2026\t12\t\t", ["03/02/2026", "12"]),
        ("3 Feb 2026,12", ["3 Feb 2026", "12"]),
        ('3 Feb 2026,"1,234"', ["3 Feb 2026", "1,234"]),
        ("3 Feb 2026,1,234", ["3 Feb 2026", "1,234"]),
        ("03/02/2026;12", ["03/02/2026", "12"]),
        ("3 Feb 2026 12", ["3 Feb 2026", "12"]),
        ("2026-02-03   12", ["2026-02-03", "12"]),
        ("3 Feb 2026", ["3 Feb 2026"]),
    ],
)
def test_columns_split_on_tabs_commas_semicolons_or_spaces(line, cells):
    assert imports.split_line(line) == cells


def test_a_heading_row_is_skipped_and_rows_keep_their_line_numbers():
    parsed = imports.parse("Week,Falls\n03/02/2026,4\n\n10/02/2026,6\n")
    assert parsed.header == "Week,Falls"
    assert [(r.number, r.date, r.value) for r in parsed.rows] == [
        (2, date(2026, 2, 3), Decimal("4")),
        (4, date(2026, 2, 10), Decimal("6")),
    ]
    assert parsed.valid


def test_a_first_row_with_a_date_is_data_not_a_heading():
    parsed = imports.parse("03/02/2026,lots\n10/02/2026,6")
    assert parsed.header == ""
    assert parsed.problems == ["Row 1: enter a number, like 12 or 3.5"]


def test_row_problems_are_numbered_by_line():
    parsed = imports.parse("Date,Value\n03/02/2026,4\nsoon,5\n17/02/2026,n/a\n24/02/2026\n")
    assert parsed.problems == [
        "Row 3: enter the date like 3/2/2026, 3 Feb 2026 or 2026-02-03",
        "Row 4: enter a number, like 12 or 3.5",
        "Row 5: enter a value after the date, separated by a tab, comma or space",
    ]
    assert not parsed.valid


def test_more_than_two_columns_is_a_problem():
    parsed = imports.parse("03/02/2026\t4\t7")
    assert parsed.problems == [
        "Row 1: has more than 2 columns: paste just the dates and the values"
    ]


def test_check_finds_duplicates_recorded_dates_and_dates_outside_the_project():
    parsed = imports.parse(
        "03/02/2026,4\n03/02/2026,5\n10/02/2026,6\n01/12/2025,2\n01/03/2026,3\n17/02/2026,1"
    )
    imports.check(
        parsed, existing={date(2026, 2, 10)}, starts_on=date(2026, 1, 1), today=date(2026, 2, 20)
    )
    assert parsed.problems == [
        "Row 2: 3 February 2026 is also in row 1: keep one value per date",
        "Row 3: there is already a value for 10 February 2026",
        "Row 4: 1 December 2025 is before the project started on 1 January 2026",
        "Row 5: 1 March 2026 is in the future",
    ]
    assert [row.ok for row in parsed.rows] == [True, False, False, False, False, True]


def test_empty_text_is_not_valid():
    assert not imports.parse("\n \n").valid


def test_uploads_must_be_text():
    assert imports.decode_upload(b"Date,Value\n03/02/2026,4") == "Date,Value\n03/02/2026,4"
    assert imports.decode_upload(b"\xef\xbb\xbfDate,Value") == "Date,Value"  # Excel's BOM
    assert imports.decode_upload("Caf\u00e9,1".encode("cp1252")) == "Caf\u00e9,1"
    with pytest.raises(ValueError, match="not an Excel workbook"):
        imports.decode_upload(b"PK\x03\x04 rest of a zip")
    with pytest.raises(ValueError, match="must be a CSV file"):
        imports.decode_upload(b"\x00\x01\x02")


def test_values_are_shown_as_read():
    rows = imports.parse("03/02/2026,1234\n10/02/2026,3.50").rows
    assert [row.value_shown for row in rows] == ["1,234", "3.5"]
