"""Areas, organisations and people: the national network everything else hangs off.

Regions are NHS England's seven (an existing region of the same name, such as the demo's
"London", is reused); each holds ICB areas with 3 to 8 localities. Care homes sit in
localities. Each ICB area has its ICB, NHS trusts and councils, and a primary care
network per locality. Every home has a manager; staff (about a quarter of them
champions) are spread over the homes; partners work at the partner organisations and so
cover their areas; project workers and admins are in the network team. Everyone has the
same password, a verified email address, and partners, project workers and admins an
authenticator app with the demo secret (`manage.py demo_code` prints the code).
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.contrib.auth.hashers import make_password

from bench.scale import words
from bench.scale.world import World
from network import demo
from network.models import (
    AgreementSignature,
    AgreementVersion,
    Area,
    Membership,
    Organisation,
    User,
)
from network.roles import OrganisationKind, Role

SCALE_PASSWORD = "scale-password-2026"
KIND = OrganisationKind
DEMO_HOMES = {home[0] for home in demo.CARE_HOMES}


def place_names(rng):
    """Invented place names, each once; numbered when the list runs out."""
    names = [a + b for a in words.PLACE_STARTS for b in words.PLACE_ENDS]
    rng.shuffle(names)
    round_ = 1
    while True:
        for name in names:
            yield name if round_ == 1 else f"{name} {round_}"
        round_ += 1


def _base36(number: int, width: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    text = ""
    while number:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
    return text.rjust(width, "0")


def build(world: World) -> None:
    rng = world.rng("people")
    places = place_names(rng)
    localities = _areas(world, rng, places)
    partner_orgs = _organisations(world, rng, localities)
    _people(world, rng, partner_orgs)


def _areas(world: World, rng, places) -> list[tuple[int, int, str]]:
    """Regions, ICB areas and localities. Returns (locality id, ICB id, name)."""
    table = world.loader.table(Area, ["id", "name", "kind", "parent_id", "code"])
    existing = dict(
        Area.objects.filter(kind=Area.Kind.REGION, parent=None).values_list("name", "pk")
    )
    regions = []
    for name in words.REGIONS[: world.plan.regions]:
        if name in existing:
            regions.append(existing[name])
        else:
            regions.append(table.new_id())
            table.add((regions[-1], name, Area.Kind.REGION, None, ""))
    localities = []
    for n in range(world.plan.icbs):
        icb = table.new_id()
        world.icb_ids.append(icb)
        place = next(places)
        code = f"E54{world.generation:02d}{n:04d}"
        table.add(
            (icb, f"{place} ICB area{world.suffix}", Area.Kind.ICB, regions[n % len(regions)], code)
        )
        for _ in range(rng.randint(3, 8)):
            locality = table.new_id()
            name = next(places)
            table.add((locality, name, Area.Kind.LOCALITY, icb, ""))
            localities.append((locality, icb, name))
    return localities


def _organisations(world: World, rng, localities) -> list[tuple[int, int, int]]:
    """Care homes, partner organisations and the network team. Returns (partner org, ICB, area)."""
    plan = world.plan
    orgs = world.loader.table(
        Organisation,
        [
            "id",
            "name",
            "kind",
            "area_id",
            "address",
            "postcode",
            "cqc_location_id",
            "registered_beds",
            "ods_code",
            "created_at",
            "about",
        ],
    )
    service_types = world.loader.table(
        Organisation.service_types.through, ["id", "organisation_id", "servicetype_id"]
    )
    st = world.service_type_ids
    nursing = [st["Care home with nursing"], st["Care home without nursing"]]
    specialisms = [
        st[name]
        for name in st
        if name not in ("Care home with nursing", "Care home without nursing")
    ]
    for n in range(plan.care_homes):
        locality, icb, place = (
            localities[n % len(localities)]
            if n < len(localities)
            else (localities[rng.randrange(len(localities))])
        )
        home = orgs.new_id()
        name = f"{rng.choice(words.HOME_STARTS)} {rng.choice(words.HOME_ENDS)}"
        if name in DEMO_HOMES:  # seed_demo finds its homes by name: never share one
            name = f"{name} ({place})"
        address = f"{rng.randint(1, 200)} {rng.choice(words.STREETS)}, {place}"
        postcode = (
            f"ZZ{rng.randint(1, 99)} {rng.randint(1, 9)}{chr(65 + n % 26)}{chr(65 + n // 26 % 26)}"
        )
        cqc = f"1-{5_000_000_000 + world.generation * 100_000_000 + n}"
        created = world.days_ago(800 + rng.random() * 400)
        orgs.add(
            (
                home,
                name,
                KIND.CARE_HOME,
                locality,
                address,
                postcode,
                cqc,
                rng.randint(10, 120),
                None,
                created,
                "",
            )
        )
        for type_id in {rng.choice(nursing), rng.choice(specialisms)}:
            service_types.add((service_types.new_id(), home, type_id))
        world.homes.append(home)
        world.home_icb.append(icb)
        world.home_locality.append(locality)
        world.homes_by_icb.setdefault(icb, []).append(n)

    partner_orgs = []
    ods = iter(range(1, 36**4))
    letter = "ABCDEFGHJKLMNPRSTUVWXY"[world.generation % 22]

    def partner(name, kind, area, icb, nhs=True):
        org = orgs.new_id()
        code = f"{letter}{world.generation % 10}{_base36(next(ods), 4)}" if nhs else None
        orgs.add((org, name, kind, area, "", "", None, None, code, world.days_ago(1000), ""))
        partner_orgs.append((org, icb, area))

    icb_localities: dict[int, list[tuple[int, str]]] = {}
    for locality, icb, place in localities:
        icb_localities.setdefault(icb, []).append((locality, place))
    for icb in world.icb_ids:
        first_place = icb_localities[icb][0][1]
        partner(f"{first_place} Integrated Care Board", KIND.ICB, icb, icb)
    for icb in world.icb_ids:
        places = icb_localities[icb]
        for trust in ("Community Health", "Hospitals", "Mental Health"):
            partner(f"{places[0][1]} {trust} NHS Trust", KIND.NHS_TRUST, icb, icb)
        for locality, place in places[:2]:
            partner(f"{place} Council", KIND.LOCAL_AUTHORITY, locality, icb, nhs=False)
        for locality, place in places:
            partner(f"{place} Primary Care Network", KIND.GP_PRACTICE, locality, icb)
    world.team_id = orgs.new_id()
    orgs.add(
        (
            world.team_id,
            f"National network team{world.suffix}",
            KIND.NETWORK_TEAM,
            world.icb_ids[0],
            "",
            "",
            None,
            None,
            None,
            world.days_ago(1100),
            "",
        )
    )
    return partner_orgs


def _people(world: World, rng, partner_orgs) -> None:
    plan = world.plan
    loader = world.loader
    users = loader.table(
        User,
        [
            "id",
            "email",
            "full_name",
            "job_title",
            "password",
            "is_staff",
            "is_superuser",
            "date_joined",
        ],
    )
    memberships = loader.table(
        Membership, ["id", "user_id", "organisation_id", "role", "is_champion", "created_at"]
    )
    emails = loader.table(EmailAddress, ["id", "user_id", "email", "verified", "primary"])
    authenticators = loader.table(Authenticator, ["id", "user_id", "type", "data", "created_at"])
    password = make_password(SCALE_PASSWORD)  # hashed once: hashing is slow on purpose
    totp = {"secret": encrypt(demo.DEMO_TOTP_SECRET)}
    version = AgreementVersion.objects.order_by("-version").first()
    signatures = (
        loader.table(AgreementSignature, ["id", "version_id", "user_id", "signed_at"])
        if version
        else None
    )
    numbers: dict[str, int] = {}

    def person(prefix, title, org, role, *, champion=False, admin=False) -> int:
        numbers[prefix] = numbers.get(prefix, 0) + 1
        user = users.new_id()
        email = f"{prefix}.{numbers[prefix]:05d}@{world.domain}"
        name = f"{rng.choice(words.FIRST_NAMES)} {rng.choice(words.LAST_NAMES)}"
        joined = world.days_ago(30 + rng.random() * 1000)
        world.joined[user] = joined
        users.add((user, email, name, title, password, admin, admin, joined))
        memberships.add((memberships.new_id(), user, org, role, champion, joined))
        emails.add((emails.new_id(), user, email, True, True))
        if role in (Role.PARTNER, Role.PROJECT_WORKER, Role.NETWORK_ADMIN):
            authenticators.add((authenticators.new_id(), user, "totp", totp, joined))
        if signatures and rng.random() < 0.9:
            signatures.add(
                (signatures.new_id(), version.pk, user, max(joined, version.published_at))
            )
        return user

    for home in world.homes:
        manager = person(
            "manager",
            "Registered manager",
            home,
            Role.CARE_HOME_MANAGER,
            champion=rng.random() < 0.1,
        )
        world.home_managers.append(manager)
        world.home_members.append([manager])
        world.learners.append((manager, home))
    for _ in range(plan.staff):
        index = rng.randrange(len(world.homes))
        home = world.homes[index]
        champion = rng.random() < 0.25
        user = person(
            "staff", rng.choice(words.STAFF_TITLES), home, Role.CARE_HOME_STAFF, champion=champion
        )
        world.home_members[index].append(user)
        world.learners.append((user, home))
        if champion:
            world.champions.append((user, home))
    for n in range(plan.partners):
        # The ICB organisations first, so every ICB area has a partner when there are enough.
        org, icb, area = partner_orgs[n] if n < len(world.icb_ids) else rng.choice(partner_orgs)
        user = person("partner", rng.choice(words.PARTNER_TITLES), org, Role.PARTNER)
        world.partners.append((user, org))
        world.partners_by_area.setdefault(area, []).append((user, org))
    for _ in range(plan.project_workers):
        world.workers.append(person("worker", "Project worker", world.team_id, Role.PROJECT_WORKER))
    for _ in range(plan.admins):
        person("admin", "Network admin", world.team_id, Role.NETWORK_ADMIN, admin=True)
