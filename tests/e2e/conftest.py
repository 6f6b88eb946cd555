"""The database the processes of an end-to-end test share: a SQLite file, or in the PostgreSQL
session (`--db postgres`) a fresh database on the session's server, migrated as `kabarrt migrate`
does it. Tests marked `also_postgres` run in both sessions; `postgres` ones only there."""

from __future__ import annotations

import asyncio
import os
import uuid

import pytest

from tests.fixtures.postgres import create_database, drop_database
from tests.fixtures.serve_process import KABARRT, ROOT, Database

#: a database `kabarrt migrate` made once per session (schema and demo areas), copied per test
TEMPLATE = "e2e_template"
_migrated: set[str] = set()


async def _template(postgres_url: str) -> str:
    if postgres_url not in _migrated:
        url = await create_database(postgres_url, TEMPLATE)
        proc = await asyncio.create_subprocess_exec(
            *KABARRT, "migrate", cwd=ROOT, env={**os.environ, "DATABASE_URL": url},
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        out, err = await asyncio.wait_for(proc.communicate(), 120)
        assert proc.returncode == 0 and b"database is up to date" in out, err.decode()
        _migrated.add(postgres_url)
    return TEMPLATE


@pytest.fixture
async def process_db(request, database, tmp_path) -> Database:
    """`kabarrt.sqlite3` in the test's folder, or a PostgreSQL URL: a copy of a migrated database
    with the demo areas, as `kabarrt migrate` leaves a new one (processes started at once on an
    empty database would each migrate it)."""
    if database != "postgres":
        yield tmp_path / "kabarrt.sqlite3"
        return
    postgres_url = request.getfixturevalue("postgres_url")
    name = f"e2e_{uuid.uuid4().hex[:12]}"
    url = await create_database(postgres_url, name, template=await _template(postgres_url))
    yield url
    await drop_database(postgres_url, name)
