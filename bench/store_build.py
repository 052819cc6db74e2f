"""Build a record store of millions of rows in PostgreSQL in minutes, for the store benchmarks.

    .venv/bin/python bench/store_build.py --database-url postgres://postgres@127.0.0.1:5432/NAME \
        [--rows 5000000] [--phone-count N] [--days 90] [--seed 13]

Migrates the database, empties the two tables of the record store and fills them:

* many ordinary numbers (139...) with a few sends on most of the last ``--days`` days, and one
  number in a hundred busy (100 to 400 sends every day), as final fetches (fetched after the day
  ended, nothing waiting), so a search of them never calls upstream. ``--phone-count`` fixes the
  number of phones (the sends per day are scaled to reach ``--rows``); by default phones are
  added until ``--rows`` is reached (about 10,700 for 5 M rows, some 580,000 fetches);
* ``13800000999`` (420 sends a day) for the 30 days before today (China time), fetched from the
  in-process sandbox through the app's own ``records_refresh_range`` and stored by its own code,
  so those rows are exactly what the sandbox returns. The oldest of the 30 days is outside the
  service's window today: it is fetched with the clock one day back (time-machine), which is
  also the clock ``bench/range_page.py`` searches at.

Fast: fetch rows by ``COPY`` (psycopg 3), record rows by ``INSERT ... SELECT`` over
``generate_series`` inside PostgreSQL, with the tables' secondary indexes and constraints
dropped during the load and created again after it (all in one transaction: a failed build
leaves the store as it was), then ``VACUUM (ANALYZE)``. The columns come from the models
(``_meta.concrete_fields``), so the script runs against any version of the schema: a column
it has no rule for gets the field's default.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUSY_NUMBER = "13800000999"  # the sandbox's reserved 420-sends-a-day number
BUSY_DAYS = 30
BATCH_FETCHES = 40_000  # fetches whose records one INSERT ... SELECT writes (~350,000 rows)
FAILED_SHARE = 0.04
# (template code, text); {code} is a six-digit number. The masked text is what the app's own
# masking makes of it (``masked_content``), computed once per template.
TEMPLATES = (
    (
        "SMS_271935402",
        "【云雀科技】验证码{code}，您正在登录云雀账号，5分钟内有效。如非本人操作，请忽略本短信。",
    ),
    (
        "SMS_268410577",
        "【橙子优选】您的验证码为{code}，用于绑定手机号，10分钟内有效，请勿告诉他人。",
    ),
    (
        "SMS_285016239",
        "【鹿鸣快递】您的包裹已到青年路便民驿站，取件码3-2-{code}，请在当日20:00前领取。",
    ),
    (
        "SMS_279553168",
        "【橙子优选】您的订单2611{code}已发货，鹿鸣快递单号LM{code}0077，请留意查收。",
    ),
    ("SMS_258830946", "【橙子优选】会员日全场满199减30，仅限今日，打开App即可领取。拒收请回复R"),
)
FAILURE_CODES = ("MOBILE_NOT_ON_SERVICE", "MOBILE_IN_BLACK", "MK:0001", "UNDELIV")


def use_store_profile(database_url: str, *, redis_url: str = "") -> None:
    """Production settings (DEBUG off) over ``database_url``, before ``django.setup()``.

    The in-process sandbox answers any upstream call; the cache is Redis at ``redis_url`` or,
    without it, the local-memory cache. Shared with ``bench/range_page.py``.
    """
    for name in ("REDIS_URL", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"):
        os.environ.pop(name, None)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="smsadmin.settings",
        DJANGO_DEBUG="0",
        DJANGO_HTTPS="0",
        DJANGO_SECRET_KEY="bench-only-secret-key-not-for-production-use",
        DJANGO_STATIC_ROOT=tempfile.mkdtemp(prefix="smsadmin-store-"),
        DJANGO_LOG_LEVEL="ERROR",
        DATABASE_URL=database_url,
        DYSMS_ENDPOINT="sandbox",
    )
    if redis_url:
        os.environ["REDIS_URL"] = redis_url


def china_today() -> date:
    from dysms.values import CHINA_TZ

    return datetime.now(CHINA_TZ).date()


def bench_clock() -> datetime:
    """The clock of the busy number's oldest day and of the range benchmark: one day back."""
    from django.utils import timezone

    return timezone.now() - timedelta(days=1)


# --- the plan: which (phone, day) fetches, with how many records ----------------------------


def plan_fetches(*, rows: int, phone_count: int | None, days: int, today: date, seed: int):
    """``[(phone, day, count)]`` summing to ``rows`` exactly."""
    rng = random.Random(seed)
    plan: list[tuple[str, date, int]] = []
    total, number = 0, 0
    while (phone_count is None and total < rows) or (phone_count and number < phone_count):
        phone = f"139{number:08d}"
        busy = number % 100 == 99
        for back in range(1, days + 1):
            if busy or rng.random() < 0.6:
                count = rng.randint(100, 400) if busy else rng.choice((1, 1, 2, 2, 3, 4, 6, 9))
                plan.append((phone, today - timedelta(days=back), count))
                total += count
        number += 1
    if phone_count:
        scale = rows / total
        plan = [(phone, day, max(1, round(count * scale))) for phone, day, count in plan]
        total = sum(count for *_, count in plan)
    excess = total - rows
    while excess > 0:  # trim from the end to the exact total
        phone, day, count = plan.pop()
        if count > excess:
            plan.append((phone, day, count - excess))
        excess -= min(count, excess)
    if excess < 0:  # scaled down a little too far: the last fetch takes the rest
        phone, day, count = plan[-1]
        plan[-1] = (phone, day, count - excess)
    return plan


def fetch_values(phone: str, day: date, count: int, *, now: datetime, rng: random.Random):
    """The known columns of one synthetic fetch: final (after the day ended), nothing waiting."""
    from dysms.values import CHINA_TZ

    day_end = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=CHINA_TZ)
    fetched_at = min(day_end + timedelta(minutes=rng.randint(10, 600)), now)
    return {
        "phone": phone,
        "day": day,
        "biz_id": "",
        "fetched_at": fetched_at,
        "total_count": count,
        "stored_count": count,
        "waiting_count": 0,
        "capped": False,
        "request_ids": f'["BENCH-{rng.getrandbits(64):016X}"]',
    }


def field_default(field, connection):
    """A column this script has no rule for: the field's default (``None`` if nullable)."""
    import json

    if field.has_default():
        value = field.get_default()
        return json.dumps(value) if isinstance(value, list | dict) else value
    if field.null:
        return None
    raise SystemExit(f"store_build: no rule for column {field.column!r} and no default")


def copy_fetches(cursor, plan, *, now: datetime, seed: int) -> None:
    from django.db import connection

    from deliveries.models import Fetch

    fields = [f for f in Fetch._meta.concrete_fields if not f.primary_key]
    columns = [f.column for f in fields]
    rng = random.Random(seed + 1)
    known = fetch_values("", date.today(), 0, now=now, rng=rng)
    defaults = {f.column: field_default(f, connection) for f in fields if f.column not in known}
    sql = f"COPY {Fetch._meta.db_table} ({', '.join(columns)}) FROM STDIN"
    with cursor.connection.cursor().copy(sql) as copy:
        for phone, day, count in plan:
            known = fetch_values(phone, day, count, now=now, rng=rng)
            copy.write_row([known[c] if c in known else defaults[c] for c in columns])


# --- the records: one INSERT ... SELECT per batch of fetches ----------------------------------


def record_expressions() -> dict[str, str]:
    """SQL per record column over the subquery ``s`` (one row per fetch and position)."""
    from deliveries.stored_masking import masked_content

    def array(values) -> str:
        return "ARRAY[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"

    masked = [masked_content(text.replace("{code}", "246813")) for _, text in TEMPLATES]
    masked = [text.replace("246813", "{code}") for text in masked]
    texts = array(text for _, text in TEMPLATES)
    return {
        "fetch_id": "s.fetch_id",
        "phone": "s.phone",
        "send_day": "s.day",
        "biz_id": "s.biz_id",
        "position": "s.pos",
        "status": "CASE WHEN s.failed THEN 2 ELSE 3 END",
        "err_code": f"CASE WHEN s.failed THEN ({array(FAILURE_CODES)})[s.e] ELSE 'DELIVERED' END",
        "template_code": f"({array(code for code, _ in TEMPLATES)})[s.t]",
        "content": f"replace(({texts})[s.t], '{{code}}', s.code)",
        "content_masked": f"replace(({array(masked)})[s.t], '{{code}}', s.code)",
        "out_id": "'bench-' || s.fetch_id || '-' || s.pos",
        "send_time": "s.sent",
        "receive_time": "s.sent + make_interval(secs => s.delay)",
        "send_key": "md5(s.fetch_id || '/' || s.pos) || md5(s.pos || '/' || s.fetch_id)",
        "ordinal": "0",
    }


def insert_records_sql() -> tuple[str, list]:
    from django.db import connection

    from deliveries.models import Fetch, SmsRecord

    expressions, values, params = record_expressions(), [], []
    fields = [f for f in SmsRecord._meta.concrete_fields if not f.primary_key]
    for field in fields:
        if field.column in expressions:
            values.append(expressions[field.column])
        else:
            values.append("%s")
            params.append(field_default(field, connection))
    # OFFSET 0: the subquery stays one, so each random() is drawn once per row.
    source = f"""
        SELECT f.id AS fetch_id, f.phone, f.day, f.biz_id, g.pos,
               random() < {FAILED_SHARE} AS failed,
               1 + floor(random() * {len(FAILURE_CODES)})::int AS e,
               1 + floor(random() * {len(TEMPLATES)})::int AS t,
               lpad(floor(random() * 1000000)::int::text, 6, '0') AS code,
               2 + floor(random() * 20)::int AS delay,
               (f.day::timestamp AT TIME ZONE 'Asia/Shanghai') + make_interval(
                   secs => floor(86399.0 * (f.stored_count - g.pos) / (f.stored_count + 1))
               ) AS sent
        FROM {Fetch._meta.db_table} f
        CROSS JOIN LATERAL generate_series(0, f.stored_count - 1) AS g(pos)
        WHERE f.id BETWEEN %s AND %s
        ORDER BY f.id, g.pos OFFSET 0"""
    columns = ", ".join(f.column for f in fields)
    table = SmsRecord._meta.db_table
    sql = f"INSERT INTO {table} ({columns}) SELECT {', '.join(values)} FROM ({source}) s"
    return sql, params


def insert_records(cursor, fetch_count: int, *, seed: int) -> None:
    sql, params = insert_records_sql()
    cursor.execute("SELECT setseed(%s)", [(seed % 1000) / 1000])
    for first in range(1, fetch_count + 1, BATCH_FETCHES):
        cursor.execute(sql, [*params, first, first + BATCH_FETCHES - 1])
        done = min(fetch_count, first + BATCH_FETCHES - 1)
        print(f"  records of fetches 1-{done} of {fetch_count}", flush=True)


# --- secondary indexes and constraints: dropped for the load, created again after it ---------


def drop_secondary(cursor, tables: list[str]) -> list[str]:
    """Drop every index and constraint but the primary keys; returns the SQL that restores them.

    Read from PostgreSQL's catalogue, so it is whatever the migrations made. Foreign keys are
    restored last (they need the unique indexes they point at, and check every row once).
    """
    restore, foreign = [], []
    for table in tables:
        cursor.execute(
            "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = %s::regclass AND contype IN ('u', 'f', 'c', 'x')",
            [table],
        )
        for name, kind, definition in cursor.fetchall():
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            statement = f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
            (foreign if kind == "f" else restore).append(statement)
    for table in tables:
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i"
            " WHERE i.indrelid = %s::regclass AND NOT i.indisprimary",
            [table],
        )
        for name, definition in cursor.fetchall():
            cursor.execute(f"DROP INDEX {name}")
            restore.insert(0, definition)
    return restore + foreign


def load(*, rows: int, phone_count: int | None, days: int, seed: int) -> dict[str, float]:
    """Empty the store and fill it, in one transaction; returns the seconds of each step."""
    from django.db import connection, transaction
    from django.utils import timezone

    from deliveries.models import Fetch, SmsRecord

    tables = [SmsRecord._meta.db_table, Fetch._meta.db_table]
    steps, started = {}, time.perf_counter()
    plan = plan_fetches(
        rows=rows, phone_count=phone_count, days=days, today=china_today(), seed=seed
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY")
        restore = drop_secondary(cursor, tables)
        steps["plan, empty, drop indexes"] = time.perf_counter() - started
        copy_fetches(cursor, plan, now=timezone.now(), seed=seed)
        steps["fetches (COPY)"] = time.perf_counter() - started - sum(steps.values())
        insert_records(cursor, len(plan), seed=seed)
        steps["records (INSERT ... SELECT)"] = time.perf_counter() - started - sum(steps.values())
        for statement in restore:
            cursor.execute(statement)
        steps["indexes and constraints"] = time.perf_counter() - started - sum(steps.values())
    return steps


def fetch_busy_number() -> int:
    """The 30 days before today of the busy number, from the sandbox, stored by the app.

    The oldest day is out of the service's window today, so it is fetched with the clock one
    day back; the 29 others now. Every fetch is final: fetched after its day ended.
    """
    import time_machine

    from deliveries.record_search import RecordSearch
    from deliveries.services import records_refresh_range

    today = china_today()
    recent = RecordSearch(
        phone=BUSY_NUMBER,
        first=today - timedelta(days=BUSY_DAYS - 1),
        last=today - timedelta(days=1),
    )
    oldest_day = today - timedelta(days=BUSY_DAYS)
    results = [records_refresh_range(search=recent, force=True)]
    with time_machine.travel(bench_clock(), tick=True):
        oldest = RecordSearch(phone=BUSY_NUMBER, first=oldest_day, last=oldest_day)
        results.append(records_refresh_range(search=oldest, force=True))
    for result in results:
        if result.troubled or len(result.fetches) != len(result.days):
            raise SystemExit(f"store_build: the sandbox fetch of {BUSY_NUMBER} failed: {result}")
        if not all(fetch.is_final() for fetch in result.fetches):
            raise SystemExit(f"store_build: a fetch of {BUSY_NUMBER} is not final (try later)")
    return sum(fetch.stored_count for result in results for fetch in result.fetches)


def vacuum_analyze() -> None:
    from django.db import connection

    from deliveries.models import Fetch, SmsRecord

    with connection.cursor() as cursor:
        for model in (Fetch, SmsRecord):
            cursor.execute(f"VACUUM (ANALYZE) {model._meta.db_table}")


def report(steps: dict[str, float]) -> None:
    from django.db import connection

    from deliveries.models import Fetch, SmsRecord

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]
        cursor.execute(f"SELECT count(DISTINCT phone) FROM {Fetch._meta.db_table}")
        phones = cursor.fetchone()[0]
    records, fetches = SmsRecord.objects.count(), Fetch.objects.count()
    print(f"store: {records:,} records, {fetches:,} fetches, {phones:,} phones, database {size}")
    for step, seconds in steps.items():
        print(f"  {step:<32} {seconds:7.1f} s")
    print(f"  {'total':<32} {sum(steps.values()):7.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="postgres://... (emptied!)")
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--phone-count", type=int, default=None)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("store_build: PostgreSQL only (COPY, generate_series)")
    use_store_profile(args.database_url)
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", "--noinput", verbosity=0)
    steps = {"migrate": time.perf_counter() - started}
    busy_rows = BUSY_DAYS * 420
    steps.update(
        load(
            rows=args.rows - busy_rows, phone_count=args.phone_count, days=args.days, seed=args.seed
        )
    )
    started = time.perf_counter()
    stored = fetch_busy_number()
    steps[f"{BUSY_NUMBER}, 30 days (sandbox)"] = time.perf_counter() - started
    started = time.perf_counter()
    vacuum_analyze()
    steps["VACUUM (ANALYZE)"] = time.perf_counter() - started
    print(f"{BUSY_NUMBER}: {stored:,} records over {BUSY_DAYS} days, as the sandbox returns them")
    report(steps)


if __name__ == "__main__":
    main()
