"""Time the dashboards' one-page PDFs: the area summary (for a project worker: the whole
network, and for a partner: their areas), a care home's summary and a project's
staff-room poster. Each is timed as its view makes it: the queries, the figures and
charts, the layout and the PDF bytes.

    SQLITE_PATH=/tmp/demo.sqlite3 .venv/bin/python scripts/bench_pdfs.py [-n 20]

Run `manage.py seed_demo` first. One warm-up render of each (it builds the stylesheet and
font configuration once per process) is left out; then N renders of each. Prints the
median and 95th percentile in milliseconds, wall clock and CPU time (CPU time is less
affected by a busy machine), with each PDF's size and number of pages. The target is
under 500 ms.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.db.models import Count, Q  # noqa: E402
from django.http import QueryDict  # noqa: E402

from dashboards import pdf as reports  # noqa: E402
from dashboards import selectors_home  # noqa: E402
from dashboards.filters import scope_for  # noqa: E402
from network.models import Membership, Organisation, User  # noqa: E402
from network.roles import OrganisationKind, Role  # noqa: E402
from qi_cycles import access  # noqa: E402
from qi_cycles.models import Project  # noqa: E402

TARGET_MS = 500


def _someone(role: str) -> User:
    membership = (
        Membership.objects.filter(role=role, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if membership is None:
        sys.exit(f"Nobody with the role {role}: run `manage.py seed_demo` first.")
    return User.objects.get(pk=membership.user_id)  # fresh, without cached memberships


def _busiest_home() -> Organisation:
    home = (
        Organisation.objects.filter(kind=OrganisationKind.CARE_HOME)
        .annotate(n=Count("needs", distinct=True) + Count("qi_projects", distinct=True))
        .order_by("-n", "pk")
        .first()
    )
    if home is None:
        sys.exit("No care homes: run `manage.py seed_demo` first.")
    return home


def _busiest_project() -> Project:
    busiest = (
        Project.objects.annotate(
            points=Count("measures__values", filter=Q(measures__is_key=True)),
            n_cycles=Count("cycles", distinct=True),
        )
        .order_by("-points", "-n_cycles", "pk")
        .first()
    )
    if busiest is None:
        sys.exit("No projects: run `manage.py seed_demo` first.")
    return busiest


def cases() -> list[tuple[str, object]]:
    """(name, function making the PDF bytes the way its view does)."""
    worker, partner = _someone(Role.PROJECT_WORKER), _someone(Role.PARTNER)
    home = _busiest_home()
    project_pk = _busiest_project().pk
    period = selectors_home.period_of(selectors_home.DEFAULT_MONTHS)

    def area(user_pk):
        def make():
            user = User.objects.get(pk=user_pk)
            _, scope = scope_for(user, QueryDict(""))
            return reports.area_document(scope)

        return make

    def home_summary():
        user = User.objects.get(pk=worker.pk)
        return reports.home_document(user, Organisation.objects.get(pk=home.pk), period)

    def poster():
        return reports.poster_document(access.projects().get(pk=project_pk))

    return [
        ("Area summary, whole network (project worker)", area(worker.pk)),
        ("Area summary, a partner's areas", area(partner.pk)),
        (f"Home summary: {home.name}", home_summary),
        (f"Poster: {Project.objects.get(pk=project_pk).title}", poster),
    ]


def _stats(ms: list[float]) -> tuple[float, float, str]:
    ms = sorted(ms)
    p95 = ms[max(0, round(0.95 * len(ms)) - 1)]
    median = statistics.median(ms)
    return median, p95, f"median {median:.0f} ms, p95 {p95:.0f} ms, max {ms[-1]:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20, help="renders of each PDF (default 20)")
    args = parser.parse_args()
    slow = []
    for name, make in cases():
        start = time.perf_counter()
        reports.pdf.write_pdf(make())  # warm-up
        first_ms = (time.perf_counter() - start) * 1000
        wall, cpu = [], []
        for _ in range(args.n):
            start, start_cpu = time.perf_counter(), time.process_time()
            document = make()
            body = reports.pdf.write_pdf(document)
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        pages = len(document.pages)
        median, p95, wall_text = _stats(wall)
        print(name)
        print(f"  first render {first_ms:.0f} ms; {len(body):,} bytes, {pages} page(s)")
        print(f"  {args.n} renders, wall clock: {wall_text}")
        print(f"  {args.n} renders, CPU time:   {_stats(cpu)[2]}")
        if p95 >= TARGET_MS:
            slow.append(name)
    print(f"Load average now: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if slow:
        print(f"95th percentile at or over {TARGET_MS} ms: {'; '.join(slow)}")


if __name__ == "__main__":
    main()
