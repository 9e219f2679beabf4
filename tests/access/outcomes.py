"""Access entries for Network measures (outcomes).

The window is open all month, so last month's return is open today. Home A has sent the
month before (so "no change", its detail and its correction work) and not last month.
Falls are retired-able; `o_retired` is a retired count.

- Measures and results: every signed-in member. Defining measures and the window: project
  workers and admins (403 for everyone else).
- A home's returns (its months, sending, no change, what was sent, corrections): its
  manager and staff, project workers and admins; Pat covers home A's area (403: may see
  it but not change it); Bea, from home B, gets 404.
- Results for a chosen home: home A's staff, Pat (covers it), Will and Ada; Bea 404.
- Which homes have sent: project workers and admins (403 for everyone else).
"""

from datetime import date

from outcomes import windows
from outcomes.models import Correction, MonthlyReturn, NetworkMeasure, ReportingWindow, ReturnValue
from tests.access.base import LOGIN, ROLES, Entry, everyone  # noqa: F401
from tests.outcomes.factories import (
    figures,
    last_month,
    make_measure,
    make_return,
    open_window,
    standard_measures,
)

UNKNOWN = lambda c, o: [987654]  # noqa: E731

DEFINERS = {"anonymous": LOGIN, "sid": 403, "mona": 403, "bea": 403, "pat": 403}


def definers(ok):
    return {**DEFINERS, "will": ok, "ada": ok}


def home_a(ok, *, pat=403):
    return {
        "anonymous": LOGIN,
        "sid": ok,
        "mona": ok,
        "bea": 404,
        "pat": pat,
        "will": ok,
        "ada": ok,
    }


def _measure(name):
    return lambda c, o: [o[name].pk]


def _month(which):
    def args(c, o):
        month: date = o[which]
        return [c.home_a.pk, month.year, month.month]

    return args


def _figures(referrals="12", appropriate="9", falls="3"):
    def data(c, o, u):
        return {
            f"m{o['referrals'].pk}": referrals,
            f"m{o['appropriate'].pk}": appropriate,
            f"m{o['falls'].pk}": falls,
        }

    return data


def _correction(reason="A fall was logged late"):
    def data(c, o, u):
        return {**_figures(falls="5")(c, o, u), "reason": reason}

    return data


def _measure_data(**extra):
    def data(c, o, u):
        return {
            "kind": "count",
            "title": "Pressure ulcers",
            "definition": "New pressure ulcers of category 2 or above found in the month.",
            "unit": "ulcers",
            "direction": "decrease",
            "counts_people": "on",
            "reporting": "all",
            **extra,
        }

    return data


ENTRIES: list[Entry] = [
    Entry("outcomes:index", "get", everyone(200)),
    Entry("outcomes:measure_detail", "get", everyone(200), args=_measure("rate")),
    Entry("outcomes:measure_detail", "get", everyone(200), args=_measure("falls"), label="count"),
    Entry("outcomes:measure_detail", "get", everyone(404), args=UNKNOWN, label="unknown"),
    Entry(
        "outcomes:measure_detail",
        "get",
        home_a(200, pat=200),
        args=_measure("falls"),
        data=lambda c, o, u: {"home": c.home_a.pk},
        label="home A",
    ),
    Entry("outcomes:measure_csv", "get", everyone(200), args=_measure("falls")),
    Entry("outcomes:measure_create", "get", definers(200)),
    Entry("outcomes:measure_create", "post", definers(302), data=_measure_data(), writes=True),
    Entry(
        "outcomes:measure_create",
        "post",
        definers(200),
        data=_measure_data(title=""),
        writes=True,
        label="no title",
    ),
    Entry("outcomes:measure_edit", "get", definers(200), args=_measure("falls")),
    Entry(
        "outcomes:measure_edit",
        "post",
        definers(302),
        args=_measure("falls"),
        data=lambda c, o, u: {
            "title": "Falls",
            "definition": "Every fall in the incident log.",
            "unit": "falls",
            "direction": "decrease",
            "reporting": "all",
        },
        writes=True,
    ),
    Entry("outcomes:measure_retire", "post", definers(302), args=_measure("falls"), writes=True),
    Entry(
        "outcomes:measure_reinstate", "post", definers(302), args=_measure("retired"), writes=True
    ),
    Entry("outcomes:window", "get", definers(200)),
    Entry(
        "outcomes:window",
        "post",
        definers(302),
        data=lambda c, o, u: {"opens_day": "5", "closes_day": "12"},
        writes=True,
    ),
    Entry(
        "outcomes:window",
        "post",
        definers(200),
        data=lambda c, o, u: {"opens_day": "15", "closes_day": "12"},
        writes=True,
        label="closes before it opens",
    ),
    Entry("outcomes:status", "get", definers(200)),
    Entry("outcomes:home_returns", "get", home_a(200), args=lambda c, o: [c.home_a.pk]),
    Entry("outcomes:home_returns", "get", everyone(404), args=UNKNOWN, label="unknown"),
    Entry("outcomes:return_send", "get", home_a(200), args=_month("due")),
    Entry(
        "outcomes:return_send",
        "post",
        home_a(302),
        args=_month("due"),
        data=_figures(),
        writes=True,
    ),
    Entry(
        "outcomes:return_send",
        "post",
        home_a(200),
        args=_month("due"),
        data=_figures(appropriate="13"),
        writes=True,
        label="more appropriate than all",
    ),
    Entry("outcomes:return_no_change", "get", home_a(200), args=_month("due")),
    Entry("outcomes:return_no_change", "post", home_a(302), args=_month("due"), writes=True),
    Entry("outcomes:return_detail", "get", home_a(200), args=_month("sent")),
    Entry(
        "outcomes:return_detail",
        "get",
        {**home_a(404), "pat": 403},
        args=_month("due"),
        label="not sent",
    ),
    Entry("outcomes:return_correct", "get", home_a(200), args=_month("sent")),
    Entry(
        "outcomes:return_correct",
        "post",
        home_a(302),
        args=_month("sent"),
        data=_correction(),
        writes=True,
    ),
    Entry(
        "outcomes:return_correct",
        "post",
        home_a(200),
        args=_month("sent"),
        data=_correction(reason=""),
        writes=True,
        label="no reason",
    ),
]


def objects(cast) -> dict:
    open_window()
    measures = standard_measures()
    retired = make_measure("Bed days", position=9)
    NetworkMeasure.objects.filter(pk=retired.pk).update(retired_at="2026-01-01T00:00:00Z")
    due = last_month()
    sent = windows.add_months(due, -1)
    make_return(cast.home_a, sent, figures(measures), user=cast.mona)
    make_return(cast.home_b, sent, figures(measures, referrals=6, appropriate=5, falls=2))
    return {**measures, "retired": retired, "due": due, "sent": sent}


def fingerprint():
    return (
        sorted(NetworkMeasure.objects.values_list("pk", "title", "retired_at", "definition")),
        sorted(ReportingWindow.objects.values_list("pk", "opens_day", "closes_day")),
        sorted(MonthlyReturn.objects.values_list("pk", "home_id", "month")),
        sorted(ReturnValue.objects.values_list("pk", "value")),
        Correction.objects.count(),
    )
