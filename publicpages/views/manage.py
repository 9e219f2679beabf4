"""Project workers choose what is on the public learning pages: a published session, a
collection, or a case study its home shares. Who may: public.access; writes:
public.services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from portal.forms import add_service_errors, posted_data
from publicpages import access, selectors, services
from publicpages.forms import CollectionVisibilityForm, VisibilityForm
from publicpages.paths import case_study_path, collection_path, session_path


def _training_crumbs(*extra) -> list[tuple[str, str]]:
    return [
        ("Home", reverse("home")),
        ("Training", reverse("training:library")),
        ("Manage training", reverse("training:manage")),
        *extra,
    ]


def _done(request: HttpRequest, title: str, public: bool) -> None:
    if public:
        messages.success(request, f"{title} is now on the public learning pages.")
    else:
        messages.success(request, f"{title} is no longer on the public learning pages.")


def session_visibility(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.session_to_manage(request.user, pk)
    form = VisibilityForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            session = services.set_session_public(
                actor=request.user, session=session, public=form.make_public()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _done(request, session.title, session.is_public)
            return redirect("training:session_edit", pk=session.pk)
    ctx = {
        "form": form,
        "session": session,
        "is_live": session.is_public and session.is_published,
        "public_url": session_path(session),
        "presenter": selectors.presenter_label(
            session.presenter, selectors.care_home_names([session.presenter])
        ),
        "breadcrumbs": _training_crumbs(
            (session.title, reverse("training:session_edit", args=[session.pk]))
        ),
    }
    return render(request, "public/manage/session.html", ctx)


def collection_visibility(request: HttpRequest, pk: int) -> HttpResponse:
    collection = access.collection_to_manage(request.user, pk)
    sessions = list(
        collection.sessions.order_by("collection_items__position", "collection_items__pk")
    )
    published = [s for s in sessions if s.is_published]
    form = CollectionVisibilityForm(
        posted_data(request),
        initial={"with_sessions": not any(s.is_public for s in published)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            collection = services.set_collection_public(
                actor=request.user,
                collection=collection,
                public=form.make_public(),
                with_sessions=form.cleaned_data["with_sessions"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _done(request, collection.title, collection.is_public)
            return redirect("training:collection_items", pk=collection.pk)
    ctx = {
        "form": form,
        "collection": collection,
        "published": published,
        "public_count": sum(1 for s in published if s.is_public),
        "public_url": collection_path(collection),
        "breadcrumbs": _training_crumbs(
            (collection.title, reverse("training:collection_items", args=[collection.pk]))
        ),
    }
    return render(request, "public/manage/collection.html", ctx)


def case_study_visibility(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.case_study_to_manage(request.user, pk)
    form = VisibilityForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            project = services.set_case_study_public(
                actor=request.user, project=project, public=form.make_public()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _done(request, f"The case study {project.title}", project.is_public)
            return redirect("qi:case_study", pk=project.pk)
    ctx = {
        "form": form,
        "project": project,
        "is_live": project.is_public and project.is_shared,
        "home_label": selectors.home_label(project),
        "public_url": case_study_path(project),
        "breadcrumbs": [
            ("Home", reverse("home")),
            ("Improvement projects", reverse("qi:project_list")),
            ("Learning library", reverse("qi:library")),
            (project.title, reverse("qi:case_study", args=[project.pk])),
        ],
    }
    return render(request, "public/manage/case_study.html", ctx)
