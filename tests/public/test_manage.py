"""Project workers choose what is public; archiving, unpublishing and stopping sharing take
items off the public pages at once; the home's manager agrees to be named when sharing."""

import re

import pytest
from django.urls import reverse

from publicpages.paths import case_study_path, collection_path, session_path
from qi_cycles.models import Project
from tests.factories import make_project
from training.models import Collection, Session


def _post(client, name, pk, **data):
    return client.post(reverse(name, args=[pk]), data)


# --- Sessions ---------------------------------------------------------------------------------


def test_a_project_worker_makes_a_published_session_public_and_takes_it_off(client, cast, items):
    session = items["p_members_session"]
    client.force_login(cast.will)
    page = client.get(reverse("public:manage_session", args=[session.pk])).content.decode()
    assert "Make this session public?" in page
    response = _post(client, "public:manage_session", session.pk, action="public")
    assert response.status_code == 302
    assert response["Location"] == reverse("training:session_edit", args=[session.pk])
    session.refresh_from_db()
    assert session.is_public and session.made_public_by == cast.will and session.made_public_at
    client.logout()
    assert client.get(session_path(session)).status_code == 200
    client.force_login(cast.will)
    _post(client, "public:manage_session", session.pk, action="private")
    session.refresh_from_db()
    assert not session.is_public and session.made_public_at is None
    client.logout()
    assert client.get(session_path(session)).status_code == 404


def test_a_draft_session_cannot_be_made_public(client, cast):
    from tests.factories import make_session

    draft = make_session(status="draft", title="Not ready")
    client.force_login(cast.will)
    response = _post(client, "public:manage_session", draft.pk, action="public")
    assert response.status_code == 200
    assert "Publish the session before you make it public" in response.content.decode()
    draft.refresh_from_db()
    assert not draft.is_public


def test_a_form_with_no_choice_says_what_to_do(client, cast, items):
    client.force_login(cast.will)
    response = _post(client, "public:manage_session", items["p_members_session"].pk)
    assert response.status_code == 200
    assert "Choose whether to make it public" in response.content.decode()


@pytest.mark.parametrize("action", ["archive", "draft"])
def test_archiving_or_unpublishing_takes_a_session_off_at_once(client, cast, items, action):
    session = items["p_session"]
    assert client.get(session_path(session)).status_code == 200
    client.force_login(cast.will)
    response = client.post(
        reverse("training:session_status", args=[session.pk]), {"action": action}
    )
    assert response.status_code == 302
    client.logout()
    assert client.get(session_path(session)).status_code == 404
    assert client.get(reverse("public:session_video", args=[session.pk])).status_code == 404
    assert client.get(reverse("public:handout", args=[items["p_handout"].pk])).status_code == 404
    # Publishing it again keeps it for members until someone makes it public again.
    client.force_login(cast.will)
    client.post(reverse("training:session_status", args=[session.pk]), {"action": "publish"})
    session.refresh_from_db()
    assert session.status == Session.Status.PUBLISHED and not session.is_public


def test_the_session_edit_page_offers_making_it_public(client, cast, items):
    client.force_login(cast.will)
    html = client.get(reverse("training:session_edit", args=[items["p_members_session"].pk]))
    assert (
        reverse("public:manage_session", args=[items["p_members_session"].pk])
        in html.content.decode()
    )


# --- Collections ------------------------------------------------------------------------------


def test_making_a_collection_public_can_make_its_published_sessions_public(client, cast, items):
    collection = items["p_members_collection"]
    members = items["p_members_session"]
    collection.items.create(session=members, position=2)
    client.force_login(cast.will)
    page = client.get(reverse("public:manage_collection", args=[collection.pk]))
    assert "Make its published sessions public too" in page.content.decode()
    response = _post(
        client, "public:manage_collection", collection.pk, action="public", with_sessions="on"
    )
    assert response.status_code == 302
    collection.refresh_from_db()
    members.refresh_from_db()
    assert collection.is_public and members.is_public
    client.logout()
    html = client.get(collection_path(collection)).content.decode()
    assert members.title in html


def test_a_collection_whose_page_would_be_empty_is_refused(client, cast):
    from tests.factories import make_session

    collection = Collection.objects.create(title="Falls")
    collection.items.create(session=make_session(title="Members only"), position=1)
    client.force_login(cast.will)
    response = _post(client, "public:manage_collection", collection.pk, action="public")
    assert response.status_code == 200
    assert "its public page would be empty" in response.content.decode()
    collection.refresh_from_db()
    assert not collection.is_public


def test_a_collection_with_only_drafts_cannot_be_public(client, cast):
    from tests.factories import make_session

    collection = Collection.objects.create(title="Coming soon")
    draft = make_session(status="draft", title="Draft")
    collection.items.create(session=draft, position=1)
    client.force_login(cast.will)
    response = _post(
        client, "public:manage_collection", collection.pk, action="public", with_sessions="on"
    )
    assert "no published sessions" in response.content.decode()
    draft.refresh_from_db()
    collection.refresh_from_db()
    assert not collection.is_public and not draft.is_public  # nothing saved half-way


# --- Case studies -----------------------------------------------------------------------------


def test_a_project_worker_makes_a_shared_case_study_public(client, cast, items):
    project = items["p_shared"]
    client.force_login(cast.will)
    html = client.get(reverse("qi:case_study", args=[project.pk])).content.decode()
    assert reverse("public:manage_case_study", args=[project.pk]) in html
    page = client.get(reverse("public:manage_case_study", args=[project.pk])).content.decode()
    assert "A care home in Solent ICB area" in page  # what visitors will see
    response = _post(client, "public:manage_case_study", project.pk, action="public")
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.is_public and project.made_public_by == cast.will
    client.logout()
    assert client.get(case_study_path(project)).status_code == 200


def test_a_home_only_project_cannot_be_made_public(client, cast):
    project = make_project(cast.home_a, title="Ours")
    client.force_login(cast.will)
    response = _post(client, "public:manage_case_study", project.pk, action="public")
    assert response.status_code == 200
    assert "cannot be public yet" in response.content.decode()
    project.refresh_from_db()
    assert not project.is_public


def test_members_do_not_see_the_make_public_link(client, cast, items):
    client.force_login(cast.mona)
    html = client.get(reverse("qi:case_study", args=[items["p_shared"].pk])).content.decode()
    assert reverse("public:manage_case_study", args=[items["p_shared"].pk]) not in html


def test_stopping_sharing_takes_the_case_study_off_at_once(client, cast, items):
    project = items["p_named"]
    client.force_login(cast.mona)
    response = _post(client, "qi:project_share", project.pk, action="stop")
    assert response.status_code == 302
    project.refresh_from_db()
    assert not project.is_public and not project.home_named_publicly
    client.logout()
    assert client.get(case_study_path(project)).status_code == 404
    # Shared again, it is for members until a project worker makes it public again.
    client.force_login(cast.mona)
    _post(client, "qi:project_share", project.pk, action="share")
    client.logout()
    assert client.get(case_study_path(project)).status_code == 404


def test_making_it_home_only_on_the_edit_form_also_takes_it_off_for_good(cast, items):
    from qi_cycles.services_projects import ProjectDetails, update_project

    project = items["p_named"]
    details = ProjectDetails(
        title=project.title,
        problem=project.problem,
        aim_what=project.aim_what,
        aim_for_whom=project.aim_for_whom,
        aim_how_much=project.aim_how_much,
        aim_by_when=project.aim_by_when,
        start_date=project.start_date,
        status=project.status,
        themes=tuple(project.themes.all()),
        team=tuple(project.team.all()),
        coach=project.coach,
    )
    update_project(actor=cast.mona, project=project, details=details, visibility="home")
    project.refresh_from_db()
    assert not project.is_public and not project.home_named_publicly
    # Shared again from the edit form: members only, and nobody has agreed to name the home.
    update_project(actor=cast.mona, project=project, details=details, visibility="shared")
    project.refresh_from_db()
    assert project.is_shared and not project.is_public and not project.home_named_publicly


# --- The home's consent to be named -----------------------------------------------------------


def test_sharing_asks_the_manager_and_does_not_name_the_home_by_default(client, cast):
    project = make_project(cast.home_a, title="Better sleep")
    client.force_login(cast.mona)
    page = client.get(reverse("qi:project_share", args=[project.pk])).content.decode()
    assert "show our home&#x27;s name if the case study goes on the public pages" in page
    box = re.search(r'<input[^>]*name="name_publicly"[^>]*>', page)
    assert box and "checked" not in box.group(0)
    _post(client, "qi:project_share", project.pk, action="share")
    project.refresh_from_db()
    assert project.is_shared and not project.home_named_publicly
    project.is_public = True
    project.save()
    client.logout()
    html = client.get(case_study_path(project)).content.decode()
    assert "Oak House" not in html and "A care home in Solent ICB area" in html


def test_a_manager_who_agrees_when_sharing_has_the_home_named(client, cast):
    project = make_project(cast.home_a, title="Better sleep")
    client.force_login(cast.mona)
    _post(client, "qi:project_share", project.pk, action="share", name_publicly="on")
    project.refresh_from_db()
    assert project.home_named_publicly
    assert project.home_name_agreed_by == cast.mona and project.home_name_agreed_at
    Project.objects.filter(pk=project.pk).update(is_public=True)
    client.logout()
    assert "Oak House" in client.get(case_study_path(project)).content.decode()


def test_the_manager_can_change_their_mind_while_it_is_shared(client, cast, items):
    project = items["p_named"]
    client.force_login(cast.mona)
    _post(client, "qi:project_share", project.pk, action="unname")
    project.refresh_from_db()
    assert not project.home_named_publicly and project.is_public
    client.logout()
    assert "Oak House" not in client.get(case_study_path(project)).content.decode()
    client.force_login(cast.mona)
    _post(client, "qi:project_share", project.pk, action="name")
    project.refresh_from_db()
    assert project.home_named_publicly


def test_only_the_manager_decides_on_naming_the_home(client, cast, items):
    project = items["p_unnamed"]  # home B's
    for person in (cast.mona, cast.sid):
        client.force_login(person)
        response = _post(client, "qi:project_share", project.pk, action="name")
        assert response.status_code == 403
    client.force_login(cast.will)
    assert _post(client, "qi:project_share", project.pk, action="name").status_code == 403
    project.refresh_from_db()
    assert not project.home_named_publicly


def test_naming_needs_the_project_shared(client, cast):
    project = make_project(cast.home_a, title="Not shared")
    client.force_login(cast.mona)
    response = _post(client, "qi:project_share", project.pk, action="name")
    assert response.status_code == 200
    assert "Share the project first" in response.content.decode()
    project.refresh_from_db()
    assert not project.home_named_publicly
