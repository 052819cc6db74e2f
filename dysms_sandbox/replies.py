"""Which of an account's customers reply to a send, what and when: the same for every call.

Only a delivered send is answered. Promotions draw most replies: about one delivered
promotion in seventeen gets an unsubscribe word back ("R", as the templates' tail asks, "TD",
"退订", "T", "N"). A notification now and then gets a word of thanks or a stray "退订", an
international message rarely a "STOP"; nobody answers a verification code. A reply comes
half a minute to an hour after the send's receipt, to the signature's extension
(``dest_code``). Each is drawn from the send's own seed (the account and the BizId), not from
the day's draws, so the records are what they were before anyone replied.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from dysms.values import SendStatus
from dysms_sandbox.generator import TIME_FORMAT, Outline
from dysms_sandbox.profiles import seed_parts
from dysms_sandbox.traffic import seed

# Template kind -> (replies per 10,000 delivered sends, the words and their weights).
REPLIES = {
    "promotion": (600, {"R": 4, "TD": 3, "退订": 4, "T": 1, "N": 1}),
    "notification": (60, {"好的": 3, "收到": 3, "谢谢": 2, "退订": 1}),
    "international": (30, {"STOP": 3, "Thanks": 1}),
}
# Seconds from the receipt to the reply.
REPLY_DELAY = (30, 3600)


@dataclass(frozen=True)
class Reply:
    """One customer's reply, as the SmsUp push carries it."""

    phone: str
    sent: datetime
    content: str
    sign_name: str
    dest_code: str
    sequence_id: int

    def as_item(self) -> dict[str, object]:
        return {
            "phone_number": self.phone,
            "send_time": self.sent.strftime(TIME_FORMAT),
            "content": self.content,
            "sign_name": self.sign_name,
            "dest_code": self.dest_code,
            "sequence_id": self.sequence_id,
        }


def reply_to(send: Outline, midnight: datetime, *, account: str) -> Reply | None:
    """The customer's reply to ``send`` (of the day starting at ``midnight``), if any."""
    rule = REPLIES.get(send.template.kind)
    if rule is None or send.final_status is not SendStatus.DELIVERED:
        return None
    chance, words = rule
    draw = seed(*seed_parts(account, "reply", send.biz_id))
    if draw % 10_000 >= chance:
        return None
    rng = random.Random(draw)
    content = rng.choices(tuple(words), weights=tuple(words.values()))[0]
    after = send.sent + send.delay + rng.randint(*REPLY_DELAY)
    sign = send.template.sign_name
    return Reply(
        phone=send.phone,
        sent=midnight + timedelta(seconds=after),
        content=content,
        sign_name=sign,
        dest_code=dest_code(account, sign),
        sequence_id=rng.randrange(10**9, 10**12),
    )


def dest_code(account: str, sign_name: str) -> str:
    """The extension a signature's messages are sent from, which replies go back to."""
    return str(1000 + seed(*seed_parts(account, "extension", sign_name)) % 9000)
