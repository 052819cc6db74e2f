"""The audit trail: an entry for each search, export, reveal and login; append-only everywhere."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from support.statistics import install_statistics, steady_days
from support.stored import PHONE, stored_day
from support.users import user_with_role

from access.audit import audit_record, audit_record_view
from access.models import IMMUTABLE, Action, AuditEntry
from access.roles import AUDITOR, MANAGER

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quick_hashing")]


def test_a_search_writes_who_what_and_how_many(agent, upstream):
    records = stored_day()
    day = records[0].send_day.isoformat()

    agent.get("/", {"phone": PHONE, "date": day, "per_page": "10"}, REMOTE_ADDR="10.1.2.3")

    entry = AuditEntry.objects.get()
    assert entry.action == Action.SEARCH
    assert entry.username == "agent" and entry.user.username == "agent"
    assert entry.remote_addr == "10.1.2.3"
    assert (entry.phone, entry.date_from.isoformat(), entry.biz_id) == (PHONE, day, "")
    assert entry.result_count == 2
    assert entry.at is not None


def test_the_empty_form_and_a_form_error_are_not_searches(agent, upstream):
    agent.get("/")
    agent.get("/", {"phone": "not a number"})

    assert not AuditEntry.objects.exists()


def test_a_refused_search_writes_nothing(client, django_user_model, upstream):
    client.force_login(user_with_role(django_user_model, "nobody"))

    client.get("/", {"phone": PHONE})

    assert not AuditEntry.objects.exists()


def test_a_rates_export_is_recorded_with_its_format(client, django_user_model, monkeypatch):
    install_statistics(monkeypatch, steady_days((10, 9, 1, 0), days=10))
    client.force_login(user_with_role(django_user_model, "boss", MANAGER))

    client.get("/stats/")
    client.get("/stats/", {"_export": "csv"})

    entry = AuditEntry.objects.get()
    assert entry.action == Action.EXPORT and entry.username == "boss"
    assert entry.filters["format"] == "csv" and entry.filters["page"] == "/stats/"


def test_a_record_view_names_the_record(rf, django_user_model):
    record = stored_day()[0]
    request = rf.get(f"/records/{record.pk}/")
    request.user = user_with_role(django_user_model, "agent")

    entry = audit_record_view(request, record)

    assert (entry.action, entry.phone, entry.filters) == (
        Action.RECORD_VIEW,
        PHONE,
        {"record": record.pk},
    )


def test_logins_good_and_bad_are_recorded_without_the_password(client, django_user_model):
    django_user_model.objects.create_user(username="agent", password="correct-horse-9")

    client.post("/accounts/login/", {"username": "agent", "password": "wrong-horse-9"})
    client.post("/accounts/login/", {"username": "agent", "password": "correct-horse-9"})

    failure, success = AuditEntry.objects.order_by("id")
    assert (failure.action, failure.username, failure.user) == (Action.LOGIN_FAILURE, "agent", None)
    assert (success.action, success.username) == (Action.LOGIN_SUCCESS, "agent")
    assert success.remote_addr == "127.0.0.1"
    assert "wrong-horse-9" not in str(failure.filters)


def test_entries_cannot_be_changed_or_deleted_through_the_model(django_user_model):
    entry = audit_record(None, Action.SEARCH, username="someone", phone=PHONE)

    entry.phone = "13900000000"
    with pytest.raises(PermissionError, match=IMMUTABLE):
        entry.save()
    with pytest.raises(PermissionError, match=IMMUTABLE):
        entry.delete()
    assert AuditEntry.objects.get().phone == PHONE


def test_the_admin_shows_the_trail_read_only(client, django_user_model):
    entry = audit_record(None, Action.SEARCH, username="agent", phone=PHONE)
    superuser = user_with_role(django_user_model, "root", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    change_url = f"/admin/access/auditentry/{entry.pk}/change/"

    listing = client.get("/admin/access/auditentry/", {"q": PHONE})
    posted = client.post(change_url, {"phone": "13900000000"})
    deleted = client.post(f"/admin/access/auditentry/{entry.pk}/delete/", {"post": "yes"})
    added = client.get("/admin/access/auditentry/add/")

    assert listing.status_code == 200 and PHONE in listing.content.decode()
    assert posted.status_code == 403
    assert deleted.status_code == 403
    assert added.status_code == 403
    assert AuditEntry.objects.get().phone == PHONE


def test_auditors_filter_by_user_action_and_period(client, django_user_model):
    audit_record(None, Action.SEARCH, username="agent", phone=PHONE)
    audit_record(None, Action.EXPORT, username="boss", phone="13900000000")
    client.force_login(user_with_role(django_user_model, "auditor", AUDITOR, is_staff=True))
    since = timezone.localtime() - timedelta(hours=1)

    response = client.get(
        "/admin/access/auditentry/",
        {"username": "agent", "action": "search", "at__gte": since.isoformat()},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert PHONE in html and "13900000000" not in html
    assert client.get("/admin/access/auditentry/add/").status_code == 403
