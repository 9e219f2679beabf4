"""Demo data for the events part of the network. Called by seed_demo; safe to rerun.

Every row is found by a stable key (series by title, events by series and title,
registrations and feedback by event and person, actions by event and wording), so a
rerun on a later day finds what is there and adds nothing. Dates are set relative to the
day the demo was first built.
"""

from datetime import date, datetime, time, timedelta

from django.db.models import Model
from django.utils import timezone

from network.models import (
    Event,
    EventFeedback,
    EventKind,
    EventSeries,
    MeetingAction,
    Organisation,
    Registration,
    Theme,
    User,
)
from network.roles import Role
from portal.forms import LONDON

PEER_SUPPORT = "Fortnightly peer support for care home managers"
NETWORK_MEETING = "Quarterly network meeting"
MANAGER = "manager@oakfield.example"
WORKER = "worker@network.example"
ONLINE = "https://meet.example.org/chin-"


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


class _Counter:
    def __init__(self):
        self.created = 0

    def add(self, pair: tuple[Model, bool]) -> Model:
        obj, new = pair
        self.created += int(new)
        return obj


def _themes(*slugs: str) -> list[Theme]:
    return list(Theme.objects.filter(slug__in=slugs))


def seed() -> int:
    """Add what is missing and return how many rows were created."""
    today = timezone.localdate()
    count = _Counter()
    worker = User.objects.filter(email=WORKER).first()
    manager = User.objects.filter(email=MANAGER).first()
    oakfield = Organisation.objects.filter(name="Oakfield House").first()
    if worker is None or manager is None or oakfield is None:
        return 0
    other_managers = list(
        User.objects.filter(memberships__role=Role.CARE_HOME_MANAGER)
        .exclude(email=MANAGER)
        .order_by("email")[:8]
    )

    # Fortnightly peer support: two sessions past, three to come.
    peer = count.add(
        EventSeries.objects.get_or_create(
            title=PEER_SUPPORT,
            defaults={
                "kind": EventKind.PEER_SUPPORT,
                "description": "An hour for registered managers and deputies to share what "
                "is working, what is hard, and to support each other. Online, cameras optional.",
                "created_by": worker,
            },
        )
    )
    if not peer.themes.exists():
        peer.themes.set(_themes("wellbeing", "keeping-workforce-fit-for-purpose"))
    sessions = []
    for number in range(1, 6):
        day = today + timedelta(days=(number - 3) * 14 + 3)
        event = count.add(
            Event.objects.get_or_create(
                series=peer,
                title=f"Peer support – session {number}",
                defaults={
                    "kind": EventKind.PEER_SUPPORT,
                    "description": "Bring one thing that went well this fortnight and one "
                    "thing you would like help with.",
                    "starts_at": _at(day, 14),
                    "ends_at": _at(day, 15),
                    "online_url": f"{ONLINE}peer-{number}",
                    "capacity": 12,
                    "created_by": worker,
                },
            )
        )
        if not event.themes.exists():
            event.themes.set(_themes("wellbeing"))
        sessions.append(event)

    # Quarterly network meeting: one past, one to come.
    quarterly = count.add(
        EventSeries.objects.get_or_create(
            title=NETWORK_MEETING,
            defaults={
                "kind": EventKind.NETWORK_MEETING,
                "description": "Every care home, partner and the network team together: "
                "what we have learned, and what we will do next.",
                "created_by": worker,
            },
        )
    )
    meetings = []
    for number, (offset, topic) in enumerate(
        [(-40, "winter lessons"), (50, "planning for next year")], start=1
    ):
        day = today + timedelta(days=offset)
        meeting = count.add(
            Event.objects.get_or_create(
                series=quarterly,
                title=f"Network meeting {number}: {topic}",
                defaults={
                    "kind": EventKind.NETWORK_MEETING,
                    "starts_at": _at(day, 10),
                    "ends_at": _at(day, 12, 30),
                    "venue": "Harbourside Community Centre, 12 Quay Road, Portsmouth",
                    "online_url": f"{ONLINE}network-{number}",
                    "capacity": 40,
                    "created_by": worker,
                },
            )
        )
        if not meeting.themes.exists():
            meeting.themes.set(_themes("promoting-a-positive-culture", "creating-community"))
        meetings.append(meeting)

    webinar_day = today + timedelta(days=10)
    webinar = count.add(
        Event.objects.get_or_create(
            series=None,
            title="Webinar: spotting deterioration early with soft signs",
            defaults={
                "kind": EventKind.WEBINAR,
                "description": "A community matron shows how staff can notice and record "
                "soft signs that a resident is becoming unwell, and when to call for help.",
                "starts_at": _at(webinar_day, 13),
                "ends_at": _at(webinar_day, 14),
                "online_url": f"{ONLINE}soft-signs",
                "created_by": worker,
            },
        )
    )
    if not webinar.themes.exists():
        webinar.themes.set(_themes("deterioration", "improving-health-and-healthcare"))

    def register(event: Event, user: User, attended: bool | None = None) -> None:
        count.add(
            Registration.objects.get_or_create(
                event=event,
                user=user,
                defaults={
                    "status": Registration.Status.REGISTERED,
                    "attended": attended,
                    "status_changed_at": event.starts_at - timedelta(days=5),
                },
            )
        )

    # Past sessions: managers came; Grace (the demo manager) came to session 2 and has not
    # yet given feedback, so she can.
    for person in other_managers[:6]:
        register(sessions[0], person, attended=True)
    for person in other_managers[:3]:
        register(sessions[1], person, attended=True)
    register(sessions[1], manager, attended=True)
    for person in other_managers[:4]:
        register(sessions[2], person)
    register(meetings[0], manager, attended=True)
    for person in other_managers:
        register(meetings[0], person, attended=True)
        register(meetings[1], person)
    register(meetings[1], manager)
    register(webinar, other_managers[0])

    answers = [
        (5, "Less alone.", "Ask for help sooner.", "A shared rota template", "", "More staff"),
        (4, "Listened to.", "The falls huddle idea.", "Five-minute huddles", "Training", ""),
        (5, "Encouraged.", "", "Buddy up with a nearby home", "", "A network away day"),
        (3, "Tired but glad I came.", "Sleep hygiene tips for staff.", "", "A wellbeing lead", ""),
        (4, "Relieved others have the same problems.", "Use the RESTORE2 cards.", "", "", ""),
    ]
    for person, answer in zip(other_managers, answers, strict=False):
        rating, feeling, takeaway, now, resources, dream = answer
        count.add(
            EventFeedback.objects.get_or_create(
                event=sessions[0],
                user=person,
                defaults={
                    "rating": rating,
                    "feeling": feeling,
                    "takeaway": takeaway,
                    "idea_now": now,
                    "idea_resources": resources,
                    "idea_dream": dream,
                },
            )
        )

    # Actions from the past network meeting: one overdue for Oakfield House, one for Sam.
    count.add(
        MeetingAction.objects.get_or_create(
            event=meetings[0],
            description="Share Oakfield House's falls audit template with the other homes.",
            defaults={
                "owner_organisation": oakfield,
                "due_date": today - timedelta(days=7),
                "created_by": worker,
            },
        )
    )
    count.add(
        MeetingAction.objects.get_or_create(
            event=meetings[0],
            description="Send every home the winter contact list for the community "
            "nursing and hospital discharge teams.",
            defaults={
                "owner_user": worker,
                "due_date": today + timedelta(days=20),
                "status": MeetingAction.Status.IN_PROGRESS,
                "progress_note": "Draft list checked with Southshore Community Health.",
                "created_by": worker,
            },
        )
    )
    return count.created
