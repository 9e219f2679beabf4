"""Turns a locust run into bench/RESULTS.md: per page p50, p95, max, requests a second,
errors, SQL queries a request and p50 as a multiple of the floor page's, each beside the
issue's targets; then the data size, the machine, the date and the command.

    .venv/bin/python bench/report.py --stats RUN_stats.csv --queries queries.json \\
        --database-url postgres://... --command "make bench" [--memory memory.json] \\
        [--out bench/RESULTS.md]

Only the standard library and psycopg2 (a portal dependency): the tests import it.
"""

import argparse
import csv
import json
import os
import platform
import statistics
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

FLOOR = "floor"
PAGE_P95_MS = 100
DASHBOARD_P95_MS = 250
FLOOR_MULTIPLE = 3
WEB_WORKER_MB = 200
# The biggest tables, for the data size.
BIG_TABLES = [
    "network_organisation",
    "network_user",
    "surveys_need",
    "surveys_needresponse",
    "surveys_answer",
    "qi_cycles_project",
    "qi_cycles_cycle",
    "qi_cycles_measurevalue",
    "training_learningrecord",
    "network_event",
]


@dataclass
class Row:
    method: str
    name: str
    requests: int
    errors: int
    p50: float
    p95: float
    max: float
    rps: float

    @property
    def is_setup(self) -> bool:
        """Sign-in steps and link finding: shown, but not pages with targets."""
        return self.name.startswith("(")

    @property
    def p95_target(self) -> int:
        return DASHBOARD_P95_MS if "dashboard" in self.name else PAGE_P95_MS


def read_stats(path: Path) -> list[Row]:
    """The per-request rows of locust's RUN_stats.csv (not the Aggregated line)."""
    rows = []
    with open(path, newline="") as f:
        for line in csv.DictReader(f):
            # Requests seen only before the figures were reset have no times ("N/A").
            if line["Name"] == "Aggregated" or line["Request Count"] == "0":
                continue
            rows.append(
                Row(
                    method=line["Type"],
                    name=line["Name"],
                    requests=int(line["Request Count"]),
                    errors=int(line["Failure Count"]),
                    p50=float(line["50%"]),
                    p95=float(line["95%"]),
                    max=float(line["Max Response Time"]),
                    rps=float(line["Requests/s"]),
                )
            )
    return rows


def _queries(counts: list[int] | None) -> str:
    if not counts:
        return "–"
    low, high = min(counts), max(counts)
    return str(low) if low == high else f"{statistics.median(counts):g} ({low}–{high})"


def check_row(row: Row, floor_p50: float | None) -> tuple[str, list[str]]:
    """The p50 ÷ floor ratio as text, and the targets the row misses (empty: all met)."""
    missed = []
    if row.p95 > row.p95_target:
        missed.append(f"p95 > {row.p95_target} ms")
    ratio = "–"
    if floor_p50:
        multiple = row.p50 / floor_p50
        ratio = f"{multiple:.1f}"
        if row.name != FLOOR and multiple > FLOOR_MULTIPLE:
            missed.append(f"p50 > {FLOOR_MULTIPLE} × floor")
    if row.errors:
        missed.append("errors")
    return ratio, missed


def page_table(rows: list[Row], queries: dict[str, list[int]]) -> list[str]:
    floor = next((r for r in rows if r.name == FLOOR and r.method == "GET"), None)
    floor_p50 = floor.p50 if floor else None
    lines = [
        "| Page | Requests | p50 ms | p95 ms | max ms | req/s | Errors | SQL queries "
        "| p50 ÷ floor | Targets |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    pages = sorted((r for r in rows if not r.is_setup), key=lambda r: (r.name != FLOOR, r.name))
    setup = [r for r in rows if r.is_setup]
    for row in pages + setup:
        ratio, missed = check_row(row, floor_p50)
        if row.is_setup:
            verdict = "(not a page)"
        else:
            verdict = "met" if not missed else "missed: " + ", ".join(missed)
        name = row.name if row.method == "GET" else f"{row.name} {row.method}"
        lines.append(
            f"| {name} | {row.requests} | {row.p50:g} | {row.p95:g} | {row.max:.0f} "
            f"| {row.rps:.2f} | {row.errors} | {_queries(queries.get(name))} "
            f"| {ratio} | {verdict} |"
        )
    return lines


def summary(rows: list[Row]) -> list[str]:
    pages = [r for r in rows if not r.is_setup]
    floor = next((r for r in pages if r.name == FLOOR), None)
    missed = [r.name for r in pages if check_row(r, floor.p50 if floor else None)[1]]
    errors = sum(r.errors for r in rows)
    lines = [
        f"- Pages measured: {len(pages)}; targets met on {len(pages) - len(missed)}"
        + (f"; missed on: {', '.join(missed)}." if missed else "."),
        f"- Errors (all requests, sign-in included): {errors}.",
    ]
    if floor is None:
        lines.append("- No floor page in this run: the p50 ÷ floor column is empty.")
    return lines


def data_size(database_url: str) -> list[str]:
    import psycopg2

    lines = ["| Table | Rows |", "|---|--:|"]
    with psycopg2.connect(database_url) as conn, conn.cursor() as cur:
        for table in BIG_TABLES:
            try:
                cur.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - fixed names
                lines.append(f"| {table} | {cur.fetchone()[0]:,} |")
            except psycopg2.Error:
                conn.rollback()
        cur.execute("SELECT pg_size_pretty(pg_database_size(current_database())), version()")
        size, version = cur.fetchone()
    return [*lines, "", f"Database size: {size}.", "", f"PostgreSQL: {version.split(',')[0]}."]


def machine() -> list[str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        ram = f"{kb / 1024 / 1024:.1f} GB"
    except OSError:
        ram = "unknown"
    return [
        f"- CPU: {cpu}, {os.cpu_count()} cores",
        f"- RAM: {ram}",
        f"- Python {platform.python_version()}, {platform.system()} {platform.release()}",
    ]


def memory_lines(memory: dict) -> list[str]:
    lines = []
    for label, key in (("web worker (gunicorn)", "web"), ("Celery worker", "celery")):
        if key in memory:
            mb = memory[key] / 1024 / 1024
            target = f" (target ≤ {WEB_WORKER_MB} MB: {'met' if mb <= WEB_WORKER_MB else 'missed'})"
            lines.append(
                f"- Peak memory of a {label}: {mb:.0f} MB" + (target if key == "web" else "")
            )
    return lines


def render(
    rows, queries, *, command, when, data_lines, machine_lines, settings_line, extra=()
) -> str:
    out = [
        "# Benchmark results",
        "",
        f"Run on {when:%Y-%m-%d %H:%M} UTC with `{command}` ({settings_line}).",
        "Times are in milliseconds, from locust (its percentiles are rounded to 2 significant",
        "figures). SQL queries per request come from the `X-Query-Count` header: the median,",
        "with the range when it varies. Rows in brackets are signing in and finding links: not",
        "pages with targets. Targets (issue 8): every page p95 ≤ 100 ms and p50 ≤ 3 × the",
        "floor page (a signed-in page with no queries of its own); dashboards p95 ≤ 250 ms;",
        "no errors.",
        "",
        "## Pages",
        "",
        *page_table(rows, queries),
        "",
        *summary(rows),
        "",
    ]
    if extra:
        out += ["## Memory, PDFs and digests", "", *extra, ""]
    out += ["## Data size", "", *data_lines, "", "## Machine", "", *machine_lines, ""]
    return "\n".join(out)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stats", type=Path, required=True)
    parser.add_argument("--queries", type=Path)
    parser.add_argument("--memory", type=Path)
    parser.add_argument("--extra", type=Path, help="Markdown lines to add (PDFs, digests)")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--command", default="make bench")
    parser.add_argument("--settings", default="")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "RESULTS.md")
    args = parser.parse_args(argv)
    rows = read_stats(args.stats)
    queries = json.loads(args.queries.read_text()) if args.queries and args.queries.exists() else {}
    extra = []
    if args.memory and args.memory.exists():
        extra += memory_lines(json.loads(args.memory.read_text()))
    if args.extra and args.extra.exists():
        extra += args.extra.read_text().splitlines()
    text = render(
        rows,
        queries,
        command=args.command,
        when=datetime.now(UTC),
        data_lines=data_size(args.database_url),
        machine_lines=machine(),
        settings_line=args.settings,
        extra=extra,
    )
    args.out.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
