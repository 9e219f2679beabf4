"""Small pieces the sections share."""

from dataclasses import dataclass


@dataclass
class Figure:
    """A labelled count with the link to the list behind it ("" when there is none the
    viewer may open)."""

    label: str
    count: int
    url: str = ""
