"""Rows the training URLs point at (tests/access/training_*.py list the URLs).

- `t_session`: a published session with an uploaded video, captions and a handout, in the
  collection `t_collection`; Sid has a completed learning record for it;
- `t_link`: a published session with a YouTube link;
- `t_draft`: a draft session (only project workers and admins see it);
- `t_archived`: an archived session; Mona has a learning record for it (so she still may
  open it), Sid does not;
- `t_draft_collection`: a collection holding only the draft (learners: 404);
- `t_cascade`: cascade training Mona recorded at home A.
"""

from datetime import date

from django.core.files.base import ContentFile

from tests.factories import make_learning_record, make_session
from training.models import CascadeDelivery, Collection, CollectionItem, Handout

ENTRIES: list = []

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def objects(cast) -> dict:
    session = make_session(upload=True)
    handout = Handout(session=session, title="Falls checklist", content_type="application/pdf")
    handout.file.save("checklist.pdf", ContentFile(PDF_BYTES), save=False)
    handout.size = len(PDF_BYTES)
    handout.save()
    link = make_session(title="Mouth care matters", link="https://youtu.be/dQw4w9WgXcQ")
    draft = make_session(status="draft", title="Draft: hydration rounds")
    archived = make_session(status="archived", title="Old: moving and handling")
    collection = Collection.objects.create(title="Introduction to QI methods")
    CollectionItem.objects.create(collection=collection, session=session, position=1)
    CollectionItem.objects.create(collection=collection, session=draft, position=2)
    draft_collection = Collection.objects.create(title="Coming soon")
    CollectionItem.objects.create(collection=draft_collection, session=draft, position=1)
    record = make_learning_record(cast.sid, session, completed=True)
    archived_record = make_learning_record(cast.mona, archived)
    cascade = CascadeDelivery.objects.create(
        session=session,
        delivered_by=cast.mona,
        home=cast.home_a,
        delivered_on=date(2026, 10, 1),
        attendees=6,
    )
    return {
        "t_session": session,
        "t_handout": handout,
        "t_link": link,
        "t_draft": draft,
        "t_archived": archived,
        "t_collection": collection,
        "t_draft_collection": draft_collection,
        "t_record": record,
        "t_archived_record": archived_record,
        "t_cascade": cascade,
    }
