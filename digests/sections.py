"""The sections of a digest, one function per role (see digests/content.py for the rules).

Each function reads from the period's `DigestContext` and the person's memberships as they
are now, so someone who has left a home, or a partner whose areas changed, only hears about
what they may see today. A care home's name stays out of the email when the home asked to
hide it (even for partners and project workers, who see it once they open the need).
"""

from datetime import timedelta

from django.db.models import Q

from digests.content import (
    SHOWN,
    DigestContext,
    Item,
    Section,
    _section,
    absolute,
    excerpt,
    long_date,
)
from network.models import Membership, User
from network.selectors_events import event_when
from surveys.models import Need, NeedResponse, SurveyParticipation
from surveys.selectors_needs import UNANSWERED_DAYS, hidden_home_label
from surveys.selectors_surveys import audiences_for

WAITING = timedelta(days=UNANSWERED_DAYS)
PLACE = {"registered": "You have a place.", "waiting": "You are on the waiting list."}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def home_label(need: Need) -> str:
    """Who posted a need, as an email may say it."""
    if need.hide_home_name:
        return hidden_home_label(need)
    return f"{need.organisation.name}, {need.organisation.area.name}"


def _themes(obj) -> str:
    names = [theme.name for theme in obj.themes.all()]
    return f"Themes: {', '.join(names)}." if names else ""


def _lines(*lines: str) -> tuple[str, ...]:
    return tuple(line for line in lines if line)


# --- Care home managers and staff ---------------------------------------------------------


def for_home_members(user: User, homes: list[Membership], ctx: DigestContext) -> list[Section]:
    home_ids = {m.organisation_id for m in homes}
    return [
        responses_to_our_needs(home_ids, ctx),
        training_on_our_themes(user, home_ids, ctx),
        upcoming_events(user, ctx),
        surveys_to_answer(user, homes, ctx),
        case_studies(home_ids, ctx),
    ]


def responses_to_our_needs(home_ids: set[int], ctx: DigestContext) -> Section:
    by_need: dict[int, list[NeedResponse]] = {}
    for response in ctx.responses:  # newest first
        need = response.need
        if need.organisation_id in home_ids and response.organisation_id != need.organisation_id:
            by_need.setdefault(need.pk, []).append(response)
    items = []
    for responses in by_need.values():
        latest, need = responses[0], responses[0].need
        author = latest.author.full_name if latest.author else "A former member"
        if latest.organisation:
            author = f"{author}, {latest.organisation.name}"
        items.append(
            Item(
                need.title,
                absolute("surveys:need_detail", need.pk),
                _lines(
                    f"{_plural(len(responses), 'new response')}. The latest is from {author} "
                    f"on {long_date(latest.created_at)}:",
                    f"“{excerpt(latest.body)}”",
                ),
            )
        )
    return _section(
        "responses",
        "Responses to your home's needs",
        items,
        more_url=absolute("surveys:need_list", query="?mine=on"),
        more_text="See all your home's needs",
    )


def _open_need_themes(user: User, home_ids: set[int]) -> list[tuple[int, str]]:
    """(theme id, need title) for the homes' open needs, oldest need first."""
    batch = getattr(user, "_digest_batch", None)
    if batch is not None:
        return [
            pair for home_id in sorted(home_ids) for pair in batch.open_need_themes.get(home_id, [])
        ]
    links = Need.themes.through.objects.filter(
        need__organisation_id__in=home_ids, need__status__in=Need.OPEN_STATUSES
    )
    return list(
        links.order_by("need__created_at", "need_id").values_list("theme_id", "need__title")
    )


def training_on_our_themes(user: User, home_ids: set[int], ctx: DigestContext) -> Section:
    """Sessions published in the period that share a theme with one of the home's open
    needs, each with the needs it may help with."""
    if not ctx.new_sessions:
        return Section("training", "")
    needs_by_theme: dict[int, list[str]] = {}
    for theme_id, title in _open_need_themes(user, home_ids):
        needs_by_theme.setdefault(theme_id, []).append(title)
    items = []
    for session in ctx.new_sessions:
        titles: list[str] = []
        for theme in session.themes.all():
            titles += [t for t in needs_by_theme.get(theme.pk, []) if t not in titles]
        if titles:
            items.append(
                Item(
                    session.title,
                    absolute("training:session_detail", session.pk),
                    _lines(
                        f"{session.duration_minutes} minutes, with {session.presenter}.",
                        f"It may help with: {'; '.join(titles)}.",
                    ),
                )
            )
    return _section(
        "training",
        "New training on your home's needs",
        items,
        more_url=absolute("training:library"),
        more_text="See all training",
    )


def upcoming_events(user: User, ctx: DigestContext) -> Section:
    items = [
        Item(
            event.title,
            absolute("network:event_detail", event.pk),
            _lines(
                f"{event.get_kind_display()}: {event_when(event)}.",
                PLACE.get(ctx.registrations.get((event.pk, user.pk), ""), ""),
            ),
            new=ctx.in_window(event.created_at),
        )
        for event in ctx.upcoming_events
    ]
    return _section(
        "events",
        "Events in the next 2 weeks",
        items,
        more_url=absolute("network:event_list"),
        more_text="See all events",
    )


def surveys_to_answer(user: User, memberships: list[Membership], ctx: DigestContext) -> Section:
    """Open surveys for the person's audiences that neither they nor (for one-per-home
    surveys) their home have answered."""
    audiences = {a for m in memberships for a in audiences_for(m)}
    surveys = [s for s in ctx.open_surveys if s.audience in audiences]
    if not surveys:
        return Section("surveys", "")
    org_ids = {m.organisation_id for m in memberships}
    batch = getattr(user, "_digest_batch", None)
    if batch is not None:
        done = batch.answered([s.pk for s in ctx.open_surveys])
    else:
        done = SurveyParticipation.objects.filter(survey_id__in=[s.pk for s in surveys]).filter(
            Q(user=user) | Q(organisation_id__in=org_ids)
        )
        done = done.values_list("survey_id", "user_id", "organisation_id")
    by_me, by_home = set(), set()
    for survey_id, user_id, org_id in done:
        if user_id == user.pk:
            by_me.add(survey_id)
        elif org_id in org_ids:
            by_home.add(survey_id)
    items = [
        Item(
            survey.title,
            absolute("surveys:survey_answer", survey.pk),
            (f"Open until {long_date(survey.closes_at)}.",),
            new=ctx.in_window(survey.opens_at),
        )
        for survey in surveys
        if survey.pk not in by_me and not (survey.one_per_home and survey.pk in by_home)
    ]
    return _section(
        "surveys",
        "Surveys waiting for your answers",
        items,
        more_url=absolute("surveys:survey_list"),
        more_text="See all surveys",
    )


def case_studies(home_ids: set[int], ctx: DigestContext) -> Section:
    items = [
        Item(
            project.title,
            absolute("qi:case_study", project.pk),
            _lines(
                f"Shared by {project.home.name}, {project.home.area.name}.",
                excerpt(project.what_changed),
            ),
        )
        for project in ctx.new_case_studies
        if project.home_id not in home_ids
    ]
    return _section(
        "case_studies",
        "New stories from other homes",
        items,
        more_url=absolute("qi:library"),
        more_text="See the learning library",
    )


# --- Partners -----------------------------------------------------------------------------


def for_partners(user: User, memberships: list[Membership], ctx: DigestContext) -> list[Section]:
    own_areas = {m.organisation.area_id for m in memberships}
    area_ids: set[int] = set()
    for area_id in own_areas:
        area_ids |= ctx.area_tree.descendants(area_id)
    query = f"?area={next(iter(own_areas))}" if len(own_areas) == 1 else ""
    board = absolute("surveys:need_list", query=query)
    return [
        new_needs_in_areas(area_ids, ctx, board),
        waiting_needs(
            area_ids, ctx, board, heading="Needs in your area still waiting for a response"
        ),
        highlights(ctx),
        surveys_to_answer(user, memberships, ctx),
    ]


def _need_item(need: Need, *lines: str, new: bool = True) -> Item:
    return Item(need.title, absolute("surveys:need_detail", need.pk), _lines(*lines), new=new)


def new_needs_in_areas(area_ids: set[int], ctx: DigestContext, board: str) -> Section:
    needs = [need for need in ctx.needs_in("new_needs", area_ids) if need.is_open]
    items = [
        _need_item(
            need,
            f"{home_label(need)}. {need.get_urgency_display()}, posted "
            f"{long_date(need.created_at)}.",
            _themes(need),
            "" if need.first_response_at else "Nobody has responded yet.",
        )
        for need in needs[:SHOWN]
    ]
    return _section(
        "new_needs",
        "New needs in your area",
        items,
        total=len(needs),
        more_url=board,
        more_text="See the needs board",
    )


def waiting_needs(area_ids, ctx: DigestContext, board: str, *, heading: str) -> Section:
    """Open needs posted before the period that nobody has responded to, oldest first
    (`area_ids` None: the whole network). One counts as new in the period it reaches
    UNANSWERED_DAYS days without a response. The period's new needs are listed apart."""
    needs = [n for n in ctx.needs_in("waiting_needs", area_ids) if n.created_at < ctx.period.start]
    items = [
        _need_item(
            need,
            f"{home_label(need)}. {need.get_urgency_display()}, posted "
            f"{long_date(need.created_at)} ({_plural((ctx.now - need.created_at).days, 'day')} "
            "ago).",
            new=ctx.in_window(need.created_at + WAITING),
        )
        for need in needs[:SHOWN]
    ]
    found = _section(
        "waiting_needs",
        heading,
        items,
        total=len(needs),
        more_url=board,
        more_text="See the needs board",
    )
    found.more_news = any(ctx.in_window(need.created_at + WAITING) for need in needs[SHOWN:])
    return found


def highlights(ctx: DigestContext) -> Section:
    items = [
        Item(
            project.title,
            absolute("qi:case_study", project.pk),
            (f"An improvement project shared by {project.home.name}, {project.home.area.name}.",),
        )
        for project in ctx.new_case_studies
    ] + [
        Item(
            session.title,
            absolute("training:session_detail", session.pk),
            _lines(f"New training: {session.duration_minutes} minutes.", _themes(session)),
        )
        for session in ctx.new_sessions
    ]
    return _section("highlights", "Highlights from the network", items)


# --- Project workers and network admins ---------------------------------------------------


def for_project_workers(user: User, ctx: DigestContext) -> list[Section]:
    counts = ctx.activity
    activity = Section(
        "activity",
        "What happened in the network",
        figures=[(label, text) for label, _, text in counts],
        figures_new=any(n for _, n, _ in counts),
    )
    board = absolute("surveys:need_list")
    return [
        activity,
        waiting_needs(None, ctx, board, heading="Needs waiting for a first response"),
        overdue_actions(ctx),
    ]


def overdue_actions(ctx: DigestContext) -> Section:
    """Open meeting actions past their due date, oldest first. One counts as new in the
    period it became overdue."""
    first_day, last_day = ctx.period.start.date(), ctx.period.end.date()
    items = []
    for action in ctx.overdue_actions:
        owner = action.owner_user or action.owner_organisation
        items.append(
            Item(
                excerpt(action.description, 100),
                absolute("network:event_detail", action.event_id),
                (
                    f"For {owner}. It was due on {long_date(action.due_date)}.",
                    f"Agreed at {action.event.title}.",
                ),
                new=first_day <= action.due_date < last_day,
            )
        )
    return _section(
        "overdue_actions",
        "Overdue actions from meetings",
        items,
        more_url=absolute("network:event_list"),
        more_text="See events and their actions",
    )
