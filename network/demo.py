"""A small, realistic demo network. All names, IDs and addresses are made up."""

from dataclasses import dataclass

DEMO_PASSWORD = "demo-password-2026"
# 2-step verification secret shared by the demo partner, project worker and admin.
# Demo only: anyone reading this can produce their codes.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

NETWORK_TEAM = "Care Home Improvement Network team"

# region -> ICB area -> localities
AREAS = {
    "South East": {"Solent and Downs ICB area": ["Southampton", "Portsmouth", "Isle of Wight"]},
    "London": {"North Thames ICB area": ["Camden", "Islington"]},
}

# name, locality, CQC location ID, registered beds, service types
CARE_HOMES = [
    ("Oakfield House", "Southampton", "1-101234567", 42, ["Care home with nursing", "Dementia"]),
    (
        "Willow Lodge",
        "Southampton",
        "1-102345678",
        28,
        ["Care home without nursing", "Older people"],
    ),
    ("Harbour View", "Portsmouth", "1-103456789", 60, ["Care home with nursing", "Older people"]),
    ("Beech Court", "Portsmouth", "1-104567890", 35, ["Care home without nursing", "Dementia"]),
    ("Maple Grange", "Portsmouth", "1-105678901", 18, ["Learning disabilities", "Younger adults"]),
    ("Cedar House", "Isle of Wight", "1-106789012", 24, ["Care home without nursing"]),
    ("Rosewood Nursing Home", "Isle of Wight", "1-107890123", 50, ["Care home with nursing"]),
    ("Elm Park", "Camden", "1-108901234", 64, ["Care home with nursing", "Dementia"]),
    ("The Laurels", "Camden", "1-109012345", 30, ["Mental health conditions"]),
    (
        "Meadowbank",
        "Islington",
        "1-110123456",
        45,
        ["Care home with nursing", "Physical disabilities"],
    ),
    ("Holly Tree Lodge", "Islington", "1-111234567", 22, ["Care home without nursing"]),
    (
        "Riverside Court",
        "Islington",
        "1-112345678",
        38,
        ["Care home without nursing", "Older people"],
    ),
]

# name, kind, locality or ICB area, ODS code
PARTNERS = [
    ("Solent and Downs Integrated Care Board", "icb", "Solent and Downs ICB area", "QZZ"),
    ("Southshore Community Health NHS Trust", "nhs_trust", "Southampton", "RZZ"),
    ("Harbourside City Council", "local_authority", "Portsmouth", None),
    ("North Thames Integrated Care Board", "icb", "North Thames ICB area", "QZY"),
]


@dataclass(frozen=True)
class DemoPerson:
    email: str
    full_name: str
    job_title: str
    organisation: str
    role: str
    is_champion: bool = False
    signin: bool = False  # listed in the README and printed by `make run`


SIGNINS = [
    DemoPerson(
        "manager@oakfield.example",
        "Grace Adeyemi",
        "Registered manager",
        "Oakfield House",
        "manager",
        signin=True,
    ),
    DemoPerson(
        "carer@oakfield.example",
        "Tom Walsh",
        "Senior carer",
        "Oakfield House",
        "staff",
        is_champion=True,
        signin=True,
    ),
    DemoPerson(
        "partner@icb.example",
        "Priya Shah",
        "Care homes quality lead",
        "Solent and Downs Integrated Care Board",
        "partner",
        signin=True,
    ),
    DemoPerson(
        "worker@network.example",
        "Sam Okafor",
        "Project worker",
        NETWORK_TEAM,
        "project_worker",
        signin=True,
    ),
    DemoPerson(
        "admin@network.example",
        "Alex Morgan",
        "Network lead",
        NETWORK_TEAM,
        "network_admin",
        signin=True,
    ),
]

_FIRST = [
    "Amira",
    "Ben",
    "Chloe",
    "Daniel",
    "Ewa",
    "Farah",
    "George",
    "Hannah",
    "Ifeoma",
    "Jack",
    "Kasia",
    "Liam",
    "Maya",
    "Nathan",
    "Olu",
    "Poppy",
    "Rhys",
    "Sofia",
]
_LAST = [
    "Bennett",
    "Clarke",
    "Dhillon",
    "Evans",
    "Fraser",
    "Hughes",
    "Iqbal",
    "Jones",
    "Kowalski",
    "Lewis",
    "Mensah",
    "Nowak",
    "Patel",
    "Quinn",
    "Roberts",
    "Singh",
]


def _slug(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())[:20]


def other_people() -> list[DemoPerson]:
    """A manager and two staff for each home (but Oakfield, which has its sign-ins), and
    a few more partners and project workers: about 40 people in all."""
    people, n = [], 0
    for home, *_ in CARE_HOMES:
        roles = [("staff", "Care assistant"), ("staff", "Nurse")]
        if home != "Oakfield House":
            roles.insert(0, ("manager", "Registered manager"))
        for index, (role, title) in enumerate(roles):
            first, last = _FIRST[n % len(_FIRST)], _LAST[(n * 7) % len(_LAST)]
            n += 1
            people.append(
                DemoPerson(
                    f"{first.lower()}.{last.lower()}@{_slug(home)}.example",
                    f"{first} {last}",
                    title,
                    home,
                    role,
                    is_champion=(index == 1 and n % 3 == 0),
                )
            )
    people += [
        DemoPerson(
            "lead@southshore.example",
            "Helen Price",
            "Community matron",
            "Southshore Community Health NHS Trust",
            "partner",
        ),
        DemoPerson(
            "commissioner@harbourside.example",
            "Mark Ellis",
            "Commissioning manager",
            "Harbourside City Council",
            "partner",
        ),
        DemoPerson(
            "quality@norththames.example",
            "Ruth Campbell",
            "Quality lead",
            "North Thames Integrated Care Board",
            "partner",
        ),
        DemoPerson(
            "coach@network.example", "Jo Ahmed", "Improvement coach", NETWORK_TEAM, "project_worker"
        ),
    ]
    return people
