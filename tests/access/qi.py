"""Rows the improvement-project URLs point at (tests/access/qi_*.py list the URLs).

- `qi_project`: a home-only project at home A, coached by Will, with a driver, a change
  idea, a cycle with a comment, a measure with values and an annotation;
- `qi_shared`: a project at home A shared with the network, with its own change idea,
  cycle and measure;
- `qi_project_b`: a home-only project at home B (Bea's home), a place to copy ideas into.
"""

from datetime import date

from qi_cycles.models import (
    Annotation,
    ChangeIdea,
    Cycle,
    CycleComment,
    Driver,
    Measure,
    MeasureValue,
    Project,
)
from tests.factories import make_change_idea, make_cycle, make_measure, make_project

ENTRIES: list = []


def objects(cast) -> dict:
    project = make_project(cast.home_a, coach=cast.will)
    driver = Driver.objects.create(project=project, level="primary", text="Safe environment")
    idea = make_change_idea(project, driver=driver)
    cycle = make_cycle(idea)
    comment = CycleComment.objects.create(cycle=cycle, author=cast.will, body="Good start")
    measure = make_measure(project, values=[3, 4, 2])
    annotation = Annotation.objects.create(measure=measure, date=date(2026, 1, 8), text="New mats")
    shared = make_project(cast.home_a, shared=True, title="Better hydration")
    shared_idea = make_change_idea(shared, title="Drinks trolley at 3pm")
    shared_cycle = make_cycle(shared_idea)
    shared_measure = make_measure(shared, values=[5, 6, 7], name="Drinks offered")
    project_b = make_project(cast.home_b, title="Calmer mealtimes")
    return {
        "qi_project": project,
        "qi_driver": driver,
        "qi_idea": idea,
        "qi_cycle": cycle,
        "qi_comment": comment,
        "qi_measure": measure,
        "qi_value": measure.values.first(),
        "qi_annotation": annotation,
        "qi_shared": shared,
        "qi_shared_idea": shared_idea,
        "qi_shared_cycle": shared_cycle,
        "qi_shared_measure": shared_measure,
        "qi_project_b": project_b,
    }


def fingerprint():
    """What a refused write to a project must not change."""
    return (
        sorted(Project.objects.values_list("pk", "title", "status", "visibility")),
        sorted(Driver.objects.values_list("pk", "text")),
        sorted(ChangeIdea.objects.values_list("pk", "title", "project_id")),
        sorted(Cycle.objects.values_list("pk", "version")),
        CycleComment.objects.count(),
        sorted(Measure.objects.values_list("pk", "name")),
        sorted(MeasureValue.objects.values_list("pk", "value")),
        Annotation.objects.count(),
    )
