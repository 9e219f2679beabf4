"""Reads for training impact: cascade records ("passing it on") and the analytics.

Who may see what is decided in training.access; this module narrows the rows to match.

Small numbers: any figure that counts fewer than 5 people reads "fewer than 5" (see
`people_text`), and an average or a rate worked out from fewer than 5 people is not shown
(`mean_text`, `rate_text`). Counts of things people did (views, sessions completed,
ratings, time watched) are not shown when fewer than 5 people did them (`count_text`):
"one person, 6 sessions completed" would give that person away. Zero is shown as 0: it
picks nobody out. Totals are shown as they are, even where a suppressed cell could be
worked out from a total by subtraction.

Sessions that are drafts (moved back to draft after people watched them) are named only to
people who manage training; others read "A session no longer in the library".

Every figure is counted in the database (aggregate or annotate), so the analytics take the
same number of queries whatever the number of learning records, sessions or homes.
"""

from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Case, Count, IntegerField, Q, QuerySet, Sum, Value, When

from network.models import Area, Theme, User
from network.roles import OrganisationKind
from network.selectors import is_network_wide
from network.selectors_directory import AreaTree
from portal.charts import bar_chart
from portal.forms import london_datetime
from portal.small_numbers import (  # noqa: F401 (re-exported for templates and tests)
    FEWER_THAN_5,
    SMALL_NUMBER,
    count_text,
    is_small,
    mean_text,
    people_text,
    rate_text,
    shown_count,
)
from training import access
from training.forms_learning import RATING_CHOICES, RATINGS
from training.models import CascadeDelivery, LearningRecord, Session

# The self-assessment scores, in the order the learning form asks them.
SCORES = (("knowledge", "Knowledge"), ("confidence", "Confidence"), ("skill", "Skill"))
# The ratings as learners chose them (training.forms_learning), best first.
RATING_LABELS = tuple(reversed(RATING_CHOICES))
RATING_SCALE = f"from 1 ({RATINGS[0].lower()}) to {len(RATINGS)} ({RATINGS[-1].lower()})"
# What a session that is not in the library (a draft) is called for people who cannot
# manage training.
SESSION_NOT_IN_LIBRARY = "A session no longer in the library"
SHOWN_STATUSES = (Session.Status.PUBLISHED, Session.Status.ARCHIVED)
# The analytics page lists this many organisations (the spreadsheet has them all).
ORGANISATIONS_ON_PAGE = 100
# Feedback comments shown to project workers: the most recent ones.
COMMENTS_ON_PAGE = 50


# --- Small numbers --------------------------------------------------------------------


def change_text(before: float | None, after: float | None, people: int) -> str | None:
    if before is None or after is None or people < SMALL_NUMBER:
        return None
    change = round(after - before, 1)
    if change > 0:
        return f"+{change:.1f}"
    if change < 0:
        return f"\u2212{abs(change):.1f}"
    return "no change"


def duration_text(seconds: int) -> str:
    """Time watched in hours and minutes, like "12 hours 5 minutes"."""
    minutes = round((seconds or 0) / 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours:,} hour{'s' if hours != 1 else ''}")
    if minutes or not hours:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)


def session_title(title: str, status: str, *, sees_drafts: bool) -> str:
    """A session's title, or SESSION_NOT_IN_LIBRARY for a draft when the viewer does not
    manage training (drafts are not theirs to see, even by name)."""
    if sees_drafts or status in SHOWN_STATUSES:
        return title
    return SESSION_NOT_IN_LIBRARY


# --- Cascade records ------------------------------------------------------------------


@dataclass(frozen=True)
class CascadeScope:
    """The cascade records a person may read, and whether to say which home each is at.

    `full_home_ids`: the homes whose records this person reads in full (who recorded it,
    the exact number of colleagues, the notes); None for every home. Records at other homes
    (a partner's areas) show the date, session, home and colleagues with small numbers
    suppressed: notes may name staff, and "2 colleagues" at a small home picks people out.
    """

    deliveries: QuerySet[CascadeDelivery]
    shows_home: bool
    can_record: bool
    full_home_ids: frozenset[int] | None = None
    # Whether some records are not shown in full (then totals suppress small numbers).
    restricted: bool = False
    sees_drafts: bool = False

    @property
    def shows_details(self) -> bool:
        """Whether any record is shown in full (so the page has the detail columns)."""
        return self.full_home_ids is None or bool(self.full_home_ids)


@dataclass(frozen=True)
class CascadeRow:
    """One record of training passed on, as this person may read it. `recorded_by` and
    `notes` are None when they are not shown."""

    delivered_on: date
    title: str
    home: str
    colleagues: str
    in_full: bool
    recorded_by: str | None
    notes: str | None


def cascade_rows(scope: CascadeScope, deliveries) -> list[CascadeRow]:
    """The records on one page of the list, each shown in full or not (see CascadeScope)."""
    rows = []
    for delivery in deliveries:
        session = delivery.session
        title = session_title(session.title, session.status, sees_drafts=scope.sees_drafts)
        in_full = scope.full_home_ids is None or delivery.home_id in scope.full_home_ids
        if in_full:
            by = delivery.delivered_by
            colleagues = f"{delivery.attendees:,}"
            recorded_by = (by.full_name if by else "") or "Someone who has left"
            notes = delivery.notes
        else:
            colleagues, recorded_by, notes = people_text(delivery.attendees), None, None
        rows.append(
            CascadeRow(
                delivered_on=delivery.delivered_on,
                title=title,
                home=delivery.home.name,
                colleagues=colleagues,
                in_full=in_full,
                recorded_by=recorded_by,
                notes=notes,
            )
        )
    return rows


def cascade_scope(user: User) -> CascadeScope:
    """Champions and managers: their homes' records, in full. Project workers and admins:
    every home's, in full. Partners: the care homes in their areas, without notes or names
    and with small numbers suppressed. Anyone else: PermissionDenied."""
    homes = access.cascade_homes(user)
    sees_drafts = access.can_manage(user)
    qs = CascadeDelivery.objects.select_related("session", "home", "delivered_by").order_by(
        "-delivered_on", "-pk"
    )
    if is_network_wide(user):
        return CascadeScope(
            qs, shows_home=True, can_record=bool(homes), full_home_ids=None, sees_drafts=True
        )
    try:
        area_ids = access.analytics_area_ids(user)
    except PermissionDenied:
        area_ids = set()
    if not homes and not area_ids:
        raise PermissionDenied(
            "Only champions and managers at a care home, partners and the network's project "
            "workers can see training that was passed on."
        )
    where = Q(home__in=[home.pk for home in homes])
    if area_ids:
        where |= Q(home__area_id__in=area_ids, home__kind=OrganisationKind.CARE_HOME)
    return CascadeScope(
        qs.filter(where),
        shows_home=bool(area_ids) or len(homes) > 1,
        can_record=bool(homes),
        full_home_ids=frozenset(home.pk for home in homes),
        restricted=bool(area_ids),
        sees_drafts=sees_drafts,
    )


def cascade_totals(scope: CascadeScope) -> dict:
    """How many records and colleagues; the colleagues read "fewer than 5" for 1 to 4
    when some records are not shown in full."""
    totals = scope.deliveries.order_by().aggregate(times=Count("pk"), colleagues=Sum("attendees"))
    colleagues = totals["colleagues"] or 0
    return {
        "times": totals["times"],
        "colleagues": colleagues,
        "colleagues_text": people_text(colleagues) if scope.restricted else f"{colleagues:,}",
    }


def cascade_sessions() -> QuerySet[Session]:
    """The sessions a champion may say they passed on: published ones, by title."""
    return access.published_sessions().order_by("title", "pk")


# --- Analytics: who and what is counted -----------------------------------------------


def _same_day_in(year: int, day: date) -> date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


def default_period(today: date) -> tuple[date, date]:
    """The last 12 months, up to and including today."""
    return _same_day_in(today.year - 1, today) + timedelta(days=1), today


def a_year_after(today: date) -> date:
    """The latest date the filters accept: the same day next year (28 February for 29)."""
    return _same_day_in(today.year + 1, today)


@dataclass(frozen=True)
class AnalyticsFilters:
    start: date
    end: date
    theme: Theme | None = None
    area_id: int | None = None


@dataclass
class Scope:
    """What the viewer may count: None for the whole network, or the set of area ids."""

    area_ids: set[int] | None
    tree: AreaTree
    network_wide: bool
    # Whether draft sessions are named (people who manage training).
    sees_drafts: bool = False

    def narrowed(self, area_id: int | None) -> set[int] | None:
        if area_id is None:
            return self.area_ids
        chosen = self.tree.descendants(area_id)
        return chosen if self.area_ids is None else chosen & self.area_ids


def analytics_scope(user: User) -> Scope:
    """Raises PermissionDenied for care home members (see training.access)."""
    area_ids = access.analytics_area_ids(user)
    return Scope(
        area_ids=area_ids,
        tree=AreaTree.load(),
        network_wide=area_ids is None,
        sees_drafts=access.can_manage(user),
    )


def area_choices(scope: Scope) -> list:
    """AreaTree choices for the area filter, keeping only the areas the viewer covers."""
    choices = scope.tree.choices()
    if scope.area_ids is None:
        return choices
    kept: list = []
    for value, label in choices:
        if isinstance(label, list):
            group = [(pk, name) for pk, name in label if pk in scope.area_ids]
            if group:
                kept.append((value, group))
        elif value in scope.area_ids:
            kept.append((value, label))
    return kept


def counted_records(scope: Scope, filters: AnalyticsFilters) -> QuerySet[LearningRecord]:
    """Learning records by people at care homes, started within the period."""
    qs = LearningRecord.objects.filter(
        organisation__kind=OrganisationKind.CARE_HOME,
        started_at__gte=london_datetime(filters.start, time.min),
        started_at__lt=london_datetime(filters.end + timedelta(days=1), time.min),
    )
    area_ids = scope.narrowed(filters.area_id)
    if area_ids is not None:
        qs = qs.filter(organisation__area_id__in=sorted(area_ids))
    if filters.theme is not None:
        qs = qs.filter(session__in=Session.objects.filter(themes=filters.theme).values("pk"))
    return qs.order_by()


def counted_cascades(scope: Scope, filters: AnalyticsFilters) -> QuerySet[CascadeDelivery]:
    """Training passed on at care homes within the period."""
    qs = CascadeDelivery.objects.filter(
        home__kind=OrganisationKind.CARE_HOME,
        delivered_on__gte=filters.start,
        delivered_on__lte=filters.end,
    )
    area_ids = scope.narrowed(filters.area_id)
    if area_ids is not None:
        qs = qs.filter(home__area_id__in=sorted(area_ids))
    if filters.theme is not None:
        qs = qs.filter(session__in=Session.objects.filter(themes=filters.theme).values("pk"))
    return qs.order_by()


# --- Analytics: the figures -----------------------------------------------------------


def _completed() -> Q:
    return Q(completed_at__isnull=False)


def _both(score: str) -> Q:
    return Q(**{f"before_{score}__isnull": False, f"after_{score}__isnull": False})


@dataclass
class SessionRow:
    session_id: int
    title: str
    people: int
    completions: int
    ratings: int
    mean_rating: float | None

    @property
    def people_text(self) -> str:
        return people_text(self.people)

    @property
    def completions_text(self) -> str:
        return people_text(self.completions)

    @property
    def rate_text(self) -> str | None:
        return rate_text(self.completions, self.people)

    @property
    def rating_text(self) -> str | None:
        return mean_text(self.mean_rating, self.ratings)


@dataclass
class PlaceRow:
    """An organisation or an area: people who watched, completions and cascade reach."""

    name: str
    area: str = ""
    kind: str = ""
    people: int = 0
    completions: int = 0
    # The people behind `completions` (one person can complete several sessions).
    completers: int = 0
    times_passed_on: int = 0
    colleagues: int = 0

    @property
    def people_text(self) -> str:
        return people_text(self.people)

    @property
    def completions_text(self) -> str | None:
        return count_text(self.completions, self.completers)

    @property
    def colleagues_text(self) -> str:
        return people_text(self.colleagues)


@dataclass
class ScoreRow:
    label: str
    people: int
    before: float | None
    after: float | None

    @property
    def people_text(self) -> str:
        return people_text(self.people)

    @property
    def before_text(self) -> str | None:
        return mean_text(self.before, self.people)

    @property
    def after_text(self) -> str | None:
        return mean_text(self.after, self.people)

    @property
    def change_text(self) -> str | None:
        return change_text(self.before, self.after, self.people)


@dataclass
class Figures:
    filters: AnalyticsFilters
    totals: dict
    sessions: list[SessionRow]
    organisations: list[PlaceRow]
    areas: list[PlaceRow]
    scores: list[ScoreRow]
    scores_chart: dict | None
    feedback: dict
    comments: list[tuple[str, str]] = field(default_factory=list)

    @property
    def organisations_on_page(self) -> list[PlaceRow]:
        return self.organisations[:ORGANISATIONS_ON_PAGE]

    @property
    def is_empty(self) -> bool:
        return not self.totals["records"] and not self.totals["times_passed_on"]


def _record_totals(records: QuerySet[LearningRecord]) -> dict:
    """Every figure from learning records in one query."""
    sums = {
        "records": Count("pk"),
        "people": Count("user", distinct=True),
        "views": Sum("view_count"),
        "seconds": Sum("seconds_watched"),
        "completions": Count("pk", filter=_completed()),
        "completers": Count("user", filter=_completed(), distinct=True),
        "ratings": Count("rating"),
        "raters": Count("user", filter=Q(rating__isnull=False), distinct=True),
        "mean_rating": Avg("rating"),
    }
    for value, _ in RATING_LABELS:
        # People, not ratings: five ratings of 1 by one person is still one person.
        sums[f"rating_{value}"] = Count("user", filter=Q(rating=value), distinct=True)
    for score, _ in SCORES:
        sums[f"{score}_people"] = Count("user", filter=_both(score), distinct=True)
        sums[f"{score}_before"] = Avg(f"before_{score}", filter=_both(score))
        sums[f"{score}_after"] = Avg(f"after_{score}", filter=_both(score))
    return records.aggregate(**sums)


def _session_rows(records: QuerySet[LearningRecord], *, sees_drafts: bool) -> list[SessionRow]:
    """One row per session. A person has one record per session, so records are people."""
    rows = (
        records.values("session_id", "session__title", "session__status")
        .annotate(
            people=Count("pk"),
            completions=Count("pk", filter=_completed()),
            ratings=Count("rating"),
            mean_rating=Avg("rating"),
        )
        .order_by("-people", "session__title", "session_id")
    )
    return [
        SessionRow(
            session_id=row["session_id"],
            title=session_title(
                row["session__title"], row["session__status"], sees_drafts=sees_drafts
            ),
            people=row["people"],
            completions=row["completions"],
            ratings=row["ratings"],
            mean_rating=row["mean_rating"],
        )
        for row in rows
    ]


def _place_counts() -> dict:
    return {
        "people": Count("user", distinct=True),
        "completions": Count("pk", filter=_completed()),
        "completers": Count("user", filter=_completed(), distinct=True),
    }


def _fill(place: PlaceRow, row: dict) -> None:
    place.people = row["people"]
    place.completions = row["completions"]
    place.completers = row["completers"]


def _organisation_rows(
    records: QuerySet[LearningRecord], cascades: list[dict], tree: AreaTree
) -> list[PlaceRow]:
    """One row per care home with learning or cascade training: most people first."""
    places: dict[int, PlaceRow] = {}

    def place(pk: int, name: str, area_id: int) -> PlaceRow:
        if pk not in places:
            places[pk] = PlaceRow(name=name, area=tree.path(area_id))
        return places[pk]

    rows = records.values(
        "organisation_id", "organisation__name", "organisation__area_id"
    ).annotate(**_place_counts())
    for row in rows:
        found = place(
            row["organisation_id"], row["organisation__name"], row["organisation__area_id"]
        )
        _fill(found, row)
    for row in cascades:
        found = place(row["home_id"], row["home__name"], row["home__area_id"])
        found.times_passed_on, found.colleagues = row["times"], row["colleagues"] or 0
    return sorted(places.values(), key=lambda r: (-r.people, -r.colleagues, r.name))


def _icb_of(tree: AreaTree, area_id: int | None) -> int | None:
    """The ICB area an area is in (itself, for an ICB area)."""
    seen = set()
    while area_id is not None and area_id in tree.by_id and area_id not in seen:
        seen.add(area_id)
        area = tree.by_id[area_id]
        if area.kind == Area.Kind.ICB:
            return area.pk
        area_id = area.parent_id
    return None


def _area_rows(
    records: QuerySet[LearningRecord],
    cascades: list[dict],
    tree: AreaTree,
    counted: set[int] | None,
) -> list[PlaceRow]:
    """ICB areas, each followed by its localities. People are counted once per area (in
    the database), so someone learning at two homes in one ICB area counts once there.
    An ICB area's own row is left out when only part of it is counted (`counted`: the
    area ids the figures cover, None for all), as its figures would look like the whole."""
    icb_of = {pk: _icb_of(tree, pk) for pk in tree.by_id}
    by_locality: dict[int, PlaceRow] = {}
    by_icb: dict[int, PlaceRow] = {}

    def row_for(table: dict[int, PlaceRow], pk: int, kind: str) -> PlaceRow:
        if pk not in table:
            table[pk] = PlaceRow(name=tree.by_id[pk].name, kind=kind)
        return table[pk]

    per_area = records.values("organisation__area_id").annotate(**_place_counts())
    for row in per_area:
        area = tree.by_id.get(row["organisation__area_id"])
        if area is not None and area.kind == Area.Kind.LOCALITY:
            _fill(row_for(by_locality, area.pk, "locality"), row)

    icbs: dict[int, list[int]] = {}
    for pk, icb in icb_of.items():
        if icb is not None:
            icbs.setdefault(icb, []).append(pk)
    if icbs:
        per_icb = (
            records.annotate(
                icb=Case(
                    *[
                        When(organisation__area_id__in=sorted(members), then=Value(icb))
                        for icb, members in sorted(icbs.items())
                    ],
                    default=Value(None),
                    output_field=IntegerField(),
                )
            )
            .filter(icb__isnull=False)
            .values("icb")
            .annotate(**_place_counts())
        )
        for row in per_icb:
            _fill(row_for(by_icb, row["icb"], "icb"), row)

    for row in cascades:
        area_id = row["home__area_id"]
        targets = []
        if area_id in tree.by_id and tree.by_id[area_id].kind == Area.Kind.LOCALITY:
            targets.append(row_for(by_locality, area_id, "locality"))
        if icb_of.get(area_id) is not None:
            targets.append(row_for(by_icb, icb_of[area_id], "icb"))
        for target in targets:
            target.times_passed_on += row["times"]
            target.colleagues += row["colleagues"] or 0

    ordered: list[PlaceRow] = []
    for icb_pk in sorted(by_icb, key=lambda pk: tree.by_id[pk].name):
        if counted is None or icb_pk in counted:
            ordered.append(by_icb[icb_pk])
        localities = [pk for pk in by_locality if icb_of.get(pk) == icb_pk]
        ordered += [by_locality[pk] for pk in sorted(localities, key=lambda p: tree.by_id[p].name)]
    return ordered


def _score_rows(totals: dict) -> list[ScoreRow]:
    return [
        ScoreRow(
            label=label,
            people=totals[f"{score}_people"],
            before=totals[f"{score}_before"],
            after=totals[f"{score}_after"],
        )
        for score, label in SCORES
    ]


def _scores_chart(rows: list[ScoreRow]) -> dict | None:
    if not any(row.before_text for row in rows):
        return None
    bars = []
    for row in rows:
        for when, mean, text in (
            ("before", row.before, row.before_text),
            ("after", row.after, row.after_text),
        ):
            bars.append(
                (
                    f"{row.label} {when}",
                    mean if text else None,
                    text or "not shown (fewer than 5 people)",
                )
            )
    return bar_chart(
        bars,
        title="Average self-assessment scores before and after watching",
        description="Average score from 1 (low) to 5 (high) for knowledge, confidence and "
        "skill, before and after watching. The table below has the same figures.",
        max_value=5,
    )


def _feedback(totals: dict) -> dict:
    """Ratings given, their average and how many people chose each rating. With fewer
    than 5 people rating, only that is said: the breakdown would show their ratings."""
    raters = totals["raters"]
    shown = not is_small(raters)
    return {
        "raters": raters,
        "raters_text": people_text(raters),
        "ratings_text": count_text(totals["ratings"], raters),
        "mean_text": mean_text(totals["mean_rating"], raters),
        "distribution": [
            (label, people_text(totals[f"rating_{value}"])) for value, label in RATING_LABELS
        ]
        if shown and raters
        else [],
    }


def _comments(records: QuerySet[LearningRecord], *, sees_drafts: bool) -> list[tuple[str, str]]:
    """The most recent comments, with the session's title and never a name."""
    rows = (
        records.exclude(comment="")
        .order_by("-feedback_at", "-pk")
        .values_list("session__title", "session__status", "comment")[:COMMENTS_ON_PAGE]
    )
    return [
        (session_title(title, status, sees_drafts=sees_drafts), comment)
        for title, status, comment in rows
    ]


def analytics(scope: Scope, filters: AnalyticsFilters, *, with_comments: bool) -> Figures:
    """Every figure on the analytics page, in a fixed number of queries."""
    records = counted_records(scope, filters)
    cascades = list(
        counted_cascades(scope, filters)
        .values("home_id", "home__name", "home__area_id")
        .annotate(times=Count("pk"), colleagues=Sum("attendees"))
    )
    totals = _record_totals(records)
    times_passed_on = sum(row["times"] for row in cascades)
    colleagues = sum(row["colleagues"] or 0 for row in cascades)
    scores = _score_rows(totals)
    people = totals["people"]
    return Figures(
        filters=filters,
        totals={
            "records": totals["records"],
            "people_text": people_text(people),
            # Counts of what people did: not shown when fewer than 5 people did it.
            "records_text": count_text(totals["records"], people),
            "views_text": count_text(totals["views"] or 0, people),
            "completions_text": count_text(totals["completions"], totals["completers"]),
            "time_watched": None if is_small(people) else duration_text(totals["seconds"] or 0),
            "times_passed_on": times_passed_on,
            "colleagues_text": people_text(colleagues),
        },
        sessions=_session_rows(records, sees_drafts=scope.sees_drafts),
        organisations=_organisation_rows(records, cascades, scope.tree),
        areas=_area_rows(records, cascades, scope.tree, scope.narrowed(filters.area_id)),
        scores=scores,
        scores_chart=_scores_chart(scores),
        feedback=_feedback(totals),
        comments=_comments(records, sees_drafts=scope.sees_drafts) if with_comments else [],
    )
