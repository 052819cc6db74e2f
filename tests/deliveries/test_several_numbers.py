"""Several numbers in one search (issue 15, point 10): one list with a Number column and a
summary per number, each number checked on its own, one audit entry naming them all."""

from __future__ import annotations

import re

import pytest
import tablib
from support.sandbox import sent
from support.users import user_with_role

from access.models import Action, AuditEntry
from access.roles import AUDITOR
from deliveries.models import SmsRecord
from dysms.values import SendStatus
from dysms_sandbox import reserved

pytestmark = pytest.mark.django_db

MIXED = reserved.EVERY_STATUS  # 20 a day: 14 delivered, 4 failed, 2 waiting
GOOD = reserved.ALL_DELIVERED  # 5 a day, all delivered


def search(client, day, phone: str, **params):
    return client.get("/", {"phone": phone, "date": day.isoformat(), **params})


def by_number(html: str) -> list[list[str]]:
    """The per-number summary as the page shows it: number, sent, delivered, failed, waiting."""
    table = re.search(r'<table class="by-number".*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    cells = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S) for row in rows]
    return [
        [re.sub(r"<[^>]+>|\(search this number alone\)", "", c).strip() for c in r] for r in cells
    ]


def numbers_in_column(html: str) -> list[str]:
    return re.findall(r'<td class="phone" data-label="Phone number">([^<]*)</td>', html)


def test_two_numbers_give_one_list_with_both_numbers_sends_and_a_summary_each(
    agent, upstream, yesterday
):
    response = search(agent, yesterday, f"{MIXED},{GOOD}")

    assert response.status_code == 200
    page = response.content.decode()
    assert sorted({call["phone"] for call in upstream.calls}) == sorted([MIXED, GOOD])
    assert "2 numbers on" in page
    assert re.search(r'id="count-sent">25<', page)
    assert by_number(page) == [[MIXED, "20", "14", "4", "2"], [GOOD, "5", "5", "0", "0"]]
    column = numbers_in_column(page)
    assert sorted(set(column)) == sorted([MIXED, GOOD]) and len(column) == 25
    times = re.findall(r'<td class="time" data-label="Sent"><a [^>]*>([^<]*)</a>', page)
    assert times == sorted(times, reverse=True)  # one list, newest first, numbers interleaved


def test_each_number_of_the_summary_links_to_a_search_of_it_alone(agent, upstream, yesterday):
    page = search(agent, yesterday, f"{MIXED}, {GOOD}", status="failed").content.decode()

    links = re.findall(r'<th scope="row"><a href="\?([^"]*)"', page)

    assert len(links) == 2
    assert f"phone={GOOD}" in links[1] and "status=failed" in links[1]
    alone = agent.get("/?" + links[1].replace("&amp;", "&")).content.decode()
    assert 'id="by-number"' not in alone and numbers_in_column(alone) == []
    assert f"{GOOD} on" in alone  # the one-number page, as it always was


def test_a_single_number_search_shows_no_number_column_and_no_summary_per_number(
    agent, upstream, yesterday
):
    page = search(agent, yesterday, MIXED).content.decode()

    assert numbers_in_column(page) == [] and 'id="by-number"' not in page
    assert f"{MIXED} on {yesterday:%Y-%m-%d}" in page


@pytest.mark.parametrize(
    "typed",
    [
        f"{MIXED}\n{GOOD}",
        f"{MIXED}\r\n{GOOD}\n",
        f"{MIXED};{GOOD}",
        f"{MIXED}，{GOOD}",
        f"{MIXED} {GOOD}",
        f"+86 138 0000 0020\t{GOOD}",
    ],
    ids=["lines", "windows lines", "semicolon", "full-width comma", "space", "tab"],
)
def test_numbers_separated_by_lines_commas_semicolons_or_spaces_are_each_searched(
    typed, agent, upstream, yesterday
):
    response = search(agent, yesterday, typed)

    assert response.status_code == 200
    assert {call["phone"] for call in upstream.calls} == {MIXED, GOOD}
    assert [row[0] for row in by_number(response.content.decode())] == [MIXED, GOOD]


def test_spaces_between_a_spaced_number_and_another_make_one_bad_number(agent, upstream, yesterday):
    response = search(agent, yesterday, f"+86 138 0000 0020 {GOOD}")

    assert response.status_code == 400
    assert "This is not a valid phone number." in response.content.decode()
    assert upstream.calls == []


def test_a_number_typed_with_spaces_is_still_one_number(agent, upstream, yesterday):
    response = search(agent, yesterday, "138 0000 0020")

    assert response.status_code == 200
    assert {call["phone"] for call in upstream.calls} == {MIXED}
    assert 'id="by-number"' not in response.content.decode()


def test_the_same_number_typed_twice_is_searched_once(agent, upstream, yesterday):
    response = search(agent, yesterday, f"+86 138 0000 0020, {MIXED}\n{MIXED}")

    assert response.status_code == 200
    assert [call["phone"] for call in upstream.calls] == [MIXED]
    page = response.content.decode()
    assert 'id="by-number"' not in page and f"{MIXED} on" in page


def test_a_bad_number_among_good_ones_is_named_and_nothing_is_fetched(agent, upstream, yesterday):
    response = search(agent, yesterday, f"{MIXED}, 139 0013, {GOOD}, 010 1234 5678")

    assert response.status_code == 400
    page = response.content.decode()
    assert "Number 2, 139 0013, is not a valid phone number." in page
    assert "Number 4, 010 1234 5678, is a landline number" in page
    assert upstream.calls == []
    assert not AuditEntry.objects.exists()


@pytest.mark.chinese
def test_the_bad_number_is_named_in_chinese(agent, upstream, yesterday):
    page = search(agent, yesterday, f"{MIXED}\n1390013").content.decode()

    assert "第 2 个号码 1390013 不是有效的手机号码。" in page


def test_twenty_one_numbers_are_refused_and_twenty_are_searched(agent, upstream, yesterday):
    numbers = [f"138001380{n:02d}" for n in range(21)]

    refused = search(agent, yesterday, ",".join(numbers))
    searched = search(agent, yesterday, "\n".join(numbers[:20]))

    assert refused.status_code == 400
    assert "Search at most 20 numbers at once; this search has 21." in refused.content.decode()
    assert searched.status_code == 200
    assert len({call["phone"] for call in upstream.calls}) == 20


def test_a_biz_id_goes_with_one_number_only(agent, upstream, yesterday):
    response = search(agent, yesterday, f"{MIXED},{GOOD}", biz_id="900619746936498440^0")

    assert response.status_code == 400
    assert "A BizId names one message: search one number with it." in response.content.decode()
    assert upstream.calls == []


def test_managers_see_the_numbers_masked_in_the_column_and_the_summary(
    manager, upstream, yesterday
):
    page = search(manager, yesterday, f"{MIXED},{GOOD}").content.decode()

    assert [row[0] for row in by_number(page)] == ["138****0020", "138****0011"]
    assert set(numbers_in_column(page)) == {"138****0020", "138****0011"}
    shown = re.sub(r'href="[^"]*"|value="[^"]*"', "", page)  # what the Manager typed aside
    assert MIXED not in shown and GOOD not in shown


def test_one_audit_entry_names_every_number_searched(agent, upstream, yesterday, client):
    search(agent, yesterday, f"{MIXED}\n{GOOD}", status="delivered")

    entry = AuditEntry.objects.get()
    assert (entry.action, entry.phone) == (Action.SEARCH, f"{MIXED},{GOOD}")
    assert entry.result_count == 14 + 5


def test_the_audit_trail_finds_the_search_by_either_number_and_shows_both(
    agent, upstream, yesterday, django_user_model, client
):
    search(agent, yesterday, f"{MIXED},{GOOD}")
    client.force_login(user_with_role(django_user_model, "auditor", AUDITOR))

    found = client.get("/audit/", {"phone": "138 0000 0011"}).content.decode()

    assert f"{MIXED}, {GOOD}" in found


def test_an_export_of_two_numbers_holds_both_and_names_them(manager, upstream, yesterday):
    response = search(manager, yesterday, f"{MIXED},{GOOD}", _export="csv", status="delivered")

    assert response.status_code == 200
    name = f"sms-138xxxx0020-138xxxx0011-{yesterday:%Y%m%d}-delivered.csv"
    assert f'filename="{name}"' in response["Content-Disposition"]
    data = tablib.Dataset().load(response.content.decode("utf-8-sig"), format="csv")
    assert len(data) == 14 + 5
    assert sorted(set(data["Phone number"])) == ["138****0011", "138****0020"]
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.phone) == (Action.EXPORT, f"{MIXED},{GOOD}")


def test_an_export_of_many_numbers_names_the_first_two_and_how_many_more(
    manager, upstream, yesterday
):
    numbers = [f"138001380{n:02d}" for n in range(5)]

    response = search(manager, yesterday, ",".join(numbers), _export="csv")

    name = f"sms-138xxxx8000-138xxxx8001-and3more-{yesterday:%Y%m%d}.csv"
    assert f'filename="{name}"' in response["Content-Disposition"]


def quiet_number(day) -> str:
    """An ordinary number the sandbox sends nothing on ``day`` (which one depends on the day)."""
    return next(n for n in (f"1390000{k:04d}" for k in range(1000)) if not sent(n, day))


def test_numbers_without_a_send_say_so_for_these_numbers(agent, upstream, yesterday):
    response = search(agent, yesterday, f"{reserved.NO_TRAFFIC}, {quiet_number(yesterday)}")

    page = response.content.decode()
    assert response.status_code == 200
    assert "No messages were sent to these numbers on these days." in page
    assert [row[1:] for row in by_number(page)] == [["0", "0", "0", "0"]] * 2


def test_filters_that_remove_every_row_of_several_numbers_say_how_many_there_were(
    agent, upstream, yesterday
):
    page = search(agent, yesterday, f"{MIXED},{GOOD}", template="SMS_000000").content.decode()

    assert "25 messages on this day; none matches the filters: template SMS_000000." in page
    assert 'id="clear-filters"' in page


def test_a_refresh_of_several_numbers_fetches_them_all_again(agent, upstream, yesterday):
    search(agent, yesterday, f"{MIXED},{GOOD}")
    upstream.calls.clear()

    response = agent.post("/", {"phone": f"{MIXED},{GOOD}", "date": yesterday.isoformat()})

    assert response.status_code == 302
    assert {call["phone"] for call in upstream.calls} == {MIXED, GOOD}
    assert AuditEntry.objects.filter(action=Action.REFRESH, phone=f"{MIXED},{GOOD}").exists()


def test_the_stored_rows_are_the_numbers_own(agent, upstream, yesterday):
    search(agent, yesterday, f"{MIXED},{GOOD}")

    for phone in (MIXED, GOOD):
        stored = SmsRecord.objects.filter(phone=phone, send_day=yesterday)
        assert stored.count() == len(sent(phone, yesterday))
        delivered = stored.filter(status=SendStatus.DELIVERED).count()
        assert delivered == (14 if phone == MIXED else 5)
