"""Delivery with the real digest content and email (no fakes): what arrives, what it costs
per person, and content checked when the batch runs, not when it was queued."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from digests import services, tasks
from digests.models import DigestDelivery
from network.models import Membership
from tests.digests.test_content import PERIOD, need, respond
from tests.digests.test_delivery import plumbing
from tests.factories import MembershipFactory

Status = DigestDelivery.Status


@pytest.fixture
def news(cast):
    """A partner answered home A's need during the period."""
    respond(need(cast.home_a), cast.pat)
    return cast


def test_the_email_that_arrives_has_both_parts_and_all_its_headers(news):
    tasks.send_digest_batch.delay([news.sid.pk], PERIOD.key)
    (message,) = mail.outbox
    assert message.to == [news.sid.email]
    headers = message.message()
    row = DigestDelivery.objects.get(user=news.sid)
    assert headers["Message-ID"] == row.message_id == f"<digest-{news.sid.pk}-2026-W10@127.0.0.1>"
    assert headers["List-Unsubscribe"].startswith("<http://127.0.0.1:8000/digests/unsubscribe/")
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert [mimetype for _, mimetype in message.alternatives] == ["text/html"]
    assert "Help with falls at night" in message.body


def test_the_whole_period_reaches_each_person_with_news_once(news):
    tasks.send_due_digests("weekly", PERIOD.key)
    tasks.send_due_digests("weekly", PERIOD.key)  # beat running twice changes nothing
    statuses = dict(DigestDelivery.objects.values_list("user__full_name", "status"))
    assert statuses == {
        "Mona": Status.SENT,
        "Sid": Status.SENT,
        "Pat": Status.SENT,  # new needs in the ICB's area
        "Bea": Status.EMPTY,  # home B: nothing new
        "Will": Status.SENT,  # project workers hear what happened across the network
        "Ada": Status.SENT,
    }
    sent = DigestDelivery.objects.filter(status=Status.SENT).values_list("user__email", flat=True)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(sent)


def test_someone_who_left_the_home_after_the_batch_was_queued_hears_nothing(news, monkeypatch):
    queued = []
    monkeypatch.setattr(tasks.send_digest_batch, "delay", lambda *a: queued.append(a))
    tasks.send_due_digests("weekly", PERIOD.key)
    Membership.objects.filter(user=news.sid).delete()  # before the batch runs
    for args in queued:
        tasks.send_digest_batch.apply(args)
    assert news.sid.email not in [m.to[0] for m in mail.outbox]
    assert DigestDelivery.objects.get(user=news.sid).status == Status.EMPTY


def test_each_person_costs_the_same_few_queries(news):
    def send_to(size):
        staff = [
            MembershipFactory(organisation=news.home_a, role="staff").user.pk for _ in range(size)
        ]
        with CaptureQueriesContext(connection) as queries:
            result = services.send_batch(staff, PERIOD)
        assert result.sent == size
        return sum(1 for q in queries.captured_queries if not plumbing(q["sql"]))

    three, thirty = send_to(3), send_to(30)
    # Per person: the outcome, plus at most 2 for their own content (staff here need none:
    # measured 1 a person). Per batch (measured 13): claiming (3), loading the people (3),
    # the period's shared data, read once, and giving back what was not reached.
    per_person = (thirty - three) / 27
    assert per_person <= 3
    assert three - 3 * per_person <= 16
