"""A double click (or a page sent again) on 'Save as a draft', 'Add the handout' or 'Add the
collection' makes one session, handout or collection, not two: the second request goes to
the one already made, and no second file is stored."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.access.training import PDF_BYTES
from tests.factories import make_session
from tests.training.test_authoring import CREATE, form_data, mp4, stored_files, vtt
from training import services_authoring as services
from training.embeds import parse_video_link
from training.models import Collection, Handout, Session


@pytest.fixture
def will_client(client, cast):
    client.force_login(cast.will)
    return client


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def _older(model):
    """As if everything of `model` was made longer ago than a double submit."""
    earlier = timezone.now() - services.DOUBLE_SUBMIT_WINDOW - timedelta(minutes=1)
    model.objects.update(created_at=earlier)


# --- Sessions ---------------------------------------------------------------------------


def test_a_session_sent_twice_is_saved_once_with_one_set_of_files(will_client, settings):
    first = will_client.post(CREATE, form_data(video_file=mp4(), captions=vtt()), follow=True)
    second = will_client.post(CREATE, form_data(video_file=mp4(), captions=vtt()), follow=True)
    session = Session.objects.get()
    edit = reverse("training:session_edit", args=[session.pk])
    assert first.redirect_chain == [(edit, 302)]
    assert second.redirect_chain == [(edit, 302)]
    assert _messages(second) == [
        "‘Preventing falls at night’ was already saved a moment ago, so it has not been "
        "saved again. Here it is."
    ]
    assert stored_files(settings) == sorted([session.video_file.name, session.captions.name])


def test_a_different_title_or_a_later_time_is_a_new_session(will_client):
    will_client.post(CREATE, form_data(video_file=mp4()))
    will_client.post(CREATE, form_data(title="Falls at night, part 2", video_file=mp4()))
    assert Session.objects.count() == 2
    _older(Session)
    will_client.post(CREATE, form_data(video_file=mp4()))
    assert Session.objects.filter(title="Preventing falls at night").count() == 2


def test_another_project_worker_with_the_same_title_gets_their_own(will_client, cast):
    will_client.post(CREATE, form_data(video_file=mp4()))
    will_client.force_login(cast.ada)
    will_client.post(CREATE, form_data(video_file=mp4()))
    assert sorted(Session.objects.values_list("created_by__email", flat=True)) == sorted(
        [cast.will.email, cast.ada.email]
    )


def test_the_service_says_whether_it_made_the_session(cast):
    details = services.SessionDetails(
        title="T", summary="S", presenter="P", recorded_on=timezone.localdate(), duration_minutes=5
    )
    url = "https://youtu.be/dQw4w9WgXcQ"
    video = services.Video(link=parse_video_link(url), url=url)
    first, created = services.create_session(actor=cast.will, details=details, video=video)
    again, created_again = services.create_session(actor=cast.will, details=details, video=video)
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk


# --- Handouts ---------------------------------------------------------------------------


def test_a_handout_sent_twice_is_added_once(will_client, settings):
    session = make_session(status="draft")
    url = reverse("training:handout_add", args=[session.pk])

    def post():
        data = {"title": "Falls checklist", "file": SimpleUploadedFile("a.pdf", PDF_BYTES)}
        return will_client.post(url, data, follow=True)

    post()
    response = post()
    handout = Handout.objects.get()
    assert _messages(response) == [
        "The handout ‘Falls checklist’ was already added a moment ago, so it has not been "
        "added again."
    ]
    assert stored_files(settings) == [handout.file.name]
    _older(Handout)
    post()
    assert Handout.objects.count() == 2


def test_the_same_handout_title_on_another_session_is_added(will_client):
    for title in ("One", "Two"):
        session = make_session(status="draft", title=title)
        will_client.post(
            reverse("training:handout_add", args=[session.pk]),
            {"title": "Falls checklist", "file": SimpleUploadedFile("a.pdf", PDF_BYTES)},
        )
    assert Handout.objects.count() == 2


# --- Collections ------------------------------------------------------------------------


def test_a_collection_sent_twice_is_made_once(will_client, cast):
    url = reverse("training:collection_create")
    data = {"title": "Falls prevention", "summary": "For night staff"}
    will_client.post(url, data, follow=True)
    response = will_client.post(url, data, follow=True)
    collection = Collection.objects.get()
    assert response.redirect_chain == [
        (reverse("training:collection_items", args=[collection.pk]), 302)
    ]
    assert _messages(response) == [
        "The collection ‘Falls prevention’ was already made a moment ago, so it has not been "
        "made again."
    ]
    will_client.force_login(cast.ada)
    will_client.post(url, data)
    assert Collection.objects.count() == 2  # Ada's own


# --- The buttons ------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["session", "handout", "collection"])
def test_the_save_buttons_ignore_a_second_click(will_client, page):
    url, words = {
        "session": lambda: (CREATE, "Save as a draft"),
        "handout": lambda: (
            reverse("training:handout_add", args=[make_session(status="draft").pk]),
            "Add the handout",
        ),
        "collection": lambda: (reverse("training:collection_create"), "Add the collection"),
    }[page]()
    html = will_client.get(url).content.decode()
    end = html.index(f"{words}</button>")
    button = html[html.rindex("<button", 0, end) : end]
    assert 'data-prevent-double-click="true"' in button
    assert 'data-module="nhsuk-button"' in button
