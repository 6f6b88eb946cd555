"""End to end: an announcement from `kabarrt broadcast send` reaches every resident of an RT exactly
once — on Telegram when it can, by SMS when Telegram fails for good (the resident blocked the bot)
or when SMS is all they have — through a real `kabarrt serve`, the Bot API emulator, and Kannel
with fakesmsc.

Residents register and link their numbers only through the far sides (the emulator's control
API, fakesmsc); what they received is read there too. The database is only read to check how it
got there (a failed Telegram row and its SMS twin).
"""

from __future__ import annotations

import asyncio

import pytest

from tests.fixtures.serve_process import (
    Phone,
    query,
    run_kabarrt,
    serve_with_telegram_and_kannel,
    until,
)

RT = "JMB.ALB.MYM.RW01.RT003"
DAFTAR = "DAFTAR Mayang Mangurai RT 3 RW 1"
TEXT = "Kerja bakti Minggu pukul 07.00, bawa cangkul."
SENTINEL = "Rapat warga Sabtu malam di pos ronda."
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def register_by_sms(phone: Phone, name: str) -> None:
    """DAFTAR in one message, the privacy notice, a name."""
    await phone.ask(DAFTAR, "1. Setuju")
    await phone.ask("1", "nama panggilan")
    await phone.ask(name, "Anda terdaftar di RT 003 / RW 01")


async def _register_on_telegram(user, phone: str | None = None) -> None:
    """DAFTAR in one message, the privacy notice, no name; then link `phone` by sharing the contact."""
    await user.say(DAFTAR)
    [notice] = await user.wait_replies()
    await user.press(notice, "Setuju")
    [name_q] = await user.wait_replies()
    await user.press(name_q, "Lewati")
    [done] = await user.wait_replies()
    assert "Anda terdaftar di RT 003 / RW 01" in done["text"], done["text"]
    if phone is not None:
        await user.say("/nomor")
        await user.wait_replies()
        await user.share_contact(phone)
        [linked] = await user.wait_replies()
        assert "sudah terhubung" in linked["text"], linked["text"]


async def test_telegram_first_sms_when_blocked_or_sms_only_nobody_twice(tmp_path):
    async with serve_with_telegram_and_kannel(tmp_path) as (emu, client, kannel, server):
        ani = client.user(8101, first_name="Ani")  # Telegram only
        budi = client.user(8102, first_name="Budi")  # Telegram + SMS
        citra = client.user(8103, first_name="Citra")  # Telegram + SMS, blocks the bot
        dodi = client.user(8104, first_name="Dodi")  # Telegram + SMS, sent STOP
        eka, fani = Phone(kannel, "081234568105"), Phone(kannel, "081234568106")  # SMS only; Fani sent STOP
        numbers = {"budi": "+6281234568102", "citra": "+6281234568103", "dodi": "+6281234568104"}
        await asyncio.gather(
            _register_on_telegram(ani),
            _register_on_telegram(budi, numbers["budi"]),
            _register_on_telegram(citra, numbers["citra"]),
            _register_on_telegram(dodi, numbers["dodi"]),
            register_by_sms(eka, "Eka"),
            register_by_sms(fani, "Fani"),
        )
        await dodi.say("/stop")
        assert "tidak akan menerima pengumuman" in (await dodi.wait_replies())[0]["text"]
        await fani.ask("STOP", "tidak akan menerima pengumuman")
        await client.block(citra.id)
        telegram_before = {u.id: len(await u.sent()) for u in (ani, budi, citra, dodi)}

        out = await run_kabarrt(server.db, "broadcast", "send", "--area", RT, "--text", TEXT)
        fields = dict(part.split("=", 1) for part in out.split())
        # Citra is still reachable on Telegram as far as KabarRT knows: only the send tells
        assert {k: fields[k] for k in ("recipients", "telegram", "sms", "groups")} == {
            "recipients": "4", "telegram": "3", "sms": "1", "groups": "0",
        }  # fmt: skip
        ann = fields["broadcast_id"]

        def sms_with_text() -> list[str]:
            return [s.receiver for s in kannel.sent() if TEXT in s.text]

        # Ani and Budi on Telegram; Citra's Telegram send is refused (403), so SMS; Eka by SMS
        await until(lambda: len(sms_with_text()) >= 2, "two SMS with the announcement")
        pending = "SELECT count(*) FROM outbox WHERE cause_type = 'announcement' AND status IN ('queued', 'sending')"
        await until(lambda: query(server.db, pending) == [(0,)], "every announcement row sent or failed")

        # a second announcement is the sentinel: bulk rows go out oldest first, so once its
        # copies have arrived a late or repeated copy of the first one would be there too
        await run_kabarrt(server.db, "broadcast", "send", "--area", RT, "--text", SENTINEL)

        async def sentinel_arrived() -> bool:  # Ani and Budi on Telegram, Citra and Eka by SMS
            on_telegram = [m for u in (ani, budi) for m in await u.sent() if SENTINEL in m["text"]]
            return len(on_telegram) + sum(SENTINEL in s.text for s in kannel.sent()) >= 4

        await until(sentinel_arrived, "the sentinel announcement on both channels")

        got = {}
        for user in (ani, budi, citra, dodi):
            messages = (await user.sent())[telegram_before[user.id] :]
            got[user.first_name] = [m["text"] for m in messages if SENTINEL not in m["text"]]
        assert [TEXT in t for t in got["Ani"]] == [True] and [TEXT in t for t in got["Budi"]] == [True]
        assert got["Ani"][0].startswith("Pengumuman RT 003 / RW 01, Mayang Mangurai")
        assert got["Citra"] == [] and got["Dodi"] == []
        refused = [c for c in emu.calls if c["method"] == "sendMessage" and c["status"] == 403]
        assert [str(c["params"]["chat_id"]) for c in refused] == [str(citra.id)]

        receivers = sorted(r[-10:] for r in sms_with_text())  # each SMS once, to these two
        assert receivers == sorted([numbers["citra"][-10:], eka.number[-10:]]), receivers
        for number in (numbers["budi"], numbers["dodi"], fani.number):
            assert number[-10:] not in receivers  # never both channels; nothing after STOP

        # how it got there: Citra's Telegram row failed and its SMS twin was queued once
        rows = query(server.db, "SELECT channel, status, dedupe_key FROM outbox WHERE cause_id = ? "
                      "AND identity IN ('tg:8103', ?) ORDER BY id", ann, "sms:" + numbers["citra"])  # fmt: skip
        assert [(c, s) for c, s, _ in rows] == [("telegram", "failed"), ("sms", rows[1][1])]
        assert rows[1][2] == rows[0][2] + ":sms" and rows[1][1] in ("sent", "delivered")

        # the delivery figures count Citra once (as her SMS); SMS delivery reports come from Kannel
        async def reported() -> bool:
            last = (await run_kabarrt(server.db, "broadcast", "status", ann)).splitlines()[-1]
            return last == "sent=2 delivered=2 failed=0 pending=0 cancelled=0"

        await until(reported, "sent=2 delivered=2 in `kabarrt broadcast status`", within=15)
