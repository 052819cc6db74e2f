"""Exports come in exactly the formats the pages offer (CSV, Excel); any other is a 400.

django-tables2 also knows ods, xls (both a 500 here: their packages are not installed), json,
yaml, tsv and latex; a hand-written ``_export`` of those, or ``CSV``, must cost no call
upstream, say what is offered, and not be an export in the audit trail.
"""

from __future__ import annotations

import re

import pytest
from support.statistics import install_statistics, steady_days

from access.exports import EXPORT_FORMATS
from access.models import AuditEntry
from dysms_sandbox import reserved

pytestmark = pytest.mark.django_db

UNOFFERED = ["ods", "xls", "json", "yaml", "tsv", "latex", "html", "CSV", "Xlsx", "pdf", " csv"]
MESSAGE = "This export format is not offered. Export as CSV or Excel (xlsx)"


@pytest.fixture
def one_page_search(yesterday) -> dict[str, str]:
    return {"phone": reserved.ONE_PAGE, "date": yesterday.isoformat()}


def offered(html: str) -> set[str]:
    return set(re.findall(r"_export=(\w+)", html))


def test_the_pages_offer_exactly_the_accepted_formats(
    manager, upstream, monkeypatch, one_page_search
):
    install_statistics(monkeypatch, steady_days((10, 9, 1, 0), days=10))

    assert offered(manager.get("/", one_page_search).content.decode()) == set(EXPORT_FORMATS)
    assert offered(manager.get("/stats/").content.decode()) == set(EXPORT_FORMATS)


@pytest.mark.parametrize("export_format", UNOFFERED)
def test_another_format_of_a_search_is_refused_before_any_fetch(
    manager, upstream, one_page_search, export_format
):
    response = manager.get("/", {**one_page_search, "_export": export_format})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Content-Disposition" not in response
    assert MESSAGE in response.content.decode()
    assert upstream.calls == []
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("export_format", UNOFFERED)
def test_another_format_of_the_rates_is_refused_before_any_fetch(
    manager, monkeypatch, export_format
):
    statistics = install_statistics(monkeypatch, steady_days((10, 9, 1, 0), days=10))

    response = manager.get("/stats/", {"_export": export_format})

    assert response.status_code == 400
    assert "Content-Disposition" not in response
    assert MESSAGE in response.content.decode()
    assert statistics.calls == []
    assert not AuditEntry.objects.exists()


def test_the_refusal_keeps_the_search_in_the_form(manager, upstream, one_page_search):
    html = manager.get("/", {**one_page_search, "_export": "json"}).content.decode()

    assert f'value="{reserved.ONE_PAGE}"' in html
    assert 'id="records"' not in html  # no rows: nothing was searched


@pytest.mark.chinese
def test_the_refusal_is_in_chinese(manager, upstream, one_page_search):
    html = manager.get("/", {**one_page_search, "_export": "ods"}).content.decode()

    assert "不支持" in html and MESSAGE not in html
