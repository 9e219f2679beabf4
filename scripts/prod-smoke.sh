#!/usr/bin/env bash
# Production smoke test: the portal as it runs in production, on this machine.
#
# Against the local PostgreSQL (a fresh database) and Redis (one database number), with
# DEBUG off, it runs migrate, collectstatic and seed_demo, starts gunicorn, a Celery worker
# and Celery beat, then checks /healthz, signs in through the real sign-in form, loads
# /home/, fetches a static file through WhiteNoise, and proves the worker runs a task sent
# through the broker. Every process it starts is stopped on exit. Bounded: under 2 minutes.
#
# Usage: make prod-smoke   (or: bash scripts/prod-smoke.sh)
set -euo pipefail

# --- Easy to change -----------------------------------------------------------------------
# The demo care home manager created by `seed_demo` (see network/demo.py).
SMOKE_LOGIN_EMAIL="${SMOKE_LOGIN_EMAIL:-manager@oakfield.example}"
SMOKE_LOGIN_PASSWORD="${SMOKE_LOGIN_PASSWORD:-demo-password-2026}"
# The name /home/ must show after sign-in. Empty: read the person's full_name from the database.
SMOKE_LOGIN_NAME="${SMOKE_LOGIN_NAME:-}"
# A static file that must be served by WhiteNoise.
SMOKE_STATIC_PATH="${SMOKE_STATIC_PATH:-/static/css/app.css}"
# Local services (trust auth for user postgres on loopback, as on the CI machine).
SMOKE_PG_URL_BASE="${SMOKE_PG_URL_BASE:-postgres://postgres@127.0.0.1:5432}"
SMOKE_DB_NAME="${SMOKE_DB_NAME:-chin_smoke}"
SMOKE_REDIS_URL="${SMOKE_REDIS_URL:-redis://127.0.0.1:6379/14}"
SMOKE_PORT="${SMOKE_PORT:-8765}"
# Set SMOKE_SKIP_SEED=1 to skip seed_demo and the sign-in check (before seed_demo exists).
SMOKE_SKIP_SEED="${SMOKE_SKIP_SEED:-0}"
# -------------------------------------------------------------------------------------------

# The whole run is bounded: re-run this script under `timeout`. On expiry every process in
# its group gets SIGTERM, and the EXIT trap below stops the services it started.
SMOKE_TIMEOUT="${SMOKE_TIMEOUT:-120}"
if [ -z "${_SMOKE_BOUNDED:-}" ]; then
    _SMOKE_BOUNDED=1 timeout --kill-after 30 "$SMOKE_TIMEOUT" bash "$0" "$@" && exit 0
    status=$?
    [ "$status" = 124 ] && echo "prod-smoke: FAILED: took longer than ${SMOKE_TIMEOUT}s" >&2
    exit "$status"
fi

cd "$(dirname "$0")/.."
PY=.venv/bin/python
[ -x "$PY" ] || { echo "prod-smoke: $PY is missing; run 'make deps' first" >&2; exit 1; }

started=$(date +%s)
step() { printf '\n=== prod-smoke: %s (%ss)\n' "$*" "$(( $(date +%s) - started ))"; }
fail() { echo "prod-smoke: FAILED: $*" >&2; exit 1; }

WORK=$(mktemp -d -t chin-smoke.XXXXXX)
PIDS=()
ok=0

cleanup() {
    local status=$?
    set +e
    for pid in "${PIDS[@]}"; do
        # Each service was started with setsid, so its pid is its process group id.
        kill -TERM -- "-$pid" 2>/dev/null
    done
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        kill -KILL -- "-$pid" 2>/dev/null
    done
    if [ "$ok" != 1 ]; then
        for log in "$WORK"/*.log; do
            [ -f "$log" ] || continue
            echo "----- $(basename "$log") (last 80 lines) -----" >&2
            tail -n 80 "$log" >&2
        done
        echo "prod-smoke: FAILED after $(( $(date +%s) - started ))s (exit $status)" >&2
        [ "$status" = 0 ] && status=1
    else
        echo "prod-smoke: OK in $(( $(date +%s) - started ))s"
    fi
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- Production settings ---------------------------------------------------------------
free_port() {
    "$PY" - "$1" <<'EOF'
import socket, sys
start = int(sys.argv[1])
for port in [start, *range(start + 1, start + 50), 0]:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn does
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
        print(s.getsockname()[1])
        break
EOF
}
PORT=$(free_port "$SMOKE_PORT")
BASE="http://127.0.0.1:$PORT"

export DJANGO_SETTINGS_MODULE=portal.settings
export DEBUG=false
SECRET_KEY=$("$PY" -c 'import secrets, string; a = string.ascii_letters + string.digits; print("".join(secrets.choice(a) for _ in range(60)))')
export SECRET_KEY
export ALLOWED_HOSTS=127.0.0.1,localhost
export HTTPS=false            # loopback has no TLS; production leaves HTTPS on
export SITE_URL="$BASE"
export DATABASE_URL="$SMOKE_PG_URL_BASE/$SMOKE_DB_NAME"
export REDIS_URL="$SMOKE_REDIS_URL"
export STATIC_ROOT="$WORK/staticfiles"
export MEDIA_ROOT="$WORK/media"
export LOG_LEVEL=INFO
export PYTHONUNBUFFERED=1
unset SQLITE_PATH EMAIL_HOST
mkdir -p "$MEDIA_ROOT"

step "fresh database $SMOKE_DB_NAME, Redis $SMOKE_REDIS_URL, port $PORT"
pg_isready -q -h 127.0.0.1 -t 5 || fail "PostgreSQL is not answering on 127.0.0.1:5432"
redis-cli -u "$SMOKE_REDIS_URL" ping >/dev/null || fail "Redis is not answering at $SMOKE_REDIS_URL"
dropdb --if-exists --force -h 127.0.0.1 -U postgres "$SMOKE_DB_NAME"
createdb -h 127.0.0.1 -U postgres "$SMOKE_DB_NAME"
redis-cli -u "$SMOKE_REDIS_URL" flushdb >/dev/null

step "migrate"
timeout 90 "$PY" manage.py migrate --no-input >"$WORK/migrate.log" 2>&1 || fail "migrate (see migrate.log)"

step "collectstatic"
timeout 60 "$PY" manage.py collectstatic --no-input >"$WORK/collectstatic.log" 2>&1 \
    || fail "collectstatic (see collectstatic.log)"
tail -n 1 "$WORK/collectstatic.log"

if [ "$SMOKE_SKIP_SEED" != 1 ]; then
    step "seed_demo --force"
    timeout 90 "$PY" manage.py seed_demo --force >"$WORK/seed_demo.log" 2>&1 \
        || fail "seed_demo --force (see seed_demo.log)"
    if [ -z "$SMOKE_LOGIN_NAME" ]; then
        SMOKE_LOGIN_NAME=$("$PY" manage.py shell --verbosity 0 -c "
from django.contrib.auth import get_user_model
print(get_user_model().objects.get(email__iexact='$SMOKE_LOGIN_EMAIL').full_name)" 2>>"$WORK/seed_demo.log") \
            || fail "no user $SMOKE_LOGIN_EMAIL after seed_demo"
    fi
else
    echo "SMOKE_SKIP_SEED=1: skipping seed_demo and the sign-in check"
fi

# --- Start the services ----------------------------------------------------------------
step "start gunicorn, celery worker, celery beat"
setsid .venv/bin/gunicorn portal.wsgi --bind "127.0.0.1:$PORT" --workers 2 --timeout 30 \
    --no-control-socket --access-logfile - --error-logfile - >"$WORK/gunicorn.log" 2>&1 &
PIDS+=($!)
setsid .venv/bin/celery -A portal worker --concurrency 1 --loglevel INFO \
    --hostname "smoke@%h" --without-gossip --without-mingle >"$WORK/worker.log" 2>&1 &
PIDS+=($!)
setsid .venv/bin/celery -A portal beat --loglevel INFO \
    --schedule "$WORK/celerybeat-schedule" --pidfile "$WORK/beat.pid" >"$WORK/beat.log" 2>&1 &
BEAT_PID=$!
PIDS+=("$BEAT_PID")

# --- Checks ----------------------------------------------------------------------------
step "wait for /healthz (database, cache, broker)"
"$PY" - "$BASE" <<'EOF' || fail "/healthz did not report healthy"
import json, sys, time, urllib.error, urllib.request
base = sys.argv[1]
last = "no answer"
for _ in range(60):  # up to ~30 s
    try:
        with urllib.request.urlopen(base + "/healthz", timeout=3) as resp:
            body = json.load(resp)
            status = resp.status
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()[:300]
    except (OSError, ValueError) as error:
        status, body = None, repr(error)
    if status == 200 and all(
        str(body.get(k, "")).startswith("ok") for k in ("status", "database", "cache", "broker")
    ):
        print("healthz:", body)
        sys.exit(0)
    last = f"{status} {body}"
    time.sleep(0.5)
print("healthz last answer:", last, file=sys.stderr)
sys.exit(1)
EOF

step "static file $SMOKE_STATIC_PATH via WhiteNoise"
"$PY" - "$BASE" "$SMOKE_STATIC_PATH" <<'EOF' || fail "static file not served"
import sys, urllib.request
base, path = sys.argv[1], sys.argv[2]
with urllib.request.urlopen(base + path, timeout=5) as resp:
    body = resp.read()
    cache = resp.headers.get("Cache-Control", "")
    print(f"{path}: {resp.status}, {len(body)} bytes, Cache-Control: {cache}")
    assert resp.status == 200 and body, "empty response"
EOF

if [ "$SMOKE_SKIP_SEED" != 1 ]; then
    step "sign in as $SMOKE_LOGIN_EMAIL and load /home/"
    "$PY" - "$BASE" "$SMOKE_LOGIN_EMAIL" "$SMOKE_LOGIN_PASSWORD" "$SMOKE_LOGIN_NAME" <<'EOF' \
        || fail "sign-in or /home/ failed"
import html, http.cookiejar, re, sys, urllib.parse, urllib.request
base, email, password, name = sys.argv[1:5]
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
login_url = base + "/accounts/login/"
with opener.open(login_url, timeout=10) as resp:
    page = resp.read().decode()
match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
assert match, "no CSRF token on the sign-in page"
data = urllib.parse.urlencode(
    {"csrfmiddlewaretoken": match.group(1), "login": email, "password": password}
).encode()
request = urllib.request.Request(login_url, data=data, headers={"Referer": login_url})
with opener.open(request, timeout=10) as resp:
    landed = resp.geturl()
assert "/accounts/login/" not in landed, f"still on the sign-in page ({landed}): wrong password?"
print("signed in, landed on", urllib.parse.urlsplit(landed).path)
with opener.open(base + "/home/", timeout=10) as resp:
    assert resp.status == 200, resp.status
    assert urllib.parse.urlsplit(resp.geturl()).path == "/home/", f"redirected to {resp.geturl()}"
    page = resp.read().decode()
assert name in page or html.escape(name) in page, f"/home/ does not show {name!r}"
print(f"/home/: 200 and shows {name!r}")
# Every CSS/JS/image the page links must be served (hashed names from the manifest).
assets = sorted(set(re.findall(r'(?:href|src)="(/static/[^"]+)"', page)))
assert assets, "/home/ links no static files"
for path in assets:
    with opener.open(base + html.unescape(path), timeout=10) as resp:
        assert resp.status == 200, (path, resp.status)
print(f"/home/ links {len(assets)} static files, all served:", ", ".join(assets[:4]), "...")
EOF
fi

step "Celery: worker answers a ping and runs a task sent through the broker"
TASK_ID=$("$PY" - <<'EOF'
import sys, time
import django
django.setup()
from portal.celery import app
from portal.tasks import clear_expired_sessions
replies = []
for _ in range(15):  # the worker may still be starting
    replies = app.control.ping(timeout=2)
    if replies:
        break
    time.sleep(1)
if not replies:
    sys.exit("no Celery worker answered a ping")
print("ping replies:", replies, file=sys.stderr)
print(clear_expired_sessions.delay().id)
EOF
) || fail "Celery worker did not answer"
echo "sent portal.tasks.clear_expired_sessions[$TASK_ID]"
for _ in $(seq 1 40); do
    grep -q "$TASK_ID\] succeeded" "$WORK/worker.log" && break
    sleep 0.5
done
grep "$TASK_ID\] succeeded" "$WORK/worker.log" || fail "the worker did not report task $TASK_ID succeeded"

step "Celery beat is running"
kill -0 "$BEAT_PID" 2>/dev/null || fail "celery beat exited"
for _ in $(seq 1 20); do grep -q "beat: Starting" "$WORK/beat.log" && break; sleep 0.5; done
grep "beat: Starting" "$WORK/beat.log" || fail "celery beat did not start"
kill -0 "$BEAT_PID" 2>/dev/null || fail "celery beat exited"
for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null || fail "a service (pid $pid) exited early"; done

ok=1
