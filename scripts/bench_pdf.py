"""Time the one-page project PDF: the first render (which builds the stylesheet and font
configuration) and then N more, as the view does them (queries, charts, layout, PDF).

    SQLITE_PATH=/tmp/demo.sqlite3 .venv/bin/python scripts/bench_pdf.py [--project PK] [-n 20]

Uses the project you name, or else the project with the most key-measure values (run
`manage.py seed_demo` first). Prints the median and 95th percentile in milliseconds,
the PDF's size and its number of pages. The target is under 500 ms.
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

from qi_cycles import access  # noqa: E402
from qi_cycles import pdf as project_pdfs  # noqa: E402
from qi_cycles.models import Project  # noqa: E402


def pick(pk: int | None) -> Project:
    projects = access.projects()
    if pk is not None:
        return projects.get(pk=pk)
    busiest = (
        Project.objects.annotate(
            points=Count("measures__values", filter=Q(measures__is_key=True)),
            n_cycles=Count("cycles", distinct=True),
        )
        .order_by("-points", "-n_cycles", "pk")
        .first()
    )
    if busiest is None:
        sys.exit("No projects: run `manage.py seed_demo` first, or pass --project.")
    return projects.get(pk=busiest.pk)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=int, help="the project's id")
    parser.add_argument("-n", type=int, default=20, help="renders to time (default 20)")
    args = parser.parse_args()
    project = pick(args.project)

    start = time.perf_counter()
    first = project_pdfs.project_pdf(project)
    first_ms = (time.perf_counter() - start) * 1000

    wall, cpu = [], []
    for _ in range(args.n):
        project = pick(project.pk)  # fresh from the database, as in a request
        start, start_cpu = time.perf_counter(), time.process_time()
        body = project_pdfs.project_pdf(project)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    pages = len(project_pdfs.project_document(project).pages)

    print(f"Project {project.pk}: {project.title} ({project.home.name})")
    print(f"First render (builds stylesheet and fonts): {first_ms:.0f} ms, {len(first)} bytes")
    print(f"{args.n} renders, wall clock: {_stats(wall)}")
    print(f"{args.n} renders, CPU time:   {_stats(cpu)}  (less affected by a busy machine)")
    print(f"PDF: {len(body)} bytes, {pages} page{'s' if pages != 1 else ''}")
    print(f"Load average now: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


def _stats(ms: list[float]) -> str:
    ms = sorted(ms)
    p95 = ms[max(0, round(0.95 * len(ms)) - 1)]
    return (
        f"median {statistics.median(ms):.0f} ms, p95 {p95:.0f} ms, "
        f"min {ms[0]:.0f} ms, max {ms[-1]:.0f} ms"
    )


if __name__ == "__main__":
    main()
