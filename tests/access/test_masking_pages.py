"""Verification codes: masked on pages and in exports, revealed by Support only, audited."""

from __future__ import annotations

import re

import pytest
from support.stored import CODE, PHONE, PLAIN_TEXT, stored_day
from support.users import user_with_role

from access.display import REVEAL_LABEL
from access.masking import MASK
from access.models import Action, AuditEntry
from access.roles import MANAGER

pytestmark = pytest.mark.django_db


def search(client, records):
    return client.get("/", {"phone": PHONE, "date": records[0].send_day.isoformat()})


def test_codes_are_masked_in_the_search_table(agent, upstream):
    records = stored_day()

    html = search(agent, records).content.decode()

    assert CODE not in html
    assert f"验证码{MASK}" in html
    assert PLAIN_TEXT in html


def test_support_gets_a_reveal_button_only_on_records_with_a_code(agent, upstream):
    records = stored_day()

    html = search(agent, records).content.decode()

    assert html.count(REVEAL_LABEL) == 1
    assert f'action="/records/{records[0].pk}/reveal/"' in html


def test_masking_can_be_switched_off(agent, upstream, settings):
    settings.MASK_VERIFICATION_CODES = False
    records = stored_day()

    html = search(agent, records).content.decode()

    assert CODE in html
    assert REVEAL_LABEL not in html


def test_reveal_shows_the_full_content_and_is_audited(agent, upstream):
    records = stored_day()

    response = agent.post(f"/records/{records[0].pk}/reveal/")

    assert response.status_code == 200
    assert CODE in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    entry = AuditEntry.objects.get(action=Action.REVEAL)
    assert (entry.username, entry.phone, entry.result_count) == ("agent", PHONE, 1)
    assert entry.filters == {"record": records[0].pk}
    assert entry.date_from == records[0].send_day


def test_reveal_opened_again_is_the_records_page_and_reveals_nothing(agent, upstream):
    records = stored_day()
    revealed = AuditEntry.objects.filter(action=Action.REVEAL)

    response = agent.get(f"/records/{records[0].pk}/reveal/")  # a reload of the reveal page

    assert response.status_code == 302 and response["Location"] == f"/records/{records[0].pk}/"
    assert not revealed.exists()


def test_reveal_asked_by_the_pages_script_answers_the_text_and_is_audited(agent, upstream):
    records = stored_day()
    coded = next(r for r in records if r.content != r.content_masked)

    response = agent.post(f"/records/{coded.pk}/reveal/", headers={"Accept": "application/json"})

    assert response.json() == {"content": coded.content}
    assert response["Cache-Control"] == "no-store"
    entry = AuditEntry.objects.get(action=Action.REVEAL)
    assert entry.filters == {"record": coded.pk}


def test_managers_cannot_reveal_and_see_no_button(client, django_user_model, upstream):
    client.force_login(user_with_role(django_user_model, "boss", MANAGER))
    records = stored_day()

    html = search(client, records).content.decode()
    response = client.post(f"/records/{records[0].pk}/reveal/")

    assert REVEAL_LABEL not in html and CODE not in html
    assert response.status_code == 403
    assert CODE not in response.content.decode()
    assert not AuditEntry.objects.filter(action=Action.REVEAL).exists()


def test_record_exports_hold_masked_codes():
    from deliveries.tables import RecordTable

    records = stored_day()

    exported = RecordTable(records).as_values()

    cells = [str(cell) for row in exported for cell in row]
    assert not any(CODE in cell for cell in cells)
    assert any(f"验证码{MASK}" in cell for cell in cells)


def test_the_detail_page_masks_codes_and_is_audited(agent, upstream):
    record = stored_day()[0]

    html = agent.get(f"/records/{record.pk}/").content.decode()

    assert CODE not in html and f"验证码{MASK}" in html
    assert PHONE in html
    entry = AuditEntry.objects.get(action=Action.RECORD_VIEW)
    assert (entry.username, entry.phone, entry.filters) == ("agent", PHONE, {"record": record.pk})


def test_managers_see_masked_phone_numbers_on_the_detail_page(client, django_user_model, upstream):
    client.force_login(user_with_role(django_user_model, "boss", MANAGER))
    record = stored_day()[0]

    html = client.get(f"/records/{record.pk}/").content.decode()

    assert PHONE not in html
    assert "138****1234" in html
    assert AuditEntry.objects.get(action=Action.RECORD_VIEW).phone == PHONE


def test_a_record_export_masks_codes_and_is_audited(client, django_user_model, upstream):
    client.force_login(user_with_role(django_user_model, "boss", MANAGER))
    records = stored_day()

    response = client.get(
        "/", {"phone": PHONE, "date": records[0].send_day.isoformat(), "_export": "csv"}
    )

    body = response.content.decode()
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert CODE not in body and f"验证码{MASK}" in body
    entry = AuditEntry.objects.get(action=Action.EXPORT)
    assert (entry.phone, entry.result_count, entry.filters) == (PHONE, 2, {"format": "csv"})


def test_a_managers_export_file_is_named_with_the_number_masked(
    client, django_user_model, upstream
):
    client.force_login(user_with_role(django_user_model, "boss", MANAGER))
    day = stored_day()[0].send_day

    response = client.get("/", {"phone": PHONE, "date": day.isoformat(), "_export": "xlsx"})

    disposition = response["Content-Disposition"]
    assert f'filename="sms-138xxxx1234-{day:%Y%m%d}.xlsx"' in disposition
    assert PHONE not in disposition


def test_managers_see_the_searched_number_masked_in_the_title(client, django_user_model, upstream):
    client.force_login(user_with_role(django_user_model, "boss", MANAGER))
    records = stored_day()

    html = search(client, records).content.decode()

    title = re.search(r'<h2 id="summary-title">(.*?)</h2>', html, re.S).group(1)
    assert "138****1234" in title and PHONE not in title


def test_support_sees_the_searched_number_in_full(agent, upstream):
    records = stored_day()

    html = search(agent, records).content.decode()

    title = re.search(r'<h2 id="summary-title">(.*?)</h2>', html, re.S).group(1)
    assert PHONE in title
