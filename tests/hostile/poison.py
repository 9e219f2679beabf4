"""Put script-injection payloads into every free-text column of the database.

`poison()` walks apps.get_models() and sets every CharField/TextField of the portal's own
apps (not the ones with fixed choices, slugs, tokens or content types) to a payload, and
every URLField to a URL that would break out of an href. Unique columns get the row's id
on the end so they stay unique.
"""

from django.apps import apps
from django.db import models
from django.db.models.functions import Cast, Concat

# Starts like a spreadsheet formula; then a script tag, an attribute break-out with an
# event handler, an SVG handler and template syntax.
# Then what a PDF renderer might fetch: a remote image, a local file, a CSS url().
PAYLOAD = (
    '=1+1<script>window.__xss=1</script>"><img src=x onerror=window.__xss=1>'
    '<svg onload="window.__xss=1">{{7*7}}<img src="http://127.0.0.1:9/x.png">'
    '<img src="file:///etc/passwd"><i style="background:url(http://evil.example/b)">'
)
# A URL the forms accept that breaks out of an href if it is not escaped. (javascript:
# URLs are refused by the forms: tests/hostile/test_fuzz_forms.py checks none is saved.)
URL_PAYLOAD = 'https://example.org/"><script>window.__xss=1</script>'

# What must never appear in a page as it is (each is escaped when shown as text).
# (A short column holds only the start of the payload: "<script>window.__xss" is enough.)
RAW = ["<script>window.__xss", "<img src=x onerror", "<svg onload"]
OWN_APPS = {
    "network",
    "surveys",
    "qi_cycles",
    "training",
    "dashboards",
    "digests",
    "outcomes",
    "localservices",
    "publicpages",
    "audit",
    "privacy",
}
# Not typed by people: set by the portal (a file's checked content type, tokens, keys).
SKIP_NAMES = {"password", "token", "key", "secret", "slug", "code_hash", "uid", "content_type"}


def text_fields(keep=()):
    """(model, field) for every free-text column the portal's own apps store (but the
    field names in `keep`)."""
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label not in OWN_APPS or meta.proxy or not meta.managed:
            continue
        for field in meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField):
                continue
            if field.choices or isinstance(field, models.SlugField) or field.primary_key:
                continue
            if any(part in field.name for part in SKIP_NAMES) or field.name in keep:
                continue
            yield model, field


def _unique(model, field) -> bool:
    """The column must differ from row to row (alone or with others)."""
    meta = model._meta
    together = [set(names) for names in meta.unique_together]
    together += [set(c.fields) for c in meta.constraints if isinstance(c, models.UniqueConstraint)]
    return field.unique or any(field.name in names for names in together)


def _value(model, field):
    text = URL_PAYLOAD if isinstance(field, models.URLField) else PAYLOAD
    unique = _unique(model, field)
    if field.max_length:
        # A unique column keeps room for the row's id (at most 8 digits); a short one (an
        # ODS code has 6 characters) may hold only the id.
        text = text[: max(field.max_length - (8 if unique else 0), 0)]
    if unique:
        return Concat(models.Value(text), Cast("pk", models.CharField()))
    return models.Value(text)


def poison(keep=()) -> int:
    """Set every free-text column of every row; returns how many columns were set."""
    count = 0
    for model, field in text_fields(keep):
        model._base_manager.update(**{field.name: _value(model, field)})
        count += 1
    return count


def unescaped(html: str) -> list[str]:
    """The payload pieces that appear in `html` as they are, so a browser would run them."""
    found = [raw for raw in RAW if raw in html]
    lowered = html.lower()
    for attr in ('href="javascript:', "href='javascript:", 'src="javascript:'):
        if attr in lowered:
            found.append(attr)
    return found
