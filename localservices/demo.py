"""Demo rows for seed_demo: about a dozen local services across the demo areas, with named
contacts from the demo people, and one correction waiting for a decision. Safe to rerun:
each service is keyed on its name; returns how many rows it added.

All names, numbers and addresses are made up; phone numbers are from Ofcom's range for
drama (01632 960 xxx)."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from localservices.models import LocalService, ServiceKind, Suggestion
from network.models import Area, Organisation, Theme, User

WORKER = "worker@network.example"
SOUTHSHORE = "Southshore Community Health NHS Trust"
SOLENT_ICB = "Solent and Downs ICB area"


@dataclass(frozen=True)
class DemoService:
    name: str
    kind: str
    summary: str
    eligibility: str
    how_to_refer: str
    areas: list[str]
    themes: list[str]
    provider: str = ""  # an organisation in the demo network
    provider_name: str = ""  # or a name typed in
    opening_hours: str = "Monday to Friday, 9am to 5pm"
    phone: str = ""
    email: str = ""
    website: str = ""
    referral_url: str = ""
    contacts: list[str] = field(default_factory=list)  # emails
    checked_days_ago: int = 30
    is_active: bool = True


SERVICES = [
    DemoService(
        "Southshore Falls Prevention Service",
        ServiceKind.FALLS,
        "Physiotherapists and occupational therapists who review residents who have fallen "
        "or are at risk of falling. They visit the home, check medicines, walking aids and "
        "the room, and train staff in safe ways to help someone up after a fall.",
        "Adults living in a care home in the Solent and Downs area who have fallen in the "
        "last 12 months, or who staff are worried may fall.",
        "Anyone at the home can refer, with the resident's consent or in their best "
        "interests. Phone the team or fill in the referral form. Have ready: how many falls "
        "and when, any injuries, and the resident's current medicines.",
        [SOLENT_ICB],
        ["Falls", "Dementia", "Improving health and healthcare"],
        provider=SOUTHSHORE,
        opening_hours="Monday to Friday, 8am to 6pm",
        phone="01632 960 101",
        email="falls.team@southshore.example",
        website="https://www.example.org/southshore/falls",
        referral_url="https://www.example.org/southshore/falls/refer",
        contacts=["lead@southshore.example", "partner@icb.example"],
        checked_days_ago=12,
    ),
    DemoService(
        "Southampton Community Nursing Team",
        ServiceKind.COMMUNITY_NURSING,
        "District nurses for residents of care homes without nursing: wound care, "
        "catheters, injections, end of life care and help when a resident is becoming "
        "unwell.",
        "Residents of care homes without nursing in Southampton, registered with a Southampton GP.",
        "Phone the single point of access. Say it is a care home referral and have the "
        "resident's GP and NHS number ready (say it on the phone, do not email it).",
        ["Southampton"],
        ["Deterioration", "Infection control", "Improving health and healthcare"],
        provider=SOUTHSHORE,
        opening_hours="Every day, 8am to 10pm",
        phone="01632 960 110",
        contacts=["lead@southshore.example"],
        checked_days_ago=40,
    ),
    DemoService(
        "Care Home Medicines Optimisation Team",
        ServiceKind.PHARMACY,
        "Pharmacists and pharmacy technicians who review residents' medicines, help "
        "homes check medicines when residents come back from hospital, and train staff in "
        "safe medicines handling.",
        "All care homes in the Solent and Downs ICB area.",
        "Email the team with the home's name and what help you need. For a medicines "
        "review, ask the resident's GP practice to refer.",
        [SOLENT_ICB],
        ["Medicines safety", "Managing transitions"],
        provider="Solent and Downs Integrated Care Board",
        email="medicines.carehomes@solentdowns.example",
        contacts=["partner@icb.example"],
        checked_days_ago=65,
    ),
    DemoService(
        "Continence Advisory Service",
        ServiceKind.CONTINENCE,
        "Specialist nurses who assess bladder and bowel problems, advise on products and "
        "help homes plan toileting that protects residents' dignity.",
        "Adults in Southampton and Portsmouth with bladder or bowel problems.",
        "Complete a continence assessment with the resident, then send the referral form. "
        "The GP or district nurse can also refer.",
        ["Southampton", "Portsmouth"],
        ["Maintaining identity", "Infection control"],
        provider=SOUTHSHORE,
        phone="01632 960 125",
        referral_url="https://www.example.org/southshore/continence/refer",
        checked_days_ago=120,
    ),
    DemoService(
        "Older People's Mental Health Liaison Team",
        ServiceKind.MENTAL_HEALTH,
        "Mental health nurses and doctors who support residents living with dementia or "
        "with depression, anxiety or distress, and coach staff in what helps.",
        "Residents aged 65 or over, or younger people living with dementia.",
        "The resident's GP refers. In a crisis, phone the team's duty line.",
        [SOLENT_ICB],
        ["Dementia", "Wellbeing"],
        provider_name="Solent and Downs Mental Health NHS Foundation Trust",
        opening_hours="Monday to Friday, 9am to 5pm; duty line every day until 8pm",
        phone="01632 960 140",
        checked_days_ago=80,
    ),
    DemoService(
        "Harbourside Adult Safeguarding Hub",
        ServiceKind.SAFEGUARDING,
        "The council's team that receives safeguarding concerns about adults at risk of "
        "abuse or neglect, and advises homes on what to do.",
        "Anyone worried about an adult in Portsmouth.",
        "Report a concern by phone or online. If someone is in danger now, call 999.",
        ["Portsmouth"],
        ["Promoting a positive culture", "Sharing decision-making"],
        provider="Harbourside City Council",
        opening_hours="Monday to Friday, 8:30am to 5pm; out of hours through the council",
        phone="01632 960 150",
        website="https://www.example.org/harbourside/safeguarding",
        contacts=["commissioner@harbourside.example"],
        checked_days_ago=20,
    ),
    DemoService(
        "Care Home Dietetics Service",
        ServiceKind.DIETETICS,
        "Dietitians who help homes with residents who are losing weight, eating or "
        "drinking too little, or need a special diet.",
        "Residents of care homes in Southampton and Portsmouth.",
        "Use the referral form with the resident's weight history (MUST score) and what "
        "you have tried.",
        ["Southampton", "Portsmouth"],
        ["Nutrition and hydration"],
        provider=SOUTHSHORE,
        referral_url="https://www.example.org/southshore/dietetics/refer",
        checked_days_ago=45,
    ),
    DemoService(
        "Speech and Language Therapy: swallowing",
        ServiceKind.SPEECH_LANGUAGE,
        "Speech and language therapists who assess residents who cough or choke when "
        "eating or drinking, and advise on texture-modified food and drinks.",
        "Residents with swallowing difficulties in the Solent and Downs ICB area.",
        "Phone the team. If a resident is choking now, call 999.",
        [SOLENT_ICB],
        ["Nutrition and hydration", "Dementia"],
        provider=SOUTHSHORE,
        phone="01632 960 160",
        checked_days_ago=150,
    ),
    DemoService(
        "Tissue Viability Nursing Service",
        ServiceKind.TISSUE_VIABILITY,
        "Specialist nurses for pressure ulcers and wounds that are not healing, and "
        "training for staff on skin checks.",
        "Residents of care homes in the Solent and Downs ICB area.",
        "Send the referral form with photos through the secure NHS email address.",
        [SOLENT_ICB],
        ["Improving health and healthcare", "Deterioration"],
        provider=SOUTHSHORE,
        email="tissue.viability@southshore.example",
        checked_days_ago=90,
    ),
    DemoService(
        "Island Hospice Care Home Support",
        ServiceKind.PALLIATIVE,
        "Hospice nurses who help homes care for residents at the end of life, and run "
        "courses on talking with families about future wishes.",
        "Residents with a life-limiting illness on the Isle of Wight, and their families.",
        "Phone the hospice's advice line. Any member of staff can call for advice.",
        ["Isle of Wight"],
        ["Supporting good end of life", "Advance care planning"],
        provider_name="Island Hospice (a charity)",
        opening_hours="Advice line every day, 24 hours",
        phone="01632 960 170",
        checked_days_ago=30,
    ),
    DemoService(
        "North Thames Falls and Frailty Service",
        ServiceKind.FALLS,
        "A team that reviews people living with frailty after a fall, including care home "
        "residents, and runs strength and balance groups.",
        "Adults aged 65 or over in Camden and Islington who have fallen.",
        "Phone the team or ask the GP to refer.",
        ["North Thames ICB area"],
        ["Falls"],
        provider="North Thames Integrated Care Board",
        phone="01632 960 180",
        contacts=["quality@norththames.example"],
        checked_days_ago=60,
    ),
    DemoService(
        "Care Staff Wellbeing Line",
        ServiceKind.VOLUNTARY,
        "Free, confidential listening and counselling for people who work in care, by "
        "phone or video, from a charity.",
        "Anyone working in a care home in the South East.",
        "Staff phone the line themselves. Managers can ask for a wellbeing session for "
        "their team by email.",
        ["South East"],
        ["Wellbeing", "Keeping workforce fit for purpose"],
        provider_name="CareWell South East (a charity)",
        opening_hours="Every day, 8am to 8pm",
        phone="01632 960 190",
        email="hello@carewell.example",
        checked_days_ago=25,
    ),
    DemoService(
        "Southampton Night Sitting Service",
        ServiceKind.SOCIAL_CARE,
        "Sitters who stayed overnight with residents who were unsettled at night.",
        "Residents of care homes in Southampton.",
        "The service has closed. Ask the council's adult social care team about other support.",
        ["Southampton"],
        ["Dementia"],
        provider_name="Southampton Home Support (closed)",
        checked_days_ago=300,
        is_active=False,
    ),
]

SUGGESTION = (
    "Southampton Community Nursing Team",
    "carer@oakfield.example",
    Suggestion.Part.CONTACT,
    "After 6pm the team now answers on a different number, 01632 960 118. The number "
    "here only works in the day.",
)


def _add(demo: DemoService, worker: User | None, areas, themes, orgs) -> LocalService:
    service = LocalService.objects.create(
        name=demo.name,
        kind=demo.kind,
        summary=demo.summary,
        provider=orgs.get(demo.provider),
        provider_name=demo.provider_name,
        eligibility=demo.eligibility,
        opening_hours=demo.opening_hours,
        phone=demo.phone,
        email=demo.email,
        website=demo.website,
        how_to_refer=demo.how_to_refer,
        referral_url=demo.referral_url,
        is_active=demo.is_active,
        last_reviewed_on=timezone.localdate() - timedelta(days=demo.checked_days_ago),
        last_reviewed_by=worker,
        created_by=worker,
    )
    service.areas.set([areas[name] for name in demo.areas])
    service.themes.set([themes[name] for name in demo.themes])
    service.contacts.set(User.objects.filter(email__in=demo.contacts))
    return service


@transaction.atomic
def seed() -> int:
    areas = {area.name: area for area in Area.objects.all()}
    if not all(name in areas for demo in SERVICES for name in demo.areas):
        return 0  # the demo network's areas are not there
    themes = {theme.name: theme for theme in Theme.objects.all()}
    orgs = {org.name: org for org in Organisation.objects.exclude(kind="care_home")}
    worker = User.objects.filter(email=WORKER).first()
    existing = set(LocalService.objects.values_list("name", flat=True))
    created = 0
    for demo in SERVICES:
        if demo.name not in existing:
            _add(demo, worker, areas, themes, orgs)
            created += 1
    name, email, part, text = SUGGESTION
    service = LocalService.objects.filter(name=name).first()
    person = User.objects.filter(email=email).first()
    if service and person and not Suggestion.objects.filter(service=service).exists():
        Suggestion.objects.create(
            service=service,
            suggested_by=person,
            part=part,
            what_is_wrong=text,
            created_at=timezone.now() - timedelta(days=2),
        )
        created += 1
    return created
