"""dysms.replies: the SmsUp push body, judged reply by reply, content cleaned and cut."""

from __future__ import annotations

from datetime import datetime

import pytest
from support.statistics import reply

from dysms.receipts import MalformedReceipts
from dysms.replies import CONTENT_LIMIT, MalformedReplies, parse_replies
from dysms.values import CHINA_TZ


def test_a_reply_is_read_in_china_time():
    parsed = parse_replies([reply()])

    assert parsed.rejected == []
    (read,) = parsed.replies
    assert read.send_time == datetime(2026, 5, 20, 14, 7, tzinfo=CHINA_TZ)
    assert (read.phone_number, read.content, read.sequence_id) == (
        "13800138000",
        "退订",
        1234567890,
    )
    assert (read.sign_name, read.dest_code) == ("阿里云", "1234")


@pytest.mark.parametrize(
    "bad",
    [
        "text",
        {k: v for k, v in reply().items() if k != "phone_number"},
        reply(phone_number=""),
        reply(phone_number="138\n0013"),
        reply(send_time="2026-05-20T14:07"),
        reply(send_time="0001-01-01 00:00:00"),
        reply(sequence_id="abc"),
        reply(sequence_id=True),
        reply(sequence_id=-1),
        reply(content=["list"]),
        reply(sign_name="x" * 65),
    ],
    ids=[
        *("not-object", "no-phone", "empty-phone", "control-in-phone", "bad-time"),
        *("year-one", "sequence-text", "sequence-bool", "sequence-negative"),
        *("content-not-text", "long-sign"),
    ],
)
def test_an_unusable_reply_is_rejected_with_its_position_and_the_others_kept(bad):
    parsed = parse_replies([reply(), bad])

    assert len(parsed.replies) == 1
    (reason,) = parsed.rejected
    assert reason.startswith("Reply 2 ")
    assert "退订" not in reason  # the content is never in a reason (nor in the log)


def test_nuls_are_dropped_and_unstorable_characters_replaced():
    (read,) = parse_replies([reply(content="T\x00D \ud800!")]).replies

    assert read.content == "TD \ufffd!"


def test_long_content_is_cut_not_refused():
    (read,) = parse_replies([reply(content="退" * 5000)]).replies

    assert read.content == "退" * CONTENT_LIMIT


def test_a_sequence_id_as_digits_and_a_missing_sign_are_accepted():
    body = {k: v for k, v in reply(sequence_id="42").items() if k not in ("sign_name", "dest_code")}

    (read,) = parse_replies([body]).replies

    assert (read.sequence_id, read.sign_name, read.dest_code) == (42, "", "")


@pytest.mark.parametrize("body", [{"content": "TD"}, "TD", None, 5])
def test_a_body_that_is_not_an_array_is_malformed_like_a_receipts_one(body):
    with pytest.raises(MalformedReplies) as raised:
        parse_replies(body)

    assert isinstance(raised.value, MalformedReceipts)  # the push endpoint answers 400
