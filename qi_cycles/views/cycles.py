"""PDSA cycles: a project's ramps, starting a cycle, a cycle's page (the worksheet and
comments), changing it (with a clear message when two people save at once), commenting
and deleting. Access through qi_cycles.access; reads in selectors_cycles; writes in
services_cycles."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from audit.hooks import audited_delete
from portal.forms import add_service_errors, posted_data
from qi_cycles import access
from qi_cycles import selectors_cycles as selectors
from qi_cycles import services_cycles as services
from qi_cycles.forms_cycles import CommentForm, CycleForm, PlanForm, resolve_conflict


def _optional_url(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _crumbs(project, *extra) -> list[tuple[str, str]]:
    trail = [("Home", reverse("home"))]
    for label, url in (
        ("Improvement projects", _optional_url("qi:project_list")),
        (project.title, _optional_url("qi:project_detail", project.pk)),
    ):
        if url:
            trail.append((label, url))
    return [*trail, *extra]


def _cycles_crumb(project) -> tuple[str, str]:
    return ("PDSA cycles", reverse("qi:cycle_list", args=[project.pk]))


def _cycle_crumbs(cycle) -> list[tuple[str, str]]:
    return _crumbs(
        cycle.project,
        _cycles_crumb(cycle.project),
        (f"Cycle {cycle.number}", reverse("qi:cycle_detail", args=[cycle.pk])),
    )


def cycle_list(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.get_project(request.user, pk, access.VIEW)
    ctx = {
        "project": project,
        "ramps": selectors.ramps(project),
        "perms": access.permissions(request.user, project),
        "breadcrumbs": _crumbs(project),
    }
    return render(request, "qi_cycles/cycles/cycle_list.html", ctx)


def cycle_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.get_project(request.user, pk, access.EDIT)
    initial = {}
    ideas = list(selectors.change_ideas(project))
    wanted = request.GET.get("idea", "")
    if wanted.isdigit() and any(idea.pk == int(wanted) for idea in ideas):
        initial["change_idea"] = int(wanted)
    elif len(ideas) == 1:
        initial["change_idea"] = ideas[0].pk
    form = PlanForm(posted_data(request), project=project, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            cycle, created = services.create_cycle(
                actor=request.user,
                project=project,
                change_idea=form.cleaned_data["change_idea"],
                measures=form.cleaned_data.get("measures") or [],
                **form.plan(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if created:
                messages.success(
                    request,
                    f"Cycle {cycle.number} of '{cycle.change_idea}' has started. Come back "
                    "to record what happened, what you found and what you will do next.",
                )
            else:
                messages.info(request, "This cycle was already saved. Here it is.")
            return redirect("qi:cycle_detail", cycle_pk=cycle.pk)
    ctx = {
        "project": project,
        "form": form,
        "has_ideas": bool(ideas),
        "breadcrumbs": _crumbs(project, _cycles_crumb(project)),
    }
    return render(request, "qi_cycles/cycles/cycle_create.html", ctx)


def _detail_ctx(request: HttpRequest, cycle, comment_form=None) -> dict:
    perms = access.permissions(request.user, cycle.project)
    if comment_form is None and perms["can_comment"]:
        comment_form = CommentForm()
    return {
        "project": cycle.project,
        "cycle": cycle,
        "page": selectors.cycle_page(cycle),
        "perms": perms,
        "form": comment_form,
        "breadcrumbs": _crumbs(cycle.project, _cycles_crumb(cycle.project)),
    }


def cycle_detail(request: HttpRequest, cycle_pk: int) -> HttpResponse:
    cycle = selectors.get_cycle(request.user, cycle_pk, access.VIEW)
    return render(request, "qi_cycles/cycles/cycle_detail.html", _detail_ctx(request, cycle))


def cycle_edit(request: HttpRequest, cycle_pk: int) -> HttpResponse:
    cycle = selectors.get_cycle(request.user, cycle_pk, access.EDIT)
    project = cycle.project
    form = CycleForm(posted_data(request), project=project, cycle=cycle)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_cycle(
                actor=request.user,
                cycle=cycle,
                version=form.cleaned_data["version"],
                measures=form.chosen_measures(),
                **form.worksheet(),
            )
        except services.EditConflict as clash:
            conflict = resolve_conflict(form, clash.saved, project)
            form = conflict.form
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your changes to the cycle have been saved.")
            return redirect("qi:cycle_detail", cycle_pk=cycle.pk)
    ctx = {
        "project": project,
        "cycle": conflict.saved if conflict else cycle,
        "form": form,
        "conflict": conflict,
        "breadcrumbs": _cycle_crumbs(cycle),
    }
    return render(request, "qi_cycles/cycles/cycle_edit.html", ctx)


@require_POST
def cycle_comment(request: HttpRequest, cycle_pk: int) -> HttpResponse:
    cycle = selectors.get_cycle(request.user, cycle_pk, access.COMMENT)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.add_comment(actor=request.user, cycle=cycle, body=form.cleaned_data["body"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your comment has been added.")
            return redirect(reverse("qi:cycle_detail", args=[cycle.pk]) + "#comments")
    return render(request, "qi_cycles/cycles/cycle_detail.html", _detail_ctx(request, cycle, form))


@audited_delete("qi_cycles.cycle", kwarg="cycle_pk")
def cycle_delete(request: HttpRequest, cycle_pk: int) -> HttpResponse:
    cycle = selectors.get_cycle(request.user, cycle_pk, access.EDIT)
    if request.method == "POST":
        services.delete_cycle(actor=request.user, cycle=cycle)
        messages.success(request, f"Cycle {cycle.number} of '{cycle.change_idea}' was deleted.")
        return redirect("qi:cycle_list", pk=cycle.project_id)
    ctx = {
        "project": cycle.project,
        "cycle": cycle,
        "comment_count": cycle.comments.count(),
        "breadcrumbs": _cycle_crumbs(cycle),
    }
    return render(request, "qi_cycles/cycles/cycle_delete.html", ctx)
