"""Small-number suppression, one rule for every page and export.

Figures about people are published as NHS statistics are: a count of 1 to 4 people reads
"fewer than 5", and an average or a rate based on fewer than 5 people is not shown. Zero is
shown as 0 (nobody can be picked out of nobody).
"""

SMALL_NUMBER = 5
FEWER_THAN_5 = "fewer than 5"
NOT_SHOWN = "not shown (fewer than 5 people)"  # for a figure left out of a table or CSV


def is_small(people: int) -> bool:
    """True when a count of people is 1 to 4: too few to show."""
    return 0 < people < SMALL_NUMBER


def people_text(people: int) -> str:
    """A count of people as shown: "fewer than 5" for 1 to 4, otherwise the number."""
    return FEWER_THAN_5 if is_small(people) else f"{people:,}"


def shown_count(people: int) -> int | None:
    """The count for a chart bar, or None when it must not be shown."""
    return None if is_small(people) else people


def mean_text(mean: float | None, people: int) -> str | None:
    """An average to one decimal place, or None when fewer than 5 people are behind it."""
    if mean is None or people < SMALL_NUMBER:
        return None
    return f"{mean:.1f}"


def count_text(count: int, people: int) -> str | None:
    """A count of things people did (views, sessions completed, events attended), or None
    when 1 to 4 people did them: one person's "6 sessions completed" would show who it was."""
    return None if is_small(people) else f"{count:,}"


def rate_text(part: int, people: int) -> str | None:
    """`part` out of `people` as a percentage, or None when either would give away a
    small number (a rate and a total are enough to work out a suppressed count)."""
    if people < SMALL_NUMBER or is_small(part):
        return None
    return f"{round(100 * part / people)}%"
