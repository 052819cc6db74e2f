"""`make serve`: gunicorn's settings come from the environment; `manage.py health` checks a host."""

import json
import runpy

import pytest
from django.core.management import CommandError, call_command
from support import ROOT
from support.outage import closed_port

CONF = ROOT / "gunicorn.conf.py"


def gunicorn_settings(monkeypatch, **env) -> dict:
    for name in ("BIND", "PORT", "WEB_CONCURRENCY", "WEB_THREADS", "WEB_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONF))


def test_defaults_are_two_workers_on_loopback_port_8000(monkeypatch):
    conf = gunicorn_settings(monkeypatch)

    assert conf["bind"] == "127.0.0.1:8000"
    assert conf["workers"] == 2
    assert conf["worker_class"] == "gthread"


def test_port_workers_and_threads_come_from_the_environment(monkeypatch):
    conf = gunicorn_settings(monkeypatch, PORT="9100", WEB_CONCURRENCY="5", WEB_THREADS="8")

    assert (conf["bind"], conf["workers"], conf["threads"]) == ("127.0.0.1:9100", 5, 8)


def test_bind_wins_over_port(monkeypatch):
    conf = gunicorn_settings(monkeypatch, BIND="0.0.0.0:80", PORT="9100")

    assert conf["bind"] == "0.0.0.0:80"


def test_access_log_leaves_out_query_strings(monkeypatch):
    conf = gunicorn_settings(monkeypatch)

    assert "%(U)s" in conf["access_log_format"]
    assert "%(q)s" not in conf["access_log_format"]
    assert "%(r)s" not in conf["access_log_format"]


@pytest.mark.django_db
def test_health_command_prints_the_report(capsys):
    call_command("health")

    report = json.loads(capsys.readouterr().out)
    assert report["status"] == "ok"


@pytest.mark.django_db
def test_health_command_fails_naming_what_is_down(settings, capsys):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache_backends.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }

    with pytest.raises(CommandError, match="Down: cache"):
        call_command("health")
