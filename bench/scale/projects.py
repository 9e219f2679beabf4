"""Improvement projects: SMART aims at a home (some shared with the network, a few run with
other homes), a primary driver, change ideas tested by PDSA cycles numbered 1, 2, 3... per
change idea, and measures with one value per date (weekly on Mondays or monthly on the
1st, never in the future). Each measure's `signal` is worked out with qi_cycles.spc, as
qi_cycles.analysis.refresh_signal keeps it."""

from datetime import date, timedelta

from bench.scale import qi_words
from bench.scale.world import World, at_day, split
from qi_cycles import spc
from qi_cycles.models import ChangeIdea, Cycle, CycleComment, Driver, Measure, MeasureValue, Project

ACTIVE = ("planning", "testing", "implementing", "sustaining")


def _pick(rng, weighted) -> str:
    roll = rng.random()
    for value, share in weighted:
        roll -= share
        if roll < 0:
            return value
    return weighted[-1][0]


def _month_back(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def build(world: World) -> None:
    rng = world.rng("projects")
    plan = world.plan
    t = _tables(world)
    templates = qi_words.PROJECTS
    chosen = [rng.randrange(len(templates)) for _ in range(plan.projects)]
    idea_counts = [rng.randint(1, len(templates[c][6])) for c in chosen]
    while sum(idea_counts) > plan.cycles:  # a tiny run: fewer change ideas
        idea_counts[idea_counts.index(max(idea_counts))] -= 1
    cycles_left = iter(split(plan.cycles - sum(idea_counts), sum(idea_counts), rng))
    measure_counts = [rng.randint(1, len(templates[c][5])) for c in chosen]
    values_left = iter(split(plan.measure_values, sum(measure_counts), rng, minimum=1))
    last_monday = world.today - timedelta(days=world.today.weekday() + 7)
    last_first = _month_back(world.today, 1)

    for p, template_index in enumerate(chosen):
        title, problem, aim, slugs, driver_text, measures, ideas = templates[template_index]
        home_index = rng.randrange(len(world.homes))
        home = world.homes[home_index]
        members = world.home_members[home_index]
        status = _pick(rng, qi_words.STATUSES)
        project = t["projects"].new_id()
        ended = 0 if status in ACTIVE else rng.randint(0, 40)  # weeks since the last value

        # Measures and their values first: the project starts at its earliest value.
        first_day, last_day = world.today, None
        first_measure = None
        for position, spec in enumerate(measures[: measure_counts[p]]):
            name, kind, unit, direction, base, spread = spec
            measure = t["measures"].new_id()
            first_measure = first_measure or measure
            count = next(values_left)
            weekly = rng.random() < 0.8
            if weekly:
                last = last_monday - timedelta(weeks=ended)
                days = [last - timedelta(weeks=count - 1 - n) for n in range(count)]
            else:
                last = _month_back(last_first, ended // 4)
                days = [_month_back(last, count - 1 - n) for n in range(count)]
            first_day = min(first_day, days[0])
            last_day = max(last_day or days[-1], days[-1])
            better = {"increase": 1, "decrease": -1}.get(direction, 0)
            improving = status not in ("planning", "stopped")
            numbers = []
            for n, day in enumerate(days):
                shift = better * spread * 1.5 if improving and n >= count // 2 else 0
                value = round(max(0.0, rng.gauss(base + shift, spread)), 1)
                numbers.append(value)
                t["values"].add(
                    (
                        t["values"].new_id(),
                        measure,
                        day,
                        value,
                        rng.choice(members),
                        at_day(day, 17),
                    )
                )
            target = round(base + better * spread * 2, 1) if better and rng.random() < 0.5 else None
            t["measures"].add(
                (
                    measure,
                    project,
                    name,
                    kind,
                    f"{name}, counted from the records.",
                    unit,
                    direction,
                    target,
                    "weekly" if weekly else "monthly",
                    "xmr" if rng.random() < 0.5 else "run",
                    position == 0,
                    position,
                    _signal(numbers, direction, target),
                    at_day(days[0], 9),
                )
            )

        start = first_day - timedelta(days=rng.randint(0, 14))
        end = min(world.today, max(start + timedelta(days=28), last_day or start))
        team = [members[0]] + rng.sample(members[1:], min(len(members) - 1, rng.randint(0, 2)))
        coach = rng.choice(world.workers) if rng.random() < 0.7 else None
        driver = t["drivers"].new_id()
        t["drivers"].add((driver, project, "primary", None, driver_text, 0))
        last_change = at_day(end, 16)
        for position, idea_title in enumerate(ideas[: idea_counts[p]]):
            idea = t["ideas"].new_id()
            t["ideas"].add((idea, project, driver, idea_title, "", position, at_day(start, 11)))
            _cycles(
                world,
                rng,
                t,
                project=project,
                idea=idea,
                idea_title=idea_title,
                count=1 + next(cycles_left),
                start=start,
                end=end,
                status=status,
                team=team,
                coach=coach,
                measure=first_measure,
            )

        shared = (
            status in ("sustaining", "completed") and rng.random() < 0.5 or (rng.random() < 0.05)
        )
        t["projects"].add(
            (
                project,
                home,
                title,
                problem,
                aim[0],
                aim[1],
                aim[2],
                start + timedelta(days=rng.randint(180, 365)),
                start,
                coach,
                status,
                "shared" if shared else "home",
                WHAT if shared else "",
                BENEFIT if shared else "",
                members[0],
                at_day(start, 10),
                last_change,
                last_change if shared else None,
            )
        )
        for user in team:
            t["team"].add((t["team"].new_id(), project, user))
        for theme in world.theme_list(slugs):
            t["themes"].add((t["themes"].new_id(), project, theme))
        if rng.random() < 0.03:
            others = [i for i in world.homes_by_icb[world.home_icb[home_index]] if i != home_index]
            for other in rng.sample(others, min(len(others), rng.randint(1, 2))):
                t["homes"].add((t["homes"].new_id(), project, world.homes[other]))
        home_needs = world.needs_by_home.get(home_index)
        if home_needs and rng.random() < 0.1:
            t["needs"].add((t["needs"].new_id(), project, rng.choice(home_needs)))


WHAT = qi_words.WHAT_CHANGED
BENEFIT = qi_words.BENEFIT


def _signal(numbers: list[float], direction: str, target) -> str:
    result = spc.xmr(numbers, improvement_direction=direction, target=target)
    return result.variation_icon


def _cycles(
    world, rng, t, *, project, idea, idea_title, count, start, end, status, team, coach, measure
) -> None:
    span = max(1, (end - start).days)
    text = qi_words.CYCLE
    for number in range(1, count + 1):
        starts = start + timedelta(days=int(span * (number - 0.5 + rng.random() * 0.4) / count))
        ends = starts + timedelta(days=14)
        last = number == count
        if not last:
            decision = "adapt" if rng.random() < 0.75 else "adopt"
        elif status in ("implementing", "sustaining", "completed"):
            decision = "adopt"
        elif status == "stopped":
            decision = "abandon"
        else:
            decision = ""  # still being tested
        done = starts <= world.today
        studied = bool(decision)
        author = rng.choice(team)
        cycle = t["cycles"].new_id()
        t["cycles"].add(
            (
                cycle,
                project,
                idea,
                number,
                f"Test: {idea_title.lower()}",
                text["question"],
                text["prediction"],
                text["plan_who"],
                text["plan_what"],
                text["plan_when"],
                text["plan_where"],
                text["plan_data"],
                starts,
                ends if studied and ends <= world.today else None,
                text["do_what_happened"] if done else "",
                text["do_observations"] if done else "",
                text["do_problems"] if done and rng.random() < 0.3 else "",
                text["study_results"] if studied else "",
                text["study_learning"] if studied else "",
                decision,
                text["next_step"] if studied else "",
                1 + studied + (rng.random() < 0.3),
                author,
                author,
                at_day(starts - timedelta(days=2), 10),
                at_day(min(ends, world.today), 15),
            )
        )
        if measure and rng.random() < 0.5:
            t["cycle_measures"].add((t["cycle_measures"].new_id(), cycle, measure))
        if rng.random() < 0.1:
            t["comments"].add(
                (
                    t["comments"].new_id(),
                    cycle,
                    coach or rng.choice(world.workers),
                    rng.choice(qi_words.COMMENTS),
                    at_day(min(ends, world.today), 12),
                )
            )


def _tables(world: World) -> dict:
    table = world.loader.table
    return {
        "projects": table(
            Project,
            [
                "id",
                "home_id",
                "title",
                "problem",
                "aim_what",
                "aim_for_whom",
                "aim_how_much",
                "aim_by_when",
                "start_date",
                "coach_id",
                "status",
                "visibility",
                "what_changed",
                "benefit_for_residents",
                "created_by_id",
                "created_at",
                "updated_at",
                "shared_at",
            ],
        ),
        "measures": table(
            Measure,
            [
                "id",
                "project_id",
                "name",
                "kind",
                "definition",
                "unit",
                "direction",
                "target",
                "frequency",
                "chart_kind",
                "is_key",
                "position",
                "signal",
                "created_at",
            ],
        ),
        "values": table(
            MeasureValue, ["id", "measure_id", "date", "value", "entered_by_id", "created_at"]
        ),
        "drivers": table(Driver, ["id", "project_id", "level", "parent_id", "text", "position"]),
        "ideas": table(
            ChangeIdea,
            ["id", "project_id", "driver_id", "title", "description", "position", "created_at"],
        ),
        "cycles": table(
            Cycle,
            [
                "id",
                "project_id",
                "change_idea_id",
                "number",
                "objective",
                "question",
                "prediction",
                "plan_who",
                "plan_what",
                "plan_when",
                "plan_where",
                "plan_data",
                "starts_on",
                "ends_on",
                "do_what_happened",
                "do_observations",
                "do_problems",
                "study_results",
                "study_learning",
                "decision",
                "next_step",
                "version",
                "created_by_id",
                "updated_by_id",
                "created_at",
                "updated_at",
            ],
        ),
        "cycle_measures": table(Cycle.measures.through, ["id", "cycle_id", "measure_id"]),
        "comments": table(CycleComment, ["id", "cycle_id", "author_id", "body", "created_at"]),
        "team": table(Project.team.through, ["id", "project_id", "user_id"]),
        "themes": table(Project.themes.through, ["id", "project_id", "theme_id"]),
        "homes": table(
            Project.participating_homes.through, ["id", "project_id", "organisation_id"]
        ),
        "needs": table(Project.linked_needs.through, ["id", "project_id", "need_id"]),
    }
