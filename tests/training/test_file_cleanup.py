"""Deleting a training session or handout, from the portal or the Django admin, deletes its
stored files too (training.signals): once the deletion is saved, and not if it is undone."""

import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.urls import reverse

from portal import figures_cache
from tests.access.training import PDF_BYTES
from tests.factories import make_session
from training.models import Handout, Session


def file_deletions(callbacks) -> list:
    """The after-commit work that deletes files (not the dashboards' figures going stale)."""
    return [callback for callback in callbacks if callback is not figures_cache._bump]


def stored_files(settings) -> list[str]:
    root = settings.MEDIA_ROOT
    found = []
    for folder, _dirs, files in os.walk(root):
        found += [os.path.relpath(os.path.join(folder, name), root) for name in files]
    return sorted(found)


def _handout(session, title="Falls checklist") -> Handout:
    handout = Handout(session=session, title=title, content_type="application/pdf")
    handout.file.save("checklist.pdf", ContentFile(PDF_BYTES), save=False)
    handout.size = len(PDF_BYTES)
    handout.save()
    return handout


def stored_files_of(session) -> list[str]:
    return sorted([session.video_file.name, session.captions.name])


@pytest.fixture
def session(db):
    return make_session(upload=True)


def test_deleting_a_session_deletes_its_video_captions_and_handouts(
    session, settings, django_capture_on_commit_callbacks
):
    _handout(session)
    other = make_session(upload=True, title="Another session")
    kept = stored_files_of(other)
    assert len(stored_files(settings)) == 5
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        session.delete()
    assert len(file_deletions(callbacks)) == 3  # the video, the captions and the handout
    assert stored_files(settings) == kept


def test_a_rolled_back_deletion_queues_no_file_deletion(
    session, settings, django_capture_on_commit_callbacks
):
    before = stored_files(settings)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            session.delete()
            assert stored_files(settings) == before  # not yet: it might be undone
            transaction.set_rollback(True)
    assert file_deletions(callbacks) == []
    assert Session.objects.exists()
    assert stored_files(settings) == before


def test_deleting_a_handout_deletes_its_file(session, settings, django_capture_on_commit_callbacks):
    handout = _handout(session)
    with django_capture_on_commit_callbacks(execute=True):
        handout.delete()
    assert stored_files(settings) == stored_files_of(session)


def test_a_session_without_files_deletes_quietly(db, django_capture_on_commit_callbacks):
    session = make_session(link="https://youtu.be/dQw4w9WgXcQ")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        session.delete()
    assert file_deletions(callbacks) == []


def test_a_file_already_gone_does_not_break_the_deletion(
    session, settings, django_capture_on_commit_callbacks
):
    session.video_file.storage.delete(session.video_file.name)
    with django_capture_on_commit_callbacks(execute=True):
        session.delete()
    assert stored_files(settings) == []


def test_a_storage_error_is_logged_not_raised(
    session, settings, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def broken(self, name):
        raise OSError("the bucket is not there")

    monkeypatch.setattr(FileSystemStorage, "delete", broken)
    with django_capture_on_commit_callbacks(execute=True):
        session.delete()
    assert not Session.objects.exists()
    assert "Could not delete the stored file" in caplog.text


def test_deleting_in_the_django_admin_deletes_the_files(
    client, cast, session, settings, django_capture_on_commit_callbacks
):
    _handout(session)
    client.force_login(cast.ada)
    url = reverse("admin:training_session_delete", args=[session.pk])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Session.objects.exists() and not Handout.objects.exists()
    assert stored_files(settings) == []


def test_removing_a_handout_in_the_portal_deletes_its_file_once(
    client, cast, session, settings, django_capture_on_commit_callbacks
):
    handout = _handout(session)
    client.force_login(cast.will)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("training:handout_delete", args=[handout.pk]))
    assert response.status_code == 302
    assert len(file_deletions(callbacks)) == 1
    assert stored_files(settings) == stored_files_of(session)
