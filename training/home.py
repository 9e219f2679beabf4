"""What the home page shows about training (templates/pages/home/_training.html).

- Everyone: sessions they started and have not finished ("continue watching"), latest 3.
- Care home members: sessions published in the last 30 days that share a theme with one
  of their home's open needs, each with the need it matches ("new training that may
  help"). This is how publishing lets homes with open needs on its themes know, until
  digest emails exist. Sessions the person has already opened are left out.
- Project workers and admins: the newest draft sessions, waiting to be published.

Each item takes at most 3 queries.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from network.models import Membership, User
from surveys.models import Need
from training import access
from training.models import LearningRecord, Session

CONTINUE_SHOWN = 3
NEW_SHOWN = 3
NEW_FOR = timedelta(days=30)
DRAFTS_SHOWN = 5


@dataclass
class Suggestion:
    session: Session
    needs: list[Need] = field(default_factory=list)


def continue_watching(user: User) -> list[LearningRecord]:
    """Published sessions the person started and has not finished, latest first."""
    return list(
        LearningRecord.objects.filter(
            user=user, completed_at__isnull=True, session__status=Session.Status.PUBLISHED
        )
        .select_related("session")
        .order_by("-last_viewed_at", "-pk")[:CONTINUE_SHOWN]
    )


def new_for_home_needs(user: User, membership: Membership) -> list[Suggestion]:
    """New sessions on the themes of the home's open needs, newest first (2 queries)."""
    open_needs = Need.objects.filter(
        organisation_id=membership.organisation_id, status__in=Need.OPEN_STATUSES
    )
    opened = LearningRecord.objects.filter(user=user, session=OuterRef("pk"))
    sessions = list(
        access.published_sessions()
        .filter(published_at__gte=timezone.now() - NEW_FOR, themes__needs__in=open_needs)
        .exclude(Exists(opened))
        .distinct()
        .order_by("-published_at", "-pk")[:NEW_SHOWN]
    )
    if not sessions:
        return []
    found = {session.pk: Suggestion(session) for session in sessions}
    links = (
        Session.themes.through.objects.filter(session_id__in=found, theme__needs__in=open_needs)
        .values_list("session_id", "theme__needs__pk", "theme__needs__title")
        .order_by("session_id", "-theme__needs__created_at", "-theme__needs__pk")
    )
    for session_id, need_pk, need_title in links:
        needs = found[session_id].needs
        if all(need.pk != need_pk for need in needs):
            needs.append(Need(pk=need_pk, title=need_title))
    return list(found.values())


def drafts() -> list[Session]:
    return list(
        Session.objects.filter(status=Session.Status.DRAFT).order_by("-created_at", "-pk")[
            :DRAFTS_SHOWN
        ]
    )


def home_items(user: User, membership: Membership | None) -> dict:
    items: dict = {"training_continue": continue_watching(user)}
    if membership is not None and membership.organisation.is_care_home:
        items["training_new"] = new_for_home_needs(user, membership)
    if access.can_manage(user):
        items["training_drafts"] = drafts()
    items["training_items"] = any(
        items.get(key) for key in ("training_continue", "training_new", "training_drafts")
    )
    return items
