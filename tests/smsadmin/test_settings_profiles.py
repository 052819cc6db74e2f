"""The environment picks the profile: SQLite + local memory by default, PostgreSQL + Redis by URL.

Each case imports the settings in a fresh interpreter, as a server start would.
"""

import json
import os
import subprocess
import sys

import pytest
from support import ROOT

PROFILE_VARIABLES = (
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DJANGO_STATIC_ROOT",
    "DATABASE_CONN_MAX_AGE",
)
SHOW = """
import json
from django.conf import settings
from django.db.backends.postgresql.psycopg_any import is_psycopg3
db = settings.DATABASES["default"]
cache = settings.CACHES["default"]
print(json.dumps({
    "engine": db["ENGINE"], "name": str(db["NAME"]), "host": db.get("HOST", ""),
    "port": str(db.get("PORT", "")), "user": db.get("USER", ""),
    "password": db.get("PASSWORD", ""), "conn_max_age": db.get("CONN_MAX_AGE", 0),
    "cache": cache["BACKEND"], "location": cache.get("LOCATION", ""),
    "static": settings.STORAGES["staticfiles"]["BACKEND"],
    "whitenoise": "whitenoise.middleware.WhiteNoiseMiddleware" in settings.MIDDLEWARE,
    "psycopg3": is_psycopg3,
    "debug": settings.DEBUG,
    "url_settings": [name for name in dir(settings) if name.endswith("_URL") and "://" in str(
        getattr(settings, name))],
}))
"""


def resolved(**env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in PROFILE_VARIABLES}
    result = subprocess.run(
        [sys.executable, "-c", SHOW],
        env={**clean, **env, "DJANGO_SETTINGS_MODULE": "smsadmin.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def test_unset_environment_is_production_and_needs_a_secret_key():
    # gunicorn started by hand, with nothing set: DEBUG off, so no development key either.
    clean = {k: v for k, v in os.environ.items() if k not in PROFILE_VARIABLES}
    result = subprocess.run(
        [sys.executable, "-c", SHOW],
        env={**clean, "DJANGO_SETTINGS_MODULE": "smsadmin.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr
    assert resolved(DJANGO_SECRET_KEY="a-test-key-of-sufficient-length")["debug"] is False


def test_make_run_turns_debug_on_for_every_command():
    dry_run = subprocess.run(
        ["make", "--dry-run", "--always-make", "run"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    commands = [line for line in dry_run.splitlines() if "manage.py" in line]

    assert len(commands) == 4  # migrate, demo_user, the sandbox traffic, runserver
    assert all(command.startswith("DJANGO_DEBUG=1 ") for command in commands)
    assert resolved(DJANGO_DEBUG="1")["debug"] is True  # which needs no secret key


def test_development_keeps_sqlite_and_local_memory():
    got = resolved(DJANGO_DEBUG="1")

    assert got["engine"] == "django.db.backends.sqlite3"
    assert got["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert got["static"] == "django.contrib.staticfiles.storage.StaticFilesStorage"
    assert got["whitenoise"] is True


@pytest.mark.parametrize("scheme", ["postgres", "postgresql"])
def test_database_url_selects_postgresql_with_psycopg3(scheme):
    got = resolved(
        DJANGO_DEBUG="1", DATABASE_URL=f"{scheme}://app:p%40ss@db.internal:6543/smsadmin"
    )

    assert got["engine"] == "django.db.backends.postgresql"
    assert (got["name"], got["host"], got["port"]) == ("smsadmin", "db.internal", "6543")
    assert (got["user"], got["password"]) == ("app", "p@ss")
    assert got["conn_max_age"] == 60
    assert got["psycopg3"] is True
    assert got["cache"] == "django.core.cache.backends.locmem.LocMemCache"


def test_redis_url_selects_the_redis_cache():
    got = resolved(DJANGO_DEBUG="1", REDIS_URL="redis://cache.internal:6380/2")

    assert got["cache"] == "core.cache_backends.ResilientRedisCache"
    assert got["location"] == "redis://cache.internal:6380/2"
    assert got["engine"] == "django.db.backends.sqlite3"


def test_production_serves_compressed_hashed_static_files():
    got = resolved(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="a-test-key-of-sufficient-length")

    assert got["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_production_without_a_secret_key_refuses_to_start():
    clean = {k: v for k, v in os.environ.items() if k not in PROFILE_VARIABLES}
    result = subprocess.run(
        [sys.executable, "-c", SHOW],
        env={**clean, "DJANGO_DEBUG": "0", "DJANGO_SETTINGS_MODULE": "smsadmin.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_the_connection_urls_are_not_kept_as_settings():
    got = resolved(
        DJANGO_DEBUG="1",
        DATABASE_URL="postgres://app:db-pw-1@db.internal/smsadmin",
        REDIS_URL="redis://:cache-pw-2@cache.internal:6380/2",
    )

    assert got["password"] == "db-pw-1"  # what Django needs to connect
    assert got["url_settings"] == []
