"""A SQLite file of tables, written as rows arrive, whole or not at all.

The database is built in a temporary file beside the target, in one transaction, with
its foreign keys enforced (a row whose parent is missing is a bug, not a dataset), and
replaces the target only once it is complete and on disk (files.store.replacing): a
reader never sees half an export, and a failed one leaves the old file as it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from coachplan.core.dataset import Table
from coachplan.core.errors import RefusedWrite
from coachplan.files.store import replacing

# Rows held before they are inserted: enough for few, large inserts; small enough that
# memory stays flat however many plans there are.
BATCH_ROWS = 5_000


class Database:
    """The tables of a database being written: rows are added by table, and inserted in
    batches in the tables' order (parents before children)."""

    def __init__(self, connection: sqlite3.Connection, tables: Sequence[Table]) -> None:
        self.connection = connection
        self.tables = {t.name: t for t in tables}
        self.pending: dict[str, list[tuple[Any, ...]]] = {t.name: [] for t in tables}
        self.held = 0  # rows pending
        self.counts = dict.fromkeys(self.tables, 0)  # rows inserted

    def add(self, rows: Mapping[str, Sequence[tuple[Any, ...]]]) -> None:
        """Rows by table name: tuples of each table's columns' values, in order, as SQLite
        takes them (dates as ISO text, booleans as 0 and 1)."""
        pending = self.pending
        held = self.held
        for table, found in rows.items():
            pending[table] += found
            held += len(found)
        self.held = held
        if held >= BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        for name, rows in self.pending.items():
            if rows:
                self.counts[name] += len(rows)
                table = self.tables[name]
                marks = ", ".join("?" * len(table.columns))
                self.connection.executemany(f'INSERT INTO "{name}" VALUES ({marks})', rows)
                rows.clear()
        self.held = 0


@contextmanager
def writing(path: Path, tables: Sequence[Table]) -> Iterator[Database]:
    """A new database of `tables` to fill; it replaces `path` when the block ends."""
    with replacing(path) as temporary:
        connection = sqlite3.connect(temporary, isolation_level=None)
        try:
            # The file is new and private until it replaces the target: no journal is
            # needed to survive a crash (the target is untouched), only a transaction.
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA synchronous = OFF")
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute("BEGIN")
            for table in tables:
                connection.execute(table.create())
            database = Database(connection, tables)
            yield database
            database.flush()
            connection.execute("COMMIT")
        except sqlite3.Error as exc:
            raise RefusedWrite(f"cannot write the database: {exc}", where=str(path)) from None
        finally:
            connection.close()
