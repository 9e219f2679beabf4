"""A public session's files for visitors without an account, robots.txt and the sitemap."""

import xml.etree.ElementTree as ET

from django.urls import reverse

from publicpages.paths import case_study_path, collection_path, session_path
from tests.factories import MP4_BYTES


def test_visitors_play_a_public_video_with_byte_ranges(client, items):
    url = reverse("public:session_video", args=[items["p_session"].pk])
    response = client.get(url, HTTP_RANGE="bytes=0-99")
    assert response.status_code == 206
    assert b"".join(response.streaming_content) == MP4_BYTES[:100]
    assert response["Content-Type"] == "video/mp4"
    assert response["Cache-Control"] == "no-cache"


def test_visitors_get_the_captions_and_handouts(client, items):
    response = client.get(reverse("public:session_captions", args=[items["p_session"].pk]))
    assert response.status_code == 200
    assert b"WEBVTT" in b"".join(response.streaming_content)
    response = client.get(reverse("public:handout", args=[items["p_handout"].pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


def test_files_of_sessions_that_are_not_public_are_not_found(client, cast, items):
    for name in ("p_members_session", "p_draft", "p_archived"):
        session = items[name]
        assert client.get(reverse("public:session_video", args=[session.pk])).status_code == 404
    # A public session with a link has no file to serve.
    assert client.get(reverse("public:session_video", args=[items["p_link"].pk])).status_code == 404
    # Members' own addresses still need signing in.
    response = client.get(reverse("training:session_video", args=[items["p_session"].pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_robots_allow_the_public_pages_only(client):
    body = client.get(reverse("robots_txt")).content.decode()
    assert "Allow: /learn/" in body
    assert "Disallow: /learn/manage/" in body
    assert "Disallow: /\n" in body
    assert "Sitemap: " in body and body.split("Sitemap: ")[1].strip().endswith("/sitemap.xml")


def test_the_sitemap_lists_exactly_the_public_items(client, settings, items):
    settings.SITE_URL = "https://learn.example.org"
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    entries = {
        url.find("s:loc", ns).text: url.find("s:lastmod", ns) for url in root.findall("s:url", ns)
    }
    base = "https://learn.example.org"
    expected = {
        f"{base}{reverse('public:index')}",
        f"{base}{session_path(items['p_session'])}",
        f"{base}{session_path(items['p_link'])}",
        f"{base}{collection_path(items['p_collection'])}",
        f"{base}{case_study_path(items['p_named'])}",
        f"{base}{case_study_path(items['p_unnamed'])}",
    }
    assert set(entries) == expected
    for loc, lastmod in entries.items():
        if loc != f"{base}/learn/":
            assert lastmod is not None and lastmod.text, loc
