"""The OpenAPI document and the interactive docs: for people with an account, no CDN."""

from __future__ import annotations

import re

import pytest

from deliveries.filters import SearchForm
from rates.forms import StatsForm

pytestmark = pytest.mark.django_db


def test_the_openapi_document_lists_the_paths_and_the_bearer_scheme(agent):
    document = agent.get("/api/v1/openapi.json").json()

    assert {"/api/v1/records", "/api/v1/records/{record_id}", "/api/v1/stats"} <= set(
        document["paths"]
    )
    schemes = document["components"]["securitySchemes"]
    assert [(s["type"], s["scheme"]) for s in schemes.values()] == [("http", "bearer")]


def test_the_query_parameters_are_the_forms_fields(agent):
    paths = agent.get("/api/v1/openapi.json").json()["paths"]

    def names(path):
        return {p["name"] for p in paths[path]["get"]["parameters"] if p["in"] == "query"}

    assert names("/api/v1/records") == {*SearchForm.base_fields, "page"}
    assert names("/api/v1/stats") == set(StatsForm.base_fields)


def test_the_docs_page_loads_swagger_from_our_static_files(agent):
    response = agent.get("/api/v1/docs")

    html = response.content.decode()
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert response.status_code == 200
    assert sources and all(source.startswith("/static/") for source in sources)
    assert "cdn" not in html.lower()


def test_the_docs_and_the_document_need_the_sites_login(client):
    for path in ("/api/v1/docs", "/api/v1/openapi.json"):
        response = client.get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
