"""Several numbers in the one phone field: how the text is cut into numbers, each checked alone.

A customer with two phones, or a batch of tickets: the agent pastes up to ``MAX_PHONES``
numbers at once. The rule that cuts the text, so that a number typed with spaces stays one:

1. Commas, semicolons (ASCII or full-width), the Chinese list comma ``、``, line breaks and
   tabs (cells copied from a spreadsheet's row) always separate numbers.
2. Spaces separate numbers only where every space-separated part is a whole valid
   number on its own, and the piece as a whole is not: ``13800138000 13900139000`` is two
   numbers, ``138 0013 8000`` and ``+86 138 0013 8000`` are one each.
3. Anything else is one number, checked as it was typed: ``13800138000 139 0013 9000`` is one
   bad number (the message names it; a comma between the two makes it two good ones).

Each number goes through ``phones.normalise_phone`` on its own; the same number typed twice
(``+86 138 0013 8000`` and ``13800138000``) is searched once, where it first came. A single
number is the field as it always was, with the same messages; with several, each message
names the number's place in the list and the number as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_noop

from deliveries.phones import PHONE_NOT_MOBILE, InvalidPhone, normalise_phone

MAX_PHONES = 20
# Beyond this many parts the text is refused without reading them: the field is not a bulk upload.
MAX_PIECES = 200
# How much of a bad number the message quotes.
QUOTED_LENGTH = 30
TOO_MANY = gettext_noop("Search at most {limit} numbers at once; this search has {count}.")
NUMBER_INVALID = gettext_noop("Number {position}, {number}, is not a valid phone number.")
NUMBER_NOT_MOBILE = gettext_noop(
    "Number {position}, {number}, is a landline number; text messages go to mobile numbers."
)

_LIST_SEPARATORS = re.compile(r"[,;\t\r\n\uff0c\uff1b\u3001]+")
_SPACES = re.compile(r"[ \u00a0\u3000]+")


@dataclass(frozen=True)
class PhoneProblem:
    """What is wrong with the field: a message id (``gettext_noop``) and what fills it in."""

    message: str
    position: int = 0  # the number's place in the list, from 1; 0 for the whole field
    number: str = ""  # as typed, shortened
    count: int = 0


class InvalidPhones(ValueError):
    def __init__(self, problems: list[PhoneProblem]):
        super().__init__(", ".join(problem.message for problem in problems))
        self.problems = problems


def phone_pieces(text: str) -> list[str]:
    """The numbers as typed, in order (the rule above); empty parts dropped."""
    pieces: list[str] = []
    for chunk in _LIST_SEPARATORS.split(text or ""):
        chunk = chunk.strip()
        if chunk:
            pieces.extend(_spaced(chunk))
    return pieces


def _spaced(chunk: str) -> list[str]:
    tokens = _SPACES.split(chunk)
    if len(tokens) < 2 or _is_number(chunk) or not all(_is_number(one) for one in tokens):
        return [chunk]
    return tokens


def _is_number(text: str) -> bool:
    try:
        normalise_phone(text)
    except InvalidPhone:
        return False
    return True


def normalise_phones(text: str) -> tuple[str, ...]:
    """The distinct numbers of the field, normalised, in the order typed.

    One number (or none): ``normalise_phone``'s ``InvalidPhone``, as the field always said.
    Several: ``InvalidPhones`` naming every bad one, and too many numbers.
    """
    pieces = phone_pieces(text)
    if len(pieces) <= 1:
        return (normalise_phone(pieces[0] if pieces else text),)
    if len(pieces) > MAX_PIECES:
        raise InvalidPhones([_too_many(len(pieces))])
    numbers: dict[str, None] = {}
    problems = []
    for position, piece in enumerate(pieces, start=1):
        try:
            numbers.setdefault(normalise_phone(piece), None)
        except InvalidPhone as error:
            problems.append(_bad(error, position, piece))
    if len(numbers) > MAX_PHONES:
        problems.append(_too_many(len(numbers)))
    if problems:
        raise InvalidPhones(problems)
    return tuple(numbers)


def _bad(error: InvalidPhone, position: int, piece: str) -> PhoneProblem:
    quoted = piece if len(piece) <= QUOTED_LENGTH else piece[: QUOTED_LENGTH - 1] + "…"
    message = NUMBER_NOT_MOBILE if error.message == PHONE_NOT_MOBILE else NUMBER_INVALID
    return PhoneProblem(message, position=position, number=quoted)


def _too_many(count: int) -> PhoneProblem:
    return PhoneProblem(TOO_MANY, count=count)
