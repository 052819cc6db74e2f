"""The embedded default (SQLite) holds receipt pushes and searches at the same time.

Two gunicorn workers (threads in each) on a fresh SQLite file, DEBUG off, as ``make serve``
runs it without ``DATABASE_URL``: three 10,000-receipt pushes arrive while six agents
search. Every push and every search must be answered; none may get the 503 page that
"database is locked" used to give. The in-memory test database cannot show this: it
takes separate processes writing one file.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
import threading
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from support import clocked
from support.users import logged_in_over_http

from bench.common import gunicorn_instance, prepare_instance, production_env
from dysms_sandbox import reserved

CLOCKED = Path(clocked.__file__)  # run as a script by path: tests/support/clocked.py
USERNAME, PASSWORD = "sqlite-agent", "sqlite-agent-password-1"
TOKEN = "sqlite-concurrency-token"
PUSHES, RECEIPTS_PER_PUSH = 3, 10_000
AGENTS, SEARCHES_PER_AGENT = 6, 3
PHONES = [
    reserved.ONE_PAGE,
    reserved.TWO_PAGES,
    reserved.HUNDREDS,
    reserved.EVERY_STATUS,
    reserved.ALL_DELIVERED,
    reserved.DEAD_NUMBER,
]


@pytest.fixture(scope="module")
def embedded(test_run_clock):
    """One production-like instance on SQLite; yields its base URL and the database file."""
    with tempfile.TemporaryDirectory() as workdir:
        database = Path(workdir) / "db.sqlite3"
        env = production_env(
            SQLITE_PATH=str(database),
            DJANGO_STATIC_ROOT=workdir,
            SMS_REPORT_TOKEN=TOKEN,
            # On a machine busy with other work a 10,000-receipt push may take longer than the
            # production timeout; the test is about the database's writers, not the timeout.
            WEB_TIMEOUT="300",
        )
        prepare_instance(env, USERNAME, PASSWORD)
        launcher = (sys.executable, str(CLOCKED), test_run_clock.now().isoformat())
        with gunicorn_instance(env, workers=2, threads=4, launcher=launcher) as base:
            yield base, database


def logged_in(base: str) -> requests.Session:
    return logged_in_over_http(base, USERNAME, PASSWORD)


def drop_idle_connection(browser: requests.Session) -> None:
    """Forget the login's keep-alive connection before the timed part starts.

    gunicorn closes a connection idle for 2 s (its ``keepalive``); the login's has been idle
    while the pushes' bodies were built, and reusing it just as gunicorn closes it ends the
    request with "Remote end closed connection without response" (a browser would silently
    retry on a new connection). The session keeps its cookies; the next request connects anew.
    """
    browser.close()


def push_body(push: int, day) -> str:
    return json.dumps(
        [
            {
                "phone_number": f"139{push:02d}{n:06d}",
                "send_time": f"{day} 09:00:00",
                "report_time": f"{day} 09:00:05",
                "success": n % 10 != 0,
                "err_code": "DELIVERED" if n % 10 else "MK:0001",
                "err_msg": "",
                "sms_size": "1",
                "biz_id": f"{push}{n:07d}^0",
                "out_id": "",
            }
            for n in range(RECEIPTS_PER_PUSH)
        ]
    )


def test_three_large_pushes_while_six_agents_search_all_succeed(embedded, yesterday):
    base, database = embedded
    agents = [logged_in(base) for _ in range(AGENTS)]
    bodies = [push_body(push, yesterday) for push in range(PUSHES)]
    start = threading.Barrier(PUSHES + AGENTS)
    pushes: list[tuple[int, str]] = []
    searches: list[tuple[int, str]] = []

    def pusher(body: str) -> None:
        start.wait(timeout=30)
        response = requests.post(
            f"{base}/receipts/{TOKEN}/",
            data=body,
            headers={"Content-Type": "application/json"},
            timeout=120,
        )
        pushes.append((response.status_code, response.text))

    def agent(browser: requests.Session, phone: str) -> None:
        start.wait(timeout=30)
        drop_idle_connection(browser)
        for days_back in range(SEARCHES_PER_AGENT):  # a day never fetched: each one is stored
            day = yesterday - timedelta(days=days_back)
            response = browser.get(
                f"{base}/", params={"phone": phone, "date": day.isoformat()}, timeout=120
            )
            searches.append((response.status_code, response.text))

    threads = [threading.Thread(target=pusher, args=(body,)) for body in bodies]
    threads += [
        threading.Thread(target=agent, args=(browser, phone))
        for browser, phone in zip(agents, PHONES, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)

    assert [status for status, _ in pushes] == [200] * PUSHES
    assert all(json.loads(body) == {"code": 0, "msg": "接收成功"} for _, body in pushes)
    assert [status for status, _ in searches] == [200] * (AGENTS * SEARCHES_PER_AGENT)
    assert not [page for _, page in searches if 'role="alert"' in page]
    with sqlite3.connect(database) as stored:
        receipts = stored.execute("SELECT count(*) FROM rates_smsreceipt").fetchone()[0]
        fetches = stored.execute("SELECT count(*) FROM deliveries_fetch").fetchone()[0]
    assert receipts == PUSHES * RECEIPTS_PER_PUSH
    assert fetches == AGENTS * SEARCHES_PER_AGENT


def test_thirty_day_searches_store_every_day_while_a_large_push_arrives(embedded, today):
    """All 30 days of a range are fetched at once (``RECORDS_DAYS_CONCURRENCY``'s default) and
    stored one short transaction a day, between the push's writes."""
    base, database = embedded
    phones = [reserved.ONE_PAGE, reserved.EVERY_STATUS]
    agents = [logged_in(base) for _ in phones]
    first = today - timedelta(days=29)
    start = threading.Barrier(1 + len(phones))
    answers: list[tuple[int, str]] = []

    def pusher() -> None:
        start.wait(timeout=30)
        body = push_body(PUSHES, today - timedelta(days=1))
        response = requests.post(
            f"{base}/receipts/{TOKEN}/",
            data=body,
            headers={"Content-Type": "application/json"},
            timeout=120,
        )
        answers.append((response.status_code, ""))

    def agent(browser: requests.Session, phone: str) -> None:
        start.wait(timeout=30)
        drop_idle_connection(browser)
        search = {"phone": phone, "date": first.isoformat(), "date_to": today.isoformat()}
        response = browser.get(f"{base}/", params=search, timeout=120)
        answers.append((response.status_code, response.text))

    threads = [threading.Thread(target=pusher)]
    threads += [
        threading.Thread(target=agent, args=(browser, phone))
        for browser, phone in zip(agents, phones, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)

    assert [status for status, _ in answers] == [200] * (1 + len(phones))
    assert not [page for _, page in answers if 'role="alert"' in page]
    with sqlite3.connect(database) as stored:
        days = stored.execute(
            "SELECT phone, count(*) FROM deliveries_fetch WHERE phone IN (?, ?) GROUP BY phone",
            phones,
        ).fetchall()
    assert dict(days) == {phone: 30 for phone in phones}
