"""Parsing external video links into safe embeds."""

import pytest
from django.core.exceptions import ValidationError

from training.embeds import NOT_ALLOWED_MESSAGE, VideoLink, frame_src_hosts, parse_video_link

YT = "dQw4w9WgXcQ"
YT_EMBED = f"https://www.youtube-nocookie.com/embed/{YT}"
YT_WATCH = f"https://www.youtube.com/watch?v={YT}"


@pytest.mark.parametrize(
    "url",
    [
        f"https://www.youtube.com/watch?v={YT}",
        f"https://youtube.com/watch?v={YT}&feature=share",
        f"https://m.youtube.com/watch?v={YT}",
        f"https://youtu.be/{YT}",
        f"https://youtu.be/{YT}?si=abc123",
        f"https://www.youtube.com/embed/{YT}",
        f"https://www.youtube.com/shorts/{YT}",
        f"https://www.youtube-nocookie.com/embed/{YT}",
        f"http://www.youtube.com/watch?v={YT}",
        f"  https://WWW.YouTube.com/watch?v={YT}  ",
        f"https://www.youtube.com:443/watch?v={YT}",
    ],
)
def test_youtube_links(url):
    assert parse_video_link(url) == VideoLink("youtube", YT, YT_EMBED, YT_WATCH)


@pytest.mark.parametrize(
    ("url", "seconds"),
    [
        (f"https://youtu.be/{YT}?t=90", 90),
        (f"https://www.youtube.com/watch?v={YT}&t=1m30s", 90),
        (f"https://www.youtube.com/watch?v={YT}&t=1h2m3s", 3723),
        (f"https://www.youtube.com/embed/{YT}?start=42", 42),
        (f"https://www.youtube.com/watch?v={YT}#t=15", 15),
    ],
)
def test_youtube_start_time_is_kept_as_seconds(url, seconds):
    link = parse_video_link(url)
    assert link.embed_url == f"{YT_EMBED}?start={seconds}"
    assert link.watch_url == f"{YT_WATCH}&t={seconds}s"


def test_youtube_nonsense_start_time_is_dropped():
    assert parse_video_link(f"https://youtu.be/{YT}?t=soon").embed_url == YT_EMBED


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=short",
        f"https://www.youtube.com/watch?v={YT}x",
        "https://www.youtube.com/watch?v=dQw4w9WgXc%22",
        "https://www.youtube.com/channel/UCabc",
        "https://www.youtube.com/",
        f"https://youtu.be/{YT}/extra",
        "https://youtu.be/",
    ],
)
def test_youtube_links_without_a_video_are_refused(url):
    with pytest.raises(ValidationError) as excinfo:
        parse_video_link(url)
    assert excinfo.value.messages == [
        "The link does not point to a YouTube video. "
        "Copy the link from the video's Share button on YouTube."
    ]


@pytest.mark.parametrize(
    ("url", "video_id", "embed", "watch"),
    [
        (
            "https://vimeo.com/76979871",
            "76979871",
            "https://player.vimeo.com/video/76979871?dnt=1",
            "https://vimeo.com/76979871",
        ),
        (
            "https://vimeo.com/76979871/a1b2c3d4e5",
            "76979871",
            "https://player.vimeo.com/video/76979871?h=a1b2c3d4e5&dnt=1",
            "https://vimeo.com/76979871/a1b2c3d4e5",
        ),
        (
            "https://player.vimeo.com/video/76979871",
            "76979871",
            "https://player.vimeo.com/video/76979871?dnt=1",
            "https://vimeo.com/76979871",
        ),
        (
            "https://player.vimeo.com/video/76979871?h=a1b2c3d4e5&badge=0",
            "76979871",
            "https://player.vimeo.com/video/76979871?h=a1b2c3d4e5&dnt=1",
            "https://vimeo.com/76979871/a1b2c3d4e5",
        ),
        (
            "https://vimeo.com/channels/staffpicks/76979871",
            "76979871",
            "https://player.vimeo.com/video/76979871?dnt=1",
            "https://vimeo.com/76979871",
        ),
    ],
)
def test_vimeo_links(url, video_id, embed, watch):
    assert parse_video_link(url) == VideoLink("vimeo", video_id, embed, watch)


@pytest.mark.parametrize(
    "url",
    [
        "https://vimeo.com/about",
        "https://vimeo.com/76979871/<script>",
        "https://player.vimeo.com/video/abc",
        "https://player.vimeo.com/video/76979871?h=%22onload%3D",
        "https://vimeo.com/",
    ],
)
def test_vimeo_links_without_a_video_are_refused(url):
    with pytest.raises(ValidationError) as excinfo:
        parse_video_link(url)
    assert excinfo.value.messages == [
        "The link does not point to a Vimeo video. "
        "Copy the link from the video's Share button on Vimeo."
    ]


def test_sharepoint_share_link_is_linked_out_not_embedded():
    url = "https://contoso.sharepoint.com/:v:/s/Training/EabcDEF123?e=xyz"
    link = parse_video_link(url)
    assert link == VideoLink("stream", "EabcDEF123", "", url)
    assert not link.embeddable


def test_sharepoint_stream_aspx_link():
    url = (
        "http://Contoso-my.sharepoint.com/personal/a_b/_layouts/15/stream.aspx"
        "?id=%2Fpersonal%2Fa_b%2FDocuments%2Fsession.mp4#fragment"
    )
    link = parse_video_link(url)
    assert link.provider == "stream"
    assert link.video_id == "/personal/a_b/Documents/session.mp4"
    assert link.embed_url == ""
    assert link.watch_url == (
        "https://contoso-my.sharepoint.com/personal/a_b/_layouts/15/stream.aspx"
        "?id=%2Fpersonal%2Fa_b%2FDocuments%2Fsession.mp4"
    )


def test_classic_stream_link():
    guid = "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"
    link = parse_video_link(f"https://web.microsoftstream.com/video/{guid.upper()}?list=x")
    assert link == VideoLink("stream", guid, "", f"https://web.microsoftstream.com/video/{guid}")


@pytest.mark.parametrize(
    "url",
    [
        "https://contoso.sharepoint.com/sites/Training/Shared%20Documents/file.docx",
        "https://contoso.sharepoint.com/",
        "https://web.microsoftstream.com/video/not-a-guid",
        "https://web.microsoftstream.com/browse",
    ],
)
def test_stream_links_without_a_video_are_refused(url):
    with pytest.raises(ValidationError) as excinfo:
        parse_video_link(url)
    assert excinfo.value.messages == [
        "The link does not point to a Microsoft Stream video. "
        "Copy the link from the video's Share button in Stream."
    ]


@pytest.mark.parametrize(
    "url",
    [
        "",
        "   ",
        "not a link",
        f"https://youtube.com.evil.example/watch?v={YT}",
        f"https://evil-youtube.com/watch?v={YT}",
        f"https://youtube.co/watch?v={YT}",
        f"https://notyoutu.be/{YT}",
        "https://vimeo.com.evil.example/76979871",
        "https://evil.com/sharepoint.com/:v:/s/x/abc",
        "https://sharepoint.com.evil.example/:v:/s/x/abc",
        "https://a.b.sharepoint.com/:v:/s/x/abc",
        "https://microsoftstream.com.evil.example/video/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d",
        "javascript:alert(1)//https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        f"//www.youtube.com/watch?v={YT}",
        f"www.youtube.com/watch?v={YT}",
        f"ftp://www.youtube.com/watch?v={YT}",
        f"https:/www.youtube.com/watch?v={YT}",
        f"https:\\\\www.youtube.com\\watch?v={YT}",
        f"https://www.youtube.com\\@evil.example/watch?v={YT}",
        f"https://user:pass@www.youtube.com/watch?v={YT}",
        f"https://www.youtube.com@evil.example/watch?v={YT}",
        f"https://evil.example#@www.youtube.com/watch?v={YT}",
        f"https://www.youtube.com:8443/watch?v={YT}",
        f"https://www.youtube.com:notaport/watch?v={YT}",
        f"http://www.youtube.com:443/watch?v={YT}",
        f"https://www.youtube.com./watch?v={YT}",
        f"https://www.yоutube.com/watch?v={YT}",  # Cyrillic о
        f"https://www.xn--ytube-7ve.com/watch?v={YT}",
        f"https://www.youtube%2ecom/watch?v={YT}",
        f"https://www.youtube.com/watch?v={YT}\n<script>",
        f"https://www.youtube.com/watch?v={YT}\x00",
        "https://" + "a" * 3000 + ".youtube.com/",
    ],
)
def test_links_from_other_hosts_or_tricks_are_refused(url):
    with pytest.raises(ValidationError) as excinfo:
        parse_video_link(url)
    assert excinfo.value.messages == [NOT_ALLOWED_MESSAGE]
    assert NOT_ALLOWED_MESSAGE.startswith("Use a link from YouTube, Vimeo or Microsoft Stream")


def test_non_string_is_refused():
    with pytest.raises(ValidationError):
        parse_video_link(None)


def test_frame_src_hosts_are_only_the_embed_players():
    assert frame_src_hosts() == ("https://www.youtube-nocookie.com", "https://player.vimeo.com")


def test_every_embed_url_is_on_a_frame_src_host():
    for url in (f"https://youtu.be/{YT}", "https://vimeo.com/76979871/a1b2c3d4e5"):
        embed = parse_video_link(url).embed_url
        assert any(embed.startswith(host + "/") for host in frame_src_hosts())
