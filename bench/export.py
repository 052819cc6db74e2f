"""The search page's exports: 30 days of 13800000999 (12,600 rows) as CSV and as Excel.

Each export is one GET of the search page with ``_export=csv`` or ``_export=xlsx`` through
Django's whole request stack (the test client, in-process, a user in Support and Manager:
exporting is the Manager role's), its body read to the end as a browser saving the file would,
streamed or not. Every run is a fresh process, so one export's memory peak cannot hide
another's; each measures

- the wall time of the request, body included;
- the growth of the process's resident memory: the peak during the export (``VmHWM``, reset
  just before through ``/proc/self/clear_refs``) less the resident size before it.

Before it, a warm-up export of today in the same format (imports, connection, translations)
also fetches today again if its fetch is older than ``RECORDS_FRESH_SECONDS``, so the measured
export calls nothing upstream.

It prints the median of ``--repeat`` runs (3) of each format.

**The store.** ``--database-url`` names the database (PostgreSQL, or ``sqlite:///path``); it is
migrated, then the 30 days up to today (the busy number has its 420 sends on today too) are
fetched into it from the in-process sandbox through
``deliveries.services.records_refresh_range``, as a search would (days already stored are not
fetched again). ``--background-rows N`` then adds about N rows of other numbers (1399...),
copies of those 30 days made by ``INSERT ... SELECT`` inside the database, 12,600 rows per
number, so the export runs among millions of stored rows (1 M takes a minute or two on
PostgreSQL); rows already there count. A store built by ``bench/store_build.py`` serves as well.

    .venv/bin/python bench/export.py \\
        --database-url postgres://postgres@127.0.0.1:5432/smsadmin_bench \\
        [--background-rows 1000000] [--repeat 3]

It measures through the page's URL only, so it runs on the code before the exports were
streamed (commit c7d0c2c) as well.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PHONE = "13800000999"
DAYS = 30
USERNAME = "bench-export"
BACKGROUND_PREFIX = "1399"
FORMATS = ("csv", "xlsx")
STATIC_ROOT = Path(tempfile.gettempdir()) / "smsadmin-bench-static"  # nothing is served from it


def configure(database_url: str) -> None:
    """Production-like settings (DEBUG off, plain HTTP) on the given database, the sandbox."""
    for name in list(os.environ):
        if name.startswith(("DJANGO_", "DATABASE_", "REDIS_", "DYSMS_", "ALIBABA_CLOUD_")):
            del os.environ[name]
    os.environ.update(
        DJANGO_SETTINGS_MODULE="smsadmin.settings",
        DJANGO_DEBUG="0",
        DJANGO_HTTPS="0",
        DJANGO_SECRET_KEY="bench-only-secret-key-not-for-production-use",
        DJANGO_LOG_LEVEL="WARNING",
        DJANGO_STATIC_ROOT=str(STATIC_ROOT),
        DYSMS_ENDPOINT="sandbox",
    )
    if database_url.startswith("sqlite:///"):
        os.environ["SQLITE_PATH"] = database_url.removeprefix("sqlite:///")
    else:
        os.environ["DATABASE_URL"] = database_url
    STATIC_ROOT.mkdir(exist_ok=True)
    import django

    django.setup()


def span():
    from django.utils import timezone

    last = timezone.localdate()  # upstream keeps 30 days, today's included
    return last - timedelta(days=DAYS - 1), last


# --- the store -------------------------------------------------------------------------------


def prepare(background_rows: int) -> None:
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command

    from access.roles import MANAGER, SUPPORT, ensure_roles
    from deliveries.models import SmsRecord
    from deliveries.services import RecordSearch, records_refresh_range

    call_command("migrate", "--noinput", verbosity=0)
    ensure_roles()
    user, _ = User.objects.get_or_create(username=USERNAME)
    user.groups.set(Group.objects.filter(name__in=[SUPPORT, MANAGER]))
    first, last = span()
    started = time.perf_counter()
    result = records_refresh_range(search=RecordSearch(phone=PHONE, first=first, last=last))
    assert not result.troubled, (result.failure, result.late_days)
    stored = SmsRecord.objects.filter(phone=PHONE, send_day__range=(first, last)).count()
    took = time.perf_counter() - started
    print(f"store: {stored} rows of {PHONE}, {first} to {last} ({took:.1f} s)")
    if background_rows:
        add_background(background_rows, first, last)
    print(f"store: {SmsRecord.objects.count()} rows in all")


def add_background(wanted: int, first, last) -> None:
    """Copies of the 30 days for other numbers, made inside the database, until ``wanted``."""
    from django.db import connection

    from deliveries.models import Fetch, SmsRecord

    per_phone = SmsRecord.objects.filter(phone=PHONE, send_day__range=(first, last)).count()
    have = SmsRecord.objects.filter(phone__startswith=BACKGROUND_PREFIX).count()
    phones = max(0, -(-(wanted - have) // per_phone))
    offset = Fetch.objects.filter(phone__startswith=BACKGROUND_PREFIX).values("phone").distinct()
    start = offset.count()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for n in range(start, start + phones):
            phone = f"{BACKGROUND_PREFIX}{n:07d}"
            cursor.execute(*copy_sql(Fetch, phone, first, last))
            cursor.execute(*copy_sql(SmsRecord, phone, first, last))
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    took = time.perf_counter() - started
    print(f"store: {phones * per_phone} background rows added ({phones} numbers, {took:.1f} s)")


def copy_sql(model, phone: str, first, last) -> tuple[str, list]:
    """``INSERT ... SELECT`` of the bench number's rows of ``model`` under ``phone``.

    Column by column from the model, so it copies whatever fields the model has; a record's
    fetch is the copied fetch of the same day.
    """
    from deliveries.models import Fetch

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(f.column for f in fields)
    if model is Fetch:
        values = ", ".join("%s" if f.name == "phone" else f.column for f in fields)
        sql = f"INSERT INTO {model._meta.db_table} ({columns}) SELECT {values} "
        sql += f"FROM {model._meta.db_table} WHERE phone = %s AND day BETWEEN %s AND %s"
        return sql, [phone, PHONE, first, last]
    fetches = Fetch._meta.db_table
    picked = []
    for f in fields:
        picked.append(
            "%s" if f.name == "phone" else "copy.id" if f.name == "fetch" else f"r.{f.column}"
        )
    sql = f"INSERT INTO {model._meta.db_table} ({columns}) SELECT {', '.join(picked)} "
    sql += f"FROM {model._meta.db_table} r JOIN {fetches} original ON original.id = r.fetch_id "
    sql += f"JOIN {fetches} copy ON copy.phone = %s AND copy.day = original.day "
    sql += "AND copy.biz_id = original.biz_id "
    sql += "WHERE r.phone = %s AND r.send_day BETWEEN %s AND %s"
    return sql, [phone, phone, PHONE, first, last]


# --- one export, in its own process ----------------------------------------------------------


def memory_kib() -> dict[str, int]:
    status = Path("/proc/self/status").read_text()
    return {key: int(value) for key, value in re.findall(r"(VmRSS|VmHWM):\s+(\d+) kB", status)}


def reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def body_size(response) -> int:
    """Read the file to its end, keeping nothing of it, as a browser saving it would."""
    if getattr(response, "streaming", False):
        return sum(len(piece) for piece in response.streaming_content)
    return len(response.content)


def measure_one(export_format: str) -> dict:
    from django.contrib.auth.models import User
    from django.test import Client

    client = Client()
    client.force_login(User.objects.get(username=USERNAME))
    first, last = span()
    warm_up = client.get("/", {"phone": PHONE, "date": last.isoformat(), "_export": export_format})
    assert warm_up.status_code == 200, warm_up.status_code
    body_size(warm_up)
    del warm_up
    gc.collect()
    search = {"phone": PHONE, "date": first.isoformat(), "date_to": last.isoformat()}
    before = memory_kib()
    exact = reset_peak()
    started = time.perf_counter()
    response = client.get("/", {**search, "_export": export_format})
    size = body_size(response)
    seconds = time.perf_counter() - started
    after = memory_kib()
    assert response.status_code == 200, response.status_code
    baseline = before["VmRSS"] if exact else max(before["VmRSS"], before["VmHWM"])
    return {
        "format": export_format,
        "seconds": seconds,
        "growth_mib": max(0, after["VmHWM"] - baseline) / 1024,
        "exact_peak": exact,
        "bytes": size,
        "rows": rows_of(export_format, search),
    }


def rows_of(export_format: str, search: dict) -> int:
    from deliveries.models import SmsRecord

    first, last = search["date"], search["date_to"]
    return SmsRecord.objects.filter(phone=PHONE, send_day__range=(first, last)).count()


def child(database_url: str, export_format: str) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--database-url", database_url, "--one", export_format],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        raise RuntimeError(f"the {export_format} export failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--background-rows", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", choices=FORMATS, help=argparse.SUPPRESS)
    args = parser.parse_args()

    configure(args.database_url)
    if args.one:
        print(json.dumps(measure_one(args.one)))
        return
    prepare(args.background_rows)
    print(f"Export of {DAYS} days of {PHONE} through the search page, median of {args.repeat}:")
    for export_format in FORMATS:
        runs = [child(args.database_url, export_format) for _ in range(args.repeat)]
        seconds = statistics.median(run["seconds"] for run in runs)
        growth = statistics.median(run["growth_mib"] for run in runs)
        exact = "" if all(run["exact_peak"] for run in runs) else " (peak not resettable: at least)"
        each = ", ".join(f"{run['seconds']:.2f} s" for run in runs)
        print(
            f"  {export_format:<5} {runs[0]['rows']:>6} rows {runs[0]['bytes'] / 2**20:6.1f} MiB  "
            f"{seconds * 1000:7.0f} ms  +{growth:5.1f} MiB RSS{exact}  (runs: {each})"
        )


if __name__ == "__main__":
    main()
