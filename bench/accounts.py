"""The generated accounts' password and 2-step codes, shared by the load (locustfile.py)
and the page weight check (page_weight.py). No locust import here: locust patches the
standard library when imported (gevent), which breaks plain `requests` elsewhere."""

import base64
import hmac
import os
import re
import struct
import time

PASSWORD = os.environ.get("BENCH_PASSWORD", "scale-password-2026")
DOMAIN = os.environ.get("BENCH_EMAIL_DOMAIN", "scale.example")
# The demo 2-step secret (network/demo.py); every generated account uses it.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def totp_code(secret: str = TOTP_SECRET, at: float | None = None) -> str:
    """RFC 6238, 6 digits, 30 seconds: what manage.py demo_code prints."""
    counter = int(at if at is not None else time.time()) // 30
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), "sha1").digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"
