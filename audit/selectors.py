"""Reads for the audit log page: the filtered rows, and how each row is shown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time, timedelta

from django.apps import apps
from django.db.models import Q, QuerySet
from django.urls import reverse

from audit.models import Action, AuditEvent
from network.roles import Role
from portal.forms import london_datetime

# Readable names for what a row was done to; other models use their verbose name.
TARGET_NAMES = {
    "qi_cycles.project": "Improvement project",
    "qi_cycles.measure": "Project measure",
    "qi_cycles.measurevalue": "Measure value",
    "qi_cycles.annotation": "Chart note",
    "qi_cycles.cycle": "PDSA cycle",
    "qi_cycles.driver": "Driver",
    "qi_cycles.changeidea": "Change idea",
    "surveys.survey": "Survey",
    "surveys.question": "Survey question",
    "training.session": "Training session",
    "training.handout": "Handout",
    "network.organisation": "Organisation",
    "network.membership": "Membership",
    "network.user": "Person",
    "network.invitation": "Invitation",
    "network.event": "Event",
    "privacy.erasurerequest": "Erasure request",
    "outcomes.networkmeasure": "Network measure",
}

# Pages a target can link to (no query needed: the link is built from the id alone).
TARGET_LINKS = {
    "qi_cycles.project": "qi:project_detail",
    "qi_cycles.measure": "qi:measure_detail",
    "surveys.survey": "surveys:survey_results",
    "training.session": "training:session_detail",
    "network.organisation": "network:organisation_detail",
    "network.event": "network:event_detail",
    "outcomes.networkmeasure": "outcomes:measure_detail",
}

# What each download is, by its URL name.
DOWNLOAD_NAMES = {
    "dashboards:area_csv": "Area figures (CSV)",
    "dashboards:area_pdf": "Area summary (PDF)",
    "dashboards:home_pdf": "Care home summary (PDF)",
    "dashboards:poster": "Project poster (PDF)",
    "training:analytics_csv": "Training figures (CSV)",
    "training:my_learning_csv": "Their own learning records (CSV)",
    "training:certificate": "Training certificate (PDF)",
    "qi:measure_csv": "Project measure data (CSV)",
    "qi:project_pdf": "Improvement project (PDF)",
    "outcomes:measure_csv": "Network measure by month (CSV)",
    "surveys:survey_export": "Survey answers (CSV)",
    "surveys:survey_results": "Survey results with named answers",
    "audit:log_csv": "Audit log (CSV)",
}


FLAG_NAMES = {"is_staff": "Django admin access", "is_superuser": "Superuser"}
OTHER_DETAILS = {
    "champion:yes": "Made a champion",
    "champion:no": "No longer a champion",
    "invitation": "Came back by invitation",
    "admin": "In the Django admin",
    # Where a cancellation or a refusal was made, by its URL name.
    "network:cancel_invitation": "On the organisation's members page",
    "network:event_cancel": "On the event's page",
    "privacy:decline_request": "On the erasure requests page",
}


def _role(code: str) -> str:
    if code in Role.values:
        return Role(code).label
    return FLAG_NAMES.get(code, code or "none")


def detail_text(detail: str) -> str:
    """The detail in words: a download's name, or a role change such as
    "admin manager→staff" as "In the Django admin: Care home manager to Care home staff"."""
    if detail in DOWNLOAD_NAMES:
        return DOWNLOAD_NAMES[detail]
    if detail in OTHER_DETAILS:
        return OTHER_DETAILS[detail]
    if detail.startswith("admin:"):  # the admin page's URL name
        return "In the Django admin"
    if "→" not in detail:
        return detail
    where, _, change = detail.rpartition(" ") if " " in detail else ("", "", detail)
    before, _, after = change.partition("→")
    if before == "invitation":
        return f"By invitation: {_role(after)}"
    if before in FLAG_NAMES:
        given = "given" if after == "yes" else "taken away"
        return f"In the Django admin: {FLAG_NAMES[before]} {given}"
    words = f"{_role(before)} to {_role(after)}" if before else f"Added as {_role(after)}"
    return f"In the Django admin: {words}" if where == "admin" else words


def organisation_names(events) -> dict[str, str]:
    """The names of the organisations memberships were moved between (one query)."""
    ids = set()
    for event in events:
        if event.action == Action.MEMBERSHIP_MOVED:
            change = event.detail.rpartition(" ")[2]
            ids.update(part for part in change.split("→") if part.isdigit())
    if not ids:
        return {}
    from network.models import Organisation

    found = Organisation.objects.filter(pk__in=ids).values_list("pk", "name")
    return {str(pk): name for pk, name in found}


def moved_text(detail: str, organisations: dict[str, str]) -> str:
    """ "admin 3→7" as "In the Django admin: from Oak House to Birch House"."""
    where, _, change = detail.rpartition(" ")
    before, _, after = change.partition("→")

    def name(pk: str) -> str:
        return organisations.get(pk) or f"organisation {pk}"

    words = f"from {name(before)} to {name(after)}"
    return f"In the Django admin: {words}" if where == "admin" else f"F{words[1:]}"


def events(filters: dict) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.select_related("actor", "actor_organisation")
    if action := filters.get("action"):
        qs = qs.filter(action=action)
    if who := filters.get("who"):
        qs = qs.filter(Q(actor__full_name__icontains=who) | Q(actor__email__icontains=who))
    if start := filters.get("start"):
        qs = qs.filter(at__gte=london_datetime(start, time.min))
    if end := filters.get("end"):
        qs = qs.filter(at__lt=london_datetime(end + timedelta(days=1), time.min))
    return qs.order_by("-at", "-pk")


def target_name(target_type: str) -> str:
    if target_type in TARGET_NAMES:
        return TARGET_NAMES[target_type]
    try:
        return str(apps.get_model(target_type)._meta.verbose_name).capitalize()
    except (LookupError, ValueError):
        return target_type


@dataclass
class Row:
    event: AuditEvent
    who: str
    acting_as: str
    what: str
    target: str
    target_url: str
    detail: str


def _who(event: AuditEvent) -> str:
    if event.actor is not None:
        return event.actor.full_name or event.actor.email
    if event.actor_role or event.actor_organisation_id:
        return "Former member"
    return "The system"


def _acting_as(event: AuditEvent) -> str:
    role = Role(event.actor_role).label if event.actor_role in Role.values else ""
    organisation = event.actor_organisation.name if event.actor_organisation else ""
    return ", ".join(part for part in (role, organisation) if part)


def row(event: AuditEvent, organisations: dict[str, str] | None = None) -> Row:
    """How one row is shown. Pass `organisations` (from organisation_names) when showing
    many rows, so moved memberships do not look up their organisations one by one."""
    target = url = ""
    if event.target_type:
        target = f"{target_name(event.target_type)} {event.target_id}".strip()
        link = TARGET_LINKS.get(event.target_type)
        if link and event.target_id and event.action != Action.DELETED:
            url = reverse(link, args=[event.target_id])
    return Row(
        event=event,
        who=_who(event),
        acting_as=_acting_as(event),
        what=event.get_action_display(),
        target=target,
        target_url=url,
        detail=_detail(event, organisations),
    )


def _detail(event: AuditEvent, organisations: dict[str, str] | None) -> str:
    if event.action == Action.MEMBERSHIP_MOVED and "→" in event.detail:
        if organisations is None:
            organisations = organisation_names([event])
        return moved_text(event.detail, organisations)
    return detail_text(event.detail)
