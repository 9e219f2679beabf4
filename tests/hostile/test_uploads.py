"""Every upload is checked by its content and size, and no stored file is served as a page.

tests/training/ tests each validator and the media responses in detail; this file goes
through the views for every upload field the portal has (the list is checked against the
models, so a new file field needs a case here):
- a web page or an SVG with a script, named as the allowed type, is refused on the form
  with an error summary, and nothing is stored (no row, no file);
- a file over the size limit is refused the same way;
- every URL that serves a stored file answers with a type that is not a page, and with
  X-Content-Type-Options: nosniff; handouts download as attachments.
"""

from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse

from tests.access import qi, training, training_authoring
from tests.factories import MP4_BYTES, VTT_TEXT, make_session
from tests.hostile.pages import bound_forms_with_errors, changed_tables, snapshot
from training import validators
from training.models import Handout

HTML = b"<!doctype html><html><body><script>window.__xss=1</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="window.__xss=1"><script>1</script></svg>'
STORED = {
    ("training.session", "video_file"),
    ("training.session", "captions"),
    ("training.handout", "file"),
}


def test_every_stored_upload_field_has_cases_here():
    found = {
        (model._meta.label_lower, f.name)
        for model in apps.get_models()
        for f in model._meta.concrete_fields
        if isinstance(f, models.FileField)
    }
    assert found == STORED


def _session_upload(cast, objs, field, upload):
    data = training_authoring._session_data(cast, objs, cast.will)
    data |= {"source": "upload", "video_url": ""}
    data["video_file"] = SimpleUploadedFile("talk.mp4", MP4_BYTES)
    data["captions"] = SimpleUploadedFile("talk.vtt", VTT_TEXT.encode())
    data[field] = upload
    return cast.will, reverse("training:session_create"), data


def _video(cast, objs, upload):
    return _session_upload(cast, objs, "video_file", upload)


def _captions(cast, objs, upload):
    return _session_upload(cast, objs, "captions", upload)


def _handout(cast, objs, upload):
    url = reverse("training:handout_add", args=[objs["t_session"].pk])
    return cast.will, url, {"title": "Slides", "file": upload}


def _measure_csv(cast, objs, upload):
    url = reverse("qi:measure_import", args=[objs["qi_measure"].pk])
    return cast.mona, url, {"upload": upload}


# (upload, the name a hostile file takes, the limit to lower for the size check, the field
# that must carry the error)
UPLOADS = {
    "video": (_video, "talk.mp4", "MAX_VIDEO_BYTES", "video_file"),
    "captions": (_captions, "talk.vtt", "MAX_CAPTIONS_BYTES", "captions"),
    "handout": (_handout, "slides.pdf", "MAX_HANDOUT_BYTES", "file"),
    # A CSV is read as text, never stored: a page in it has no dates and values to find.
    "measure CSV": (_measure_csv, "values.csv", None, ("upload", "pasted")),
}


def _files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _refused(client, cast, settings, case, upload):
    objs = {**training.objects(cast), **qi.objects(cast)}
    user, url, data = UPLOADS[case][0](cast, objs, upload)
    client.force_login(user)
    files, before = _files(settings), snapshot()
    response = client.post(url, data)
    assert response.status_code == 200, response.status_code
    assert b"nhsuk-error-summary" in response.content
    forms = bound_forms_with_errors(response)
    fields = UPLOADS[case][3]
    fields = fields if isinstance(fields, tuple) else (fields,)
    assert any(set(fields) & set(f.errors) for f in forms), [f.errors for f in forms]
    assert not changed_tables(before, snapshot())
    assert _files(settings) == files
    return response


@pytest.mark.parametrize("body", [HTML, SVG], ids=["web page", "SVG with a script"])
@pytest.mark.parametrize("case", UPLOADS)
def test_a_page_named_as_an_allowed_file_is_refused(client, cast, settings, case, body):
    _refused(client, cast, settings, case, SimpleUploadedFile(UPLOADS[case][1], body))


@pytest.mark.parametrize("case", [c for c in UPLOADS if UPLOADS[c][2]])
def test_a_file_over_the_limit_is_refused(client, cast, settings, monkeypatch, case):
    monkeypatch.setattr(validators, UPLOADS[case][2], 100)
    good = {
        "video": MP4_BYTES,
        "captions": (VTT_TEXT * 5).encode(),
        "handout": b"%PDF-1.4\n" + b"0" * 500,
    }[case]
    response = _refused(client, cast, settings, case, SimpleUploadedFile(UPLOADS[case][1], good))
    assert b"smaller than" in response.content or b"up to" in response.content


def test_a_measure_csv_over_1_mb_is_refused(client, cast, settings):
    body = b"date,value\n" + b"01/01/2026,1\n" * 90_000
    response = _refused(client, cast, settings, "measure CSV", SimpleUploadedFile("v.csv", body))
    assert b"smaller than 1 MB" in response.content


def _served(session, handout):
    return {
        "training:session_video": [session.pk],
        "training:session_captions": [session.pk],
        "training:handout": [handout.pk],
        "public:session_video": [session.pk],
        "public:session_captions": [session.pk],
        "public:handout": [handout.pk],
    }


def test_stored_files_are_never_served_as_a_page(client, cast):
    session = make_session(upload=True, is_public=True)
    handout = Handout.objects.create(
        session=session,
        title="Slides",
        file=SimpleUploadedFile("slides.pdf", b"%PDF-1.4\n%%EOF"),
        content_type="application/pdf",
        size=14,
    )
    client.force_login(cast.sid)
    for name, args in _served(session, handout).items():
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, (name, response.status_code)
        kind = response["Content-Type"]
        assert not kind.startswith(("text/html", "image/svg", "application/xhtml")), (name, kind)
        assert response["X-Content-Type-Options"] == "nosniff", name
        if "handout" in name:
            assert response["Content-Disposition"].startswith("attachment"), name
