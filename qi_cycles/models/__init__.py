"""Improvement projects: drivers and change ideas, PDSA cycles, measures and their values."""

from qi_cycles.models.cycles import Cycle, CycleComment
from qi_cycles.models.measures import Annotation, Measure, MeasureValue
from qi_cycles.models.projects import ChangeIdea, Driver, Project

__all__ = [
    "Annotation",
    "ChangeIdea",
    "Cycle",
    "CycleComment",
    "Driver",
    "Measure",
    "MeasureValue",
    "Project",
]
