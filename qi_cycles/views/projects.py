"""Improvement projects: the list, starting and changing a project, its overview page,
deleting it, and its driver diagram (shown as a diagram, edited as a list).

Who may do what is decided in qi_cycles.access; reads are in selectors_projects and
writes in services_projects."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from audit.hooks import audited_delete
from network.roles import Role
from portal.forms import add_service_errors, posted_data
from qi_cycles import access, selectors_cycles, selectors_measures, selectors_sharing
from qi_cycles import selectors_projects as selectors
from qi_cycles import services_projects as services
from qi_cycles.forms_projects import DriverForm, IdeaForm, ProjectFilterForm, ProjectForm
from qi_cycles.models import Driver, Project

PAGE_SIZE = 20


def _crumbs(*extra) -> list[tuple[str, str]]:
    return [("Home", reverse("home")), ("Improvement projects", reverse("qi:project_list")), *extra]


def _project_crumbs(project: Project) -> list[tuple[str, str]]:
    return _crumbs((project.title, reverse("qi:project_detail", args=[project.pk])))


def _drivers_url(project_id: int, anchor: str = "") -> str:
    url = reverse("qi:drivers", args=[project_id])
    return f"{url}#{anchor}" if anchor else url


# --- Projects -----------------------------------------------------------------------------


def project_list(request: HttpRequest) -> HttpResponse:
    scope = selectors.list_scope(request.user)
    themes = selectors.themes_in_use(request.user) if scope == selectors.HOMES else None
    form = ProjectFilterForm(request.GET or None, scope=scope, themes=themes)
    projects = selectors.project_list(request.user, **form.filters())
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    ctx = {
        "form": form,
        "page": page,
        "scope": scope,
        "filtered": form.filtered,
        "can_start": access.can_start_project(request.membership),
        "breadcrumbs": [("Home", reverse("home"))],
    }
    return render(request, "qi_cycles/projects/project_list.html", ctx)


def project_create(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    if not access.can_start_project(membership):
        raise PermissionDenied("Only care home managers and staff can start a project.")
    home = membership.organisation
    can_share = membership.role == Role.CARE_HOME_MANAGER
    form = ProjectForm(posted_data(request), home=home, can_share=can_share)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.create_project(
                actor=request.user,
                membership=membership,
                details=form.details(),
                visibility=form.cleaned_data.get("visibility") or Project.Visibility.HOME,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                "Your project has been started. Next, build your driver diagram: what has to "
                "be in place to reach your aim, and which changes you could test.",
            )
            return redirect("qi:project_detail", pk=project.pk)
    ctx = {"form": form, "home": home, "breadcrumbs": _crumbs()}
    return render(request, "qi_cycles/projects/project_form.html", ctx)


def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.get_project(request.user, pk, access.VIEW)
    ctx = {
        **selectors_cycles.project_panel(request.user, project),
        **selectors_measures.project_panel(request.user, project),
        **selectors_sharing.project_panel(request.user, project),
        **selectors.project_page(request.user, project),
        "project": project,
        "breadcrumbs": _crumbs(),
    }
    return render(request, "qi_cycles/projects/project_detail.html", ctx)


def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.get_project(request.user, pk, access.EDIT)
    can_share = access.permissions(request.user, project)["can_decide"]
    form = ProjectForm(
        posted_data(request), home=project.home, project=project, can_share=can_share
    )
    if request.method == "POST" and form.is_valid():
        visibility = form.cleaned_data.get("visibility") if can_share else None
        try:
            services.update_project(
                actor=request.user,
                project=project,
                details=form.details(),
                visibility=visibility or services.KEEP,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your changes have been saved.")
            return redirect("qi:project_detail", pk=project.pk)
    ctx = {"form": form, "project": project, "breadcrumbs": _project_crumbs(project)}
    return render(request, "qi_cycles/projects/project_form.html", ctx)


@audited_delete("qi_cycles.project")
def project_delete(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.get_project(request.user, pk, access.DECIDE)
    if request.method == "POST":
        title = project.title
        services.delete_project(actor=request.user, project=project)
        messages.success(request, f"The project ‘{title}’ has been deleted.")
        return redirect("qi:project_list")
    ctx = {
        "project": project,
        "summary": selectors.delete_summary(project),
        "breadcrumbs": _project_crumbs(project),
    }
    return render(request, "qi_cycles/projects/project_delete.html", ctx)


# --- Driver diagram -----------------------------------------------------------------------


def drivers(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.get_project(request.user, pk, access.VIEW)
    ctx = {
        "project": project,
        "tree": selectors.driver_tree(project),
        **access.permissions(request.user, project),
        "breadcrumbs": _project_crumbs(project),
    }
    return render(request, "qi_cycles/projects/drivers.html", ctx)


def _diagram_page_ctx(project: Project, form, **extra) -> dict:
    crumbs = _project_crumbs(project) + [("Driver diagram", _drivers_url(project.pk))]
    return {"project": project, "form": form, "breadcrumbs": crumbs, **extra}


def _parent_from_query(request: HttpRequest, project: Project) -> dict:
    """?parent=<primary driver> preselects where a new secondary driver goes."""
    parent = request.GET.get("parent", "")
    if (
        parent.isdigit()
        and Driver.objects.filter(pk=parent, project=project, level=Driver.Level.PRIMARY).exists()
    ):
        return {"parent": int(parent)}
    return {}


def driver_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.get_project(request.user, pk, access.EDIT)
    initial = _parent_from_query(request, project)
    form = DriverForm(posted_data(request), project=project, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            driver = services.add_driver(
                actor=request.user,
                project=project,
                text=form.cleaned_data["text"],
                parent=form.cleaned_data.get("parent"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"‘{driver.text}’ has been added to the diagram.")
            return redirect(_drivers_url(project.pk, f"driver-{driver.pk}"))
    return render(
        request,
        "qi_cycles/projects/driver_form.html",
        _diagram_page_ctx(project, form, secondary=bool(initial)),
    )


def driver_edit(request: HttpRequest, driver_pk: int) -> HttpResponse:
    driver = selectors.get_driver(request.user, driver_pk, access.EDIT)
    project = driver.project
    form = DriverForm(posted_data(request), project=project, driver=driver)
    if request.method == "POST" and form.is_valid():
        parent = form.cleaned_data["parent"] if "parent" in form.fields else services.KEEP
        try:
            services.update_driver(
                actor=request.user, driver=driver, text=form.cleaned_data["text"], parent=parent
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The driver has been changed.")
            return redirect(_drivers_url(project.pk, f"driver-{driver.pk}"))
    return render(
        request,
        "qi_cycles/projects/driver_form.html",
        _diagram_page_ctx(project, form, driver=driver),
    )


@audited_delete("qi_cycles.driver", kwarg="driver_pk")
def driver_delete(request: HttpRequest, driver_pk: int) -> HttpResponse:
    driver = selectors.get_driver(request.user, driver_pk, access.EDIT)
    project = driver.project
    if request.method == "POST":
        services.delete_driver(actor=request.user, driver=driver)
        messages.success(request, f"‘{driver.text}’ has been removed from the diagram.")
        return redirect(_drivers_url(project.pk))
    ctx = _diagram_page_ctx(project, None, driver=driver, plan=services.removal_plan(driver))
    return render(request, "qi_cycles/projects/driver_delete.html", ctx)


@require_POST
def driver_move(request: HttpRequest, driver_pk: int) -> HttpResponse:
    driver = selectors.get_driver(request.user, driver_pk, access.EDIT)
    try:
        services.move_driver(
            actor=request.user, driver=driver, direction=request.POST.get("direction", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_drivers_url(driver.project_id, f"edit-driver-{driver.pk}"))


def idea_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.get_project(request.user, pk, access.EDIT)
    initial = {}
    driver = request.GET.get("driver", "")
    if driver.isdigit() and Driver.objects.filter(pk=driver, project=project).exists():
        initial["driver"] = int(driver)
    form = IdeaForm(posted_data(request), project=project, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            idea = services.add_idea(
                actor=request.user,
                project=project,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                driver=form.cleaned_data.get("driver"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"‘{idea.title}’ has been added to the diagram.")
            return redirect(_drivers_url(project.pk, f"idea-{idea.pk}"))
    return render(request, "qi_cycles/projects/idea_form.html", _diagram_page_ctx(project, form))


def idea_edit(request: HttpRequest, idea_pk: int) -> HttpResponse:
    idea = selectors.get_idea(request.user, idea_pk, access.EDIT)
    project = idea.project
    form = IdeaForm(posted_data(request), project=project, idea=idea)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_idea(
                actor=request.user,
                idea=idea,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                driver=form.cleaned_data.get("driver"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The change idea has been changed.")
            return redirect(_drivers_url(project.pk, f"idea-{idea.pk}"))
    return render(
        request, "qi_cycles/projects/idea_form.html", _diagram_page_ctx(project, form, idea=idea)
    )


@audited_delete("qi_cycles.changeidea", kwarg="idea_pk")
def idea_delete(request: HttpRequest, idea_pk: int) -> HttpResponse:
    idea = selectors.get_idea(request.user, idea_pk, access.EDIT)
    project = idea.project
    reason = services.why_idea_cannot_be_deleted(idea)
    if request.method == "POST" and not reason:
        try:
            services.delete_idea(actor=request.user, idea=idea)
        except ValidationError as error:
            reason = " ".join(error.messages)
        else:
            messages.success(request, f"‘{idea.title}’ has been deleted.")
            return redirect(_drivers_url(project.pk))
    ctx = _diagram_page_ctx(project, None, idea=idea, reason=reason)
    return render(request, "qi_cycles/projects/idea_delete.html", ctx)


@require_POST
def idea_move(request: HttpRequest, idea_pk: int) -> HttpResponse:
    idea = selectors.get_idea(request.user, idea_pk, access.EDIT)
    try:
        services.move_idea(
            actor=request.user, idea=idea, direction=request.POST.get("direction", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_drivers_url(idea.project_id, f"edit-idea-{idea.pk}"))
