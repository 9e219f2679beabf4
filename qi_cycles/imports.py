"""Reading a measure's values pasted from a spreadsheet or uploaded as a CSV file.

Pure Python (no database): `parse(text)` splits the text into rows of a date and a value,
`check(rows, ...)` adds the problems that need the measure (dates already recorded, before
the project started, in the future), and the view shows every row before anything is
saved. Row numbers are line numbers in the text, so "Row 4" is the 4th line the person
pasted (or the 4th row of their spreadsheet).

What we read:

- two columns, separated by a tab (pasted from Excel), a comma or semicolon (CSV), or
  spaces (typed): ``03/02/2026<TAB>12``, ``3 Feb 2026,12``, ``2026-02-03 12``;
- dates day first, as in the UK: 03/02/2026, 3/2/26, 3 Feb 2026, 3-Feb-2026,
  3 February 2026, 2026-02-03, February 3 2026, or a month (Feb 2026, the 1st of it);
  a time after the date (from a spreadsheet) is ignored;
- numbers like 3, 3.5, -2, 1,234 or 85%; more than 4 decimal places are rounded;
- an optional first row of column headings, skipped.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MAX_ROWS = 1000
MAX_FILE_BYTES = 1_000_000
LARGEST = Decimal(10) ** 10  # MeasureValue.value holds 10 digits before the point
PLACES = Decimal("0.0001")

NUMBER_ERROR = "enter a number, like 12 or 3.5"
DATE_ERROR = "enter the date like 3/2/2026, 3 Feb 2026 or 2026-02-03"

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}

_NUMBER = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$")
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})$")
_DAY_MONTH_NAME = re.compile(
    r"^(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]*([a-z]+)\.?[\s\-/.,]*(\d{4}|\d{2})$"
)
_MONTH_NAME_DAY = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")
_MONTH_YEAR = re.compile(r"^([a-z]+)\.?[\s\-/.,]*(\d{4}|\d{2})$")
_TIME = re.compile(r"(?:[t\s])\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?$")
_WEEKDAY = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+")


def long_date(day: date) -> str:
    """3 February 2026."""
    return f"{day.day} {day:%B %Y}"


def _clean(text: str) -> str:
    return text.strip().strip('"').strip("'").strip()


def parse_number(text: str) -> Decimal:
    """The number typed, rounded to 4 decimal places; ValueError with a message if none."""
    cleaned = _clean(text).replace("\u2212", "-").replace("\u00a3", "")
    if cleaned.endswith("%"):
        cleaned = cleaned[:-1].rstrip()
    if not any(c.isdigit() for c in cleaned) or not _NUMBER.match(cleaned):
        raise ValueError(NUMBER_ERROR)
    try:
        number = Decimal(cleaned.replace(",", "")).quantize(PLACES, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise ValueError(NUMBER_ERROR) from None
    if abs(number) >= LARGEST:
        raise ValueError("enter a number smaller than 10,000,000,000")
    return number


def _year(text: str) -> int:
    year = int(text)
    return 2000 + year if len(text) == 2 else year


def parse_date(text: str) -> date:
    """The date typed (day first); ValueError with a message if it cannot be read."""
    cleaned = _WEEKDAY.sub("", _TIME.sub("", _clean(text).lower()).strip())
    cleaned = re.sub(r"\s+", " ", cleaned)
    parts: tuple[int, int, int] | None = None
    if match := _ISO.match(cleaned):
        parts = (int(match[1]), int(match[2]), int(match[3]))
    elif match := _DAY_FIRST.match(cleaned):
        parts = (_year(match[3]), int(match[2]), int(match[1]))
    elif (match := _DAY_MONTH_NAME.match(cleaned)) and match[2] in MONTHS:
        parts = (_year(match[3]), MONTHS[match[2]], int(match[1]))
    elif (match := _MONTH_NAME_DAY.match(cleaned)) and match[1] in MONTHS:
        parts = (int(match[3]), MONTHS[match[1]], int(match[2]))
    elif (match := _MONTH_YEAR.match(cleaned)) and match[1] in MONTHS:
        parts = (_year(match[2]), MONTHS[match[1]], 1)
    if parts is None:
        raise ValueError(DATE_ERROR)
    try:
        return date(*parts)
    except ValueError:
        raise ValueError(f"{_clean(text)} is not a real date") from None


def _is_date(text: str) -> bool:
    try:
        parse_date(text)
    except ValueError:
        return False
    return True


def _is_number(text: str) -> bool:
    try:
        parse_number(text)
    except ValueError:
        return False
    return True


def split_line(line: str) -> list[str]:
    """The cells of one line: split on tabs, else semicolons, else commas (CSV quoting
    allowed), else the last space (so "3 Feb 2026 12" is a date and a value)."""
    if "\t" in line:
        cells = line.split("\t")
    elif ";" in line:
        cells = line.split(";")
    elif "," in line:
        cells = next(csv.reader([line]))
        if len(cells) > 2 and _is_number(",".join(cells[1:])):
            cells = [cells[0], ",".join(cells[1:])]  # 3 Feb 2026,1,234
    else:
        stripped = line.strip()
        head, _, last = stripped.rpartition(" ")
        cells = [head, last] if head and not _is_date(stripped) else [stripped]
    cells = [_clean(cell) for cell in cells]
    while cells and not cells[-1]:  # spreadsheets add empty columns
        cells.pop()
    return cells


@dataclass
class Row:
    number: int  # line number in the text
    date_text: str
    value_text: str
    date: date | None = None
    value: Decimal | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def value_shown(self) -> str:
        """The value as read: 1,234 or 3.5."""
        return "" if self.value is None else f"{self.value.normalize():,f}"


@dataclass
class Parsed:
    rows: list[Row]
    header: str = ""  # the column headings skipped, if any

    @property
    def problems(self) -> list[str]:
        """Every problem, one per line: "Row 4: enter a number, like 12 or 3.5"."""
        return [f"Row {row.number}: {error}" for row in self.rows for error in row.errors]

    @property
    def valid(self) -> bool:
        return bool(self.rows) and all(row.ok for row in self.rows)


def _looks_like_header(cells: list[str]) -> bool:
    if not cells or _is_date(cells[0]):
        return False
    return len(cells) < 2 or not _is_number(cells[1])


def parse(text: str) -> Parsed:
    """Rows of the text, each with its date and value or the problems found."""
    rows: list[Row] = []
    header = ""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = split_line(line)
        if not rows and not header and _looks_like_header(cells):
            header = line.strip()
            continue
        row = Row(number, cells[0] if cells else "", cells[1] if len(cells) > 1 else "")
        if len(cells) > 2:
            row.errors.append("has more than 2 columns: paste just the dates and the values")
        try:
            row.date = parse_date(row.date_text)
        except ValueError as error:
            row.errors.append(str(error))
        if not row.value_text:
            row.errors.append(
                "enter a value after the date, separated by a tab, comma or space"
                if len(cells) < 2
                else NUMBER_ERROR
            )
        else:
            try:
                row.value = parse_number(row.value_text)
            except ValueError as error:
                row.errors.append(str(error))
        rows.append(row)
    return Parsed(rows, header)


def check(parsed: Parsed, *, existing: set[date], starts_on: date, today: date) -> Parsed:
    """Add the problems that depend on the measure: one value per date (in the text and
    with what is recorded), no date before the project started or in the future."""
    seen: dict[date, int] = {}
    for row in parsed.rows:
        if row.date is None:
            continue
        when = long_date(row.date)
        if row.date in seen:
            row.errors.append(f"{when} is also in row {seen[row.date]}: keep one value per date")
        else:
            seen[row.date] = row.number
        if row.date in existing:
            row.errors.append(f"there is already a value for {when}")
        if row.date < starts_on:
            row.errors.append(f"{when} is before the project started on {long_date(starts_on)}")
        if row.date > today:
            row.errors.append(f"{when} is in the future")
    return parsed


def decode_upload(raw: bytes) -> str:
    """The text of an uploaded CSV file; ValueError with a message if it is not text."""
    if raw.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise ValueError(
            "The file must be a CSV file, not an Excel workbook. In Excel, choose File, "
            "Save as, and CSV"
        )
    if b"\x00" in raw:
        raise ValueError("The file must be a CSV file")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError("The file must be a CSV file")  # pragma: no cover - cp1252 reads most
