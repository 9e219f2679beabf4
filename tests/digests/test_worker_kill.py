"""THE KILL TEST: a real Celery worker is killed part-way through a period's digests, a new
one starts, and still every person gets exactly one digest.

Needs PostgreSQL and Redis (skipped otherwise): the workers are separate processes that
read the test database (hence `transactional_db`: rows are committed, not rolled back) and
take tasks from this pytest worker's own Redis database. Email goes to an SMTP server
(aiosmtpd) running in this process.

Making the kill land where it should, every time: the SMTP server stops answering the
MAIL command of one message (the 25th) until told to go on. When it has stopped, the
worker is in the middle of that person's SMTP exchange, every earlier message has been
accepted and (we check) marked SENT, and nothing of this one has been accepted. Then the
worker gets SIGKILL: no clean-up, no goodbye to the broker. The batch it was running is
delivered again to the second worker (acks_late; the visibility timeout is 4 s here), which
skips the people already sent and takes over the claim the dead worker left behind.
"""

import asyncio
import email
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from celery import Celery
from django.conf import settings
from django.db import connection
from django.utils import timezone

from digests import content
from digests.models import DigestDelivery
from digests.periods import last_complete_period
from digests.services import FINAL
from network.roles import OrganisationKind, Role
from surveys.models import Need, NeedResponse
from tests.factories import MembershipFactory, OrganisationFactory

PEOPLE = 60
STOP_AT = 25  # the message the SMTP server holds while the worker is killed
BATCH = 10  # DIGEST_BATCH_SIZE in worker_kill_settings
# The killed worker's batch: the person it was sending and the rest of the batch.
LEFT_CLAIMED = BATCH - (STOP_AT - 1) % BATCH
Status = DigestDelivery.Status


class Sink:
    """An SMTP server that keeps what it accepts and can hold one MAIL command."""

    def __init__(self, hold_at: int):
        self.lock = threading.Lock()
        self.accepted: list[tuple[str, tuple[str, ...]]] = []  # (Message-ID, recipients)
        self.mail_commands = 0
        self.hold_at = hold_at
        self.holding = threading.Event()
        self.go_on = threading.Event()

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        with self.lock:
            self.mail_commands += 1
            number = self.mail_commands
        if number == self.hold_at:
            self.holding.set()
            await asyncio.get_running_loop().run_in_executor(None, self.go_on.wait, 60)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        with self.lock:
            self.accepted.append((message["Message-ID"], tuple(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"

    def count(self) -> int:
        with self.lock:
            return len(self.accepted)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}"
    )


class Workers:
    """Celery workers started for this test (each in a process group of its own)."""

    def __init__(self, env: dict, queue: str, logs):
        self.env, self.queue, self.logs = env, queue, logs
        self.running: list[subprocess.Popen] = []

    def start(self, name: str) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "w")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "portal",
                "worker",
                "--pool=solo",
                "-Q",
                self.queue,
                "-n",
                f"{name}@%h",
                "--loglevel=INFO",
                "--without-heartbeat",
                "--without-mingle",
                "--without-gossip",
            ],
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        process.log = log
        self.running.append(process)
        return process

    def kill(self, process) -> None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in self.running:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=10)
            process.log.close()

    def tail(self) -> str:
        text = []
        for path in sorted(self.logs.glob("*.log")):
            lines = path.read_text().splitlines()[-25:]
            text.append(f"--- {path.name}\n" + "\n".join(lines))
        return "\n".join(text)


def wait_for(what: str, check, workers: Workers, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"Timed out waiting for {what}\n{workers.tail()}")
        time.sleep(0.05)


def people_with_news(period) -> list:
    """PEOPLE care home staff whose home's need got a response during the period."""
    home = OrganisationFactory(name="Oak House")
    icb = OrganisationFactory(
        name="Solent ICB",
        kind=OrganisationKind.ICB,
        cqc_location_id=None,
        registered_beds=None,
        ods_code="QZZ",
    )
    staff = [
        MembershipFactory(organisation=home, role=Role.CARE_HOME_STAFF).user for _ in range(PEOPLE)
    ]
    # The partner who answered has left: nobody but the staff is due a digest.
    partner = MembershipFactory(organisation=icb, role=Role.PARTNER, user__is_active=False).user
    need = Need.objects.create(
        organisation=home,
        posted_by=staff[0],
        title="Help with falls at night",
        description="Ideas welcome.",
        created_at=period.start + timedelta(days=1),
    )
    NeedResponse.objects.create(
        need=need,
        author=partner,
        organisation=icb,
        kind=NeedResponse.Kind.OFFER,
        body="We can run a falls workshop.",
        created_at=period.start + timedelta(days=2),
    )
    return staff


def test_a_worker_killed_mid_run_leaves_everyone_with_exactly_one_digest(
    transactional_db, tmp_path
):
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip("Needs PostgreSQL and Redis (DATABASE_URL and REDIS_URL)")
    period = last_complete_period("weekly", timezone.localdate())
    staff = people_with_news(period)
    assert content.build_digest(staff[-1], period) is not None  # each has something new

    sink = Sink(hold_at=STOP_AT)
    port = free_port()
    smtp = Controller(sink, hostname="127.0.0.1", port=port)
    smtp.start()
    # This pytest worker's own Redis database (tests/conftest.py gives each one its own).
    redis_url = settings.CACHES["default"]["LOCATION"]
    queue = f"digests-kill-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.digests.worker_kill_settings",
        "DIGEST_KILL_TEST_QUEUE": queue,
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "EMAIL_USE_TLS": "false",
        "EMAIL_HOST_USER": "",
        "EMAIL_HOST_PASSWORD": "",
    }
    workers = Workers(env, queue, tmp_path)
    broker = Celery("kill-test", broker=redis_url, set_as_current=False)
    try:
        first = workers.start("first")
        broker.send_task("digests.tasks.send_due_digests", args=["weekly", period.key], queue=queue)
        wait_for("the SMTP server to hold a message", sink.holding.is_set, workers)

        # Mid-send for person 25: 24 accepted, 24 marked sent, nothing half-done.
        sent = DigestDelivery.objects.filter(period=period.key, status=Status.SENT)
        assert sink.count() == STOP_AT - 1 == sent.count()
        workers.kill(first)
        assert first.returncode == -signal.SIGKILL
        sink.go_on.set()
        assert sink.count() == STOP_AT - 1  # the held message never arrived
        assert DigestDelivery.objects.filter(status=Status.CLAIMED).count() == LEFT_CLAIMED

        workers.start("second")
        rows = DigestDelivery.objects.filter(period=period.key)
        wait_for(
            "every row to be final",
            lambda: rows.filter(status__in=FINAL).count() == PEOPLE,
            workers,
            timeout=40,
        )
    finally:
        workers.stop_all()
        smtp.stop()
        broker.close()

    # Exactly one digest each: by Message-ID and by recipient.
    ids = Counter(message_id for message_id, _ in sink.accepted)
    recipients = Counter(to for _, tos in sink.accepted for to in tos)
    assert len(sink.accepted) == PEOPLE
    assert set(ids.values()) == {1} and len(ids) == PEOPLE
    assert recipients == Counter(person.email for person in staff)
    assert rows.count() == PEOPLE
    assert set(rows.values_list("status", flat=True)) == {Status.SENT}
    assert set(rows.values_list("message_id", flat=True)) == set(ids)
    # Only the people the killed worker had claimed and not sent needed a second claim.
    assert rows.filter(attempts__gt=1).count() == LEFT_CLAIMED
