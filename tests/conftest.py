"""Shared fixtures: an in-memory SQLite database per test, a frozen clock, loopback-only network."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from tortoise.context import tortoise_test_context

from models import MODEL_MODULES
from tests.fixtures.postgres import postgres_available, running_postgres

ROOT = Path(__file__).resolve().parent
IN_CI = os.environ.get("CI") == "true"
FROZEN_NOW = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)


def need(component: str, available: bool, why: str) -> None:
    """Skip locally when a real component is missing; under CI=true that is a failure."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{component} is required under CI=true: {why}")
    pytest.skip(f"{component} not available: {why}")


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch):
    """Refuse connections to anything but loopback, so no test talks to the internet."""
    real_connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        inet = self.family in (socket.AF_INET, socket.AF_INET6)
        loopback = isinstance(host, str) and (host.startswith("127.") or host in ("::1", "localhost"))
        if inet and isinstance(host, str) and not loopback:
            raise OSError(f"test tried to reach non-loopback host {host!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


#: tests against real processes and the fixtures' own tests run at the real time: a server in
#: another process cannot share a frozen clock, and their timeouts are real
REAL_TIME = {"e2e", "fixtures"}


@pytest.fixture(autouse=True)
def _frozen_clock(request):
    """Every other test runs at FROZEN_NOW on the wall clock too (time-machine, from there on at the real pace), so
    code that reads `datetime.now()` instead of the injected clock sees the same instant, and no
    test starts failing as the real date moves past its data."""
    if REAL_TIME & set(request.path.relative_to(ROOT).parts):
        yield None
        return
    with time_machine.travel(FROZEN_NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """One throwaway PostgreSQL server for the session (tests/fixtures/postgres.py)."""
    need("PostgreSQL", postgres_available(), "install the Debian package postgresql")
    with running_postgres() as url:
        yield url


def pytest_addoption(parser):
    parser.addoption(
        "--db", choices=("sqlite", "postgres"), default="sqlite",
        help="the database of the `db` fixture; with postgres only the tests that use it (and those "
        "marked postgres) run, on a throwaway server",
    )  # fmt: skip


def pytest_configure(config):
    config.addinivalue_line("markers", "postgres: runs only in the PostgreSQL session (--db postgres)")
    config.addinivalue_line(
        "markers", "also_postgres: runs in both sessions (e2e: its processes on PostgreSQL, tests/e2e/conftest.py)"
    )
    config.addinivalue_line(
        "markers", "sqlite_only: uses the `db` fixture but needs SQLite (tests/fixtures/sqlite_faults.py)"
    )


def pytest_collection_modifyitems(config, items):
    """One database per session (one dialect per process: tortoise caches its SQL per model, so
    both in one process would mix placeholders). SQLite: everything but the PostgreSQL-only
    tests; --db postgres: the tests that use the `db` fixture, the PostgreSQL-only ones and the
    end-to-end subset marked `also_postgres`."""
    if config.getoption("--db") == "postgres":
        keep = [
            item for item in items
            if (_uses_the_database(item) and not item.get_closest_marker("sqlite_only"))
            or item.get_closest_marker("postgres") or item.get_closest_marker("also_postgres")
        ]  # fmt: skip
    else:
        keep = [item for item in items if not item.get_closest_marker("postgres")]
    config.hook.pytest_deselected(items=[item for item in items if item not in keep])
    items[:] = keep


def _uses_the_database(item) -> bool:
    """The test asks for this module's `db` (a test module may have its own `db`: a SQLite file)."""
    defs = item._fixtureinfo.name2fixturedefs.get("db")
    return bool(defs) and defs[-1].func.__module__ == __name__


@pytest.fixture(scope="session")
def database(request) -> str:
    """The session's database kind: sqlite, or postgres (--db postgres)."""
    return request.config.getoption("--db")


@pytest.fixture
async def db(request, database):
    """A fresh database with the schema generated from the models: in-memory SQLite, or a new
    database on the session's PostgreSQL server (`--db postgres`)."""
    url = "sqlite://:memory:"
    if database == "postgres":
        url = request.getfixturevalue("postgres_url") + "test_{}"  # tortoise fills in a random name
    async with tortoise_test_context([*MODEL_MODULES], db_url=url) as ctx:
        yield ctx


@pytest.fixture
def now():
    return FROZEN_NOW
