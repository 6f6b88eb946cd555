"""The checked-in aerich migrations build exactly the schema the models describe."""

from __future__ import annotations

import sqlite3

from tortoise.context import tortoise_test_context

from bot.db import close_database, open_database
from models import MODEL_MODULES, Area


def _schema(path) -> dict[str, tuple[set[tuple], set[tuple]]]:
    """Per table: its columns, and its indexes and unique constraints (unique?, columns)."""
    with sqlite3.connect(path) as conn:
        tables = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            if not r[0].startswith("sqlite_") and r[0] != "aerich"
        ]
        return {
            t: (
                {(c[1], c[2].upper(), c[3]) for c in conn.execute(f"PRAGMA table_info({t})")},
                {
                    (i[2], tuple(c[2] for c in conn.execute(f"PRAGMA index_info('{i[1]}')")))
                    for i in conn.execute(f"PRAGMA index_list({t})")
                },
            )
            for t in tables
        }


async def test_migrations_match_models(tmp_path):
    migrated = tmp_path / "migrated.sqlite3"
    created = await open_database(f"sqlite://{migrated}")
    assert created
    assert await Area.filter(level="rt").count() == 72  # demo areas loaded on first use
    await close_database()

    generated = tmp_path / "generated.sqlite3"
    async with tortoise_test_context([*MODEL_MODULES], db_url=f"sqlite://{generated}"):
        pass
    assert _schema(migrated) == _schema(generated)


async def test_reopening_applies_nothing_and_keeps_data(tmp_path):
    path = tmp_path / "kabarrt.sqlite3"
    assert await open_database(f"sqlite://{path}")
    await close_database()
    assert not await open_database(f"sqlite://{path}")
    assert await Area.filter(level="rt").count() == 72  # not loaded twice
    await close_database()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
