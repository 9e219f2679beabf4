"""Template tags for NHS.UK markup: the `nhsuk` crispy-forms pack and the page layouts.

    {% load nhsuk %}
    {% error_summary form %}        NHS.UK error summary for a form (nothing when valid)
    {% nhsuk_field_info field as f %}  what templates/nhsuk/field.html needs to draw a field
    {% squash %}...{% endsquash %}  collapse whitespace (for <title> text)

Ids follow the NHS.UK convention so that error summary links, labels and
aria-describedby agree:

- a field's id is Django's (`id_<name>` by default, or the widget's own `id` attribute);
- its hint is `<id>-hint`, its error message `<id>-error`;
- radios and checkboxes: the first input has the bare id, later ones `<id>-2`, `<id>-3`...;
- a MultiWidget (for example a date input) keeps Django's sub-ids `<id>_0`, `<id>_1`...,
  and the error summary links to the first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dc_field

from django import forms, template
from django.forms.boundfield import BoundField
from django.forms.utils import flatatt
from django.forms.widgets import Input
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_TEXT_INPUT_TYPES = {
    "text", "email", "number", "url", "tel", "password", "search", "date", "time",
    "datetime-local", "month", "week", "color",
}  # fmt: skip


def _join_classes(*parts: str | None) -> str:
    seen: list[str] = []
    for part in parts:
        for name in (part or "").split():
            if name not in seen:
                seen.append(name)
    return " ".join(seen)


def _join_ids(*parts: str | None) -> str:
    return _join_classes(*parts)


def base_id(bound: BoundField) -> str:
    """The id the pack gives the field's (first) control, before any MultiWidget suffix."""
    return bound.field.widget.attrs.get("id") or bound.auto_id or ""


def is_date_multiwidget(widget: forms.Widget) -> bool:
    """A MultiWidget drawn as an NHS.UK date input (day, month, year boxes side by side).

    Set `nhsuk_date_input = True` on the widget class, or give it a class name or
    template name containing "date".
    """
    if not isinstance(widget, forms.MultiWidget):
        return False
    flag = getattr(widget, "nhsuk_date_input", None)
    if flag is not None:
        return bool(flag)
    return "date" in type(widget).__name__.lower() or "date" in (widget.template_name or "")


def target_id(bound: BoundField) -> str:
    """Where an error summary link for this field should point: its first control."""
    widget = bound.field.widget
    ident = base_id(bound)
    if ident and isinstance(widget, forms.MultiWidget):
        return f"{ident}_0"
    return ident


def kind_of(bound: BoundField) -> str:
    widget = bound.field.widget
    if bound.is_hidden:
        return "hidden"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.MultiWidget):
        return "date" if is_date_multiwidget(widget) else "multi"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "select"
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, forms.PasswordInput):
        return "password"
    if isinstance(widget, Input) and getattr(widget, "input_type", "") in _TEXT_INPUT_TYPES:
        return "input"
    return "other"


@dataclass
class Choice:
    id: str
    html: SafeString
    label: str


@dataclass
class SubInput:
    id: str
    label: str
    html: SafeString
    name: str


@dataclass
class FieldInfo:
    kind: str
    id: str
    target_id: str
    hint_id: str
    error_id: str
    describedby: str
    has_errors: bool
    widget_html: SafeString = SafeString("")
    choices: list[Choice] = dc_field(default_factory=list)
    parts: list[SubInput] = dc_field(default_factory=list)
    show_labels: bool = True
    current_file: object = None
    clear_id: str = ""
    clear_checkbox: SafeString = SafeString("")


def _render_widget(bound: BoundField, classes: str, extra: dict | None = None) -> SafeString:
    widget = bound.field.widget
    attrs = dict(extra or {})
    attrs["class"] = _join_classes(classes, widget.attrs.get("class"))
    if widget.attrs.get("aria-describedby") or attrs.get("aria-describedby"):
        attrs["aria-describedby"] = _join_ids(
            widget.attrs.get("aria-describedby"), attrs.get("aria-describedby")
        )
    if not attrs.get("aria-describedby"):
        attrs.pop("aria-describedby", None)
    return bound.as_widget(attrs=attrs)


def _choices(bound: BoundField, ident: str, input_class: str) -> list[Choice]:
    choices = []
    for index, sub in enumerate(bound.subwidgets):
        data = sub.data
        choice_id = ident if index == 0 else f"{ident}-{index + 1}"
        attrs = {k: v for k, v in data["attrs"].items() if k not in ("id", "class")}
        attrs["class"] = _join_classes(input_class, data["attrs"].get("class"))
        attrs["id"] = choice_id
        if data.get("selected"):
            attrs["checked"] = True
        value = "" if data["value"] is None else str(data["value"])
        html = format_html(
            '<input{} name="{}" type="{}" value="{}">',
            flatatt(attrs),
            data["name"],
            data["type"],
            value,
        )
        choices.append(Choice(id=choice_id, html=html, label=data["label"]))
    return choices


_DATE_LABELS = ["Day", "Month", "Year"]


def _part_labels(widget: forms.MultiWidget, date: bool) -> list[str]:
    count = len(widget.widgets)
    explicit = getattr(widget, "subwidget_labels", None)
    if explicit:
        return [str(label) for label in explicit]
    names = [name.strip("_-[]") for name in widget.widgets_names]
    if all(names) and not all(name.isdigit() for name in names):
        return [name.replace("_", " ").capitalize() for name in names]
    if date and count == 3:
        return list(_DATE_LABELS)
    return [f"Part {n}" for n in range(1, count + 1)]


def _parts(bound: BoundField, ident: str, date: bool, has_errors: bool) -> list[SubInput]:
    widget: forms.MultiWidget = bound.field.widget
    value = bound.value()
    if not isinstance(value, list | tuple):
        value = widget.decompress(value)
    labels = _part_labels(widget, date)
    parts = []
    for index, (sub, suffix) in enumerate(zip(widget.widgets, widget.widgets_names, strict=True)):
        sub_id = f"{ident}_{index}"
        name = bound.html_name + suffix
        classes = ""
        attrs: dict = {"id": sub_id}
        if isinstance(sub, forms.Select):
            classes = "nhsuk-select"
            if has_errors:
                classes += " nhsuk-select--error"
        elif isinstance(sub, Input) and getattr(sub, "input_type", "") in _TEXT_INPUT_TYPES:
            classes = "nhsuk-input"
            if date:
                label = labels[index].lower() if index < len(labels) else ""
                width = 4 if label == "year" or (len(widget.widgets) == 3 and index == 2) else 2
                classes += f" nhsuk-date-input__input nhsuk-input--width-{width}"
                if "inputmode" not in sub.attrs:
                    attrs["inputmode"] = "numeric"
            if has_errors:
                classes += " nhsuk-input--error"
        attrs["class"] = _join_classes(classes, sub.attrs.get("class"))
        sub_value = value[index] if index < len(value) else None
        html = sub.render(name, sub_value, attrs)
        parts.append(
            SubInput(
                id=sub_id,
                label=labels[index] if index < len(labels) else "",
                html=html,
                name=name,
            )
        )
    return parts


def _flag(context, name: str) -> bool:
    """crispy's form_show_errors / form_show_labels: on unless explicitly switched off."""
    value = context.get(name, True)
    return value is not False and value != "False"


@register.simple_tag(takes_context=True)
def nhsuk_field_info(context, bound: BoundField) -> FieldInfo:
    """Everything templates/nhsuk/field.html needs to draw one field the NHS.UK way."""
    show_errors = _flag(context, "form_show_errors")
    kind = kind_of(bound)
    ident = base_id(bound)
    has_errors = bool(show_errors and bound.errors)
    hint_id = f"{ident}-hint" if bound.help_text else ""
    error_id = f"{ident}-error" if has_errors else ""
    describedby = _join_ids(hint_id, error_id)
    info = FieldInfo(
        kind=kind,
        id=ident,
        target_id=target_id(bound),
        hint_id=hint_id,
        error_id=error_id,
        describedby=describedby,
        has_errors=has_errors,
        show_labels=_flag(context, "form_show_labels"),
    )
    aria = {"aria-describedby": describedby}
    error = has_errors

    if kind in ("input", "password"):
        widget = bound.field.widget
        classes = "nhsuk-input" + (" nhsuk-input--error" if error else "")
        extra = dict(aria)
        if kind == "password":
            classes += " nhsuk-password-input__input nhsuk-js-password-input-input"
            extra.setdefault("spellcheck", "false")
            extra.setdefault("autocapitalize", "none")
        if getattr(widget, "input_type", "") == "email" and "spellcheck" not in widget.attrs:
            extra["spellcheck"] = "false"
        info.widget_html = _render_widget(bound, classes, extra)
    elif kind == "textarea":
        classes = "nhsuk-textarea" + (" nhsuk-textarea--error" if error else "")
        info.widget_html = _render_widget(bound, classes, aria)
    elif kind == "select":
        classes = "nhsuk-select" + (" nhsuk-select--error" if error else "")
        info.widget_html = _render_widget(bound, classes, aria)
    elif kind == "file":
        classes = "nhsuk-file-upload__input"
        widget = bound.field.widget
        if isinstance(widget, forms.ClearableFileInput):
            initial = bound.value()
            if initial and getattr(initial, "url", None):
                info.current_file = initial
                if not bound.field.required:
                    clear_name = widget.clear_checkbox_name(bound.html_name)
                    clear_id = widget.clear_checkbox_id(clear_name)
                    info.clear_id = clear_id
                    info.clear_checkbox = format_html(
                        '<input class="nhsuk-checkboxes__input" id="{}" name="{}" type="checkbox">',
                        clear_id,
                        clear_name,
                    )
            attrs = {k: v for k, v in widget.attrs.items() if k != "class"}
            attrs.update(
                {
                    "id": ident,
                    "class": _join_classes(classes, widget.attrs.get("class")),
                    **({"aria-describedby": describedby} if describedby else {}),
                }
            )
            info.widget_html = forms.FileInput(attrs=attrs).render(bound.html_name, None)
        else:
            info.widget_html = _render_widget(bound, classes, aria)
    elif kind == "checkbox":
        info.widget_html = _render_widget(bound, "nhsuk-checkboxes__input", aria)
    elif kind == "radios":
        info.choices = _choices(bound, ident, "nhsuk-radios__input")
    elif kind == "checkboxes":
        info.choices = _choices(bound, ident, "nhsuk-checkboxes__input")
    elif kind in ("date", "multi"):
        info.parts = _parts(bound, ident, kind == "date", error)
    else:
        info.widget_html = _render_widget(bound, "", aria)
    return info


# --- Error summary ------------------------------------------------------------------------


@dataclass
class SummaryItem:
    text: str
    href: str


def error_summary_items(form) -> list[SummaryItem]:
    """Non-field errors first (no link), then each field's errors in field order."""
    items: list[SummaryItem] = []
    if form is None or not hasattr(form, "errors") or not form.errors:
        return items
    for message in form.non_field_errors():
        items.append(SummaryItem(text=message, href=""))
    for bound in form:
        if not bound.errors:
            continue
        href = "" if bound.is_hidden else f"#{target_id(bound)}"
        for message in bound.errors:
            items.append(SummaryItem(text=message, href=href))
    return items


@register.inclusion_tag("includes/error_summary.html")
def error_summary(form, heading: str = "There is a problem"):
    """The NHS.UK error summary for `form`; renders nothing when it has no errors.

    Also marks the form so the pack does not repeat its non-field errors inside it.
    """
    items = error_summary_items(form)
    if items:
        try:
            form.nhsuk_summary_shown = True
        except AttributeError:
            pass
    return {"items": items, "heading": heading}


@register.filter
def has_errors(form) -> bool:
    """True when a form (or anything with `.errors`) has errors; False for anything else."""
    return bool(getattr(form, "errors", None))


@register.filter
def nhsuk_target_id(bound: BoundField) -> str:
    return target_id(bound)


# --- Whitespace ---------------------------------------------------------------------------


class SquashNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        text = self.nodelist.render(context)
        return mark_safe(re.sub(r"\s+", " ", text).strip())  # noqa: S308 - already rendered


@register.tag
def squash(parser, token):
    """Collapse runs of whitespace to one space and strip the ends."""
    nodelist = parser.parse(("endsquash",))
    parser.delete_first_token()
    return SquashNode(nodelist)


@register.filter
def without_placeholders(form):
    """Drop placeholder text from a form's widgets (NHS.UK: use a label or hint instead).

    Used for django-allauth's forms, which set placeholders. Widgets are per form instance,
    so this changes nothing elsewhere.
    """
    for bound_field in getattr(form, "fields", {}).values():
        bound_field.widget.attrs.pop("placeholder", None)
    return form


@register.filter
def without_help_text(form, names: str):
    """Drop the help text of the named fields (comma-separated) from this form instance."""
    for name in names.split(","):
        field = getattr(form, "fields", {}).get(name.strip())
        if field is not None:
            field.help_text = ""
            form[name.strip()].help_text = ""  # the bound field may already be cached
    return form


@register.filter
def drop_bootstrap_classes(value: str) -> str:
    """crispy's Submit/Button carry Bootstrap classes ("btn btn-primary"); keep only the others."""
    return " ".join(c for c in (value or "").split() if c != "btn" and not c.startswith("btn-"))


@register.simple_tag
def crumbs(*labels_and_urls):
    """Pairs for includes/breadcrumbs.html: {% crumbs "Home" home_url "Members" url as trail %}."""
    if len(labels_and_urls) % 2:
        raise ValueError("crumbs takes label, url pairs")
    return list(zip(labels_and_urls[0::2], labels_and_urls[1::2], strict=True))


@register.simple_tag(takes_context=True)
def page_url(context, number) -> str:
    """A link to another page of a list that keeps the filters in the current address."""
    query = context["request"].GET.copy()
    query["page"] = number
    return "?" + query.urlencode()
