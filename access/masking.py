"""Privacy helpers: phone numbers and one-time codes as support staff may see them.

Pure functions over strings, no Django. ``mask_phone`` hides the middle of a number;
``mask_codes`` hides verification codes inside a message text.

The one-time code rule, in full:

1. A *keyword* names a code: 验证码, 校验码, 动态码, 确认码, 激活码, 短信码, 登录码, 安全码, 授权码,
   认证码, 取件码, 取货码, 提货码, 提取码, 核销码, 密码, 口令, or the English words code, otp,
   passcode, password, verification, pin (any case, not inside a longer English word, so "barcode"
   and "spin" do not count; "code" after promo, coupon, discount, voucher, referral, invite,
   error, status, zip, post, area, country, QR or bar is not a secret and does not count).
2. A *candidate* is shaped like a code and does not look like another kind of number:

   - a run of 4 to 8 digits (``482913``);
   - digits in groups joined by single spaces or dashes, 5 to 9 digits in all, 2 to 4 groups of
     at most 4 digits (``123-456``, ``1234 5678``, ``12-34-56``, ``11-1-9932``, ``8823 1190 7``),
     or 4 to 8 single digits between spaces (``1 2 3 4 5 6``);
   - 4 to 8 capital letters and digits with at least one of each (``A8K3P2``, ``AB12CD``);
     lower-case letters never (``iPhone15``, ``win10``), so lower-case codes are not found.

   Not a candidate: anything touching a letter, digit or underscore (SMS_71390007, ORD1234,
   E123456789); a decimal, time, amount or date (12.50, 20:00, 1,250, 10/30, and dashed dates
   with a four-digit year first: 2026-12-01, 2026-12); 10 or more digits however grouped
   (phone, order and tracking numbers: 202612010001, 400-820-8820, 138 1234 5678); a number
   after a currency (¥, $, RMB, INR ...), an amount word, a "number of" word (金额, 尾号, 单号,
   订单, 账号, 卡号, order, No., #, ending in, tracking ...), a phone word (致电, 拨打, 电话,
   热线, 客服, call, phone, tel) or an area code in brackets; a number before a unit (元, 分钟,
   天, 年, %, minutes, days ...).
3. Each keyword claims the nearest candidate *after* it (within 40 characters), else the nearest
   *before* it (within 24 characters), without crossing a clause break (, ， 。 ; ； ! ！ ? ？,
   a full stop before a space, or a line break). "验证码为：123456", "Your code is 482913" and
   "482913 is your verification code" are all found; the number in "订单12345678已发货" is not.
4. Without a keyword, a candidate in an unmistakable frame is a code too: after 输入 / 填写 /
   enter / use / type and before what it is for (完成验证, 以登录, 进行注册, to verify, to sign in,
   to confirm ...): "请输入 483920 完成验证", "Use 483920 to verify".
5. Each code becomes ``******`` (always six stars, so the code's length is not shown). The stars
   themselves count as a candidate, so masking a masked text changes nothing.

Codes outside these shapes stay visible: a code of 3 digits or of 9 unbroken digits, a
lower-case or letters-only code, one further from its keyword than the windows, or one in a
clause of its own without a keyword or frame ("Your code follows. 482913").
"""

from __future__ import annotations

import re

from access.code_shapes import MASK, candidates

# How far a code may stand from its keyword: English puts more words in between after it
# ("Your OTP for the payment of INR 1250 is 883421").
WINDOW_AFTER = 40
WINDOW_BEFORE = 24

_KEYWORD = re.compile(
    r"验证码|校验码|动态码|确认码|激活码|短信码|登录码|安全码|授权码|认证码"
    r"|取件码|取货码|提货码|提取码|核销码|密码|口令"
    r"|(?<![A-Za-z])(?:verification|passcode|password|code|otp|pin)(?![A-Za-z])",
    re.IGNORECASE,
)
# "promo code SAVE20", "error code 1234": codes that are nobody's secret.
_PUBLIC_CODE = re.compile(
    r"(?<![A-Za-z])(?:promo|promotion|promotional|coupon|discount|voucher|referral|invite"
    r"|invitation|error|status|zip|postal|post|area|country|qr|bar)[ \-]?$",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[,，。;；!！?？\n\r]|\.(?=\s|$)")

_FRAME_BEFORE = re.compile(
    r"(?:输入|填写|填入|(?<![A-Za-z])(?:enter|use|type))\s*[:：]?\s*$", re.IGNORECASE
)
# Any word ``_FRAME_BEFORE`` may end with, wherever it stands (a cheap test that none does).
_FRAME_WORD = re.compile(r"输入|填写|填入|enter|use|type", re.IGNORECASE)
_FRAME_AFTER = re.compile(
    r"\s*(?:(?:以|来|并|即可|进行|完成|身份|to|and)\s*)*"
    r"(?:验证|认证|核验|登录|登陆|注册|确认|绑定|激活"
    r"|(?:verify|confirm|sign[ \-]?in|log[ \-]?in|activate|authenticate|validate)(?![A-Za-z]))",
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


def _code_spans(content: str) -> set[tuple[int, int]]:
    """The codes to hide: claimed candidates, less those already masked."""
    return {span for span in _claimed(content) if content[span[0] : span[1]] != MASK}


def _claimed(content: str) -> set[tuple[int, int]]:
    keywords = _keywords(content)
    if not keywords and not _FRAME_WORD.search(content):
        return set()  # nothing names or frames a code: finding the candidates is not needed
    found = candidates(content)
    claimed = {
        (start, end)
        for start, end in found
        if _FRAME_BEFORE.search(content[max(0, start - 12) : start])
        and _FRAME_AFTER.match(content, end)
    }
    for keyword in keywords:
        after = [
            (start, end)
            for start, end in found
            if start >= keyword.end() and _joins(content[keyword.end() : start], WINDOW_AFTER)
        ]
        before = [
            (start, end)
            for start, end in found
            if end <= keyword.start() and _joins(content[end : keyword.start()], WINDOW_BEFORE)
        ]
        if after:
            claimed.add(after[0])
        elif before:
            claimed.add(before[-1])
    return claimed


def _keywords(content: str) -> list[re.Match[str]]:
    return [
        keyword
        for keyword in _KEYWORD.finditer(content)
        if keyword.group().lower() != "code"
        or not _PUBLIC_CODE.search(content[max(0, keyword.start() - 16) : keyword.start()])
    ]


def _joins(gap: str, window: int) -> bool:
    """Whether a keyword and a number this far apart still belong together."""
    return len(gap) <= window and not _CLAUSE_BREAK.search(gap)
