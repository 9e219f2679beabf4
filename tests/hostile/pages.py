"""What the hostile-input tests need to know about the portal's pages.

Everything is discovered from the access matrix (tests/access/*.py), not from a hand list:
each POST entry that some role may use is a form to fuzz, and each page's HTML says which
fields its forms have.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.apps import apps
from django.db import connection, models
from django.forms import BaseForm, BaseFormSet
from django.urls import reverse

from tests.access.base import ROLES
from tests.test_access_matrix import AREA_OF, MATRIX, _objects_for

OK = (200, 204, 302)
# Rows that change on every request whatever the form does (sign-in sessions, the audit
# trail of who looked at what); the half-saved check ignores them.
VOLATILE = {"sessions.session", "audit.auditevent", "axes.accessattempt"}


def allowed_role(entry) -> str | None:
    """The first signed-in role (in the matrix's order) the entry lets through."""
    for role in ROLES[1:] + ROLES[:1]:
        if entry.expect.get(role) in OK:
            return role
    return None


def entry_id(entry) -> str:
    return f"{entry.method.upper()} {entry.name}" + (f" [{entry.label}]" if entry.label else "")


def usable(method: str) -> list:
    """Matrix entries of this method that at least one role may use, one per (name, label)."""
    seen, found = set(), []
    for entry in MATRIX:
        key = (entry.name, entry.label)
        if entry.method == method and allowed_role(entry) and key not in seen:
            seen.add(key)
            found.append(entry)
    return found


def prepare(client, cast, entry):
    """Sign in as the allowed role; return (url, valid data, role)."""
    objs = _objects_for(AREA_OF[id(entry)], cast)
    role = allowed_role(entry)
    user = None if role == "anonymous" else getattr(cast, role)
    if user:
        client.force_login(user)
    url = reverse(entry.name, args=entry.args(cast, objs))
    return url, entry.data(cast, objs, user), role


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, select, checkbox, radio, hidden, file, number, date...
    values: list[str] = field(default_factory=list)  # options or the default value
    multiple: bool = False


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, Field] = field(default_factory=dict)


class _FormParser(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None

    def _add(self, name, kind, value=None, multiple=False):
        if not self._form or not name or name == "csrfmiddlewaretoken":
            return
        found = self._form.fields.setdefault(name, Field(name, kind, multiple=multiple))
        if value is not None and value not in found.values:
            found.values.append(value)
        return found

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            action = urlsplit(urljoin(self.page_url, a.get("action") or self.page_url)).path
            self._form = Form((a.get("method") or "get").lower(), action)
            self.forms.append(self._form)
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "image", "reset", "button") and not a.get("name"):
                return
            self._add(a.get("name"), kind, a.get("value") or ("on" if kind == "checkbox" else ""))
        elif tag == "button" and a.get("name"):
            self._add(a["name"], "button", a.get("value", ""))
        elif tag == "textarea":
            self._add(a.get("name"), "textarea", "")
        elif tag == "select":
            self._select = self._add(a.get("name"), "select", multiple="multiple" in a)
        elif tag == "option" and self._select is not None:
            self._select.values.append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def forms_on(html: str, page_url: str) -> list[Form]:
    parser = _FormParser(page_url)
    parser.feed(html)
    return parser.forms


def fields_for(client, url: str, method: str = "post") -> dict[str, Field]:
    """The fields of the forms on the page at `url` that send to `url` with `method`.

    POST-only URLs have no page of their own; their forms sit on other pages, so this may
    find nothing and the caller falls back to the matrix's valid data."""
    response = client.get(url)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return {}
    found: dict[str, Field] = {}
    for form in forms_on(response.content.decode(), url):
        if form.method == method and form.action == urlsplit(url).path:
            for name, f in form.fields.items():
                found.setdefault(name, f)
    return found


def bound_forms_with_errors(response) -> list:
    """Bound forms (and formsets) in the template context that have errors."""
    found = []
    for context in response.context or []:
        for value in context.flatten().values():
            if isinstance(value, BaseForm) and value.is_bound and value.errors:
                found.append(value)
            elif isinstance(value, BaseFormSet) and value.is_bound and not value.is_valid():
                found.append(value)
    return found


def snapshot() -> dict:
    """Every row of every table but the volatile ones: what a refused form must not change."""
    rows = {}
    tables = set(connection.introspection.table_names())
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in VOLATILE or model._meta.proxy or model._meta.db_table not in tables:
            continue
        rows[label] = list(model._base_manager.order_by("pk").values_list())
    return rows


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(label for label in before if before[label] != after.get(label))


def saved_script_urls() -> list[str]:
    """URL fields anywhere in the database that hold a javascript: (or data:) URL."""
    found = []
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, models.URLField) and not model._meta.proxy:
                bad = model._base_manager.filter(
                    models.Q(**{f"{f.name}__istartswith": "javascript:"})
                    | models.Q(**{f"{f.name}__istartswith": "data:"})
                )
                found += [f"{model._meta.label}.{f.name}" for _ in bad[:1]]
    return found
