"""Pages and files with personal data are not kept by the browser (Back after logout: nothing)."""

from __future__ import annotations

import pytest
from support.statistics import install_statistics, steady_days
from support.stored import stored_day

from deliveries.models import SmsRecord, Status
from dysms_sandbox import reserved

pytestmark = pytest.mark.django_db


def not_stored(response) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return "no-store" in directives


@pytest.mark.parametrize(
    "extra",
    [{}, {"_export": "csv"}, {"_export": "xlsx"}, {"phone": "not a number"}, {"_export": "ods"}],
)
def test_search_results_and_exports_are_not_stored(staff, upstream, yesterday, extra):
    response = staff.get("/", {"phone": reserved.ONE_PAGE, "date": yesterday.isoformat(), **extra})

    assert response.status_code in (200, 400)
    assert not_stored(response)


def test_the_search_form_with_the_recent_searches_is_not_stored(staff, upstream):
    staff.get("/", {"phone": reserved.ONE_PAGE})

    response = staff.get("/")

    assert reserved.ONE_PAGE in response.content.decode()
    assert not_stored(response)


def test_record_pages_and_status_answers_are_not_stored(staff, upstream):
    record = stored_day()[0]
    staff.get("/", {"phone": reserved.STILL_WAITING})
    waiting = SmsRecord.objects.filter(status=Status.WAITING).first()

    page = staff.get(f"/records/{record.pk}/")
    status = staff.get(f"/records/{waiting.pk}/status/")

    assert page.status_code == 200 and not_stored(page)
    assert status.status_code == 200 and not_stored(status)


@pytest.mark.parametrize("extra", [{}, {"_export": "csv"}, {"_export": "xlsx"}])
def test_the_rates_page_and_its_exports_are_not_stored(staff, monkeypatch, extra):
    install_statistics(monkeypatch, steady_days((10, 9, 1, 0), days=10))

    response = staff.get("/stats/", extra)

    assert response.status_code == 200 and not_stored(response)
