#!/usr/bin/env bash
# Fault: PostgreSQL restarts under a running portal.
#
# Starts a throwaway PostgreSQL cluster of its own (initdb in a temporary directory, port
# FAULT_PG_PORT, never the shared server on 5432), migrates it, collects static files and
# starts gunicorn with production settings. Then:
#   1. /healthz and a page answer 200;
#   2. the cluster is stopped (pg_ctl stop -m fast): the page answers the 503 page with
#      Retry-After, and /healthz answers 503;
#   3. the cluster is started again: the same page answers 200 without restarting gunicorn.
# Everything it started is stopped and removed on exit. Needs root (it runs PostgreSQL as
# the postgres user) and the Debian postgresql package.
#
# Usage: bash scripts/fault_postgres_restart.sh
set -euo pipefail

FAULT_PG_PORT="${FAULT_PG_PORT:-5439}"
FAULT_PORT="${FAULT_PORT:-8316}"
FAULT_PAGE="${FAULT_PAGE:-/learn/}"
FAULT_TIMEOUT="${FAULT_TIMEOUT:-150}"

if [ -z "${_FAULT_BOUNDED:-}" ]; then
    _FAULT_BOUNDED=1 timeout --kill-after 20 "$FAULT_TIMEOUT" bash "$0" "$@" && exit 0
    status=$?
    [ "$status" = 124 ] && echo "fault_postgres_restart: FAILED: took longer than ${FAULT_TIMEOUT}s" >&2
    exit "$status"
fi

cd "$(dirname "$0")/.."
PY=.venv/bin/python
[ -x "$PY" ] || { echo "fault_postgres_restart: $PY is missing; run 'make deps' first" >&2; exit 1; }
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$PGBIN" ] || { echo "fault_postgres_restart: PostgreSQL binaries not found" >&2; exit 1; }

started=$(date +%s)
step() { printf '\n=== fault_postgres_restart: %s (%ss)\n' "$*" "$(( $(date +%s) - started ))"; }
fail() { echo "fault_postgres_restart: FAILED: $*" >&2; exit 1; }

WORK=$(mktemp -d -t chin-fault-pg.XXXXXX)
chmod 755 "$WORK"
# Everything PostgreSQL writes (data, socket, its log) lives in a directory the postgres user owns.
PGHOME="$WORK/pg"
mkdir -p "$PGHOME"
chown postgres: "$PGHOME"
PGDATA="$PGHOME/data"
GUNICORN_PID=""
ok=0

as_postgres() { runuser -u postgres -- "$@"; }

cleanup() {
    local status=$?
    set +e
    if [ -n "$GUNICORN_PID" ]; then
        kill -TERM -- "-$GUNICORN_PID" 2>/dev/null
        for _ in $(seq 1 50); do kill -0 "$GUNICORN_PID" 2>/dev/null || break; sleep 0.2; done
        kill -KILL -- "-$GUNICORN_PID" 2>/dev/null
    fi
    if [ -f "$PGDATA/postmaster.pid" ]; then
        as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" stop -m immediate >/dev/null 2>&1
    fi
    if [ "$ok" != 1 ]; then
        for log in "$WORK"/*.log "$PGHOME"/*.log; do
            [ -f "$log" ] || continue
            echo "----- $(basename "$log") (last 60 lines) -----" >&2
            tail -n 60 "$log" >&2
        done
        echo "fault_postgres_restart: FAILED after $(( $(date +%s) - started ))s (exit $status)" >&2
        [ "$status" = 0 ] && status=1
    else
        echo "fault_postgres_restart: OK in $(( $(date +%s) - started ))s"
    fi
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pg_start() {
    as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGHOME/postgres.log" -w -t 30 \
        -o "-p $FAULT_PG_PORT -k $PGHOME -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
}

step "throwaway PostgreSQL cluster on port $FAULT_PG_PORT"
if "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$FAULT_PG_PORT"; then
    fail "something already answers on port $FAULT_PG_PORT"
fi
as_postgres "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 >"$WORK/initdb.log" 2>&1 \
    || fail "initdb (see initdb.log)"
pg_start || fail "PostgreSQL did not start (see postgres.log)"

export DJANGO_SETTINGS_MODULE=portal.settings
export DEBUG=false
SECRET_KEY=$("$PY" -c 'import secrets, string; a = string.ascii_letters + string.digits; print("".join(secrets.choice(a) for _ in range(60)))')
export SECRET_KEY
export ALLOWED_HOSTS=127.0.0.1,localhost
export HTTPS=false
export SITE_URL="http://127.0.0.1:$FAULT_PORT"
export DATABASE_URL="postgres://postgres@127.0.0.1:$FAULT_PG_PORT/postgres"
export STATIC_ROOT="$WORK/staticfiles"
export MEDIA_ROOT="$WORK/media"
export PYTHONUNBUFFERED=1
unset SQLITE_PATH EMAIL_HOST REDIS_URL
mkdir -p "$MEDIA_ROOT"

step "migrate and collectstatic"
timeout 90 "$PY" manage.py migrate --no-input >"$WORK/migrate.log" 2>&1 || fail "migrate (see migrate.log)"
timeout 60 "$PY" manage.py collectstatic --no-input >"$WORK/collectstatic.log" 2>&1 \
    || fail "collectstatic (see collectstatic.log)"

step "start gunicorn on port $FAULT_PORT"
setsid .venv/bin/gunicorn portal.wsgi --bind "127.0.0.1:$FAULT_PORT" --workers 2 --timeout 30 \
    --no-control-socket --error-logfile - >"$WORK/gunicorn.log" 2>&1 &
GUNICORN_PID=$!

# check <path> <status> [text]: wait up to ~20 s for <path> to answer <status> (and show <text>).
check() {
    "$PY" - "http://127.0.0.1:$FAULT_PORT$1" "$2" "${3:-}" <<'PYEOF'
import sys, time, urllib.error, urllib.request
url, want, text = sys.argv[1], int(sys.argv[2]), sys.argv[3]
last = "no answer"
for _ in range(40):
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            status, headers, body = resp.status, resp.headers, resp.read().decode()
    except urllib.error.HTTPError as error:
        status, headers, body = error.code, error.headers, error.read().decode()
    except OSError as error:
        status, headers, body = None, {}, repr(error)
    if status == want and text in body:
        extra = f", Retry-After: {headers.get('Retry-After')}" if status == 503 else ""
        print(f"{url}: {status}{extra}")
        if status == 503 and "healthz" not in url and headers.get("Retry-After") != "60":
            sys.exit("503 without Retry-After: 60")
        sys.exit(0)
    last = f"{status} {body[:200]!r}"
    time.sleep(0.5)
sys.exit(f"{url}: wanted {want}, last answer {last}")
PYEOF
}

step "database up: /healthz and $FAULT_PAGE answer 200"
check /healthz 200
check "$FAULT_PAGE" 200

step "stop PostgreSQL (pg_ctl stop -m fast)"
as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" stop -m fast -w >/dev/null
check "$FAULT_PAGE" 503 "Sorry, the service is not available right now"
check /healthz 503

step "start PostgreSQL again; gunicorn is not restarted"
pg_start || fail "PostgreSQL did not start again (see postgres.log)"
check "$FAULT_PAGE" 200
check /healthz 200
kill -0 "$GUNICORN_PID" || fail "gunicorn is no longer running"
ok=1
