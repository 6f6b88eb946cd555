"""The broadcast bench's `--blocked` part: residents known on both channels, an announcement made by
the core, and the far-side figures of the Telegram → SMS fallback.

The template database holds R residents of one kota (Kota Jambi's demo RTs, round robin), each
with a Telegram identity `tg:<800,000,000 + i>` and an SMS identity `sms:+62812<i:08d>`, and one
operator announcement to the kota made the way `kabarrt broadcast send` makes it
(`announcements.compose(grants=OPERATOR, …)` → `send_now`): one Telegram outbox row per resident
(Telegram first). The worker sends them with the dispatcher's `on_failed=fall_back`, as
`kabarrt serve` does, so a resident whose chat answers 403 gets the announcement by SMS.

Figures, all from the gateways' own records (the emulator's call log and stored messages, the
SMS sink's log), never from our database:
  refused        identities whose send was answered 403 (the blocked share of the chats)
  fallback_share SMS received by refused identities ÷ refused identities (goal 1.000)
  both           residents who got the announcement on Telegram *and* by SMS (goal 0)
  twice          messages beyond the first per resident and channel (goal 0)
  stray          SMS to residents whose Telegram send did not fail (goal 0)
  lost           residents who got it nowhere (goal 0)
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import bot.clock.announcements  # noqa: F401  (registers the announcement job kinds)
from bot.db import close_database, open_database
from bot.i18n import translator
from handlers.announcements import service as announcements
from handlers.announcements.audience import OPERATOR
from handlers.announcements.service import Target
from models import Area, AreaLevel, Identity, Resident

KOTA = "JMB"
FIRST_CHAT = 800_000_000
TEXT = ("Pembagian beras bantuan untuk warga Kota Jambi hari Sabtu pukul 08.00 di kantor kelurahan. "
        "Bawa KTP dan kartu keluarga.")  # fmt: skip


def telegram_of(i: int) -> str:
    return f"tg:{FIRST_CHAT + i}"


def sms_of(i: int) -> str:
    return f"sms:+62812{i:08d}"


def index_of(identity: str) -> int | None:
    """The resident number behind either identity, or None for a stranger."""
    if identity.startswith("tg:"):
        value = int(identity[3:]) - FIRST_CHAT
    elif identity.startswith("sms:+62812") and len(identity) == len(sms_of(0)):
        value = int(identity[len("sms:+62812") :])
    else:
        return None
    return value if value >= 0 else None


async def _create(path: Path, rows: int) -> int:
    await open_database(f"sqlite://{path}")  # with the demo areas: Kota Jambi's RTs
    try:
        rts = await Area.filter(code__startswith=KOTA + ".", level=AreaLevel.RT).order_by("code").values_list(
            "id", flat=True
        )
        now = datetime.now(UTC)
        await Resident.bulk_create(
            [Resident(area_id=rts[i % len(rts)], registered_at=now) for i in range(rows)], batch_size=1_000
        )
        ids = await Resident.all().order_by("id").values_list("id", flat=True)
        await Identity.bulk_create(
            [Identity(value=telegram_of(i), channel="telegram", resident_id=rid) for i, rid in enumerate(ids)]
            + [Identity(value=sms_of(i), channel="sms", resident_id=rid) for i, rid in enumerate(ids)],
            batch_size=1_000,
        )
        ann = await announcements.compose(grants=OPERATOR, target=Target(area=KOTA), text=TEXT, now=now)
        return await announcements.send_now(ann, now, translator, OPERATOR)
    finally:
        await close_database()


def make_resident_template(path: Path, rows: int) -> None:
    """A migrated database: R residents on both channels, the announcement queued (Telegram rows)."""
    queued = asyncio.run(_create(path, rows))
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        telegram = conn.execute("SELECT count(*) FROM outbox WHERE status = 'queued' AND channel = 'telegram'").fetchone()[0]
    assert queued == telegram == rows, (queued, telegram, rows)


def figures(rows: int, refused: list[str], telegram: list[str], sms: list[str]) -> dict[str, float]:
    """The fallback figures from the far sides' records: identities answered 403, Telegram messages
    stored per chat, SMS accepted by the sink (one entry per message)."""
    no = {index_of(identity) for identity in refused} - {None}
    tg = Counter(index_of(identity) for identity in telegram)
    by_sms = Counter(index_of(identity) for identity in sms)
    fell_back = no & set(by_sms)
    return {
        "refused": len(no),
        "fallback_share": len(fell_back) / len(no) if no else float("nan"),
        "both": len(set(tg) & set(by_sms)),
        "twice": sum(n - 1 for n in tg.values()) + sum(n - 1 for n in by_sms.values()),
        "stray": len(set(by_sms) - no),
        "lost": rows - len((set(tg) | set(by_sms)) & set(range(rows))),
    }
