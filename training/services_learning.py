"""Writes to a person's own learning record: opening a session, how much of the video they
watched, rating themselves before and after, and feedback.

The rules, checked here whatever the form said:
- Only published sessions get new records. An archived session (or one moved back to
  draft) keeps the records it has, and nobody else can start it (PermissionDenied).
- Completing a session is the "after" self-assessment. Once it is done, the record is
  fixed: the answers from before and after stay as they were, and a second "complete"
  (a double submit) changes nothing.
- One record per person and session (a unique constraint): two requests racing to make it
  end with one record.
- Feedback is for a session the person has completed (PermissionDenied otherwise); it
  never makes a record.
- Time watched is counted for uploaded videos only (embedded players cannot report), and
  is limited so that reports sent too fast, or too many, cannot inflate it.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, F, When
from django.utils import timezone

from network.models import Organisation, User
from portal import figures_cache
from portal.validators import no_resident_identifiers
from training.forms_learning import AFTER, BEFORE, SCALES
from training.models import LearningRecord, Session

# Opening the page again within this time is the same visit (forms on the page send the
# person back to it), so it does not count as another view.
SAME_VISIT = timedelta(minutes=30)
# The video player reports every 15 seconds; more than a minute in one report is not real.
MAX_SECONDS_PER_REPORT = 60
# A report counts no more than the time since the record last heard from the person
# (last_viewed_at: opening the page or the last report; there is no field of its own for
# the last report), times this, plus a little slack for the network. Twice, because the
# player counts seconds of video and people may watch at up to double speed. The slack is
# never more than the time that passed, so a burst of reports sent at once adds nothing.
PLAYBACK_SPEED_ALLOWANCE = 2
REPORT_SLACK_SECONDS = 5
# Time watched stops at three times the session's length: enough to watch it through
# three times, and a ceiling on what a misbehaving (or scripted) player can add.
MAX_VIEWINGS = 3

NOT_OPEN = (
    "This session is no longer open to new learners. Only people who started it before it "
    "was taken out of the library can record their learning."
)
BEFORE_FIXED = (
    "You have completed this session, so your answers from before you watched cannot be changed."
)
NOT_COMPLETED = (
    "You can tell us what you thought once you have marked the session as complete. "
    "Rate yourself again at the end of the session to mark it as complete."
)


def open_session(
    *, user: User, session: Session, organisation: Organisation | None
) -> LearningRecord | None:
    """The person opened the session's page: make their record (published sessions only)
    or count another view. One write at most."""
    now = timezone.now()
    record = LearningRecord.objects.filter(user=user, session=session).first()
    if record is None:
        if not session.is_published:
            return None
        try:
            with transaction.atomic():
                return LearningRecord.objects.create(
                    user=user, session=session, organisation=organisation
                )
        except IntegrityError:
            # Another request (a double click, a second tab) made it a moment ago.
            record = LearningRecord.objects.get(user=user, session=session)
    new_visit = record.last_viewed_at <= now - SAME_VISIT
    LearningRecord.objects.filter(pk=record.pk).update(
        last_viewed_at=now,
        view_count=Case(
            When(last_viewed_at__lte=now - SAME_VISIT, then=F("view_count") + 1),
            default=F("view_count"),
            output_field=LearningRecord._meta.get_field("view_count"),
        ),
    )
    record.last_viewed_at = now
    if new_visit:
        record.view_count += 1
        figures_cache.data_changed()  # views are counted on the dashboards
    return record


def _locked_record(
    *, user: User, session: Session, organisation: Organisation | None
) -> LearningRecord:
    """Inside a transaction: the person's record, locked for this change; made now if the
    session is published and they have none yet."""
    records = LearningRecord.objects.select_for_update().filter(user=user, session=session)
    record = records.first()
    if record is not None:
        return record
    if not session.is_published:
        raise PermissionDenied(NOT_OPEN)
    try:
        with transaction.atomic():
            LearningRecord.objects.create(user=user, session=session, organisation=organisation)
    except IntegrityError:
        pass  # made by another request a moment ago
    return records.get()


def _check_scores(scores: dict[str, int]) -> None:
    wrong = {
        name: SCALES[name][2]
        for name in SCALES
        if not isinstance(scores.get(name), int) or not 1 <= scores[name] <= 5
    }
    if wrong:
        raise ValidationError(wrong)


def record_assessment(
    *,
    user: User,
    session: Session,
    organisation: Organisation | None,
    stage: str,
    scores: dict[str, int],
) -> tuple[LearningRecord, bool]:
    """Save how the person rates their knowledge, confidence and skill (1 to 5) before or
    after watching. "After" also marks the session complete. Returns the record and
    whether anything was saved (False: it was already complete, as on a double submit)."""
    if stage not in (BEFORE, AFTER):
        raise ValueError(f"Unknown stage {stage!r}")
    _check_scores(scores)
    with transaction.atomic():
        record = _locked_record(user=user, session=session, organisation=organisation)
        if record.is_completed:
            if stage == BEFORE:
                raise ValidationError(BEFORE_FIXED)
            return record, False
        now = timezone.now()
        for name, value in scores.items():
            setattr(record, f"{stage}_{name}", value)
        setattr(record, f"{stage}_at", now)
        fields = [f"{stage}_{name}" for name in SCALES] + [f"{stage}_at"]
        if stage == AFTER:
            record.completed_at = now
            fields.append("completed_at")
        record.save(update_fields=fields)
    return record, True


def save_feedback(
    *,
    user: User,
    session: Session,
    organisation: Organisation | None,
    rating: int,
    comment: str,
) -> LearningRecord:
    """The person's rating (1 to 5) and optional comment on a session they completed.
    Saving again replaces them. PermissionDenied without a completed record (no record
    is made)."""
    comment = comment.strip()
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationError({"rating": "Choose a rating from 1 to 5"})
    try:
        no_resident_identifiers(comment)
    except ValidationError as error:
        raise ValidationError({"comment": error.messages}) from None
    with transaction.atomic():
        record = (
            LearningRecord.objects.select_for_update().filter(user=user, session=session).first()
        )
        if record is None or not record.is_completed:
            raise PermissionDenied(NOT_COMPLETED)
        record.rating = rating
        record.comment = comment
        record.feedback_at = timezone.now()
        record.save(update_fields=["rating", "comment", "feedback_at"])
    return record


def clamp(value: float, low: int, high: int) -> int:
    return int(min(max(round(value), low), high))


def report_progress(
    *,
    user: User,
    session: Session,
    organisation: Organisation | None,
    seconds: float,
    position: float,
) -> bool:
    """The video player says how many seconds were watched since its last report and where
    the video is now (up to the session's length). Returns whether anything was saved:
    sessions without an uploaded video take no reports.

    What counts is limited three ways: at most a minute a report; no more than the time
    since the record last heard from the person (doubled for fast playback, plus a little
    slack); and no more than three times the session's length in all. Reports are handled
    one at a time for each record (a row lock), so reports arriving together cannot each
    claim the same stretch of time."""
    if not session.has_upload:
        return False
    length = session.duration_minutes * 60
    position = clamp(position, 0, length)
    with transaction.atomic():
        record = (
            LearningRecord.objects.select_for_update().filter(user=user, session=session).first()
        )
        limit = MAX_SECONDS_PER_REPORT
        if record is None:
            # No record to measure the time from (the page normally makes it): a new one
            # counts one report at most.
            record = _locked_record(user=user, session=session, organisation=organisation)
        else:
            since = (timezone.now() - record.last_viewed_at).total_seconds()
            since = max(since, 0)
            slack = min(REPORT_SLACK_SECONDS, since)
            limit = min(limit, since * PLAYBACK_SPEED_ALLOWANCE + slack)
        room = max(length * MAX_VIEWINGS - record.seconds_watched, 0)
        added = clamp(seconds, 0, min(max(int(limit), 0), room))
        LearningRecord.objects.filter(pk=record.pk).update(
            seconds_watched=record.seconds_watched + added,
            last_position_seconds=position,
            last_viewed_at=timezone.now(),
        )
    return True
