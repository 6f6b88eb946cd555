"""The pure parts of `kabarrt backup` / `restore` and `kabarrt doctor`: how a database is shown,
how pg_dump is told where to connect, which file is which kind of backup, and doctor's reading of
aerich's table. The commands themselves run as processes in tests/e2e/test_backup.py and
tests/e2e/test_doctor.py."""

from __future__ import annotations

import pytest

from bot.cli.backup import Refused, backup_kind, human_size, libpq, shown_url
from bot.cli.doctor import migration_files, migrations_check
from bot.cli.parser import main
from bot.db import asyncpg_dsn

URL = "postgres://kabarrt:s%40cret%2Fpw@db.example.go.id:5433/kabarrt?sslmode=require&maxsize=20"


def test_a_database_is_shown_without_its_password():
    assert shown_url(URL) == "postgres://kabarrt@db.example.go.id:5433/kabarrt"
    assert shown_url("sqlite://data/kabarrt.sqlite3") == "data/kabarrt.sqlite3"
    assert "s%40cret" not in shown_url(URL) and "s@cret" not in shown_url(URL)


def test_pg_dump_gets_the_password_in_its_environment_never_on_its_command_line():
    how = libpq(URL)
    assert how.options == [
        "--host", "db.example.go.id", "--port", "5433", "--username", "kabarrt",
        "--dbname", "kabarrt", "--no-password",
    ]  # fmt: skip
    assert how.env["PGPASSWORD"] == "s@cret/pw" and how.env["PGSSLMODE"] == "require"
    assert not any("cret" in option for option in how.options)
    # asyncpg gets libpq's sslmode, not tortoise's pool sizes
    assert asyncpg_dsn(URL) == "postgresql://kabarrt:s%40cret%2Fpw@db.example.go.id:5433/kabarrt?sslmode=require"


def test_backup_kind_by_the_first_bytes(tmp_path):
    (tmp_path / "a").write_bytes(b"SQLite format 3\x00" + bytes(100))
    (tmp_path / "b").write_bytes(b"PGDMP\x01\x0e\x00")
    (tmp_path / "c").write_text("halo")
    assert [backup_kind(tmp_path / n) for n in "abc"] == ["sqlite", "postgres", None]
    with pytest.raises(Refused, match="no such file"):
        backup_kind(tmp_path / "d")


def test_human_size():
    assert [human_size(n) for n in (512, 72_400, 2_300_000)] == ["512 bytes", "72.4 kB", "2.3 MB"]


def test_migrations_check_reads_aerichs_table():
    files = migration_files("sqlite")
    assert files[0].startswith("0_") and len(files) >= 2
    assert migrations_check("sqlite", files).status == "ok"
    behind = migrations_check("sqlite", files[:-1])
    assert behind.line() == f"FAIL migrations: 1 pending ({files[-1]}) — run kabarrt migrate (the release step)"
    ahead = migrations_check("sqlite", [*files, "99_20990101000000_later.py"])
    assert ahead.status == "FAIL" and "99_20990101000000_later.py" in ahead.detail
    assert migrations_check("sqlite", None).line() == (
        "FAIL migrations: the database has no schema yet — run kabarrt migrate"
    )


def test_other_commands_still_stop_on_bad_settings(monkeypatch, capsys, tmp_path):
    from bot.settings import get_settings

    monkeypatch.setenv("SMS_DRIVER", "kannel")
    monkeypatch.delenv("SMS_SECRET", raising=False)
    get_settings.cache_clear()
    try:
        assert main(["backup", "--out", str(tmp_path / "x.backup")]) == 2
        assert "configuration error" in capsys.readouterr().err
    finally:
        get_settings.cache_clear()
