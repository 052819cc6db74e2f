"""The code stays in small pieces: modules, functions and views a reader takes in at once.

The limits of the house style: a module of at most about 250 lines (data tables aside: the
error catalogue, the sandbox's templates, the settings), a function of at most 40 lines and a
view of at most 30, outside tests and bench.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from support import ROOT

PACKAGES = (
    "dysms",
    "dysms_sandbox",
    "core",
    "access",
    "deliveries",
    "rates",
    "api",
    "alerts",
    "ops",
    "smsadmin",
)
MODULE_LINES, FUNCTION_LINES, VIEW_LINES = 260, 40, 30
# Tables of data or configuration, read as tables rather than as code.
DATA_TABLES = {
    "smsadmin/settings.py",
    "deliveries/error_catalogue/api.py",
    "deliveries/error_catalogue/receipts.py",
    "deliveries/error_catalogue/carrier.py",
}


def sources() -> list[Path]:
    return sorted(
        path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    )


def functions(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def is_view_module(path: Path) -> bool:
    return path.name.endswith("views.py") or path.name == "health.py"


def test_modules_are_at_most_about_250_lines():
    long = {
        str(path.relative_to(ROOT)): len(path.read_text().splitlines())
        for path in sources()
        if str(path.relative_to(ROOT)) not in DATA_TABLES
        and len(path.read_text().splitlines()) > MODULE_LINES
    }
    assert long == {}


@pytest.mark.parametrize("kind", ["function", "view"])
def test_functions_are_at_most_40_lines_and_views_30(kind):
    long = {}
    for path in sources():
        tree = ast.parse(path.read_text())
        view_module = is_view_module(path)
        for node in functions(tree):
            size = node.end_lineno - node.lineno + 1
            public_view = view_module and not node.name.startswith("_") and node.col_offset == 0
            limit = VIEW_LINES if kind == "view" else FUNCTION_LINES
            if (kind == "view") == public_view and size > limit:
                long[f"{path.relative_to(ROOT)}:{node.name}"] = size
    assert long == {}
