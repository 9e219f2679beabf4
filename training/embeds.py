"""Turn a link to a video on an allowed host into a safe embed.

Only YouTube, Vimeo and Microsoft Stream (SharePoint) links are accepted. The parser keeps
a provider and a video ID and builds the embed and watch addresses itself, so nothing the
user typed is ever placed in a page as HTML or as an iframe address. YouTube embeds use the
privacy-enhanced youtube-nocookie.com host and Vimeo embeds ask not to track (``dnt=1``).
Stream videos need an organisation sign-in, which most care home staff do not have, so they
are linked to rather than embedded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from django.core.exceptions import ValidationError

YOUTUBE = "youtube"
VIMEO = "vimeo"
STREAM = "stream"

YOUTUBE_HOSTS = frozenset(
    {
        "youtube.com",
        "www.youtube.com",
        "m.youtube.com",
        "youtube-nocookie.com",
        "www.youtube-nocookie.com",
    }
)
YOUTU_BE_HOSTS = frozenset({"youtu.be", "www.youtu.be"})
VIMEO_HOSTS = frozenset({"vimeo.com", "www.vimeo.com"})
VIMEO_PLAYER_HOSTS = frozenset({"player.vimeo.com"})
STREAM_CLASSIC_HOSTS = frozenset({"web.microsoftstream.com"})
SHAREPOINT_HOST = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.sharepoint\.com$")

YOUTUBE_EMBED_ORIGIN = "https://www.youtube-nocookie.com"
VIMEO_EMBED_ORIGIN = "https://player.vimeo.com"

NOT_ALLOWED_MESSAGE = (
    "Use a link from YouTube, Vimeo or Microsoft Stream, starting with https://. "
    "Copy the link from the video's Share button."
)

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_ID = re.compile(r"^[0-9]{1,20}$")
_VIMEO_HASH = re.compile(r"^[0-9a-f]{6,32}$")
_GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_TIME = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$")
_MAX_LENGTH = 2048


@dataclass(frozen=True)
class VideoLink:
    provider: str
    video_id: str
    embed_url: str
    watch_url: str

    @property
    def embeddable(self) -> bool:
        return bool(self.embed_url)


def frame_src_hosts() -> tuple[str, ...]:
    """The origins a Content-Security-Policy ``frame-src`` must allow for embeds."""
    return (YOUTUBE_EMBED_ORIGIN, VIMEO_EMBED_ORIGIN)


def _reject(message: str = NOT_ALLOWED_MESSAGE) -> ValidationError:
    return ValidationError(message, code="video_link")


def _start_seconds(value: str | None) -> int | None:
    if not value:
        return None
    match = _TIME.match(value.strip().lower())
    if match is None or not any(match.groups()):
        return None
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    total = hours * 3600 + minutes * 60 + seconds
    return total or None


def _youtube(video_id: str, query: dict[str, list[str]], fragment: str) -> VideoLink:
    if not _YOUTUBE_ID.match(video_id):
        raise _reject(
            "The link does not point to a YouTube video. "
            "Copy the link from the video's Share button on YouTube."
        )
    raw_start = (query.get("t") or query.get("start") or [None])[0]
    if raw_start is None and fragment.startswith("t="):
        raw_start = fragment[2:]
    start = _start_seconds(raw_start)
    embed = f"{YOUTUBE_EMBED_ORIGIN}/embed/{video_id}"
    watch = f"https://www.youtube.com/watch?v={video_id}"
    if start:
        embed += f"?start={start}"
        watch += f"&t={start}s"
    return VideoLink(YOUTUBE, video_id, embed, watch)


def _vimeo(video_id: str, unlisted_hash: str | None) -> VideoLink:
    if not _VIMEO_ID.match(video_id) or (
        unlisted_hash is not None and not _VIMEO_HASH.match(unlisted_hash)
    ):
        raise _reject(
            "The link does not point to a Vimeo video. "
            "Copy the link from the video's Share button on Vimeo."
        )
    if unlisted_hash:
        embed = f"{VIMEO_EMBED_ORIGIN}/video/{video_id}?{urlencode({'h': unlisted_hash})}&dnt=1"
        watch = f"https://vimeo.com/{video_id}/{unlisted_hash}"
    else:
        embed = f"{VIMEO_EMBED_ORIGIN}/video/{video_id}?dnt=1"
        watch = f"https://vimeo.com/{video_id}"
    return VideoLink(VIMEO, video_id, embed, watch)


def _split(url: str):
    if not isinstance(url, str):
        raise _reject()
    url = url.strip()
    if not url or len(url) > _MAX_LENGTH:
        raise _reject()
    # Backslashes, spaces, control and non-ASCII characters are how look-alike and
    # parser-confusion links are built; real share links never contain them.
    if not url.isascii() or any(char in url for char in "\\ \t\r\n") or not url.isprintable():
        raise _reject()
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http") or not url.lower().startswith(f"{scheme}://"):
        raise _reject()
    netloc = parts.netloc
    if "@" in netloc or "%" in netloc or not netloc:
        raise _reject()
    try:
        port = parts.port
    except ValueError:
        raise _reject() from None
    if port is not None and port != {"https": 443, "http": 80}[scheme]:
        raise _reject()
    host = (parts.hostname or "").lower()
    if not host or host.endswith("."):
        raise _reject()
    return host, parts


def parse_video_link(url: str) -> VideoLink:
    """Parse a link to a video on YouTube, Vimeo or Microsoft Stream.

    Raises ``ValidationError`` with a message for the form when the link is not allowed.
    """
    host, parts = _split(url)
    segments = [segment for segment in parts.path.split("/") if segment]
    query = parse_qs(parts.query)

    if host in YOUTUBE_HOSTS:
        if segments == ["watch"]:
            return _youtube((query.get("v") or [""])[0], query, parts.fragment)
        if len(segments) == 2 and segments[0] in ("embed", "shorts", "live", "v"):
            return _youtube(segments[1], query, parts.fragment)
        return _youtube("", query, parts.fragment)
    if host in YOUTU_BE_HOSTS:
        return _youtube(segments[0] if len(segments) == 1 else "", query, parts.fragment)

    if host in VIMEO_HOSTS:
        if len(segments) == 1:
            return _vimeo(segments[0], None)
        if len(segments) == 2 and segments[0].isdigit():
            return _vimeo(segments[0], segments[1])
        if len(segments) == 3 and segments[0] in ("channels", "groups"):
            return _vimeo(segments[2], None)
        if len(segments) == 2 and segments[0] == "video":
            return _vimeo(segments[1], None)
        return _vimeo("", None)
    if host in VIMEO_PLAYER_HOSTS:
        if len(segments) == 2 and segments[0] == "video":
            return _vimeo(segments[1], (query.get("h") or [None])[0])
        return _vimeo("", None)

    if host in STREAM_CLASSIC_HOSTS:
        if len(segments) == 2 and segments[0] == "video" and _GUID.match(segments[1].lower()):
            guid = segments[1].lower()
            return VideoLink(STREAM, guid, "", f"https://{host}/video/{guid}")
        raise _reject(
            "The link does not point to a Microsoft Stream video. "
            "Copy the link from the video's Share button in Stream."
        )
    if SHAREPOINT_HOST.match(host):
        is_share = segments[:1] == [":v:"]
        is_player = bool(segments) and segments[-1].lower() == "stream.aspx"
        if not (is_share or is_player) or len(segments) < 2:
            raise _reject(
                "The link does not point to a Microsoft Stream video. "
                "Copy the link from the video's Share button in Stream."
            )
        video_id = (query.get("id") or [""])[0] if is_player else segments[-1]
        if not video_id:
            raise _reject(
                "The link does not point to a Microsoft Stream video. "
                "Copy the link from the video's Share button in Stream."
            )
        watch = urlunsplit(("https", host, parts.path, parts.query, ""))
        return VideoLink(STREAM, video_id, "", watch)

    raise _reject()
