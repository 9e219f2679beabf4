"""Rows for the local services tests."""

from datetime import date

from localservices.models import LocalService, ServiceKind
from network.models import Theme


def make_service(*, areas, themes=(), contacts=(), **fields) -> LocalService:
    values = {
        "name": "Falls Prevention Service",
        "kind": ServiceKind.FALLS,
        "summary": "Reviews residents who fall",
        "provider_name": "Southshore Trust",
        "eligibility": "Residents who have fallen",
        "how_to_refer": "Phone the team",
        "phone": "01632 960 101",
        "last_reviewed_on": date(2026, 3, 3),
        **fields,
    }
    service = LocalService.objects.create(**values)
    service.areas.set(areas)
    service.themes.set([Theme.objects.get(slug=t) if isinstance(t, str) else t for t in themes])
    service.contacts.set(contacts)
    return service


def form_data(area_ids, **overrides) -> dict:
    """A valid POST for the add and change forms."""
    return {
        "name": "Continence Advisory Service",
        "kind": ServiceKind.CONTINENCE,
        "summary": "Nurses who help with bladder and bowel problems",
        "provider": "",
        "provider_name": "Southshore Trust",
        "areas": [str(pk) for pk in area_ids],
        "eligibility": "Adults in care homes",
        "opening_hours": "Monday to Friday, 9am to 5pm",
        "phone": "01632 960 125",
        "email": "continence@example.org",
        "website": "https://www.example.org/continence",
        "how_to_refer": "Send the referral form",
        "referral_url": "",
        **overrides,
    }
