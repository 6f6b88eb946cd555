"""The real `kabarrt` command line, run as a subprocess: shell protocol, migrate, areas, roles."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEADER = "kota,kecamatan,kelurahan,rw,rt,kk,timezone,code"


def kabarrt(*args: str, stdin: str = "", check: bool = False) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    if check:
        assert done.returncode == 0, done.stderr
    return done


def shell(db: Path, lines: list[str], *extra: str) -> list[str]:
    done = kabarrt("shell", "--db", str(db), *extra, stdin="".join(f"{line}\n" for line in lines), check=True)
    return done.stdout.splitlines()


def answers(out: list[str]) -> list[list[str]]:
    """Output split into one block per message (the `--` lines removed)."""
    blocks, block = [], []
    for line in out:
        if line == "--":
            blocks.append(block)
            block = []
        else:
            block.append(line)
    assert block == [], f"output does not end with `--`: {block!r}"
    return blocks


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """A database created once by `kabarrt migrate`, copied by tests that need a fresh one."""
    path = tmp_path_factory.mktemp("cli") / "base.sqlite3"
    done = kabarrt("migrate", "--db", str(path), check=True)
    assert "database is up to date" in done.stdout
    return path


def test_migrate_creates_a_wal_database(tmp_path):
    path = tmp_path / "sub" / "new.sqlite3"
    assert not path.exists()
    done = kabarrt("migrate", "--db", str(path), check=True)
    assert "database is up to date" in done.stdout
    assert path.exists()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT count(*) FROM area WHERE level='rt'").fetchone()[0] == 72
    again = kabarrt("migrate", "--db", str(path), check=True)  # idempotent
    assert "database is up to date" in again.stdout


def test_shell_protocol_one_separator_per_message(tmp_path):
    lines = ["halo", "", "MENU", ":as 9", "halo", "3", "   ", ":as shell:1", "MENU"]
    out = shell(tmp_path / "x.sqlite3", lines)
    messages = [line for line in lines if not line.startswith(":as ")]
    assert out.count("--") == len(messages) == 7
    blocks = answers(out)
    assert all(blocks), "every message gets at least one line of answer"
    assert blocks[0][0].startswith("Halo! Saya KabarRT")
    assert blocks[0][1:] == [
        "1. Info program",
        "2. Daftar ke RT saya",
        "3. Bantuan",
        "4. Ganti bahasa (English)",
        "5. Berhenti terima pengumuman",
        "6. Hapus data saya",
        "7. Kirim laporan (aduan)",
    ]
    assert blocks[1] == ["Pesan Anda kosong. Ketik MENU untuk melihat pilihan, atau tulis pertanyaan Anda."]
    assert blocks[2][0] == "Menu KabarRT. Pilih salah satu:"
    # `:as 9` printed nothing and is somebody new: welcomed again
    assert blocks[3][0].startswith("Halo! Saya KabarRT")
    assert blocks[4][0] == "Kata yang bisa Anda kirim kapan saja:"  # "3" = Bantuan
    assert blocks[5][0].startswith("Pesan Anda kosong.")
    assert blocks[6][0] == "Menu KabarRT. Pilih salah satu:"
    assert not any(line.startswith("[sms") for line in out)
    with sqlite3.connect(tmp_path / "x.sqlite3") as conn:
        ids = {r[0] for r in conn.execute("SELECT value FROM identity")}
        assert ids == {"shell:1", "shell:9"}
        assert conn.execute("SELECT count(*) FROM outbox WHERE status != 'sent'").fetchone()[0] == 0


def test_shell_onboarding_over_a_pipe(tmp_path):
    out = shell(tmp_path / "x.sqlite3", ["DAFTAR", "1", "4", "1", "mayang", "2", "3", "Rudi"])
    blocks = answers(out)
    assert len(blocks) == 8
    assert blocks[-1][0] == (
        "Terima kasih, Rudi! Anda terdaftar di RT 003 / RW 02, Mayang Mangurai, Alam Barajo, Kota Jambi."
    )


def test_shell_sms_channel_renders_options_inline(tmp_path):
    out = shell(tmp_path / "x.sqlite3", ["halo", "3", ":as 081200000077", "STOP"], "--channel", "sms")
    assert out.count("--") == 3
    blocks = answers(out)
    welcome = blocks[0]
    assert welcome[-1] == "[sms segments=2 encoding=gsm7]"
    assert "1. Info program" in welcome and "2. Daftar ke RT saya" in welcome
    assert welcome[-2] == "Balas 1 sampai 6."
    for block in blocks:
        assert re.fullmatch(r"\[sms segments=\d+ encoding=(gsm7|ucs2)\]", block[-1])
    assert blocks[1][0].startswith("Kirim: MENU, INFO, TANYA")  # the one-SMS help
    assert blocks[1][-1] == "[sms segments=1 encoding=gsm7]"
    assert blocks[2][0].startswith("Baik, Anda tidak akan menerima pengumuman")
    with sqlite3.connect(tmp_path / "x.sqlite3") as conn:
        ids = {r[0] for r in conn.execute("SELECT value FROM identity")}
        assert ids == {"sms:+6281200000001", "sms:+6281200000077"}
        opted = conn.execute(
            "SELECT r.opted_out FROM resident r JOIN identity i ON i.resident_id = r.id WHERE i.value = ?",
            ("sms:+6281200000077",),
        ).fetchone()[0]
        assert opted == 1


def test_shell_bad_sender_is_refused(tmp_path):
    done = kabarrt("shell", "--db", str(tmp_path / "x.sqlite3"), "--channel", "sms", "--as", "notaphone",
                   stdin="halo\n")  # fmt: skip
    assert done.returncode == 2
    assert "kabarrt shell:" in done.stderr


def test_areas_import_bad_csv_exits_1_with_file_and_line(tmp_path, migrated):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        f"{HEADER}\n"
        "Kota Jambi,Alam Barajo,Mayang Mangurai,01,001,100,WIB,JMB.ALB.MYM.RW01.RT001\n"
        "Kota Jambi,Alam Barajo,Mayang Mangurai,01,002,banyak,WIB,JMB.ALB.MYM.RW01.RT002\n",
        encoding="utf-8",
    )
    done = kabarrt("areas", "import", "--db", str(migrated), str(bad))
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if line.startswith(f"{bad}:")]
    assert errors, done.stderr
    assert all(re.match(rf"{re.escape(str(bad))}:\d+: \S", line) for line in errors)
    assert any(line.startswith(f"{bad}:3: ") for line in errors)
    assert "nothing imported" in done.stderr
    assert done.stdout == ""


def test_areas_import_missing_file_exits_1(tmp_path, migrated):
    done = kabarrt("areas", "import", "--db", str(migrated), str(tmp_path / "nope.csv"))
    assert done.returncode == 1
    assert f"{tmp_path / 'nope.csv'}:" in done.stderr


def test_roles_grant_list_revoke(tmp_path, migrated):
    db = tmp_path / "roles.sqlite3"
    db.write_bytes(migrated.read_bytes())
    wrong = kabarrt("roles", "grant", "--db", str(db), "--identity", "081234560001",
                    "--role", "ketua_rt", "--area", "JMB.ALB")  # fmt: skip
    assert wrong.returncode == 1
    assert "ketua_rt needs an RT code" in wrong.stderr

    granted = kabarrt("roles", "grant", "--db", str(db), "--identity", "081234560001",
                      "--role", "ketua_rt", "--area", "jmb.alb.mym.rw01.rt001", check=True)  # fmt: skip
    assert granted.stdout.strip() == "granted ketua_rt JMB.ALB.MYM.RW01.RT001 to sms:+628******0001"
    admin = kabarrt("roles", "grant", "--db", str(db), "--identity", "tg:5550001",
                    "--role", "admin", "--area", "JMB", check=True)  # fmt: skip
    assert "granted admin JMB" in admin.stdout

    listed = kabarrt("roles", "list", "--db", str(db), check=True).stdout
    assert listed.splitlines() == [
        "sms:+628******0001\tketua_rt\tJMB.ALB.MYM.RW01.RT001",
        "tg:55*0001\tadmin\tJMB",
    ]
    assert "81234560001" not in listed and "5550001" not in listed  # masked

    revoked = kabarrt("roles", "revoke", "--db", str(db), "--identity", "+6281234560001",
                      "--role", "ketua_rt", check=True)  # fmt: skip
    assert revoked.stdout.strip() == "revoked ketua_rt from sms:+628******0001 (1 role)"
    again = kabarrt("roles", "revoke", "--db", str(db), "--identity", "081234560001", "--role", "ketua_rt")
    assert again.returncode == 1
    assert "has no ketua_rt role" in again.stderr
    listed = kabarrt("roles", "list", "--db", str(db), check=True).stdout
    assert listed.splitlines() == ["tg:55*0001\tadmin\tJMB"]
