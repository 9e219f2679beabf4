"""What the home page shows about network measures (templates/outcomes/_home.html).

- Care home managers and staff: while the current month's window is open (or has closed)
  and their home has not sent: "This month's figures are due" (or late), with the deadline
  and a link to the form. Once sent: "Sent, thank you".
- Project workers and admins: how many homes have sent this month's figures.

At most 5 queries (the window, the home's measures, the return; or the homes asked and
the returns sent).
"""

from django.utils import timezone

from network.models import Membership, User
from network.selectors_directory import AreaTree
from outcomes import access, windows
from outcomes import selectors_measures as measures
from outcomes.models import MonthlyReturn
from outcomes.selectors_returns import sent_and_asked


def home_items(user: User, membership: Membership | None) -> dict:
    if membership is None:
        return {}
    today = timezone.localdate()
    if access.can_define(user):
        current = measures.current_month(today)
        sent, asked = sent_and_asked(current.month, AreaTree.load())
        if not asked:
            return {}
        return {
            "outcomes_status": {
                "month": current,
                "state": current.state(today),
                "asked": asked,
                "sent": sent,
            },
            "outcomes_items": True,
        }
    if membership.role not in access.HOME_ROLES or not membership.organisation.is_care_home:
        return {}
    home = membership.organisation
    current = measures.current_month(today)
    state = current.state(today)
    if state == windows.NOT_OPEN:
        return {}
    if not measures.measures_for_home(home, AreaTree.load()):
        return {}
    sent = MonthlyReturn.objects.filter(home=home, month=current.month).first()
    return {
        "outcomes_due": {
            "home": home,
            "month": current,
            "state": state,
            "sent": sent,
            "days_left": current.days_left(today),
        },
        "outcomes_items": sent is None,
    }
