"""A customer's replies (pushed to /replies/<token>/) in the number's timeline: the search page
on the searched days and the record page after the send, escaped, masked for Managers."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from support.statistics import RECEIPT_TOKEN, reply

from deliveries.models import SmsRecord
from deliveries.selectors import ReplyLine
from dysms_sandbox import reserved

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("upstream")]

PHONE = reserved.ONE_PAGE  # 20 sends a day, 08:00 to 17:30


@pytest.fixture(autouse=True)
def report_token(settings):
    settings.SMS_REPORT_TOKEN = RECEIPT_TOKEN


def pushed(*replies):
    body = json.dumps(list(replies))
    answer = Client().post(f"/replies/{RECEIPT_TOKEN}/", body, content_type="application/json")
    assert answer.json() == {"code": 0, "msg": "接收成功"}


def at(day, clock: str) -> str:
    return f"{day.isoformat()} {clock}:00"


def search(client, day, **more):
    return client.get("/", {"phone": PHONE, "date": day.isoformat(), **more}).content.decode()


def test_an_unsubscribe_reply_is_explained_on_the_search_page(agent, past_day):
    pushed(reply(phone_number=PHONE, send_time=at(past_day, "14:07"), content="退订"))

    html = search(agent, past_day)

    assert (
        "The customer replied “退订” (unsubscribe) at 14:07: later marketing messages to this "
        "number are not delivered."
    ) in html
    assert 'class="reply reply-unsubscribe"' in html


def test_only_the_searched_days_and_number_replies_are_shown(agent, past_day):
    pushed(
        reply(
            phone_number=PHONE, send_time=at(past_day, "09:30"), content="ok thanks", sequence_id=1
        ),
        reply(
            phone_number=PHONE, send_time=at(past_day - timedelta(days=1), "10:00"), content="TD"
        ),
        reply(
            phone_number="13900139000", send_time=at(past_day, "10:00"), content="N", sequence_id=3
        ),
    )

    html = search(agent, past_day)

    assert "The customer replied “ok thanks” at 09:30." in html
    assert "(unsubscribe)" not in html  # the other day's TD, the other number's N


def test_a_range_names_the_day_of_each_reply(agent, past_day):
    first = past_day - timedelta(days=1)
    pushed(reply(phone_number=PHONE, send_time=at(first, "10:00"), content="TD"))

    html = search(agent, first, date_to=past_day.isoformat())

    assert f"replied “TD” (unsubscribe) at {first.isoformat()} 10:00" in html


def test_the_content_is_escaped(agent, past_day):
    pushed(
        reply(phone_number=PHONE, send_time=at(past_day, "14:07"), content="<script>x()</script>")
    )

    html = search(agent, past_day)

    assert "<script>x()</script>" not in html
    assert "&lt;script&gt;x()&lt;/script&gt;" in html


def test_a_manager_sees_the_number_masked(manager, past_day):
    pushed(reply(phone_number=PHONE, send_time=at(past_day, "14:07"), content="TD"))

    html = search(manager, past_day)

    assert "replied “TD” (unsubscribe)" in html
    assert f'<span class="reply-phone">{PHONE[:3]}****{PHONE[-4:]}</span>' in html
    section = re.search(r'<section class="replies".*?</section>', html, re.S).group(0)
    assert PHONE not in section  # the number they typed is elsewhere on the page, as typed


def test_the_record_page_shows_the_replies_after_its_send(agent, past_day):
    search(agent, past_day)
    record = SmsRecord.objects.filter(phone=PHONE).order_by("send_time").first()  # 08:00
    sent = timezone.localtime(record.send_time)
    pushed(
        reply(phone_number=PHONE, send_time=at(past_day, "07:59"), content="before", sequence_id=1),
        reply(
            phone_number=PHONE,
            send_time=(sent + timedelta(minutes=5)).strftime("%Y-%m-%d %H:%M:%S"),
            content="<b>退订</b>",
            sequence_id=2,
        ),
    )

    html = agent.get(f"/records/{record.pk}/").content.decode()

    moment = (sent + timedelta(minutes=5)).strftime("%Y-%m-%d %H:%M")
    assert f"The customer replied “&lt;b&gt;退订&lt;/b&gt;” at {moment}." in html
    assert "before" not in html


def test_the_reply_sentence_is_in_chinese_on_a_chinese_page(agent, past_day, settings):
    pushed(reply(phone_number=PHONE, send_time=at(past_day, "14:07"), content="TD"))

    html = agent.get(
        "/", {"phone": PHONE, "date": past_day.isoformat()}, headers={"accept-language": "zh-hans"}
    ).content.decode()

    assert "客户于 14:07 回复“TD”（退订）：此后发往该号码的营销短信将不会送达。" in html


def test_a_later_record_says_the_customer_had_unsubscribed_before_it(agent, past_day):
    search(agent, past_day)
    record = SmsRecord.objects.filter(phone=PHONE).order_by("send_time").last()  # 17:30
    pushed(
        reply(phone_number=PHONE, send_time=at(past_day, "14:07"), content="TD", sequence_id=1),
        reply(phone_number=PHONE, send_time=at(past_day, "15:00"), content="hello", sequence_id=2),
    )

    html = agent.get(f"/records/{record.pk}/").content.decode()

    assert (
        f"The customer replied “TD” (unsubscribe) at {past_day.isoformat()} 14:07, before this "
        "message: marketing messages to this number are not delivered since."
    ) in html
    assert "hello" not in html  # a reply before the send that is no unsubscribe


@pytest.mark.parametrize(
    ("content", "unsubscribes"),
    [
        *(("TD", True), ("td", True), ("退订", True), ("T", True), ("N", True), ("R", True)),
        *(("Unsubscribe", True), (" 退订。", True), ("STOP!", True)),
        *(("TD please call me", False), ("Thanks", False), ("", False), ("NO", False)),
    ],
)
def test_what_counts_as_an_unsubscribe(content, unsubscribes):
    line = ReplyLine(account="default", phone=PHONE, send_time=timezone.now(), content=content)

    assert line.unsubscribes is unsubscribes
