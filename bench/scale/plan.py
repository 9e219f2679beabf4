"""How many rows of each kind a run makes: the national figures times --scale.

At --scale 1.0 this is England: 7 regions, 42 ICB areas, 15,000 care homes, 35,000
people and the activity in the issue. Counts scale linearly, with small minimums so even
a tiny run has a region, an ICB area, a few homes and something of everything. Two
figures cannot grow faster than the people and sessions they join: learning records
(at most half of every person/session pair) and survey answers (at most 70% of each
survey's audience responds); these caps only bite at small scales.
"""

from dataclasses import dataclass

NATIONAL = {
    "regions": 7,
    "icbs": 42,
    "care_homes": 15_000,
    "people": 35_000,
    "partners": 2_400,
    "project_workers": 40,
    "admins": 5,
    "needs": 150_000,
    "need_responses": 400_000,
    "surveys": 40,
    "survey_answers": 1_000_000,
    "projects": 60_000,
    "cycles": 250_000,
    "measure_values": 2_000_000,
    "sessions": 3_000,
    "learning_records": 5_000_000,
    "cascades": 20_000,
    "events": 20_000,
    "registrations": 300_000,
}
MINIMUMS = {
    "regions": 1,
    "icbs": 1,
    "care_homes": 6,
    "people": 20,
    "partners": 3,
    "project_workers": 2,
    "admins": 1,
    "needs": 10,
    "need_responses": 20,
    "surveys": 2,
    "survey_answers": 20,
    "projects": 6,
    "cycles": 12,
    "measure_values": 60,
    "sessions": 4,
    "learning_records": 20,
    "cascades": 2,
    "events": 4,
    "registrations": 20,
}
LEARNING_SHARE_OF_PAIRS = 0.5
SURVEY_TURNOUT = 0.7


@dataclass(frozen=True)
class Plan:
    scale: float
    regions: int
    icbs: int
    care_homes: int
    people: int
    partners: int
    project_workers: int
    admins: int
    needs: int
    need_responses: int
    surveys: int
    survey_answers: int
    projects: int
    cycles: int
    measure_values: int
    sessions: int
    learning_records: int
    cascades: int
    events: int
    registrations: int

    @property
    def managers(self) -> int:
        """One manager for every home."""
        return self.care_homes

    @property
    def staff(self) -> int:
        """Everyone else works at a care home."""
        return self.people - self.managers - self.partners - self.project_workers - self.admins


def plan_for(scale: float) -> Plan:
    if scale <= 0:
        raise ValueError("--scale must be more than 0")
    counts = {name: max(MINIMUMS[name], round(figure * scale)) for name, figure in NATIONAL.items()}
    counts["regions"] = min(counts["regions"], NATIONAL["regions"])
    counts["icbs"] = max(counts["icbs"], counts["regions"])
    # Enough people for a manager at every home, the partners and the network team, and
    # about one member of staff for every home.
    fixed = counts["care_homes"] + counts["partners"] + counts["project_workers"]
    counts["people"] = max(counts["people"], fixed + counts["admins"] + counts["care_homes"])
    return Plan(scale=scale, **counts)
