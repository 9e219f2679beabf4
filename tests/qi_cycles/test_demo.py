"""The demo improvement projects: every kind of chart signal, real-looking work, safe reruns."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from network.models import Membership, User
from network.roles import Role
from qi_cycles import access, demo_qi
from qi_cycles.analysis import analyse
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


def _snapshot():
    return (
        sorted(Project.objects.values_list("home__name", "title", "visibility", "start_date")),
        sorted(Driver.objects.values_list("project__title", "level", "text")),
        sorted(ChangeIdea.objects.values_list("project__title", "title", "copied_from__title")),
        sorted(Cycle.objects.values_list("change_idea__title", "number", "starts_on")),
        sorted(CycleComment.objects.values_list("cycle__objective", "body")),
        sorted(Measure.objects.values_list("project__title", "name", "signal")),
        sorted(MeasureValue.objects.values_list("measure__name", "date", "value")),
        sorted(Annotation.objects.values_list("measure__name", "date", "text")),
        sorted(Cycle.measures.through.objects.values_list("cycle_id", "measure_id")),
    )


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", force=True, verbosity=0)


def _signals() -> dict[str, set]:
    """Every signal the rule engine finds in the seeded measures, by the portal's analysis."""
    found: dict[str, set] = {
        "rules": set(),
        "causes": set(),
        "icons": set(),
        "assurance": set(),
        "run": set(),
        "other": set(),
    }
    for measure in Measure.objects.prefetch_related("values", "annotations"):
        result = analyse(measure, list(measure.values.all()), list(measure.annotations.all()))
        xmr, run = result.xmr, result.run
        found["rules"] |= {p.rule for p in xmr.points if p.rule}
        found["causes"] |= {p.special_cause for p in xmr.points if p.special_cause}
        found["icons"].add(xmr.variation_icon)
        found["assurance"].add(xmr.assurance_icon)
        if all(p.special_cause is None for p in xmr.points):
            found["other"].add("common cause only")
        if xmr.short_group_warning and len(result.values) < 12:
            found["other"].add("short series warning")
        if result.rebase_at:
            found["other"].add("new period")
        if measure.direction == Measure.Direction.NEUTRAL and any(
            p.special_cause == "neutral" for p in xmr.points
        ):
            found["other"].add("neutral measure with a signal")
        if any(p.shift for p in run.points):
            found["run"].add("shift")
        if any(p.trend for p in run.points):
            found["run"].add("trend")
        if run.too_few_runs:
            found["run"].add("too few runs")
        assert measure.signal == xmr.variation_icon  # refresh_signal was called
    return found


def test_running_seed_demo_twice_adds_nothing(seeded):
    first = _snapshot()
    assert Project.objects.count() == len(demo_qi.PROJECTS)
    call_command("seed_demo", force=True, verbosity=0)
    assert _snapshot() == first
    assert demo_qi.seed() == 0


def test_the_measures_show_every_kind_of_signal(seeded):
    found = _signals()
    assert found["rules"] == {"outside_limits", "trend", "two_of_three", "shift"}
    assert found["causes"] == {"improvement", "concern", "neutral"}
    assert {"improvement_high", "improvement_low", "concern_high", "neutral_high"} <= found["icons"]
    assert "common_cause" in found["icons"]
    assert {"consistent_pass", "consistent_fail", "inconsistent"} <= found["assurance"]
    assert found["run"] == {"shift", "trend", "too few runs"}
    assert found["other"] == {
        "common cause only",
        "short series warning",
        "new period",
        "neutral measure with a signal",
    }
    assert set(Measure.objects.values_list("kind", flat=True)) == set(Measure.Kind.values)
    assert set(Measure.objects.values_list("frequency", flat=True)) >= {"weekly", "monthly"}


def test_nothing_is_dated_in_the_future_or_before_its_project_started(seeded):
    today = timezone.localdate()
    for value in MeasureValue.objects.select_related("measure__project"):
        assert value.measure.project.start_date <= value.date <= today
    for note in Annotation.objects.select_related("measure__project"):
        assert note.measure.project.start_date <= note.date <= today
    for cycle in Cycle.objects.select_related("project"):
        assert cycle.starts_on >= cycle.project.start_date
        if cycle.stage != Cycle.Stage.PLAN:
            assert cycle.starts_on <= today
    now = timezone.now()
    assert not CycleComment.objects.filter(created_at__gt=now).exists()
    assert not Cycle.objects.filter(created_at__gt=now).exists()
    assert not Cycle.objects.filter(decision="", ends_on__isnull=True).exists()


def test_home_only_projects_stay_with_their_home(seeded):
    home_only = Project.objects.filter(visibility=Project.Visibility.HOME)
    shared = Project.objects.filter(visibility=Project.Visibility.SHARED)
    assert home_only.count() >= 3 and shared.count() >= 3
    assert home_only.filter(home__name="Oakfield House").exists()
    outsider = (
        Membership.objects.filter(role=Role.CARE_HOME_MANAGER)
        .exclude(organisation__in=home_only.values("home"))
        .first()
        .user
    )
    partner = User.objects.get(email="partner@icb.example")
    for person in (outsider, partner):
        seen = set(access.visible_projects(person))
        assert seen.isdisjoint(home_only)
        assert set(shared) <= seen
    grace = User.objects.get(email="manager@oakfield.example")
    tom = User.objects.get(email="carer@oakfield.example")
    oakfield = set(Project.objects.filter(home__name="Oakfield House"))
    assert oakfield <= set(access.workable_projects(grace))
    assert oakfield <= set(access.workable_projects(tom))
    for project in shared:
        assert project.what_changed and project.benefit_for_residents and project.shared_at
    call_command("seed_demo", force=True, verbosity=0)
    assert set(Project.objects.filter(visibility=Project.Visibility.HOME)) == set(home_only)


def test_the_projects_read_like_real_improvement_work(seeded):
    worker = User.objects.get(email="worker@network.example")
    assert Project.objects.filter(home__name="Oakfield House", coach=worker).count() >= 2
    assert len(set(Project.objects.values_list("home", flat=True))) >= 5
    assert all(
        project.themes.exists() and project.team.exists() for project in Project.objects.all()
    )
    assert set(Project.objects.values_list("status", flat=True)) >= {
        "planning",
        "testing",
        "sustaining",
        "completed",
    }
    # Drivers lead to change ideas; ramps of 2 to 4 cycles at every stage.
    assert Driver.objects.filter(level="secondary", change_ideas__isnull=False).exists()
    ramps = [idea.cycles.count() for idea in ChangeIdea.objects.all()]
    assert max(ramps) <= 4 and sum(1 for n in ramps if n >= 2) >= 5
    stages = [cycle.stage for cycle in Cycle.objects.all()]
    assert {Cycle.Stage.PLAN, Cycle.Stage.DO, Cycle.Stage.STUDY, Cycle.Stage.DONE} <= set(stages)
    assert set(Cycle.objects.values_list("decision", flat=True)) == {
        "",
        "adopt",
        "adapt",
        "abandon",
    }
    finished = Cycle.objects.exclude(decision="")
    assert not finished.filter(study_learning="").exists()
    # The demo manager has a cycle that started weeks ago and is waiting for its Study.
    due = [
        c for c in Cycle.objects.filter(project__home__name="Oakfield House") if c.stage == "study"
    ]
    assert due and all((timezone.localdate() - c.starts_on).days >= 14 for c in due)
    assert CycleComment.objects.filter(author=worker).count() >= 3
    # "Try this in our home": a change idea from a shared project, at another home, with a cycle.
    copy = ChangeIdea.objects.get(copied_from__isnull=False)
    assert copy.copied_from.project.is_shared
    assert copy.project.home != copy.copied_from.project.home
    assert copy.copied_by and copy.cycles.exists()
    assert Project.objects.filter(linked_needs__isnull=False).exists()
    assert Annotation.objects.filter(starts_new_period=True).exists()


def test_every_demo_row_passes_its_own_validation(seeded):
    # The free-text validators refuse NHS numbers and dates of birth.
    for model in (Project, Driver, ChangeIdea, Cycle, CycleComment, Measure, Annotation):
        for row in model.objects.all():
            row.full_clean()
