"""Phone numbers as agents type them become what QuerySendDetails expects."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deliveries.models import SmsRecord
from deliveries.phones import (
    PHONE_INVALID,
    PHONE_NOT_MOBILE,
    PHONE_REQUIRED,
    InvalidPhone,
    normalise_phone,
    phone_place,
)
from dysms_sandbox import reserved


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("13800000999", "13800000999"),
        ("138 0000 0999", "13800000999"),
        ("138-0000-0999", "13800000999"),
        ("+86 138 0000 0999", "13800000999"),
        ("+8613800000999", "13800000999"),
        ("0086 13800000999", "13800000999"),
        ("(+86) 138.0000.0999", "13800000999"),
        (" 13800000999\t", "13800000999"),
        ("138\u30000000\u00a00999", "13800000999"),
        ("+852 9123 4567", "85291234567"),
        ("85291234567", "85291234567"),
        ("+1 (202) 555-0123", "12025550123"),
        ("+39 06 1234 5678", "390612345678"),
    ],
)
def test_numbers_are_normalised(typed, expected):
    assert normalise_phone(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", PHONE_REQUIRED),
        ("  - ", PHONE_REQUIRED),
        ("12345", PHONE_INVALID),
        ("1380000099", PHONE_INVALID),
        ("138000009999", PHONE_INVALID),
        ("13800000999, 13800000998", PHONE_INVALID),
        ("1380000o999", PHONE_INVALID),
        ("+86 10 1234 5678", PHONE_NOT_MOBILE),
        ("010 1234 5678", PHONE_NOT_MOBILE),
        ("++8613800000999", PHONE_INVALID),
    ],
)
def test_what_is_not_a_mobile_number_is_refused_with_words(typed, message):
    with pytest.raises(InvalidPhone) as raised:
        normalise_phone(typed)
    assert raised.value.message == message


mainland_mobiles = st.builds(
    lambda prefix, rest: f"1{prefix}{rest:08d}",
    st.sampled_from(["38", "39", "50", "58", "86", "88"]),
    st.integers(0, 99_999_999),
)
separators = st.sampled_from(["", " ", "-", "  "])


@given(mainland_mobiles, st.sampled_from(["", "+86", "+86 ", "0086", "0086-"]), separators)
def test_any_way_of_writing_a_mainland_mobile_gives_its_eleven_digits(number, prefix, sep):
    typed = prefix + sep.join([number[:3], number[3:7], number[7:]])

    assert normalise_phone(typed) == number


def test_carrier_and_region_in_english_and_chinese():
    assert phone_place("13800138000", "en") == "China Mobile, Beijing"
    assert phone_place("13800138000", "zh-hans") == "中国移动，北京市"


def test_a_number_abroad_gets_its_region():
    assert "Hong Kong" in phone_place("85291234567", "en")


@pytest.mark.django_db
def test_the_search_page_and_the_record_show_carrier_and_region(agent, upstream):
    place = phone_place(reserved.STILL_WAITING, "en")

    html = agent.get("/", {"phone": reserved.STILL_WAITING}).content.decode()
    detail = agent.get(f"/records/{SmsRecord.objects.first().pk}/").content.decode()

    assert place.startswith("China Mobile")
    assert f'<p class="phone-place" id="phone-place">{place}</p>' in html
    assert place in detail
