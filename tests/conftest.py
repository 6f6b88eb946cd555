"""Shared fixtures: an in-memory SQLite database per test, a frozen clock, loopback-only network."""

from __future__ import annotations

import os
import socket
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from tortoise.context import tortoise_test_context

from models import MODEL_MODULES

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


@pytest.fixture
async def db():
    """A fresh in-memory database with the schema generated from the models."""
    async with tortoise_test_context([*MODEL_MODULES], db_url="sqlite://:memory:") as ctx:
        yield ctx


@pytest.fixture
def now():
    return FROZEN_NOW
