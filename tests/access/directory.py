"""Access entries for the directory, organisation profiles, themes and the agreement.

Everyone signed in may search the directory, read any organisation's profile and read and
sign the agreement. A profile is edited by the home's managers and project workers; others
who can read it get 403. Themes, publishing the agreement and the list of signatures are
for project workers and network admins only (everyone else gets 403).
"""

from network.models import AgreementVersion, Theme
from tests.access.base import LOGIN, ROLES, Entry, everyone, home_a_managers  # noqa: F401


def objects(cast) -> dict:
    """Rows these URLs point at, keyed by name; merged with the other areas' objects."""
    version = AgreementVersion.objects.create(
        version=1, title="Partnership agreement", body="We treat each other with respect."
    )
    theme = Theme.objects.get(slug="falls")
    return {"agreement_version": version, "theme": theme}


def network_wide(ok):
    """Project workers and network admins only; every other member is refused with 403."""
    return {
        "anonymous": LOGIN,
        **dict.fromkeys(["sid", "mona", "bea", "pat"], 403),
        "will": ok,
        "ada": ok,
    }


def home_a_profile_editors(ok):
    """Home A's profile: readable by all, so people who cannot edit it get 403, not 404."""
    return {**home_a_managers(ok), "bea": 403, "pat": 403}


def _profile_data(cast, objs, user):
    data = {"about": "A friendly home by the park.", "postcode": "SO16 6YD"}
    if user in (cast.will, cast.ada):
        data |= {"name": cast.home_a.name, "kind": "care_home", "area": cast.home_a.area_id}
    return data


_home_a = lambda c, o: [c.home_a.pk]  # noqa: E731
_theme = lambda c, o: [o["theme"].pk]  # noqa: E731

ENTRIES: list[Entry] = [
    Entry("network:directory", "get", everyone(200)),
    Entry("network:directory_organisations", "get", everyone(200)),
    Entry("network:organisation_detail", "get", everyone(200), args=_home_a),
    Entry("network:organisation_edit", "get", home_a_profile_editors(200), args=_home_a),
    Entry(
        "network:organisation_edit",
        "post",
        home_a_profile_editors(302),
        args=_home_a,
        writes=True,
        data=_profile_data,
    ),
    Entry("network:theme_list", "get", network_wide(200)),
    Entry("network:theme_add", "get", network_wide(200)),
    Entry(
        "network:theme_add",
        "post",
        network_wide(302),
        writes=True,
        data=lambda c, o, u: {"name": "Oral health", "kind": "topic"},
    ),
    Entry("network:theme_edit", "get", network_wide(200), args=_theme),
    Entry(
        "network:theme_edit",
        "post",
        network_wide(302),
        args=_theme,
        writes=True,
        data=lambda c, o, u: {"name": "Falls prevention", "kind": "topic"},
    ),
    Entry(
        "network:theme_set_active",
        "post",
        network_wide(302),
        args=_theme,
        writes=True,
        data=lambda c, o, u: {"is_active": "no"},
    ),
    Entry("network:agreement", "get", everyone(200)),
    Entry(
        "network:agreement_sign",
        "post",
        everyone(302),
        writes=True,
        data=lambda c, o, u: {"version": o["agreement_version"].version},
    ),
    Entry("network:agreement_publish", "get", network_wide(200)),
    Entry(
        "network:agreement_publish",
        "post",
        network_wide(302),
        writes=True,
        data=lambda c, o, u: {
            "title": "Partnership agreement",
            "body": "We treat each other with respect.\n\nWe share what we learn.",
            "summary_of_changes": "Added sharing what we learn.",
        },
    ),
    Entry("network:agreement_signatures", "get", network_wide(200)),
]
