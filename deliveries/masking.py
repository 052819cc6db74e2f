"""Privacy helpers: phone numbers and one-time codes as support staff may see them.

Pure functions over strings, no Django. ``mask_phone`` hides the middle of a number;
``mask_codes`` hides verification codes inside a message text, ``has_codes`` says whether
there is one to hide (for a "reveal" button).

The one-time code rule, in full:

1. A *keyword* names a code: 验证码, 校验码, 动态码, 确认码, 激活码, 短信码, 登录码, 安全码, 授权码,
   取件码, 提货码, 密码, 口令, or the English words code, otp, passcode, password, verification,
   pin (any case, not inside a longer English word, so "barcode" and "spin" do not count).
2. A *candidate* is a run of 4 to 8 digits, or a code written in two halves of 3 or 4 digits
   (123-456, 1234 5678), that does not look like another kind of number: not touching a letter
   or underscore (SMS_71390007, ORD1234); not part of a decimal, date, time or grouped amount
   (12.50, 2024-05-01, 1,250, 10:30); not a group of a spaced phone number (400 820 8820,
   138 1234 5678); not after a currency (¥, $, RMB, INR ...), an amount word or a "number of"
   word (金额, 尾号, 单号, 账号, 卡号, order, No., #, ending in); not before a unit (元, 分钟, 天,
   年, %, minutes, days ...). Runs of 9 or more digits (phone and order numbers) never qualify.
3. Each keyword claims the nearest candidate *after* it (within 40 characters), else the nearest
   *before* it (within 24 characters), without crossing a clause break (, ， 。 ; ； ! ！ ? ？,
   a full stop before a space, or a line break). "验证码为：123456", "Your code is 482913" and
   "482913 is your verification code" are all found; the number in "订单12345678已发货" is not.
4. Each claimed run becomes ``******`` (always six stars, so the code's length is not shown).
"""

from __future__ import annotations

import re

MASK = "******"

# How far a code may stand from its keyword: English puts more words in between after it
# ("Your OTP for the payment of INR 1250 is 883421").
WINDOW_AFTER = 40
WINDOW_BEFORE = 24

_KEYWORD = re.compile(
    r"验证码|校验码|动态码|确认码|激活码|短信码|登录码|安全码|授权码|取件码|提货码|密码|口令"
    r"|(?<![A-Za-z])(?:verification|passcode|password|code|otp|pin)(?![A-Za-z])",
    re.IGNORECASE,
)
# Digit groups joined by single separators: 2024-05-01, 12.50, 1,250, 10:30, 138 1234 5678.
_CHAIN = re.compile(r"\d+(?:[ \u00a0.,:/\-]\d+)*")
# A code written in two halves: 123-456, 1234 5678.
_SPLIT_CODE = re.compile(r"\d{3,4}[ \u00a0\-]\d{3,4}")
_CLAUSE_BREAK = re.compile(r"[,，。;；!！?？\n\r]|\.(?=\s|$)")

_TOUCHES_LETTER_BEFORE = re.compile(r"[A-Za-z_]$")
_TOUCHES_LETTER_AFTER = re.compile(r"[A-Za-z_]")
_NUMBER_OF_BEFORE = re.compile(
    r"(?:[¥￥$€£]|RMB|CNY|USD|HKD|EUR|GBP|JPY|INR|SGD|MOP|TWD|金额|余额|amount|balance|account"
    r"|尾号|末四位|后四位|单号|账号|卡号|编号|order|No\.|#|ending in|ending)\s*[:：]?\s*$",
    re.IGNORECASE,
)
_UNIT_AFTER = re.compile(
    r"\s*(?:元|块|角|分钟|分|秒|小时|天|日|号|月|年|次|个|条|件|笔|人|岁|万|千|%|％|积分"
    r"|(?:yuan|rmb|mins?|minutes?|hours?|days?|seconds?|secs?)(?![A-Za-z]))",
    re.IGNORECASE,
)


def mask_phone(phone: str) -> str:
    """``13812341234`` -> ``138****1234``; ``+447911123456`` -> ``+44******3456``.

    Spaces, dashes, dots and brackets are dropped. Mainland mobiles written with +86, 0086 or 86
    keep the prefix and are masked as a mainland number. Otherwise the first three and the last
    four characters stay; shorter strings keep a quarter at each end, four or fewer are all stars.
    """
    compact = re.sub(r"[\s\-().]", "", phone or "")
    china = re.fullmatch(r"(\+86|0086|86)(1\d{10})", compact)
    if china:
        return f"{china.group(1)} {_mask_middle(china.group(2))}"
    return _mask_middle(compact)


def _mask_middle(text: str) -> str:
    size = len(text)
    if size <= 4:
        return "*" * size
    keep_head, keep_tail = (3, 4) if size >= 11 else (size // 4, size // 4)
    return text[:keep_head] + "*" * (size - keep_head - keep_tail) + text[size - keep_tail :]


def mask_codes(content: str) -> str:
    """Replace each one-time code in ``content`` with ``******`` (the rule is in the module doc)."""
    spans = _code_spans(content or "")
    if not spans:
        return content
    parts, position = [], 0
    for start, end in sorted(spans):
        parts.append(content[position:start])
        parts.append(MASK)
        position = end
    parts.append(content[position:])
    return "".join(parts)


def has_codes(content: str) -> bool:
    """True when ``mask_codes`` would hide something in ``content``."""
    return bool(_code_spans(content or ""))


def _code_spans(content: str) -> set[tuple[int, int]]:
    candidates = _candidates(content)
    claimed: set[tuple[int, int]] = set()
    for keyword in _KEYWORD.finditer(content):
        after = [
            (start, end)
            for start, end in candidates
            if start >= keyword.end() and _joins(content[keyword.end() : start], WINDOW_AFTER)
        ]
        before = [
            (start, end)
            for start, end in candidates
            if end <= keyword.start() and _joins(content[end : keyword.start()], WINDOW_BEFORE)
        ]
        if after:
            claimed.add(after[0])
        elif before:
            claimed.add(before[-1])
    return claimed


def _joins(gap: str, window: int) -> bool:
    """Whether a keyword and a number this far apart still belong together."""
    return len(gap) <= window and not _CLAUSE_BREAK.search(gap)


def _candidates(content: str) -> list[tuple[int, int]]:
    return [
        (start, end)
        for chain in _CHAIN.finditer(content)
        for start, end in _code_like_pieces(chain)
        if not _other_kind_of_number(content, start, end)
    ]


def _code_like_pieces(chain: re.Match[str]) -> list[tuple[int, int]]:
    """The parts of a chain of digit groups that are shaped like a one-time code."""
    text, base = chain.group(), chain.start()
    if text.isdigit():
        return [chain.span()] if 4 <= len(text) <= 8 else []
    if _SPLIT_CODE.fullmatch(text):
        return [chain.span()]
    if sum(ch.isdigit() for ch in text) >= 9:
        return []  # a phone number or a long reference, however it is grouped
    # Dates, decimals and times stay whole; "1234 5" is a code and a stray digit.
    return [
        (base + piece.start(), base + piece.end())
        for piece in re.finditer(r"[^ \u00a0]+", text)
        if piece.group().isdigit() and 4 <= len(piece.group()) <= 8
    ]


def _other_kind_of_number(content: str, start: int, end: int) -> bool:
    before, after = content[max(0, start - 16) : start], content[end : end + 16]
    return bool(
        _TOUCHES_LETTER_BEFORE.search(before)
        or _TOUCHES_LETTER_AFTER.match(after)
        or _NUMBER_OF_BEFORE.search(before)
        or _UNIT_AFTER.match(after)
    )
