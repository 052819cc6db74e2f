"""The phone field holds up to 20 numbers: how its text is cut, and each number checked alone."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deliveries.phone_lists import (
    MAX_PIECES,
    NUMBER_INVALID,
    NUMBER_NOT_MOBILE,
    TOO_MANY,
    InvalidPhones,
    PhoneProblem,
    normalise_phones,
    phone_pieces,
)
from deliveries.phones import PHONE_INVALID, InvalidPhone

A, B, C = "13800138000", "13900139000", "85291234567"


@pytest.mark.parametrize(
    ("typed", "numbers"),
    [
        ("13800138000", (A,)),
        ("138 0013 8000", (A,)),
        ("+86 138 0013 8000", (A,)),
        ("13800138000,", (A,)),
        ("13800138000,13900139000", (A, B)),
        ("13800138000, 13900139000", (A, B)),
        ("13800138000;13900139000", (A, B)),
        ("13800138000\n13900139000\n", (A, B)),
        ("13800138000\r\n\r\n13900139000", (A, B)),
        ("13800138000，13900139000", (A, B)),
        ("13800138000；13900139000", (A, B)),
        ("13800138000、13900139000", (A, B)),
        ("13800138000\t13900139000", (A, B)),
        ("13800138000 13900139000", (A, B)),
        ("13800138000\u300013900139000", (A, B)),
        ("138 0013 8000, 139 0013 9000", (A, B)),
        ("+86 138 0013 8000\n+852 9123 4567", (A, C)),
        ("13800138000 +85291234567", (A, C)),
        ("13800138000, +86 138-0013-8000, 8613800138000", (A,)),
        ("13900139000, 13800138000, 13900139000", (B, A)),
    ],
)
def test_the_field_is_cut_into_distinct_numbers_in_the_order_typed(typed, numbers):
    assert normalise_phones(typed) == numbers


def test_spaces_cut_only_between_whole_numbers():
    assert phone_pieces("138 0013 8000") == ["138 0013 8000"]
    assert phone_pieces("13800138000 13900139000") == [A, B]
    assert phone_pieces("13800138000 139 0013 9000") == ["13800138000 139 0013 9000"]


def test_one_number_keeps_the_messages_the_field_always_had():
    with pytest.raises(InvalidPhone) as raised:
        normalise_phones("13800138000 139 0013 9000")
    assert raised.value.message == PHONE_INVALID


def test_every_bad_number_is_named_with_its_place_and_as_typed():
    with pytest.raises(InvalidPhones) as raised:
        normalise_phones("13800138000\n139 0013\n010 1234 5678\n13900139000\n+++")

    assert raised.value.problems == [
        PhoneProblem(NUMBER_INVALID, position=2, number="139 0013"),
        PhoneProblem(NUMBER_NOT_MOBILE, position=3, number="010 1234 5678"),
        PhoneProblem(NUMBER_INVALID, position=5, number="+++"),
    ]


def test_a_long_bad_number_is_quoted_shortened():
    with pytest.raises(InvalidPhones) as raised:
        normalise_phones(A + "," + "9" * 80)

    quoted = raised.value.problems[0].number
    assert len(quoted) == 30 and quoted.endswith("…")


def test_more_than_twenty_distinct_numbers_are_too_many_but_duplicates_do_not_count():
    numbers = [f"138001380{n:02d}" for n in range(21)]

    with pytest.raises(InvalidPhones) as raised:
        normalise_phones(",".join(numbers))
    assert raised.value.problems == [PhoneProblem(TOO_MANY, count=21)]
    assert len(normalise_phones(",".join(numbers[:20] * 3))) == 20


def test_a_bulk_paste_is_refused_without_reading_each_part():
    with pytest.raises(InvalidPhones) as raised:
        normalise_phones(",".join([A] * (MAX_PIECES + 1)))
    assert raised.value.problems == [PhoneProblem(TOO_MANY, count=MAX_PIECES + 1)]


mainland_mobiles = st.builds(
    lambda prefix, rest: f"1{prefix}{rest:08d}",
    st.sampled_from(["38", "39", "50", "58", "86", "88"]),
    st.integers(0, 99_999_999),
)
written = st.sampled_from(
    [
        lambda n: n,
        lambda n: f"{n[:3]} {n[3:7]} {n[7:]}",
        lambda n: f"+86 {n[:3]}-{n[3:7]}-{n[7:]}",
        lambda n: f"0086{n}",
    ]
)
between = st.sampled_from([",", ", ", "\n", "\r\n", ";", "，", " ,\n"])


@given(st.lists(st.tuples(mainland_mobiles, written), min_size=1, max_size=20), between)
def test_any_list_of_mainland_mobiles_gives_each_once_in_its_order(numbers, separator):
    typed = separator.join(write(number) for number, write in numbers)

    assert normalise_phones(typed) == tuple(dict.fromkeys(number for number, _ in numbers))
