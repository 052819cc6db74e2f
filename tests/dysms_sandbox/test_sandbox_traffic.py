"""One traffic model per sandbox account: its statistics, its receipts, its replies and its
records are the same sends, so they agree exactly (on the run's pinned clock)."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from deliveries.phones import normalise_phone
from dysms import DysmsClient
from dysms.receipts import parse_receipts
from dysms.replies import parse_replies
from dysms.values import CHINA_TZ, SendStatus
from dysms_sandbox import (
    DEMO_ACCOUNT,
    DEMO_ACCOUNT_CREDENTIALS,
    GLOBAL_ACCOUNT,
    RESERVED_NUMBERS,
    SANDBOX_ENDPOINT,
    SHOP_ACCOUNT,
    Sandbox,
    SandboxAdapter,
)
from dysms_sandbox.generator import day_messages, day_outline
from dysms_sandbox.population import account_day, midnight, population
from dysms_sandbox.profiles import profile_for
from dysms_sandbox.pushes import receipts_between, replies_between
from dysms_sandbox.replies import REPLIES

ACCOUNTS = list(DEMO_ACCOUNT_CREDENTIALS)
UNSUBSCRIBE = {"R", "TD", "退订", "T", "N", "STOP"}


def client_for(account: str) -> DysmsClient:
    """The account's client on an in-process sandbox of the pinned clock; one second of flow
    control passes per call, so no query is throttled."""
    ticks = itertools.count()
    sandbox = Sandbox(flow_clock=lambda: float(next(ticks)))
    client = DysmsClient(DEMO_ACCOUNT_CREDENTIALS[account], endpoint=SANDBOX_ENDPOINT)
    client.session.mount(SANDBOX_ENDPOINT, SandboxAdapter(sandbox))
    return client


def now() -> datetime:
    return datetime.now(UTC)


def statistics(account, day, globe, **filters):
    page = client_for(account).query_send_statistics(
        is_globe=globe, start_date=day, end_date=day, **filters
    )
    (row,) = page.rows
    return row


def receipts_of(account, day):
    """The receipts of the sends of ``day`` that came by now (a receipt at now included: the
    statistics count it)."""
    pushed = receipts_between(account, midnight(day), now() + timedelta(microseconds=1))
    return [item for item in pushed if item["send_time"].startswith(f"{day:%Y-%m-%d}")]


@pytest.mark.parametrize("account", ACCOUNTS)
@pytest.mark.parametrize("when", ["yesterday", "today"])
def test_a_days_receipts_add_up_to_its_statistics(account, when, request):
    day = request.getfixturevalue(when)
    receipts = receipts_of(account, day)
    for globe in (1, 2):
        row = statistics(account, day, globe)
        mine = [item for item in receipts if item["phone_number"].startswith("1") == (globe == 1)]
        delivered = sum(item["success"] for item in mine)
        assert row.responded_success_count == delivered
        assert row.responded_fail_count == len(mine) - delivered
        assert row.no_responded_count == row.total_count - len(mine)


def test_an_account_sends_hundreds_a_day_and_a_past_day_has_every_receipt(past_day):
    row = statistics(DEMO_ACCOUNT, past_day, 1)
    assert row.total_count > 50
    assert row.no_responded_count == 0
    assert 0.8 < row.responded_success_count / row.total_count < 1


@pytest.mark.parametrize("account", ACCOUNTS)
def test_a_receipts_number_searched_on_its_day_shows_the_same_send(account, yesterday):
    receipts = receipts_of(account, yesterday)
    failed = [item for item in receipts if not item["success"]]
    client = client_for(account)
    for item in receipts[:4] + failed[:4]:
        page = client.query_send_details(item["phone_number"], yesterday, biz_id=item["biz_id"])
        (record,) = page.records
        assert f"{record.send_time.astimezone(CHINA_TZ):%Y-%m-%d %H:%M:%S}" == item["send_time"]
        assert (
            f"{record.receive_time.astimezone(CHINA_TZ):%Y-%m-%d %H:%M:%S}" == (item["report_time"])
        )
        assert record.status is (SendStatus.DELIVERED if item["success"] else SendStatus.FAILED)
        assert (record.err_code, record.out_id) == (item["err_code"], item["out_id"])


def test_every_receipt_is_a_usable_push_and_each_send_has_one(past_day):
    receipts = receipts_of(DEMO_ACCOUNT, past_day)
    parsed = parse_receipts(receipts)
    assert parsed.rejected == [] and len(parsed.receipts) == len(receipts)
    assert len({receipt.key for receipt in parsed.receipts}) == len(receipts)
    sent = [m for phone in population(DEMO_ACCOUNT) for m in day_messages(phone, past_day)]
    assert {m.biz_id for m in sent} == {item["biz_id"] for item in receipts}


def test_template_types_and_signs_are_exact_parts_of_the_total(yesterday):
    whole = statistics(DEMO_ACCOUNT, yesterday, 1)
    kinds = {0: "verification", 1: "notification", 2: "promotion"}
    by_type = {
        number: statistics(DEMO_ACCOUNT, yesterday, 1, template_type=number) for number in kinds
    }
    sent = Counter(
        send.template.kind
        for send in account_day(DEMO_ACCOUNT, yesterday)
        if send.phone.startswith("1")
    )
    assert {number: row.total_count for number, row in by_type.items()} == {
        number: sent[kind] for number, kind in kinds.items()
    }
    assert sum(row.responded_fail_count for row in by_type.values()) == whole.responded_fail_count
    signs = {template.sign_name for template in profile_for(DEMO_ACCOUNT).templates}
    by_sign = [statistics(DEMO_ACCOUNT, yesterday, 1, sign_name=sign) for sign in signs]
    assert sum(row.total_count for row in by_sign) == whole.total_count
    assert statistics(DEMO_ACCOUNT, yesterday, 1, template_type=3).total_count == 0


def test_abroad_every_send_is_international(yesterday):
    whole = statistics(GLOBAL_ACCOUNT, yesterday, 2)
    assert whole.total_count > 0
    assert statistics(GLOBAL_ACCOUNT, yesterday, 2, template_type=3) == whole
    assert statistics(GLOBAL_ACCOUNT, yesterday, 2, template_type=0).total_count == 0


def test_statistics_of_today_grow_as_sends_are_made_and_their_receipts_come(pinned_clock, today):
    sends = [send for send in account_day(SHOP_ACCOUNT, today) if send.delay > 20]
    send = min(sends, key=lambda send: send.sent)
    pinned_clock.move_to(midnight(today) + timedelta(seconds=send.sent))
    before = statistics(SHOP_ACCOUNT, today, 1)
    pinned_clock.shift(send.delay)
    after = statistics(SHOP_ACCOUNT, today, 1)
    assert before.no_responded_count >= 1
    assert after.total_count >= before.total_count
    assert (
        after.no_responded_count
        < before.no_responded_count + after.total_count - before.total_count
    )


@pytest.mark.parametrize("account", [*ACCOUNTS, "a-callers-own-key"])
def test_an_outline_is_the_record_without_its_text(account, yesterday):
    phones = [*population(account)[:10], *population(account)[-2:], *RESERVED_NUMBERS]
    for phone in phones:
        records = sorted(day_messages(phone, yesterday, account=account), key=lambda m: m.biz_id)
        outlines = sorted(
            day_outline(phone, yesterday, account=account), key=lambda send: send.biz_id
        )
        assert [
            (m.biz_id, m.template_code, m.send_time, m.receive_time, m.final_status)
            for m in records
        ] == [
            (
                send.biz_id,
                send.template.code,
                midnight(yesterday) + timedelta(seconds=send.sent),
                midnight(yesterday) + timedelta(seconds=send.sent + send.delay),
                send.final_status,
            )
            for send in outlines
        ]


def test_the_customers_are_valid_numbers_and_none_is_reserved():
    for account in (*ACCOUNTS, "a-callers-own-key"):
        numbers = population(account)
        mainland, abroad = profile_for(account).population
        assert len(numbers) == len(set(numbers)) == mainland + abroad
        assert sum(number.startswith("1") for number in numbers) == mainland
        assert not set(numbers) & set(RESERVED_NUMBERS)
        assert all(normalise_phone(number) == number for number in numbers)


def test_global_customers_are_mostly_abroad_and_the_shops_on_the_mainland():
    assert sum(not phone.startswith("1") for phone in population(GLOBAL_ACCOUNT)) > 50
    assert sum(phone.startswith("1") for phone in population(SHOP_ACCOUNT)) > 100


def test_replies_follow_delivered_sends_and_are_the_same_every_time(yesterday):
    start, end = midnight(yesterday) - timedelta(days=6), now()
    replies = replies_between(SHOP_ACCOUNT, start, end)
    assert replies == replies_between(SHOP_ACCOUNT, start, end)
    assert len(replies) >= 3
    assert parse_replies(replies).rejected == []
    assert {reply["phone_number"] for reply in replies} <= set(population(SHOP_ACCOUNT))
    assert {reply["content"] for reply in replies} & UNSUBSCRIBE
    assert all(reply["sign_name"] == "橙子优选" for reply in replies)


def test_a_reply_comes_after_a_delivered_send_of_its_number(yesterday):
    replies = replies_between(DEMO_ACCOUNT, midnight(yesterday), midnight(yesterday) + timedelta(1))
    for reply in replies:
        sent = datetime.strptime(reply["send_time"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=CHINA_TZ)
        answered = [
            send
            for day in (yesterday - timedelta(days=1), yesterday)
            for send in account_day(DEMO_ACCOUNT, day)
            if send.phone == reply["phone_number"]
            and send.final_status is SendStatus.DELIVERED
            and send.template.kind in REPLIES
            and midnight(day) + timedelta(seconds=send.sent + send.delay) < sent
        ]
        assert answered, reply


def test_a_window_holds_what_came_in_it_and_windows_in_a_row_hold_it_once(yesterday):
    start = midnight(yesterday)
    whole = receipts_between(DEMO_ACCOUNT, start, start + timedelta(hours=12))
    parts = [
        item
        for hour in range(12)
        for item in receipts_between(
            DEMO_ACCOUNT, start + timedelta(hours=hour), start + timedelta(hours=hour + 1)
        )
    ]
    assert parts == whole and whole
    assert all(
        f"{start:%Y-%m-%d} 00:00:00" <= item["report_time"] < f"{start:%Y-%m-%d} 12:00:00"
        for item in whole
    )
