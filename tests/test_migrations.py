"""The checked-in aerich migrations build exactly the schema the models describe."""

from __future__ import annotations

import re
import sqlite3

import pytest
from tortoise.context import tortoise_test_context

from bot.db import close_database, open_database
from models import MODEL_MODULES, Area


def _schema(path) -> dict[str, dict[str, set[tuple]]]:
    """Per table: columns (name, type, not null), indexes (unique?, columns: automatic and
    explicit ones alike, by what they cover rather than their names) and foreign keys (column,
    referenced table and column, ON DELETE, ON UPDATE)."""
    with sqlite3.connect(path) as conn:
        tables = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            if not r[0].startswith("sqlite_") and r[0] != "aerich"
        ]
        schema = {}
        for t in tables:
            indexes = set()
            for _, name, unique, _origin, _partial in conn.execute(f"PRAGMA index_list('{t}')"):
                columns = tuple(c[2] for c in conn.execute(f"PRAGMA index_info('{name}')"))
                indexes.add((bool(unique), columns))
            schema[t] = {
                "columns": {(c[1], c[2].upper(), c[3]) for c in conn.execute(f"PRAGMA table_info('{t}')")},
                "indexes": indexes,
                "foreign keys": {
                    (fk[3], fk[2], fk[4], fk[6], fk[5]) for fk in conn.execute(f"PRAGMA foreign_key_list('{t}')")
                },
            }
        return schema


async def test_migrations_match_models(tmp_path):
    migrated = tmp_path / "migrated.sqlite3"
    created = await open_database(f"sqlite://{migrated}")
    assert created
    assert await Area.filter(level="rt").count() == 72  # demo areas loaded on first use
    await close_database()

    generated = tmp_path / "generated.sqlite3"
    async with tortoise_test_context([*MODEL_MODULES], db_url=f"sqlite://{generated}"):
        pass
    migrated_schema, generated_schema = _schema(migrated), _schema(generated)
    assert migrated_schema.keys() == generated_schema.keys()
    for table, parts in generated_schema.items():
        assert migrated_schema[table] == parts, table


def test_the_schema_comparison_sees_indexes_and_delete_actions(tmp_path):
    base = """CREATE TABLE area (id INTEGER PRIMARY KEY);
              CREATE TABLE rt (id INTEGER PRIMARY KEY, code VARCHAR(8) NOT NULL,
                               area_id INT REFERENCES area (id) ON DELETE CASCADE);"""
    variants = {
        "same": base,
        "unique": base + "CREATE UNIQUE INDEX uid_rt_code ON rt (code);",
        "index": base + "CREATE INDEX idx_rt_code ON rt (code);",
        "set null": base.replace("ON DELETE CASCADE", "ON DELETE SET NULL"),
    }
    schemas = {}
    for name, sql in variants.items():
        with sqlite3.connect(tmp_path / f"{name}.sqlite3") as conn:
            conn.executescript(sql)
        schemas[name] = _schema(tmp_path / f"{name}.sqlite3")
    assert len({repr(sorted(s["rt"].items())) for s in schemas.values()}) == len(variants)


async def test_reopening_applies_nothing_and_keeps_data(tmp_path):
    path = tmp_path / "kabarrt.sqlite3"
    assert await open_database(f"sqlite://{path}")
    await close_database()
    assert not await open_database(f"sqlite://{path}")
    assert await Area.filter(level="rt").count() == 72  # not loaded twice
    await close_database()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


# --------------------------------------------------------------------------- PostgreSQL


async def _pg_schema(url: str) -> dict[str, set]:
    """Columns (table, name, type, nullable), indexes and unique constraints (their definition
    without the index's name) and foreign keys (their definition, ON DELETE included)."""
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        columns = await conn.fetch(
            "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns "
            "WHERE table_schema = 'public' AND table_name <> 'aerich'"
        )
        indexes = await conn.fetch("SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'aerich'")
        keys = await conn.fetch(
            "SELECT conrelid::regclass::text AS tab, pg_get_constraintdef(oid) AS def FROM pg_constraint "
            "WHERE contype = 'f' AND connamespace = 'public'::regnamespace"
        )
    finally:
        await conn.close()
    unnamed = re.compile(r"INDEX \S+ ON")
    return {
        "columns": {tuple(r.values()) for r in columns},
        "indexes": {(r["tablename"], unnamed.sub("INDEX ON", r["indexdef"])) for r in indexes},
        "foreign keys": {(r["tab"], r["def"]) for r in keys},
    }


@pytest.mark.postgres
async def test_postgres_migrations_match_models(postgres_url):
    import asyncpg

    admin = await asyncpg.connect(postgres_url + "postgres")
    try:
        await admin.execute("CREATE DATABASE migrated")
    finally:
        await admin.close()
    assert await open_database(postgres_url + "migrated")
    assert await Area.filter(level="rt").count() == 72
    assert not await open_database(postgres_url + "migrated")  # nothing pending the second time
    await close_database()
    migrated = await _pg_schema(postgres_url + "migrated")
    async with tortoise_test_context([*MODEL_MODULES], db_url=postgres_url + "generated_{}") as ctx:
        generated = await _pg_schema(postgres_url + ctx.connections.get("default").database)
    for part in ("columns", "indexes", "foreign keys"):
        assert migrated[part] == generated[part], part
    assert any("ON DELETE CASCADE" in d for _, d in generated["foreign keys"])
