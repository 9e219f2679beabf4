import pytest

from portal.exports import safe_cell


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+44", "-3", "@SUM(A1)", '\t=HYPERLINK("http://x")', "\r=1", "  =1", "\n@x"],
)
def test_anything_that_could_start_a_formula_is_shown_as_text(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Falls at night", "3 falls", "", "a=b", "Falls (per 1,000)"])
def test_ordinary_text_is_left_alone(text):
    assert safe_cell(text) == text
