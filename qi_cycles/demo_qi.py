"""Demo improvement projects. Called by seed_demo after the people, needs and surveys exist;
safe to rerun (each project is keyed on its title and home, and everything in it is added
only when this run created the project).

Eight projects at six homes read like real care home improvement work. Between them their
measures show every kind of chart signal (tests/qi_cycles/test_demo.py checks this with
qi_cycles.spc, not by eye):

==============================================  =========================================
Measure (home)                                  What its charts show
==============================================  =========================================
Falls at night (Oakfield)                       7-point shift, improvement (limits fixed
                                                on 12 baseline weeks); target inside the
                                                limits (inconsistent); run chart shift
                                                and too few runs
Residents disturbed by night checks (Oakfield)  common cause only
Unplanned hospital admissions (Oakfield)        point outside the limits, concern
RESTORE2 done when soft signs noted (Oakfield)  target above the limits (consistent fail)
Calls to NHS 111 or out-of-hours GP (Oakfield)  9 points: short-series warning
Residents joining in an activity (Oakfield)     7-point trend, improvement; run trend
Fluid goal reached (Harbour View)               new period from when drinks rounds were
                                                adopted (a rebase), then a 7-point shift
Morning medicine round length (Rosewood)        new period; target above the limits of a
                                                down-is-better measure (consistent pass)
Night-time toilet visits (Harbour View)         neutral direction, shift high
Lunch in the dining room (Willow Lodge)         two of three beyond 2 sigma, improvement
Minutes to serve lunch (Willow Lodge)           shift high, concern (a balancing measure)
Skin checks done (Beech Court)                  target below the limits (consistent pass)
Interruptions in the round (Rosewood)           outside the limits, improvement
Mouth care recorded (Elm Park)                  6 points: short-series warning
==============================================  =========================================

Dates are relative to the day the demo is built: weekly values sit on Mondays, monthly
values on the first of the month, the latest a week or a month ago (never in the future),
and a project starts on the date of its earliest value or cycle.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from network.models import Membership, Organisation, Theme, User
from network.roles import Role
from qi_cycles.analysis import refresh_signal
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
from surveys.models import Need

WORKER = "worker@network.example"
COACH = "coach@network.example"
OAKFIELD = "Oakfield House"
OAKFIELD_CARER = "carer@oakfield.example"


@dataclass(frozen=True)
class DemoMeasure:
    name: str
    kind: str
    definition: str
    unit: str
    direction: str
    values: str  # numbers, oldest first, separated by spaces
    frequency: str = Measure.Frequency.WEEKLY
    last_ago: int = 1  # weeks (or months) between the latest value and now
    target: float | None = None
    fix_after: int | None = None
    chart: str = Measure.ChartKind.XMR
    key: bool = False
    notes: list[tuple[int, str, bool]] = field(default_factory=list)  # index, text, new period

    @property
    def numbers(self) -> list[str]:
        return self.values.split()


@dataclass(frozen=True)
class DemoCycle:
    objective: str
    question: str
    prediction: str
    who: str
    what: str
    where: str
    data: str
    start: int  # weeks ago (negative: still to come)
    days: int
    do: tuple[str, str, str] = ("", "", "")  # what happened, observations, problems
    study: tuple[str, str] = ("", "")  # results, learning
    decision: str = ""
    next_step: str = ""
    comments: list[tuple[str, str]] = field(default_factory=list)  # author email, text


@dataclass(frozen=True)
class DemoIdea:
    title: str
    description: str
    driver: str  # text of the driver it hangs off
    cycles: list[DemoCycle] = field(default_factory=list)
    copy_of: tuple[str, str, str] | None = None  # home, project title, idea title


@dataclass(frozen=True)
class DemoProject:
    home: str
    title: str
    problem: str
    aim: tuple[str, str, str, int]  # what, for whom, how much, days from today
    themes: list[str]
    status: str
    shared: bool
    coach: str
    drivers: list[tuple[str, list[str]]]
    ideas: list[DemoIdea]
    measures: list[DemoMeasure]
    needs: list[str] = field(default_factory=list)
    what_changed: str = ""
    benefit: str = ""


W, M = Measure.Frequency.WEEKLY, Measure.Frequency.MONTHLY
OUTCOME, PROCESS, BALANCING = Measure.Kind.OUTCOME, Measure.Kind.PROCESS, Measure.Kind.BALANCING
UP, DOWN, NEITHER = Measure.Direction.INCREASE, Measure.Direction.DECREASE, "neutral"
ADOPT, ADAPT, ABANDON = Cycle.Decision.ADOPT, Cycle.Decision.ADAPT, Cycle.Decision.ABANDON

FALLS = DemoProject(
    OAKFIELD,
    "Fewer falls at night",
    "Most of our falls happen between 10pm and 6am, when residents living with dementia get "
    "up to use the toilet and the night team is busy elsewhere. In the 12 weeks before we "
    "started there were 60 falls at night.",
    ("Reduce falls at night", "residents on both floors", "half", 120),
    ["falls", "dementia", "improving-health-and-healthcare"],
    Project.Status.SUSTAINING,
    True,
    WORKER,
    [
        ("Needs are met before residents get up alone", ["Toileting needs anticipated"]),
        ("A safe bedroom at night", ["Lighting and clutter"]),
        ("Staff know who is most at risk", ["Night handover"]),
    ],
    [
        DemoIdea(
            "Hourly comfort rounds from 10pm to 6am",
            "A quiet check each hour: toilet, drink, pain, position, call bell in reach.",
            "Toileting needs anticipated",
            [
                DemoCycle(
                    "Try hourly comfort rounds on one corridor for a week",
                    "Can two night carers fit in hourly rounds on the garden corridor?",
                    "Rounds will be done most hours and there will be fewer falls there.",
                    "Tom and the two night carers on the garden corridor",
                    "Hourly rounds using a tick sheet on the corridor trolley",
                    "Garden corridor, ground floor",
                    "Tick sheet (rounds done on time); falls from the incident log",
                    start=14,
                    days=7,
                    do=(
                        "Rounds were done on 6 of 7 nights.",
                        "Two residents were found about to get up and were helped to the "
                        "toilet. Several residents slept through and did not need waking.",
                        "On the busiest night the 3am and 4am rounds were missed.",
                    ),
                    study=(
                        "Rounds were on time 80% of the time. No falls on the corridor that "
                        "week, against 2 in a usual week.",
                        "Hourly rounds are possible but do not suit everyone: residents who "
                        "sleep well can have two-hourly checks.",
                    ),
                    decision=ADAPT,
                    next_step="Use the falls risk list to pick hourly or two-hourly rounds.",
                    comments=[
                        (
                            WORKER,
                            "A good first test: small and quick. Could you note on the tick "
                            "sheet when a round found someone about to get up? That tells "
                            "you the rounds are catching the right moment.",
                        )
                    ],
                ),
                DemoCycle(
                    "Hourly or two-hourly rounds by risk, whole ground floor",
                    "Does matching the round to each resident's risk keep rounds on time?",
                    "Rounds will be on time at least 80% of the time.",
                    "Night team on the ground floor",
                    "Rounds by risk, using the falls risk list at handover",
                    "Ground floor",
                    "Tick sheet; falls from the incident log",
                    start=13,
                    days=14,
                    do=(
                        "Rounds ran for two weeks on the ground floor.",
                        "Staff liked knowing who needed hourly checks. The tick sheet also "
                        "showed when residents were most restless (2am to 4am).",
                        "Agency staff on two nights did not know about the rounds.",
                    ),
                    study=(
                        "Rounds on time 84% of the time; 3 falls on the ground floor in two "
                        "weeks against about 5 before.",
                        "The rounds work when everyone knows about them: they need to be in "
                        "the handover and in the agency induction.",
                    ),
                    decision=ADAPT,
                    next_step="Add the rounds to handover and the agency induction sheet.",
                ),
                DemoCycle(
                    "Comfort rounds on both floors for four weeks",
                    "Can we keep the rounds going on both floors with agency staff too?",
                    "Falls at night will fall to about 3 a week.",
                    "All night staff; Grace checks the tick sheets weekly",
                    "Rounds by risk on both floors, in handover and agency induction",
                    "Both floors",
                    "Tick sheet; falls from the incident log; staff reports of disturbed sleep",
                    start=11,
                    days=28,
                    do=(
                        "Rounds ran every night for four weeks.",
                        "Falls dropped from the first week. Night staff said the shift felt "
                        "calmer because fewer emergencies broke up the night.",
                        "Two residents were woken by the checks; their plans were changed.",
                    ),
                    study=(
                        "Falls at night averaged 2 a week against 5 before. Rounds on time "
                        "about 90% of the time.",
                        "The change holds when the rounds are part of handover, not an extra job.",
                    ),
                    decision=ADOPT,
                    next_step="Keep the rounds; check tick sheets monthly.",
                    comments=[
                        (
                            WORKER,
                            "Lovely to see this holding on both floors. The falls chart "
                            "shows a clear shift. Would you share this with the network?",
                        )
                    ],
                ),
            ],
        ),
        DemoIdea(
            "Motion-sensor night lights in bedrooms",
            "A low light comes on when a resident's feet touch the floor.",
            "Lighting and clutter",
            [
                DemoCycle(
                    "Try sensor lights in four bedrooms",
                    "Do residents use the light to find the bathroom?",
                    "Residents will get to the bathroom without calling or falling.",
                    "Maintenance and the night team",
                    "Fit plug-in sensor lights in four rooms",
                    "Four bedrooms on the first floor",
                    "Night notes; falls",
                    start=10,
                    days=14,
                    do=(
                        "Lights fitted in four rooms.",
                        "Residents used the light to reach the bathroom.",
                        "The lights were too bright and woke one resident.",
                    ),
                    study=(
                        "No falls in the four rooms. One complaint about brightness.",
                        "Use a dimmer, warmer light.",
                    ),
                    decision=ADAPT,
                    next_step="Try dimmer amber lights in six rooms.",
                ),
                DemoCycle(
                    "Dimmer amber lights in six bedrooms",
                    "Is a dimmer light still enough to find the way?",
                    "The same benefit without waking residents.",
                    "Maintenance and the night team",
                    "Swap to amber lights, add two more rooms",
                    "Six bedrooms on the first floor",
                    "Night notes; falls",
                    start=7,
                    days=28,
                    do=(
                        "Amber lights in six rooms for four weeks.",
                        "Residents found the bathroom and nobody was woken.",
                        "",
                    ),
                    study=("No falls and no complaints in the six rooms.", "Amber works."),
                    decision=ADOPT,
                    next_step="Fit amber lights for residents on the falls risk list.",
                ),
            ],
        ),
        DemoIdea(
            "Falls safety huddle at the night handover",
            "Two minutes at 8pm: who is at risk tonight and why.",
            "Night handover",
        ),
    ],
    [
        DemoMeasure(
            "Falls at night",
            OUTCOME,
            "Falls between 10pm and 6am on both floors, counted each week (Monday to Sunday) "
            "from the incident log.",
            "falls",
            DOWN,
            "5 4 6 5 3 6 4 5 7 4 5 6 4 3 2 3 2 1 3 2 2 3 1 2 2 3",
            target=3,
            fix_after=12,
            key=True,
            notes=[
                (8, "Norovirus in the home: several residents unwell at night", False),
                (19, "Two new night carers started", False),
            ],
        ),
        DemoMeasure(
            "Comfort rounds done on time",
            PROCESS,
            "Rounds ticked within 15 minutes of the hour, as a share of rounds due, each week.",
            "%",
            UP,
            "80 84 82 88 91 86 93 89 92 87 94 90 88 92",
            target=90,
            chart=Measure.ChartKind.RUN,
        ),
        DemoMeasure(
            "Residents disturbed by night checks",
            BALANCING,
            "Residents the night team report as woken by a check, each week.",
            "residents",
            DOWN,
            "2 1 3 2 1 2 2 3 1 2 1 3 2 2 1 2 3 1 2 2 1 2",
        ),
    ],
    what_changed="Night staff now do quiet comfort rounds, hourly or two-hourly depending on "
    "each resident's falls risk, agreed at the 8pm handover. Residents at risk have a dim "
    "amber sensor light to find the bathroom.",
    benefit="Falls at night halved, from about 5 a week to 2. Residents get help with the "
    "toilet before they set off alone, and nights are calmer for everyone.",
)

DETERIORATION = DemoProject(
    OAKFIELD,
    "Spotting deterioration early with soft signs and RESTORE2",
    "Residents are sometimes admitted to hospital at night when earlier signs (eating less, "
    "more sleepy, a little confused) were noticed during the day but not acted on.",
    ("Reduce unplanned hospital admissions", "all residents", "a third", 200),
    ["deterioration", "improving-health-and-healthcare"],
    Project.Status.TESTING,
    False,
    WORKER,
    [
        ("Staff notice soft signs early", ["Every shift knows the soft signs"]),
        ("Clear escalation", ["RESTORE2 and SBARD used when calling for help"]),
    ],
    [
        DemoIdea(
            "Soft signs prompt card in every care plan folder",
            "A one-page card listing the soft signs and what to do next.",
            "Every shift knows the soft signs",
            [
                DemoCycle(
                    "Try the prompt card with the day team on the first floor",
                    "Will staff use the card at the daily check?",
                    "At least half of staff will mention a soft sign at handover.",
                    "Tom and the first-floor day team",
                    "Card in each folder; ask about soft signs at handover",
                    "First floor",
                    "Handover notes: soft signs mentioned",
                    start=16,
                    days=14,
                    do=(
                        "The card was in folders for two weeks.",
                        "Soft signs came up at most handovers.",
                        "Night staff did not see the card.",
                    ),
                    study=(
                        "Soft signs mentioned at 9 of 14 handovers.",
                        "The card helps, but night staff need it too.",
                    ),
                    decision=ADAPT,
                    next_step="Put a copy in the night file and at the nurses' station.",
                ),
                DemoCycle(
                    "Prompt card for the night team on both floors",
                    "Do night staff spot soft signs and record RESTORE2 when they do?",
                    "RESTORE2 will be recorded for most residents with a soft sign.",
                    "Night team",
                    "Card in the night file; RESTORE2 when a soft sign is seen",
                    "Both floors",
                    "RESTORE2 done when soft signs noted (weekly audit of notes)",
                    start=5,
                    days=28,
                    do=(
                        "The card has been in the night file for four weeks.",
                        "Night staff noted soft signs more often, mostly reduced eating "
                        "and sleepiness.",
                        "RESTORE2 was not always completed when the nurse was busy.",
                    ),
                    comments=[
                        (
                            WORKER,
                            "The four weeks are up: when can you look at the audit together? "
                            "I can join the team meeting.",
                        )
                    ],
                ),
            ],
        ),
        DemoIdea(
            "SBARD script by every phone",
            "Situation, background, assessment, recommendation, decision: what to say when "
            "calling the GP or 111.",
            "RESTORE2 and SBARD used when calling for help",
            [
                DemoCycle(
                    "Use the SBARD script for every call to the GP for two weeks",
                    "Do calls feel clearer to staff and to the GP?",
                    "Staff will feel more confident; the GP will ask fewer questions.",
                    "Nurses on days",
                    "Laminated script by the office phone",
                    "Nurses' office",
                    "Short feedback from staff and the GP practice",
                    start=14,
                    days=14,
                    do=(
                        "The script was used for 11 calls.",
                        "Staff said it helped them say what worried them.",
                        "Night calls to 111 were not included.",
                    ),
                    study=(
                        "9 of 11 calls rated clear by the GP practice.",
                        "Useful: it needs to be by every phone, including nights.",
                    ),
                    decision=ADAPT,
                    next_step="Script by every phone, nights included.",
                ),
                DemoCycle(
                    "SBARD script by every phone, day and night",
                    "Does the script help night calls to 111 too?",
                    "Calls will be shorter and clearer.",
                    "All nurses",
                    "Script by every phone",
                    "Whole home",
                    "Staff feedback; calls to 111 each week",
                    start=9,
                    days=28,
                    do=("Used for four weeks.", "Night nurses found it helpful.", ""),
                    study=(
                        "Staff rated calls clearer; 111 calls unchanged.",
                        "Keep it: it supports staff even if calls do not drop.",
                    ),
                    decision=ADOPT,
                    next_step="Include SBARD in induction.",
                ),
            ],
        ),
    ],
    [
        DemoMeasure(
            "Unplanned hospital admissions",
            OUTCOME,
            "Admissions to hospital that were not planned, each calendar month, from the "
            "home's admissions log.",
            "admissions",
            DOWN,
            "3 4 2 3 5 2 10 4 2 3 4 3 4 2 3 4",
            frequency=M,
            key=True,
            notes=[(6, "Flu outbreak on the first floor", False)],
        ),
        DemoMeasure(
            "RESTORE2 done when soft signs noted",
            PROCESS,
            "Residents with a soft sign in the notes who had RESTORE2 observations recorded "
            "the same shift, as a share of those with a soft sign, each week.",
            "%",
            UP,
            "55 62 58 66 60 64 70 63 67 61 68 65 70 66",
            target=95,
        ),
        DemoMeasure(
            "Calls to NHS 111 or the out-of-hours GP",
            BALANCING,
            "Calls made by the night team each week, from the call log.",
            "calls",
            DOWN,
            "6 5 7 4 6 5 4 5 4",
        ),
    ],
    needs=["Training on recognising deterioration (soft signs)"],
)

MEANINGFUL_DAYS = DemoProject(
    OAKFIELD,
    "Meaningful days: less loneliness, more of what residents enjoy",
    "Many residents spend most of the day in their rooms. In our survey a third said they "
    "often feel lonely, and activities were planned for residents rather than with them.",
    (
        "Increase the share of residents joining in an activity they chose",
        "all residents",
        "half again",
        180,
    ),
    ["creating-community", "maintaining-identity", "wellbeing"],
    Project.Status.TESTING,
    False,
    WORKER,
    [
        ("Activities match what matters to each resident", ["Knowing each person's interests"]),
        ("Connections outside the home", ["Links with local groups"]),
    ],
    [
        DemoIdea(
            "'What matters to me' conversation with each resident",
            "A relaxed chat about interests, past jobs and what a good day looks like.",
            "Knowing each person's interests",
            [
                DemoCycle(
                    "Three conversations by the activities lead in one week",
                    "Do residents enjoy the conversation, and does it lead to an activity?",
                    "Each conversation will give at least one new activity idea.",
                    "Activities lead",
                    "Conversation using a one-page prompt",
                    "Residents' rooms or the lounge",
                    "Ideas found; activities tried",
                    start=13,
                    days=7,
                    do=(
                        "Three conversations held.",
                        "Each gave two or three ideas (gardening, football, baking).",
                        "The prompt felt like a form.",
                    ),
                    study=("Eight ideas from three chats.", "Drop the form; use open questions."),
                    decision=ADAPT,
                    next_step="Carers to have the chats during quiet times.",
                ),
                DemoCycle(
                    "Carers hold the conversations during quiet afternoons",
                    "Can carers fit the chats into the afternoon?",
                    "Ten conversations in two weeks.",
                    "Day carers",
                    "Open-question chats, ideas written on the activity board",
                    "Both floors",
                    "Conversations held; activities tried",
                    start=12,
                    days=14,
                    do=("Twelve conversations.", "Carers enjoyed them.", ""),
                    study=("Twelve chats, 21 ideas, 9 tried.", "Carers can do this."),
                    decision=ADAPT,
                    next_step="Plan a weekly activity from the ideas with each resident.",
                ),
                DemoCycle(
                    "A weekly chosen activity for every resident",
                    "Does choosing lift how many residents join in?",
                    "Participation will rise above 40%.",
                    "Activities lead and day carers",
                    "Each resident picks one activity a week from their ideas",
                    "Whole home",
                    "Residents joining in an activity they chose (weekly count)",
                    start=10,
                    days=28,
                    do=("Four weeks.", "Participation rose week by week.", ""),
                    study=("Participation rose from about 32% to 40%.", "Choice matters."),
                    decision=ADOPT,
                    next_step="Keep going and review the ideas each month.",
                    comments=[
                        (
                            WORKER,
                            "The activity chart shows a steady rise: seven weeks in a row. "
                            "That is a real signal, not chance.",
                        )
                    ],
                ),
            ],
        ),
        DemoIdea(
            "Letters with the local primary school",
            "Residents and a year 5 class write to each other every fortnight.",
            "Links with local groups",
            [
                DemoCycle(
                    "First exchange of letters with one class",
                    "Will residents want to write, and will the class reply?",
                    "Six residents will write a letter.",
                    "Activities lead and the class teacher",
                    "A letter-writing afternoon with tea",
                    "Lounge",
                    "Residents taking part; replies received",
                    start=-1,
                    days=14,
                )
            ],
        ),
    ],
    [
        DemoMeasure(
            "Residents joining in an activity they chose",
            OUTCOME,
            "Residents who took part in at least one activity they had chosen, as a share of "
            "residents that week.",
            "%",
            UP,
            "34 28 36 30 35 27 33 29 36 30 31 33 35 37 39 40 36 41 35 40 37",
            key=True,
        ),
        DemoMeasure(
            "Residents who say they often feel lonely",
            OUTCOME,
            "Of 20 residents asked each month, how many say they often feel lonely.",
            "residents",
            DOWN,
            "7 5 8 6 7 5 6 8 5 6 7 6",
            frequency=M,
            chart=Measure.ChartKind.RUN,
        ),
    ],
)

HYDRATION = DemoProject(
    "Harbour View",
    "Drink more, feel better: hydration rounds",
    "Many residents drink less than they need, especially in hot weather, which leads to "
    "urine infections, confusion and falls.",
    (
        "Increase the share of residents reaching their daily fluid goal",
        "all residents",
        "25 percentage points",
        -28,
    ),
    ["nutrition-and-hydration", "improving-health-and-healthcare", "infection-control"],
    Project.Status.COMPLETED,
    True,
    WORKER,
    [
        (
            "Drinks offered often and in ways residents like",
            ["Regular drinks rounds", "Other ways to take fluids"],
        ),
        ("Everyone owns hydration", ["A hydration champion on each shift"]),
    ],
    [
        DemoIdea(
            "Drinks trolley at 11am and 3pm",
            "A trolley with a choice of hot and cold drinks, offered to every resident.",
            "Regular drinks rounds",
            [
                DemoCycle(
                    "Trolley round on one floor for two weeks",
                    "Do residents drink more when offered a choice at set times?",
                    "Residents will drink an extra cup a day.",
                    "Two carers on the ground floor",
                    "Trolley at 11am and 3pm",
                    "Ground floor",
                    "Fluid charts; residents reaching their goal",
                    start=24,
                    days=14,
                    do=("Rounds done every day.", "Squash and milkshakes popular.", ""),
                    study=("More residents reached their goal.", "Choice helps."),
                    decision=ADAPT,
                    next_step="All floors; add ice lollies on hot days.",
                ),
                DemoCycle(
                    "Trolley rounds on all floors",
                    "Can every floor keep the rounds going?",
                    "Most residents will reach their goal.",
                    "All day carers",
                    "Trolley at 11am and 3pm, with lollies on hot days",
                    "All floors",
                    "Fluid charts",
                    start=22,
                    days=14,
                    do=("Rounds on all floors.", "Staff liked the routine.", ""),
                    study=("Residents reaching their goal rose to about 68%.", "Keep it."),
                    decision=ADOPT,
                    next_step="Make it part of the daily routine.",
                    comments=[(WORKER, "Great: a good candidate for the learning library.")],
                ),
            ],
        ),
        DemoIdea(
            "Hydration champion on each shift",
            "One named carer checks fluid charts at midday and 6pm.",
            "A hydration champion on each shift",
            [
                DemoCycle(
                    "A champion on the day shift",
                    "Does a named person catch residents who are drinking little?",
                    "Low drinkers will be spotted by midday.",
                    "Day shift leaders",
                    "Champion checks charts at midday",
                    "All floors",
                    "Fluid charts",
                    start=18,
                    days=14,
                    do=("Champions named.", "Low drinkers spotted earlier.", ""),
                    study=("Fewer residents below half their goal by 6pm.", "It works."),
                    decision=ADOPT,
                    next_step="Add a night champion.",
                )
            ],
        ),
        DemoIdea(
            "Jelly drops for residents who find drinking hard",
            "Sugar-free water sweets that count towards fluids.",
            "Other ways to take fluids",
            [
                DemoCycle(
                    "Jelly drops for four residents",
                    "Do residents who struggle to drink take jelly drops?",
                    "They will each take a pot a day.",
                    "Nurses",
                    "Offer jelly drops with the afternoon round",
                    "First floor",
                    "Fluid charts",
                    start=16,
                    days=14,
                    do=("Offered daily.", "Three of four enjoyed them.", "Cost."),
                    study=("Three residents took more fluid.", "Useful for some."),
                    decision=ADAPT,
                    next_step="Offer to residents with swallowing difficulty only.",
                ),
                DemoCycle(
                    "Jelly drops for residents with swallowing difficulty",
                    "Is the targeted offer worth the cost?",
                    "Fluids rise for those residents.",
                    "Nurses",
                    "Offer to residents on the swallowing list",
                    "All floors",
                    "Fluid charts",
                    start=13,
                    days=21,
                    do=("Offered daily.", "Well taken.", ""),
                    study=("Fluids up for most.", "Keep it."),
                    decision=ADOPT,
                    next_step="Include in care plans.",
                ),
            ],
        ),
    ],
    [
        DemoMeasure(
            "Residents reaching their daily fluid goal",
            OUTCOME,
            "Residents whose fluid chart shows their daily goal met, as a share of residents, "
            "averaged over the week.",
            "%",
            UP,
            "52 48 55 50 47 53 51 49 54 50 52 48 66 69 65 68 66 69 71 73 70 74 72 75 71 73 76 72",
            last_ago=5,
            target=65,
            key=True,
            notes=[
                (10, "Hot weather warning", False),
                (12, "Drinks rounds adopted on every floor: new period", True),
            ],
        ),
        DemoMeasure(
            "Urine infections treated with antibiotics",
            OUTCOME,
            "New courses of antibiotics for a urine infection, each calendar month.",
            "infections",
            DOWN,
            "4 3 5 3 2 4 3 5 2 3 4 2 3 2 3 2 1 2",
            frequency=M,
            last_ago=2,
        ),
        DemoMeasure(
            "Night-time toilet visits",
            BALANCING,
            "Times residents were helped to the toilet between 10pm and 6am, each week. "
            "More drinks may mean more visits; neither way is better in itself.",
            "visits",
            NEITHER,
            "31 28 33 30 29 32 27 30 31 29 34 36 35 38 37 36 39 35 37 38 36 39 37 35 38 36",
            last_ago=5,
        ),
    ],
    needs=["Ideas to help residents drink more in hot weather"],
    what_changed="Drinks trolley rounds at 11am and 3pm with a real choice, a hydration "
    "champion on each shift who checks fluid charts, and jelly drops for residents who find "
    "drinking hard.",
    benefit="Seven in ten residents now reach their daily fluid goal, up from about half. "
    "Residents are more alert in the afternoons; urine infections are down a little, though "
    "not yet by enough to be sure.",
)

MEALTIMES = DemoProject(
    "Willow Lodge",
    "A better mealtime experience",
    "Lunch felt rushed: medicines, cleaning and phone calls all happened at the same time, "
    "and many residents ate alone in their rooms.",
    (
        "Increase the share of residents eating lunch in the dining room",
        "all residents",
        "a fifth",
        150,
    ),
    ["nutrition-and-hydration", "maintaining-identity", "creating-community"],
    Project.Status.IMPLEMENTING,
    True,
    COACH,
    [("A calm, sociable dining room", ["Protected mealtimes", "A table that feels like home"])],
    [
        DemoIdea(
            "Protected mealtimes",
            "No medicine rounds, cleaning or non-urgent calls from 12 to 1pm.",
            "Protected mealtimes",
            [
                DemoCycle(
                    "Protected lunch for one week",
                    "Does lunch feel calmer without other tasks?",
                    "Staff will have more time to help residents eat.",
                    "All day staff",
                    "Move the lunchtime medicines round; no cleaning 12 to 1",
                    "Dining room",
                    "Residents eating in the dining room; staff views",
                    start=9,
                    days=7,
                    do=("Done all week.", "Calmer room.", "Time-critical medicines still due."),
                    study=("More residents stayed to eat.", "Keep time-critical medicines."),
                    decision=ADAPT,
                    next_step="Allow time-critical medicines only.",
                ),
                DemoCycle(
                    "Protected lunch with time-critical medicines only",
                    "Does this keep lunch calm and medicines safe?",
                    "Same calm, no missed doses.",
                    "All day staff",
                    "Protected lunch; time-critical medicines given quietly",
                    "Dining room",
                    "Residents eating in the dining room; lunch serving time",
                    start=8,
                    days=28,
                    do=("Four weeks.", "Residents lingered and chatted.", "Serving took longer."),
                    study=(
                        "More residents in the dining room; lunch now takes longer to serve.",
                        "Worth it, but watch the serving time.",
                    ),
                    decision=ADOPT,
                    next_step="Keep protected lunch; look at serving in two sittings.",
                    comments=[
                        (
                            COACH,
                            "Your balancing measure earns its place here: serving time has "
                            "risen. Worth testing two sittings before it affects teatime.",
                        )
                    ],
                ),
            ],
        ),
        DemoIdea(
            "Tablecloths, printed menus and choice shown on plates",
            "Show two plated options so residents can choose by sight.",
            "A table that feels like home",
            [
                DemoCycle(
                    "Show plated choices at lunch for a week",
                    "Do residents choose more easily when they see the food?",
                    "Fewer meals sent back.",
                    "Cook and day staff",
                    "Two plated options shown at each table",
                    "Dining room",
                    "Meals sent back",
                    start=12,
                    days=7,
                    do=("Done all week.", "Residents chose quickly.", ""),
                    study=("Fewer meals sent back.", "Simple and popular."),
                    decision=ADOPT,
                    next_step="Do it at tea too.",
                )
            ],
        ),
        DemoIdea(
            "Staff eat lunch with residents",
            "Staff sit and eat a small meal at residents' tables.",
            "A table that feels like home",
            [
                DemoCycle(
                    "Two staff eat at residents' tables for two weeks",
                    "Does eating together encourage residents to eat?",
                    "Residents will eat more and chat more.",
                    "Two carers a day",
                    "Staff eat with residents",
                    "Dining room",
                    "Staff views; meals finished",
                    start=5,
                    days=14,
                    do=(
                        "Tried for two weeks.",
                        "Some residents enjoyed it.",
                        "Cover was short; staff felt uneasy eating while others worked.",
                    ),
                    study=("No change in meals finished.", "Not right for us now."),
                    decision=ABANDON,
                    next_step="Staff sit with residents with a drink instead.",
                )
            ],
        ),
    ],
    [
        DemoMeasure(
            "Residents eating lunch in the dining room",
            OUTCOME,
            "Residents eating lunch in the dining room, as a share of residents, averaged "
            "over the week.",
            "%",
            UP,
            "53 56 52 55 51 54 57 53 55 52 56 54 51 55 53 62 57 63",
            key=True,
        ),
        DemoMeasure(
            "Minutes to serve lunch",
            BALANCING,
            "Minutes from the first to the last lunch served, averaged over the week.",
            "minutes",
            DOWN,
            "38 35 40 37 41 36 39 35 40 37 41 36 39 38 42 44 43 45 42 44 46",
        ),
    ],
    what_changed="A protected lunch hour (only time-critical medicines), tablecloths and "
    "printed menus, and two plated choices shown at each table.",
    benefit="Lunch is calmer and more residents choose to eat together. We are now working "
    "on serving time, which went up.",
)

SKIN = DemoProject(
    "Beech Court",
    "Healthy skin: fewer pressure ulcers",
    "We had two or three new pressure ulcers a month, mostly in residents who spend much of "
    "the day in bed or in a chair.",
    ("Reduce new pressure ulcers (category 2 or above)", "residents at risk", "half", 240),
    ["improving-health-and-healthcare", "nutrition-and-hydration"],
    Project.Status.TESTING,
    False,
    WORKER,
    [
        ("Skin checked and pressure relieved", ["SSKIN checks at every change of position"]),
        ("Good nutrition and hydration", ["Drinks offered often"]),
    ],
    [
        DemoIdea(
            "SSKIN check at every change of position",
            "Surface, skin, keep moving, incontinence, nutrition: a quick check and a tick.",
            "SSKIN checks at every change of position",
            [
                DemoCycle(
                    "SSKIN tick chart for residents in bed on one unit",
                    "Will staff check skin at each turn if there is a chart?",
                    "Checks at 90% of turns.",
                    "Unit carers",
                    "SSKIN chart at the bedside",
                    "Dementia unit",
                    "Skin checks done as a share of changes of position",
                    start=15,
                    days=14,
                    do=("Charts used.", "Red areas found early twice.", "Charts went missing."),
                    study=("Checks at 95% of turns.", "Keep charts in the room folder."),
                    decision=ADAPT,
                    next_step="Room folders on both units.",
                ),
                DemoCycle(
                    "SSKIN charts in room folders on both units",
                    "Does it hold on both units?",
                    "Checks stay above 90%.",
                    "All carers",
                    "SSKIN chart in room folders",
                    "Both units",
                    "Skin checks done",
                    start=12,
                    days=28,
                    do=("Four weeks.", "Checks done almost every turn.", ""),
                    study=("Checks at 97% of turns.", "Reliable now."),
                    decision=ADOPT,
                    next_step="Keep; audit monthly.",
                ),
            ],
        ),
        DemoIdea(
            "Drinks trolley at 11am and 3pm",
            "Copied from Harbour View's hydration project: well-hydrated skin is healthier.",
            "Drinks offered often",
            [
                DemoCycle(
                    "Drinks trolley on the dementia unit for two weeks",
                    "Will residents at risk of pressure ulcers drink more?",
                    "Fluids will rise for residents at risk.",
                    "Unit carers",
                    "Trolley at 11am and 3pm as Harbour View did",
                    "Dementia unit",
                    "Fluid charts for residents at risk",
                    start=1,
                    days=14,
                    comments=[
                        (
                            WORKER,
                            "Harbour View found choice mattered most (squash and milkshakes). "
                            "Worth asking residents what they would like on the trolley.",
                        )
                    ],
                )
            ],
            copy_of=(
                "Harbour View",
                "Drink more, feel better: hydration rounds",
                "Drinks trolley at 11am and 3pm",
            ),
        ),
    ],
    [
        DemoMeasure(
            "Skin checks done at each change of position",
            PROCESS,
            "Changes of position with an SSKIN check ticked, as a share of changes of "
            "position, each week.",
            "%",
            UP,
            "96 97 95 98 97 96 98 97 99 96 97 98 97 98",
            target=90,
            key=True,
        ),
        DemoMeasure(
            "New pressure ulcers (category 2 or above)",
            OUTCOME,
            "New pressure ulcers of category 2 or above found each calendar month.",
            "ulcers",
            DOWN,
            "2 3 1 2 3 2 1 3 2 1 2 3 1 2",
            frequency=M,
        ),
    ],
)

MEDICINES = DemoProject(
    "Rosewood Nursing Home",
    "Calmer, safer medicine rounds",
    "The morning medicine round took over two hours and the nurse was interrupted more than "
    "a dozen times, which risks errors and late time-critical medicines.",
    ("Shorten the morning medicine round", "residents and nurses", "a fifth", 90),
    ["medicines-safety"],
    Project.Status.SUSTAINING,
    True,
    COACH,
    [
        ("Fewer interruptions", ["Everyone knows not to disturb the round"]),
        ("Time-critical medicines on time", ["Round order by priority"]),
    ],
    [
        DemoIdea(
            "'Do not disturb' sign for the medicine round",
            "The nurse wears a sign; others go to the shift leader instead.",
            "Everyone knows not to disturb the round",
            [
                DemoCycle(
                    "Red tabard on the morning round for a week",
                    "Will staff and visitors interrupt less?",
                    "Interruptions will halve.",
                    "Morning nurse",
                    "Wear a red 'do not disturb' tabard",
                    "Both floors",
                    "Interruptions tallied; round length",
                    start=17,
                    days=7,
                    do=("Worn all week.", "Far fewer interruptions.", "The tabard was hot."),
                    study=("Interruptions down from 14 to 7 a round.", "Use a lanyard."),
                    decision=ADAPT,
                    next_step="Try a red lanyard and sign on the trolley.",
                ),
                DemoCycle(
                    "Red lanyard and trolley sign for two weeks",
                    "Does the lighter lanyard work as well?",
                    "Same fall in interruptions.",
                    "All nurses",
                    "Lanyard and trolley sign",
                    "Both floors",
                    "Interruptions tallied; round length",
                    start=16,
                    days=14,
                    do=("Used every round.", "Staff redirected questions.", ""),
                    study=("Interruptions about 5 a round; round 25 minutes shorter.", "Keep."),
                    decision=ADOPT,
                    next_step="Make it standard for every round.",
                ),
            ],
        ),
        DemoIdea(
            "Time-critical medicines first",
            "The round starts with residents on Parkinson's medicines, insulin and similar.",
            "Round order by priority",
            [
                DemoCycle(
                    "Reorder the morning round by priority",
                    "Are time-critical medicines given on time?",
                    "All on time.",
                    "Morning nurses",
                    "Priority list at the front of the folder",
                    "Both floors",
                    "Time-critical doses on time",
                    start=8,
                    days=14,
                    do=("Done.", "All on time.", ""),
                    study=("All doses within 30 minutes.", "Simple."),
                    decision=ADOPT,
                    next_step="Apply to every round.",
                )
            ],
        ),
    ],
    [
        DemoMeasure(
            "Morning medicine round length",
            OUTCOME,
            "Minutes from the start to the end of the morning round, averaged over the week.",
            "minutes",
            DOWN,
            "118 125 121 130 116 127 122 119 128 124 120 126 "
            "104 99 101 96 100 98 102 97 99 101 95 98 100 97",
            target=110,
            key=True,
            notes=[(12, "Lanyard and sign adopted: new period", True)],
        ),
        DemoMeasure(
            "Interruptions during the morning round",
            PROCESS,
            "Times the nurse was interrupted, tallied on the trolley, averaged over the week.",
            "interruptions",
            DOWN,
            "14 12 15 13 16 12 14 7 6 5 7 6 5 6 4 5 6 5 4 6 5 4 5 6",
            fix_after=7,
            key=True,
        ),
        DemoMeasure(
            "Medicine errors reported",
            BALANCING,
            "Medicine incidents reported each calendar month.",
            "errors",
            DOWN,
            "2 1 3 1 2 2 0 1 2 3 1 2 1 2",
            frequency=M,
        ),
    ],
    what_changed="Nurses wear a red 'do not disturb' lanyard with a sign on the trolley, "
    "and the round starts with time-critical medicines.",
    benefit="The morning round is about 25 minutes shorter and interruptions fell from 14 "
    "to about 5, so residents get their medicines on time.",
)

MOUTH_CARE = DemoProject(
    "Elm Park",
    "Mouth care matters",
    "Mouth care is often missed, especially for residents living with dementia who resist "
    "it. Poor mouth care leads to pain, poor eating and chest infections.",
    (
        "Increase mouth care recorded twice a day",
        "residents living with dementia",
        "30 percentage points",
        210,
    ),
    ["improving-health-and-healthcare", "dementia"],
    Project.Status.PLANNING,
    False,
    WORKER,
    [("Staff confident with mouth care", ["Simple kit and guide in every room"])],
    [
        DemoIdea(
            "Mouth care kit and picture guide in every bedroom",
            "A labelled kit and a picture guide for residents who resist mouth care.",
            "Simple kit and guide in every room",
            [
                DemoCycle(
                    "Kits and guides in five bedrooms",
                    "Will mouth care be recorded more often with a kit in the room?",
                    "Recording will rise in those five rooms.",
                    "Oral health champion and day carers",
                    "Kit and guide in five rooms",
                    "Ground floor",
                    "Mouth care recorded twice a day",
                    start=-1,
                    days=14,
                )
            ],
        ),
        DemoIdea(
            "An oral health champion",
            "One carer trained by the community dental service to support others.",
            "Staff confident with mouth care",
        ),
    ],
    [
        DemoMeasure(
            "Mouth care recorded twice a day",
            PROCESS,
            "Residents with mouth care recorded morning and evening, as a share of residents, "
            "each week.",
            "%",
            UP,
            "35 40 38 42 37 41",
            key=True,
        ),
    ],
)

PROJECTS = [
    FALLS,
    DETERIORATION,
    MEANINGFUL_DAYS,
    HYDRATION,
    MEALTIMES,
    SKIN,
    MEDICINES,
    MOUTH_CARE,
]


def _monday(today: date) -> date:
    return today - timedelta(days=today.weekday())


def _month_start(today: date, months_ago: int) -> date:
    index = today.year * 12 + today.month - 1 - months_ago
    return date(index // 12, index % 12 + 1, 1)


def value_dates(measure: DemoMeasure, today: date) -> list[date]:
    """Dates of a measure's values, oldest first, the latest `last_ago` periods back."""
    n = len(measure.numbers)
    if measure.frequency == M:
        return [_month_start(today, measure.last_ago + n - 1 - i) for i in range(n)]
    monday = _monday(today)
    return [monday - timedelta(weeks=measure.last_ago + n - 1 - i) for i in range(n)]


def _at(day: date) -> datetime:
    """10am on `day`, or now if that is still to come."""
    return min(timezone.make_aware(datetime.combine(day, time(10))), timezone.now())


def _home_team(home: Organisation) -> list[User]:
    """The home's manager and one member of staff (at Oakfield, the demo sign-ins)."""
    memberships = list(
        Membership.objects.filter(
            organisation=home, role__in=[Role.CARE_HOME_MANAGER, Role.CARE_HOME_STAFF]
        )
        .select_related("user")
        .order_by("user__email")
    )
    managers = [m.user for m in memberships if m.role == Role.CARE_HOME_MANAGER]
    staff = [m.user for m in memberships if m.role == Role.CARE_HOME_STAFF]
    if home.name == OAKFIELD:
        staff = [u for u in staff if u.email == OAKFIELD_CARER] or staff
    return managers[:1] + staff[:1]


def seed() -> int:
    """Add the demo projects that are missing and return how many rows were created."""
    today = timezone.localdate()
    homes = {o.name: o for o in Organisation.objects.filter(name__in={p.home for p in PROJECTS})}
    people = {u.email: u for u in User.objects.filter(email__in=[WORKER, COACH])}
    themes = {t.slug: t for t in Theme.objects.all()}
    created = 0
    with transaction.atomic():
        for demo in PROJECTS:
            home = homes.get(demo.home)
            if home is None or Project.objects.filter(home=home, title=demo.title).exists():
                continue
            created += _project(demo, home, people, themes, today)
    return created


def _project(demo: DemoProject, home, people, themes, today: date) -> int:
    team = _home_team(home)
    lead = team[0] if team else None
    monday = _monday(today)
    cycle_starts = [monday - timedelta(weeks=c.start) for i in demo.ideas for c in i.cycles]
    dates = {m.name: value_dates(m, today) for m in demo.measures}
    start = min([d[0] for d in dates.values()] + cycle_starts)
    what, for_whom, how_much, by_days = demo.aim
    project = Project.objects.create(
        home=home,
        title=demo.title,
        problem=demo.problem,
        aim_what=what,
        aim_for_whom=for_whom,
        aim_how_much=how_much,
        aim_by_when=today + timedelta(days=by_days),
        start_date=start,
        coach=people.get(demo.coach),
        status=demo.status,
        visibility=Project.Visibility.SHARED if demo.shared else Project.Visibility.HOME,
        what_changed=demo.what_changed,
        benefit_for_residents=demo.benefit,
        created_by=lead,
        created_at=_at(start),
        shared_at=_at(today - timedelta(days=10)) if demo.shared else None,
    )
    project.themes.set([themes[slug] for slug in demo.themes if slug in themes])
    project.team.set(team)
    if demo.needs:
        project.linked_needs.set(Need.objects.filter(organisation=home, title__in=demo.needs))
    rows = 1
    drivers = _drivers(project, demo)
    rows += len(drivers)
    measures = Measure.objects.bulk_create(
        Measure(
            project=project,
            name=m.name,
            kind=m.kind,
            definition=m.definition,
            unit=m.unit,
            direction=m.direction,
            target=Decimal(str(m.target)) if m.target is not None else None,
            frequency=m.frequency,
            chart_kind=m.chart,
            fix_after_n_points=m.fix_after,
            is_key=m.key,
            position=position,
            created_at=_at(start),
        )
        for position, m in enumerate(demo.measures)
    )
    values, notes = [], []
    for measure, spec in zip(measures, demo.measures, strict=True):
        days = dates[spec.name]
        values += [
            MeasureValue(
                measure=measure,
                date=day,
                value=Decimal(v),
                entered_by=team[-1] if team else None,
                created_at=_at(day),
            )
            for day, v in zip(days, spec.numbers, strict=True)
        ]
        notes += [
            Annotation(
                measure=measure,
                date=days[index],
                text=text,
                starts_new_period=new_period,
                created_by=lead,
                created_at=_at(days[index]),
            )
            for index, text, new_period in spec.notes
        ]
    MeasureValue.objects.bulk_create(values)
    Annotation.objects.bulk_create(notes)
    rows += len(measures) + len(values) + len(notes)
    rows += _ideas_and_cycles(project, demo, drivers, measures, team, people, monday)
    for measure in measures:
        refresh_signal(measure)
    return rows


def _drivers(project: Project, demo: DemoProject) -> dict[str, Driver]:
    primaries = Driver.objects.bulk_create(
        Driver(project=project, level=Driver.Level.PRIMARY, text=text, position=i)
        for i, (text, _) in enumerate(demo.drivers)
    )
    secondaries = Driver.objects.bulk_create(
        Driver(project=project, level=Driver.Level.SECONDARY, parent=parent, text=text, position=j)
        for parent, (_, children) in zip(primaries, demo.drivers, strict=True)
        for j, text in enumerate(children)
    )
    return {d.text: d for d in primaries + secondaries}


def _ideas_and_cycles(project, demo, drivers, measures, team, people, monday: date) -> int:
    copied_from = {}
    for spec in demo.ideas:
        if spec.copy_of:
            home, title, idea = spec.copy_of
            copied_from[spec.title] = ChangeIdea.objects.filter(
                project__home__name=home, project__title=title, title=idea
            ).first()
    lead = team[0] if team else None
    ideas = ChangeIdea.objects.bulk_create(
        ChangeIdea(
            project=project,
            driver=drivers.get(spec.driver),
            title=spec.title,
            description=spec.description,
            position=position,
            copied_from=copied_from.get(spec.title),
            copied_by=lead if copied_from.get(spec.title) else None,
            created_at=_at(monday - timedelta(weeks=max(c.start for c in spec.cycles) + 1))
            if spec.cycles
            else _at(project.start_date),
        )
        for position, spec in enumerate(demo.ideas)
    )
    cycles, comments, now = [], [], timezone.now()
    for idea, spec in zip(ideas, demo.ideas, strict=True):
        for number, c in enumerate(spec.cycles, start=1):
            starts = monday - timedelta(weeks=c.start)
            ends = starts + timedelta(days=c.days - 1)
            written = _at(min(ends + timedelta(days=1), monday) if c.do[0] else starts)
            cycle = Cycle(
                project=project,
                change_idea=idea,
                number=number,
                objective=c.objective,
                question=c.question,
                prediction=c.prediction,
                plan_who=c.who,
                plan_what=c.what,
                plan_when=f"{starts:%-d %B} to {ends:%-d %B %Y}",
                plan_where=c.where,
                plan_data=c.data,
                starts_on=starts,
                ends_on=ends,
                do_what_happened=c.do[0],
                do_observations=c.do[1],
                do_problems=c.do[2],
                study_results=c.study[0],
                study_learning=c.study[1],
                decision=c.decision,
                next_step=c.next_step,
                created_by=lead,
                updated_by=team[-1] if team else None,
                created_at=_at(starts - timedelta(days=3)),
                updated_at=written,
            )
            cycles.append(cycle)
            comments += [
                (cycle, people.get(email) or lead, body, min(written + timedelta(hours=k + 1), now))
                for k, (email, body) in enumerate(c.comments)
            ]
    Cycle.objects.bulk_create(cycles)
    CycleComment.objects.bulk_create(
        CycleComment(cycle=cycle, author=author, body=body, created_at=at)
        for cycle, author, body, at in comments
    )
    links = [
        Cycle.measures.through(cycle_id=cycle.pk, measure_id=measure.pk)
        for cycle in cycles
        for measure in measures
        if measure.is_key
    ]
    Cycle.measures.through.objects.bulk_create(links)
    return len(ideas) + len(cycles) + len(comments) + len(links)
