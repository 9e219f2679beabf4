"""Digest throughput: emails a second that one Celery worker sends into an SMTP server.

    .venv/bin/python scripts/bench_digests.py [--people 1000] [--runs 5] \\
        [--database postgres://postgres@127.0.0.1:5432/chin_bench_digests] \\
        [--redis redis://127.0.0.1:6379/9] [--pool solo|prefork] [--concurrency 1]

It (re)creates the database you name (it must be a throwaway one: it is dropped first),
migrates it and adds PEOPLE care home staff across homes whose needs got a response last
week, so each has a real digest (the real content and email code). It runs an SMTP server
(aiosmtpd) in this process and one real worker (`celery -A portal worker`) on the Redis
database you name, then, RUNS times: clears the delivery rows, queues last week's digests
the way beat does, and times them from queueing to the last message accepted. Prints each
run and the median, in emails a second. The worker is started once, so its start-up is
not counted; the first run is a warm-up and left out of the median.
"""

import argparse
import logging
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--database", default="postgres://postgres@127.0.0.1:5432/chin_bench_digests"
    )
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/9")
    parser.add_argument("--pool", default="solo", choices=["solo", "prefork"])
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--per-home", type=int, default=10, help="staff at each home")
    return parser.parse_args()


def recreate_database(url: str) -> None:
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.startswith(("chin_bench", "bench_")):
        sys.exit(f"Refusing to drop {name!r}: name a throwaway database (chin_bench_...)")
    admin = urlunsplit(parts._replace(path="/postgres"))
    connection = psycopg2.connect(admin)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


class Sink:
    """Counts the messages it accepts and notes when each arrived."""

    def __init__(self):
        self.lock = threading.Lock()
        self.times: list[float] = []

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.times.append(time.perf_counter())
        return "250 OK"

    def count(self) -> int:
        with self.lock:
            return len(self.times)

    def reset(self) -> None:
        with self.lock:
            self.times.clear()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_people(count: int, per_home: int, period) -> None:
    """`count` staff at homes whose needs a partner answered during the period."""
    from datetime import timedelta

    from allauth.account.models import EmailAddress

    from network.models import Area, Membership, Organisation, User
    from network.roles import OrganisationKind, Role
    from surveys.models import Need, NeedResponse

    area = Area.objects.create(name="Bench ICB area", kind=Area.Kind.ICB)
    icb = Organisation.objects.create(
        name="Bench ICB", kind=OrganisationKind.ICB, area=area, ods_code="QBB"
    )
    partner = User.objects.create_user("partner@bench.example", full_name="Pat Bench")
    partner.is_active = False  # answers needs but gets no digest of their own
    partner.save()
    Membership.objects.create(user=partner, organisation=icb, role=Role.PARTNER)
    homes = (count + per_home - 1) // per_home
    for h in range(homes):
        home = Organisation.objects.create(
            name=f"Bench House {h + 1}",
            kind=OrganisationKind.CARE_HOME,
            area=area,
            cqc_location_id=f"1-{900000000 + h}",
            registered_beds=30,
        )
        staff = User.objects.bulk_create(
            User(email=f"staff{h}-{i}@bench.example", full_name=f"Carer {h}-{i}")
            for i in range(min(per_home, count - h * per_home))
        )
        EmailAddress.objects.bulk_create(
            EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in staff
        )
        Membership.objects.bulk_create(
            Membership(user=u, organisation=home, role=Role.CARE_HOME_STAFF) for u in staff
        )
        need = Need.objects.create(
            organisation=home,
            posted_by=staff[0],
            title=f"Falls at night at house {h + 1}",
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


def main() -> None:
    args = parse_args()
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": args.database,
        "REDIS_URL": args.redis,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "EMAIL_USE_TLS": "false",
        "EMAIL_HOST_USER": "",
        "EMAIL_HOST_PASSWORD": "",
    }
    os.environ.update(env)
    recreate_database(args.database)

    import django

    django.setup()
    from aiosmtpd.controller import Controller
    from celery import Celery
    from django.core.management import call_command
    from django.utils import timezone

    from digests import services
    from digests.models import DigestDelivery
    from digests.periods import last_complete_period

    call_command("migrate", verbosity=0)
    period = last_complete_period("weekly", timezone.localdate())
    started = time.perf_counter()
    make_people(args.people, args.per_home, period)
    print(f"{args.people} people ready in {time.perf_counter() - started:.1f} s")

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # a line per SMTP command
    sink = Sink()
    smtp = Controller(sink, hostname="127.0.0.1", port=port)
    smtp.start()
    queue = f"bench-digests-{uuid.uuid4().hex[:8]}"
    log = tempfile.NamedTemporaryFile("w", suffix=".log", delete=False)  # noqa: SIM115
    worker = subprocess.Popen(  # noqa: S603 (our own command line)
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "-Q",
            queue,
            f"--pool={args.pool}",
            f"--concurrency={args.concurrency}",
            "--loglevel=WARNING",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    broker = Celery("bench", broker=args.redis, set_as_current=False)
    rates = []
    try:
        for run in range(args.runs + 1):
            DigestDelivery.objects.all().delete()
            sink.reset()
            begun = time.perf_counter()
            # The fan-out runs here and the batches go to the worker's own queue.
            user_ids = services.due_user_ids(period)
            for group in services.batches(user_ids):
                broker.send_task(
                    "digests.tasks.send_digest_batch", args=[group, period.key], queue=queue
                )
            deadline = time.monotonic() + 600
            while sink.count() < len(user_ids):
                if worker.poll() is not None or time.monotonic() > deadline:
                    sys.exit(f"The worker stopped or stalled; its log: {log.name}")
                time.sleep(0.01)
            took = sink.times[-1] - begun
            rate = len(user_ids) / took
            label = "warm-up" if run == 0 else f"run {run}"
            print(f"{label}: {len(user_ids)} emails in {took:.2f} s = {rate:.0f} a second")
            if run:
                rates.append(rate)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)
        smtp.stop()
        broker.close()
    print(
        f"Median of {len(rates)} runs: {statistics.median(rates):.0f} emails a second "
        f"(one worker, --pool={args.pool} --concurrency={args.concurrency})"
    )


if __name__ == "__main__":
    main()
