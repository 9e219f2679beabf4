"""Peak memory (RSS) of the gunicorn web workers and a Celery worker during `make bench`.

    .venv/bin/python bench/memory.py OUT.json --web GUNICORN_MASTER_PID [--celery PID]

Samples every half second until stopped (SIGTERM or SIGINT), then writes the largest RSS
seen in any one web worker (a child of the gunicorn master) and in the Celery process tree,
in bytes. Needs psutil (the bench dependency group).
"""

import argparse
import json
import signal
import time

import psutil


def _rss(process: psutil.Process) -> int:
    try:
        return process.memory_info().rss
    except psutil.Error:
        return 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--web", type=int, required=True)
    parser.add_argument("--celery", type=int)
    args = parser.parse_args()
    peak = {"web": 0}
    if args.celery:
        peak["celery"] = 0
    running = True

    def stop(*_):
        nonlocal running
        running = False

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while running:
        try:
            workers = psutil.Process(args.web).children()
        except psutil.Error:
            workers = []
        peak["web"] = max([peak["web"], *(_rss(w) for w in workers)])
        if args.celery:
            try:
                tree = [psutil.Process(args.celery), *psutil.Process(args.celery).children()]
            except psutil.Error:
                tree = []
            peak["celery"] = max([peak["celery"], *(_rss(p) for p in tree)])
        with open(args.out, "w") as out:
            json.dump(peak, out)
        time.sleep(0.5)


if __name__ == "__main__":
    main()
