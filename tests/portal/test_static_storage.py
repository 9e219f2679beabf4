"""Production static files: every file a page loads has a hashed name, including the NHS.UK
frontend that app.mjs imports (browsers keep hashed files for a year, so an unhashed import
would either be fetched again and again or go stale after a deploy)."""

import re

from django.core.management import call_command

from portal.staticfiles import StaticFilesStorage


def test_javascript_modules_import_hashed_files(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "portal.staticfiles.StaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    storage = StaticFilesStorage(location=tmp_path)
    app = (tmp_path / storage.stored_name("js/app.mjs")).read_text()

    imported = re.findall(r'from "/static/([^"]+)"', app)
    assert imported, app
    for name in imported:
        assert re.search(r"\.[0-9a-f]{12}\.m?js$", name), name
        assert (tmp_path / name).exists(), name
