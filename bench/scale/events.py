"""Events: webinars, peer support and meetings over three years (a few still to come),
some in series; registrations (waiting list once an event is full), attendance for past
events, feedback from some who came, and actions agreed at meetings."""

from datetime import timedelta

from bench.scale.world import World, split
from network.models import Event, EventFeedback, EventKind, EventSeries, MeetingAction, Registration

KINDS = [
    (EventKind.WEBINAR, 0.35, "Webinar: {}", ["deterioration", "falls", "medicines-safety"]),
    (EventKind.PEER_SUPPORT, 0.25, "Peer support for managers", ["wellbeing"]),
    (EventKind.NETWORK_MEETING, 0.15, "Network meeting", ["promoting-a-positive-culture"]),
    (EventKind.STRATEGY_GROUP, 0.1, "Strategy group", ["sharing-decision-making"]),
    (EventKind.TRAINING, 0.15, "Training: {}", ["infection-control", "dementia"]),
]
WEBINAR_TOPICS = ["soft signs", "falls at night", "safer medicines", "hydration", "dementia"]
FEEDBACK = [
    ("Listened to and less alone.", "Try a daily huddle."),
    ("Inspired.", "Share the falls checklist with the night team."),
]
ACTIONS = [
    "Share the slides with every home",
    "Invite the community matron next time",
    "Write up the falls checklist",
]


def _kind(rng):
    roll = rng.random()
    for spec in KINDS:
        roll -= spec[1]
        if roll < 0:
            return spec
    return KINDS[0]


def build(world: World) -> None:
    rng = world.rng("events")
    plan = world.plan
    table = world.loader.table
    series = table(EventSeries, ["id", "title", "kind", "description", "created_by_id"])
    events = table(
        Event,
        [
            "id",
            "title",
            "kind",
            "series_id",
            "description",
            "starts_at",
            "ends_at",
            "online_url",
            "venue",
            "capacity",
            "status",
            "recording_url",
            "created_by_id",
            "created_at",
            "updated_at",
        ],
    )
    themes = table(Event.themes.through, ["id", "event_id", "theme_id"])
    registrations = table(
        Registration, ["id", "event_id", "user_id", "status", "status_changed_at", "attended"]
    )
    feedback = table(
        EventFeedback, ["id", "event_id", "user_id", "rating", "feeling", "takeaway", "created_at"]
    )
    actions = table(
        MeetingAction,
        [
            "id",
            "event_id",
            "description",
            "owner_user_id",
            "owner_organisation_id",
            "due_date",
            "status",
            "created_by_id",
            "created_at",
            "completed_at",
        ],
    )

    series_ids = {}
    for kind, _, title, _ in KINDS[1:3]:
        series_ids[kind] = series.new_id()
        series.add((series_ids[kind], f"{title}{world.suffix}", kind, "", world.workers[0]))
    people = [user for user, _ in world.learners] + [user for user, _ in world.partners]
    counts = split(plan.registrations, plan.events, rng)
    for n, count in enumerate(counts):
        kind, _, title, slugs = _kind(rng)
        event = events.new_id()
        starts = world.days_ago(rng.random() * 1095 - 90).replace(minute=0, second=0)
        ends = starts + timedelta(minutes=rng.choice([60, 90, 120]))
        online = rng.random() < 0.8
        capacity = rng.choice([None, None, 30, 50, 100])
        cancelled = rng.random() < 0.03
        past = ends <= world.now
        topic = WEBINAR_TOPICS[n % len(WEBINAR_TOPICS)]
        events.add(
            (
                event,
                title.format(topic),
                kind,
                series_ids.get(kind),
                "An hour to learn and share with other homes.",
                starts,
                ends,
                "https://meet.example.org/network" if online else "",
                "" if online else "Community hall, High Street",
                capacity,
                "cancelled" if cancelled else "scheduled",
                "https://www.youtube.com/watch?v=recording01"
                if past and kind == EventKind.WEBINAR and rng.random() < 0.5
                else "",
                rng.choice(world.workers),
                starts - timedelta(days=30),
                starts - timedelta(days=30),
            )
        )
        for theme in world.theme_list(slugs[:2]):
            themes.add((themes.new_id(), event, theme))
        who = rng.sample(people, min(count, len(people)))
        for place, user in enumerate(who):
            full = capacity is not None and place >= capacity
            status = "waiting" if full else "cancelled" if rng.random() < 0.05 else "registered"
            attended = None
            if past and status == "registered" and not cancelled:
                attended = rng.random() < 0.75
            registrations.add(
                (
                    registrations.new_id(),
                    event,
                    user,
                    status,
                    starts - timedelta(days=rng.randint(1, 28)),
                    attended,
                )
            )
            if attended and rng.random() < 0.2:
                feeling, takeaway = rng.choice(FEEDBACK)
                feedback.add(
                    (
                        feedback.new_id(),
                        event,
                        user,
                        rng.randint(3, 5),
                        feeling,
                        takeaway,
                        ends + timedelta(hours=2),
                    )
                )
        if kind in (EventKind.NETWORK_MEETING, EventKind.STRATEGY_GROUP) and not cancelled:
            for _ in range(rng.randint(1, 3)):
                due = (starts + timedelta(days=28)).date()
                done = due < world.today and rng.random() < 0.7
                owner = rng.choice(world.home_managers)
                actions.add(
                    (
                        actions.new_id(),
                        event,
                        rng.choice(ACTIONS),
                        owner,
                        None,
                        due,
                        "done" if done else "open",
                        world.workers[0],
                        ends,
                        ends + timedelta(days=14) if done else None,
                    )
                )
