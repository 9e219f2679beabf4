"""A person's own learning: rating themselves before and after a session (after = complete),
feedback, the video player's progress reports, "my learning" (and its CSV) and the
certificate. Who may open a session is decided by training.access; the rules about the
record by training.services_learning."""

import csv
import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from audit.hooks import audited_export
from portal.exports import safe_cell
from portal.forms import add_service_errors, posted_data
from training import access
from training import selectors_learning as selectors
from training import services_learning as services
from training.forms_learning import BEFORE, SCALES, STAGES, ProgressForm

logger = logging.getLogger(__name__)


def _organisation(request: HttpRequest):
    membership = getattr(request, "membership", None)
    return membership.organisation if membership else None


def _library_crumbs() -> list[tuple[str, str]]:
    return [("Home", reverse("home")), ("Training", reverse("training:library"))]


def _session_crumbs(session) -> list[tuple[str, str]]:
    return [
        *_library_crumbs(),
        (session.title, reverse("training:session_detail", args=[session.pk])),
    ]


def assessment(request: HttpRequest, pk: int, stage: str) -> HttpResponse:
    """Rate yourself before watching, or after (which marks the session complete)."""
    if stage not in STAGES:
        raise Http404("No such step")
    session = access.get_session(request.user, pk)
    record = selectors.own_record(request.user, session)
    selectors.require_open(session, record)
    form = selectors.assessment_form(record, stage, posted_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            record, saved = services.record_assessment(
                user=request.user,
                session=session,
                organisation=_organisation(request),
                stage=stage,
                scores=form.scores(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if stage == BEFORE:
                messages.success(request, "Your answers are saved. Now watch the session.")
            elif saved:
                messages.success(
                    request, "You have completed this session. Your certificate is ready."
                )
            else:
                messages.info(request, "You had already marked this session as complete.")
            return redirect(selectors.session_url(session))
    ctx = {
        "session": session,
        "record": record,
        "stage": stage,
        "form": form,
        "finished": record is not None and record.is_completed,
        "before_answers": selectors.before_answers(record),
        "breadcrumbs": _session_crumbs(session),
    }
    return render(request, "training/learning/assessment.html", ctx)


def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    """A rating and comment on a session the person has completed. Before that, 403 with
    the panel's words: complete it first."""
    session = access.get_session(request.user, pk)
    record = selectors.own_record(request.user, session)
    selectors.require_open(session, record)
    if record is None or not record.is_completed:
        ctx = {
            "session": session,
            "not_completed": services.NOT_COMPLETED,
            "session_url": selectors.session_url(session),
            "breadcrumbs": _session_crumbs(session),
        }
        return render(request, "training/learning/feedback.html", ctx, status=403)
    form = selectors.feedback_form(record, posted_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_feedback(
                user=request.user,
                session=session,
                organisation=_organisation(request),
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Thank you for your feedback.")
            return redirect(selectors.session_url(session))
    ctx = {
        "session": session,
        "record": record,
        "form": form,
        "breadcrumbs": _session_crumbs(session),
    }
    return render(request, "training/learning/feedback.html", ctx)


@require_POST
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The video player's report (training-player.js): 204, nothing to show. Only uploaded
    videos have the player that reports: other sessions are 404 (after the usual 403 for
    a session that takes no new learners)."""
    session = access.get_session(request.user, pk)
    if not session.is_published:
        selectors.require_open(session, selectors.own_record(request.user, session))
    if not session.has_upload:
        raise Http404("This session has no uploaded video.")
    form = ProgressForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    services.report_progress(
        user=request.user,
        session=session,
        organisation=_organisation(request),
        seconds=form.cleaned_data["seconds"],
        position=form.cleaned_data["position"],
    )
    return HttpResponse(status=204)


def my_learning(request: HttpRequest) -> HttpResponse:
    records = selectors.my_records(request.user)
    ctx = {
        "records": records,
        "totals": selectors.my_totals(records),
        "breadcrumbs": _library_crumbs(),
    }
    return render(request, "training/learning/my_learning.html", ctx)


CSV_HEADER = [
    "Session",
    "Presenter",
    "Started",
    "Last watched",
    "Minutes watched",
    "Completed",
    *(f"{label} {when}" for label in selectors.LABELS.values() for when in ("before", "after")),
    "Your rating (1 to 5)",
    "Your comment",
]


def _day(moment) -> str:
    return timezone.localdate(moment).isoformat() if moment else ""


@audited_export()
def my_learning_csv(request: HttpRequest) -> HttpResponse:
    """The person's own records as a spreadsheet (UTF-8 with a byte order mark, so Excel
    reads accents right; typed text made safe from formulas)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, "my-learning.csv")
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for record in selectors.my_records(request.user):
        scores = []
        for name in SCALES:
            scores += [getattr(record, f"before_{name}"), getattr(record, f"after_{name}")]
        writer.writerow(
            [
                safe_cell(record.session.title),
                safe_cell(record.session.presenter),
                _day(record.started_at),
                _day(record.last_viewed_at),
                record.seconds_watched // 60,
                _day(record.completed_at),
                *("" if score is None else score for score in scores),
                record.rating or "",
                safe_cell(record.comment),
            ]
        )
    return response


@audited_export("training.session")
def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    """The certificate PDF for a session the person has completed (anything else: 404)."""
    record = selectors.completed_record(request.user, pk)
    # Imported here: loading WeasyPrint takes a second and needs Pango, which only PDF
    # downloads use (a server without it still serves every other page).
    try:
        from training import pdf as certificates
    except OSError:
        logger.exception("WeasyPrint could not load its system libraries (Pango)")
        ctx = {"session": record.session, "record": record}
        return render(request, "training/learning/certificate_unavailable.html", ctx, status=503)
    body = certificates.certificate_pdf(record)
    name = f"certificate-{slugify(record.session.title)[:60].strip('-') or 'training'}.pdf"
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
