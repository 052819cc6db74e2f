"""Every way to reach records upstream or in the store is audited, or refused.

HEAD is refused where it would search, export or fetch; the Refresh button, a status check
that goes upstream and the admin (listing, opening a record) write entries; the admin cannot
delete stored records or fetches, for anyone.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from support.statistics import install_statistics, steady_days
from support.stored import CODE_TEXT, PHONE, stored_day
from support.users import user_with_role

from access.models import Action, AuditEntry
from deliveries.models import Fetch, SmsRecord, Status
from dysms_sandbox import reserved

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(client, django_user_model):
    client.force_login(user_with_role(django_user_model, "root", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("extra", [{}, {"_export": "csv"}, {"_export": "xlsx"}])
def test_head_of_a_search_or_export_is_refused_without_a_fetch(staff, upstream, today, extra):
    response = staff.head("/", {"phone": reserved.ONE_PAGE, "date": today.isoformat(), **extra})

    assert response.status_code == 405
    assert upstream.calls == []
    assert not AuditEntry.objects.exists()


def test_head_of_a_status_check_is_refused_without_a_fetch(agent, upstream, pinned_clock):
    agent.get("/", {"phone": reserved.STILL_WAITING})
    record = SmsRecord.objects.filter(status=Status.WAITING).first()
    pinned_clock.shift(settings.RECORDS_FRESH_SECONDS + 1)
    calls = len(upstream.calls)

    response = agent.head(f"/records/{record.pk}/status/")

    assert response.status_code == 405
    assert len(upstream.calls) == calls


def test_head_of_a_record_page_is_refused(agent):
    record = stored_day()[0]

    assert agent.head(f"/records/{record.pk}/").status_code == 405
    assert not AuditEntry.objects.exists()


def test_head_of_the_rates_export_is_refused_without_a_fetch(staff, monkeypatch):
    statistics = install_statistics(monkeypatch, steady_days((10, 9, 1, 0), days=10))

    response = staff.head("/stats/", {"_export": "csv"})

    assert response.status_code == 405
    assert statistics.calls == []
    assert not AuditEntry.objects.exists()


def test_refresh_is_audited_with_the_search_it_fetched_again(agent, upstream, yesterday):
    search = {"phone": reserved.ONE_PAGE, "date": yesterday.isoformat(), "status": "failed"}
    agent.get("/", search)
    calls = len(upstream.calls)

    response = agent.post("/", search, REMOTE_ADDR="10.1.2.3")

    assert response.status_code == 302
    assert len(upstream.calls) > calls  # a forced fetch
    entry = AuditEntry.objects.get(action=Action.REFRESH)
    assert (entry.username, entry.phone, entry.date_from) == ("agent", reserved.ONE_PAGE, yesterday)
    assert entry.remote_addr == "10.1.2.3"
    assert entry.filters == {"status": "failed"}
    assert entry.result_count == 4  # the day's failed sends


def test_a_refresh_of_an_invalid_search_fetches_nothing_and_is_not_audited(agent, upstream):
    response = agent.post("/", {"phone": "not a number"})

    assert response.status_code == 302
    assert upstream.calls == []
    assert not AuditEntry.objects.exists()


def test_a_status_check_that_goes_upstream_is_audited(agent, upstream, pinned_clock, today):
    agent.get("/", {"phone": reserved.STILL_WAITING})
    record = SmsRecord.objects.filter(status=Status.WAITING).first()

    agent.get(f"/records/{record.pk}/status/")  # the day is fresh: answered from the store
    from_store = AuditEntry.objects.filter(action=Action.STATUS_POLL).count()
    calls = len(upstream.calls)
    pinned_clock.shift(settings.RECORDS_FRESH_SECONDS + 1)
    agent.get(f"/records/{record.pk}/status/", REMOTE_ADDR="10.1.2.4")

    assert from_store == 0
    assert len(upstream.calls) > calls
    entry = AuditEntry.objects.get(action=Action.STATUS_POLL)
    assert (entry.username, entry.phone, entry.date_from) == (
        "agent",
        reserved.STILL_WAITING,
        today,
    )
    assert entry.filters == {"record": record.pk} and entry.remote_addr == "10.1.2.4"


def test_opening_a_record_in_the_admin_is_audited(superuser):
    record = stored_day()[0]

    response = superuser.get(f"/admin/deliveries/smsrecord/{record.pk}/change/")

    assert response.status_code == 200
    assert CODE_TEXT in response.content.decode()  # the admin shows the content unmasked
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.username, entry.phone) == (Action.RECORD_VIEW, "root", PHONE)
    assert entry.filters == {"record": record.pk, "page": "admin"}


@pytest.mark.parametrize("model", ["smsrecord", "fetch"])
def test_listing_the_store_in_the_admin_is_a_search(superuser, model):
    stored_day()
    stored_day(phone="13900000000")

    response = superuser.get(f"/admin/deliveries/{model}/", {"q": PHONE})

    assert response.status_code == 200
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.username, entry.phone) == (Action.SEARCH, "root", PHONE)
    assert entry.filters == {"page": f"/admin/deliveries/{model}/", "q": PHONE}
    assert entry.result_count == (2 if model == "smsrecord" else 1)


@pytest.mark.parametrize("model", ["smsrecord", "fetch"])
def test_the_admin_cannot_delete_stored_records_or_fetches(superuser, model):
    records = stored_day()
    pk = records[0].pk if model == "smsrecord" else records[0].fetch_id

    page = superuser.get(f"/admin/deliveries/{model}/{pk}/delete/")
    posted = superuser.post(f"/admin/deliveries/{model}/{pk}/delete/", {"post": "yes"})
    listing = superuser.get(f"/admin/deliveries/{model}/").content.decode()
    action = superuser.post(
        f"/admin/deliveries/{model}/",
        {"action": "delete_selected", "_selected_action": [pk], "post": "yes"},
    )

    assert page.status_code == 403 and posted.status_code == 403
    assert "delete_selected" not in listing
    assert action.status_code in (200, 302)
    assert SmsRecord.objects.count() == 2 and Fetch.objects.count() == 1


def test_an_upper_case_format_is_not_recorded_as_an_export(staff, upstream, yesterday):
    staff.get("/", {"phone": reserved.ONE_PAGE, "date": yesterday.isoformat(), "_export": "CSV"})

    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()
