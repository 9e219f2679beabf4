#!/usr/bin/env bash
# make bench: gunicorn (DEBUG off) against the bench database, a headless locust load with
# every role, then bench/RESULTS.md. See README "Benchmark (make bench)".
#   BENCH_DATABASE_URL  default postgres://postgres@127.0.0.1:5432/chin_scale (read only)
#   BENCH_USERS (50), BENCH_SPAWN_RATE (2), BENCH_DURATION (60, seconds measured), BENCH_PORT (8201),
#   BENCH_WEB_WORKERS (4), BENCH_REDIS_URL (redis://127.0.0.1:6379/13: the shared cache and a
#   Celery worker; "none" for an in-memory cache per web worker and no Celery worker),
#   BENCH_OUT (bench/RESULTS.md), BENCH_SKIP_EXTRAS (set: no PDF and digest timings)
# A missing database is made first: migrate, seed_demo, seed_scale (about 3 to 5 minutes).
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
REDIS=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/13}
if [ "$REDIS" = none ]; then REDIS=; fi
WORK=$(mktemp -d /tmp/chin-bench.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

# The national data set: made once (a few minutes), then only migrated.
DB_NAME=${DB##*/}
DB_ADMIN=${DB%/*}/postgres
if ! psql "$DB_ADMIN" -Atc "select 1 from pg_database where datname='$DB_NAME'" | grep -q 1; then
  echo "bench: creating $DB_NAME with the national data set (a few minutes, once)"
  psql "$DB_ADMIN" -qc "create database \"$DB_NAME\""
  DATABASE_URL=$DB $PY manage.py migrate -v0
  DATABASE_URL=$DB $PY manage.py seed_demo >/dev/null
  DATABASE_URL=$DB $PY manage.py seed_scale --scale "${BENCH_SCALE:-1.0}"
  psql "$DB" -qc "vacuum analyze"
else
  DATABASE_URL=$DB $PY manage.py migrate -v0
fi

# TRUSTED_PROXY_COUNT=1: each simulated person sends its own X-Forwarded-For address, so the
# per-address sign-in rate limit applies per person, as it would to real people.
export DATABASE_URL=$DB DEBUG=false HTTPS=false ALLOWED_HOSTS=127.0.0.1 BENCH_QUERY_HEADER=1
export TRUSTED_PROXY_COUNT=1
export SECRET_KEY=${SECRET_KEY:-bench-$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')}
export STATIC_ROOT=$WORK/static LOG_LEVEL=WARNING
if [ -n "$REDIS" ]; then
  export REDIS_URL=$REDIS
  # Dashboards are worked out before people arrive, as the nightly task and a deploy do.
  echo "bench: working out the dashboards (manage.py warm_figures)"
  $PY manage.py warm_figures
fi

echo "bench: collecting static files into $WORK"
$PY manage.py collectstatic --noinput -v0
echo "bench: gunicorn on 127.0.0.1:$PORT ($WORKERS workers) against ${DB##*@}"
.venv/bin/gunicorn portal.wsgi -b "127.0.0.1:$PORT" -w "$WORKERS" \
  --access-logfile /dev/null --error-logfile "$WORK/gunicorn.log" &
GUNICORN=$!
PIDS+=("$GUNICORN")
CELERY_ARGS=()
if [ -n "$REDIS" ]; then
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
PYTHONPATH=. BENCH_QUERIES_OUT=$WORK/queries.json .venv/bin/locust -f bench/locustfile.py --headless \
  -u "$USERS" -r "$RATE" -t "$((RAMP + DURATION))s" --reset-stats \
  --host "http://127.0.0.1:$PORT" \
  --csv "$WORK/run" --only-summary --exit-code-on-error 0 2>"$WORK/locust.log" \
  || { tail -20 "$WORK/locust.log"; exit 1; }
kill "$MEMORY"; wait "$MEMORY" 2>/dev/null || true

# One-page PDFs against the same database (figures from the cache, as people get them), and
# digest throughput with one Celery worker into an SMTP sink (its own throwaway database).
EXTRA=$WORK/extra.md
: >"$EXTRA"
echo "bench: page weight"
{
  echo "Page weight on a first visit (\`bench/page_weight.py\`; target 150 KB compressed):"
  echo
  LAST_MANAGER=$(psql "$DB" -Atc "select email from network_user where email like 'manager.%@scale.example' order by email desc limit 1")
  LAST_WORKER=$(psql "$DB" -Atc "select email from network_user where email like 'worker.%@scale.example' order by email desc limit 1")
  PYTHONPATH=. $PY bench/page_weight.py "http://127.0.0.1:$PORT" "$LAST_MANAGER" "$LAST_WORKER"
  echo
} >>"$EXTRA" 2>&1 || echo "(a page is over 150 KB or a static file is not cached for long: see above)" >>"$EXTRA"
if [ -z "${BENCH_SKIP_EXTRAS:-}" ]; then
  echo "bench: one-page PDFs"
  {
    echo "One-page PDFs (\`scripts/bench_pdfs.py -n 20\`, this database; target 500 ms):"
    echo
    echo '```'
    $PY scripts/bench_pdfs.py -n 20
    echo '```'
  } >>"$EXTRA" 2>&1 || echo "(the PDF timings failed: see above)" >>"$EXTRA"
  if [ -n "$REDIS" ]; then
    echo "bench: digest throughput"
    DIGEST_REDIS=${REDIS%/*}/12
    {
      echo
      echo "Digest emails (\`scripts/bench_digests.py --people 1000 --runs 3\`, one Celery worker, SMTP sink; target 200 a second):"
      echo
      echo '```'
      env -u DATABASE_URL -u REDIS_URL $PY scripts/bench_digests.py --people 1000 --runs 3 --redis "$DIGEST_REDIS" 2>&1 | tail -5
      echo '```'
    } >>"$EXTRA" 2>&1 || echo "(the digest timings failed: see above)" >>"$EXTRA"
  fi
fi

$PY bench/report.py --stats "$WORK/run_stats.csv" --queries "$WORK/queries.json" \
  --memory "$WORK/memory.json" --extra "$EXTRA" --database-url "$DB" --out "$OUT" \
  --command "make bench BENCH_USERS=$USERS BENCH_DURATION=$DURATION" \
  --settings "$USERS users started at $RATE a second, then ${DURATION} s measured; gunicorn with $WORKERS sync workers, DEBUG off" \
  >/dev/null
echo "bench: wrote $OUT (raw CSVs in $WORK)"
