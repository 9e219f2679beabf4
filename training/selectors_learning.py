"""Reads for a person's own learning: the panel on a session page, "my learning" and the
certificate. Nobody reads another person's record here: every query is filtered by the
person asking."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.urls import reverse

from network.models import User
from training import access, services_learning
from training.forms_learning import (
    AFTER,
    BEFORE,
    SCALES,
    FeedbackForm,
    SelfAssessmentForm,
    score_meaning,
)
from training.models import LearningRecord, Session

LABELS = {"knowledge": "Knowledge", "confidence": "Confidence", "skill": "Skill"}
PANEL_ID = "your-learning"


@dataclass
class ScoreChange:
    """One score before and after watching, such as confidence 2 → 4."""

    name: str
    label: str
    before: int | None
    after: int | None

    @property
    def difference(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def difference_text(self) -> str:
        """The change in words: "up 2", "down 1" or "no change"."""
        difference = self.difference or 0
        if difference > 0:
            return f"up {difference}"
        if difference < 0:
            return f"down {-difference}"
        return "no change"


def score_changes(record: LearningRecord | None) -> list[ScoreChange]:
    """Knowledge, confidence and skill before and after; empty unless both were given."""
    if record is None or not (record.has_before and record.has_after):
        return []
    return [
        ScoreChange(
            name,
            LABELS[name],
            getattr(record, f"before_{name}"),
            getattr(record, f"after_{name}"),
        )
        for name in SCALES
    ]


def before_answers(record: LearningRecord | None) -> list[tuple[str, str]]:
    """What the person said before watching: ("Knowledge", "2 – I know a little")..."""
    if record is None or not record.has_before:
        return []
    return [
        (LABELS[name], score_meaning(name, getattr(record, f"before_{name}"))) for name in SCALES
    ]


def time_spent(seconds: int) -> str:
    """Time watched in words: "under 1 min", "25 min", "1 hr 5 min"."""
    if seconds <= 0:
        return "None yet"
    minutes = seconds // 60
    if minutes < 1:
        return "Under 1 min"
    hours, minutes = divmod(minutes, 60)
    if not hours:
        return f"{minutes} min"
    return f"{hours} hr {minutes} min" if minutes else f"{hours} hr"


def session_url(session: Session) -> str:
    """The session's page, scrolled to the learner's panel."""
    return f"{reverse('training:session_detail', args=[session.pk])}#{PANEL_ID}"


def own_record(user: User, session: Session) -> LearningRecord | None:
    return LearningRecord.objects.filter(user=user, session=session).first()


def require_open(session: Session, record: LearningRecord | None) -> None:
    """People with a record may carry on; only published sessions take new learners."""
    if record is None and not session.is_published:
        raise PermissionDenied(services_learning.NOT_OPEN)


def assessment_form(record: LearningRecord | None, stage: str, data=None) -> SelfAssessmentForm:
    initial = {}
    if record is not None and getattr(record, f"{stage}_at"):
        initial = {name: getattr(record, f"{stage}_{name}") for name in SCALES}
    return SelfAssessmentForm(data, stage=stage, initial=initial)


def feedback_form(record: LearningRecord | None, data=None) -> FeedbackForm:
    initial = {}
    if record is not None and record.feedback_at:
        initial = {"rating": record.rating, "comment": record.comment}
    return FeedbackForm(data, initial=initial)


def panel(session: Session, record: LearningRecord | None, **forms) -> dict:
    """What templates/training/includes/learning_panel.html draws. `forms` replaces the
    blank forms with submitted ones (before_form, after_form, feedback_form)."""
    return {
        "session": session,
        "record": record,
        "panel_id": PANEL_ID,
        "before_form": forms.get("before_form") or assessment_form(record, BEFORE),
        "after_form": forms.get("after_form") or assessment_form(record, AFTER),
        "feedback_form": forms.get("feedback_form") or feedback_form(record),
        "before_answers": before_answers(record),
        "changes": score_changes(record),
        "has_video": bool(session.video_file),
    }


def session_page_context(request: HttpRequest, session: Session) -> dict:
    """What the session page needs from the person's learning record. Opening a published
    session makes the record (or counts another view); drafts and archived sessions only
    show a record the person already has."""
    membership = getattr(request, "membership", None)
    record = services_learning.open_session(
        user=request.user,
        session=session,
        organisation=membership.organisation if membership else None,
    )
    return {"learning": panel(session, record), "learning_record": record}


# --- My learning --------------------------------------------------------------------------


def my_records(user: User) -> list[LearningRecord]:
    """The person's records for sessions they may still open, last watched first, each with
    `time_spent` and `changes` worked out."""
    records = list(
        LearningRecord.objects.filter(user=user, session__in=access.visible_sessions(user))
        .select_related("session")
        .order_by("-last_viewed_at", "-pk")
    )
    for record in records:
        record.time_spent = time_spent(record.seconds_watched)
        record.changes = score_changes(record)
    return records


def my_totals(records: list[LearningRecord]) -> dict:
    seconds = sum(r.seconds_watched for r in records)
    return {
        "started": len(records),
        "completed": sum(1 for r in records if r.is_completed),
        "time_spent": time_spent(seconds),
    }


def completed_record(user: User, pk: int) -> LearningRecord:
    """The person's completed record for session `pk` (for the certificate), or 404."""
    session = access.get_session(user, pk)
    record = (
        LearningRecord.objects.filter(user=user, session=session, completed_at__isnull=False)
        .select_related("session", "user")
        .first()
    )
    if record is None:
        raise Http404("You have not completed this session.")
    return record
