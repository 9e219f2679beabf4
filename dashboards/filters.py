"""The filters every area figure goes through: which areas, which dates, which theme.

    form, scope = scope_for(request.user, request.GET)

`FigureFilterForm` is a GET form (dates, theme, area). A value that makes no sense is
shown as an error and left out: the figures use the default for it instead (the last 12
months; the viewer's own areas). `Scope` is what the figures count: the care homes in the
chosen areas, the dates and the theme, with a label for headings ("Southampton, 1 December
2025 to 30 November 2026") and query strings for links that keep the same filters.

The training figures (training:analytics) use the same form, so a link from the dashboard
to them carries the filters over as they are.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone

from dashboards.access import area_ids_for
from network.models import Area, Organisation, Theme, User
from network.roles import OrganisationKind
from network.selectors_directory import AreaTree
from portal.forms import DateInputField, london_datetime

# The portal holds nothing before this date.
EARLIEST = date(2000, 1, 1)


def _same_day_in(year: int, day: date) -> date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


def default_period(today: date) -> tuple[date, date]:
    """The last 12 months, up to and including today."""
    return _same_day_in(today.year - 1, today) + timedelta(days=1), today


def latest_date(today: date) -> date:
    """The latest date the filters accept: the same day next year (28 February for 29)."""
    return _same_day_in(today.year + 1, today)


def long_date(day: date) -> str:
    """ "1 December 2025"."""
    return f"{day.day} {day:%B %Y}"


def area_choices(tree: AreaTree, area_ids: set[int] | None) -> list:
    """The area tree's choices, keeping only the areas in `area_ids` (None: all)."""
    choices = tree.choices()
    if area_ids is None:
        return choices
    kept: list = []
    for value, label in choices:
        if isinstance(label, list):
            group = [(pk, name) for pk, name in label if pk in area_ids]
            if group:
                kept.append((value, group))
        elif value in area_ids:
            kept.append((value, label))
    return kept


class FigureFilterForm(forms.Form):
    """The period, theme and area the figures cover. Dates run from 1 January 2000 to a
    year from today: the portal holds nothing outside that, and a date like 31 December
    9999 cannot have a day added to it."""

    EARLIEST = EARLIEST

    start = DateInputField(
        label="From",
        required=False,
        help_text="For example, 1 4 2026",
        error_messages={
            "invalid": "The start date must be a real date",
            "incomplete": "The start date must include a {missing}",
            "year": "Enter the start date's year as 4 numbers, like 2026",
        },
    )
    end = DateInputField(
        label="To",
        required=False,
        help_text="For example, 31 3 2027",
        error_messages={
            "invalid": "The end date must be a real date",
            "incomplete": "The end date must include a {missing}",
            "year": "Enter the end date's year as 4 numbers, like 2027",
        },
    )
    theme = forms.ModelChoiceField(
        label="Theme",
        required=False,
        queryset=Theme.objects.order_by("name"),
        empty_label="All themes",
        error_messages={"invalid_choice": "Choose a theme from the list"},
    )
    area = forms.TypedChoiceField(
        label="Area",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Choose an area from the list"},
    )

    def __init__(self, *args, area_choices: list, whole: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", whole), *area_choices]
        self.latest = latest_date(timezone.localdate())

    def _within_range(self, day: date | None, which: str) -> date | None:
        if day is None:
            return day
        if day < self.EARLIEST:
            raise ValidationError(f"The {which} date must be on or after {long_date(EARLIEST)}")
        if day > self.latest:
            raise ValidationError(
                f"The {which} date must be on or before {long_date(self.latest)}, a year from today"
            )
        return day

    def clean_start(self):
        return self._within_range(self.cleaned_data.get("start"), "start")

    def clean_end(self):
        return self._within_range(self.cleaned_data.get("end"), "end")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "The end date must be the same as or after the start date")
        return cleaned


@dataclass
class Scope:
    """What the figures count.

    `area_ids`: the areas counted (the viewer's areas, narrowed to the chosen area), or None
    for the whole network. `area`: the area chosen in the filter, if any. `own_area_ids`:
    every area the viewer covers (None for the whole network)."""

    start: date
    end: date
    theme: Theme | None
    area: Area | None
    area_ids: set[int] | None
    own_area_ids: set[int] | None
    tree: AreaTree = field(repr=False)
    is_default_period: bool = True

    @property
    def network_wide(self) -> bool:
        return self.own_area_ids is None

    def _roots(self) -> list[Area]:
        """The top areas the viewer covers (the areas inside them are covered too)."""
        if self.own_area_ids is None:
            return []
        return sorted(
            (
                self.tree.by_id[pk]
                for pk in self.own_area_ids
                if pk in self.tree.by_id and self.tree.by_id[pk].parent_id not in self.own_area_ids
            ),
            key=lambda area: area.name,
        )

    @property
    def whole_label(self) -> str:
        """What the figures cover with no area chosen."""
        if self.own_area_ids is None:
            return "the whole network"
        names = [area.name for area in self._roots()]
        if not names:
            return "your areas"
        if len(names) == 1:
            return names[0]
        return ", ".join(names[:-1]) + " and " + names[-1]

    @property
    def area_label(self) -> str:
        return self.area.name if self.area is not None else self.whole_label

    @property
    def period_label(self) -> str:
        return f"{long_date(self.start)} to {long_date(self.end)}"

    @property
    def label(self) -> str:
        """ "Southampton, 1 December 2025 to 30 November 2026", then the theme if one is
        chosen ("..., falls only")."""
        text = f"{self.area_label[:1].upper()}{self.area_label[1:]}, {self.period_label}"
        if self.theme is not None:
            text += f", {self.theme.name} only"
        return text

    # --- Counting ---------------------------------------------------------------------

    def home_q(self, prefix: str = "") -> Q:
        """Rows whose organisation (reached through `prefix`, like "organisation__") is a
        care home in the counted areas."""
        where = Q(**{f"{prefix}kind": OrganisationKind.CARE_HOME})
        if self.area_ids is not None:
            where &= Q(**{f"{prefix}area_id__in": sorted(self.area_ids)})
        return where

    def homes(self) -> QuerySet[Organisation]:
        """The care homes in scope."""
        return Organisation.objects.filter(self.home_q())

    def moments(self) -> tuple[datetime, datetime]:
        """The period as moments: from the start of the first day to the start of the day
        after the last (in London time), for `created_at__gte` / `__lt` filters."""
        return (
            london_datetime(self.start, time.min),
            london_datetime(self.end + timedelta(days=1), time.min),
        )

    def during(self, field_name: str) -> Q:
        """Rows whose date and time `field_name` falls in the period."""
        since, until = self.moments()
        return Q(**{f"{field_name}__gte": since, f"{field_name}__lt": until})

    # --- Links ------------------------------------------------------------------------

    def params(self) -> dict:
        """The filters as the filter form reads them."""
        values: dict = {}
        for name, day in (("start", self.start), ("end", self.end)):
            values[f"{name}_day"] = day.day
            values[f"{name}_month"] = day.month
            values[f"{name}_year"] = day.year
        if self.theme is not None:
            values["theme"] = self.theme.pk
        if self.area is not None:
            values["area"] = self.area.pk
        return values

    def query_string(self) -> str:
        """For links to this dashboard, its CSV and PDF and the training figures."""
        return urlencode(self.params())

    @property
    def link_area_id(self) -> int | None:
        """The area to give list pages: the chosen one, or the one area a partner covers
        (a partner covering several areas, or the whole network: none)."""
        if self.area is not None:
            return self.area.pk
        roots = self._roots()
        return roots[0].pk if len(roots) == 1 else None

    def list_query(self, **extra) -> str:
        """For links to a list page that filters by area and theme (needs, events...):
        `?area=..&theme=..` plus `extra` (values that are None or "" are left out)."""
        values: dict = {}
        if self.link_area_id is not None:
            values["area"] = self.link_area_id
        if self.theme is not None:
            values["theme"] = self.theme.pk
        values.update({k: v for k, v in extra.items() if v not in (None, "")})
        return urlencode(values)


def scope_for(user: User, data=None) -> tuple[FigureFilterForm, Scope]:
    """The filter form (bound to `data`, a QueryDict, when it has anything) and the scope
    of the figures. PermissionDenied for people who may not see area figures."""
    tree = AreaTree.load()
    own = area_ids_for(user, tree)
    start, end = default_period(timezone.localdate())
    form = FigureFilterForm(
        data or None,
        initial={"start": start, "end": end},
        area_choices=area_choices(tree, own),
        whole="The whole network" if own is None else "All your areas",
    )
    cleaned: dict = {}
    if form.is_bound:
        form.is_valid()  # errors are shown on the page; valid values are still used
        cleaned = form.cleaned_data
    chosen = tree.by_id.get(cleaned.get("area")) if cleaned.get("area") else None
    if chosen is not None:
        area_ids = tree.descendants(chosen.pk)
        if own is not None:
            area_ids &= own
    else:
        area_ids = own
    # An end date before the start date is an error on the end date, so it is left out.
    chosen_start, chosen_end = cleaned.get("start"), cleaned.get("end")
    scope = Scope(
        start=chosen_start or start,
        end=chosen_end or end,
        theme=cleaned.get("theme"),
        area=chosen,
        area_ids=area_ids,
        own_area_ids=own,
        tree=tree,
        is_default_period=not (chosen_start or chosen_end),
    )
    if scope.end < scope.start:  # only one date given, on the wrong side of the default
        scope.start, scope.end = scope.end, scope.start
    return form, scope
