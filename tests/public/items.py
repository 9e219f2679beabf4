"""Public and not-public rows the public tests (and tests/access/public.py) point at.

- `p_session`: a public session with an uploaded video, captions and a handout, presented
  by someone outside care homes; in `p_collection` with `p_members_session` (published,
  members only);
- `p_link`: a public session with a YouTube link, presented by Sid (care home staff);
- `p_draft`, `p_archived`: marked public but not published (never public);
- `p_members_session`: published, members only;
- `p_collection`: public; `p_empty_collection`: public but none of its sessions is;
  `p_members_collection`: not public;
- `p_named`: home A's shared case study, public, the manager agreed to name the home; with
  a team (Sid, Mona), coach (Will), a cycle with a comment by Sid and a chart note;
- `p_unnamed`: home B's shared case study, public, no agreement to name the home;
- `p_shared`: shared, not public; `p_home_only`: home-only, marked public (never public).
"""

from datetime import date

from django.core.files.base import ContentFile
from django.utils import timezone

from qi_cycles.models import Annotation, CycleComment
from tests.factories import make_change_idea, make_cycle, make_measure, make_project, make_session
from training.models import Collection, CollectionItem, Handout

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
COMMENT = "Sid covered the night shift for this one"
NOTE = "Mona's rota change started"


def public_items(cast) -> dict:
    now = timezone.now()
    session = make_session(
        upload=True,
        title="What is a PDSA cycle?",
        is_public=True,
        presenter="Dr Jo Patel, GP",
        made_public_at=now,
    )
    handout = Handout(session=session, title="Planning sheet", content_type="application/pdf")
    handout.file.save("sheet.pdf", ContentFile(PDF_BYTES), save=False)
    handout.size = len(PDF_BYTES)
    handout.save()
    link = make_session(
        title="Mouth care matters",
        link="https://youtu.be/dQw4w9WgXcQ",
        presenter=f"{cast.sid.full_name}, senior carer",
        is_public=True,
    )
    draft = make_session(status="draft", title="Draft: hydration rounds", is_public=True)
    archived = make_session(status="archived", title="Old: moving and handling", is_public=True)
    members = make_session(title="Members only: falls huddles")
    collection = Collection.objects.create(
        title="Introduction to QI methods", summary="The basics.", is_public=True
    )
    CollectionItem.objects.create(collection=collection, session=session, position=1)
    CollectionItem.objects.create(collection=collection, session=members, position=2)
    CollectionItem.objects.create(collection=collection, session=draft, position=3)
    empty = Collection.objects.create(title="Nothing public yet", is_public=True)
    CollectionItem.objects.create(collection=empty, session=members, position=1)
    members_collection = Collection.objects.create(title="Members' collection")
    CollectionItem.objects.create(collection=members_collection, session=session, position=1)

    named = make_project(
        cast.home_a,
        coach=cast.will,
        shared=True,
        title="Fewer falls at night",
        is_public=True,
        home_named_publicly=True,
        what_changed="Falls at night halved.",
        benefit_for_residents="Residents sleep better.",
    )
    named.team.set([cast.sid, cast.mona])
    idea = make_change_idea(named, title="Night-time comfort rounds")
    cycle = make_cycle(idea, plan_who="Sid and Mona", study_learning="Rounds helped.")
    CycleComment.objects.create(cycle=cycle, author=cast.sid, body=COMMENT)
    measure = make_measure(named, values=[5, 6, 4, 5, 3, 2, 2, 1], is_key=True)
    Annotation.objects.create(measure=measure, date=date(2026, 1, 15), text=NOTE)
    unnamed = make_project(
        cast.home_b, shared=True, title="Drink more, feel better", is_public=True
    )
    unnamed.team.set([cast.bea])
    shared = make_project(cast.home_a, shared=True, title="Calmer medicine rounds")
    home_only = make_project(cast.home_a, title="Our private project", is_public=True)
    return {
        "p_session": session,
        "p_handout": handout,
        "p_link": link,
        "p_draft": draft,
        "p_archived": archived,
        "p_members_session": members,
        "p_collection": collection,
        "p_empty_collection": empty,
        "p_members_collection": members_collection,
        "p_named": named,
        "p_unnamed": unnamed,
        "p_shared": shared,
        "p_home_only": home_only,
    }
