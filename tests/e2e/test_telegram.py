"""End to end: `kabarrt serve` (real python-telegram-bot) against the Bot API emulator.

Inbound enters only through the emulator's control API (the user's side); what the bot did is
read from the emulator's own records. The database is only read to check stored state.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time
from collections import Counter
from pathlib import Path

import pytest

from handlers.gotong_royong.service import SLOTS as SLOT_KEYS
from handlers.messages import Priority
from tests.fixtures import turn_order
from tests.fixtures.serve_process import (
    BOT_USERNAME,
    KABARRT,
    ROOT,
    TOKEN,
    Database,
    ServeProcess,
    query,
    until,
)
from tests.fixtures.telegram_emulator import EmulatorClient, running_emulator

BOT = BOT_USERNAME
SECRET = "s3cret-Token_1"
RT = "JMB.ALB.MYM.RW01.RT003"
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


class Serve(ServeProcess):
    """`kabarrt serve` talking to the emulator; ready once it made its first Telegram call."""

    def __init__(
        self, emu, db: Database, *, webhook: bool = False, extra: dict | None = None, web_only: bool = False
    ) -> None:
        env = {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_BOT_USERNAME": BOT,
            "TELEGRAM_API_BASE_URL": emu.base_url,
            "TELEGRAM_POLL_TIMEOUT": "1",
            **(extra or {}),
        }
        super().__init__(db, env, command=("serve", "--web-only") if web_only else ("serve",))
        if webhook:
            self.env["TELEGRAM_WEBHOOK_URL"] = f"{self.url}/telegram/webhook"
            self.env["TELEGRAM_WEBHOOK_SECRET"] = SECRET
        self.emu = emu

    async def start(self, ready=None) -> Serve:
        calls_before = len(self.emu.calls)
        method = "setWebhook" if "TELEGRAM_WEBHOOK_URL" in self.env else "getUpdates"
        await super().start(lambda: any(c["method"] == method for c in self.emu.calls[calls_before:]))
        return self


@pytest.fixture
async def emu():
    async with running_emulator(token=TOKEN, username=BOT) as e:
        yield e


@pytest.fixture
async def client(emu):
    async with EmulatorClient(emu.control_url) as c:
        yield c


@pytest.fixture
async def serve(emu, process_db):
    started: list[Serve] = []

    async def start(**kw) -> Serve:
        server = await Serve(emu, process_db, **kw).start()
        started.append(server)
        return server

    yield start
    for server in started:
        if server.proc and server.proc.returncode is None:
            await server.stop()


def _kabarrt(tmp_path: Path, *args: str) -> str:
    import subprocess

    env = {**os.environ, "TELEGRAM_BOT_USERNAME": BOT}
    done = subprocess.run(
        [*KABARRT, *args, "--db", str(tmp_path / "kabarrt.sqlite3")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return done.stdout


def _query(tmp_path: Path, sql: str, *params) -> list[tuple]:
    return query(tmp_path / "kabarrt.sqlite3", sql, *params)


def buttons(message: dict) -> list[str]:
    markup = message.get("reply_markup") or {}
    rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
    return [b["text"] for row in rows for b in row]


async def test_start_onboarding_with_buttons_and_typed_name(serve, client, emu, tmp_path):
    await serve()
    siti = client.user(7001, first_name="Siti")
    await siti.say("/start")
    [welcome] = await siti.wait_replies()
    assert welcome["text"].startswith("Halo! Saya KabarRT.")
    assert "Daftar ke RT saya" in buttons(welcome) and "Hubungkan nomor HP" in buttons(welcome)
    assert all(len(b["callback_data"].encode()) <= 64 for row in welcome["reply_markup"]["inline_keyboard"] for b in row)

    await siti.press(welcome, "Daftar ke RT saya")
    [notice] = await siti.wait_replies()
    assert "UU PDP" in notice["text"] and buttons(notice) == ["Setuju", "Tidak setuju"]
    await siti.press(notice, "Setuju")
    for label in ("Kota Jambi", "Alam Barajo", "Mayang Mangurai", "RW 01", "RT 003"):
        [question] = await siti.wait_replies()
        await siti.press(question, label)
    [name_q] = await siti.wait_replies()
    assert "nama panggilan" in name_q["text"]
    # HTML-looking text from a resident must arrive literally, never break parsing
    await siti.say("Siti <b> & Co")
    [done] = await siti.wait_replies()
    assert done["text"].startswith("Terima kasih, Siti <b> & Co! Anda terdaftar di RT 003 / RW 01, Mayang Mangurai")

    presses = [c for c in emu.calls if c["method"] == "answerCallbackQuery"]
    assert len(presses) == 7 and all(c["status"] == 200 for c in presses)
    # a used keyboard is taken away, so it cannot be pressed twice
    assert (await client.sent(7001))[0]["reply_markup"] in (None, {})
    commands = [c for c in emu.calls if c["method"] == "setMyCommands"]
    listed = {cmd["command"] for c in commands for cmd in c["params"]["commands"]}
    assert {"start", "menu", "bantuan", "batal", "stop", "daftar", "acara", "waktu", "umumkan", "gotong", "aduan", "cek"} <= listed
    # the menu as the emulator keeps it: Indonesian by default, English for en users
    menus = {(m["scope"]["type"], m["language_code"]): {c["command"]: c["description"] for c in m["commands"]}
             for m in (await client.state())["all_commands"]}  # fmt: skip
    assert (menus[("default", "")]["aduan"], menus[("default", "")]["cek"]) == (
        "Kirim laporan (aduan) ke petugas", "Lihat laporan (aduan) Anda dan kabarnya")  # fmt: skip
    assert (menus[("default", "en")]["aduan"], menus[("default", "en")]["cek"]) == (
        "Send a complaint to the officers", "Your complaints and their news")  # fmt: skip
    assert "aduan" not in menus[("all_group_chats", "")]
    assert _query(tmp_path, "SELECT a.code, r.name FROM resident r JOIN area a ON a.id = r.area_id") == [(RT, "Siti <b> & Co")]


async def test_deep_link_registers_into_the_rt_after_the_notice(serve, client, tmp_path):
    line = _kabarrt(tmp_path, "areas", "join-link", "--rt", RT)
    link = line.split(": ", 1)[1].strip()
    assert link.startswith(f"https://t.me/{BOT}?start=rt-")
    payload = link.split("start=", 1)[1]
    assert len(payload) - 3 >= 8
    await serve()
    budi = client.user(7002, first_name="Budi")
    await budi.say(f"/start {payload}")
    hello, notice = await budi.wait_replies(2)
    assert "mendaftar ke RT 003 / RW 01, Mayang Mangurai" in hello["text"]
    await budi.press(notice, "Setuju")
    [name_q] = await budi.wait_replies()
    assert "nama panggilan" in name_q["text"]
    await budi.press(name_q, "Lewati")
    [done] = await budi.wait_replies()
    assert "Anda terdaftar di RT 003 / RW 01, Mayang Mangurai" in done["text"]

    stranger = client.user(7003, first_name="Ani")
    await stranger.say("/start rt-NotARealCode99")
    unknown, notice = await stranger.wait_replies(2)
    assert "sudah tidak berlaku" in unknown["text"] and "UU PDP" in notice["text"]
    assert _query(tmp_path, "SELECT count(*) FROM resident WHERE area_id IS NOT NULL") == [(1,)]


async def test_regenerated_code_retires_the_old_link(serve, client, tmp_path):
    old = _kabarrt(tmp_path, "areas", "join-link", "--rt", RT).split("start=")[1].strip()
    new = _kabarrt(tmp_path, "areas", "join-link", "--rt", RT, "--regenerate").splitlines()[0].split("start=")[1]
    assert old != new
    await serve()
    user = client.user(7004, first_name="Rina")
    await user.say(f"/start {old}")
    [unknown, _] = await user.wait_replies(2)
    assert "sudah tidak berlaku" in unknown["text"]


@pytest.mark.also_postgres
async def test_faq_question_and_forged_and_stale_buttons(serve, client, emu):
    await serve()
    warga = client.user(7005, first_name="Wati")
    await warga.say("apa itu BKM?")
    [answer] = await warga.wait_replies()
    assert answer["text"].startswith("BKM (Badan Keswadayaan Masyarakat)")

    await warga.say("MENU")
    [menu] = await warga.wait_replies()
    data = menu["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    outbox_id, index, _ = data.split(":")
    forged = f"{outbox_id}:{int(index) + 1}:AAAAAAAAAAAA"
    await warga.press_raw(menu["message_id"], forged)
    refusal, again = await warga.wait_replies(2)
    assert refusal["text"] == "Pilihan itu sudah tidak berlaku."
    assert "Traceback" not in refusal["text"] and again["text"].startswith("Menu KabarRT")
    # the old menu's buttons are stale once other options were shown
    await warga.say("PROGRAM")
    await warga.wait_replies()
    await warga.press(menu, "Bantuan")
    stale, _ = await warga.wait_replies(2)
    assert stale["text"] == "Pilihan itu sudah tidak berlaku."
    answered = [c for c in emu.calls if c["method"] == "answerCallbackQuery"]
    assert len(answered) == 2


async def test_contact_own_number_links_someone_elses_is_refused(serve, client, tmp_path):
    await serve()
    user = client.user(7006, first_name="Dewi")
    await user.say("/nomor")
    [ask] = await user.wait_replies()
    assert ask["reply_markup"]["keyboard"][0][0]["request_contact"] is True
    await user.share_contact("+62 812-3456-0001", contact_user_id=9999)
    [refused] = await user.wait_replies()
    assert "bukan nomor orang lain" in refused["text"]
    await user.share_contact("6281234560001")
    [linked] = await user.wait_replies()
    assert "sudah terhubung" in linked["text"] and "0001" in linked["text"] and "81234560001" not in linked["text"]
    rows = _query(tmp_path, "SELECT i.value FROM identity i JOIN identity t ON t.resident_id = i.resident_id WHERE t.value = 'tg:7006' ORDER BY i.value")
    assert rows == [("sms:+6281234560001",), ("tg:7006",)]


async def test_photo_and_location_are_accepted(serve, client, tmp_path):
    await serve()
    user = client.user(7007, first_name="Eka")
    await user.send_photo(caption="selokan tersumbat")
    [thanks] = await user.wait_replies()
    assert "kiriman Anda sudah kami terima" in thanks["text"]
    await user.send_location(-1.6, 103.6)
    [thanks] = await user.wait_replies()
    assert "kiriman Anda sudah kami terima" in thanks["text"]
    assert _query(tmp_path, "SELECT topic FROM interaction WHERE direction = 'in' ORDER BY id") == [("media",), ("media",)]


async def test_stop_blocked_user_and_return(serve, client, emu, tmp_path):
    await serve()
    user = client.user(7008, first_name="Fajar")
    await user.say("/stop")
    [stopped] = await user.wait_replies()
    assert "tidak akan menerima pengumuman" in stopped["text"]
    assert _query(tmp_path, "SELECT opted_out FROM resident") == [(1,)]

    await client.block(7008)
    # after STOP an announcement is not even queued; an officer's answer still goes out
    assert await _enqueue(tmp_path, "tg:7008", "Pengumuman RT: kerja bakti Minggu.") is None
    await _enqueue(tmp_path, "tg:7008", "Jawaban petugas: laporan Anda sudah diterima.", Priority.REPLY)
    await until(lambda: _query(tmp_path, "SELECT active FROM identity WHERE value = 'tg:7008'") == [(0,)],
                "the blocked identity marked inactive")  # fmt: skip
    [row] = _query(tmp_path, "SELECT status, last_error FROM outbox WHERE text LIKE 'Jawaban petugas%'")
    assert row[0] == "failed" and "blocked" in row[1]
    assert any(c["method"] == "sendMessage" and c["status"] == 403 for c in emu.calls)

    await client.block(7008, blocked=False)
    await user.say("/mulai")
    [back] = await user.wait_replies()
    assert "menerima pengumuman dan pelajaran lagi" in back["text"]
    assert _query(tmp_path, "SELECT active FROM identity WHERE value = 'tg:7008'") == [(1,)]


async def test_429_is_waited_out(serve, client, emu):
    await client.fail("setMyCommands", 500, times=3)  # a command menu is never a reason to stop
    await serve()
    user = client.user(7009, first_name="Gita")
    await user.say("halo")
    await user.wait_replies()
    await client.fail("sendMessage", 429, retry_after=2, chat_id=7009)
    asked = time.monotonic()
    await user.say("/bantuan")
    [help_text] = await user.wait_replies(timeout=20)
    assert help_text["text"].startswith("Kata yang bisa Anda kirim")
    assert time.monotonic() - asked >= 2
    state = await client.state()
    assert state["flood_violations"] == 0
    assert [c["status"] for c in emu.calls if c["method"] == "setMyCommands"] == [500, 500, 500]


HELP = "Kata yang bisa Anda kirim"


async def before_the_sentinel(user) -> list[str]:
    """Prove that nothing more is coming to `user` without a sleep: /bantuan sent now is answered
    after everything the bot had to say before; returns the texts that came before its answer."""
    await user.say("/bantuan")

    async def answered() -> bool:
        return any((m["text"] or "").startswith(HELP) for m in await user.sent())

    await until(answered, "the sentinel's answer", within=30)
    texts = [m["text"] or "" for m in await user.sent()]
    return texts[: next(i for i, text in enumerate(texts) if text.startswith(HELP))]


@pytest.mark.also_postgres
async def test_webhook_right_and_wrong_secret(serve, client, emu):
    await serve(webhook=True)
    user = client.user(7010, first_name="Hadi")
    await user.say("/start")
    [welcome] = await user.wait_replies()
    assert welcome["text"].startswith("Halo! Saya KabarRT.")
    assert (await client.forge_webhook("wrong"))["status"] == 403
    assert (await client.forge_webhook(None))["status"] == 403
    # the same update again with the right secret: answered 200, processed once
    first = next(c for c in emu.calls if c["method"] == "sendMessage")
    assert first["status"] == 200
    delivered = [u for u, status in emu.webhook_log if status == 200]
    assert delivered
    again = {
        "update_id": delivered[0],
        "message": {"message_id": 1, "date": int(time.time()), "chat": {"id": 7010, "type": "private"},
                    "from": {"id": 7010, "is_bot": False, "first_name": "Hadi"}, "text": "/start"},
    }  # fmt: skip
    assert (await client.forge_webhook(SECRET, again))["status"] == 200
    assert len(await before_the_sentinel(user)) == 1
    assert any(c["method"] == "setWebhook" and c["params"].get("secret_token") == SECRET for c in emu.calls)


async def test_update_ids_started_anew_are_new_messages(serve, client, emu, tmp_path):
    """After a week without updates Telegram starts its update ids anew, at a random number that
    may be below the bot's offset: an update with an id seen before is still a new message."""
    await serve()
    user = client.user(7015, first_name="Kiki")
    first = await user.say("halo")
    await user.wait_replies()
    await user.say("BANTUAN")
    await user.wait_replies()

    async def idle() -> bool:
        return (await client.state())["pending_updates"] == 0

    await until(idle, "both updates confirmed")
    await client.restart_update_ids(first["update_id"])
    again = await user.say("apa itu BKM?")
    assert again["update_id"] == first["update_id"]
    [answer] = await user.wait_replies()
    assert answer["text"].startswith("BKM (Badan Keswadayaan Masyarakat)"), answer["text"]
    stored = _query(tmp_path, "SELECT external_id, text FROM interaction WHERE direction = 'in' ORDER BY id")
    assert [row for row in stored if row[0] == str(first["update_id"])] == [
        (str(first["update_id"]), "halo"), (str(first["update_id"]), "apa itu BKM?"),
    ]  # fmt: skip


@pytest.mark.also_postgres
async def test_a_message_or_press_telegram_sends_again_is_answered_once(serve, client, emu):
    """Telegram sends an update again (our webhook answer was lost, or its update ids started
    anew): the same message, or the same press, under the same or another update id, is
    answered once. The sentinel's answer shows nothing else was queued before it."""
    await serve(webhook=True)
    user = client.user(7016, first_name="Lina")
    said = await user.say("apa itu BKM?")
    [answer] = await user.wait_replies()
    assert answer["text"].startswith("BKM (Badan Keswadayaan Masyarakat)")
    sender = {"id": 7016, "is_bot": False, "first_name": "Lina"}
    chat = {"id": 7016, "type": "private", "first_name": "Lina"}
    message = {"message_id": said["message_id"], "date": int(time.time()), "chat": chat, "from": sender,
               "text": "apa itu BKM?"}  # fmt: skip
    for update_id in (said["update_id"], said["update_id"] + 1000):
        assert (await client.forge_webhook(SECRET, {"update_id": update_id, "message": message}))["status"] == 200

    await user.say("MENU")
    [menu] = await user.wait_replies()
    pressed = await user.press(menu, "Bantuan")
    [helped] = await user.wait_replies()
    assert helped["text"].startswith("Kata yang bisa Anda kirim")
    shown = {"message_id": menu["message_id"], "date": int(time.time()), "chat": chat, "text": menu["text"],
             "from": {"id": emu.bot_id, "is_bot": True, "first_name": "KabarRT"}}  # fmt: skip
    press = {"id": pressed["callback_query_id"], "from": sender, "message": shown, "chat_instance": "1",
             "data": next(b["callback_data"] for row in menu["reply_markup"]["inline_keyboard"] for b in row
                          if b["text"] == "Bantuan")}  # fmt: skip
    again = {"update_id": pressed["update_id"] + 1000, "callback_query": press}
    assert (await client.forge_webhook(SECRET, again))["status"] == 200

    await user.say("halo")  # the sentinel
    [sentinel] = await user.wait_replies()
    assert "Saya KabarRT" in sentinel["text"], sentinel["text"]
    assert [m["message_id"] for m in await user.sent()] == [answer["message_id"], menu["message_id"],
                                                            helped["message_id"], sentinel["message_id"]]


async def test_a_refused_reply_is_apologised_for_through_the_outbox(serve, client, tmp_path):
    """Telegram refuses a reply for a reason that is not the resident's: the reply fails, and the
    apology to the resident is an outbox row like every other message (rate-limited, retried,
    recorded). An apology refused in turn gets no apology of its own."""
    await serve()
    user = client.user(7017, first_name="Maya")
    await client.fail("sendMessage", 400, description="Bad Request: can't parse entities", chat_id=7017)
    await user.say("apa itu BKM?")
    [apology] = await user.wait_replies()
    assert apology["text"] == ("Maaf, ada pesan untuk Anda yang gagal terkirim karena gangguan teknis. "
                               "Ketik MENU untuk melanjutkan.")  # fmt: skip

    def rows() -> list[tuple]:
        return _query(tmp_path, "SELECT id, status, cause_type, cause_id, priority FROM outbox ORDER BY id")

    [(reply, *_), _] = await until(lambda: len(rows()) == 2 and rows()[1][1] == "sent" and rows(), "the apology sent")
    assert rows() == [(reply, "failed", "inbound", rows()[0][3], 1), (reply + 1, "sent", "apology", str(reply), 1)]

    await client.fail("sendMessage", 400, description="Bad Request: can't parse entities", chat_id=7017, times=2)
    await user.say("halo")
    await until(lambda: [r[1:3] for r in rows()[2:]] == [("failed", "inbound"), ("failed", "apology")],
                "the reply and its apology refused")  # fmt: skip
    await user.say("/bantuan")  # the sentinel
    [sentinel] = await user.wait_replies()
    assert sentinel["text"].startswith("Kata yang bisa Anda kirim"), sentinel["text"]
    assert [r[2] for r in rows()] == ["inbound", "apology", "inbound", "apology", "inbound"]


async def test_restart_in_the_middle_of_a_flow(serve, client, tmp_path):
    server = await serve()
    user = client.user(7011, first_name="Indah")
    await user.say("DAFTAR")
    [notice] = await user.wait_replies()
    await user.press(notice, "Setuju")
    [kota] = await user.wait_replies()
    assert kota["text"].startswith("Anda tinggal di kota")
    assert await server.stop() == 0
    await user.say("Kota Jambi")  # written while the bot is down
    await serve()
    [kecamatan] = await user.wait_replies(timeout=20)
    assert kecamatan["text"].startswith("Kota Jambi: kecamatan apa?")
    assert len(await before_the_sentinel(user)) == 3  # nothing is answered twice after the restart


async def test_kill_after_persisting_does_not_answer_twice(serve, client, tmp_path):
    server = await serve()
    user = client.user(7012, first_name="Joko")
    for n in range(5):
        await user.say(f"halo {n}" if n else "halo")
    await until(lambda: _query(tmp_path, "SELECT count(*) FROM interaction WHERE direction = 'in'") == [(5,)],
                "five messages stored")  # fmt: skip
    await server.stop(signal.SIGKILL)  # the offset may not have been confirmed yet
    await serve()
    texts = await before_the_sentinel(user)
    assert len(texts) == 5, texts


async def test_group_link_and_mentions(serve, client, emu, tmp_path):
    _kabarrt(tmp_path, "roles", "grant", "--identity", "tg:7013", "--role", "ketua_rt", "--area", RT)
    await serve()
    await client.create_group(-100555, "Warga RT 3")
    ketua = client.user(7013, first_name="Pak RT")
    warga = client.user(7014, first_name="Tono")
    await warga.say("/hubungkan", chat_id=-100555)
    [refused] = await ketua.wait_replies(chat_id=-100555)
    assert "Hanya ketua RT" in refused["text"]
    await ketua.say("/hubungkan", chat_id=-100555)
    [linked] = await ketua.wait_replies(chat_id=-100555)
    assert "terhubung ke RT 003 / RW 01" in linked["text"]
    assert _query(tmp_path, "SELECT identity, active FROM group_chat") == [("tg:-100555", 1)]

    await warga.say(f"@{BOT} apa itu BKM?", chat_id=-100555)
    [answer] = await ketua.wait_replies(chat_id=-100555)
    assert "Badan Keswadayaan Masyarakat" in answer["text"], answer
    assert not buttons(answer)
    await warga.say("/daftar", chat_id=-100555)
    [private] = await ketua.wait_replies(chat_id=-100555)
    assert "chat pribadi" in private["text"]
    assert not await warga.sent()  # nothing went to anyone's private chat


@pytest.mark.also_postgres
async def test_twenty_updates_of_one_resident_at_once_through_two_web_processes(serve, client, emu, process_db):
    """A city's setup: two `serve --web-only` processes in webhook mode behind one URL and a
    worker. Telegram sends twenty updates of one resident at once, half to each process: every
    one is stored (200, never a 500) and answered exactly once, and each answer follows from the
    turn stored before it (tests/fixtures/turn_order.py), so no turn overwrote another's state."""
    webs = [await serve(webhook=True, web_only=True) for _ in range(2)]
    sending = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": emu.base_url,
               # one send at a time, in the order queued, so the sentinel's answer comes last; and
               # no 1-per-second pause between messages to one chat (the limit is not under test)
               "DELIVERY_IN_FLIGHT": "1", "TELEGRAM_MAX_PER_CHAT_PER_SECOND": "100"}  # fmt: skip
    worker = await ServeProcess(process_db, sending, command=("worker",)).start(ready=lambda: True)
    try:
        said = turn_order.script(22)
        user = client.user(7020, first_name="Nur")
        for text in said[:2]:  # one after the other, through the webhook Telegram has: asked, recorded
            await user.say(text)
            await user.wait_replies()
        sender = {"id": 7020, "is_bot": False, "first_name": "Nur"}
        chat = {"id": 7020, "type": "private", "first_name": "Nur"}
        updates = [
            {"update_id": 900_000 + n, "message": {"message_id": 1000 + n, "date": int(time.time()), "chat": chat,
                                                   "from": sender, "text": text}}
            for n, text in enumerate(said[2:])
        ]  # fmt: skip
        posted = await asyncio.gather(*(
            client.forge_webhook(SECRET, update, url=f"{webs[n % 2].url}/telegram/webhook")
            for n, update in enumerate(updates)
        ))  # fmt: skip
        assert [p["status"] for p in posted] == [200] * 20, posted
        answers = [m["text"] for m in await user.wait_replies(20, timeout=60)]
        assert len(await before_the_sentinel(user)) == 22  # nothing more, nothing twice
        assert worker.proc is not None and worker.proc.returncode is None
    finally:
        assert await worker.stop() == 0, worker.log

    def rows(sql: str) -> list[tuple]:
        return query(process_db, sql, "tg:7020")

    stored = rows("SELECT i.external_id, i.text FROM interaction i JOIN identity d ON d.resident_id = i.resident_id"
                  " WHERE d.value = ? AND i.direction = 'in' ORDER BY i.id")  # fmt: skip
    replies: dict[str, list[str]] = {}
    for cause, text in query(process_db, "SELECT cause_id, text FROM outbox WHERE cause_type = 'inbound'"):
        replies.setdefault(cause, []).append(text)
    turns = [(update_id, text) for update_id, text in stored if text != "/bantuan"]  # not the sentinel
    forged = {str(u["update_id"]) for u in updates}
    assert len(turns) == 22 and forged <= {update_id for update_id, _ in turns}
    assert all(len(replies[update_id]) == 1 for update_id, _ in turns), replies
    # what the user's chat shows is what was stored, each once
    assert Counter(answers) == Counter(replies[update_id][0] for update_id in forged)
    end = turn_order.replay([(text, replies[update_id][0]) for update_id, text in turns])
    [(flow, slots)] = rows("SELECT c.flow, a.slots FROM conversation_state c JOIN identity d ON d.resident_id = "
                           "c.resident_id JOIN availability a ON a.resident_id = c.resident_id WHERE d.value = ?")  # fmt: skip
    assert flow == ("waktu" if end.asking else None)
    assert json.loads(slots) == [SLOT_KEYS[end.slot - 1]]


async def _enqueue(tmp_path: Path, identity: str, text: str, priority: Priority = Priority.BULK):
    from datetime import UTC, datetime

    from bot.db import close_database, open_database
    from handlers.outbox.queue import enqueue

    await open_database(f"sqlite://{tmp_path / 'kabarrt.sqlite3'}")
    try:
        return await enqueue(identity, text, created_at=datetime.now(UTC), priority=priority)
    finally:
        await close_database()


def test_poster_for_an_rt_encodes_its_join_link(tmp_path):
    import zxingcpp
    from PIL import Image

    link = _kabarrt(tmp_path, "areas", "join-link", "--rt", RT).split(": ", 1)[1].strip()
    out = tmp_path / "poster.png"
    printed = _kabarrt(tmp_path, "poster", "--rt", RT, "--out", str(out))
    assert link in printed
    [code] = zxingcpp.read_barcodes(Image.open(out))
    assert code.text == link
    import subprocess

    bad = subprocess.run(
        [*KABARRT, "poster", "--rt", "JMB.ALB.MYM", "--out", str(out), "--db", str(tmp_path / "kabarrt.sqlite3")],
        cwd=ROOT, env={**os.environ, "TELEGRAM_BOT_USERNAME": BOT}, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert bad.returncode == 2 and "no RT with area code" in bad.stderr
