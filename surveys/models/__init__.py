"""The needs board and needs surveys."""

from surveys.models.needs import Need, NeedEndorsement, NeedResponse, Urgency
from surveys.models.surveys import (
    Answer,
    Choice,
    Question,
    Response,
    Survey,
    SurveyParticipation,
    SurveyReminder,
)

__all__ = [
    "Answer",
    "Choice",
    "Need",
    "NeedEndorsement",
    "NeedResponse",
    "Question",
    "Response",
    "Survey",
    "SurveyParticipation",
    "SurveyReminder",
    "Urgency",
]
