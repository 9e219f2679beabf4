"""Helpers for the CSV files people download."""

# A spreadsheet runs a cell as a formula when it starts with one of these, even after
# leading spaces, tabs or line breaks (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(text: str) -> str:
    """Text typed by someone, made safe to open in Excel or LibreOffice: anything that
    could start a formula gets a leading apostrophe, which spreadsheets show as text."""
    text = str(text)
    if text[:1] in FORMULA_STARTS or text.lstrip()[:1] in FORMULA_STARTS:
        return "'" + text
    return text
