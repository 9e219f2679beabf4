"""What is public, and who may make it so. Every public page and action asks here.

- A **training session** is public while a project worker has made it public *and* it is
  published. Moving it back to draft or archiving it takes it off at once (and clears the
  flag, so publishing it again does not make it public again by itself).
- A **collection** is public while it is marked public and holds at least one public
  session. Its public page lists only its public sessions.
- A **case study** (a project's story) is public while a project worker has made it public
  *and* its home still shares it with the network. Stopping sharing takes it off at once.
  It names the home only if the home's manager agreed when sharing.
- Everything else is for members only: anyone, signed in or not, gets 404 for an item
  that is not public.
- **Making public** (or not): project workers and network admins. Others who may see the
  item get 403, others 404 (training.access and qi_cycles.access decide who sees what).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404

from network.models import User
from network.selectors import is_network_wide
from qi_cycles import access as qi_access
from qi_cycles.models import Project
from training import access as training_access
from training.models import Collection, Handout, Session

ONLY_PROJECT_WORKERS = "Only the network's project workers can choose what is public."


def public_sessions() -> QuerySet[Session]:
    return Session.objects.filter(is_public=True, status=Session.Status.PUBLISHED)


def public_collections() -> QuerySet[Collection]:
    return Collection.objects.filter(is_public=True).filter(
        Exists(public_sessions().filter(collection_items__collection=OuterRef("pk")))
    )


def public_case_studies() -> QuerySet[Project]:
    return Project.objects.filter(is_public=True, visibility=Project.Visibility.SHARED)


def public_handouts() -> QuerySet[Handout]:
    return Handout.objects.filter(session__is_public=True, session__status=Session.Status.PUBLISHED)


def get_public_session(pk: int) -> Session:
    return get_object_or_404(public_sessions(), pk=pk)


def get_public_collection(pk: int) -> Collection:
    return get_object_or_404(public_collections(), pk=pk)


def get_public_case_study(pk: int) -> Project:
    return get_object_or_404(public_case_studies().select_related("home__area__parent"), pk=pk)


# --- Making things public ----------------------------------------------------------------


def can_make_public(user: User) -> bool:
    return user.is_authenticated and is_network_wide(user)


def require_make_public(user: User) -> None:
    if not can_make_public(user):
        raise PermissionDenied(ONLY_PROJECT_WORKERS)


def session_to_manage(user: User, pk: int) -> Session:
    """404 for a session this person may not see, 403 for one they may see but not make
    public (training.access)."""
    return training_access.get_session(user, pk, training_access.MANAGE)


def collection_to_manage(user: User, pk: int) -> Collection:
    return training_access.get_collection(user, pk, training_access.MANAGE)


def case_study_to_manage(user: User, pk: int) -> Project:
    """404 for a project this person may not see; 403 for one they see (a shared one, or
    their own home's) but may not make public."""
    project = qi_access.get_project(user, pk, qi_access.VIEW)
    require_make_public(user)
    return project
