"""A real gunicorn instance: whichever worker answers /metrics gives the instance's totals.

Each worker is replaced after 5 requests (``--max-requests``), so 20 requests are answered by
at least four processes, most of them gone by the scrape: only the multiprocess files (and
``child_exit`` keeping a dead worker's counts) can make every scrape say 20.
"""

from __future__ import annotations

import requests

from bench.common import gunicorn_instance, production_env

TOKEN = "gunicorn-metrics-token-" + "Zp4" * 6
HEALTHZ = 'smsadmin_http_request_seconds_count{method="GET",status="2xx",view="healthz"}'


def healthz_count(text: str) -> float:
    line = next(line for line in text.splitlines() if line.startswith(HEALTHZ))
    return float(line.rsplit(" ", 1)[1])


def test_every_scrape_adds_up_every_worker_dead_or_alive(tmp_path):
    env = production_env(
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        METRICS_TOKEN=TOKEN,
        PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "metrics"),
        GUNICORN_CMD_ARGS="--max-requests 5",
    )
    with gunicorn_instance(env, workers=2, threads=1) as base:
        for _ in range(20):
            assert requests.get(f"{base}/healthz", timeout=30).status_code == 200
        scrapes = [
            requests.get(
                f"{base}/metrics", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30
            )
            for _ in range(4)
        ]

    assert [healthz_count(scrape.text) for scrape in scrapes] == [20, 20, 20, 20]
    assert len({path.name for path in (tmp_path / "metrics").glob("histogram_*.db")}) >= 4
