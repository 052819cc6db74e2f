"""The screenshots in docs/: ``make screenshots`` (Chromium at /usr/bin/chromium, Chinese fonts
such as Debian's fonts-noto-cjk for the Chinese pages).

A production-like instance (gunicorn, a fresh SQLite file, the sandbox) on a pinned clock, so the
same code gives the same pictures: the sandbox's receipts and replies of the last week are
pushed first (``dysms_sandbox_traffic --backfill-hours``), then Chromium takes the pages in
Chinese. For the Alerts page, the sandbox degraded its templates from 13:00 to 14:00 (an
incident started on a clock at 13:00), and ``alerts_check`` ran at 14:00 (the rule fires) and
at 15:00 (it recovers), notifying a webhook on this machine.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from support.webhooks import Receiver  # noqa: E402

from bench.common import PYTHON, gunicorn_instance, manage, prepare_instance, production_env  # noqa: E402
from dysms_sandbox import reserved  # noqa: E402

INSTANT = datetime.fromisoformat("2026-12-02T15:00:00+08:00")
INCIDENT = INSTANT - timedelta(hours=2)  # an hour of a degraded delivery from 13:00


def clocked(at: datetime) -> tuple[str, ...]:
    """A command line's start that runs what follows on a clock pinned at ``at``."""
    return (PYTHON, str(ROOT / "tests" / "support" / "clocked.py"), at.isoformat())


CLOCKED = clocked(INSTANT)
USERNAME, PASSWORD = "support", "screenshots-only-password-1"
MANAGER = "manager"
TOKEN = "screenshots-token"
DOCS = ROOT / "docs"
CHROMIUM = "/usr/bin/chromium"


def main() -> None:
    with tempfile.TemporaryDirectory() as workdir:
        env = production_env(
            SQLITE_PATH=str(Path(workdir) / "db.sqlite3"),
            DJANGO_STATIC_ROOT=workdir,
            SMS_REPORT_TOKEN=TOKEN,
            DYSMS_PRICE_PER_PART="0.045",  # the cost figures of the rates page
            SANDBOX_STATE_DIR=workdir,  # the incident
        )
        prepare_instance(env, USERNAME, PASSWORD)
        prepare_instance(env, MANAGER, PASSWORD)
        manage(env, "shell", "-c", MAKE_MANAGER)
        with Receiver() as webhook:
            manage(env, "shell", "-c", make_rule(webhook.url))
            run(env, INCIDENT, "dysms_sandbox_incident", "--kind", "degrade", "--minutes", "60")
            run(env, INSTANT, "dysms_sandbox_traffic", "--backfill-hours", "168")
            checks = [run(env, INCIDENT + timedelta(hours=1), "alerts_check")]
            checks.append(run(env, INSTANT, "alerts_check"))
            assert len(webhook.bodies) == 2, checks  # fired, then recovered
        with gunicorn_instance(env, launcher=CLOCKED) as base:
            push_reply(base)
            shoot(base)


MAKE_MANAGER = (
    "from django.contrib.auth.models import Group, User\n"
    "from access.roles import MANAGER\n"
    f"User.objects.get(username={MANAGER!r}).groups.set([Group.objects.get(name=MANAGER)])"
)


def make_rule(webhook: str) -> str:
    """The shell code of a manager's rule: delivery under 90 % over an hour, to a webhook."""
    return (
        "from alerts.models import Channel, Kind, Rule\n"
        f"channel = Channel.objects.create(name='运维群 webhook', url={webhook!r})\n"
        "rule = Rule.objects.create(name='送达率低于 90%', kind=Kind.DELIVERY_RATE, threshold=90,"
        " window_minutes=60, minimum=5, for_minutes=0)\n"
        "rule.channels.set([channel])"
    )


def run(env: dict[str, str], at: datetime, *command: str) -> str:
    """One of the product's commands on a clock pinned at ``at``; what it printed."""
    import subprocess

    return subprocess.run(
        [*clocked(at), "-m", "django", *command],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    ).stdout


def push_reply(base: str) -> None:
    """A customer's 退订 after yesterday's first marketing send to the demo number."""
    yesterday = INSTANT.date() - timedelta(days=1)
    reply = {
        "phone_number": reserved.ONE_PAGE,
        "send_time": f"{yesterday} 12:07:00",
        "content": "退订",
        "sign_name": "橙子优选",
        "dest_code": "1234",
        "sequence_id": 90001,
    }
    answer = requests.post(f"{base}/replies/{TOKEN}/", data=json.dumps([reply]), timeout=30)
    answer.raise_for_status()


def shoot(base: str) -> None:
    from playwright.sync_api import sync_playwright

    yesterday = INSTANT.date() - timedelta(days=1)
    search = f"/?phone={reserved.EVERY_STATUS}&date={yesterday}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--lang=zh-CN"],
            env={**os.environ, "LANG": "zh_CN.UTF-8", "LANGUAGE": "zh_CN"},
        )
        for width, height, name in ((1280, 800, "search-1280"), (390, 844, "search-390")):
            tab = logged_in(browser, base, width, height)
            tab.goto(base + search)
            # The legend of failures, then the rows (as cards on a phone: the first screens).
            clip = {"x": 0, "y": 0, "width": width, "height": 2400 if width < 700 else 2300}
            tab.screenshot(path=DOCS / f"{name}.png", full_page=True, clip=clip)
        tab = logged_in(browser, base, 1280, 800)
        tab.goto(f"{base}/sends/?status=failed")  # "every failure of the last 24 hours"
        tab.screenshot(path=DOCS / "sends-1280.png")
        tab.goto(f"{base}/?phone={reserved.ONE_PAGE}&date={yesterday}")
        tab.locator("#record-rows td.time a").last.click()
        tab.wait_for_load_state()
        tab.screenshot(path=DOCS / "record-reply-1280.png", full_page=True)
        tab = logged_in(browser, base, 1280, 800, username=MANAGER)
        tab.goto(f"{base}/stats/")
        tab.screenshot(path=DOCS / "stats-1280.png", full_page=True)
        shoot_stats_views(tab, base)
        tab.goto(f"{base}/alerts/")
        tab.screenshot(path=DOCS / "alerts-1280.png", full_page=True)
        browser.close()


def shoot_stats_views(tab, base: str) -> None:
    """The rates page's new views, each on its own: a picked day's breakdowns (where and why),
    then over the last 7 days how fast receipts come, what it costs, and today by the hour."""
    yesterday = INSTANT.date() - timedelta(days=1)
    views = (
        (f"/stats/?day={yesterday}", "#failure-codes-title", "stats-where"),
        (f"/stats/?day={yesterday}", "#carriers-title", "stats-carriers"),
        ("/stats/", "#latency-title", "stats-latency"),
        ("/stats/", "#costs-title", "stats-costs"),
        ("/stats/", "#hourly-title", "stats-hourly"),
    )
    for address, section, name in views:
        if not tab.url.endswith(address):
            tab.goto(base + address)
        part = tab.locator(section).locator("xpath=ancestor::section[1]")
        part.screenshot(path=DOCS / f"{name}-1280.png")


def logged_in(browser, base: str, width: int, height: int, *, username: str = USERNAME):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    tab = context.new_page()
    tab.goto(f"{base}/accounts/login/")
    tab.fill("input[name=username]", username)
    tab.fill("input[name=password]", PASSWORD)
    tab.press("input[name=password]", "Enter")
    tab.wait_for_load_state()
    return tab


if __name__ == "__main__":
    main()
