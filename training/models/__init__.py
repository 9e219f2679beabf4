"""Training library: recorded sessions, collections, learning records and cascade training."""

from training.models.learning import CascadeDelivery, LearningRecord
from training.models.sessions import Collection, CollectionItem, Handout, Session

__all__ = [
    "CascadeDelivery",
    "Collection",
    "CollectionItem",
    "Handout",
    "LearningRecord",
    "Session",
]
