"""Demo data for the needs board. Called by seed_demo after the people exist; safe to rerun
(each need is keyed on its title and home; responses and endorsements are added only to
needs this run created)."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from network.models import Organisation, Theme, User
from surveys.models import Need, NeedEndorsement, NeedResponse


@dataclass(frozen=True)
class DemoNeed:
    home: str
    poster: str  # email, or "" for the home's manager
    title: str
    description: str
    themes: list[str]
    urgency: str
    days_ago: int
    status: str = Need.Status.OPEN
    hide_home_name: bool = False
    what_helped: str = ""
    # (days after posting, email of the author, kind, body, link)
    responses: list[tuple] = field(default_factory=list)
    endorsed_by: list[str] = field(default_factory=list)  # other homes
    flagged: bool = False


PARTNER = "partner@icb.example"
WORKER = "worker@network.example"
MATRON = "lead@southshore.example"

NEEDS = [
    DemoNeed(
        "Oakfield House",
        "manager@oakfield.example",
        "Training on recognising deterioration (soft signs)",
        "Our night staff are not always confident spotting when a resident is becoming "
        "unwell: eating less, more sleepy, a bit confused. We would like short training on "
        "soft signs and on using RESTORE2 before calling 111 or the GP, ideally at times "
        "night staff can attend.",
        ["Deterioration", "Improving health and healthcare"],
        "soon",
        days_ago=6,
        status=Need.Status.BEING_ADDRESSED,
        responses=[
            (
                1,
                PARTNER,
                "offer",
                "Our care home support team runs a one-hour soft signs session, in person or "
                "online, including one at 7pm for night staff. We can come to you in the "
                "next month. Reply here with a few dates that suit.",
                "",
            ),
            (
                2,
                "manager@oakfield.example",
                "reply",
                "Thank you. The second or third Tuesday evening of next month would work for "
                "most of our night team.",
                "",
            ),
        ],
        endorsed_by=["Willow Lodge", "Harbour View"],
    ),
    DemoNeed(
        "Beech Court",
        "",
        "Help with a rise in falls at night",
        "We have had more falls at night over the last two months, mostly residents living "
        "with dementia getting up to use the toilet. We would welcome advice on a falls "
        "review and on sensor equipment.",
        ["Falls", "Dementia"],
        "urgent",
        days_ago=9,
        flagged=True,
    ),
    DemoNeed(
        "Harbour View",
        "",
        "Ideas to help residents drink more in hot weather",
        "Some residents drink very little, especially in summer. We would like ideas that "
        "have worked in other homes, such as hydration rounds or flavoured ice lollies, and "
        "a simple way to track fluids.",
        ["Nutrition and hydration"],
        "routine",
        days_ago=40,
        status=Need.Status.MET,
        what_helped="A hydration champion on each shift, a drinks trolley at 11am and 3pm, "
        "and jelly drops for residents who find drinking hard. Fewer urine infections since.",
        responses=[
            (
                3,
                WORKER,
                "resource",
                "The network's hydration toolkit has the drinks-round plan and a fluid chart "
                "other homes use. There is also a recorded webinar from last summer.",
                "https://www.nhs.uk/live-well/eat-well/food-guidelines-and-food-labels/"
                "water-drinks-nutrition/",
            ),
        ],
    ),
    DemoNeed(
        "Maple Grange",
        "",
        "Support for staff wellbeing after a difficult winter",
        "Our team is tired after a hard winter with a lot of sickness. We would like to "
        "hear what support is available for staff, such as wellbeing sessions or "
        "counselling, and how other homes have looked after their teams.",
        ["Wellbeing", "Keeping workforce fit for purpose"],
        "soon",
        days_ago=4,
        hide_home_name=True,
        responses=[
            (
                1,
                "commissioner@harbourside.example",
                "referral",
                "The council funds free, confidential wellbeing support for care staff. I "
                "have passed your details to the team, and they will contact you this week.",
                "",
            ),
        ],
    ),
    DemoNeed(
        "Cedar House",
        "",
        "Checking medicines when residents come back from hospital",
        "When residents return from hospital, the discharge letter and the medicines that "
        "come with them do not always match. We would like a clear process and a contact at "
        "the hospital pharmacy.",
        ["Medicines safety", "Managing transitions"],
        "soon",
        days_ago=3,
    ),
    DemoNeed(
        "Elm Park",
        "",
        "Recruiting and keeping night nurses",
        "We have struggled to fill night nurse shifts and rely on agency staff. We would "
        "like to hear from homes that have improved recruitment or retention, and about any "
        "local schemes.",
        ["Staffing", "Keeping workforce fit for purpose"],
        "routine",
        days_ago=12,
        status=Need.Status.BEING_ADDRESSED,
        responses=[
            (
                5,
                WORKER,
                "event",
                "The next network meeting has a session on recruitment with two homes that "
                "cut agency use by half. Book a place from the events page.",
                "",
            ),
        ],
    ),
    DemoNeed(
        "Willow Lodge",
        "",
        "Advance care planning conversations with families",
        "Staff find it hard to start conversations about future wishes with residents and "
        "their families. We would like training or someone to shadow.",
        ["Advance care planning", "Supporting good end of life"],
        "routine",
        days_ago=20,
        status=Need.Status.CLOSED,
        what_helped="We joined the hospice's training programme instead.",
        responses=[
            (2, MATRON, "comment", "The local hospice runs a course on this for care homes.", "")
        ],
    ),
    DemoNeed(
        "Rosewood Nursing Home",
        "",
        "Using video calls with GP practices",
        "Our GP practice now prefers video consultations for some reviews. We need help "
        "setting up a tablet and training staff to use it well with residents.",
        ["Digital"],
        "routine",
        days_ago=2,
    ),
]


def _user(email: str) -> User | None:
    return User.objects.filter(email=email).first()


def _manager(home: Organisation) -> User | None:
    membership = home.memberships.filter(role="manager").select_related("user").first()
    return membership.user if membership else None


def seed() -> int:
    """Add what is missing and return how many rows were created."""
    created = 0
    now = timezone.now()
    homes = {o.name: o for o in Organisation.objects.filter(kind="care_home")}
    themes = {t.name: t for t in Theme.objects.all()}
    with transaction.atomic():
        for demo in NEEDS:
            home = homes.get(demo.home)
            if home is None or Need.objects.filter(title=demo.title, organisation=home).exists():
                continue
            posted_at = now - timedelta(days=demo.days_ago)
            need = Need.objects.create(
                organisation=home,
                posted_by=_user(demo.poster) if demo.poster else _manager(home),
                title=demo.title,
                description=demo.description,
                urgency=demo.urgency,
                hide_home_name=demo.hide_home_name,
                status=demo.status,
                what_helped=demo.what_helped,
                created_at=posted_at,
                flagged_at=now if demo.flagged else None,
            )
            need.themes.set([themes[name] for name in demo.themes if name in themes])
            created += 1
            first = None
            for days, email, kind, body, link in demo.responses:
                author = _user(email)
                membership = author.memberships.select_related("organisation").first()
                at = posted_at + timedelta(days=days, hours=2)
                NeedResponse.objects.create(
                    need=need,
                    author=author,
                    organisation=membership.organisation if membership else None,
                    kind=kind,
                    body=body,
                    link=link,
                    created_at=at,
                )
                created += 1
                if kind != NeedResponse.Kind.REPLY and first is None:
                    first = at
            for other in demo.endorsed_by:
                if other in homes:
                    NeedEndorsement.objects.create(
                        need=need,
                        organisation=homes[other],
                        user=_manager(homes[other]),
                        created_at=posted_at + timedelta(days=1),
                    )
                    created += 1
            if demo.status in (Need.Status.MET, Need.Status.CLOSED):
                need.closed_at = now - timedelta(days=max(demo.days_ago - 10, 1))
            need.first_response_at = first
            need.save(update_fields=["first_response_at", "closed_at"])
    return created
