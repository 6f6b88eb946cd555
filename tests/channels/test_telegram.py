"""The Telegram adapter's parts: rendering, button signatures, update translation, error mapping.

Error mapping runs the real `TelegramChannel` (PTB's Bot) against the Bot API emulator; the
core's side of contact linking and groups runs through the engine.
"""

from __future__ import annotations

import html

import pytest
from telegram import Bot, Update

import bot.db
from bot.channels.base import Limits, SendError, secret_key
from bot.channels.telegram import (
    TelegramChannel,
    callback_data,
    callback_key,
    message_inbound,
    render,
    split_text,
    utf16_len,
    verify_callback,
)
from bot.i18n import translator
from handlers.engine import Engine
from handlers.messages import Inbound, Location, Media, Option, Outbound
from handlers.residents.area_import import import_areas_file
from models import Area, GroupChat, Identity, Resident, Role, RoleKind
from tests.conftest import FROZEN_NOW
from tests.fixtures.telegram_emulator import EmulatorClient, running_emulator

KEY = callback_key("123456:TEST-token")
INBOUND = secret_key("123456:TEST-token", "kabarrt-inbound")
BOT = "kabarrt_test_bot"
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


# --- rendering ---


def test_split_prefers_paragraphs_and_keeps_every_character():
    paragraphs = [f"Paragraf {n}. " * 60 for n in range(12)]
    text = "\n\n".join(paragraphs)
    parts = split_text(text, 1500)
    assert all(utf16_len(p) <= 1500 for p in parts)
    assert "\n\n".join(parts) == text  # cut only at paragraph boundaries here
    emoji = "🙂" * 3000  # 2 UTF-16 units each: Telegram counts them so
    assert all(utf16_len(p) <= 4000 for p in split_text(emoji)) and "".join(split_text(emoji)) == emoji
    assert split_text("pendek") == ["pendek"]


def test_options_become_signed_buttons_on_the_last_part():
    long = "\n\n".join(["x" * 3000] * 3)
    outbound = Outbound("tg:42", long, (Option("Ya", "consent:yes"), Option("Tidak", "consent:no")), outbox_id=77)
    parts = render(outbound, KEY, 42)
    assert len(parts) == 3 and parts[0].markup is None and parts[1].markup is None
    buttons = [b for row in parts[-1].markup.inline_keyboard for b in row]
    assert [b.text for b in buttons] == ["Ya", "Tidak"]
    assert [verify_callback(KEY, 42, b.callback_data) for b in buttons] == [(77, 0), (77, 1)]
    assert all(len(b.callback_data.encode()) <= 64 for b in buttons)


def test_callback_signature_is_bound_to_chat_message_and_index():
    data = callback_data(KEY, 42, 77, 1)
    assert verify_callback(KEY, 42, data) == (77, 1)
    assert verify_callback(KEY, 43, data) is None  # another chat replaying it
    outbox_id, _, sig = data.split(":")
    assert verify_callback(KEY, 42, f"{outbox_id}:2:{sig}") is None  # another option
    assert verify_callback(callback_key("other:token"), 42, data) is None
    for junk in ("", None, "1:2", "a:b:c", "1:2:3:4", "x" * 64):
        assert verify_callback(KEY, 42, junk) is None


def test_text_is_escaped_detail_follows_and_contact_is_a_reply_keyboard():
    outbound = Outbound("tg:1", "Nama: <b>Siti</b> & co", detail="Lebih <lengkap>", outbox_id=1)
    [part] = render(outbound, KEY, 1)
    assert part.text == html.escape("Nama: <b>Siti</b> & co\n\nLebih <lengkap>", quote=False)
    ask = Outbound("tg:1", "Bagikan?", (Option("Bagikan nomor HP saya", "contact", request="contact"),))
    [part] = render(ask, KEY, 1)
    assert part.markup.keyboard[0][0].request_contact is True and part.markup.one_time_keyboard


def test_photo_takes_a_short_text_as_caption_and_a_long_one_after():
    photo = Media("photo", "AgACfileid")
    [part] = render(Outbound("tg:1", "Kerja bakti", media=(photo,)), KEY, 1)
    assert part.photo == photo and part.text == "Kerja bakti"
    parts = render(Outbound("tg:1", "y" * 1500, media=(photo,)), KEY, 1)
    assert [p.photo for p in parts] == [photo, None] and parts[1].text == "y" * 1500


# --- translating updates ---

PRIVATE = {"id": 5, "type": "private", "first_name": "Siti"}
GROUP = {"id": -100777, "type": "supergroup", "title": "RT 3"}
SITI = {"id": 5, "is_bot": False, "first_name": "Siti"}


def _update(message: dict, update_id: int = 900, message_id: int = 1) -> Update:
    bot = Bot("123456:TEST-token")
    body = {"message_id": message_id, "date": 1764000000, "from": SITI, **message}
    return Update.de_json({"update_id": update_id, "message": body}, bot)


def _command(text: str) -> list[dict]:
    return [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]


CASES = [
    ("private text", {"chat": PRIVATE, "text": "halo"}, {"identity": "tg:5", "text": "halo", "id": "900"}),
    ("command", {"chat": PRIVATE, "text": "/start rt-AbC12345", "entities": _command("/start rt-AbC12345")},
     {"text": "/start rt-AbC12345"}),
    ("photo keeps the largest file id", {"chat": PRIVATE, "caption": "banjir", "photo": [
        {"file_id": "small", "file_unique_id": "s", "width": 90, "height": 90},
        {"file_id": "big", "file_unique_id": "b", "width": 1280, "height": 1280}]},
     {"text": "banjir", "media": (Media("photo", "big", "banjir"),)}),
    ("location", {"chat": PRIVATE, "location": {"latitude": -1.6, "longitude": 103.6}},
     {"location": Location(-1.6, 103.6)}),
    ("own contact", {"chat": PRIVATE, "contact": {"phone_number": "+6281234560001", "first_name": "Siti", "user_id": 5}},
     {"contact_phone": "+6281234560001", "contact_is_own": True}),
    ("someone else's contact", {"chat": PRIVATE, "contact": {"phone_number": "+6281234560002", "first_name": "X", "user_id": 6}},
     {"contact_phone": "+6281234560002", "contact_is_own": False}),
    ("contact without user id", {"chat": PRIVATE, "contact": {"phone_number": "0812", "first_name": "X"}},
     {"contact_is_own": False}),
    ("group chatter is ignored", {"chat": GROUP, "text": "besok hujan"}, None),
    ("group mention", {"chat": GROUP, "text": f"@{BOT} apa itu BKM?",
                       "entities": [{"type": "mention", "offset": 0, "length": len(BOT) + 1}]},
     {"identity": "tg:5", "group": "tg:-100777", "group_title": "RT 3", "text": "apa itu BKM?"}),
    ("group command", {"chat": GROUP, "text": f"/hubungkan@{BOT}", "entities": _command(f"/hubungkan@{BOT}")},
     {"group": "tg:-100777", "text": f"/hubungkan@{BOT}"}),
    ("photo caption mentioning the bot", {"chat": GROUP, "caption": f"@{BOT} ini got mampet", "photo": [
        {"file_id": "g", "file_unique_id": "g", "width": 90, "height": 90}],
        "caption_entities": [{"type": "mention", "offset": 0, "length": len(BOT) + 1}]},
     {"group": "tg:-100777", "text": "ini got mampet", "media": (Media("photo", "g", f"@{BOT} ini got mampet"),)}),
    ("another bot's command", {"chat": GROUP, "text": "/start@otherbot", "entities": _command("/start@otherbot")}, None),
    ("channel post", {"chat": {"id": -1009, "type": "channel", "title": "C"}, "text": "x"}, None),
]  # fmt: skip


@pytest.mark.parametrize(("label", "message", "expected"), CASES, ids=[c[0] for c in CASES])
def test_message_inbound(label, message, expected):
    inbound = message_inbound(_update(message), BOT, INBOUND)
    if expected is None:
        assert inbound is None
        return
    assert inbound is not None
    for field, value in expected.items():
        assert getattr(inbound, field) == value, field


def test_a_message_is_known_by_its_chat_and_message_id_not_its_update_id():
    def known(update_id: int, message_id: int, chat: dict = PRIVATE) -> str:
        text = f"/bantuan@{BOT}"
        message = {"chat": chat, "text": text, "entities": _command(text)}
        inbound = message_inbound(_update(message, update_id, message_id), BOT, INBOUND)
        assert inbound is not None and inbound.id == str(update_id)  # Telegram's own id, as it came
        return inbound.message_key

    key = known(900, 1)
    assert known(77, 1) == key  # the same message again, after Telegram started its ids anew
    assert known(900, 2) != key and known(900, 1, GROUP) != key  # another message, another chat
    assert len(key) == 32 and int(key, 16) >= 0  # a keyed hash, no chat id in it


# --- sending and failures, against the emulator ---


@pytest.fixture
async def emulated():
    async with running_emulator(username=BOT) as emu, EmulatorClient(emu.control_url) as client:
        bot = Bot("123456:TEST-token", base_url=emu.base_url)
        channel = TelegramChannel(bot, Limits(), KEY)
        await client.user(5, first_name="Siti").say("halo")  # the chat exists from now on
        yield channel, client, emu
        await bot.shutdown()


async def test_long_hostile_text_arrives_in_parts(emulated):
    channel, client, _ = emulated
    text = "\n\n".join(f"<{n}> & </b> " + "kata " * 299 + "kata" for n in range(6))
    result = await channel.send(Outbound("tg:5", text, (Option("OK", "kw:menu"),), outbox_id=3))
    sent = await client.sent(5)
    assert len(sent) >= 3 and result.channel_message_id == str(sent[-1]["message_id"])
    assert "\n\n".join(m["text"] for m in sent) == text.strip()
    assert sent[-1]["reply_markup"]["inline_keyboard"] and not sent[0].get("reply_markup")


@pytest.mark.parametrize(
    ("code", "description", "retryable", "identity_gone"),
    [
        (403, "Forbidden: bot was blocked by the user", False, True),
        (403, "Forbidden: user is deactivated", False, True),
        (400, "Bad Request: chat not found", False, True),
        (500, "Internal Server Error", True, False),
        (502, "Bad Gateway", True, False),
    ],
)
async def test_failures_map_to_send_errors(emulated, code, description, retryable, identity_gone):
    channel, client, _ = emulated
    await client.fail("sendMessage", code, description=description)
    with pytest.raises(SendError) as caught:
        await channel.send(Outbound("tg:5", "Pengumuman", outbox_id=9))
    assert caught.value.retryable is retryable
    assert caught.value.permanent_identity_failure is identity_gone


async def test_429_carries_retry_after(emulated):
    channel, client, _ = emulated
    await client.fail("sendMessage", 429, retry_after=7)
    with pytest.raises(SendError) as caught:
        await channel.send(Outbound("tg:5", "Pengumuman", outbox_id=9))
    assert caught.value.retryable and caught.value.retry_after == 7


async def test_other_refusal_fails_the_message_and_asks_for_an_apology(emulated):
    channel, client, _ = emulated
    await client.fail("sendMessage", 400, description="Bad Request: something unexpected")
    with pytest.raises(SendError) as caught:
        await channel.send(Outbound("tg:5", "Jawaban", outbox_id=9))
    assert not caught.value.retryable and not caught.value.permanent_identity_failure
    assert caught.value.apologise  # queued by the dispatcher, as an outbox row
    assert await client.sent(5) == []  # the adapter itself sends nothing more
    await client.create_group(-100555, "RT 5")
    await client.fail("sendMessage", 400, description="Bad Request: something unexpected")
    with pytest.raises(SendError) as caught:
        await channel.send(Outbound("tg:-100555", "Pengumuman", outbox_id=10))
    assert not caught.value.apologise  # a group gets no apology for one of its messages


async def test_a_retry_goes_on_where_a_multi_part_message_failed(emulated):
    channel, client, _ = emulated
    text = "\n\n".join(["a" * 3000, "b" * 3000, "c" * 3000])
    await client.fail("sendMessage", 502, description="Bad Gateway")
    with pytest.raises(SendError):
        await channel.send(Outbound("tg:5", text, outbox_id=11))
    await channel.send(Outbound("tg:5", text, outbox_id=11))
    assert [m["text"][0] for m in await client.sent(5)] == ["a", "b", "c"]


# --- the core's side: contact linking and groups ---


@pytest.fixture
async def engine(db):
    assert (await import_areas_file(bot.db.DEMO_AREAS)).ok
    return Engine(translator, default_locale="id", clock=lambda: FROZEN_NOW)


async def _say(engine: Engine, **kw) -> list[str]:
    return [r.text for r in await engine.handle(Inbound(**kw))]


async def test_shared_contact_merges_with_the_sms_resident_and_asks_the_rt(engine):
    rt_a = await Area.get(code="JMB.ALB.MYM.RW01.RT001")
    rt_b = await Area.get(code="JMB.ALB.MYM.RW01.RT003")
    sms = await Resident.create(area_id=rt_a.id, opted_out=True, name="Bu Siti")
    await Identity.create(value="sms:+6281234560001", channel="sms", resident=sms)
    tg = await Resident.create(area_id=rt_b.id)
    await Identity.create(value="tg:5", channel="telegram", resident=tg)

    replies = await _say(engine, identity="tg:5", contact_phone="081234560001", contact_is_own=True)
    assert "satu orang" in replies[0] and "STOP" in replies[1] and "RT mana yang benar" in replies[2]
    assert await Resident.all().count() == 1
    merged = await Resident.get(id=tg.id)
    assert merged.opted_out and merged.name == "Bu Siti"
    assert {i.value for i in await Identity.filter(resident_id=tg.id)} == {"tg:5", "sms:+6281234560001"}

    [chosen] = await engine.handle(Inbound(identity="tg:5", text="2"))  # the SMS side's RT
    assert chosen.text == "Baik, Anda terdaftar di RT 001 / RW 01, Mayang Mangurai, Alam Barajo, Kota Jambi."
    assert (await Resident.get(id=tg.id)).area_id == rt_a.id
    [menu] = await engine.handle(Inbound(identity="tg:5", text="/menu"))
    assert menu.text.startswith("Menu KabarRT")  # the flow ended
    # an SMS from that number is now the same resident, still stopped until MULAI
    _, = await _say(engine, identity="sms:+6281234560001", text="MULAI")
    assert not (await Resident.get(id=tg.id)).opted_out


async def test_someone_elses_contact_is_refused_and_nothing_stored(engine):
    replies = await _say(engine, identity="tg:5", contact_phone="+6281234560009", contact_is_own=False)
    assert "bukan nomor orang lain" in replies[0]
    assert not await Identity.filter(channel="sms").exists()


async def test_group_turns_leave_the_private_conversation_alone(engine):
    rt = await Area.get(code="JMB.ALB.MYM.RW01.RT003")
    head = await Resident.create()
    await Identity.create(value="tg:8", channel="telegram", resident=head)
    await Role.create(resident=head, kind=RoleKind.KETUA_RT, area=rt)
    await engine.handle(Inbound(identity="tg:8", text="DAFTAR"))  # a private flow is running
    replies = await engine.handle(Inbound(identity="tg:8", text="/hubungkan", group="tg:-100", group_title="RT"))
    assert replies[0].identity == "tg:-100" and "terhubung ke RT 003" in replies[0].text
    assert (await GroupChat.get(identity="tg:-100")).area_id == rt.id
    private = await engine.handle(Inbound(identity="tg:8", text="1"))  # still the consent question
    assert "kota/kabupaten" in private[0].text
    replies = await engine.handle(Inbound(identity="tg:9", text="/lepaskan", group="tg:-100"))
    assert "Hanya ketua RT" in replies[0].text and await GroupChat.exists(identity="tg:-100")
    await engine.handle(Inbound(identity="tg:8", text="/lepaskan", group="tg:-100"))
    assert not await GroupChat.exists(identity="tg:-100")


async def test_photo_upload_with_caption_and_buttons(emulated, tmp_path):
    from PIL import Image

    channel, client, _ = emulated
    path = tmp_path / "kerja-bakti.png"
    Image.new("RGB", (64, 48), "white").save(path)
    outbound = Outbound(
        "tg:5", "Kerja bakti Minggu 07.00 <pos ronda>", (Option("Hadir", "rsvp:yes"),),
        media=(Media("photo", str(path)),), outbox_id=21,
    )  # fmt: skip
    await channel.send(outbound)
    [message] = await client.sent(5)
    assert message["method"] == "sendPhoto" and message["photo"]
    assert message["caption"] == "Kerja bakti Minggu 07.00 <pos ronda>"
    assert message["reply_markup"]["inline_keyboard"][0][0]["text"] == "Hadir"


class FlakyEngine:
    """Fails to store the first `failures` updates it gets (a locked or lost database)."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.stored: list[str] = []

    async def handle(self, inbound: Inbound) -> list:
        if self.failures:
            self.failures -= 1
            raise OSError("database is locked")
        self.stored.append(inbound.text)
        return []


async def test_offset_moves_only_after_the_update_is_stored():
    import asyncio

    from bot.channels.telegram import TelegramGateway
    from bot.settings import Settings

    async with running_emulator(username=BOT) as emu, EmulatorClient(emu.control_url) as client:
        settings = Settings(
            telegram_bot_token="123456:TEST-token", telegram_api_base_url=emu.base_url,
            telegram_poll_timeout=1, telegram_bot_username=BOT,
        )  # fmt: skip
        engine = FlakyEngine(failures=2)
        gateway = TelegramGateway(settings, engine)  # type: ignore[arg-type]
        stop = asyncio.Event()
        task = asyncio.create_task(gateway.run(stop))
        user = client.user(5, first_name="Siti")
        first = await user.say("satu")
        await user.say("dua")
        for _ in range(100):
            if len(engine.stored) == 2:
                break
            # while "satu" is not stored, Telegram is never told to drop it
            assert emu.confirmed_offset is None or emu.confirmed_offset <= first["update_id"] or engine.stored
            await asyncio.sleep(0.1)
        stop.set()
        await asyncio.wait_for(task, 15)
        assert engine.stored == ["satu", "dua"]  # retried, in order, each once
        assert emu.confirmed_offset == first["update_id"] + 2  # confirmed on the way out


async def test_join_link_for_a_resident_of_another_rt_asks_to_move(engine):
    from handlers.residents import joinlinks

    old = await Area.get(code="JMB.ALB.MYM.RW01.RT001")
    new = await Area.get(code="JMB.ALB.MYM.RW01.RT003")
    code = await joinlinks.join_code(new)
    resident = await Resident.create(area_id=old.id, name="Tini")
    await Identity.create(value="tg:6", channel="telegram", resident=resident)
    [ask] = await engine.handle(Inbound(identity="tg:6", text=f"/start rt-{code}"))
    assert "Pindah ke RT 003 / RW 01" in ask.text and [o.label for o in ask.options] == ["Ya, pindah", "Tidak"]
    [name_q] = await engine.handle(Inbound(identity="tg:6", text="1"))
    assert "nama panggilan" in name_q.text
    await engine.handle(Inbound(identity="tg:6", text="Tini"))
    assert (await Resident.get(id=resident.id)).area_id == new.id
    [same] = await engine.handle(Inbound(identity="tg:6", text=f"/start rt-{code}"))
    assert same.text.startswith("Anda sudah terdaftar di RT 003 / RW 01")
