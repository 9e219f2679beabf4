"""The training library: sessions linked from YouTube or Vimeo (no media files), mostly
published, in collections; a learning record for each person and session they opened
(unique, with the person's home as organisation), some completed with before and after
self-assessment and feedback; and champions' cascade records."""

from datetime import timedelta

from bench.scale.plan import LEARNING_SHARE_OF_PAIRS
from bench.scale.world import World, at_day, split
from training.embeds import parse_video_link
from training.models import CascadeDelivery, Collection, CollectionItem, LearningRecord, Session

TOPICS = [
    ("Recognising soft signs", ["deterioration"]),
    ("RESTORE2 in practice", ["deterioration", "improving-health-and-healthcare"]),
    ("Falls prevention at night", ["falls"]),
    ("Safe medicines rounds", ["medicines-safety"]),
    ("Hand hygiene and PPE", ["infection-control"]),
    ("Mouth care matters", ["improving-health-and-healthcare"]),
    ("Talking about dying", ["supporting-good-end-of-life", "advance-care-planning"]),
    ("Distress in dementia", ["dementia"]),
    ("Hydration all day", ["nutrition-and-hydration"]),
    ("Looking after yourself at work", ["wellbeing"]),
    ("Using video consultations", ["digital"]),
    ("Life story work", ["maintaining-identity"]),
    ("Testing changes with PDSA cycles", ["promoting-a-positive-culture"]),
    ("Safe moves from hospital", ["managing-transitions"]),
]
PRESENTERS = [
    "Dr Amara Okafor",
    "Sunita Patel, matron",
    "James Hughes, pharmacist",
    "Rachel Green, nurse educator",
    "Tom Walker, physiotherapist",
]
COMMENTS = ["Clear and practical.", "Useful for night staff.", "A bit long, but helpful."]


def build(world: World) -> None:
    rng = world.rng("training")
    plan = world.plan
    table = world.loader.table
    sessions = table(
        Session,
        [
            "id",
            "title",
            "summary",
            "presenter",
            "recorded_on",
            "duration_minutes",
            "video_url",
            "video_provider",
            "video_id",
            "transcript",
            "status",
            "published_at",
            "created_by_id",
            "created_at",
            "updated_at",
        ],
    )
    themes = table(Session.themes.through, ["id", "session_id", "theme_id"])
    collections = table(Collection, ["id", "title", "summary", "created_by_id", "created_at"])
    items = table(CollectionItem, ["id", "collection_id", "session_id", "position"])

    opened = []  # (session id, published at, minutes) that learners can have records for
    for n in range(plan.sessions):
        session = sessions.new_id()
        topic, slugs = TOPICS[n % len(TOPICS)]
        recorded = world.today - timedelta(days=rng.randint(7, 1100))
        roll = rng.random()
        status = "draft" if roll < 0.05 else "archived" if roll < 0.1 else "published"
        published = None if status == "draft" else at_day(recorded + timedelta(days=3), 12)
        if rng.random() < 0.7:
            url = f"https://www.youtube.com/watch?v=sc{n:09d}"
        else:
            url = f"https://vimeo.com/{700_000_000 + n}"
        link = parse_video_link(url)
        minutes = rng.randint(10, 75)
        sessions.add(
            (
                session,
                f"{topic} (part {n // len(TOPICS) + 1})",
                f"A recorded session on {topic.lower()} for care home staff.",
                rng.choice(PRESENTERS),
                recorded,
                minutes,
                url,
                link.provider,
                link.video_id,
                "",
                status,
                published,
                rng.choice(world.workers),
                at_day(recorded, 15),
                published or at_day(recorded, 15),
            )
        )
        for theme in world.theme_list(slugs):
            themes.add((themes.new_id(), session, theme))
        if published:
            opened.append((session, published, minutes))
    published_ids = [s for s, _, _ in opened]
    for n in range(max(1, plan.sessions // 10)):
        collection = collections.new_id()
        collections.add(
            (
                collection,
                f"Learning pathway {n + 1}",
                "Sessions to watch in order.",
                rng.choice(world.workers),
                world.days_ago(400),
            )
        )
        picks = rng.sample(published_ids, min(len(published_ids), rng.randint(5, 10)))
        for position, session in enumerate(picks):
            items.add((items.new_id(), collection, session, position))

    _learning(world, rng, opened)
    _cascades(world, rng, opened)


def _learning(world: World, rng, opened) -> None:
    records = world.loader.table(
        LearningRecord,
        [
            "id",
            "user_id",
            "session_id",
            "organisation_id",
            "started_at",
            "last_viewed_at",
            "view_count",
            "seconds_watched",
            "last_position_seconds",
            "completed_at",
            "before_knowledge",
            "before_confidence",
            "before_skill",
            "before_at",
            "after_knowledge",
            "after_confidence",
            "after_skill",
            "after_at",
            "rating",
            "comment",
            "feedback_at",
        ],
    )
    learners = world.learners
    limit = int(len(learners) * len(opened) * LEARNING_SHARE_OF_PAIRS)
    total = min(world.plan.learning_records, limit)
    shares = split(total, len(learners), rng)
    overflow = sum(max(0, s - len(opened)) for s in shares)
    shares = [min(s, len(opened)) for s in shares]
    for i in range(len(shares)):  # give back what did not fit (only in tiny runs)
        room = min(overflow, len(opened) - shares[i])
        shares[i] += room
        overflow -= room
    random, randint, now = rng.random, rng.randint, world.now
    second = timedelta(seconds=1)
    for (user, home), count in zip(learners, shares, strict=True):
        joined = world.joined[user]
        for index in rng.sample(range(len(opened)), count):
            session, published, minutes = opened[index]
            begin = max(published, joined)
            started = begin + (now - begin) * random()
            length = minutes * 60
            completed = random() < 0.55
            watched = length if completed else int(length * random())
            viewed = started + second * (watched + 60)
            if viewed > now:
                viewed = now
            before = random() < 0.4
            k, c, s = (randint(1, 4), randint(1, 4), randint(1, 4)) if before else (None,) * 3
            after = before and completed and random() < 0.8
            a = (
                (min(5, k + randint(0, 2)), min(5, c + randint(0, 2)), min(5, s + randint(0, 1)))
                if after
                else (None, None, None)
            )
            feedback = completed and random() < 0.25
            records.add(
                (
                    records.new_id(),
                    user,
                    session,
                    home,
                    started,
                    viewed,
                    randint(1, 4),
                    watched,
                    watched,
                    viewed if completed else None,
                    k,
                    c,
                    s,
                    started if before else None,
                    *a,
                    viewed if after else None,
                    randint(3, 5) if feedback else None,
                    COMMENTS[randint(0, 2)] if feedback and random() < 0.3 else "",
                    viewed if feedback else None,
                )
            )


def _cascades(world: World, rng, opened) -> None:
    cascades = world.loader.table(
        CascadeDelivery,
        [
            "id",
            "session_id",
            "delivered_by_id",
            "home_id",
            "delivered_on",
            "attendees",
            "notes",
            "created_at",
        ],
    )
    champions = world.champions or world.learners
    for _ in range(world.plan.cascades):
        user, home = rng.choice(champions)
        session, published, _ = rng.choice(opened)
        on = (published + (world.now - published) * rng.random()).date()
        cascades.add(
            (cascades.new_id(), session, user, home, on, rng.randint(2, 15), "", at_day(on, 16))
        )
