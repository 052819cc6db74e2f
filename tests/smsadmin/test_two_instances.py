"""Two gunicorn instances sharing PostgreSQL and Redis behave as one service.

The instances read two Alibaba Cloud accounts (the sandbox's shop and global ones, ``shop``
and ``global`` here). A search on the first instance fills the shared store for both, so the
second answers the same search with no call upstream; two simultaneous searches for the same
new day, one on each instance, make one fetch per account; a circuit opened by outages seen
on one instance keeps the other from calling too. Upstream is the standalone sandbox on a
loopback port, counting the QuerySendDetails calls per account and phone number.

Runs in the production profile (``make test-production``, which sets
DATABASE_URL and REDIS_URL); the instances get a database of their own.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from support import clocked
from support.translations import visible_text
from support.users import logged_in_over_http

from bench.common import gunicorn_instance, prepare_instance, production_env
from dysms_sandbox import (
    GLOBAL_ACCESS_KEY_ID,
    GLOBAL_ACCESS_KEY_SECRET,
    SHOP_ACCESS_KEY_ID,
    SHOP_ACCESS_KEY_SECRET,
    Sandbox,
    reserved,
    serve,
)
from dysms_sandbox.generator import day_messages
from dysms_sandbox.reserved import BAD_GATEWAY

pytestmark = pytest.mark.skipif(
    not (os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL")),
    reason="production profile only: run `make test-production` (PostgreSQL and Redis)",
)

CLOCKED = Path(clocked.__file__)  # run as a script by path: tests/support/clocked.py
USERNAME, PASSWORD = "two-instances", "two-instances-password-1"
# /healthz details (vendor, cache class, circuit) are for monitoring: the token in a header.
HEALTHZ_TOKEN = "two-instances-healthz-token"


def instance_names() -> tuple[str, int]:
    """The instances' database and Redis database, named after the suite's own (DATABASE_URL,
    REDIS_URL), so that two suites run at once with their own servers' databases do not meet."""
    database = urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/") or "test"
    redis_db = int(urlsplit(os.environ["REDIS_URL"]).path.lstrip("/") or 0)
    return f"{database}_two_instances", (redis_db + 8) % 16


class CountingSandbox(Sandbox):
    """The sandbox, counting QuerySendDetails calls per phone number (``calls``) and per
    AccessKeyId and phone number (``by_key``)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.calls: Counter[str] = Counter()
        self.by_key: Counter[tuple[str, str]] = Counter()
        self._lock = threading.Lock()

    def handle(self, method, url, headers=None, body=None):
        params = parse_qs(urlsplit(url).query)
        if body:
            params.update(parse_qs(body.decode() if isinstance(body, bytes) else body))
        phone = (params.get("PhoneNumber") or [""])[0]
        key_id = (params.get("AccessKeyId") or [_v3_key_id(headers or {})])[0]
        if phone:
            with self._lock:
                self.calls[phone] += 1
                self.by_key[key_id, phone] += 1
        return super().handle(method, url, headers, body)


def _v3_key_id(headers) -> str:
    """The AccessKeyId of an ACS3 Authorization header (``Credential=<id>,...``)."""
    authorization = dict(headers).get("Authorization", "")
    credential = authorization.partition("Credential=")[2]
    return credential.partition(",")[0]


@pytest.fixture(scope="module")
def counting_sandbox_server():
    counting = CountingSandbox(latency=0.2)  # long enough for the two searches to overlap
    server = serve("127.0.0.1", 0, counting)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    counting.endpoint = f"http://127.0.0.1:{server.server_address[1]}"
    yield counting
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def shared_urls():
    """A fresh database on the test PostgreSQL server and a flushed Redis database."""
    import psycopg
    import redis

    instance_db, instance_redis_db = instance_names()
    database = urlsplit(os.environ["DATABASE_URL"])
    admin = database._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{instance_db}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{instance_db}"')
    cache = urlsplit(os.environ["REDIS_URL"])._replace(path=f"/{instance_redis_db}").geturl()
    redis.Redis.from_url(cache).flushdb()
    yield database._replace(path=f"/{instance_db}").geturl(), cache
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{instance_db}" WITH (FORCE)')


@pytest.fixture(scope="module")
def instances(counting_sandbox_server, shared_urls, test_run_clock):
    database_url, redis_url = shared_urls
    with tempfile.TemporaryDirectory() as static_root:
        env = production_env(
            DATABASE_URL=database_url,
            REDIS_URL=redis_url,
            DJANGO_STATIC_ROOT=static_root,
            DYSMS_ACCOUNTS="shop,global",
            DYSMS_SHOP_ENDPOINT=counting_sandbox_server.endpoint,
            DYSMS_SHOP_ACCESS_KEY_ID=SHOP_ACCESS_KEY_ID,
            DYSMS_SHOP_ACCESS_KEY_SECRET=SHOP_ACCESS_KEY_SECRET,
            DYSMS_SHOP_LABEL="商城",
            DYSMS_GLOBAL_ENDPOINT=counting_sandbox_server.endpoint,
            DYSMS_GLOBAL_ACCESS_KEY_ID=GLOBAL_ACCESS_KEY_ID,
            DYSMS_GLOBAL_ACCESS_KEY_SECRET=GLOBAL_ACCESS_KEY_SECRET,
            DYSMS_GLOBAL_LABEL="Global",
            # For the circuit-breaker test: each failing search is one failure, three open it.
            DYSMS_MAX_RETRIES="0",
            CIRCUIT_FAILURES="3",
            CIRCUIT_COOLDOWN_SECONDS="60",
            HEALTHZ_TOKEN=HEALTHZ_TOKEN,
        )
        prepare_instance(env, USERNAME, PASSWORD)
        # The instances run on the suite's clock (which --clock may have moved).
        launcher = (sys.executable, str(CLOCKED), test_run_clock.now().isoformat())
        with (
            gunicorn_instance(env, workers=1, threads=4, launcher=launcher) as first,
            gunicorn_instance(env, workers=1, threads=4, launcher=launcher) as second,
        ):
            yield first, second


@pytest.fixture(scope="module")
def session(instances):
    """Logged in on the first instance; the same cookie works on the second (shared sessions)."""
    first, _ = instances
    return logged_in_over_http(first, USERNAME, PASSWORD)


def health(base: str) -> dict:
    """The detailed /healthz report, as monitoring reads it."""
    headers = {"Authorization": f"Bearer {HEALTHZ_TOKEN}"}
    return requests.get(f"{base}/healthz", headers=headers, timeout=10).json()


def search(session, base, phone, day):
    response = session.get(f"{base}/", params={"phone": phone, "date": day.isoformat()}, timeout=60)
    assert response.status_code == 200, response.text[:500]
    assert 'role="alert"' not in response.text
    return response


def test_both_instances_are_healthy_and_share_the_servers(instances):
    for base in instances:
        assert requests.get(f"{base}/healthz", timeout=10).json() == {"status": "ok", "down": []}
        body = health(base)
        assert body["status"] == "ok"
        assert body["database"]["vendor"] == "postgresql"
        assert body["cache"]["backend"].endswith("ResilientRedisCache")


def test_a_search_on_one_instance_is_answered_from_the_store_on_the_other(
    instances, session, counting_sandbox_server, yesterday
):
    first, second = instances
    day = yesterday
    phone = reserved.ONE_PAGE  # 20 sends every day at fixed times: one page, one call

    from_first = search(session, first, phone, day)
    calls_after_first = dict(counting_sandbox_server.by_key)
    from_second = search(session, second, phone, day)

    one_each = {(SHOP_ACCESS_KEY_ID, phone): 1, (GLOBAL_ACCESS_KEY_ID, phone): 1}
    assert calls_after_first == one_each  # both accounts asked, once each
    assert dict(counting_sandbox_server.by_key) == one_each
    for account in ("sandbox-shop", "sandbox-global"):
        sends = day_messages(phone, day, account=account)
        assert len(sends) == 20
        for message in sends:
            assert f"{message.send_time:%Y-%m-%d %H:%M:%S}" in visible_text(from_first.text)
            assert f"{message.send_time:%Y-%m-%d %H:%M:%S}" in visible_text(from_second.text)
    for page in (from_first, from_second):
        assert page.text.count('<td class="account" data-label="Account">商城</td>') == 20
        assert page.text.count('<td class="account" data-label="Account">Global</td>') == 20


def test_simultaneous_searches_on_both_instances_make_one_fetch(
    instances, session, counting_sandbox_server, yesterday
):
    first, second = instances
    day = yesterday
    phone = reserved.ALL_DELIVERED  # 5 sends every day: one page
    cookies = session.cookies.get_dict()
    start = threading.Barrier(2)
    responses: dict[str, requests.Response] = {}

    def agent(base):
        browser = requests.Session()
        browser.cookies.update(cookies)
        start.wait(timeout=10)
        responses[base] = search(browser, base, phone, day)

    threads = [threading.Thread(target=agent, args=(base,)) for base in instances]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)

    assert set(responses) == {first, second}
    assert counting_sandbox_server.calls[phone] == 2  # one fetch per account
    assert counting_sandbox_server.by_key[SHOP_ACCESS_KEY_ID, phone] == 1


def test_an_open_circuit_on_one_instance_stops_the_other_calling(
    instances, session, counting_sandbox_server, yesterday
):
    # Last in this file: it leaves the circuit open.
    first, second = instances
    day = yesterday
    for _ in range(3):
        failing = session.get(
            f"{first}/", params={"phone": BAD_GATEWAY, "date": day.isoformat()}, timeout=60
        )
        assert failing.status_code == 200
    calls_before = sum(counting_sandbox_server.calls.values())

    blocked = session.get(
        f"{second}/",
        params={"phone": reserved.EVERY_STATUS, "date": day.isoformat()},
        timeout=60,
    )

    assert blocked.status_code == 200
    assert "Alibaba Cloud is unavailable, retrying in " in blocked.text
    assert sum(counting_sandbox_server.calls.values()) == calls_before
    accounts = health(second)["upstream"]["accounts"]
    assert [one["circuit"]["open"] for one in accounts] == [True, True]
