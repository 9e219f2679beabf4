"""Content Security Policy helpers that settings.py can import (no Django models here)."""

from urllib.parse import urlsplit


def object_storage_origin(
    bucket: str | None,
    *,
    endpoint_url: str | None = None,
    region: str | None = None,
    addressing_style: str = "path",
) -> str | None:
    """The origin presigned object storage URLs point at, so media-src can allow it.

    Training videos and captions kept in S3-compatible storage are served by a redirect to
    a presigned URL (training.media); the <video> element then loads from this origin.
    """
    if not bucket:
        return None
    virtual = addressing_style == "virtual"
    if endpoint_url:
        parts = urlsplit(endpoint_url)
        host = f"{bucket}.{parts.netloc}" if virtual else parts.netloc
        return f"{parts.scheme}://{host}"
    host = f"s3.{region}.amazonaws.com" if region else "s3.amazonaws.com"
    return f"https://{bucket}.{host}" if virtual else f"https://{host}"
