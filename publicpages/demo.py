"""Demo rows for seed_demo. Safe to rerun: returns how many rows it added or changed.

Called after the training and improvement demo data exist. It puts on the public learning
pages (/learn/):

- the "Introduction to QI methods" collection and its four sessions, and two more sessions
  (hydration, falls at night);
- two shared case studies: Oakfield House's "Fewer falls at night", whose manager agreed to
  name the home, and Harbour View's hydration rounds, whose manager did not (its public
  page says "A care home in <ICB area>");
- views of those pages in each of the last six months (made-up, steady numbers).

Items are found by title; an item already public is left as it is, and a month already
counted is not counted again.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from network.models import User
from publicpages.models import PageView
from publicpages.services import first_of_month
from qi_cycles.models import Project
from training.models import Collection, Session

WORKER = "worker@network.example"
OAKFIELD_MANAGER = "manager@oakfield.example"
COLLECTION = "Introduction to QI methods"
MORE_SESSIONS = ["Helping residents drink enough", "Preventing falls at night"]
NAMED_CASE_STUDY = ("Oakfield House", "Fewer falls at night")
UNNAMED_CASE_STUDY = ("Harbour View", "Drink more, feel better: hydration rounds")
MONTHS = 6


def _months_back(today: date, count: int) -> list[date]:
    month = first_of_month(today)
    months = []
    for _ in range(count):
        months.append(month)
        month = first_of_month(month - timedelta(days=1))
    return list(reversed(months))


def _make_public(row, worker, now) -> int:
    if row.is_public:
        return 0
    row.is_public, row.made_public_at, row.made_public_by = True, now, worker
    row.save(update_fields=["is_public", "made_public_at", "made_public_by"])
    return 1


def _case_study(home: str, title: str, *, named: bool, manager, worker, now) -> Project | None:
    project = Project.objects.filter(
        home__name=home, title=title, visibility=Project.Visibility.SHARED
    ).first()
    if project is None or project.is_public:
        return project
    Project.objects.filter(pk=project.pk).update(
        is_public=True,
        made_public_at=now,
        made_public_by=worker,
        home_named_publicly=named,
        home_name_agreed_at=project.shared_at if named else None,
        home_name_agreed_by=manager if named else None,
    )
    project.refresh_from_db()
    return project


def seed() -> int:
    now = timezone.now()
    people = {u.email: u for u in User.objects.filter(email__in=[WORKER, OAKFIELD_MANAGER])}
    worker, manager = people.get(WORKER), people.get(OAKFIELD_MANAGER)
    changed = 0
    items: list[tuple[str, int, int]] = []  # kind, id, typical views a month
    with transaction.atomic():
        collection = Collection.objects.filter(title=COLLECTION).first()
        if collection is not None:
            sessions = list(
                collection.sessions.filter(status=Session.Status.PUBLISHED).order_by(
                    "collection_items__position"
                )
            )
            for position, session in enumerate(sessions):
                changed += _make_public(session, worker, now)
                items.append((PageView.Kind.SESSION, session.pk, 40 - 6 * position))
            if sessions:
                changed += _make_public(collection, worker, now)
                items.append((PageView.Kind.COLLECTION, collection.pk, 55))
        for number, session in enumerate(
            Session.objects.filter(title__in=MORE_SESSIONS, status=Session.Status.PUBLISHED)
        ):
            changed += _make_public(session, worker, now)
            items.append((PageView.Kind.SESSION, session.pk, 24 + 5 * number))
        for (home, title), named, typical in (
            (NAMED_CASE_STUDY, True, 31),
            (UNNAMED_CASE_STUDY, False, 17),
        ):
            before = Project.objects.filter(home__name=home, title=title, is_public=True).exists()
            project = _case_study(home, title, named=named, manager=manager, worker=worker, now=now)
            if project is not None:
                changed += 0 if before else 1
                items.append((PageView.Kind.CASE_STUDY, project.pk, typical))
        months = _months_back(timezone.localdate(), MONTHS)
        existing = set(
            PageView.objects.filter(month__in=months).values_list("kind", "object_id", "month")
        )
        new = [
            PageView(
                kind=kind,
                object_id=pk,
                month=month,
                # Growing a little each month, the month so far a little lower.
                views=max(1, typical + 3 * index - (typical // 2 if index == MONTHS - 1 else 0)),
            )
            for kind, pk, typical in items
            for index, month in enumerate(months)
            if (kind, pk, month) not in existing
        ]
        PageView.objects.bulk_create(new)
    return changed + len(new)
