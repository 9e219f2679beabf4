"""Sending a home's monthly figures, "no change from last month", and corrections.

Keyword-only functions that check everything again (the forms check first, to show errors
beside each box) and save all or nothing.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from network.models import Organisation, User
from network.selectors_directory import AreaTree
from outcomes import figures as checks
from outcomes import windows
from outcomes.models import Correction, MonthlyReturn, NetworkMeasure, ReturnValue
from outcomes.selectors_measures import active_rates, measures_for_home, rate_rules
from portal.validators import no_resident_identifiers


def _not_open_error(month: windows.ReportingMonth) -> ValidationError:
    return ValidationError(
        f"{month.short_name}'s figures can be sent from {windows.day_label(month.opens)}, when "
        "the month's return opens."
    )


def _already_sent(month: windows.ReportingMonth) -> ValidationError:
    return ValidationError(
        f"{month.short_name}'s figures have already been sent. To change a figure, correct it."
    )


def send_return(
    *,
    actor: User,
    home: Organisation,
    month: windows.ReportingMonth,
    raw: dict[int, object],
    no_change: bool = False,
    today: date | None = None,
    tree: AreaTree | None = None,
) -> MonthlyReturn:
    """Save the home's figures for `month` (`raw`: typed figures by measure id). Late when
    sent after the window closed; refused before it opens or when already sent."""
    today = today or timezone.localdate()
    if month.state(today) == windows.NOT_OPEN:
        raise _not_open_error(month)
    measures = measures_for_home(home, tree or AreaTree.load())
    if not measures:
        raise ValidationError("Your home is not asked for any figures at the moment.")
    values, errors = checks.check(measures, raw, rate_rules(measures))
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            monthly_return = MonthlyReturn.objects.create(
                home=home,
                month=month.month,
                submitted_by=actor,
                is_late=month.is_late(today),
                no_change=no_change,
            )
            ReturnValue.objects.bulk_create(
                ReturnValue(monthly_return=monthly_return, measure=m, value=values[m.pk])
                for m in measures
            )
    except IntegrityError:
        raise _already_sent(month) from None
    return monthly_return


def last_month_figures(home: Organisation, month: windows.ReportingMonth) -> dict[int, int]:
    """The home's figures for the month before `month`, by measure id (empty if not sent)."""
    before = windows.add_months(month.month, -1)
    return dict(
        ReturnValue.objects.filter(
            monthly_return__home=home, monthly_return__month=before
        ).values_list("measure_id", "value")
    )


def send_no_change(
    *,
    actor: User,
    home: Organisation,
    month: windows.ReportingMonth,
    today: date | None = None,
    tree: AreaTree | None = None,
) -> MonthlyReturn:
    """Send last month's figures again for `month`. Refused when last month was not sent
    or did not include every figure asked for now."""
    tree = tree or AreaTree.load()
    previous = last_month_figures(home, month)
    measures = measures_for_home(home, tree)
    if not previous or any(m.pk not in previous for m in measures):
        raise ValidationError(
            "Last month's figures are not complete, so there is nothing to copy. Enter this "
            "month's figures instead."
        )
    return send_return(
        actor=actor,
        home=home,
        month=month,
        raw={m.pk: previous[m.pk] for m in measures},
        no_change=True,
        today=today,
        tree=tree,
    )


def correction_measures(monthly_return: MonthlyReturn, tree: AreaTree) -> list[NetworkMeasure]:
    """The figures a correction form shows: those the home is asked for now, and any other
    the return holds (a measure since retired or no longer asked of the home)."""
    current = measures_for_home(monthly_return.home, tree)
    known = {m.pk for m in current}
    held = [
        v.measure
        for v in monthly_return.values.select_related("measure")
        if v.measure_id not in known
    ]
    return sorted([*current, *held], key=lambda m: (m.position, m.pk))


def correct_return(
    *,
    actor: User,
    monthly_return: MonthlyReturn,
    raw: dict[int, object],
    reason: str,
    tree: AreaTree | None = None,
) -> list[Correction]:
    """Change figures already sent, recording old value, new value, who, when and why."""
    reason = (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if not reason:
        errors["reason"] = ["Say why the figures are changing, like 'a fall was recorded late'"]
    else:
        try:
            no_resident_identifiers(reason)
        except ValidationError as error:
            errors["reason"] = error.messages
    measures = correction_measures(monthly_return, tree or AreaTree.load())
    values, field_errors = checks.check(measures, raw, rate_rules(measures, active_rates()))
    for name, text in field_errors.items():
        errors[name] = [text]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    made: list[Correction] = []
    with transaction.atomic():
        held = {
            v.measure_id: v
            for v in ReturnValue.objects.select_for_update().filter(monthly_return=monthly_return)
        }
        for measure in measures:
            new = values[measure.pk]
            current = held.get(measure.pk)
            if current is not None and current.value == new:
                continue
            if current is None:
                current = ReturnValue.objects.create(
                    monthly_return=monthly_return, measure=measure, value=new, corrected_at=now
                )
                old = None
            else:
                old = current.value
                current.value, current.corrected_at = new, now
                current.save(update_fields=["value", "corrected_at"])
            made.append(
                Correction.objects.create(
                    value=current,
                    old_value=old,
                    new_value=new,
                    reason=reason,
                    corrected_by=actor,
                    corrected_at=now,
                )
            )
        if not made:
            raise ValidationError("You have not changed any figures.")
    return made
