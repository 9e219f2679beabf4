"""The demo training library. Called by seed_demo after the people, events and projects
exist; safe to rerun.

Every row is found by a stable key (sessions and collections by title, collection items by
collection and session, handouts by session and title, learning records by person and
session, cascade training by session, home and the person who gave it), and the details of
a row are only filled in on the run that made it. So a rerun on a later day adds nothing.
Dates are relative to the day the demo was first built.

What is in it:

- "Introduction to QI methods": four sessions in order. The first, "What is a PDSA cycle?",
  is the short video the project ships (training/demo_media/pdsa-intro.mp4) with its
  WebVTT captions, a transcript taken from the captions and a PDF planning sheet. The
  others link to YouTube or Vimeo (made-up video IDs).
- "Falls prevention": three sessions.
- Sessions on hydration, mouth care with dementia, soft signs and medicines rounds (a
  Microsoft Stream link, which is linked to rather than embedded), the recording of the
  past network meeting (made from the event's recording link), one draft and one archived.
- Learning records for 15 people at nine care homes: some started, most completed, with
  before-and-after self-assessments that show a rise, and a few ratings and comments. The
  PDSA and night-time falls sessions have enough people for the analytics to show figures;
  others show "fewer than 5".
- Cascade training, recorded by each home's champion (or its manager where it has none).
- Soft signs and "After a fall" came out in the last 30 days, on the themes of Oakfield
  House's and Beech Court's needs, so those homes see them on their home page as new
  training that may help.

Files are saved through the fields' storage (Django's default storage), so they land in
S3-compatible storage when that is configured.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db.models import Model
from django.utils import timezone

from network import demo
from network.models import Event, Membership, Organisation, Theme, User
from network.roles import OrganisationKind, Role
from portal.forms import LONDON
from training.embeds import parse_video_link
from training.models import (
    CascadeDelivery,
    Collection,
    CollectionItem,
    Handout,
    LearningRecord,
    Session,
)
from training.validators import (
    captions_text,
    validate_captions,
    validate_handout,
    validate_video_upload,
)

MEDIA = Path(__file__).resolve().parent / "demo_media"
VIDEO = MEDIA / "pdsa-intro.mp4"
CAPTIONS = MEDIA / "pdsa-intro.vtt"
HANDOUT = MEDIA / "pdsa-planning-sheet.pdf"

WORKER = "worker@network.example"
COACH = "coach@network.example"
MANAGER = "manager@oakfield.example"
CARER = "carer@oakfield.example"
PAST_MEETING = "Network meeting 1: winter lessons"
PAST_MEETING_RECORDING = "https://vimeo.com/845678904"

PUBLISHED, DRAFT, ARCHIVED = (
    Session.Status.PUBLISHED,
    Session.Status.DRAFT,
    Session.Status.ARCHIVED,
)
UPLOAD = "upload"  # instead of a link: the shipped PDSA video and captions


@dataclass(frozen=True)
class DemoSession:
    title: str
    summary: str
    presenter: str
    video: str  # a link from an allowed host, or UPLOAD
    minutes: int
    themes: list[str]
    recorded_ago: int  # days
    published_ago: int | None = None  # days; None for a draft
    status: str = PUBLISHED
    transcript: str = ""
    author: str = WORKER
    event: str = ""  # title of the event whose recording this is


PDSA = DemoSession(
    "What is a PDSA cycle?",
    "A one-minute introduction to Plan, Do, Study, Act: how to test one small change at a "
    "time and learn from it before you change the whole home.",
    "Jo Ahmed, improvement coach",
    UPLOAD,
    1,
    ["improving-health-and-healthcare", "promoting-a-positive-culture"],
    recorded_ago=130,
    published_ago=120,
    author=COACH,
)
AIM = DemoSession(
    "Writing an aim you can measure",
    "How to say what you want to improve, for whom, by how much and by when, so the whole "
    "team knows what success looks like.",
    "Jo Ahmed, improvement coach",
    "https://www.youtube.com/watch?v=Qm4aimDemo1",
    18,
    ["improving-health-and-healthcare"],
    recorded_ago=125,
    published_ago=118,
    author=COACH,
    transcript="""\
Hello, I'm Jo. In this session we look at how to write an aim.
An aim says what you want to get better, for whom, by how much and by when.
"Fewer falls" is a wish. "Halve the number of falls at night on both floors by March" is \
an aim.
A good aim is short enough to remember. Put it on the staff room wall.
Pick a number you can count every week without extra paperwork. Use what you already \
record, like the falls log or the fluid charts.
Be bold but honest. If you aim too low, nobody notices the change. If you aim too high, \
people give up.
Check your aim with the people who will do the work: carers, nurses, kitchen staff and \
residents' families.
Next time, we look at how to tell whether a change is really an improvement.""",
)
RUN_CHARTS = DemoSession(
    "Run charts: is it really getting better?",
    "Plot one number each week and learn the simple rules that tell a real change from "
    "an ordinary up-and-down week.",
    "Sam Okafor, project worker",
    "https://vimeo.com/812345601",
    22,
    ["improving-health-and-healthcare"],
    recorded_ago=110,
    published_ago=104,
    transcript="""\
Welcome. Today we are going to draw a run chart.
A run chart is a line of dots, one for each week, with a line across the middle. The line \
in the middle is the median: half the weeks are above it and half below.
Every number goes up and down a bit. That is normal. A run chart helps you see when the \
change is more than that.
Look for six or more dots in a row on the same side of the middle line. That is called a \
shift, and it is a sign something has really changed.
Look for five or more dots going up, or going down, one after another. That is a trend.
Mark on the chart the week you started your change. Then you can see whether the shift \
came after it.
The portal draws these charts for you when you add your weekly numbers to a project.""",
)
DRIVERS = DemoSession(
    "Driver diagrams: from big aim to small changes",
    "Break a big aim into the things that drive it, and the small changes you could test "
    "for each one.",
    "Jo Ahmed, improvement coach",
    "https://youtu.be/DrvDiag2024",
    15,
    ["improving-health-and-healthcare", "sharing-decision-making"],
    recorded_ago=100,
    published_ago=95,
    author=COACH,
    transcript="""\
A driver diagram is a picture of your thinking. Your aim goes on the left.
Next to it you write the main things that make the aim happen. We call these drivers. For \
fewer falls at night, drivers might be: needs are met before residents get up alone, and \
a safe bedroom at night.
Next to each driver you write ideas you could test. For a safe bedroom: a night light, \
clearing the path to the toilet, a sensor mat.
You will not test every idea at once. Pick one, test it with a PDSA cycle, and learn.
Draw it together as a team. Carers on nights often know the best ideas.
Keep the diagram up to date. Cross out ideas that did not work and add new ones.""",
)
FALLS_NIGHT = DemoSession(
    "Preventing falls at night",
    "Why most falls happen at night, and simple things night staff can do to help residents "
    "move safely: toileting rounds, lighting and a clear path.",
    "Helen Price, community matron",
    "https://www.youtube.com/watch?v=FallsNight1",
    25,
    ["falls", "dementia"],
    recorded_ago=90,
    published_ago=84,
    transcript="""\
Good afternoon. I'm Helen, a community matron, and I work with care homes on falls.
In many homes most falls happen between ten at night and six in the morning.
Often the resident gets up to use the toilet. They may be sleepy, the room is dark and \
their glasses or frame are out of reach.
Three things help a lot. First, offer the toilet before settling and again on your night \
rounds. Second, a soft light that shows the way to the bathroom. Third, keep the path \
clear and the walking frame where the resident can reach it.
For people living with dementia, learn their night-time habits. Some always wake at the \
same time. Be there a few minutes before.
After any fall, write down the time and where it happened. Patterns show you where to \
start.
Test one change at a time on one floor, and see what happens to your number of falls.""",
)
FOOTWEAR = DemoSession(
    "Footwear, walking aids and moving safely",
    "What safe slippers and shoes look like, checking walking aids, and encouraging "
    "residents to keep moving.",
    "Daniel Hughes, physiotherapist",
    "https://vimeo.com/823456702",
    20,
    ["falls"],
    recorded_ago=80,
    published_ago=76,
    transcript="""\
Hello, I'm Daniel, a physiotherapist.
Good footwear fits well, holds the heel, and has a thin, non-slip sole. Loose slippers \
and socks on their own are a common cause of trips.
Check walking frames and sticks every week. Are the rubber feet worn? Is the height right? \
The handle should be level with the wrist when the arm hangs down.
Keeping active keeps people steady. Short walks to the dining room, chair exercises and \
standing up to greet visitors all help.
If a resident seems less steady than usual, tell the nurse or manager. It can be an early \
sign that they are becoming unwell.""",
)
AFTER_FALL = DemoSession(
    "After a fall: check, help up safely, tell someone",
    "What to do in the first minutes after a resident falls: checking for injury, getting "
    "them up safely or calling for help, and recording what happened.",
    "Helen Price, community matron",
    "https://youtu.be/AfterFall01",
    30,
    ["falls", "deterioration"],
    recorded_ago=25,
    published_ago=20,
    transcript="""\
When a resident falls, stay calm and stay with them. Call a colleague.
Do not rush to lift them. First check: are they breathing normally? Are they in pain? Can \
they move their arms and legs? Is there a cut or a swelling, especially on the head?
If you think there is a broken bone or a head injury, keep them still and warm and call \
for help. Follow your home's falls policy.
If they are not hurt, use the equipment your home has for getting someone up from the \
floor. Never lift a resident on your own.
Watch them closely for the next 24 hours. Some injuries show later.
Write down what happened, the time and the place. Tell the family, and the nurse or GP if \
your policy says so.""",
)
HYDRATION = DemoSession(
    "Helping residents drink enough",
    "Why older people often drink too little, how to spot it, and ideas that care homes "
    "have tested: drinks rounds, favourite cups and jelly drops.",
    "Farah Iqbal, dietitian",
    "https://vimeo.com/834567803",
    20,
    ["nutrition-and-hydration"],
    recorded_ago=16,
    published_ago=10,
    transcript="""\
Hello, I'm Farah, a dietitian.
As we get older we feel less thirsty, and some people drink less so they need the toilet \
less often.
Not drinking enough can lead to confusion, falls, infections and constipation.
Signs to look out for: dark urine, a dry mouth, being more sleepy or more muddled than usual.
Ideas homes have tested: a drinks round every two hours, offering a choice of drinks, a \
favourite cup with a name on it, ice lollies in summer and jelly drops.
Sit with the resident and have a drink together. People drink more in company.
Write down what each resident drinks, and tell the nurse if someone drinks much less than \
usual.""",
)
MOUTH_CARE = DemoSession(
    "Mouth care for people living with dementia",
    "Keeping teeth, gums and dentures clean when a resident finds mouth care confusing or "
    "upsetting.",
    "Olu Mensah, dental nurse",
    "https://www.youtube.com/watch?v=MouthCare01",
    18,
    ["dementia"],
    recorded_ago=9,
    published_ago=5,
    transcript="""\
Hi, I'm Olu, a dental nurse.
A clean mouth helps people eat well, speak clearly and avoid chest infections.
People living with dementia may not understand why you are brushing their teeth. Explain \
each step, and let them hold the brush if they can.
Try standing behind or beside them, in front of a mirror, so it feels like they are \
brushing their own teeth.
Use a small, soft brush and a pea-sized amount of toothpaste. Brush twice a day.
Take dentures out at night, clean them and keep them in a labelled pot.
If someone stops eating, pulls at their mouth or seems in pain, check their mouth and \
tell the nurse. It may be a sore tooth.""",
)
SOFT_SIGNS = DemoSession(
    "Soft signs: noticing when a resident is becoming unwell",
    "The small changes carers notice first, like being off their food or more sleepy, and "
    "how to use RESTORE2 to tell a nurse or GP.",
    "Helen Price, community matron",
    "https://youtu.be/SoftSigns01",
    35,
    ["deterioration", "improving-health-and-healthcare"],
    recorded_ago=18,
    published_ago=12,
    transcript="""\
Carers often notice first when someone is not right. We call these soft signs.
Soft signs include: not eating or drinking as usual, being more sleepy or more confused, \
new pain, not passing urine, or a change in how they walk.
If you notice a soft sign, tell the nurse or senior on shift. Do not wait until the end of \
the shift.
RESTORE2 helps you check and write down what you see, and gives you words to use when you \
call the GP or NHS 111.
Write down what is normal for each resident. Then everyone can see when something changes.
Acting early can keep people out of hospital.""",
)
MEDICINES = DemoSession(
    "Medicines rounds with fewer interruptions",
    "How one home halved interruptions during the morning medicines round, told by the "
    "nurse who led the project.",
    "Ifeoma Clarke, nurse",
    "https://southshore.sharepoint.com/:v:/s/Training/EaMedRound2025xyz",
    12,
    ["medicines-safety"],
    recorded_ago=45,
    published_ago=40,
    transcript="""\
I'm a nurse and I led our project on the medicines round.
We counted how often the nurse was stopped during the morning round. It was about twelve \
times a round.
We tested a red tabard that says "Medicines round, please do not disturb" and a rule that \
carers take questions to the senior carer instead.
After four weeks interruptions were down to five a round, and the round finished earlier.
We kept the tabard, and now use it at lunchtime too.""",
)
MEETING = DemoSession(
    "Network meeting: winter lessons (recording)",
    "The recording of the network meeting where homes shared what they learned last winter "
    "about infections, staffing and keeping residents well.",
    "Care Home Improvement Network team",
    PAST_MEETING_RECORDING,
    150,
    ["promoting-a-positive-culture", "creating-community"],
    recorded_ago=40,
    published_ago=35,
    event=PAST_MEETING,
)
DISTRESS = DemoSession(
    "Understanding distress in dementia",
    "What a resident might be telling us when they are upset, and how to find and meet the "
    "need behind it.",
    "Jo Ahmed, improvement coach",
    "https://www.youtube.com/watch?v=DistressDem",
    25,
    ["dementia", "maintaining-identity"],
    recorded_ago=3,
    published_ago=None,
    status=DRAFT,
    author=COACH,
    transcript="Draft: transcript to follow once the captions are checked.",
)
HAND_HYGIENE = DemoSession(
    "Hand hygiene refresher (last year's version)",
    "When and how to clean your hands, and when to use gloves. Replaced by a newer session.",
    "Southshore infection prevention team",
    "https://vimeo.com/801234505",
    10,
    ["infection-control"],
    recorded_ago=400,
    published_ago=390,
    status=ARCHIVED,
    transcript="""\
Clean hands are the best way to stop infections spreading in a care home.
Clean your hands before and after touching a resident, before giving food or medicines, \
after touching anything that might be dirty, and after taking off gloves.
Use soap and water when hands look dirty, and after caring for someone with diarrhoea. \
Hand gel is fine the rest of the time.
Rub for at least 20 seconds, including thumbs, fingertips and between the fingers.""",
)

SESSIONS = [
    PDSA,
    AIM,
    RUN_CHARTS,
    DRIVERS,
    FALLS_NIGHT,
    FOOTWEAR,
    AFTER_FALL,
    HYDRATION,
    MOUTH_CARE,
    SOFT_SIGNS,
    MEDICINES,
    MEETING,
    DISTRESS,
    HAND_HYGIENE,
]


@dataclass(frozen=True)
class DemoCollection:
    title: str
    summary: str
    sessions: list[DemoSession] = field(default_factory=list)


COLLECTIONS = [
    DemoCollection(
        "Introduction to QI methods",
        "Short sessions on the basics of quality improvement: testing small changes, "
        "writing an aim, charting your numbers and planning what to try. Watch them in order.",
        [PDSA, AIM, RUN_CHARTS, DRIVERS],
    ),
    DemoCollection(
        "Falls prevention",
        "Helping residents stay steady and safe, day and night, and what to do after a fall.",
        [FALLS_NIGHT, FOOTWEAR, AFTER_FALL],
    ),
]


# Who watched what. Each learner: (email, [(session, how far)]), where how far is
# "completed" (watched, both self-assessments and, for some, feedback), "before" (started
# and did the before self-assessment) or "started" (opened it only).
COMPLETED, BEFORE, STARTED = "completed", "before", "started"


def _care_home_people() -> list[str]:
    """Care home managers and staff from the demo, in the demo's order."""
    homes = {name for name, *_ in demo.CARE_HOMES}
    return [p.email for p in demo.other_people() if p.organisation in homes]


def _learning_plan() -> list[tuple[str, list[tuple[DemoSession, str]]]]:
    people = _care_home_people()[::2][:13]  # thirteen people at nine homes
    plan: list[tuple[str, list[tuple[DemoSession, str]]]] = [
        (CARER, [(FALLS_NIGHT, COMPLETED), (HAND_HYGIENE, COMPLETED), (AIM, STARTED)]),
        (MANAGER, [(PDSA, COMPLETED), (SOFT_SIGNS, COMPLETED), (HYDRATION, BEFORE)]),
    ]
    patterns = [
        [(PDSA, COMPLETED), (AIM, COMPLETED), (FALLS_NIGHT, COMPLETED), (HAND_HYGIENE, COMPLETED)],
        [(PDSA, COMPLETED), (AIM, COMPLETED), (RUN_CHARTS, STARTED), (SOFT_SIGNS, COMPLETED)],
        [(PDSA, COMPLETED), (FALLS_NIGHT, COMPLETED), (FOOTWEAR, COMPLETED)],
        [(PDSA, BEFORE), (HYDRATION, COMPLETED), (MOUTH_CARE, STARTED)],
        [(FALLS_NIGHT, COMPLETED), (AFTER_FALL, COMPLETED), (HAND_HYGIENE, COMPLETED)],
        [(PDSA, COMPLETED), (AIM, COMPLETED), (RUN_CHARTS, COMPLETED), (DRIVERS, STARTED)],
    ]
    for index, email in enumerate(people):
        plan.append((email, list(patterns[index % len(patterns)])))
    # A few more so the commonest sessions have enough people to show figures.
    plan[-1][1].append((MEETING, COMPLETED))
    plan[-2][1].append((SOFT_SIGNS, COMPLETED))
    plan[-3][1].append((MEDICINES, STARTED))
    return plan


# Kind, specific comments, given by the first people to rate each session; none names a
# resident.
COMMENTS = {
    PDSA.title: [
        "Short and clear. We tried a PDSA on the drinks round the next week.",
        "Helpful. The captions made it easy to follow on my phone on the bus.",
        "I printed the planning sheet for our team meeting.",
    ],
    AIM.title: ["Now I know why our aim never worked: it had no number in it."],
    FALLS_NIGHT.title: [
        "The night light idea was so simple. Our night team loved it.",
        "Good to hear it from a nurse who works with homes like ours.",
    ],
    SOFT_SIGNS.title: ["I will share this at our next staff meeting."],
    HYDRATION.title: ["We started a drinks round at 3pm the same week."],
    HAND_HYGIENE.title: ["Quick and useful before our infection control audit."],
}

# Cascade training: (session, home, how many colleagues, days ago, notes). Given by the
# home's champion, or its manager where it has none.
CASCADES = [
    (FALLS_NIGHT, "Oakfield House", 8, 60, "Ran it at two night-shift handovers."),
    (PDSA, "Oakfield House", 6, 90, "At the team meeting, with the planning sheet."),
    (HAND_HYGIENE, "Oakfield House", 12, 300, ""),
    (PDSA, "Harbour View", 9, 75, ""),
    (FALLS_NIGHT, "Harbour View", 11, 50, "Falls huddle, days and nights."),
    (SOFT_SIGNS, "Beech Court", 7, 3, "Used the RESTORE2 cards alongside the video."),
    (HYDRATION, "Elm Park", 5, 4, "Showed it to the kitchen team as well as carers."),
    (PDSA, "Meadowbank", 4, 20, ""),
]


class _Counter:
    def __init__(self):
        self.created = 0

    def add(self, pair: tuple[Model, bool]) -> Model:
        obj, new = pair
        self.created += int(new)
        return obj


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def _video_fields(url: str) -> dict:
    if url == UPLOAD:
        return {}
    link = parse_video_link(url)
    return {"video_url": url, "video_provider": link.provider, "video_id": link.video_id}


def _recording_of(event: Event, spec: DemoSession) -> str | None:
    """The event's recording link (given it one if it had none), or None when it links
    somewhere a session may not."""
    if not event.recording_url:
        Event.objects.filter(pk=event.pk).update(recording_url=spec.video)
        return spec.video
    try:
        parse_video_link(event.recording_url)
    except ValidationError:
        return None
    return event.recording_url


def _attach_upload(session: Session) -> None:
    """Save the shipped video and captions through storage, checked like an upload is."""
    with VIDEO.open("rb") as video:
        session.video_content_type = validate_video_upload(File(video, name=VIDEO.name))
        video.seek(0)
        session.video_file.save(VIDEO.name, File(video), save=False)
    with CAPTIONS.open("rb") as captions:
        validate_captions(File(captions, name=CAPTIONS.name))
        captions.seek(0)
        session.transcript = captions_text(File(captions, name=CAPTIONS.name))
        captions.seek(0)
        session.captions.save(CAPTIONS.name, File(captions), save=False)
    session.save()


def _session(
    count: _Counter, spec: DemoSession, today: date, people: dict[str, User], themes: dict
) -> Session | None:
    event, video = None, spec.video
    if spec.event:
        existing = Session.objects.filter(title=spec.title).first()
        if existing is not None:
            return existing
        event = Event.objects.filter(title=spec.event).first()
        video = _recording_of(event, spec) if event else None
        if video is None:
            return None
    published_at = (
        _at(today - timedelta(days=spec.published_ago), 10)
        if spec.published_ago is not None
        else None
    )
    session, new = Session.objects.get_or_create(
        title=spec.title,
        defaults={
            "summary": spec.summary,
            "presenter": spec.presenter,
            "recorded_on": (
                timezone.localtime(event.starts_at).date()
                if event
                else today - timedelta(days=spec.recorded_ago)
            ),
            "duration_minutes": spec.minutes,
            "status": spec.status,
            "published_at": published_at,
            "transcript": spec.transcript,
            "source_event": event,
            "created_by": people.get(spec.author),
            **_video_fields(video),
        },
    )
    count.add((session, new))
    if new:
        session.themes.set([themes[slug] for slug in spec.themes if slug in themes])
        if spec.video == UPLOAD:
            _attach_upload(session)
    return session


def _handout(count: _Counter, session: Session) -> None:
    title = "PDSA cycle planning sheet"
    if Handout.objects.filter(session=session, title=title).exists():
        return
    with HANDOUT.open("rb") as pdf:
        content_type = validate_handout(File(pdf, name=HANDOUT.name))
        pdf.seek(0)
        handout = Handout(
            session=session, title=title, content_type=content_type, size=HANDOUT.stat().st_size
        )
        handout.file.save(HANDOUT.name, File(pdf), save=False)
    handout.save()
    count.created += 1


def _care_home_of(user: User) -> Organisation | None:
    membership = (
        Membership.objects.filter(user=user, organisation__kind=OrganisationKind.CARE_HOME)
        .select_related("organisation")
        .first()
    )
    return membership.organisation if membership else None


def _scores(seed: int) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """Before and after scores (knowledge, confidence, skill): low to middling before, one
    or two points higher after, never above 5."""
    knowledge, confidence, skill = 1 + seed % 3, 1 + (seed + 1) % 3, 1 + (seed + 2) % 2
    return (knowledge, confidence, skill), (
        min(5, knowledge + 1 + seed % 2),
        min(5, confidence + 1 + (seed + 1) % 2),
        min(5, skill + 1 + (seed + 2) % 2),
    )


def _record(
    count: _Counter,
    user: User,
    home: Organisation | None,
    session: Session,
    how_far: str,
    seed: int,
    now: datetime,
    comments: dict[str, list[str]],
) -> None:
    if LearningRecord.objects.filter(user=user, session=session).exists():
        return
    # Started a few days after the session came out, and never in the future.
    started = min(
        session.published_at + timedelta(days=2 + seed % 9, hours=seed % 5),
        now - timedelta(days=1, hours=seed % 7),
    )
    length = session.duration_minutes * 60 if session.has_link else 24
    before, after = _scores(seed)
    fields: dict = {"organisation": home, "view_count": 1 + seed % 3}
    if how_far in (BEFORE, COMPLETED):
        fields.update(
            before_knowledge=before[0],
            before_confidence=before[1],
            before_skill=before[2],
            before_at=started,
        )
    if how_far == COMPLETED:
        finished = min(started + timedelta(hours=1 + seed % 48), now - timedelta(minutes=30))
        fields.update(
            completed_at=finished,
            seconds_watched=length,
            last_position_seconds=length,
            after_knowledge=after[0],
            after_confidence=after[1],
            after_skill=after[2],
            after_at=finished,
        )
        if seed % 2 == 0:
            fields.update(rating=(5, 4, 5, 4, 3)[seed // 2 % 5], feedback_at=finished)
            if comments.get(session.title):
                fields["comment"] = comments[session.title].pop(0)
        last_viewed = finished
    else:
        watched = length * (1 + seed % 3) // 5
        fields.update(seconds_watched=watched, last_position_seconds=watched)
        last_viewed = started + timedelta(minutes=10)
    record = LearningRecord.objects.create(user=user, session=session, **fields)
    # started_at and last_viewed_at are set to "now" on create; put them where they belong.
    LearningRecord.objects.filter(pk=record.pk).update(
        started_at=started, last_viewed_at=last_viewed
    )
    count.created += 1


def _cascade_giver(home: Organisation) -> User | None:
    membership = (
        Membership.objects.filter(organisation=home, user__is_active=True)
        .filter(role__in=[Role.CARE_HOME_STAFF, Role.CARE_HOME_MANAGER])
        .order_by("-is_champion", "role", "user__email")  # a champion first, then "manager"
        .select_related("user")
        .first()
    )
    if membership is None or not (
        membership.is_champion or membership.role == Role.CARE_HOME_MANAGER
    ):
        return None
    return membership.user


def seed() -> int:
    """Add what is missing and return how many rows were created."""
    today = timezone.localdate()
    now = timezone.now()
    count = _Counter()
    people = {u.email: u for u in User.objects.filter(email__in=[WORKER, COACH, MANAGER, CARER])}
    if WORKER not in people:
        return 0
    themes = {t.slug: t for t in Theme.objects.all()}

    sessions: dict[str, Session] = {}
    for spec in SESSIONS:
        session = _session(count, spec, today, people, themes)
        if session is not None:
            sessions[spec.title] = session
    if PDSA.title in sessions:
        _handout(count, sessions[PDSA.title])

    for spec in COLLECTIONS:
        collection = count.add(
            Collection.objects.get_or_create(
                title=spec.title,
                defaults={"summary": spec.summary, "created_by": people[WORKER]},
            )
        )
        for position, item in enumerate(spec.sessions, start=1):
            if item.title in sessions:
                count.add(
                    CollectionItem.objects.get_or_create(
                        collection=collection,
                        session=sessions[item.title],
                        defaults={"position": position},
                    )
                )

    plan = _learning_plan()
    comments = {title: list(texts) for title, texts in COMMENTS.items()}
    learners = {u.email: u for u in User.objects.filter(email__in=[e for e, _ in plan])}
    for person_index, (email, items) in enumerate(plan):
        user = learners.get(email)
        if user is None:
            continue
        home = _care_home_of(user)
        for item_index, (spec, how_far) in enumerate(items):
            session = sessions.get(spec.title)
            if session is not None and session.published_at is not None:
                seed_number = person_index * 5 + item_index * 3 + len(spec.title)
                _record(count, user, home, session, how_far, seed_number, now, comments)

    homes = {o.name: o for o in Organisation.objects.filter(kind=OrganisationKind.CARE_HOME)}
    for spec, home_name, attendees, days_ago, notes in CASCADES:
        session, home = sessions.get(spec.title), homes.get(home_name)
        giver = _cascade_giver(home) if home else None
        if session is None or giver is None:
            continue
        count.add(
            CascadeDelivery.objects.get_or_create(
                session=session,
                home=home,
                delivered_by=giver,
                defaults={
                    "delivered_on": today - timedelta(days=days_ago),
                    "attendees": attendees,
                    "notes": notes,
                },
            )
        )
    return count.created
