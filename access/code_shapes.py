"""Where a one-time code could be in a message text: the candidate shapes of ``masking``.

Which shapes count and which numbers never do is the rule's point 2, written out in
``access/masking.py``; this module finds them. A candidate is a (start, end) span.
"""

from __future__ import annotations

import re

MASK = "******"

# Digit groups joined by single separators: 2024-05-01, 12.50, 1,250, 10:30, 138 1234 5678.
_CHAIN = re.compile(r"\d+(?:[ \u00a0.,:/\-]\d+)*")
_DATE = re.compile(r"(?:19|20)\d\d-(?:0?[1-9]|1[0-2])(?:-(?:0?[1-9]|[12]\d|3[01]))?")
_CAPITALS_CODE = re.compile(
    r"(?<![A-Za-z0-9_])(?=[A-Z\d]*[A-Z])(?=[A-Z\d]*\d)[A-Z\d]{4,8}(?![A-Za-z0-9_])"
)

_TOUCHES_LETTER_BEFORE = re.compile(r"[A-Za-z_]$")
_TOUCHES_LETTER_AFTER = re.compile(r"[A-Za-z_]")
_NUMBER_OF_BEFORE = re.compile(
    r"(?:[¥￥$€£#]|No\.|\(\d{2,4}\)|（\d{2,4}）"
    r"|金额|余额|尾号|末四位|后四位|单号|订单|运单|账号|卡号|编号|致电|拨打|电话|热线|客服"
    r"|(?<![A-Za-z])(?:RMB|CNY|USD|HKD|EUR|GBP|JPY|INR|SGD|MOP|TWD|amount|balance|account"
    r"|order|ending in|ending|tracking|waybill|invoice|call|phone|tel))"
    r"\s*[:：]?\s*$",
    re.IGNORECASE,
)
_UNIT_AFTER = re.compile(
    r"\s*(?:元|块|角|分钟|分|秒|小时|天|日|号|月|年|次|个|条|件|笔|人|岁|万|千|%|％|积分"
    r"|(?:yuan|rmb|mins?|minutes?|hours?|days?|seconds?|secs?)(?![A-Za-z]))",
    re.IGNORECASE,
)


def candidates(content: str) -> list[tuple[int, int]]:
    """Every code-shaped span of ``content`` that is not another kind of number, in order.

    Already masked codes (``******``) are candidates too, so a keyword that claimed one before
    claims it again rather than the next number along: masking twice changes nothing more.
    """
    spans = [match.span() for match in _CAPITALS_CODE.finditer(content)]
    spans += [match.span() for match in re.finditer(re.escape(MASK), content)]
    for chain in _CHAIN.finditer(content):
        for whole, pieces in _digit_codes(chain):
            if not _other_kind_of_number(content, *whole):
                spans.append(whole)
            else:
                spans += [span for span in pieces if not _other_kind_of_number(content, *span)]
    return sorted(spans)


def _digit_codes(chain: re.Match[str]) -> list[tuple[tuple[int, int], list[tuple[int, int]]]]:
    """Code-shaped parts of a chain of digit groups: (the whole, its pieces if the whole is not).

    The chain is read as space-separated segments. Segments of plain digits next to each other
    form a run: a grouped code (``8823 1190 7``), else its 4-to-8-digit segments and its spaced
    single digits may be codes ("1234 5分钟" is a code and a duration). A dashed segment is a
    code as a whole or not at all; decimals, times, amounts and dates never are.
    """
    found: list[tuple[tuple[int, int], list[tuple[int, int]]]] = []
    run: list[re.Match[str]] = []
    for segment in [*re.finditer(r"[^ \u00a0]+", chain.group()), None]:
        if segment is not None and segment.group().isdigit():
            run.append(segment)
            continue
        found += _run_codes(run, chain.start())
        run = []
        if segment is not None and _dashed_code(segment.group()):
            found.append(((chain.start() + segment.start(), chain.start() + segment.end()), []))
    return found


def _run_codes(run: list[re.Match[str]], base: int) -> list:
    sizes = [len(segment.group()) for segment in run]
    if not run or sum(sizes) >= 10:
        return []  # a phone number or a long reference, however it is spaced
    whole = (base + run[0].start(), base + run[-1].end())
    if _grouped(sizes) or (4 <= len(run) <= 8 and set(sizes) == {1}):
        return [(whole, _pieces(run, base))]
    return [(span, []) for span in _pieces(run, base)]


def _pieces(run: list[re.Match[str]], base: int) -> list[tuple[int, int]]:
    pieces = [
        (base + segment.start(), base + segment.end())
        for segment in run
        if 4 <= len(segment.group()) <= 8
    ]
    singles: list[re.Match[str]] = []
    for segment in [*run, None]:
        if segment is not None and len(segment.group()) == 1:
            singles.append(segment)
            continue
        if 4 <= len(singles) <= 8:
            pieces.append((base + singles[0].start(), base + singles[-1].end()))
        singles = []
    return sorted(pieces)


def _grouped(sizes: list[int]) -> bool:
    return 2 <= len(sizes) <= 4 and max(sizes) <= 4 and 5 <= sum(sizes) <= 9


def _dashed_code(text: str) -> bool:
    groups = text.split("-")
    return (
        len(groups) > 1
        and all(group.isdigit() for group in groups)
        and _grouped([len(group) for group in groups])
        and not _DATE.fullmatch(text)
    )


def _other_kind_of_number(content: str, start: int, end: int) -> bool:
    before, after = content[max(0, start - 16) : start], content[end : end + 16]
    return bool(
        _TOUCHES_LETTER_BEFORE.search(before)
        or _TOUCHES_LETTER_AFTER.match(after)
        or _NUMBER_OF_BEFORE.search(before)
        or _UNIT_AFTER.match(after)
    )
