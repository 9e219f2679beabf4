"""Writes for PDSA cycles: starting a cycle (the next number in its change idea's ramp),
changing its worksheet with optimistic locking, comments and deleting.

Every service checks again who is asking (PermissionDenied) and refuses bad input with a
ValidationError keyed by field, so views can put it on their forms.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from network.models import User
from qi_cycles import access
from qi_cycles.models import ChangeIdea, Cycle, CycleComment, Measure, Project

PLAN_FIELDS = (
    "objective",
    "question",
    "prediction",
    "plan_who",
    "plan_what",
    "plan_when",
    "plan_where",
    "plan_data",
    "starts_on",
    "ends_on",
)
DO_FIELDS = ("do_what_happened", "do_observations", "do_problems")
STUDY_FIELDS = ("study_results", "study_learning")
ACT_FIELDS = ("decision", "next_step")
WORKSHEET_FIELDS = PLAN_FIELDS + DO_FIELDS + STUDY_FIELDS + ACT_FIELDS

# A second "Start the cycle" press (a double click, or the browser sending the form again)
# within this time, for the same change idea, objective and start date, finds the cycle the
# first press saved instead of starting another.
DOUBLE_SUBMIT_WINDOW = timedelta(minutes=10)


class EditConflict(Exception):
    """The cycle was saved by someone else after this person loaded it. `saved` is the cycle
    as it is now in the database; nothing of this person's was saved."""

    def __init__(self, saved: Cycle):
        super().__init__("The cycle changed while it was being edited")
        self.saved = saved


def _require(person_ok: bool, action: str) -> None:
    if not person_ok:
        raise PermissionDenied(access.REFUSALS[action])


def _clean_text(fields: dict) -> dict:
    """Strip text and turn browsers' CRLF line ends into LF, so comparing versions works."""
    cleaned = {}
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.replace("\r\n", "\n").strip()
        cleaned[name] = value
    return cleaned


def _validate(cycle: Cycle, measures: list[Measure], project: Project) -> None:
    """Field rules (required, lengths, no resident identifiers) and the rules between
    fields. A decision (Act) needs something written in Study: adopt, adapt or abandon is
    chosen from what the test showed."""
    errors: dict[str, list[str]] = {}
    try:
        cycle.full_clean(
            exclude=["project", "change_idea", "number", "created_by", "updated_by", "version"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    if cycle.starts_on and cycle.ends_on and cycle.ends_on < cycle.starts_on:
        errors.setdefault("ends_on", []).append("The end date must be on or after the start date")
    if cycle.decision and not (cycle.study_results or cycle.study_learning):
        errors.setdefault("decision", []).append(
            "Write what the results showed or what you learned (Study) before you choose "
            "adopt, adapt or abandon"
        )
    if any(m.project_id != project.pk for m in measures):
        errors.setdefault("measures", []).append("Choose measures from this project")
    if errors:
        raise ValidationError(errors)


def create_cycle(
    *,
    actor: User,
    project: Project,
    change_idea: ChangeIdea,
    measures: list[Measure] = (),
    **plan,
) -> tuple[Cycle, bool]:
    """Start a cycle of `change_idea`: its number is the next in the idea's ramp.

    Returns (cycle, created). When the same person sent the same plan a moment ago (a
    double submit) the cycle saved then comes back with created False."""
    _require(access.can_edit(access.person_for(actor), project), access.EDIT)
    unknown = set(plan) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"Not plan fields: {sorted(unknown)}")
    if change_idea.project_id != project.pk:
        raise ValidationError({"change_idea": "Choose a change idea from this project"})
    plan = _clean_text(plan)
    measures = list(measures)
    now = timezone.now()
    cycle = Cycle(
        project=project,
        change_idea=change_idea,
        number=1,
        created_by=actor,
        updated_by=actor,
        created_at=now,
        updated_at=now,
        **plan,
    )
    _validate(cycle, measures, project)
    for attempt in range(3):
        try:
            with transaction.atomic():
                # One person at a time numbers this idea's cycles (the unique constraint on
                # change idea and number backs this up where rows cannot be locked).
                list(ChangeIdea.objects.select_for_update().filter(pk=change_idea.pk))
                earlier = (
                    Cycle.objects.filter(
                        change_idea=change_idea,
                        created_by=actor,
                        objective=cycle.objective,
                        starts_on=cycle.starts_on,
                        created_at__gte=now - DOUBLE_SUBMIT_WINDOW,
                    )
                    .order_by("-pk")
                    .first()
                )
                if earlier is not None:
                    return earlier, False
                top = Cycle.objects.filter(change_idea=change_idea).aggregate(Max("number"))
                cycle.number = (top["number__max"] or 0) + 1
                cycle.save()
                cycle.measures.set(measures)
                return cycle, True
        except IntegrityError:
            cycle.pk = None
            if attempt == 2:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def update_cycle(
    *,
    actor: User,
    cycle: Cycle,
    version: int,
    measures: list[Measure] = (),
    **fields,
) -> Cycle:
    """Save the worksheet over the copy loaded at `version`.

    Raises EditConflict (saving nothing) when someone else saved the cycle since then;
    ValidationError for bad input. On success `cycle` holds the saved fields and version."""
    project = cycle.project
    _require(access.can_edit(access.person_for(actor), project), access.EDIT)
    unknown = set(fields) - set(WORKSHEET_FIELDS)
    if unknown:
        raise TypeError(f"Not worksheet fields: {sorted(unknown)}")
    fields = _clean_text(fields)
    measures = list(measures)
    candidate = Cycle(
        pk=cycle.pk,
        project=project,
        change_idea_id=cycle.change_idea_id,
        number=cycle.number,
        **{name: getattr(cycle, name) for name in WORKSHEET_FIELDS},
    )
    for name, value in fields.items():
        setattr(candidate, name, value)
    _validate(candidate, measures, project)
    now = timezone.now()
    with transaction.atomic():
        changed = Cycle.objects.filter(pk=cycle.pk, version=version).update(
            **fields, version=version + 1, updated_by=actor, updated_at=now
        )
        if not changed:
            saved = Cycle.objects.select_related("updated_by").filter(pk=cycle.pk).first()
            if saved is None:
                raise ValidationError("This cycle has been deleted, so it cannot be saved")
            saved.project = project
            raise EditConflict(saved)
        cycle.measures.set(measures)
    for name, value in fields.items():
        setattr(cycle, name, value)
    cycle.version, cycle.updated_by, cycle.updated_at = version + 1, actor, now
    return cycle


def add_comment(*, actor: User, cycle: Cycle, body: str) -> CycleComment:
    """A comment on a cycle, from its team, its coach, a project worker or an admin."""
    _require(access.can_comment(access.person_for(actor), cycle.project), access.COMMENT)
    comment = CycleComment(cycle=cycle, author=actor, body=_clean_text({"b": body})["b"])
    if not comment.body:
        raise ValidationError({"body": "Enter your comment"})
    comment.full_clean(exclude=["cycle", "author"])
    comment.save()
    return comment


def delete_cycle(*, actor: User, cycle: Cycle) -> None:
    """Delete a cycle and its comments; later cycles of the idea move up one place, so the
    numbers stay 1, 2, 3..."""
    _require(access.can_edit(access.person_for(actor), cycle.project), access.EDIT)
    with transaction.atomic():
        list(ChangeIdea.objects.select_for_update().filter(pk=cycle.change_idea_id))
        Cycle.objects.filter(pk=cycle.pk).delete()
        later = Cycle.objects.filter(change_idea_id=cycle.change_idea_id, number__gt=cycle.number)
        for pk in later.order_by("number").values_list("pk", flat=True):
            Cycle.objects.filter(pk=pk).update(number=F("number") - 1)
