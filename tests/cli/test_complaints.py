"""`kabarrt complaints list | show | status` through `bot.cli.parser.main`, on a real SQLite file."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli.parser import main
from bot.db import close_database, open_database
from bot.i18n import translator
from handlers.complaints import service
from models import (
    Area,
    Complaint,
    ComplaintEvent,
    Identity,
    OutboxMessage,
    Resident,
    Role,
    RoleKind,
    Visibility,
)

RT = "JMB.ALB.MYM.RW01.RT003"
OTHER_RT = "JMB.ALB.BGP.RW01.RT001"
REPORTER = "sms:+6281233330001"


def _with_db(db: Path, work):
    async def go():
        await open_database(f"sqlite://{db}")
        try:
            return await work()
        finally:
            await close_database()

    return asyncio.run(go())


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def town(tmp_path) -> tuple[Path, dict[str, str]]:
    """A resident who filed three complaints (one anonymous, one in another kelurahan, an hour
    apart) and an admin of another kelurahan."""
    path = tmp_path / "kabarrt.sqlite3"

    async def work():
        now = datetime.now(UTC) - timedelta(hours=3)
        home = await Area.get(code=RT)
        siti = await Resident.create(name="Siti Aminah", area=home, registered_at=now)
        await Identity.create(value=REPORTER, channel="sms", resident=siti)
        other = await Resident.create(name="Pak Lurah", registered_at=now)
        await Identity.create(value="tg:9001", channel="telegram", resident=other)
        await Role.create(resident=other, kind=RoleKind.ADMIN, area=await Area.get(code="JMB.ALB.BGP"))
        made = {}
        for n, (label, extra) in enumerate((
            ("biasa", {}), ("anonim", {"visibility": Visibility.ANONIM}),
            ("elsewhere", {"area_id": (await Area.get(code=OTHER_RT)).id}),
        )):  # fmt: skip
            filed = await service.file(siti.id, category="lampu", description=f"Lampu jalan padam {label}", channel="sms",
                                       now=now + timedelta(hours=n), translate=translator, **extra)  # fmt: skip
            made[label] = filed.complaint.ticket
        return made

    return path, _with_db(path, work)


def test_list_one_line_per_complaint_with_area_and_status(town, capsys):
    db, made = town
    code, out, _ = _run(capsys, "complaints", "list", "--db", str(db))
    assert code == 0
    lines = out.splitlines()
    assert [line.split("\t") for line in lines] == [
        [f"#{made['biasa']}", "diterima", "lampu", RT, "3h"],
        [f"#{made['anonim']}", "diterima", "lampu", RT, "2h"],
        [f"#{made['elsewhere']}", "diterima", "lampu", OTHER_RT, "1h"],
    ]
    code, out, _ = _run(capsys, "complaints", "list", "--area", "JMB.ALB.MYM", "--db", str(db))
    assert [line.split("\t")[0] for line in out.splitlines()] == [f"#{made['biasa']}", f"#{made['anonim']}"]
    code, out, _ = _run(capsys, "complaints", "list", "--status", "selesai", "--db", str(db))
    assert (code, out) == (0, "")
    code, _, err = _run(capsys, "complaints", "list", "--status", "beres", "--db", str(db))
    assert code == 2 and err.startswith("kabarrt complaints: unknown status 'beres'")


def test_show_starts_with_the_status_and_masks_the_reporter(town, capsys):
    db, made = town
    code, out, _ = _run(capsys, "complaints", "show", made["biasa"].lower(), "--db", str(db))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Status: diterima"
    assert f"Ticket: #{made['biasa']}" in lines and "Reporter: Siti Aminah sms:+628******0001" in lines
    assert "  Lampu jalan padam biasa" in lines and "6281233330001" not in out
    assert any(line.endswith("-> diterima  pelapor") for line in lines)
    code, out, _ = _run(capsys, "complaints", "show", "#" + made["anonim"], "--db", str(db))
    assert "Reporter: anonim" in out.splitlines() and "Siti" not in out and "0001" not in out


def test_status_records_the_operator_and_tells_the_reporter(town, capsys):
    db, made = town
    code, out, err = _run(capsys, "complaints", "status", made["biasa"], "diproses", "--note", "Teknisi PLN dijadwalkan",
                          "--db", str(db))  # fmt: skip
    assert (code, out, err) == (0, f"#{made['biasa']}: diproses\n", "")
    code, out, _ = _run(capsys, "complaints", "show", made["biasa"], "--db", str(db))
    assert out.splitlines()[0] == "Status: diproses"
    assert any("diterima -> diverifikasi  operator" in line for line in out.splitlines())
    assert any("diverifikasi -> diproses  operator  Teknisi PLN dijadwalkan" in line for line in out.splitlines())

    async def check():
        complaint = await Complaint.get(ticket=made["biasa"])
        events = await ComplaintEvent.filter(complaint_id=complaint.id).order_by("id")
        messages = await OutboxMessage.filter(identity=REPORTER).values_list("text", flat=True)
        return [e.actor for e in events], messages

    actors, messages = _with_db(db, check)
    assert actors == ["resident", "operator", "operator"]
    assert len(messages) == 1 and f"#{made['biasa']}" in messages[0] and "(status: diproses)" in messages[0]


def test_show_gives_the_next_deadline_in_the_places_time(town, capsys):
    """Filed Tuesday 24 November 2026 10.00 WIB (the frozen clock, less 3 hours): verified within
    3 working days, by the end of Friday 27 November; then the next stage's; none once closed."""
    db, made = town
    lines = _run(capsys, "complaints", "show", made["biasa"], "--db", str(db))[1].splitlines()
    assert "Due: verifikasi by 2026-11-27 23:59 WIB - Diperiksa petugas paling lambat Jumat, 27 November 2026." in lines
    assert _run(capsys, "complaints", "status", made["biasa"], "diverifikasi", "--db", str(db))[0] == 0
    lines = _run(capsys, "complaints", "show", made["biasa"], "--db", str(db))[1].splitlines()
    assert "Due: tindakan by 2026-12-01 23:59 WIB - Mulai ditangani paling lambat Selasa, 1 Desember 2026." in lines
    assert _run(capsys, "complaints", "status", made["biasa"], "selesai", "--db", str(db))[0] == 0
    lines = _run(capsys, "complaints", "show", made["biasa"], "--db", str(db))[1].splitlines()
    assert "Due: -" in lines and not any("paling lambat" in line for line in lines)


def test_list_puts_overdue_ones_first_with_a_marker_and_overdue_lists_only_them(town, capsys):
    """A complaint filed on Saturday 14 November was due by the end of Wednesday the 18th: five
    days overdue on the frozen Tuesday 24th. It comes first, its line ends with `overdue 5d`."""
    db, made = town

    async def work():
        siti = await Resident.get(name="Siti Aminah")
        filed = await service.file(siti.id, category="jalan", description="Jalan berlubang", channel="sms",
                                   now=datetime(2026, 11, 14, 3, 0, tzinfo=UTC), translate=translator)  # fmt: skip
        return filed.complaint.ticket

    late = _with_db(db, work)
    code, out, _ = _run(capsys, "complaints", "list", "--db", str(db))
    assert code == 0
    assert [line.split("\t") for line in out.splitlines()] == [
        [f"#{late}", "diterima", "jalan", RT, "10d", "overdue 5d"],
        [f"#{made['biasa']}", "diterima", "lampu", RT, "3h"],
        [f"#{made['anonim']}", "diterima", "lampu", RT, "2h"],
        [f"#{made['elsewhere']}", "diterima", "lampu", OTHER_RT, "1h"],
    ]
    code, out, _ = _run(capsys, "complaints", "list", "--overdue", "--db", str(db))
    assert (code, out) == (0, f"#{late}\tditerima\tjalan\t{RT}\t10d\toverdue 5d\n")
    code, out, _ = _run(capsys, "complaints", "list", "--overdue", "--area", "JMB.ALB.BGP", "--db", str(db))
    assert (code, out) == (0, "")
    # a closed one is not overdue any more
    assert _run(capsys, "complaints", "status", late, "selesai", "--db", str(db))[0] == 0
    code, out, _ = _run(capsys, "complaints", "list", "--overdue", "--db", str(db))
    assert (code, out) == (0, "")
    code, out, _ = _run(capsys, "complaints", "list", "--db", str(db))
    assert out.splitlines()[0].split("\t") == [f"#{late}", "selesai", "jalan", RT, "10d"]


def test_show_a_deadline_across_lebaran_in_wita(tmp_path, capsys):
    """Filed in Bontang on Friday 13 March 2026, 10.00 WITA: 18-24 March are off, so it is due
    on Wednesday 25 March at 23.59 WITA."""
    path = tmp_path / "kabarrt.sqlite3"
    filed_at = datetime(2026, 3, 13, 2, 0, tzinfo=UTC)

    async def work():
        rina = await Resident.create(name="Rina", area=await Area.get(code="BTG.BTS.BTL.RW01.RT001"), registered_at=filed_at)
        await Identity.create(value="sms:+6281233330009", channel="sms", resident=rina)
        filed = await service.file(rina.id, category="jalan", description="Jalan berlubang", channel="sms",
                                   now=filed_at, translate=translator)  # fmt: skip
        return filed.complaint.ticket

    ticket = _with_db(path, work)
    lines = _run(capsys, "complaints", "show", ticket, "--db", str(path))[1].splitlines()
    assert "Due: verifikasi by 2026-03-25 23:59 WITA - Diperiksa petugas paling lambat Rabu, 25 Maret 2026." in lines


def test_refused_moves_and_unknown_tickets_exit_2_with_the_reason(town, capsys):
    db, made = town
    assert _run(capsys, "complaints", "status", made["biasa"], "selesai", "--db", str(db))[0] == 0
    code, out, err = _run(capsys, "complaints", "status", made["biasa"], "diproses", "--db", str(db))
    assert (code, out) == (2, "")
    assert err == "kabarrt complaints: Laporan ini sudah berstatus selesai; statusnya tidak bisa diubah lagi.\n"
    code, _, err = _run(capsys, "complaints", "status", made["anonim"], "ditolak", "--db", str(db))
    assert code == 2 and "perlu alasan" in err
    code, _, err = _run(capsys, "complaints", "show", "ZZ9ZZ", "--db", str(db))
    assert (code, err) == (2, "kabarrt complaints: Laporan #ZZ9ZZ tidak ditemukan.\n")
    # an officer acting with --by reaches only their own area, and outside it the ticket does not exist
    code, _, err = _run(capsys, "complaints", "status", made["anonim"], "diproses", "--by", "tg:9001", "--db", str(db))
    assert (code, err) == (2, f"kabarrt complaints: Laporan #{made['anonim']} tidak ditemukan.\n")
    code, out, _ = _run(capsys, "complaints", "status", made["elsewhere"], "diverifikasi", "--by", "tg:9001", "--db", str(db))
    assert (code, out) == (0, f"#{made['elsewhere']}: diverifikasi\n")
    code, _, err = _run(capsys, "complaints", "status", made["elsewhere"], "diproses", "--by", "tg:404", "--db", str(db))
    assert code == 2 and "unknown identity" in err


def test_roles_grant_petugas_data(town, capsys):
    db, _ = town
    code, out, _ = _run(capsys, "roles", "grant", "--identity", "tg:9001", "--role", "petugas_data", "--area", "JMB.ALB.MYM",
                        "--db", str(db))  # fmt: skip
    assert code == 0 and out.startswith("granted petugas_data JMB.ALB.MYM")
    code, _, err = _run(capsys, "roles", "grant", "--identity", "tg:9001", "--role", "petugas_data", "--area", RT, "--db", str(db))
    assert code == 1 and "petugas_data needs a kelurahan, kecamatan or kota code" in err
