from outcomes.models.measures import NetworkMeasure, ReportingWindow
from outcomes.models.returns import Correction, MonthlyReturn, ReminderSent, ReturnValue

__all__ = [
    "Correction",
    "MonthlyReturn",
    "NetworkMeasure",
    "ReminderSent",
    "ReportingWindow",
    "ReturnValue",
]
