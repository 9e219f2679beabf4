"""Access entries for training: learning. Objects come from tests/access/training.py
(t_session is published and Sid has completed it; t_draft is a draft; t_archived is
archived and Mona has a record for it, Sid does not).

- Rating yourself and the player's progress: anyone who may open the session (progress
  only for an uploaded video: t_archived and t_link have none, so 404 after the 403s;
  t_archived_upload below is an archived upload Mona started).
  Published sessions take new learners; an archived one only people with a record (Will
  and Ada see it but have none: 403); drafts are 404 for learners, 403 for project workers
  and admins (nobody learns from a draft).
- Feedback: only people who completed the session (Sid on t_session); anyone else who may
  open it gets 403 with "complete it first" (Mona's record on t_archived is not complete).
- Before answers are fixed once the session is complete: Sid's POST is a form error (200)
  and changes nothing.
- The certificate: only the person's own completed record (everyone else 404).
- "My learning" and its CSV: every signed-in member (their own records).
"""

from tests.access.base import LOGIN, ROLES, Entry, everyone  # noqa: F401
from tests.factories import make_learning_record, make_session
from training.models import LearningRecord

UNKNOWN = lambda c, o: [987654]  # noqa: E731


def _pk(name, *more):
    return lambda c, o: [o[name].pk, *more]


def by_role(**expect):
    return {"anonymous": LOGIN, **expect}


DRAFT = by_role(sid=404, mona=404, bea=404, pat=404, will=403, ada=403)


def archived(ok):
    return by_role(sid=404, mona=ok, bea=404, pat=404, will=403, ada=403)


def _scores(stage, value=3):
    return lambda c, o, u: {
        f"{stage}-{name}": value for name in ("knowledge", "confidence", "skill")
    }


_FEEDBACK = lambda c, o, u: {"feedback-rating": 4, "feedback-comment": "Clear"}  # noqa: E731
_PROGRESS = lambda c, o, u: {"seconds": 15, "position": 120}  # noqa: E731

ENTRIES: list[Entry] = [
    # Rating yourself before watching.
    Entry("training:assessment", "get", everyone(200), args=_pk("t_session", "before")),
    Entry(
        "training:assessment",
        "post",
        {**everyone(302), "sid": 200},  # Sid has completed it: a form error, nothing saved
        args=_pk("t_session", "before"),
        data=_scores("before"),
        writes=True,
    ),
    Entry(
        "training:assessment",
        "post",
        everyone(200),
        args=_pk("t_session", "before"),
        data=_scores("before", value=9),
        writes=True,
        label="out of range",
    ),
    Entry("training:assessment", "get", DRAFT, args=_pk("t_draft", "before"), label="draft"),
    Entry(
        "training:assessment",
        "post",
        DRAFT,
        args=_pk("t_draft", "before"),
        data=_scores("before"),
        writes=True,
        label="draft",
    ),
    Entry(
        "training:assessment",
        "get",
        archived(200),
        args=_pk("t_archived", "before"),
        label="archived",
    ),
    Entry(
        "training:assessment",
        "post",
        archived(302),
        args=_pk("t_archived", "before"),
        data=_scores("before"),
        writes=True,
        label="archived",
    ),
    Entry(
        "training:assessment",
        "get",
        everyone(404),
        args=lambda c, o: [987654, "before"],
        label="unknown",
    ),
    # Rating yourself after watching: marks it complete (Sid's second time changes nothing).
    Entry("training:assessment", "get", everyone(200), args=_pk("t_session", "after")),
    Entry(
        "training:assessment",
        "post",
        everyone(302),
        args=_pk("t_session", "after"),
        data=_scores("after"),
        writes=True,
    ),
    Entry(
        "training:assessment",
        "post",
        everyone(200),
        args=_pk("t_session", "after"),
        data=lambda c, o, u: {},
        writes=True,
        label="nothing chosen",
    ),
    Entry(
        "training:assessment",
        "post",
        DRAFT,
        args=_pk("t_draft", "after"),
        data=_scores("after"),
        writes=True,
        label="draft",
    ),
    Entry(
        "training:assessment",
        "post",
        archived(302),
        args=_pk("t_archived", "after"),
        data=_scores("after"),
        writes=True,
        label="archived",
    ),
    # Feedback: after completing only (Sid); the others are told to complete it first.
    Entry("training:feedback", "get", {**everyone(403), "sid": 200}, args=_pk("t_session")),
    Entry(
        "training:feedback",
        "post",
        {**everyone(403), "sid": 302},
        args=_pk("t_session"),
        data=_FEEDBACK,
        writes=True,
    ),
    Entry(
        "training:feedback",
        "post",
        {**everyone(403), "sid": 200},
        args=_pk("t_session"),
        data=lambda c, o, u: {"feedback-comment": "No rating"},
        writes=True,
        label="no rating",
    ),
    Entry("training:feedback", "get", DRAFT, args=_pk("t_draft"), label="draft"),
    Entry(
        "training:feedback",
        "post",
        DRAFT,
        args=_pk("t_draft"),
        data=_FEEDBACK,
        writes=True,
        label="draft",
    ),
    Entry(
        "training:feedback",
        "post",
        archived(403),
        args=_pk("t_archived"),
        data=_FEEDBACK,
        writes=True,
        label="archived",
    ),
    Entry("training:feedback", "get", everyone(404), args=UNKNOWN, label="unknown"),
    # The video player's progress reports.
    Entry(
        "training:progress",
        "post",
        everyone(204),
        args=_pk("t_session"),
        data=_PROGRESS,
        writes=True,
    ),
    Entry(
        "training:progress",
        "post",
        DRAFT,
        args=_pk("t_draft"),
        data=_PROGRESS,
        writes=True,
        label="draft",
    ),
    Entry(
        "training:progress",
        "post",
        archived(204),
        args=_pk("t_archived_upload"),
        data=_PROGRESS,
        writes=True,
        label="archived",
    ),
    Entry(
        "training:progress",
        "post",
        archived(404),
        args=_pk("t_archived"),
        data=_PROGRESS,
        writes=True,
        label="archived, no uploaded video",
    ),
    Entry(
        "training:progress",
        "post",
        everyone(404),
        args=UNKNOWN,
        data=_PROGRESS,
        writes=True,
        label="unknown",
    ),
    Entry("training:progress", "get", everyone(405), args=_pk("t_session"), label="not a POST"),
    Entry(
        "training:progress",
        "post",
        everyone(404),
        args=_pk("t_link"),
        data=_PROGRESS,
        writes=True,
        label="no uploaded video",
    ),
    # The certificate: the person's own completed record only.
    Entry(
        "training:certificate",
        "get",
        by_role(sid=200, mona=404, bea=404, pat=404, will=404, ada=404),
        args=_pk("t_session"),
    ),
    Entry(
        "training:certificate",
        "get",
        by_role(sid=404, mona=404, bea=404, pat=404, will=404, ada=404),
        args=_pk("t_archived"),
        label="not completed",
    ),
    Entry("training:certificate", "get", everyone(404), args=_pk("t_draft"), label="draft"),
    # My learning.
    Entry("training:my_learning", "get", everyone(200)),
    Entry("training:my_learning_csv", "get", everyone(200)),
]


def objects(cast) -> dict:
    archived_upload = make_session(
        status="archived", upload=True, title="Old: falls at night (upload)"
    )
    make_learning_record(cast.mona, archived_upload)
    return {"t_archived_upload": archived_upload}


def fingerprint():
    return sorted(
        LearningRecord.objects.values_list(
            "pk",
            "user_id",
            "session_id",
            "before_knowledge",
            "before_at",
            "after_skill",
            "completed_at",
            "rating",
            "comment",
            "seconds_watched",
            "last_position_seconds",
        )
    )
