"""What a person's digest says: sections of items, chosen by their role and checked against
what they may see when the digest is built (not when the period started).

- Care home managers and staff: responses to their home's needs, new training on the
  themes of their home's open needs, events in the next 14 days, open surveys they have
  not answered, case studies other homes shared.
- Partners: new needs in their areas, needs in their areas still waiting for a response,
  highlights (projects shared with the network, training published).
- Project workers and network admins: what happened across the network, needs waiting for
  a first response (oldest first), meeting actions past their due date.

A digest goes only when something in it is new in the period; reminders (events coming up,
needs still waiting, surveys still open) ride along but never make an email on their own,
so a daily digest does not repeat yesterday's. Nothing is built for inactive people, people
without a verified email address, or people who chose a different frequency (or none).

Data every person shares (the period's new needs, sessions, events...) is read once into a
`DigestContext`; each person then costs at most 2 queries of their own once `load_people`
has primed them (memberships, verified address and preference in 3 queries per batch).
"""

from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from digests.models import DigestPreference, Frequency
from digests.periods import Period
from network.models import Event, MeetingAction, Membership, Registration, User
from network.roles import Role
from network.selectors import _cached_memberships, is_network_wide
from network.selectors_directory import AreaTree
from portal.small_numbers import NOT_SHOWN, count_text
from qi_cycles.models import Cycle, Project
from surveys.models import Need, NeedResponse, Survey, SurveyParticipation
from surveys.selectors_needs import HOME_ROLES
from training.models import LearningRecord, Session

REASONS = {
    Role.CARE_HOME_MANAGER: "You are a manager at {org}.",
    Role.CARE_HOME_STAFF: "You work at {org}.",
    Role.PARTNER: "You are a partner at {org}.",
}
SHOWN = 5  # items listed in a section; the rest are counted with a link to the full list
EVENTS_AHEAD = timedelta(days=14)
EXCERPT = 140


def absolute(name: str, *args, query: str = "") -> str:
    return f"{settings.SITE_URL}{reverse(name, args=args)}{query}"


def excerpt(text: str, limit: int = EXCERPT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def long_date(moment) -> str:
    local = timezone.localtime(moment) if hasattr(moment, "hour") else moment
    return f"{local:%A} {local.day} {local:%B %Y}"


# --- What a digest holds ------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    title: str
    url: str
    lines: tuple[str, ...] = ()  # short sentences under the title
    new: bool = True  # new in the period (False: a reminder that rides along)


@dataclass
class Section:
    key: str
    heading: str
    items: list[Item] = field(default_factory=list)
    total: int = 0  # how many there are in all (only the first SHOWN are listed)
    more_url: str = ""
    more_text: str = ""
    figures: list[tuple[str, str]] = field(default_factory=list)  # (label, value)
    figures_new: bool = False
    more_news: bool = False  # something among the items not listed is new in the period

    @property
    def more(self) -> int:
        return max(self.total - len(self.items), 0)

    @property
    def has_news(self) -> bool:
        return self.figures_new or self.more_news or any(item.new for item in self.items)

    @property
    def is_empty(self) -> bool:
        return not self.items and not self.figures


def _section(key, heading, items, *, total=None, more_url="", more_text="") -> Section:
    """A section listing the first SHOWN of `items`; `total` when `items` were already cut
    short (so only the listed ones had to be written out)."""
    items = list(items)
    count = len(items) if total is None else total
    return Section(key, heading, items[:SHOWN], count, more_url=more_url, more_text=more_text)


@dataclass
class Digest:
    user: User
    period: Period
    sections: list[Section]
    reasons: list[str]  # why they get it: "You are a manager at Oak House."

    @property
    def subject(self) -> str:
        return f"Your {self.period.frequency} update: {self.period.label}"


# --- Data read once per period ------------------------------------------------------------


class DigestContext:
    """What every digest of one period draws on, each read at most once (lazily)."""

    def __init__(self, period: Period, now=None):
        self.period = period
        self.now = now or timezone.now()
        self.today = timezone.localdate(self.now)

    @classmethod
    def for_period(cls, period: Period, now=None) -> "DigestContext":
        return cls(period, now)

    def in_window(self, moment) -> bool:
        return moment is not None and self.period.start <= moment < self.period.end

    @cached_property
    def area_tree(self) -> AreaTree:
        return AreaTree.load()

    def _needs(self):
        return Need.objects.select_related("organisation", "organisation__area").prefetch_related(
            "themes"
        )

    @cached_property
    def new_needs(self) -> list[Need]:
        window = {"created_at__gte": self.period.start, "created_at__lt": self.period.end}
        return list(self._needs().filter(**window).order_by("-created_at", "-pk"))

    @cached_property
    def waiting_needs(self) -> list[Need]:
        """Open needs nobody has responded to yet, oldest first."""
        return list(
            self._needs()
            .filter(status=Need.Status.OPEN, first_response_at__isnull=True)
            .order_by("created_at", "pk")
        )

    def needs_in(self, name: str, area_ids: set[int] | None) -> list[Need]:
        """`new_needs` or `waiting_needs` posted in these areas (None: everywhere), in the
        list's own order. Grouped by area once, so each partner costs no more than their
        own areas' needs."""
        needs = getattr(self, name)
        if area_ids is None:
            return needs
        key = f"_{name}_by_area"
        if key not in self.__dict__:
            grouped: dict[int, list[tuple[int, Need]]] = {}
            for position, need in enumerate(needs):
                grouped.setdefault(need.organisation.area_id, []).append((position, need))
            self.__dict__[key] = grouped
        found = [pair for area_id in area_ids for pair in self.__dict__[key].get(area_id, [])]
        return [need for _, need in sorted(found, key=lambda pair: pair[0])]

    @cached_property
    def responses(self) -> list[NeedResponse]:
        """Responses in the period from anyone but the home that posted the need."""
        return list(
            NeedResponse.objects.filter(
                created_at__gte=self.period.start, created_at__lt=self.period.end
            )
            .exclude(kind=NeedResponse.Kind.REPLY)
            .select_related("need", "author", "organisation")
            .order_by("-created_at", "-pk")
        )

    @cached_property
    def new_sessions(self) -> list[Session]:
        return list(
            Session.objects.filter(
                status=Session.Status.PUBLISHED,
                published_at__gte=self.period.start,
                published_at__lt=self.period.end,
            )
            .prefetch_related("themes")
            .order_by("-published_at", "-pk")
        )

    @cached_property
    def new_case_studies(self) -> list[Project]:
        return list(
            Project.objects.filter(
                visibility=Project.Visibility.SHARED,
                shared_at__gte=self.period.start,
                shared_at__lt=self.period.end,
            )
            .select_related("home", "home__area")
            .order_by("-shared_at", "-pk")
        )

    @cached_property
    def upcoming_events(self) -> list[Event]:
        return list(
            Event.objects.filter(
                status=Event.Status.SCHEDULED,
                starts_at__gte=self.now,
                starts_at__lt=self.now + EVENTS_AHEAD,
            ).order_by("starts_at", "pk")
        )

    @cached_property
    def registrations(self) -> dict[tuple[int, int], str]:
        """(event id, user id) -> status, for the upcoming events."""
        ids = [event.pk for event in self.upcoming_events]
        if not ids:
            return {}
        rows = Registration.objects.filter(event_id__in=ids).exclude(
            status=Registration.Status.CANCELLED
        )
        return {(e, u): s for e, u, s in rows.values_list("event_id", "user_id", "status")}

    @cached_property
    def open_surveys(self) -> list[Survey]:
        return list(
            Survey.objects.filter(
                published=True, opens_at__lte=self.now, closes_at__gt=self.now
            ).order_by("closes_at", "pk")
        )

    @cached_property
    def activity(self) -> list[tuple[str, int, str]]:
        """Network-wide counts for the period (for project workers): label, count, text.
        Completed training counts people, so 1 to 4 reads "fewer than 5"."""
        start, end = self.period.start, self.period.end
        window = {"created_at__gte": start, "created_at__lt": end}
        responses = NeedResponse.objects.filter(**window).exclude(kind=NeedResponse.Kind.REPLY)
        counts = [
            ("Needs posted", Need.objects.filter(**window).count()),
            ("Responses to needs", responses.count()),
            ("PDSA cycles started", Cycle.objects.filter(**window).count()),
        ]
        completed = LearningRecord.objects.filter(
            completed_at__gte=start, completed_at__lt=end
        ).aggregate(n=Count("pk"), people=Count("user", distinct=True))
        shown = count_text(completed["n"], completed["people"]) or NOT_SHOWN
        return [(label, n, f"{n:,}") for label, n in counts] + [
            ("Training sessions completed", completed["n"], shown)
        ]

    @cached_property
    def overdue_actions(self) -> list[MeetingAction]:
        return list(
            MeetingAction.objects.filter(
                status__in=MeetingAction.OPEN_STATUSES, due_date__lt=self.today
            )
            .select_related("event", "owner_user", "owner_organisation")
            .order_by("due_date", "pk")
        )


class Batch:
    """People read together by `load_people`. What would cost a query for each of them
    (their homes' open needs' themes; surveys they or their homes answered) is read for
    all of them at once, the first time one of them needs it."""

    def __init__(self, users: list[User]):
        self.user_ids = {user.pk for user in users}
        self.org_ids = {m.organisation_id for user in users for m in user._membership_cache}
        self._answered: dict[tuple[int, ...], list[tuple[int, int | None, int | None]]] = {}

    @cached_property
    def open_need_themes(self) -> dict[int, list[tuple[int, str]]]:
        """Organisation id -> (theme id, need title) of its open needs, oldest need first."""
        rows = (
            Need.themes.through.objects.filter(
                need__organisation_id__in=self.org_ids, need__status__in=Need.OPEN_STATUSES
            )
            .order_by("need__created_at", "need_id")
            .values_list("need__organisation_id", "theme_id", "need__title")
        )
        found: dict[int, list[tuple[int, str]]] = {}
        for org_id, theme_id, title in rows:
            found.setdefault(org_id, []).append((theme_id, title))
        return found

    def answered(self, survey_ids: list[int]) -> list[tuple[int, int | None, int | None]]:
        """(survey, person, organisation) for these surveys, by anyone in the batch or any
        of their organisations."""
        key = tuple(sorted(survey_ids))
        if key not in self._answered:
            rows = SurveyParticipation.objects.filter(survey_id__in=key).filter(
                Q(user_id__in=self.user_ids) | Q(organisation_id__in=self.org_ids)
            )
            self._answered[key] = list(rows.values_list("survey_id", "user_id", "organisation_id"))
        return self._answered[key]


def load_people(user_ids) -> list[User]:
    """The people with what `skip_reason` and `build_digest` ask about each of them already
    read: memberships, whether their address is verified, and their chosen frequency
    (3 queries for the whole batch); the rest of what is theirs alone is read for the whole
    batch when first needed (`Batch`), so a batch costs the same queries for 3 people as
    for 300."""
    users = list(User.objects.filter(pk__in=user_ids).order_by("pk"))
    by_id = {user.pk: user for user in users}
    for user in users:
        user._membership_cache = []
        user._digest_verified = False
        user._digest_frequency = Frequency.WEEKLY
    memberships = Membership.objects.filter(user_id__in=by_id).select_related(
        "organisation", "organisation__area"
    )
    for membership in memberships:
        by_id[membership.user_id]._membership_cache.append(membership)
    verified = EmailAddress.objects.filter(user_id__in=by_id, verified=True)
    for user_id, email in verified.values_list("user_id", "email"):
        if email.lower() == by_id[user_id].email.lower():
            by_id[user_id]._digest_verified = True
    chosen = DigestPreference.objects.filter(user_id__in=by_id)
    for user_id, frequency in chosen.values_list("user_id", "frequency"):
        by_id[user_id]._digest_frequency = frequency
    batch = Batch(users)
    for user in users:
        user._digest_batch = batch
    return users


def frequency_of(user: User) -> str:
    """How often this person wants their digest (weekly unless they chose otherwise)."""
    if not hasattr(user, "_digest_frequency"):
        chosen = DigestPreference.objects.filter(user=user).values_list("frequency", flat=True)
        user._digest_frequency = chosen.first() or Frequency.WEEKLY
    return user._digest_frequency


def _has_verified_email(user: User) -> bool:
    if not hasattr(user, "_digest_verified"):
        user._digest_verified = EmailAddress.objects.filter(
            user=user, email__iexact=user.email, verified=True
        ).exists()
    return user._digest_verified


def skip_reason(user: User, period: Period) -> str:
    """Why this person must get no digest for this period, in words; "" if they may."""
    if not user.is_active:
        return "their account is switched off"
    frequency = frequency_of(user)
    if frequency == Frequency.NONE:
        return "they chose not to get digest emails"
    if frequency != period.frequency:
        return f"they chose {frequency} emails, not {period.frequency} ones"
    if not _has_verified_email(user):
        return "their email address is not verified"
    return ""


def build_digest(user: User, period: Period, context: DigestContext | None = None):
    """The person's digest for the period, or None when they must not get one or nothing
    in it is new. Pass one `context` for every person of a batch."""
    context = context or DigestContext.for_period(period)
    if skip_reason(user, period):
        return None
    digest = compose(user, context)
    if not any(section.has_news for section in digest.sections):
        return None
    return digest


def compose(user: User, context: DigestContext) -> Digest:
    """Every section for this person, whether or not anything in it is new."""
    from digests import sections

    memberships = _cached_memberships(user)
    homes = [m for m in memberships if m.organisation.is_care_home and m.role in HOME_ROLES]
    partner_of = [m for m in memberships if m.role == Role.PARTNER]
    reasons = [REASONS[m.role].format(org=m.organisation.name) for m in (*homes, *partner_of)]
    found: list[Section] = []
    if homes:
        found += sections.for_home_members(user, homes, context)
    if partner_of:
        found += sections.for_partners(user, partner_of, context)
    if is_network_wide(user):
        found += sections.for_project_workers(user, context)
        reasons.append("You help run the network.")
    return Digest(user, context.period, [s for s in found if not s.is_empty], reasons)
