"""Writes for the public learning pages: making a session, collection or case study public
(or not), and counting views of public pages.

Each function checks who is asking again (public.access) and the rules (a session must be
published, a case study shared), and changes rows inside one transaction.
"""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from network.models import User
from publicpages import access
from publicpages.models import PageView
from qi_cycles.models import Project
from training.models import Collection, Session

NOT_PUBLISHED = "Publish the session before you make it public"
NOT_SHARED = (
    "Only a case study its home shares with the network can be public. Ask the home's "
    "manager to share it first"
)
NO_PUBLIC_SESSIONS = (
    "None of this collection's sessions is public, so its public page would be empty. "
    "Choose to make its published sessions public too, or make a session public first"
)
NO_PUBLISHED_SESSIONS = "This collection has no published sessions to show"

# Obvious robots (search engines, link previews, scripts): their visits are not counted.
# Nothing about the visitor is stored either way.
BOT = re.compile(
    r"bot|crawl|spider|slurp|preview|facebookexternalhit|embedly|curl|wget|python-requests|"
    r"headless|lighthouse",
    re.IGNORECASE,
)


def _stamp(row, *, public: bool, actor: User) -> None:
    row.is_public = public
    row.made_public_at = timezone.now() if public else None
    row.made_public_by = actor if public else None


def set_session_public(*, actor: User, session: Session, public: bool) -> Session:
    access.require_make_public(actor)
    with transaction.atomic():
        fresh = Session.objects.select_for_update().get(pk=session.pk)
        if public and fresh.status != Session.Status.PUBLISHED:
            raise ValidationError({"action": NOT_PUBLISHED})
        if fresh.is_public != public:
            _stamp(fresh, public=public, actor=actor)
            fresh.save(update_fields=["is_public", "made_public_at", "made_public_by"])
    return fresh


def set_collection_public(
    *, actor: User, collection: Collection, public: bool, with_sessions: bool = False
) -> Collection:
    """Make a collection public or not. With `with_sessions`, its published sessions are
    made public too (its public page shows only public sessions)."""
    access.require_make_public(actor)
    with transaction.atomic():
        fresh = Collection.objects.select_for_update().get(pk=collection.pk)
        if public:
            published = Session.objects.select_for_update().filter(
                collection_items__collection=fresh, status=Session.Status.PUBLISHED
            )
            if not published.exists():
                raise ValidationError({"action": NO_PUBLISHED_SESSIONS})
            if with_sessions:
                published.filter(is_public=False).update(
                    is_public=True, made_public_at=timezone.now(), made_public_by=actor
                )
            elif not published.filter(is_public=True).exists():
                raise ValidationError({"with_sessions": NO_PUBLIC_SESSIONS})
        if fresh.is_public != public:
            _stamp(fresh, public=public, actor=actor)
            fresh.save(update_fields=["is_public", "made_public_at", "made_public_by"])
    return fresh


def set_case_study_public(*, actor: User, project: Project, public: bool) -> Project:
    access.require_make_public(actor)
    with transaction.atomic():
        fresh = Project.objects.select_for_update().get(pk=project.pk)
        if public and not fresh.is_shared:
            raise ValidationError({"action": NOT_SHARED})
        if fresh.is_public != public:
            _stamp(fresh, public=public, actor=actor)
            # Not `updated_at`: making it public does not change the project.
            Project.objects.filter(pk=fresh.pk).update(
                is_public=fresh.is_public,
                made_public_at=fresh.made_public_at,
                made_public_by=fresh.made_public_by,
            )
    return fresh


# --- Counting views -------------------------------------------------------------------------


def is_robot(user_agent: str) -> bool:
    return bool(BOT.search(user_agent or ""))


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def count_view(*, kind: str, object_id: int, day: date | None = None) -> None:
    """One more view of an item this month: an atomic UPDATE ... views + 1, or the month's
    first row (two visitors at once: the second insert fails and adds to the first)."""
    month = first_of_month(day or timezone.localdate())
    rows = PageView.objects.filter(kind=kind, object_id=object_id, month=month)
    if rows.update(views=F("views") + 1):
        return
    try:
        with transaction.atomic():
            PageView.objects.create(kind=kind, object_id=object_id, month=month, views=1)
    except IntegrityError:
        rows.update(views=F("views") + 1)
