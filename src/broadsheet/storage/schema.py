"""Whether the database holds this version's tables, and creating them in a new SQLite file.

Every command that uses the database calls :func:`prepare` first, so a fresh data directory
works at once instead of failing with "no such table". Only a *new* SQLite database is set up
automatically: it is a file in the data directory that nothing else can be using. A
PostgreSQL database, or an existing database that an upgrade left behind, is changed only by
``broadsheet migrate``, which the operator runs on purpose (after a backup).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from broadsheet.errors import BroadsheetError

__all__ = ["SchemaState", "decide", "prepare"]

Action = Literal["ready", "create", "refuse"]


@dataclass(frozen=True)
class SchemaState:
    """What the database holds: its engine, where it is, and how far it is migrated."""

    vendor: str
    location: str
    new: bool
    pending: int


def decide(state: SchemaState) -> tuple[Action, str]:
    """Say whether to go on, create the tables, or stop, with the one line to show the user."""
    if not state.pending:
        return "ready", ""
    if state.new and state.vendor == "sqlite":
        return "create", f"Created a new database at {state.location}."
    if state.new:
        return "refuse", (
            f"the database {state.location} has no tables yet: "
            "run `broadsheet migrate` to create them"
        )
    return "refuse", (
        f"the database {state.location} needs {state.pending} migration(s) for this "
        "version of Broadsheet: back it up, then run `broadsheet migrate`"
    )


def _state() -> SchemaState:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    db = connection.settings_dict
    where = str(db["NAME"]) if connection.vendor == "sqlite" else f"{db['NAME']} on {db['HOST']}"
    new = not executor.recorder.has_table()
    return SchemaState(connection.vendor, where, new, len(pending))


def prepare() -> str:
    """Ensure the tables exist, returning the line to show ("" if none); raise saying what to run."""
    action, message = decide(_state())
    if action == "refuse":
        raise BroadsheetError(message)
    if action == "create":
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
    return message
