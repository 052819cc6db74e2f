"""Helpers for the production-profile tests: a port nobody listens on, a database that is gone."""

from __future__ import annotations

import socket
from collections.abc import Iterator

from django.db import connections


def closed_port() -> int:
    """A loopback port that was free a moment ago: connecting to it is refused."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def break_database(monkeypatch) -> Iterator[None]:
    """Make the next connection attempt of ``default`` fail for real, then restore it.

    The open connection is set aside (an in-memory SQLite test database dies when
    closed) and the settings point where no database is: a missing directory for
    SQLite, a closed port for PostgreSQL. Use from a fixture that also requests
    ``transactional_db`` before ``monkeypatch``, so the flush after the test runs
    on the restored connection.
    """
    connection = connections["default"]
    connection.ensure_connection()
    saved = connection.connection
    monkeypatch.setattr(connection, "connection", None)
    if connection.vendor == "sqlite":
        monkeypatch.setitem(connection.settings_dict, "NAME", "/nonexistent-dir/db.sqlite3")
    else:
        monkeypatch.setitem(connection.settings_dict, "HOST", "127.0.0.1")
        monkeypatch.setitem(connection.settings_dict, "PORT", str(closed_port()))
    yield
    if connection.connection is not None and connection.connection is not saved:
        connection.connection.close()
    connection.errors_occurred = False
