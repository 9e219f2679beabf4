#!/usr/bin/env bash
# make bench: gunicorn (DEBUG off) against the bench database, a headless locust load with
# every role, then bench/RESULTS.md. See README "Benchmark (make bench)".
#   BENCH_DATABASE_URL  default postgres://postgres@127.0.0.1:5432/chin_scale (read only)
#   BENCH_USERS (50), BENCH_SPAWN_RATE (2), BENCH_DURATION (60, seconds measured), BENCH_PORT (8201),
#   BENCH_WEB_WORKERS (4), BENCH_REDIS_URL (none: in-memory cache, no Celery worker),
#   BENCH_OUT (bench/RESULTS.md)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
DB=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/chin_scale}
USERS=${BENCH_USERS:-50}
RATE=${BENCH_SPAWN_RATE:-2}
DURATION=${BENCH_DURATION:-60}
DURATION=${DURATION%s}
PORT=${BENCH_PORT:-8201}
WORKERS=${BENCH_WEB_WORKERS:-4}
OUT=${BENCH_OUT:-bench/RESULTS.md}
WORK=$(mktemp -d /tmp/chin-bench.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

# TRUSTED_PROXY_COUNT=1: each simulated person sends its own X-Forwarded-For address, so the
# per-address sign-in rate limit applies per person, as it would to real people.
export DATABASE_URL=$DB DEBUG=false HTTPS=false ALLOWED_HOSTS=127.0.0.1 BENCH_QUERY_HEADER=1
export TRUSTED_PROXY_COUNT=1
export SECRET_KEY=${SECRET_KEY:-bench-$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')}
export STATIC_ROOT=$WORK/static LOG_LEVEL=WARNING
if [ -n "${BENCH_REDIS_URL:-}" ]; then export REDIS_URL=$BENCH_REDIS_URL; fi

echo "bench: collecting static files into $WORK"
$PY manage.py collectstatic --noinput -v0
echo "bench: gunicorn on 127.0.0.1:$PORT ($WORKERS workers) against ${DB##*@}"
.venv/bin/gunicorn portal.wsgi -b "127.0.0.1:$PORT" -w "$WORKERS" \
  --access-logfile /dev/null --error-logfile "$WORK/gunicorn.log" &
GUNICORN=$!
PIDS+=("$GUNICORN")
CELERY_ARGS=()
if [ -n "${BENCH_REDIS_URL:-}" ]; then
  .venv/bin/celery -A portal worker --pool solo -c 1 -l WARNING >"$WORK/celery.log" 2>&1 &
  CELERY_ARGS=(--celery $!)
  PIDS+=("$!")
fi
for _ in $(seq 60); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break
  sleep 1
done
curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null || { cat "$WORK/gunicorn.log"; exit 1; }
$PY bench/memory.py "$WORK/memory.json" --web "$GUNICORN" "${CELERY_ARGS[@]}" &
MEMORY=$!
PIDS+=("$MEMORY")

# Signing in is slow on purpose (password hashing), so people start gradually and the
# figures are reset once all have started: the table measures DURATION seconds of pages.
RAMP=$(( (USERS + RATE - 1) / RATE ))
echo "bench: locust, $USERS users (starting $RATE a second, then ${DURATION}s measured)"
BENCH_QUERIES_OUT=$WORK/queries.json .venv/bin/locust -f bench/locustfile.py --headless \
  -u "$USERS" -r "$RATE" -t "$((RAMP + DURATION))s" --reset-stats \
  --host "http://127.0.0.1:$PORT" \
  --csv "$WORK/run" --only-summary --exit-code-on-error 0 2>"$WORK/locust.log" \
  || { tail -20 "$WORK/locust.log"; exit 1; }
kill "$MEMORY"; wait "$MEMORY" 2>/dev/null || true

$PY bench/report.py --stats "$WORK/run_stats.csv" --queries "$WORK/queries.json" \
  --memory "$WORK/memory.json" --database-url "$DB" --out "$OUT" \
  --command "make bench BENCH_USERS=$USERS BENCH_DURATION=$DURATION" \
  --settings "$USERS users started at $RATE a second, then ${DURATION} s measured; gunicorn with $WORKERS sync workers, DEBUG off" \
  >/dev/null
echo "bench: wrote $OUT (raw CSVs in $WORK)"
