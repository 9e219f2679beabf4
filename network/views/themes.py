"""Themes: the network's shared tags, managed by project workers and network admins."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from network import selectors_directory as directory
from network import services_directory
from network.forms_directory import ThemeActiveForm, ThemeForm
from portal.forms import add_service_errors


def theme_list(request: HttpRequest) -> HttpResponse:
    themes = list(directory.themes_for_management(request.user))
    ctx = {
        "active": [theme for theme in themes if theme.is_active],
        "retired": [theme for theme in themes if not theme.is_active],
    }
    return render(request, "network/themes/list.html", ctx)


def theme_add(request: HttpRequest) -> HttpResponse:
    directory.themes_for_management(request.user)  # 403 for anyone else
    form = ThemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            theme = services_directory.create_theme(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{theme.name}” has been added.")
            return redirect("network:theme_list")
    return render(request, "network/themes/form.html", {"form": form, "theme": None})


def theme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    theme = directory.get_theme_for_change(request.user, pk)
    initial = {"name": theme.name, "kind": theme.kind, "description": theme.description}
    form = ThemeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_directory.update_theme(actor=request.user, theme=theme, **form.cleaned_data)
        except ValidationError as error:
            theme.refresh_from_db()
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{theme.name}” has been saved.")
            return redirect("network:theme_list")
    return render(request, "network/themes/form.html", {"form": form, "theme": theme})


@require_POST
def theme_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    theme = directory.get_theme_for_change(request.user, pk)
    form = ThemeActiveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether to retire or restore the theme.")
        return redirect("network:theme_list")
    services_directory.set_theme_active(
        actor=request.user, theme=theme, is_active=form.cleaned_data["is_active"]
    )
    if theme.is_active:
        messages.success(request, f"“{theme.name}” can be chosen again.")
    else:
        messages.success(
            request, f"“{theme.name}” is retired. It stays on old items but cannot be chosen."
        )
    return redirect("network:theme_list")
