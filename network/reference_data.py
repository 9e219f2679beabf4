"""Reference rows every deployment has: CQC service types and the network's seed themes.

Migrations load them; `seed_demo` puts them back if a test (or someone) emptied the tables.
"""

from django.utils.text import slugify

SERVICE_TYPES = [
    "Care home with nursing",
    "Care home without nursing",
    "Dementia",
    "Mental health conditions",
    "Learning disabilities",
    "Physical disabilities",
    "Sensory impairments",
    "Younger adults",
    "Older people",
]

# The eight My Home Life themes, then the topics the network's founding documents name.
MY_HOME_LIFE_THEMES = [
    "Maintaining identity",
    "Improving health and healthcare",
    "Creating community",
    "Supporting good end of life",
    "Sharing decision-making",
    "Keeping workforce fit for purpose",
    "Managing transitions",
    "Promoting a positive culture",
]
TOPICS = [
    "Medicines safety",
    "Deterioration",
    "Infection control",
    "Staffing",
    "Wellbeing",
    "Advance care planning",
    "Falls",
    "Nutrition and hydration",
    "Dementia",
    "Digital",
]


def ensure_service_types(ServiceType) -> int:
    return sum(ServiceType.objects.get_or_create(name=name)[1] for name in SERVICE_TYPES)


def ensure_themes(Theme) -> int:
    created = 0
    for kind, names in (("my_home_life", MY_HOME_LIFE_THEMES), ("topic", TOPICS)):
        for name in names:
            created += Theme.objects.get_or_create(
                slug=slugify(name), defaults={"name": name, "kind": kind}
            )[1]
    return created
