"""The demo training library: what a visitor to the demo finds, and safe reruns."""

from statistics import mean

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from network.models import Event, User
from training import access, demo_training
from training.embeds import parse_video_link
from training.models import (
    CascadeDelivery,
    Collection,
    CollectionItem,
    Handout,
    LearningRecord,
    Session,
)

SCORES = ("knowledge", "confidence", "skill")


def _snapshot():
    return (
        sorted(
            Session.objects.values_list(
                "title", "status", "published_at", "video_file", "captions", "video_url"
            )
        ),
        sorted(Collection.objects.values_list("title", "summary")),
        sorted(
            CollectionItem.objects.values_list("collection__title", "session__title", "position")
        ),
        sorted(Handout.objects.values_list("session__title", "title", "file", "size")),
        sorted(
            LearningRecord.objects.values_list(
                "user__email", "session__title", "started_at", "completed_at", "after_skill"
            )
        ),
        sorted(
            CascadeDelivery.objects.values_list(
                "session__title", "home__name", "delivered_by__email", "attendees"
            )
        ),
        sorted(Session.themes.through.objects.values_list("session__title", "theme__slug")),
    )


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)


def test_rerunning_the_seed_adds_nothing_and_changes_nothing(seeded):
    first = _snapshot()
    assert first[0] and first[4] and first[5]
    assert demo_training.seed() == 0
    call_command("seed_demo", verbosity=0)
    assert _snapshot() == first


def test_the_seed_says_how_many_rows_it_made(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    # Remove the training rows and build them again: the count is what was made.
    LearningRecord.objects.all().delete()
    CascadeDelivery.objects.all().delete()
    Session.objects.all().delete()
    Collection.objects.all().delete()
    made = demo_training.seed()
    expected = (
        Session.objects.count()
        + Handout.objects.count()
        + Collection.objects.count()
        + CollectionItem.objects.count()
        + LearningRecord.objects.count()
        + CascadeDelivery.objects.count()
    )
    assert made == expected > 40


def test_introduction_to_qi_methods_starts_with_the_shipped_video(seeded):
    collection = Collection.objects.get(title="Introduction to QI methods")
    titles = [item.session.title for item in collection.items.select_related("session")]
    assert titles == [
        "What is a PDSA cycle?",
        "Writing an aim you can measure",
        "Run charts: is it really getting better?",
        "Driver diagrams: from big aim to small changes",
    ]
    pdsa = Session.objects.get(title="What is a PDSA cycle?")
    assert pdsa.is_published and pdsa.has_upload and not pdsa.has_link
    assert pdsa.video_content_type == "video/mp4"
    # Saved through the default storage, byte for byte the file the project ships.
    assert default_storage.exists(pdsa.video_file.name)
    with default_storage.open(pdsa.video_file.name, "rb") as stored:
        assert stored.read() == demo_training.VIDEO.read_bytes()
    assert default_storage.exists(pdsa.captions.name)
    assert pdsa.captions.name.endswith(".vtt")
    # The transcript is the captions' words, so a search for them finds the session.
    assert "PDSA stands for Plan, Do, Study, Act." in pdsa.transcript
    assert "-->" not in pdsa.transcript and "WEBVTT" not in pdsa.transcript
    handout = pdsa.handouts.get()
    assert handout.content_type == "application/pdf"
    assert handout.size == demo_training.HANDOUT.stat().st_size < 50_000
    with default_storage.open(handout.file.name, "rb") as stored:
        assert stored.read(5) == b"%PDF-"


def test_the_other_sessions_link_to_allowed_hosts_and_have_transcripts(seeded):
    linked = Session.objects.exclude(video_url="")
    assert {s.video_provider for s in linked} == {"youtube", "vimeo", "stream"}
    for session in linked:
        parsed = parse_video_link(session.video_url)
        assert (parsed.provider, parsed.video_id) == (session.video_provider, session.video_id)
        assert not session.video_file
    without_transcript = [s.title for s in Session.objects.filter(transcript="")]
    assert without_transcript == ["Network meeting: winter lessons (recording)"]
    falls = Collection.objects.get(title="Falls prevention")
    assert falls.items.count() == 3
    assert all("falls" in {t.slug for t in s.themes.all()} for s in falls.sessions.all())


def test_every_demo_row_passes_the_models_own_checks(seeded):
    # Field validators include "no resident identifiers" on free text and 1 to 5 scores.
    for model in (Session, Collection, CollectionItem, Handout, LearningRecord, CascadeDelivery):
        for row in model.objects.all():
            row.full_clean()


def test_a_draft_and_an_archived_session_behave_as_in_the_real_library(seeded):
    draft = Session.objects.get(status=Session.Status.DRAFT)
    archived = Session.objects.get(status=Session.Status.ARCHIVED)
    assert draft.published_at is None
    carer = User.objects.get(email=demo_training.CARER)
    worker = User.objects.get(email=demo_training.WORKER)
    visible = set(access.visible_sessions(carer))
    assert draft not in visible
    assert archived in visible  # Tom completed it before it was archived
    assert archived not in set(access.published_sessions())
    assert {draft, archived} <= set(access.visible_sessions(worker))


def test_the_past_network_meeting_recording_became_a_session(seeded):
    session = Session.objects.get(title="Network meeting: winter lessons (recording)")
    event = session.source_event
    assert event is not None and event.starts_at < timezone.now()
    assert event.recording_url == session.video_url
    assert session.recorded_on == timezone.localtime(event.starts_at).date()


def test_learning_records_show_a_rise_from_before_to_after(seeded):
    records = LearningRecord.objects.select_related("session", "organisation")
    assert 14 <= records.values("user").distinct().count() <= 20
    assert records.values("organisation").distinct().count() >= 6
    assert all(r.organisation is not None and r.organisation.is_care_home for r in records)
    completed = [r for r in records if r.is_completed]
    started = [r for r in records if not r.is_completed]
    assert len(completed) > len(started) >= 5
    assert any(r.has_before for r in started) and any(not r.has_before for r in started)
    for score in SCORES:
        before = mean(getattr(r, f"before_{score}") for r in completed)
        after = mean(getattr(r, f"after_{score}") for r in completed)
        assert after - before >= 1
    assert all(
        getattr(r, f"after_{s}") >= getattr(r, f"before_{s}") for r in completed for s in SCORES
    )
    rated = [r for r in completed if r.rating]
    assert 5 <= len(rated) < len(completed)
    assert {r.rating for r in rated} <= {3, 4, 5} and len({r.rating for r in rated}) > 1
    assert 3 <= sum(bool(r.comment) for r in rated) <= 12


def test_learning_dates_make_sense(seeded):
    now = timezone.now()
    for record in LearningRecord.objects.select_related("session"):
        assert record.session.published_at < record.started_at < now
        assert record.started_at <= record.last_viewed_at < now
        if record.is_completed:
            assert record.started_at <= record.completed_at == record.after_at < now
            assert record.seconds_watched > 0


def test_some_sessions_have_enough_learners_for_figures_and_some_do_not(seeded):
    completions = {
        s.title: s.learning_records.exclude(completed_at=None).count()
        for s in Session.objects.all()
    }
    assert completions["What is a PDSA cycle?"] >= 5
    assert completions["Preventing falls at night"] >= 5
    assert any(0 < n < 5 for n in completions.values())


def test_the_demo_sign_ins_have_something_to_show(seeded):
    tom = User.objects.get(email=demo_training.CARER)
    mine = {r.session.title: r for r in tom.learning_records.select_related("session")}
    assert mine["Preventing falls at night"].is_completed  # a certificate to download
    assert not mine["Writing an aim you can measure"].is_completed  # continue watching
    assert "What is a PDSA cycle?" not in mine  # left for the demo visitor to try
    grace = User.objects.get(email=demo_training.MANAGER)
    assert grace.learning_records.filter(session__title="What is a PDSA cycle?").exists()


def test_cascade_training_is_recorded_by_champions_or_managers_at_their_home(seeded):
    deliveries = CascadeDelivery.objects.select_related("delivered_by", "home", "session")
    assert deliveries.count() >= 6
    assert deliveries.values("home").distinct().count() >= 4
    today = timezone.localdate()
    for delivery in deliveries:
        assert delivery.home in access.cascade_homes(delivery.delivered_by)
        assert timezone.localtime(delivery.session.published_at).date() <= delivery.delivered_on
        assert delivery.delivered_on <= today
    tom = User.objects.get(email=demo_training.CARER)
    assert deliveries.filter(delivered_by=tom).exists()


def test_the_seed_does_nothing_without_the_demo_people(db):
    assert demo_training.seed() == 0
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    ("link", "made"),
    [("https://vimeo.com/11111", True), ("https://video.example.org/rec-1", False)],
)
def test_a_recording_link_already_on_the_event_is_kept(db, settings, link, made):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    event = Event.objects.get(title=demo_training.PAST_MEETING)
    Session.objects.filter(source_event=event).delete()
    Event.objects.filter(pk=event.pk).update(recording_url=link)
    demo_training.seed()
    event.refresh_from_db()
    assert event.recording_url == link
    session = Session.objects.filter(source_event=event).first()
    # A link to a host sessions may not use is left on the event, not copied.
    assert (session is not None) is made
    if made:
        assert session.video_url == link and session.video_provider == "vimeo"


def test_the_demo_video_plays_with_seeking_and_captions(seeded, client):
    """What a browser asks for when a carer watches the demo video and jumps ahead."""
    client.force_login(User.objects.get(email=demo_training.CARER))
    pdsa = Session.objects.get(title="What is a PDSA cycle?")
    shipped = demo_training.VIDEO.read_bytes()

    page = client.get(reverse("training:session_detail", args=[pdsa.pk])).content.decode()
    video_url = reverse("training:session_video", args=[pdsa.pk])
    captions_url = reverse("training:session_captions", args=[pdsa.pk])
    assert f'<source src="{video_url}" type="video/mp4">' in page
    assert f'<track kind="captions" src="{captions_url}"' in page
    assert "PDSA stands for Plan, Do, Study, Act." in page  # the transcript beside it
    assert "PDSA cycle planning sheet" in page

    response = client.get(video_url, HTTP_RANGE="bytes=1000-1999")
    assert response.status_code == 206
    assert response["Content-Type"] == "video/mp4"
    assert response["Content-Range"] == f"bytes 1000-1999/{len(shipped)}"
    assert response["Accept-Ranges"] == "bytes"
    assert b"".join(response.streaming_content) == shipped[1000:2000]

    whole = client.get(video_url)
    assert whole.status_code == 200 and b"".join(whole.streaming_content) == shipped

    captions = client.get(captions_url)
    assert captions.status_code == 200 and captions["Content-Type"].startswith("text/vtt")
    assert b"".join(captions.streaming_content) == demo_training.CAPTIONS.read_bytes()

    handout = client.get(reverse("training:handout", args=[pdsa.handouts.get().pk]))
    assert handout.status_code == 200 and handout["Content-Type"] == "application/pdf"
    assert b"".join(handout.streaming_content) == demo_training.HANDOUT.read_bytes()
