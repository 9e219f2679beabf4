"""Cached figures for the dashboards: worked out once, shared by everyone with the same
scope, and worked out again when the data changes.

National figures read millions of rows (5 million learning records, 2 million measure
values) and take seconds, so the dashboards keep each set of figures in the cache, under
a key made of everything the figures depend on (areas, dates, theme, who may see what:
never the person, so two people with the same scope share one entry, and people with a
different scope never do).

Invalidation: every save or delete of a row in the apps the figures read
(FIGURE_APPS) bumps one data version, after the transaction commits. An entry made
before the bump is stale. What happens to a stale entry depends on whether a background
worker exists:

- With a Celery worker (REDIS_URL set, tasks not run inline): the stale figures are
  shown, with the time they were worked out, and one refresh per key is queued (a lock
  stops a queue of refreshes). An entry younger than MIN_AGE_SECONDS (an hour) is shown
  as it is, so a busy network works out each dashboard at most once an hour (the whole
  network's takes about 20 seconds of database time, and there are a few hundred sets).
  A home dashboard counts the home's own figures live; only the averages it is compared
  with can be an hour old.
- Without one (the embedded default, tests): stale figures are worked out again at once.

An entry older than MAX_AGE_SECONDS is stale whatever the version (worked out again in the
background, or at once without a worker); nothing is kept longer than KEEP_SECONDS, and a
missing entry is worked out at once. `manage.py warm_figures` (nightly, and after a
deploy) works out the dashboards people open most, so they are rarely worked out while
someone waits. `FIGURES_CACHE = False` turns caching off (the query-budget
tests measure the uncached pages).

Changes made with QuerySet.update() send no signal (a video player's progress reports, for
example; the services that matter call data_changed() themselves); anything else catches up
within MAX_AGE_SECONDS.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

logger = logging.getLogger(__name__)

try:
    from redis.exceptions import ConnectionError as _RedisConnectionError
    from redis.exceptions import TimeoutError as _RedisTimeoutError

    CACHE_DOWN: tuple[type[BaseException], ...] = (_RedisConnectionError, _RedisTimeoutError)
except ImportError:  # pragma: no cover - redis is a dependency
    CACHE_DOWN = ()

VERSION_KEY = "figures:data-version"
MIN_AGE_SECONDS = 60 * 60
MAX_AGE_SECONDS = 6 * 60 * 60
KEEP_SECONDS = 24 * 60 * 60
REFRESH_LOCK_SECONDS = 5 * 60
FIGURE_APPS = frozenset({"network", "surveys", "qi_cycles", "training", "outcomes"})

# name -> function(key) that works the figures out again for that key (for the refresh task)
_REBUILDERS: dict[str, Callable[[tuple], object]] = {}


@dataclass(frozen=True)
class Figures:
    value: object
    worked_out_at: datetime
    stale: bool  # shown while a refresh is queued


def data_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # A fresh start (or a cleared cache) begins at the clock, so old entries never match.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def data_changed() -> None:
    """Mark every cached figure stale (after the current transaction commits)."""
    transaction.on_commit(_bump)


def _bump() -> None:
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # the key has gone (expired or cleared): start again
            data_version()
    except Exception:  # noqa: BLE001 - the cache (Redis) is down: the save must still work
        logger.warning("Could not mark cached figures stale: the cache is not answering")


# Saves that change nothing a figure counts (signing in sets last_login).
_IGNORED_UPDATES = frozenset({"last_login"})


def _on_change(sender, update_fields=None, **kwargs) -> None:
    if sender._meta.app_label not in FIGURE_APPS:
        return
    if update_fields and set(update_fields) <= _IGNORED_UPDATES:
        return
    data_changed()


def _on_m2m_change(sender, action: str, **kwargs) -> None:
    if action.startswith("post_"):
        _on_change(sender)


post_save.connect(_on_change, dispatch_uid="figures-cache-save")
post_delete.connect(_on_change, dispatch_uid="figures-cache-delete")
m2m_changed.connect(_on_m2m_change, dispatch_uid="figures-cache-m2m")


def register(name: str, rebuild: Callable[[tuple], object]) -> None:
    """`rebuild(key)` works out the figures for `key` again (run by the refresh task)."""
    _REBUILDERS[name] = rebuild


def _cache_key(name: str, key: tuple) -> str:
    digest = hashlib.sha256(repr((name, key)).encode()).hexdigest()[:40]
    return f"figures:{name}:{digest}"


_inline = ContextVar("figures_inline", default=False)


@contextmanager
def worked_out_here():
    """Inside, stale figures are worked out at once (manage.py warm_figures), not queued."""
    token = _inline.set(True)
    try:
        yield
    finally:
        _inline.reset(token)


def _background_refresh() -> bool:
    if _inline.get():
        return False
    return bool(settings.REDIS_URL) and not settings.CELERY_TASK_ALWAYS_EAGER


def figures(name: str, key: tuple, compute: Callable[[], object]) -> Figures:
    """The figures for `key`: from the cache when fresh enough, else `compute()`d.
    `key` must hold everything the figures depend on, as plain values (repr-stable)."""
    if not settings.FIGURES_CACHE:
        return Figures(compute(), datetime.now(UTC), False)
    try:
        return _cached_figures(name, key, compute)
    except CACHE_DOWN:  # the cache (Redis) is down: work the figures out, page still works
        logger.warning("Cached figures unavailable: the cache is not answering")
        return Figures(compute(), datetime.now(UTC), False)


def _cached_figures(name: str, key: tuple, compute: Callable[[], object]) -> Figures:
    cache_key = _cache_key(name, key)
    version = data_version()
    entry = cache.get(cache_key)
    now = time.time()
    if entry is not None:
        age = now - entry["at"]
        worked_out_at = datetime.fromtimestamp(entry["at"], UTC)
        background = name in _REBUILDERS and _background_refresh()
        unchanged = entry["version"] == version or (background and age < MIN_AGE_SECONDS)
        if age < MAX_AGE_SECONDS and unchanged:
            return Figures(entry["value"], worked_out_at, False)
        if age < KEEP_SECONDS and background:
            if cache.add(f"{cache_key}:refreshing", 1, REFRESH_LOCK_SECONDS):
                from portal.tasks import enqueue_unkept_on_commit

                # Not through the outbox: a lost refresh is harmless, and a page view
                # should neither write to the database nor fail if it cannot.
                enqueue_unkept_on_commit(refresh_figures, name, _plain(key))
            return Figures(entry["value"], worked_out_at, True)
    return Figures(_store(cache_key, compute, version), datetime.fromtimestamp(now, UTC), False)


def _store(cache_key: str, compute: Callable[[], object], version: int) -> object:
    # The version is read before working out, so a change made meanwhile makes it stale.
    value = compute()
    cache.set(cache_key, {"value": value, "at": time.time(), "version": version}, KEEP_SECONDS)
    return value


def _plain(key):
    """The key as JSON-friendly lists (Celery's serializer), turned back by _tupled."""
    if isinstance(key, tuple | list):
        return [_plain(item) for item in key]
    if hasattr(key, "isoformat"):
        return {"date": key.isoformat()}
    return key


def _tupled(value):
    if isinstance(value, list):
        return tuple(_tupled(item) for item in value)
    if isinstance(value, dict) and "date" in value:
        from datetime import date

        return date.fromisoformat(value["date"])
    return value


@shared_task
def refresh_figures(name: str, key) -> None:
    """Work out one set of figures again and keep them (queued for a stale entry)."""
    key = _tupled(key)
    cache_key = _cache_key(name, key)
    try:
        _store(cache_key, lambda: _REBUILDERS[name](key), data_version())
    finally:
        cache.delete(f"{cache_key}:refreshing")
