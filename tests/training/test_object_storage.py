"""With AWS_STORAGE_BUCKET_NAME set, uploads go to S3-compatible storage and are handed
out as short-lived presigned links (signing needs no network, so this runs offline)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json, django
django.setup()
from django.conf import settings
from django.core.files.storage import default_storage
from training.media import storage_url_or_none
from training.models import Session
session = Session(video_file="training/videos/2026/11/falls.mp4")
print(json.dumps({
    "backend": settings.STORAGES["default"]["BACKEND"],
    "url": storage_url_or_none(session.video_file),
    "overwrite": default_storage.file_overwrite,
}))
"""


def test_s3_settings_give_private_presigned_links():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "AWS_STORAGE_BUCKET_NAME": "chin-media",
        "AWS_S3_ENDPOINT_URL": "https://objects.example.org",
        "AWS_S3_REGION_NAME": "eu-west-2",
        "AWS_ACCESS_KEY_ID": "test-key",
        "AWS_SECRET_ACCESS_KEY": "test-secret",
        "AWS_QUERYSTRING_EXPIRE": "300",
    }
    env.pop("DATABASE_URL", None)
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert found["backend"] == "storages.backends.s3.S3Storage"
    assert found["overwrite"] is False
    url = found["url"]
    assert url.startswith(
        "https://objects.example.org/chin-media/training/videos/2026/11/falls.mp4?"
    )
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=300" in url


def test_local_storage_is_the_default(settings):
    assert settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage")
