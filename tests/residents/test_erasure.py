"""HAPUS DATA leaves nothing identifying in any table, but keeps anonymous counts."""

from __future__ import annotations

from tortoise import Tortoise

import bot.db
from handlers.residents.area_import import import_areas_file
from models import (
    Area,
    Consent,
    ConversationState,
    Direction,
    Identity,
    Interaction,
    OutboxMessage,
    OutboxStatus,
    Resident,
)
from tests.fixtures.dialog import verify_dialog

PHONE = "sms:+6281234567890"
DIGITS = "81234567890"
NAME = "Siti Aminah"
SECRET = "Got sampah di Jalan Kenanga Ungu 77 belum diangkut"
REGISTER = [
    ("DAFTAR", "Anda setuju?"),
    ("1", "kota/kabupaten mana?"),
    ("mayang", "Mayang Mangurai: RW berapa?"),
    ("1", "RW 01: RT berapa?"),
    ("2", "siapa nama panggilan Anda?"),
    (NAME, f"Terima kasih, {NAME}!"),
]


async def dump_database() -> dict[str, list[tuple]]:
    """Every row of every table, as plain tuples."""
    conn = Tortoise.get_connection("default")
    _, tables = await conn.execute_query(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
    )
    dump = {}
    for row in tables:
        name = row["name"]
        _, rows = await conn.execute_query(f'SELECT * FROM "{name}"')
        dump[name] = [tuple(r.values()) if hasattr(r, "values") else tuple(r) for r in rows]
    return dump


def occurrences(dump: dict[str, list[tuple]], needle: str) -> list[tuple[str, tuple]]:
    needle = needle.lower()
    return [
        (table, row)
        for table, rows in dump.items()
        for row in rows
        if any(needle in str(value).lower() for value in row if value is not None)
    ]


async def test_erase_leaves_nothing_identifying(db):
    await import_areas_file(bot.db.DEMO_AREAS)
    await verify_dialog(REGISTER, channel="sms", sender=PHONE)
    await verify_dialog([(SECRET, "dicatat untuk petugas")], channel="sms", sender=PHONE)  # kept as unanswered

    identity = await Identity.get(value=PHONE)
    resident = await Resident.get(id=identity.resident_id)
    rt = await Area.get(code="JMB.ALB.MYM.RW01.RT002")
    assert (resident.name, resident.area_id) == (NAME, rt.id)
    # an announcement queued for her before she erases her data
    queued = await OutboxMessage.create(
        resident_id=resident.id,
        identity=PHONE,
        channel="sms",
        text=f"Halo {NAME}, kerja bakti Minggu ini",
        payload={"options": [["Hadir", "hadir:1"]]},
        created_at=resident.created_at,
    )
    before = await dump_database()
    assert occurrences(before, NAME) and occurrences(before, DIGITS) and occurrences(before, SECRET)
    in_before = await Interaction.filter(direction=Direction.IN).count()

    await verify_dialog(
        [("HAPUS DATA", "Semua data Anda akan dihapus"), ("YA", "Data Anda sudah dihapus.")],
        channel="sms",
        sender=PHONE,
    )

    after = await dump_database()
    for needle in (NAME, "Siti", "Aminah", DIGITS, SECRET, "Kenanga"):
        assert occurrences(after, needle) == [], f"{needle!r} survived HAPUS DATA"
    assert await Resident.all().count() == 0
    assert await Identity.all().count() == 0
    assert await Consent.all().count() == 0
    assert await ConversationState.all().count() == 0

    # anonymous counts remain: every message is still counted, by area, channel and topic
    rows = await Interaction.all()
    assert len(rows) == len(before["interaction"]) + 4  # HAPUS DATA and YA, in and out
    assert await Interaction.filter(direction=Direction.IN).count() == in_before + 2
    assert all(r.resident_id is None and r.text is None and r.external_id is None for r in rows)
    assert all(r.channel == "sms" and r.topic for r in rows)
    assert {r.area_id for r in rows if r.topic == "erase"} == {rt.id}
    assert "onboarding" in {r.topic for r in rows}

    # the queued announcement will never go out, and says nothing any more
    queued = await OutboxMessage.get(id=queued.id)
    assert queued.status is OutboxStatus.CANCELLED
    assert (queued.resident_id, queued.identity, queued.text, queued.payload) == (None, None, "", {})
    # the confirmation was delivered (the shell is the delivery) and then forgotten
    last = await OutboxMessage.all().order_by("-id").first()
    assert last.status is OutboxStatus.SENT
    assert last.resident_id is None and last.identity is None


async def test_a_later_message_is_a_new_resident(db):
    await import_areas_file(bot.db.DEMO_AREAS)
    await verify_dialog(REGISTER, channel="sms", sender=PHONE)
    old = (await Identity.get(value=PHONE)).resident_id
    await verify_dialog(
        [
            ("HAPUS DATA", "Yakin?"),
            ("1", "Data Anda sudah dihapus."),
            ("halo", ("Halo! Saya KabarRT", "2. Daftar ke RT saya")),
        ],
        channel="sms",
        sender=PHONE,
    )
    fresh = await Identity.get(value=PHONE).select_related("resident")
    assert fresh.resident_id != old
    assert (fresh.resident.name, fresh.resident.area_id) == (None, None)
