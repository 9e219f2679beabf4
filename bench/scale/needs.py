"""The needs board: needs posted by members of the home, conversations with partners who
cover the home's area (or project workers) and replies from the home, and "we need this
too" from other homes in the same ICB area.

As in surveys.services_needs: an open need has had no response from outside the home;
the first outside response moves it to "being addressed" and sets first_response_at, so
first_response_at is the time of the earliest response that is not a reply.
"""

from datetime import timedelta

from bench.scale import words
from bench.scale.world import World, split
from surveys.models import Need, NeedEndorsement, NeedResponse

STATUSES = [
    (Need.Status.OPEN, 0.2),
    (Need.Status.BEING_ADDRESSED, 0.3),
    (Need.Status.MET, 0.35),
    (Need.Status.CLOSED, 0.15),
]
URGENCIES = ["routine"] * 6 + ["soon"] * 3 + ["urgent"]
OUTSIDE_KINDS = ["offer"] * 5 + ["resource"] * 2 + ["event", "referral", "comment"]


def _status(rng) -> str:
    roll = rng.random()
    for status, share in STATUSES:
        roll -= share
        if roll < 0:
            return status
    return Need.Status.CLOSED


def build(world: World) -> None:
    rng = world.rng("needs")
    plan = world.plan
    loader = world.loader
    needs = loader.table(
        Need,
        [
            "id",
            "organisation_id",
            "posted_by_id",
            "title",
            "description",
            "urgency",
            "hide_home_name",
            "status",
            "what_helped",
            "created_at",
            "updated_at",
            "first_response_at",
            "closed_at",
            "flagged_at",
            "home_seen_at",
        ],
    )
    responses = loader.table(
        NeedResponse,
        ["id", "need_id", "author_id", "organisation_id", "kind", "body", "created_at"],
    )
    endorsements = loader.table(
        NeedEndorsement, ["id", "need_id", "organisation_id", "user_id", "created_at"]
    )
    themes = loader.table(Need.themes.through, ["id", "need_id", "theme_id"])

    statuses = [_status(rng) for _ in range(plan.needs)]
    answered = [i for i, s in enumerate(statuses) if s != Need.Status.OPEN]
    while len(answered) > plan.need_responses:  # a tiny run: leave some needs open
        statuses[answered.pop()] = Need.Status.OPEN
    extra = split(plan.need_responses - len(answered), len(answered), rng)
    response_count = [0] * plan.needs
    for i, more in zip(answered, extra, strict=True):
        response_count[i] = 1 + more

    for i in range(plan.needs):
        home_index = rng.randrange(len(world.homes))
        home = world.homes[home_index]
        icb = world.home_icb[home_index]
        members = world.home_members[home_index]
        poster = members[0] if rng.random() < 0.6 else rng.choice(members)
        title, description, slugs = rng.choice(words.NEEDS)
        status = statuses[i]
        age = rng.random() ** 2 * 730  # more needs recently
        created = world.days_ago(age)
        need = needs.new_id()
        world.needs_by_home.setdefault(home_index, []).append(need)

        # The conversation, in time order, inside the time since the need was posted.
        first = last = None
        count = response_count[i]
        span = (world.now - created) * 0.9
        step = span / (count + 1) if count else span
        responders = world.partners_by_area.get(icb, []) + world.partners_by_area.get(
            world.home_locality[home_index], []
        )
        for n in range(count):
            at = created + step * (n + rng.random() * 0.5 + 0.5)
            if n and rng.random() < 0.45:
                kind, author, org = "reply", rng.choice(members), home
            else:
                kind = rng.choice(OUTSIDE_KINDS)
                if responders and rng.random() < 0.75:
                    author, org = rng.choice(responders)
                else:
                    author, org = rng.choice(world.workers), world.team_id
                first = first or at
            responses.add(
                (responses.new_id(), need, author, org, kind, rng.choice(words.RESPONSES[kind]), at)
            )
            last = at
        closed = what_helped = None
        if status in (Need.Status.MET, Need.Status.CLOSED):
            closed = (last or created) + (world.now - (last or created)) * rng.random() * 0.5
            if status == Need.Status.MET:
                what_helped = rng.choice(words.WHAT_HELPED)
        flagged = None
        if first is None and world.now - created > timedelta(days=7) and rng.random() < 0.9:
            flagged = created + timedelta(days=7, hours=rng.randint(1, 20))
        seen = last if last and rng.random() < 0.7 else None
        needs.add(
            (
                need,
                home,
                poster,
                title,
                description,
                rng.choice(URGENCIES),
                rng.random() < 0.1,
                status,
                what_helped or "",
                created,
                closed or last or created,
                first,
                closed,
                flagged,
                seen,
            )
        )
        for theme in world.theme_list(slugs):
            themes.add((themes.new_id(), need, theme))

        if rng.random() < 0.25:
            others = world.homes_by_icb[icb]
            picks = rng.sample(others, min(len(others), rng.randint(1, 3)))
            for other in picks:
                if other == home_index:
                    continue
                when = created + (world.now - created) * rng.random()
                endorsements.add(
                    (
                        endorsements.new_id(),
                        need,
                        world.homes[other],
                        world.home_managers[other],
                        when,
                    )
                )
