"""Reading whole numbers from URLs, query strings and form posts.

`str.isdigit()` is true for "²" and other digits that `int()` refuses, and `int()` refuses
strings past a few thousand digits; either gave a server error. These accept only the
digits 0-9, and not too many of them.
"""

import re

_WHOLE = re.compile(r"[0-9]{1,18}")


def whole_number(text, max_digits: int = 18) -> int | None:
    """The whole number `text` spells with 0-9 only (at most `max_digits`), else None."""
    if isinstance(text, int):
        return text
    text = str(text if text is not None else "")
    if len(text) > max_digits or not _WHOLE.fullmatch(text):
        return None
    return int(text)
