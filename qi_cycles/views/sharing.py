"""Sharing improvement projects: the learning library, a project's story (case study) and
its editing, sharing with the network, "Try this in our home" and the one-page PDF.
Rules are in qi_cycles.access and qi_cycles.selectors_sharing; writes in
qi_cycles.services_sharing."""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from audit.hooks import audited_export
from network.selectors_directory import AreaTree
from portal.forms import add_service_errors, posted_data
from qi_cycles import access
from qi_cycles import selectors_sharing as selectors
from qi_cycles import services_sharing as services
from qi_cycles.forms_sharing import LibraryFilterForm, ShareForm, StoryForm, TryIdeaForm
from qi_cycles.models import ChangeIdea

logger = logging.getLogger(__name__)

PAGE_SIZE = 20


def _projects_crumbs() -> list[tuple[str, str]]:
    return [("Home", reverse("home")), ("Improvement projects", reverse("qi:project_list"))]


def _library_crumbs() -> list[tuple[str, str]]:
    return [*_projects_crumbs(), ("Learning library", reverse("qi:library"))]


def _project_url(project) -> str:
    return reverse("qi:project_detail", args=[project.pk])


def _project_crumbs(project) -> list[tuple[str, str]]:
    return [*_projects_crumbs(), (project.title, _project_url(project))]


def library(request: HttpRequest) -> HttpResponse:
    tree = AreaTree.load()
    form = LibraryFilterForm(request.GET or None, area_choices=tree.choices())
    filters = form.cleaned_data if form.is_valid() else {}
    area = filters.get("area")
    projects = selectors.library(
        request.user,
        q=filters.get("q", ""),
        theme=filters.get("theme"),
        status=filters.get("status", ""),
        outcome=filters.get("outcome", ""),
        area_ids=tree.descendants(area) if area else None,
    )
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = [selectors.present_card(p) for p in page.object_list]
    ctx = {
        "form": form,
        "page": page,
        "filtered": any(filters.get(name) for name in form.FILTERS) or bool(form.errors),
        "breadcrumbs": _projects_crumbs(),
    }
    return render(request, "qi_cycles/sharing/library.html", ctx)


def case_study(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.get_project(request.user, pk, access.VIEW)
    ctx = selectors.story(request.user, request.membership, project)
    from_library = project.is_shared and not ctx["can_edit"]
    ctx["breadcrumbs"] = _library_crumbs() if from_library else _project_crumbs(project)
    return render(request, "qi_cycles/sharing/case_study.html", ctx)


def story_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.get_project(request.user, pk, access.EDIT)
    form = StoryForm(posted_data(request), instance=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_story(
                actor=request.user,
                project=project,
                what_changed=form.cleaned_data["what_changed"],
                benefit_for_residents=form.cleaned_data["benefit_for_residents"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The story has been saved.")
            return redirect("qi:case_study", pk=project.pk)
    ctx = {
        "form": form,
        "project": project,
        "breadcrumbs": [
            *_project_crumbs(project),
            ("Case study", reverse("qi:case_study", args=[project.pk])),
        ],
    }
    return render(request, "qi_cycles/sharing/story_form.html", ctx)


def project_share(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.get_project(request.user, pk, access.DECIDE)
    form = ShareForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        action = form.cleaned_data["action"]
        if action in ("name", "unname"):
            return _name_publicly(request, project, form)
        share = action == "share"
        project = services.share_project(
            actor=request.user,
            project=project,
            share=share,
            name_publicly=share and form.cleaned_data["name_publicly"],
        )
        if share:
            messages.success(
                request,
                "Your project is now shared with the network. It is in the learning library.",
            )
        else:
            messages.success(
                request, "Your project is no longer shared. Only your home can see it now."
            )
        return redirect(_project_url(project))
    ctx = {"form": form, "project": project, "breadcrumbs": _project_crumbs(project)}
    return render(request, "qi_cycles/sharing/share.html", ctx)


def _name_publicly(request: HttpRequest, project, form: ShareForm) -> HttpResponse:
    """The manager changes whether public pages may name the home (a shared project)."""
    agree = form.cleaned_data["action"] == "name"
    try:
        services.name_home_publicly(actor=request.user, project=project, agree=agree)
    except ValidationError as error:
        add_service_errors(form, error)
        ctx = {"form": form, "project": project, "breadcrumbs": _project_crumbs(project)}
        return render(request, "qi_cycles/sharing/share.html", ctx)
    if agree:
        messages.success(request, "Public pages may now show your home's name.")
    else:
        messages.success(request, "Public pages will no longer show your home's name.")
    return redirect("qi:project_share", pk=project.pk)


def idea_try(request: HttpRequest, idea_pk: int) -> HttpResponse:
    idea = access.get_in_project(request.user, ChangeIdea.objects.all(), idea_pk)
    membership = request.membership
    if not access.can_start_project(membership):
        raise PermissionDenied(services.ONLY_CARE_HOMES)
    form = TryIdeaForm(
        posted_data(request),
        projects=selectors.try_targets(request.user, idea),
        can_start=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.try_idea(
                actor=request.user, membership=membership, idea=idea, target_id=form.target_id()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _after_try(request, copy, new=form.target_id() is None)
    ctx = {
        "form": form,
        "idea": idea,
        "source": idea.project,
        "home": membership.organisation,
        "breadcrumbs": [
            *_library_crumbs(),
            (idea.project.title, reverse("qi:case_study", args=[idea.project_id])),
        ],
    }
    return render(request, "qi_cycles/sharing/try_idea.html", ctx)


def _after_try(request: HttpRequest, copy, *, new: bool) -> HttpResponse:
    if new:
        messages.success(
            request,
            f"We have started a project for {copy.title} with the idea in it. Now write "
            "the problem and your aim: what, for whom, how much and by when.",
        )
        return redirect("qi:project_edit", pk=copy.project_id)
    messages.success(request, f"{copy.title} has been added to {copy.project.title}.")
    return redirect(_project_url(copy.project))


@audited_export("qi_cycles.project")
def project_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.get_project(request.user, pk, access.VIEW)
    # Imported here: loading WeasyPrint takes a second and needs Pango, which only PDF
    # downloads use (a server without it still serves every other page).
    try:
        from qi_cycles import pdf as project_pdfs
    except OSError:
        logger.exception("WeasyPrint could not load its system libraries (Pango)")
        back = {
            "back_url": reverse("qi:project_detail", args=[project.pk]),
            "back_text": f"see {project.title} on screen",
        }
        return render(request, "pages/pdf_unavailable.html", back, status=503)
    body = project_pdfs.project_pdf(project)
    name = f"{slugify(project.title)[:60].strip('-') or 'project'}-improvement-project.pdf"
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
