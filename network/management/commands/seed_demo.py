from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from localservices import demo as demo_localservices
from network import demo, demo_directory, demo_events
from network.models import Area, Membership, Organisation, ServiceType, Theme, User
from network.reference_data import ensure_service_types, ensure_themes
from network.roles import MFA_REQUIRED_ROLES, OrganisationKind
from outcomes import demo as demo_outcomes
from publicpages import demo as demo_public
from qi_cycles import demo_qi
from surveys import demo_needs, demo_surveys
from training import demo_training


class Command(BaseCommand):
    help = "Build the demo network (areas, care homes, partners, about 40 people). Safe to rerun."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even when DEBUG is off (never in production)."
        )

    @transaction.atomic
    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo adds demo accounts with a published password. It will not run when "
                "DEBUG is off unless you pass --force."
            )
        created = ensure_service_types(ServiceType) + ensure_themes(Theme)
        localities = self._areas()
        created += self._organisations(localities)
        orgs = {org.name: org for org in Organisation.objects.all()}
        password_hash = make_password(demo.DEMO_PASSWORD)  # hashed once: it is slow on purpose
        for person in demo.SIGNINS + demo.other_people():
            created += self._person(person, orgs[person.organisation], password_hash)
        created += demo_directory.seed()
        created += demo_events.seed()
        created += demo_needs.seed() + demo_surveys.seed()
        created += demo_qi.seed()
        created += demo_training.seed()
        created += demo_outcomes.seed()
        created += demo_localservices.seed()
        created += demo_public.seed()
        self.stdout.write(f"Demo network ready ({created} new rows).")

    def _areas(self) -> dict[str, Area]:
        areas = {}
        for region_name, icbs in demo.AREAS.items():
            region, _ = Area.objects.get_or_create(
                name=region_name, parent=None, defaults={"kind": Area.Kind.REGION}
            )
            for icb_name, locality_names in icbs.items():
                icb, _ = Area.objects.get_or_create(
                    name=icb_name, parent=region, defaults={"kind": Area.Kind.ICB}
                )
                areas[icb_name] = icb
                for name in locality_names:
                    areas[name], _ = Area.objects.get_or_create(
                        name=name, parent=icb, defaults={"kind": Area.Kind.LOCALITY}
                    )
        return areas

    def _organisations(self, areas: dict[str, Area]) -> int:
        created = 0
        for name, locality, cqc_id, beds, types in demo.CARE_HOMES:
            home, new = Organisation.objects.get_or_create(
                cqc_location_id=cqc_id,
                defaults={
                    "name": name,
                    "kind": OrganisationKind.CARE_HOME,
                    "area": areas[locality],
                    "registered_beds": beds,
                },
            )
            if new:
                home.service_types.set(ServiceType.objects.filter(name__in=types))
                created += 1
        for name, kind, area, ods in demo.PARTNERS:
            _, new = Organisation.objects.get_or_create(
                name=name, kind=kind, defaults={"area": areas[area], "ods_code": ods}
            )
            created += new
        _, new = Organisation.objects.get_or_create(
            name=demo.NETWORK_TEAM,
            kind=OrganisationKind.NETWORK_TEAM,
            defaults={"area": areas["Solent and Downs ICB area"].parent},
        )
        return created + new

    def _person(self, person: demo.DemoPerson, organisation: Organisation, password_hash) -> int:
        user, new = User.objects.get_or_create(
            email=person.email,
            defaults={
                "full_name": person.full_name,
                "job_title": person.job_title,
                "password": password_hash,
                "is_staff": person.role == "network_admin",
                "is_superuser": person.role == "network_admin",
            },
        )
        EmailAddress.objects.get_or_create(
            user=user, email=person.email, defaults={"verified": True, "primary": True}
        )
        Membership.objects.get_or_create(
            user=user,
            organisation=organisation,
            defaults={"role": person.role, "is_champion": person.is_champion},
        )
        if (
            person.role in MFA_REQUIRED_ROLES
            and not Authenticator.objects.filter(user=user).exists()
        ):
            TOTP.activate(user, demo.DEMO_TOTP_SECRET)
            RecoveryCodes.activate(user)
        return int(new)
