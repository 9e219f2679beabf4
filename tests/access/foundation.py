"""Access entries for the foundation: home, account, members and invitations."""

from network.services import invite_member
from tests.access.base import LOGIN, ROLES, Entry, everyone, home_a_managers, sid_membership


def objects(cast) -> dict:
    invitation, token = invite_member(
        inviter=cast.mona, organisation=cast.home_a, email="invitee@example.org", role="staff"
    )
    return {"invitation": invitation, "token": token}


ENTRIES = [
    Entry("public_home", "get", {"anonymous": 200, **dict.fromkeys(ROLES[1:], 302)}),
    Entry("healthz", "get", everyone(200, anonymous=200)),
    Entry("home", "get", everyone(200)),
    Entry("floor", "get", everyone(200)),
    Entry("account", "get", everyone(200)),
    Entry(
        "account",
        "post",
        everyone(302),
        writes=True,
        data=lambda c, o, u: {"full_name": "New Name"},
    ),
    Entry(
        "switch_membership",
        "post",
        everyone(302),
        writes=True,
        data=lambda c, o, u: {"membership": u.memberships.first().pk} if u else {},
    ),
    # Asked by static/js/stay-signed-in.mjs while someone types: it only restarts the clock.
    Entry("still_here", "get", everyone(204)),
    Entry("network:organisation_list", "get", everyone(200)),
    Entry(
        "network:member_list",
        "get",
        {
            "anonymous": LOGIN,
            "sid": 200,
            "mona": 200,
            "bea": 404,
            "pat": 404,
            "will": 200,
            "ada": 200,
        },
        args=lambda c, o: [c.home_a.pk],
    ),
    Entry("network:invite", "get", home_a_managers(200), args=lambda c, o: [c.home_a.pk]),
    Entry(
        "network:invite",
        "post",
        home_a_managers(302),
        writes=True,
        args=lambda c, o: [c.home_a.pk],
        data=lambda c, o, u: {"email": "new@example.org", "role": "staff"},
    ),
    Entry(
        "network:set_champion",
        "post",
        home_a_managers(302),
        writes=True,
        args=sid_membership,
        data=lambda c, o, u: {"is_champion": "yes"},
    ),
    Entry("network:remove_member", "get", home_a_managers(200), args=sid_membership),
    Entry("network:remove_member", "post", home_a_managers(302), writes=True, args=sid_membership),
    Entry(
        "network:cancel_invitation",
        "post",
        home_a_managers(302),
        writes=True,
        args=lambda c, o: [c.home_a.pk, o["invitation"].pk],
    ),
    # Anyone may open an invitation link; signed-in people are told it is for someone else.
    Entry(
        "network:accept_invitation",
        "get",
        {"anonymous": 200, **dict.fromkeys(ROLES[1:], 403)},
        args=lambda c, o: [o["token"]],
    ),
    Entry(
        "network:accept_invitation",
        "post",
        {"anonymous": 200, **dict.fromkeys(ROLES[1:], 403)},
        args=lambda c, o: [o["token"]],
        writes=True,
        data=lambda c, o, u: {"full_name": "", "password1": "", "password2": ""},
    ),
]
