"""Reads for improvement projects: PDSA cycles, their ramps (the cycles of one change idea,
in order) and comments. Who may see or change a project is decided in qi_cycles.access."""

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Subquery

from network.models import User
from qi_cycles import access
from qi_cycles.models import ChangeIdea, Cycle, CycleComment, Project


def get_cycle(user: User, cycle_pk: int, action: str = access.VIEW) -> Cycle:
    """The cycle with its project and change idea; 404 when it does not exist or the person
    may not see its project, 403 when they may see it but not do `action`."""
    cycles = Cycle.objects.select_related("change_idea", "updated_by")
    return access.get_in_project(user, cycles, cycle_pk, action)


@dataclass
class Ramp:
    """One change idea and its cycles, in the order they were run."""

    idea: ChangeIdea
    cycles: list[Cycle] = field(default_factory=list)

    @property
    def next_number(self) -> int:
        return max((c.number for c in self.cycles), default=0) + 1


def ramps(project: Project) -> list[Ramp]:
    """Every change idea of the project with all its cycles (two queries)."""
    by_idea = {idea.pk: Ramp(idea) for idea in project.change_ideas.all()}
    for cycle in Cycle.objects.filter(project=project).order_by("change_idea_id", "number"):
        if cycle.change_idea_id in by_idea:
            by_idea[cycle.change_idea_id].cycles.append(cycle)
    return list(by_idea.values())


def change_ideas(project: Project):
    return project.change_ideas.all()


@dataclass
class RampSummary:
    idea: ChangeIdea
    count: int
    latest: Cycle | None


def ramp_summaries(project: Project) -> list[RampSummary]:
    """Per change idea: how many cycles and the latest one (two queries)."""
    latest = Cycle.objects.filter(change_idea=OuterRef("pk")).order_by("-number").values("pk")[:1]
    ideas = list(
        project.change_ideas.annotate(cycle_count=Count("cycles"), latest_pk=Subquery(latest))
    )
    wanted = [idea.latest_pk for idea in ideas if idea.latest_pk]
    latest_cycles = Cycle.objects.in_bulk(wanted) if wanted else {}
    return [
        RampSummary(idea=idea, count=idea.cycle_count, latest=latest_cycles.get(idea.latest_pk))
        for idea in ideas
    ]


def project_panel(user: User, project: Project) -> dict:
    """Context for templates/qi_cycles/cycles/_project_cycles.html on the project's page (a
    fixed number of queries, whatever the project holds)."""
    summaries = ramp_summaries(project)
    return {
        "cycle_ramps": summaries,
        "cycle_count": sum(s.count for s in summaries),
        "cycles_can_edit": access.permissions(user, project)["can_edit"],
    }


@dataclass
class CyclePage:
    previous: Cycle | None
    next: Cycle | None
    measures: list
    comments: list[CycleComment]


def cycle_page(cycle: Cycle) -> CyclePage:
    """What a cycle's page shows beside the worksheet: its neighbours in the ramp, the
    measures it relates to and the comments (three queries)."""
    siblings = list(
        Cycle.objects.filter(change_idea_id=cycle.change_idea_id)
        .exclude(pk=cycle.pk)
        .only("pk", "number", "objective", "change_idea_id")
        .order_by("number")
    )
    before = [c for c in siblings if c.number < cycle.number]
    after = [c for c in siblings if c.number > cycle.number]
    return CyclePage(
        previous=before[-1] if before else None,
        next=after[0] if after else None,
        measures=list(cycle.measures.all()),
        comments=list(cycle.comments.select_related("author")),
    )
