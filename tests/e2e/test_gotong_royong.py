"""End to end: a ketua RT plans a gotong royong by chatting GOTONG on Telegram, and the RT's residents
answer it on their own channel — the Hadir button on Telegram, `tidak <code>` by SMS, then a pledge
instead — through a real `kabarrt serve`, the Bot API emulator, and Kannel with fakesmsc. ACARA shows
the ketua RT the tally and the pledge.

This is the running service's wiring (bot/app.py `build_engine` hands `events.code_keyword` to the
engine); the dialog tests build their engine themselves. Residents register, and the ketua RT
chats, only through the far sides (the emulator's control API, fakesmsc); the role comes from
`kabarrt roles grant`, as an operator gives it. The database is only read, to check the RSVP rows.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.test_announcements import RT, _register_on_telegram, register_by_sms
from tests.e2e.test_telegram import Serve
from tests.fixtures.serve_process import (
    BOT_USERNAME,
    TOKEN,
    Phone,
    query,
    run_kabarrt,
    serve_with_telegram_and_kannel,
    until,
)
from tests.fixtures.telegram_emulator import EmulatorClient, EmulatorUser, running_emulator

TITLE, PLACE, NOTE = "Bersih selokan", "Pos ronda", "nasi bungkus 10"
SENTINEL = "Rapat warga Sabtu malam di pos ronda."
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def _grant_ketua_rt(db: Path, identity: str) -> None:
    """`kabarrt roles grant`, as an operator gives the role."""
    out = await run_kabarrt(db, "roles", "grant", "--identity", identity, "--role", "ketua_rt", "--area", RT)
    assert out.startswith(f"granted ketua_rt {RT}"), out


def _buttons(message: dict) -> list[str]:
    markup = message.get("reply_markup") or {}
    return [b["text"] for row in markup.get("inline_keyboard", []) for b in row]


async def _chat(user: EmulatorUser, text: str, expect: str) -> dict:
    await user.say(text)
    [reply] = await user.wait_replies()
    assert expect in reply["text"], reply["text"]
    return reply


async def _press(user: EmulatorUser, message: dict, button: str, expect: str) -> dict:
    await user.press(message, button)
    [reply] = await user.wait_replies()
    assert expect in reply["text"], reply["text"]
    return reply


async def _next_sms(phone: Phone, what: str) -> str:
    """The next SMS to `phone` that it has not read yet (one it did not ask for)."""
    [sms] = await phone.receive(what=what)
    return sms.text


async def test_gotong_royong_planned_on_telegram_answered_on_telegram_and_sms(tmp_path):
    async with serve_with_telegram_and_kannel(tmp_path) as (emu, client, kannel, server):
        ketua = client.user(8201, first_name="Pak RT")  # Telegram; made ketua RT below
        ani = client.user(8202, first_name="Ani")  # Telegram, her SMS number linked too
        ani_number = "+6281234568202"
        citra = Phone(kannel, "081234568203")  # SMS only
        await asyncio.gather(
            _register_on_telegram(ketua), _register_on_telegram(ani, ani_number), register_by_sms(citra, "Citra")
        )
        await _grant_ketua_rt(server.db, f"tg:{ketua.id}")

        # GOTONG: what, when (the real clock: the day after tomorrow), where, nothing to bring, once
        await _chat(ketua, "GOTONG", "Apa kegiatannya?")
        await _chat(ketua, TITLE, "Kapan? Tulis tanggal dan jam (WIB)")
        await _chat(ketua, "lusa 07.00", "Di mana tempatnya?")
        await _chat(ketua, PLACE, "Apa yang perlu dibawa warga?")
        repeat = await _chat(ketua, "lewati", "Diulang?")
        assert _buttons(repeat)[0] == "Tidak", _buttons(repeat)
        summary = await _press(ketua, repeat, "Tidak", "Periksa dulu:")
        for line in (f"Kegiatan: {TITLE}", f"Tempat: {PLACE}", "Bawa: -", "Diulang: Tidak", "pukul 07.00 WIB"):
            assert line in summary["text"], summary["text"]
        assert _buttons(summary) == ["Simpan & undang", "Ubah", "Batal"]
        await ketua.press(summary, "Simpan & undang")
        # the ketua RT lives in the RT too: the confirmation and their own invitation, in either order
        two = await ketua.wait_replies(2)
        [saved] = [m for m in two if "tersimpan" in m["text"]]
        found = re.search(r"Gotong royong ([A-Z]{1,2}[0-9]{2,3}) tersimpan\. Undangan terkirim ke 3 warga", saved["text"])
        assert found, saved["text"]
        code = found.group(1)
        invitation_head = f"Gotong royong {code}: {TITLE}"
        [(event_id, site_code)] = query(server.db, "SELECT id, site_code FROM event WHERE code = ?", code)
        assert site_code not in saved["text"]  # the site code comes on the day, not now

        # Ani: the invitation with buttons; Hadir
        [invited] = await ani.wait_replies()
        assert invited["text"].startswith(invitation_head), invited["text"]
        assert f"Tempat: {PLACE}" in invited["text"] and "Apakah Anda bisa datang?" in invited["text"]
        assert "Balas HADIR" not in invited["text"]
        assert _buttons(invited) == ["Hadir", "Tidak", "Mungkin"]
        pressed = await ani.press(invited, "Hadir")
        [thanks] = await ani.wait_replies()
        assert thanks["text"] == f"Tercatat: Anda hadir di gotong royong {code}. Terima kasih!", thanks["text"]

        # Citra: the invitation by SMS with the numbers to answer; a bare `2` (Tidak), then a pledge
        sms_invitation = await _next_sms(citra, "Citra's invitation by SMS")
        assert sms_invitation.startswith(invitation_head), sms_invitation
        assert sms_invitation.endswith("Bisa datang? Balas 1 Hadir, 2 Tidak, 3 Mungkin."), sms_invitation
        offer = await citra.ask("2", f"Tercatat: Anda tidak bisa datang ke {code}.")
        assert "Mau menyumbang sebagai gantinya?" in offer and "2. Makanan" in offer, offer
        await citra.ask("2", "Tulis keterangan singkat")
        await citra.ask(NOTE, f"Sumbangan makanan untuk gotong royong {code} tercatat")

        # ACARA: the tally and the pledge (by name, never a number)
        acara = await _chat(ketua, "ACARA", f"{code} {TITLE}: diundang 3, hadir 1, mungkin 0, tidak 1, datang 0.")
        assert f"Sumbangan: Citra: makanan ({NOTE})." in acara["text"], acara["text"]
        assert "+62" not in acara["text"] and _buttons(acara) == ["Daftar hadir", "Ubah waktu/tempat", "Batalkan"]

        # a sentinel announcement: bulk rows go out oldest first, so once it has reached each of
        # them, a late or repeated invitation would have arrived before it
        await run_kabarrt(server.db, "broadcast", "send", "--area", RT, "--text", SENTINEL)

        async def sentinel_arrived() -> bool:
            on_telegram = [m for u in (ketua, ani) for m in await u.sent() if SENTINEL in (m["text"] or "")]
            return len(on_telegram) == 2 and any(SENTINEL in s.text for s in citra.received())

        await until(sentinel_arrived, "the sentinel announcement to all three")

        # each resident invited exactly once, on their own channel, never on the other
        tg_invitations = {
            user.first_name: [m for m in await user.sent() if (m["text"] or "").startswith(invitation_head)]
            for user in (ketua, ani)
        }
        assert {name: len(found) for name, found in tg_invitations.items()} == {"Pak RT": 1, "Ani": 1}
        assert _buttons(tg_invitations["Pak RT"][0]) == ["Hadir", "Tidak", "Mungkin"]
        sms_invitations = [s.receiver for s in kannel.sent() if invitation_head in s.text]
        assert [r[-10:] for r in sms_invitations] == [citra.number[-10:]], sms_invitations
        assert not any(s.receiver.endswith(ani_number[-10:]) for s in kannel.sent())  # Ani: Telegram only

        # the Hadir press was answered (the spinner stops) and its keyboard taken away
        answered = [str(c["params"]["callback_query_id"]) for c in emu.calls
                    if c["method"] == "answerCallbackQuery" and c["status"] == 200]  # fmt: skip
        assert answered.count(pressed["callback_query_id"]) == 1, answered
        [ani_now] = [m for m in await ani.sent() if m["message_id"] == invited["message_id"]]
        assert not _buttons(ani_now)

        # the RSVP rows: one per resident of the RT, with the answers and the pledge
        rows = query(
            server.db,
            "SELECT i.value, r.answer, r.pledge, r.checked_in_at FROM rsvp r JOIN identity i "
            "ON i.resident_id = r.resident_id AND i.channel IN ('telegram', 'sms') AND i.value != ? "
            "WHERE r.event_id = ? ORDER BY i.value",
            "sms:" + ani_number, event_id,
        )  # fmt: skip
        by_identity = {value: (answer, json.loads(pledge) if pledge else None, came) for value, answer, pledge, came in rows}
        assert by_identity == {
            "sms:+62" + citra.number[1:]: ("no", {"kind": "makanan", "note": NOTE}, None),
            f"tg:{ketua.id}": (None, None, None),
            f"tg:{ani.id}": ("yes", None, None),
        }, rows
        assert len(rows) == 3 and query(server.db, "SELECT count(*) FROM rsvp") == [(3,)]


async def test_check_in_button_pressed_hours_after_its_reminder_counts_from_the_press(tmp_path):
    """The check-in button under a reminder sent two hours before the press: Telegram's press
    carries the reminder's own date, but check-in is open from an hour before the start, so the
    press counts from when it arrived. The reminder is sent by the running clock (the earliest
    one a ketua RT can ask for, half an hour before the start) while the emulator dates messages
    two hours back; the press then comes inside the check-in window, on the real clock."""
    async with (
        running_emulator(token=TOKEN, username=BOT_USERNAME) as emu,
        EmulatorClient(emu.control_url) as client,
    ):
        server = await Serve(emu, tmp_path / "kabarrt.sqlite3").start()
        try:
            ketua = client.user(8301, first_name="Pak RT")  # invited to their own event too
            await _register_on_telegram(ketua)
            await _grant_ketua_rt(server.db, f"tg:{ketua.id}")
            await _chat(ketua, "GOTONG", "Apa kegiatannya?")
            await _chat(ketua, TITLE, "Kapan?")
            await _chat(ketua, "besok 07.00", "Di mana tempatnya?")  # moved below
            await _chat(ketua, PLACE, "Apa yang perlu dibawa warga?")
            repeat = await _chat(ketua, "lewati", "Diulang?")
            summary = await _press(ketua, repeat, "Tidak", "Periksa dulu:")
            what = await _press(ketua, summary, "Ubah", "Apa yang diubah?")
            await _press(ketua, what, "Pengingat", "Kapan warga diingatkan?")
            summary = await _chat(ketua, "0,5", "Pengingat: 0,5 jam sebelum mulai")
            what = await _press(ketua, summary, "Ubah", "Apa yang diubah?")
            await _press(ketua, what, "Waktu", "Kapan?")
            # the first whole minute whose reminder (30 minutes before) is still ahead once saved
            wib = ZoneInfo("Asia/Jakarta")
            soon = datetime.now(wib) + timedelta(minutes=30, seconds=5)
            start = soon.replace(second=0, microsecond=0) + timedelta(minutes=1)
            summary = await _chat(ketua, f"{start:%d/%m/%Y %H.%M}", "Periksa dulu:")
            await client.set_clock(-7200)  # what the bot sends from now on is dated two hours back
            await ketua.press(summary, "Simpan & undang")
            # the confirmation, the ketua RT's own invitation and the day's site code, any order
            three = await ketua.wait_replies(3)
            [saved] = [m for m in three if "tersimpan" in m["text"]]
            code = re.search(r"Gotong royong ([A-Z]{1,2}[0-9]{2,3}) tersimpan", saved["text"]).group(1)
            [site] = [m for m in three if m["text"].startswith("Kode absen gotong royong")]
            [(site_code,)] = query(server.db, "SELECT site_code FROM event WHERE code = ?", code)
            assert site_code in site["text"]

            [reminder] = await ketua.wait_replies(timeout=100)
            assert reminder["text"].startswith(f"Pengingat gotong royong {code}"), reminder["text"]
            assert _buttons(reminder) == ["Saya sudah datang"]
            assert reminder["date"] <= time.time() - 7000  # on Telegram it was sent two hours ago
            await client.set_clock(0)
            pressed_after = datetime.now(wib)
            await _press(ketua, reminder, "Saya sudah datang", "Tulis kode absen (4 angka)")
            await _chat(ketua, site_code, f"Terima kasih sudah datang di gotong royong {code}!")
            [(came,)] = query(
                server.db, "SELECT r.checked_in_at FROM rsvp r JOIN event e ON e.id = r.event_id WHERE e.code = ?", code
            )
            assert came is not None
            # the press is recorded when it came, not when its message was sent
            [(pressed_at,)] = query(
                server.db, "SELECT created_at FROM interaction WHERE direction = 'in' AND topic = 'event.checkin'"
            )
            assert datetime.fromisoformat(pressed_at) >= pressed_after - timedelta(seconds=2), pressed_at
        finally:
            await server.stop()
