"""Reminders to send the month's figures, to each home's managers, only while the window
is open and the home has not sent: one when the window opens ("opened") and one 2 days
before it closes ("closing"). Each is claimed (a unique ReminderSent row per home, month
and kind) just before it goes, so a rerun, a retried task or two workers at once never
send it twice. Nothing goes to people whose account is inactive.
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from network.models import Membership, Organisation
from network.roles import Role
from network.selectors_directory import AreaTree
from outcomes import windows
from outcomes.models import MonthlyReturn, ReminderSent
from outcomes.selectors_measures import current_month
from outcomes.selectors_returns import homes_asked
from portal import emails


def kind_for(month: windows.ReportingMonth, today: date) -> str | None:
    """Which reminder is due today (None outside the window)."""
    if month.state(today) != windows.OPEN:
        return None
    if month.days_left(today) <= windows.CLOSING_DAYS:
        return ReminderSent.Kind.CLOSING
    return ReminderSent.Kind.OPENED


def due_homes(today: date) -> tuple[windows.ReportingMonth, str | None, list[int]]:
    """The month, today's reminder kind and the homes to remind: asked for figures, not
    sent, not yet reminded of this kind."""
    month = current_month(today)
    kind = kind_for(month, today)
    if kind is None:
        return month, None, []
    sent = set(MonthlyReturn.objects.filter(month=month.month).values_list("home_id", flat=True))
    claimed = set(
        ReminderSent.objects.filter(month=month.month, kind=kind).values_list("home_id", flat=True)
    )
    homes = [h.pk for h in homes_asked(AreaTree.load()) if h.pk not in sent | claimed]
    return month, kind, homes


def claim(*, home_id: int, month: date, kind: str) -> bool:
    """Record that this reminder goes now; False if it already went."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(home_id=home_id, month=month, kind=kind)
    except IntegrityError:
        return False
    return True


def remind_home(*, home_id: int, month: date, kind: str, today: date | None = None) -> int:
    """Email the home's active managers if the window is still open and the home still has
    not sent; returns how many emails went (0 when claimed before or no longer due)."""
    today = today or timezone.localdate()
    reporting = current_month(today)
    if reporting.month != month or kind_for(reporting, today) is None:
        return 0
    home = Organisation.objects.filter(pk=home_id).first()
    if home is None or MonthlyReturn.objects.filter(home=home, month=month).exists():
        return 0
    managers = [
        m.user
        for m in Membership.objects.filter(
            organisation=home, role=Role.CARE_HOME_MANAGER, user__is_active=True
        ).select_related("user")
    ]
    if not managers or not claim(home_id=home.pk, month=month, kind=kind):
        return 0
    for user in managers:
        emails.send(
            "outcomes-reminder",
            user.email,
            {
                "user": user,
                "home": home,
                "month": reporting,
                "closing": kind == ReminderSent.Kind.CLOSING,
                "days_left": reporting.days_left(today),
            },
        )
    return len(managers)
