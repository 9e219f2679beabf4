"""Demo data for the directory part of the network. Called by seed_demo; safe to rerun.

The partnership agreement's first version, signed by everyone but the people in UNSIGNED;
a few people who share their contact details; and profiles for a few homes. All details
are made up; phone numbers are from Ofcom's range for drama.
"""

from django.db import transaction

from network import demo
from network.models import AgreementSignature, AgreementVersion, Organisation, User

AGREEMENT_TITLE = "Partnership agreement"
AGREEMENT_BODY = """\
This agreement sets out how we work together in the Care Home Improvement Network. It applies \
to everyone: care home managers and staff, NHS and council partners, and the network team.

We come to learn, not to judge. When something goes wrong, we look at what happened and what \
we could change, not at who to blame. No test of a change is a failure if we learn from it.

We keep each other's confidence. What someone tells us about their home in a meeting or on \
this portal stays in the network unless they say it can be shared.

We never share anything that could identify a resident. No names, NHS numbers, dates of \
birth or room numbers in meetings, emails or on this portal.

We share what we learn. When a change works, or does not, we tell others so they can try it \
or avoid the same problem.

We respect each other's roles and knowledge. Carers, nurses, managers, GPs, pharmacists and \
commissioners each bring something different. We listen, and we use plain words, not jargon.

We turn up and follow through. We come to meetings when we can, do the actions we agreed to, \
and say early if we cannot.

We can change these rules together. When they change, everyone is asked to read and sign \
them again."""

# Demo people left unsigned see the agreement when they sign in. Everyone signs for now:
# the browser journeys in tests/browser/test_journeys.py and test_events.py expect the demo
# sign-ins to land on their home page. To show the prompt in the demo, list
# "manager@oakfield.example" and "carer@oakfield.example" here and teach those journeys'
# sign_in helpers to answer it.
UNSIGNED: set[str] = set()

# email -> (show email, phone shown to members or "")
CONTACT_CHOICES = {
    "carer@oakfield.example": (True, ""),
    "partner@icb.example": (True, "01632 960 210"),
    "lead@southshore.example": (True, "01632 960 342"),
    "commissioner@harbourside.example": (True, ""),
    "quality@norththames.example": (True, "01632 960 587"),
}

# name -> profile fields, filled only where still empty
HOME_PROFILES = {
    "Oakfield House": {
        "about": "A 42-bed nursing home with a dementia unit, close to Southampton Common. "
        "This year we are working on recognising deterioration early and on hydration.",
        "address": "12 Common Road, Southampton",
        "postcode": "SO15 9ZZ",
        "phone": "01632 960 100",
        "website": "https://www.oakfieldhouse.example",
    },
    "Harbour View": {
        "about": "A nursing home looking over Portsmouth harbour. Our falls champions run a "
        "monthly huddle and are happy to share what has worked.",
        "address": "3 Quay Street, Portsmouth",
        "postcode": "PO1 9ZZ",
        "phone": "01632 960 130",
    },
    "Elm Park": {
        "about": "A large nursing home in Camden. We are testing a new way of doing medicines "
        "rounds with our pharmacist and would welcome visitors.",
        "address": "40 Park Lane, London",
        "postcode": "NW1 9ZZ",
        "phone": "01632 960 160",
    },
}


@transaction.atomic
def seed() -> int:
    """Add what is missing and return how many rows were created."""
    created = 0
    author = User.objects.filter(email="admin@network.example").first()
    version, new = AgreementVersion.objects.get_or_create(
        version=1,
        defaults={"title": AGREEMENT_TITLE, "body": AGREEMENT_BODY, "published_by": author},
    )
    created += new

    emails = [p.email for p in demo.SIGNINS + demo.other_people() if p.email not in UNSIGNED]
    signed = set(
        AgreementSignature.objects.filter(version=version).values_list("user__email", flat=True)
    )
    for user in User.objects.filter(email__in=emails).exclude(email__in=signed):
        AgreementSignature.objects.create(version=version, user=user)
        created += 1

    for email, (show_email, phone) in CONTACT_CHOICES.items():
        user = User.objects.filter(email=email).first()
        if user is None:
            continue
        changed = []
        if show_email and not user.show_email:
            user.show_email = True
            changed.append("show_email")
        if phone and not user.phone:
            user.phone, user.show_phone = phone, True
            changed += ["phone", "show_phone"]
        if changed:
            user.save(update_fields=changed)

    for name, fields in HOME_PROFILES.items():
        home = Organisation.objects.filter(name=name).first()
        if home is None:
            continue
        changed = [field for field, value in fields.items() if not getattr(home, field)]
        for field in changed:
            setattr(home, field, fields[field])
        if changed:
            home.save(update_fields=changed)
    return created
