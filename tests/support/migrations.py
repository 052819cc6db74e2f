"""Migrating the test database back and forth, for the tests of a data migration: the models as
a migration left them, to store rows as they were before it."""

from __future__ import annotations

from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrated_to(targets: list[tuple[str, str]]) -> Apps:
    """Migrate to ``targets`` (forwards or backwards); the models of that state."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrated_to_the_newest() -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
