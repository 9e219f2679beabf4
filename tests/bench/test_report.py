"""bench/report.py: locust's stats CSV into the RESULTS.md table, with the floor ratio and
the issue's targets."""

from datetime import UTC, datetime

from bench.report import page_table, read_stats, render

HEADER = (
    "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,"
    "Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,"
    "50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%\n"
)


def _line(method, name, count, failures, p50, p95, top, rps):
    rest = ",".join([str(p50)] * 5 + [str(p95)] * 2 + [str(top)] * 4)
    return f"{method},{name},{count},{failures},{p50},{p50},1,{top},100,{rps},0,{rest}\n"


def _stats(tmp_path):
    path = tmp_path / "run_stats.csv"
    path.write_text(
        HEADER
        + _line("POST", "(sign in)", 5, 0, 800, 1100, 1200, 0.5)
        + _line("GET", "floor", 40, 0, 10, 14, 20, 4.0)
        + _line("GET", "needs list", 30, 0, 25, 60, 90, 3.0)
        + _line("GET", "project", 30, 0, 45, 80, 95, 3.0)
        + _line("GET", "home", 30, 2, 20, 130, 400, 3.0)
        + _line("GET", "national dashboard", 10, 0, 28, 240, 260, 1.0)
        + "GET,(find need),0,0,0,0,0,0,0,0,0,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A\n"
        + ",Aggregated,175,2,20,30,1,1200,100,14.5,0,20,25,30,40,80,130,200,400,1200,1200,1200\n"
    )
    return path


def _rows_by_name(lines):
    return {line.split(" | ")[0].lstrip("| "): line for line in lines[2:]}


def test_reads_every_request_row_but_not_the_total_nor_rows_without_requests(tmp_path):
    rows = read_stats(_stats(tmp_path))
    assert [r.name for r in rows] == [
        "(sign in)",
        "floor",
        "needs list",
        "project",
        "home",
        "national dashboard",
    ]
    home = rows[4]
    assert (home.requests, home.errors, home.p50, home.p95, home.max) == (30, 2, 20, 130, 400)


def test_table_shows_the_ratio_to_the_floor_and_the_targets(tmp_path):
    queries = {"floor": [3, 3], "needs list": [9, 9, 11], "(sign in) POST": [20]}
    table = _rows_by_name(page_table(read_stats(_stats(tmp_path)), queries))
    assert list(table)[0] == "floor"
    assert table["floor"].endswith("| 3 | 1.0 | met |")
    assert table["needs list"].endswith("| 9 (9–11) | 2.5 | met |")
    # 45 ms is 4.5 times the floor's 10 ms.
    assert table["project"].endswith("| – | 4.5 | missed: p50 > 3 × floor |")
    assert "missed: p95 > 100 ms, errors" in table["home"]
    # Dashboards may take 250 ms at p95.
    assert table["national dashboard"].endswith("| 2.8 | met |")
    assert table["(sign in) POST"].endswith("| 20 | 80.0 | (not a page) |")


def test_results_page_lists_the_misses_data_and_machine(tmp_path):
    text = render(
        read_stats(_stats(tmp_path)),
        {},
        command="make bench",
        when=datetime(2026, 11, 24, 20, 0, tzinfo=UTC),
        data_lines=["| surveys_need | 150,000 |"],
        machine_lines=["- CPU: test, 2 cores"],
        settings_line="50 users, 60 s",
    )
    assert "Run on 2026-11-24 20:00 UTC with `make bench` (50 users, 60 s)." in text
    assert "targets met on 3; missed on: project, home." in text
    assert "Errors (all requests, sign-in included): 2." in text
    assert "| surveys_need | 150,000 |" in text and "- CPU: test, 2 cores" in text
