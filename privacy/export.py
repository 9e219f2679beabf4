"""Everything the portal holds about one person, for their own download (JSON or CSV).

Each Section reads one kind of record with one query (`values_list`, following foreign
keys in the same query), so a download reads the same number of queries however much the
person has done. `COVERS` and `LEFT_OUT` together name every relation to a person in the
portal: tests/privacy/test_export.py fails when a new one appears until someone decides
whether it belongs in the download.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.apps import apps
from django.db.models import Model
from django.utils import timezone

from portal.exports import safe_cell


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    model: str  # "app_label.ModelName"
    person: str  # the lookup that is the person, e.g. "posted_by"
    fields: tuple[tuple[str, str], ...]  # (name in the file, lookup)
    covers: tuple[str, ...] = ()  # "app.Model.field" relations this section accounts for

    @property
    def covered(self) -> tuple[str, ...]:
        return self.covers or (f"{self.model}.{self.person}",)


S = Section
SECTIONS: tuple[Section, ...] = (
    S("email_addresses", "Email addresses you sign in with", "account.EmailAddress", "user",
      (("email", "email"), ("verified", "verified"), ("primary", "primary"))),
    S("two_step_verification", "2-step verification set up (never the secret)",
      "mfa.Authenticator", "user",
      (("type", "type"), ("set_up_at", "created_at"), ("last_used_at", "last_used_at"))),
    S("memberships", "Organisations you belong to", "network.Membership", "user",
      (("organisation", "organisation__name"), ("role", "role"),
       ("champion", "is_champion"), ("joined_at", "created_at"))),
    S("digest_preference", "How often you get digest emails", "digests.DigestPreference",
      "user", (("frequency", "frequency"), ("updated_at", "updated_at"))),
    S("digest_emails", "Digest emails sent to you", "digests.DigestDelivery", "user",
      (("period", "period"), ("frequency", "frequency"), ("status", "status"),
       ("sent_at", "sent_at"))),
    S("agreement_signatures", "Partnership agreement versions you signed",
      "network.AgreementSignature", "user",
      (("version", "version__version"), ("title", "version__title"),
       ("signed_at", "signed_at"))),
    S("agreement_versions_published", "Partnership agreement versions you published",
      "network.AgreementVersion", "published_by",
      (("version", "version"), ("title", "title"), ("published_at", "published_at"))),
    S("invitations_sent", "Invitations you sent", "network.Invitation", "invited_by",
      (("email", "email"), ("organisation", "organisation__name"), ("role", "role"),
       ("sent_at", "created_at"), ("expires_at", "expires_at"),
       ("accepted_at", "accepted_at"), ("cancelled_at", "cancelled_at"))),
    S("invitations_accepted", "Invitations you accepted", "network.Invitation", "accepted_by",
      (("organisation", "organisation__name"), ("role", "role"),
       ("accepted_at", "accepted_at"))),
    S("event_series_created", "Event series you set up", "network.EventSeries", "created_by",
      (("title", "title"), ("kind", "kind"), ("created_at", "created_at"))),
    S("events_created", "Events you set up", "network.Event", "created_by",
      (("title", "title"), ("kind", "kind"), ("starts_at", "starts_at"),
       ("created_at", "created_at"))),
    S("event_registrations", "Events you booked", "network.Registration", "user",
      (("event", "event__title"), ("starts_at", "event__starts_at"), ("status", "status"),
       ("status_changed_at", "status_changed_at"), ("attended", "attended"))),
    S("event_feedback", "Feedback you gave on events", "network.EventFeedback", "user",
      (("event", "event__title"), ("rating", "rating"), ("feeling", "feeling"),
       ("takeaway", "takeaway"), ("idea_now", "idea_now"),
       ("idea_resources", "idea_resources"), ("idea_dream", "idea_dream"),
       ("given_at", "created_at"))),
    S("meeting_actions_owned", "Actions from meetings you own", "network.MeetingAction",
      "owner_user",
      (("meeting", "event__title"), ("description", "description"), ("due_date", "due_date"),
       ("status", "status"), ("progress_note", "progress_note"),
       ("completed_at", "completed_at"))),
    S("meeting_actions_created", "Actions from meetings you recorded",
      "network.MeetingAction", "created_by",
      (("meeting", "event__title"), ("description", "description"), ("due_date", "due_date"),
       ("status", "status"), ("created_at", "created_at"))),
    S("needs_posted", "Needs you posted", "surveys.Need", "posted_by",
      (("organisation", "organisation__name"), ("title", "title"),
       ("description", "description"), ("urgency", "urgency"), ("status", "status"),
       ("what_helped", "what_helped"), ("posted_at", "created_at"))),
    S("need_responses", "Responses you wrote to needs", "surveys.NeedResponse", "author",
      (("need", "need__title"), ("organisation", "organisation__name"), ("kind", "kind"),
       ("body", "body"), ("link", "link"), ("written_at", "created_at"))),
    S("need_endorsements", "Needs you said your home needs too", "surveys.NeedEndorsement",
      "user",
      (("need", "need__title"), ("organisation", "organisation__name"),
       ("at", "created_at"))),
    S("surveys_created", "Surveys you created", "surveys.Survey", "created_by",
      (("title", "title"), ("created_at", "created_at"))),
    S("survey_answers", "Your answers to named surveys", "surveys.Answer",
      "response__respondent",
      (("survey", "response__survey__title"), ("question", "question__text"),
       ("rating", "rating"), ("number", "number"), ("text", "text"),
       ("sent_at", "response__submitted_at")),
      covers=("surveys.Response.respondent",)),
    S("surveys_taken_part", "Surveys you answered (anonymous answers are not linked to you)",
      "surveys.SurveyParticipation", "user",
      (("survey", "survey__title"), ("organisation", "organisation__name"),
       ("sent_on", "submitted_on"))),
    S("survey_reminders", "Survey reminders sent to you", "surveys.SurveyReminder", "user",
      (("survey", "survey__title"), ("sent_at", "sent_at"))),
    S("projects_created", "Improvement projects you started", "qi_cycles.Project",
      "created_by",
      (("home", "home__name"), ("title", "title"), ("status", "status"),
       ("created_at", "created_at"))),
    S("projects_team", "Improvement projects you are in the team of", "qi_cycles.Project",
      "team", (("home", "home__name"), ("title", "title"))),
    S("projects_coached", "Improvement projects you coach", "qi_cycles.Project", "coach",
      (("home", "home__name"), ("title", "title"))),
    S("projects_home_name_agreed", "Projects where you agreed to name your home publicly",
      "qi_cycles.Project", "home_name_agreed_by",
      (("title", "title"), ("agreed_at", "home_name_agreed_at"))),
    S("projects_made_public", "Projects you made public", "qi_cycles.Project",
      "made_public_by", (("title", "title"), ("made_public_at", "made_public_at"))),
    S("change_ideas_copied", "Change ideas you copied into a project", "qi_cycles.ChangeIdea",
      "copied_by",
      (("project", "project__title"), ("title", "title"), ("copied_at", "created_at"))),
    S("cycles_created", "PDSA cycles you started", "qi_cycles.Cycle", "created_by",
      (("project", "project__title"), ("number", "number"), ("objective", "objective"),
       ("created_at", "created_at"))),
    S("cycles_updated", "PDSA cycles you changed last", "qi_cycles.Cycle", "updated_by",
      (("project", "project__title"), ("number", "number"), ("updated_at", "updated_at"))),
    S("cycle_comments", "Comments you wrote on PDSA cycles", "qi_cycles.CycleComment",
      "author",
      (("project", "cycle__project__title"), ("cycle", "cycle__number"), ("body", "body"),
       ("written_at", "created_at"))),
    S("measure_values", "Measurements you entered", "qi_cycles.MeasureValue", "entered_by",
      (("project", "measure__project__title"), ("measure", "measure__name"), ("date", "date"),
       ("value", "value"), ("entered_at", "created_at"))),
    S("chart_notes", "Notes you added to charts", "qi_cycles.Annotation", "created_by",
      (("measure", "measure__name"), ("date", "date"), ("text", "text"),
       ("added_at", "created_at"))),
    S("learning_records", "Training you watched, your self-assessments and feedback",
      "training.LearningRecord", "user",
      (("session", "session__title"), ("organisation", "organisation__name"),
       ("started_at", "started_at"), ("last_viewed_at", "last_viewed_at"),
       ("views", "view_count"), ("seconds_watched", "seconds_watched"),
       ("completed_at", "completed_at"), ("before_knowledge", "before_knowledge"),
       ("before_confidence", "before_confidence"), ("before_skill", "before_skill"),
       ("after_knowledge", "after_knowledge"), ("after_confidence", "after_confidence"),
       ("after_skill", "after_skill"), ("rating", "rating"), ("comment", "comment"),
       ("feedback_at", "feedback_at"))),
    S("cascades", "Training you passed on to colleagues (cascades)",
      "training.CascadeDelivery", "delivered_by",
      (("session", "session__title"), ("home", "home__name"),
       ("delivered_on", "delivered_on"), ("attendees", "attendees"), ("notes", "notes"),
       ("recorded_at", "created_at"))),
    S("training_sessions_created", "Training sessions you added", "training.Session",
      "created_by", (("title", "title"), ("status", "status"), ("created_at", "created_at"))),
    S("training_sessions_made_public", "Training sessions you made public",
      "training.Session", "made_public_by",
      (("title", "title"), ("made_public_at", "made_public_at"))),
    S("collections_created", "Training collections you created", "training.Collection",
      "created_by", (("title", "title"), ("created_at", "created_at"))),
    S("collections_made_public", "Training collections you made public",
      "training.Collection", "made_public_by",
      (("title", "title"), ("made_public_at", "made_public_at"))),
    S("network_measures_created", "Network measures you created", "outcomes.NetworkMeasure",
      "created_by", (("title", "title"), ("created_at", "created_at"))),
    S("reporting_window_changes", "Changes you made to the reporting window",
      "outcomes.ReportingWindow", "updated_by",
      (("opens_day", "opens_day"), ("closes_day", "closes_day"),
       ("updated_at", "updated_at"))),
    S("monthly_returns", "Monthly network measures you sent", "outcomes.MonthlyReturn",
      "submitted_by",
      (("home", "home__name"), ("month", "month"), ("sent_at", "submitted_at"),
       ("no_change", "no_change"))),
    S("corrections", "Corrections you made to network measures", "outcomes.Correction",
      "corrected_by",
      (("old_value", "old_value"), ("new_value", "new_value"), ("reason", "reason"),
       ("corrected_at", "corrected_at"))),
    S("local_services_added", "Local services you added", "localservices.LocalService",
      "created_by", (("name", "name"), ("added_at", "created_at"))),
    S("local_services_reviewed", "Local services you last reviewed",
      "localservices.LocalService", "last_reviewed_by",
      (("name", "name"), ("reviewed_on", "last_reviewed_on"))),
    S("local_services_contact", "Local services that list you as a contact",
      "localservices.LocalService", "contacts", (("name", "name"),)),
    S("local_service_suggestions", "Changes you suggested to local services",
      "localservices.Suggestion", "suggested_by",
      (("service", "service__name"), ("part", "part"), ("what_is_wrong", "what_is_wrong"),
       ("status", "status"), ("suggested_at", "created_at"), ("decided_at", "decided_at"),
       ("decline_reason", "decline_reason"))),
    S("local_service_suggestions_decided", "Suggestions about local services you decided on",
      "localservices.Suggestion", "decided_by",
      (("service", "service__name"), ("status", "status"), ("decided_at", "decided_at"))),
    S("erasure_requests", "Your requests to erase your account", "privacy.ErasureRequest",
      "user",
      (("asked_at", "created_at"), ("reason", "reason"), ("status", "status"),
       ("handled_at", "handled_at"))),
)  # fmt: skip
del S

# Relations to a person that are deliberately not in the download, and why.
LEFT_OUT: dict[str, str] = {
    "admin.LogEntry.user": "the Django admin site's own change log, used by a few admins",
    "audit.AuditEvent.actor": (
        "the security audit log, kept unchanged for accountability; a network admin can "
        "read a person's rows to them on request"
    ),
    "privacy.ErasureRequest.handled_by": "which admin handled another person's request",
    "portal.OnceToken.user": "one-time tokens that stop a form being sent twice, kept a day",
}

PROFILE_FIELDS = (
    ("full_name", "full_name"),
    ("email", "email"),
    ("job_title", "job_title"),
    ("phone", "phone"),
    ("show_email_to_members", "show_email"),
    ("show_phone_to_members", "show_phone"),
    ("joined_at", "date_joined"),
    ("last_signed_in_at", "last_login"),
)


def covered_relations() -> set[str]:
    return {name for section in SECTIONS for name in section.covered}


def _final_field(model: type[Model], lookup: str):
    field = None
    for part in lookup.split("__"):
        field = model._meta.get_field(part)
        if field.is_relation:
            model = field.related_model
    return field


def _plain(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _rows(section: Section, user) -> list[dict]:
    model = apps.get_model(section.model)
    lookups = [lookup for _, lookup in section.fields]
    labels = {}
    for lookup in lookups:
        field = _final_field(model, lookup)
        if getattr(field, "choices", None):
            labels[lookup] = {key: str(label) for key, label in field.flatchoices}
    rows = []
    query = model._base_manager.filter(**{section.person: user}).order_by("pk")
    for values in query.values_list("pk", *lookups):
        row = {}
        for (name, lookup), value in zip(section.fields, values[1:], strict=True):
            if lookup in labels and value is not None:
                value = labels[lookup].get(value, value)
            row[name] = _plain(value)
        row["_pk"] = values[0]
        rows.append(row)
    return rows


def _answer_choices(user) -> dict[int, list[str]]:
    from surveys.models import Answer

    through = Answer.choices.through
    chosen: dict[int, list[str]] = {}
    for answer_id, label in (
        through.objects.filter(answer__response__respondent=user)
        .order_by("choice__order", "pk")
        .values_list("answer_id", "choice__label")
    ):
        chosen.setdefault(answer_id, []).append(label)
    return chosen


def collect(user) -> dict:
    """The person's data as one dict: their profile, then one list per section."""
    profile = {name: _plain(getattr(user, attr)) for name, attr in PROFILE_FIELDS}
    sections = {}
    for section in SECTIONS:
        rows = _rows(section, user)
        if section.key == "survey_answers":
            chosen = _answer_choices(user)
            for row in rows:
                row["choices"] = "; ".join(chosen.get(row["_pk"], []))
        for row in rows:
            del row["_pk"]
        sections[section.key] = {"title": section.title, "items": rows}
    return {
        "service": "Care Home Improvement Network portal",
        "downloaded_at": timezone.localtime().isoformat(),
        "profile": profile,
        "sections": sections,
    }


def as_json(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=str)


def _cell(value) -> str:
    if value is None:
        return ""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return safe_cell(value)


def as_csv(data: dict) -> str:
    """One table: section, item (1, 2, ... within the section), field, value."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "item", "field", "value"])
    for name, value in data["profile"].items():
        writer.writerow(["profile", 1, name, _cell(value)])
    for key, section in data["sections"].items():
        for number, row in enumerate(section["items"], start=1):
            for name, value in row.items():
                writer.writerow([key, number, name, _cell(value)])
    return out.getvalue()
