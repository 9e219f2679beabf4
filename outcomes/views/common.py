"""Pieces the outcomes views share."""

from django.urls import reverse


def crumbs(*extra) -> list[tuple[str, str]]:
    return [("Home", reverse("home")), ("Network measures", reverse("outcomes:index")), *extra]


def month_args(home_pk: int, month) -> list[int]:
    return [home_pk, month.year, month.month]
