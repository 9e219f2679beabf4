"""Hostile values: what people (or attackers) might type into a field."""

import os

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import strategies as st

XSS = "<script>window.__xss=1</script>"
PAYLOADS = [
    XSS,
    '"><img src=x onerror=window.__xss=1>',
    "javascript:window.__xss=1",
    "{{7*7}}{% now 'Y' %}",
    '<svg onload="window.__xss=1"><script>window.__xss=1</script></svg>',
    '=HYPERLINK("http://evil.example","x")',
    '<img src="http://evil.example/x.png">',
    "file:///etc/passwd",
]
ODD = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\r\n\t",
    "\u202eevil",
    "😀" * 5,
    "-1",
    "0",
    "99999999999999999999999",
    "2147483648",
    "9223372036854775808",
    "1e309",
    "NaN",
    "inf",
    "-0.0",
    "2026-02-30",
    "0000-00-00",
    "31/12/2026",
    "9999-99-99",
    "' OR 1=1 --",
    "../../etc/passwd",
    "%s%s%n",
    "true",
    "null",
    "[]",
]
OMIT = object()  # leave the field out of the POST altogether

plain_text = st.text(max_size=40)
long_text = st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=3), st.integers(500, 20000))
hostile_text = st.one_of(
    st.sampled_from(PAYLOADS + ODD),
    plain_text,
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.dates().map(str),
    long_text,
)


def hostile_upload():
    return st.builds(
        lambda name, body: SimpleUploadedFile(name, body),
        st.sampled_from(["x.pdf", "x.mp4", "x.vtt", "x.html", "x.svg", "x", "../x.pdf"]),
        st.one_of(
            st.binary(max_size=200),
            st.just(b"<html><script>window.__xss=1</script></html>"),
            st.just(b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ),
    )


def for_field(kind: str, base, options: list[str]):
    """A strategy for one field: its valid value, a hostile one, several, or none."""
    choices = [hostile_text, st.lists(hostile_text, min_size=2, max_size=3), st.just(OMIT)]
    if base not in (None, OMIT):
        choices.insert(0, st.just(base))
    if options:
        choices.insert(0, st.sampled_from(options))
    if kind == "file":
        choices.insert(0, hostile_upload())
    return st.one_of(choices)


def post_data(values: dict) -> dict:
    return {name: value for name, value in values.items() if value is not OMIT}


def report(line: str) -> None:
    """HOSTILE_REPORT=<file>: each fuzzed form or page appends a line saying how many
    examples it tried (sum them for the total)."""
    if path := os.environ.get("HOSTILE_REPORT"):
        with open(path, "a") as out:
            out.write(line + "\n")
