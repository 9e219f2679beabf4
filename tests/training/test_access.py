"""training.access: who sees which sessions, who manages, who records cascades, analytics scope."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404

from network.models import Membership, User
from tests.access import training as rows
from tests.factories import make_learning_record, make_session
from training import access
from training.models import Session


@pytest.fixture
def objs(cast):
    return rows.objects(cast)


def _titles(user):
    return set(access.visible_sessions(user).values_list("title", flat=True))


def test_learners_see_published_sessions_and_archived_ones_they_started(cast, objs):
    published = {objs["t_session"].title, objs["t_link"].title}
    assert _titles(cast.sid) == published
    assert _titles(cast.mona) == published | {objs["t_archived"].title}
    assert _titles(cast.pat) == published


def test_project_workers_see_drafts_and_archived(cast, objs):
    assert objs["t_draft"].title in _titles(cast.will)
    assert objs["t_archived"].title in _titles(cast.ada)


def test_a_draft_is_not_found_for_learners_and_managing_is_forbidden(cast, objs):
    with pytest.raises(Http404):
        access.get_session(cast.mona, objs["t_draft"].pk)
    with pytest.raises(PermissionDenied):
        access.get_session(cast.mona, objs["t_session"].pk, access.MANAGE)
    assert access.get_session(cast.will, objs["t_draft"].pk, access.MANAGE) == objs["t_draft"]


def test_a_collection_with_only_drafts_is_hidden_from_learners(cast, objs):
    with pytest.raises(Http404):
        access.get_collection(cast.sid, objs["t_draft_collection"].pk)
    assert access.get_collection(cast.sid, objs["t_collection"].pk) == objs["t_collection"]
    assert access.get_collection(cast.will, objs["t_draft_collection"].pk)


def test_cascade_is_for_champions_and_managers_at_a_home(cast):
    assert access.cascade_homes(cast.mona) == [cast.home_a]
    with pytest.raises(PermissionDenied):
        access.require_cascade(cast.sid)
    Membership.objects.filter(user=cast.sid).update(is_champion=True)
    sid = User.objects.get(pk=cast.sid.pk)  # memberships are cached on the user object
    assert access.cascade_homes(sid) == [cast.home_a]
    for outsider in (cast.pat, cast.will):
        with pytest.raises(PermissionDenied):
            access.require_cascade(outsider)


def test_analytics_scope(cast):
    assert access.analytics_area_ids(cast.will) is None
    pat_areas = access.analytics_area_ids(cast.pat)
    assert cast.icb.area_id in pat_areas and cast.home_a.area_id in pat_areas
    assert cast.team.area_id not in pat_areas  # the region above the ICB area
    with pytest.raises(PermissionDenied):
        access.analytics_area_ids(cast.mona)


def test_one_learning_record_per_person_and_session(cast):
    session = make_session()
    make_learning_record(cast.sid, session)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_learning_record(cast.sid, session)


def test_a_published_session_must_have_a_publication_date(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_session(status=Session.Status.PUBLISHED, published_at=None)
