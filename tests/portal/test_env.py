import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.env import database_from_url, env_bool, env_int, env_list


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("true", True), ("1", True), ("Yes", True), ("false", False), ("0", False), ("", True)],
)
def test_env_bool(monkeypatch, raw, expected):
    monkeypatch.setenv("FLAG", raw)
    assert env_bool("FLAG", default=True) is expected


def test_env_bool_refuses_nonsense(monkeypatch):
    monkeypatch.setenv("FLAG", "ture")
    with pytest.raises(ImproperlyConfigured, match="FLAG must be true or false"):
        env_bool("FLAG")


def test_env_int(monkeypatch):
    monkeypatch.setenv("N", "12")
    assert env_int("N", 1) == 12
    monkeypatch.setenv("N", "twelve")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("N", 1)


def test_env_list(monkeypatch):
    monkeypatch.setenv("HOSTS", "a.example, b.example,,")
    assert env_list("HOSTS") == ["a.example", "b.example"]


def test_database_from_url():
    db = database_from_url("postgres://chin:s%40cret@db.example:6543/portal?sslmode=require")
    assert db["NAME"] == "portal" and db["USER"] == "chin" and db["PASSWORD"] == "s@cret"
    assert db["HOST"] == "db.example" and db["PORT"] == "6543"
    assert db["OPTIONS"] == {"sslmode": "require"}


@pytest.mark.parametrize("url", ["mysql://x/y", "postgres://host/"])
def test_database_from_url_refuses_what_it_cannot_use(url):
    with pytest.raises(ImproperlyConfigured):
        database_from_url(url)


def test_every_setting_read_from_the_environment_is_documented():
    """portal/settings.py promises that README.md and .env.example list every variable."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    source = (root / "portal" / "settings.py").read_text()
    names = set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z][A-Z0-9_]+)"', source))
    assert {"SECRET_KEY", "AWS_STORAGE_BUCKET_NAME"} <= names
    readme = (root / "README.md").read_text()
    example = (root / ".env.example").read_text()
    assert sorted(n for n in names if f"`{n}`" not in readme) == []
    assert sorted(n for n in names if not re.search(rf"^#? ?{n}=", example, re.M)) == []


def test_each_test_worker_has_its_own_redis_database():
    from tests.conftest import _worker_redis_url

    url = "redis://127.0.0.1:6379/15"
    assert _worker_redis_url(url, "master") == url
    assert _worker_redis_url(url, "gw0") == url
    assert _worker_redis_url(url, "gw3") == "redis://127.0.0.1:6379/12"
    with pytest.raises(RuntimeError):
        _worker_redis_url("redis://127.0.0.1:6379/1", "gw2")
