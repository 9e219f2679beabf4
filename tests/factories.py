import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP

from network.models import Area, Membership, Organisation, User
from network.roles import OrganisationKind

TEST_PASSWORD = "correct-horse-battery-staple"
TEST_TOTP_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    name = factory.Sequence(lambda n: f"Locality {n}")
    kind = Area.Kind.REGION


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Care Home {n}")
    kind = OrganisationKind.CARE_HOME
    area = factory.SubFactory(AreaFactory)
    cqc_location_id = factory.Sequence(lambda n: f"1-{100000000 + n}")
    registered_beds = 30


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or TEST_PASSWORD)
        if create:
            self.save(update_fields=["password"])
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "staff"


def with_mfa(user: User) -> User:
    TOTP.activate(user, TEST_TOTP_SECRET)
    return user


# --- Improvement projects (qi_cycles) ---------------------------------------------------


def make_project(home, *, coach=None, shared=False, **fields):
    """A project at `home` with a SMART aim; home-only unless `shared`."""
    from datetime import date

    from qi_cycles.models import Project

    defaults = {
        "title": "Fewer falls at night",
        "problem": "Residents fall when they get up at night to use the toilet.",
        "aim_what": "Reduce falls at night",
        "aim_for_whom": "residents on the first floor",
        "aim_how_much": "half",
        "aim_by_when": date(2027, 3, 31),
        "start_date": date(2026, 1, 1),
        "visibility": Project.Visibility.SHARED if shared else Project.Visibility.HOME,
    }
    return Project.objects.create(home=home, coach=coach, **{**defaults, **fields})


def make_change_idea(project, title="Night-time comfort rounds", driver=None, **fields):
    from qi_cycles.models import ChangeIdea

    return ChangeIdea.objects.create(project=project, title=title, driver=driver, **fields)


def make_cycle(idea, number=1, **fields):
    from datetime import date

    from qi_cycles.models import Cycle

    defaults = {"objective": "Try hourly rounds on one corridor", "starts_on": date(2026, 2, 1)}
    return Cycle.objects.create(
        project=idea.project, change_idea=idea, number=number, **{**defaults, **fields}
    )


def make_measure(project, values=(), start=None, **fields):
    """A measure with weekly `values` from `start` (default: the project's start date)."""
    from datetime import timedelta
    from decimal import Decimal

    from qi_cycles.models import Measure, MeasureValue

    defaults = {
        "name": "Falls at night",
        "definition": "Falls between 10pm and 6am, counted each week from the incident log.",
        "unit": "falls",
        "direction": Measure.Direction.DECREASE,
    }
    measure = Measure.objects.create(project=project, **{**defaults, **fields})
    first = start or project.start_date
    MeasureValue.objects.bulk_create(
        MeasureValue(measure=measure, date=first + timedelta(weeks=i), value=Decimal(str(v)))
        for i, v in enumerate(values)
    )
    return measure


# --- Training (training) -----------------------------------------------------------------

# The smallest bytes the upload checks accept as an MP4 video, and a valid WebVTT file.
MP4_BYTES = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 1000
VTT_TEXT = (
    "WEBVTT\n\n"
    "00:00:00.000 --> 00:00:04.000\nWelcome to this session on preventing falls.\n\n"
    "00:00:04.000 --> 00:00:09.000\nWe will look at what helps residents move safely at night.\n"
)


def make_session(*, status="published", upload=False, link=None, themes=(), **fields):
    """A training session; published unless `status` says otherwise. `upload` stores a tiny
    MP4 and captions; `link` sets an external video link (parsed like the form does)."""
    from datetime import date

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from training.embeds import parse_video_link
    from training.models import Session

    defaults = {
        "title": "Preventing falls at night",
        "summary": "What helps residents move safely at night, and how to test changes.",
        "presenter": "Dr Jo Patel",
        "recorded_on": date(2026, 9, 10),
        "duration_minutes": 25,
        "status": status,
        "published_at": timezone.now() if status != "draft" else None,
    }
    session = Session(**{**defaults, **fields})
    if link:
        parsed = parse_video_link(link)
        session.video_url = link
        session.video_provider = parsed.provider
        session.video_id = parsed.video_id
    if upload:
        session.video_file.save("falls.mp4", ContentFile(MP4_BYTES), save=False)
        session.video_content_type = "video/mp4"
        session.captions.save("falls.vtt", ContentFile(VTT_TEXT.encode()), save=False)
        session.transcript = "Welcome to this session on preventing falls."
    session.save()
    if themes:
        session.themes.set(themes)
    return session


def make_learning_record(user, session, *, completed=False, organisation=None, **fields):
    from django.utils import timezone

    from training.models import LearningRecord

    if organisation is None:
        membership = user.memberships.select_related("organisation").first()
        organisation = membership.organisation if membership else None
    return LearningRecord.objects.create(
        user=user,
        session=session,
        organisation=organisation,
        completed_at=timezone.now() if completed else None,
        **fields,
    )
