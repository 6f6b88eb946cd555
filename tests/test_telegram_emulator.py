"""The Telegram Bot API emulator speaks the real protocol: driven here by PTB's own `Bot`."""

from __future__ import annotations

import asyncio
import datetime as dtm
import io
import signal
import sys
import time
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from PIL import Image
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    ReplyParameters,
    Update,
)
from telegram.error import (
    BadRequest,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
)
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from tests.telegram_emulator import (
    BotApiEmulator,
    EmulatorClient,
    EmulatorLimits,
    parse_html,
    parse_markdown_v2,
    running_emulator,
)

ROOT = Path(__file__).resolve().parent.parent
# PTB 22 warns that RetryAfter.retry_after will become a timedelta; `seconds()` handles both.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


@pytest.fixture
async def emu():
    async with running_emulator() as e:
        yield e


@pytest.fixture
async def client(emu: BotApiEmulator):
    async with EmulatorClient(emu.control_url) as c:
        yield c


@pytest.fixture
async def bot(emu: BotApiEmulator):
    b = Bot(emu.token, base_url=emu.base_url)
    await b.initialize()
    yield b
    await b.shutdown()


def seconds(value: int | dtm.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


def png_bytes(width: int = 640, height: int = 480) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


def keyboard(*buttons: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(t, callback_data=d)] for t, d in buttons])


# ---- identity, long polling, offsets ---------------------------------------------------------


async def test_get_me_on_initialize(emu: BotApiEmulator, bot: Bot):
    me = bot.bot
    assert me.id == 123456 and me.is_bot and me.username == "kabarrt_test_bot"
    assert me.first_name == "KabarRT" and me.can_join_groups
    assert me.can_read_all_group_messages is False and me.supports_inline_queries is False
    assert [c["method"] for c in emu.calls] == ["getMe"]
    assert emu.calls[0]["status"] == 200


async def test_empty_long_poll_really_blocks(bot: Bot):
    started = time.monotonic()
    assert await bot.get_updates(timeout=2) == ()
    assert time.monotonic() - started >= 1.9


async def test_long_poll_returns_as_soon_as_an_update_arrives(bot: Bot, client: EmulatorClient):
    user = client.user(42, "Siti")

    async def later():
        await asyncio.sleep(0.5)
        await user.say("halo")

    task = asyncio.create_task(later())
    started = time.monotonic()
    updates = await bot.get_updates(timeout=5)
    elapsed = time.monotonic() - started
    await task
    assert 0.4 <= elapsed < 1.5
    assert len(updates) == 1 and updates[0].message.text == "halo"
    assert updates[0].message.from_user.id == 42 and updates[0].message.chat.type == "private"


async def test_offset_confirms_updates(bot: Bot, client: EmulatorClient):
    user = client.user(7, "Budi")
    ids = [(await user.say(f"pesan {i}"))["update_id"] for i in range(3)]
    assert ids == [700_000, 700_001, 700_002]
    first = await bot.get_updates()
    assert [u.update_id for u in first] == ids
    assert [u.update_id for u in await bot.get_updates()] == ids  # not confirmed yet
    second = await bot.get_updates(offset=ids[1] + 1)
    assert [u.update_id for u in second] == [ids[2]]
    state = await client.state()
    assert state["confirmed_offset"] == ids[1] + 1 and state["pending_updates"] == 1
    await user.say("empat")
    await user.say("lima")
    # A negative offset keeps only the last -offset updates.
    last = await bot.get_updates(offset=-1)
    assert [u.message.text for u in last] == ["lima"]
    assert (await client.state())["pending_updates"] == 1


async def test_concurrent_get_updates_conflict(emu: BotApiEmulator, bot: Bot):
    other = Bot(emu.token, base_url=emu.base_url)
    await other.initialize()
    try:
        first = asyncio.create_task(bot.get_updates(timeout=5))
        await asyncio.sleep(0.3)
        second = asyncio.create_task(other.get_updates(timeout=1))
        with pytest.raises(Conflict, match=r"(?i)terminated by other getUpdates request"):
            await first
        assert await second == ()
    finally:
        await other.shutdown()


async def test_wrong_token_and_unknown_method(emu: BotApiEmulator):
    with pytest.raises(InvalidToken):
        await Bot("123456:WRONG-token", base_url=emu.base_url).initialize()
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{emu.base_url}123456:WRONG-token/getMe") as resp:
            assert resp.status == 401
            assert await resp.json() == {
                "ok": False,
                "error_code": 401,
                "description": "Unauthorized",
            }
        async with http.post(f"{emu.base_url}{emu.token}/frobnicate") as resp:
            assert resp.status == 404
            assert (await resp.json())["description"] == "Not Found"
        # Method names are case-insensitive; GET query strings and JSON bodies both work.
        async with http.get(f"{emu.base_url}{emu.token}/GETME") as resp:
            assert (await resp.json())["result"]["username"] == "kabarrt_test_bot"
        async with http.post(
            f"{emu.base_url}{emu.token}/getUpdates", json={"timeout": 0, "limit": 5}
        ) as resp:
            assert await resp.json() == {"ok": True, "result": []}


# ---- sendMessage ---------------------------------------------------------------------------


async def test_send_message_round_trip(emu: BotApiEmulator, bot: Bot, client: EmulatorClient):
    user = client.user(42, "Siti")
    said = await user.say("/start")
    markup = keyboard(("Ya", "yes"), ("Tidak", "no"))
    msg = await bot.send_message(
        42,
        "<b>Halo</b> 😀 <i>Siti</i> &lt;3",
        parse_mode="HTML",
        reply_markup=markup,
        reply_parameters=ReplyParameters(said["message_id"]),
        disable_notification=True,
    )
    assert msg.text == "Halo 😀 Siti <3"
    assert [(e.type, e.offset, e.length) for e in msg.entities] == [
        ("bold", 0, 4),
        ("italic", 8, 4),
    ]
    assert msg.reply_markup == markup
    assert msg.from_user.id == bot.id and msg.chat.id == 42
    assert msg.reply_to_message.text == "/start"
    assert msg.message_id == said["message_id"] + 1

    plain = await bot.send_message(
        42,
        "Bagikan nomor Anda",
        reply_markup=ReplyKeyboardMarkup(
            [[KeyboardButton("Kirim nomor", request_contact=True)]],
            resize_keyboard=True,
            one_time_keyboard=True,
        ),
    )
    assert plain.reply_markup is None  # only inline keyboards come back on the Message
    await bot.send_message(42, "Terima kasih", reply_markup=ReplyKeyboardRemove())

    replies = await user.wait_replies(3)
    texts = [r["text"] for r in replies]
    assert texts == ["Halo 😀 Siti <3", "Bagikan nomor Anda", "Terima kasih"]
    assert replies[0]["parse_mode"] == "HTML" and replies[0]["source"].startswith("<b>Halo</b>")
    assert replies[0]["options"] == {"disable_notification": True}
    assert replies[0]["reply_to_message_id"] == said["message_id"]
    assert replies[1]["reply_markup"]["keyboard"][0][0]["request_contact"] is True
    assert replies[2]["reply_markup"] == {"remove_keyboard": True}
    calls = await client.calls("sendMessage")
    assert len(calls) == 3 and calls[0]["params"]["chat_id"] == 42
    assert calls[0]["params"]["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "yes"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("<b>bold", "Can't find end tag"),
        ("<b>x</i>", "Unmatched end tag"),
        ("<blink>x</blink>", 'Unsupported start tag "blink"'),
        ("a < b", "Unsupported start tag"),
        ("Tom & Jerry", "does not start a supported HTML entity"),
        ("&nbsp;", "does not start a supported HTML entity"),
        ("<span>x</span>", "tg-spoiler"),
        ("<b", "Unclosed start tag"),
    ],
)
async def test_html_parse_errors(bot: Bot, client: EmulatorClient, text: str, reason: str):
    await client.user(42).say("/start")
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities") as exc:
        await bot.send_message(42, text, parse_mode="HTML")
    assert reason.lower() in exc.value.message.lower()  # PTB capitalize()s the message


def test_html_parser_details():
    text, entities = parse_html(
        '<a href="https://e.org/?a=1&amp;b=2">𝔸 link</a> <pre><code class="language-python">'
        "x = 1</code></pre> <tg-spoiler>s</tg-spoiler> &#128512; &#x41;&quot;"
    )
    assert text == '𝔸 link x = 1 s 😀 A"'
    assert entities == [
        {"type": "text_link", "offset": 0, "length": 7, "url": "https://e.org/?a=1&b=2"},
        {"type": "pre", "offset": 8, "length": 5, "language": "python"},
        {"type": "spoiler", "offset": 14, "length": 1},
    ]


async def test_markdown_v2(bot: Bot, client: EmulatorClient):
    await client.user(42).say("/start")
    msg = await bot.send_message(42, r"*Rp\. 5\.000* _per_ bulan\!", parse_mode="MarkdownV2")
    assert msg.text == "Rp. 5.000 per bulan!"
    assert [(e.type, e.offset, e.length) for e in msg.entities] == [
        ("bold", 0, 9),
        ("italic", 10, 3),
    ]
    with pytest.raises(BadRequest, match=r"(?i)Character '.' is reserved"):
        await bot.send_message(42, "Harga Rp. 5.000", parse_mode="MarkdownV2")
    with pytest.raises(BadRequest, match=r"(?i)Can't find end of Bold entity"):
        await bot.send_message(42, "*tebal", parse_mode="MarkdownV2")
    assert parse_markdown_v2("[situs](https://e.org/a\\)b) `a_b` __u__")[1] == [
        {"type": "text_link", "offset": 0, "length": 5, "url": "https://e.org/a)b"},
        {"type": "code", "offset": 6, "length": 3},
        {"type": "underline", "offset": 10, "length": 1},
    ]


async def test_text_length_and_emptiness(bot: Bot, client: EmulatorClient):
    await client.user(42).say("/start")
    await bot.send_message(42, "x" * 4096)
    # The limit applies after entity parsing: 4096 visible characters plus tags is fine.
    await bot.send_message(42, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(42, "x" * 4097)
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(42, "   ")
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(42, "<b> </b>", parse_mode="HTML")


async def test_inline_keyboard_validation(bot: Bot, client: EmulatorClient):
    await client.user(42).say("/start")
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(42, "pilih", reply_markup=keyboard(("Ya", "y" * 65)))
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(42, "pilih", reply_markup=keyboard(("Ya", "é" * 33)))  # 66 bytes
    await bot.send_message(42, "pilih", reply_markup=keyboard(("Ya", "y" * 64)))
    with pytest.raises(BadRequest, match=r"(?i)Text buttons are unallowed"):
        await bot.send_message(
            42, "pilih", reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("Ya")]])
        )
    with pytest.raises(BadRequest, match=r"(?i)Wrong HTTP URL"):
        await bot.send_message(
            42, "x", reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("a", url="nope")]])
        )


# ---- callback queries ----------------------------------------------------------------------


async def test_press_and_answer_callback(emu: BotApiEmulator, bot: Bot, client: EmulatorClient):
    user = client.user(42, "Siti")
    await user.say("/start")
    await bot.get_updates(offset=-1)
    msg = await bot.send_message(42, "Setuju?", reply_markup=keyboard(("Ya", "ok:1")))
    [reply] = await user.wait_replies()
    pressed = await user.press(reply, "Ya")
    updates = await bot.get_updates(offset=pressed["update_id"])
    query = updates[0].callback_query
    assert query.id == pressed["callback_query_id"] and query.data == "ok:1"
    assert query.from_user.id == 42 and query.message.message_id == msg.message_id
    assert query.message.reply_markup == msg.reply_markup and query.chat_instance
    assert await bot.answer_callback_query(query.id, text="Tercatat") is True
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(query.id)
    with pytest.raises(BadRequest, match=r"(?i)query ID is invalid"):
        await bot.answer_callback_query("12345")
    state = await client.state()
    assert state["callback_answers"][0]["text"] == "Tercatat"

    # Pressing a button that is not there is refused by the control API.
    with pytest.raises(AssertionError, match=r"(?i)no inline button 'Tidak'"):
        await user.press(msg.message_id, "Tidak")
    # A forged callback_data arrives as-is; expired queries can't be answered.
    forged = await user.press_raw(msg.message_id, "admin:drop")
    emu.callback_ttl = 0.1
    await asyncio.sleep(0.2)
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(forged["callback_query_id"])


# ---- flood control and forced failures -----------------------------------------------------


async def test_forced_429_and_flood_violation(
    emu: BotApiEmulator, bot: Bot, client: EmulatorClient
):
    await client.user(42).say("/start")
    await client.fail("sendMessage", 429, retry_after=1, chat_id=42)
    with pytest.raises(RetryAfter) as exc:
        await bot.send_message(42, "satu")
    assert seconds(exc.value.retry_after) == 1
    with pytest.raises(RetryAfter):  # ignoring retry_after is a flood violation
        await bot.send_message(42, "dua")
    assert emu.flood_violations == 1
    await asyncio.sleep(1.05)
    await bot.send_message(42, "tiga")
    state = await client.state()
    assert state["flood_violations"] == 1 and state["accepted"] == 1
    assert [c["status"] for c in await client.calls("sendMessage")] == [429, 429, 200]


async def test_forced_errors_map_to_ptb_exceptions(bot: Bot, client: EmulatorClient):
    await client.user(42).say("/start")
    await client.fail("sendMessage", 500)
    with pytest.raises(NetworkError, match=r"(?i)Internal Server Error"):
        await bot.send_message(42, "x")
    await client.fail("*", 502, times=2)
    with pytest.raises(NetworkError):
        await bot.send_message(42, "x")
    with pytest.raises(NetworkError):
        await bot.get_me()
    await client.fail("sendMessage", 403, description="Forbidden: bot was blocked by the user")
    with pytest.raises(Forbidden):
        await bot.send_message(42, "x")
    await client.fail("sendmessage", 400, description="Bad Request: chat not found")
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(42, "x")
    assert (await bot.send_message(42, "ok")).text == "ok"


async def test_limits_burst_to_40_chats_is_throttled(emu: BotApiEmulator, client: EmulatorClient):
    bot = Bot(emu.token, base_url=emu.base_url)
    await bot.initialize()
    await asyncio.gather(*(client.user(1000 + i).say("/start") for i in range(40)))
    await client.set_limits(True)
    refused = 0
    for i in range(40):
        try:
            await bot.send_message(1000 + i, "Pengumuman kerja bakti")
        except RetryAfter as exc:
            refused += 1
            assert seconds(exc.retry_after) >= 1
    await bot.shutdown()
    assert 0 < refused < 40
    state = await client.state()
    assert state["throttled"] == refused and state["accepted"] == 40 - refused


async def test_limits_per_private_chat_and_group():
    limits = EmulatorLimits()
    async with running_emulator(limits=limits) as emu, EmulatorClient(emu.control_url) as client:
        bot = Bot(emu.token, base_url=emu.base_url)
        await bot.initialize()
        await client.user(5).say("/start")
        for _ in range(3):  # small burst allowed
            await bot.send_message(5, "x")
        with pytest.raises(RetryAfter) as exc:
            await bot.send_message(5, "x")
        assert seconds(exc.value.retry_after) == 1
        with pytest.raises(RetryAfter):
            await bot.send_message(5, "x")
        assert emu.flood_violations == 1
        await client.create_group(-100123, "RT 05", "supergroup")
        for _ in range(20):
            await bot.send_message(-100123, "y")
        with pytest.raises(RetryAfter) as exc:
            await bot.send_message(-100123, "y")
        assert seconds(exc.value.retry_after) == 3  # 20 per minute
        await bot.shutdown()
        assert emu.throttled == 3 and emu.accepted == 23


# ---- who can be reached --------------------------------------------------------------------


async def test_unreachable_chats(bot: Bot, client: EmulatorClient):
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(999, "halo")
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(-5, "halo")
    user = client.user(42)
    await user.say("/start")
    await client.block(42)
    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await bot.send_message(42, "halo")
    await client.block(42, blocked=False)
    await bot.send_message(42, "halo lagi")
    await client.deactivate(42)
    with pytest.raises(Forbidden, match=r"(?i)user is deactivated"):
        await bot.send_message(42, "halo")
    # Seen in a group, but never started the bot in private.
    await client.create_group(-77, "RW 01")
    await client.user(43).say("/help", chat_id=-77)
    with pytest.raises(Forbidden, match=r"(?i)can't initiate conversation"):
        await bot.send_message(43, "halo")
    await bot.send_message(-77, "halo grup")
    await client.kick(-77)
    with pytest.raises(Forbidden, match=r"(?i)bot was kicked from the group chat"):
        await bot.send_message(-77, "halo")
    kinds = [next(k for k in u.to_dict() if k != "update_id") for u in await bot.get_updates()]
    # /start, block, unblock, added to the group, /help in the group, kicked from it
    assert kinds == ["message", *["my_chat_member"] * 3, "message", "my_chat_member"]


async def test_inbound_kinds_and_group_privacy(bot: Bot, client: EmulatorClient):
    user = client.user(42, "Siti", username="siti_rt05")
    await user.say("/start@kabarrt_test_bot halo @budi_santoso 😀 https://kabarrt.id/x.")
    await user.share_contact("6281234567890")
    await user.share_contact("6289876543210", contact_user_id=None, first_name="Bu RT")
    photo = await user.send_photo(caption="Jalan rusak")
    await user.send_location(-6.2, 106.8)
    await client.create_group(-300, "RT 03")
    quiet = await user.say("ngobrol biasa", chat_id=-300)
    assert quiet["delivered"] is False and quiet["update_id"] is None
    await user.say("/lapor", chat_id=-300)
    updates = [u for u in await bot.get_updates() if u.message]
    first = updates[0].message
    assert [(e.type, e.offset, e.length) for e in first.entities] == [
        ("bot_command", 0, 23),
        ("mention", 29, 13),
        ("url", 46, 20),
    ]
    assert first.from_user.username == "siti_rt05"
    own, other = updates[1].message.contact, updates[2].message.contact
    assert own.user_id == 42 and own.phone_number == "6281234567890" and own.first_name == "Siti"
    assert other.user_id is None and other.first_name == "Bu RT"
    pic = updates[3].message
    assert 2 <= len(pic.photo) <= 3 and pic.caption == "Jalan rusak"
    assert pic.photo[-1].file_id == photo["file_id"] and pic.photo[-1].width == 1280
    assert updates[4].message.location.latitude == pytest.approx(-6.2)
    assert updates[5].message.chat.type == "group" and updates[5].message.text == "/lapor"
    # The bot may resend a photo it received by file_id.
    again = await bot.send_photo(42, photo["file_id"])
    assert again.photo[-1].file_id == photo["file_id"]


# ---- photos, edits, deletes ----------------------------------------------------------------


async def test_send_photo_upload_and_file_id(bot: Bot, client: EmulatorClient, tmp_path: Path):
    await client.user(42).say("/start")
    uploaded = await bot.send_photo(
        42, png_bytes(640, 480), caption="<b>Poster</b>", parse_mode="HTML"
    )
    assert uploaded.caption == "Poster" and uploaded.caption_entities[0].type == "bold"
    assert (uploaded.photo[-1].width, uploaded.photo[-1].height) == (640, 480)
    path = tmp_path / "poster.png"
    path.write_bytes(png_bytes(2000, 1000))
    with path.open("rb") as fh:
        from_file = await bot.send_photo(42, fh)
    assert from_file.photo[-1].width == 1280 and from_file.photo[-1].height == 640
    reused = await bot.send_photo(42, uploaded.photo[-1].file_id)
    assert reused.photo[-1].file_unique_id == uploaded.photo[-1].file_unique_id
    await bot.send_photo(42, "https://example.org/poster.jpg")
    with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
        await bot.send_photo(42, "not-a-file-id")
    with pytest.raises(BadRequest, match=r"(?i)IMAGE_PROCESS_FAILED"):
        await bot.send_photo(42, b"definitely not an image")
    with pytest.raises(BadRequest, match=r"(?i)caption is too long"):
        await bot.send_photo(42, uploaded.photo[-1].file_id, caption="x" * 1025)
    sent = await client.sent(42)
    assert [m["method"] for m in sent] == ["sendPhoto"] * 4
    calls = await client.calls("sendPhoto")
    assert calls[0]["params"]["photo"]["size"] > 0


async def test_edit_message_text_and_reply_markup(bot: Bot, client: EmulatorClient):
    user = client.user(42)
    said = await user.say("/start")
    msg = await bot.send_message(42, "Pilih program", reply_markup=keyboard(("PKH", "p:pkh")))
    edited = await bot.edit_message_text(
        "Pilih <b>program</b>",
        42,
        msg.message_id,
        parse_mode="HTML",
        reply_markup=keyboard(("PKH", "p:pkh"), ("BPNT", "p:bpnt")),
    )
    assert edited.text == "Pilih program" and edited.edit_date is not None
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text(
            "Pilih <b>program</b>",
            42,
            msg.message_id,
            parse_mode="HTML",
            reply_markup=keyboard(("PKH", "p:pkh"), ("BPNT", "p:bpnt")),
        )
    await bot.edit_message_reply_markup(42, msg.message_id, reply_markup=keyboard(("OK", "ok")))
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_reply_markup(42, msg.message_id, reply_markup=keyboard(("OK", "ok")))
    removed = await bot.edit_message_reply_markup(42, msg.message_id)
    assert removed.reply_markup is None
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", 42, 9999)
    with pytest.raises(BadRequest, match=r"(?i)message can't be edited"):
        await bot.edit_message_text("x", 42, said["message_id"])
    [view] = await user.sent()
    assert [e["method"] for e in view["edits"]] == [
        "editMessageText",
        "editMessageReplyMarkup",
        "editMessageReplyMarkup",
    ]
    assert view["text"] == "Pilih program" and view["reply_markup"] is None
    assert await bot.delete_message(42, msg.message_id) is True
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(42, msg.message_id)
    assert (await user.sent())[0]["deleted"] is True
    assert await bot.send_chat_action(42, "typing") is True
    chat = await bot.get_chat(42)
    assert chat.id == 42 and chat.type == "private"


async def test_wait_replies_times_out_with_what_it_saw(bot: Bot, client: EmulatorClient):
    user = client.user(42)
    await user.say("/start")
    await bot.send_message(42, "satu")
    with pytest.raises(AssertionError, match=r"(?i)got 1.*satu"):
        await user.wait_replies(2, timeout=0.3)
    assert [m["text"] for m in await user.wait_replies(1)] == ["satu"]


# ---- commands ------------------------------------------------------------------------------


async def test_commands(bot: Bot, client: EmulatorClient):
    commands = [BotCommand("start", "Mulai"), BotCommand("lapor", "Laporkan masalah")]
    assert await bot.set_my_commands(commands) is True
    assert list(await bot.get_my_commands()) == commands
    assert await bot.get_my_commands(language_code="en") == ()
    assert (await client.state())["commands"] == [c.to_dict() for c in commands]
    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand("Start", "Mulai")])
    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand("x" * 33, "Mulai")])
    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_DESCRIPTION_INVALID"):
        await bot.set_my_commands([BotCommand("start", "")])
    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMANDS_TOO_MUCH"):
        await bot.set_my_commands([BotCommand(f"c{i}", "d") for i in range(101)])
    assert await bot.delete_my_commands() is True
    assert await bot.get_my_commands() == ()


# ---- webhooks ------------------------------------------------------------------------------


async def test_webhook_delivery_retries_and_forge(
    emu: BotApiEmulator, bot: Bot, client: EmulatorClient
):
    received: list[tuple[str | None, dict]] = []
    answers = [500]

    async def receive(request: web.Request) -> web.Response:
        secret = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
        received.append((secret, await request.json()))
        if secret != "s3cret":
            return web.Response(status=403)
        return web.Response(status=answers.pop(0) if answers else 200)

    app = web.Application()
    app.router.add_post("/hook", receive)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    try:
        assert await bot.set_webhook(url, secret_token="s3cret") is True
        with pytest.raises(Conflict, match=r"(?i)webhook is active"):
            await bot.get_updates()
        said = await client.user(42).say("halo")
        for _ in range(100):
            if any(status == 200 for _, status in emu.webhook_log):
                break
            await asyncio.sleep(0.05)
        uid = said["update_id"]
        assert emu.webhook_log == [(uid, 500), (uid, 200)]
        assert [s for s, _ in received] == ["s3cret", "s3cret"]
        assert received[0][1]["message"]["text"] == "halo"
        info = await bot.get_webhook_info()
        assert info.url == url and info.pending_update_count == 0
        assert "500" in info.last_error_message
        assert emu.confirmed_offset == uid + 1

        assert (await client.forge_webhook("wrong"))["status"] == 403
        assert (await client.forge_webhook(None))["status"] == 403
        assert (await client.forge_webhook("s3cret"))["status"] == 200
        assert [s for s, _ in received[2:]] == ["wrong", None, "s3cret"]
        assert len(emu.webhook_log) == 2  # forged posts are not deliveries

        assert await bot.delete_webhook() is True
        await client.user(42).say("lagi")
        assert [u.message.text for u in await bot.get_updates()] == ["lagi"]
        assert (await client.state())["webhook"] is None
    finally:
        await runner.cleanup()


# ---- as a separate process -----------------------------------------------------------------


async def test_runs_as_a_process():
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.telegram_emulator",
        "--port",
        "0",
        "--limits",
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        line = (await asyncio.wait_for(proc.stdout.readline(), 15)).decode().strip()
        assert line.startswith("emulator listening on http://127.0.0.1:")
        url = line.rsplit(" ", 1)[1]
        async with EmulatorClient(f"{url}/control") as client:
            bot = Bot("123456:TEST-token", base_url=f"{url}/bot")
            await bot.initialize()
            user = client.user(42)
            await user.say("/start")
            await bot.send_message(42, "halo dari proses lain")
            assert [m["text"] for m in await user.wait_replies()] == ["halo dari proses lain"]
            assert (await client.state())["limits_enabled"] is True
            await bot.shutdown()
    finally:
        proc.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(proc.wait(), 10) == 0


# ---- a whole PTB Application ---------------------------------------------------------------


async def test_ptb_application_polling_round_trip(emu: BotApiEmulator, client: EmulatorClient):
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.message.reply_text(
            f"echo: {update.message.text}", reply_markup=keyboard(("OK", "ok"))
        )

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.callback_query.answer("Tercatat")
        await update.callback_query.edit_message_text("selesai")

    app = Application.builder().token(emu.token).base_url(emu.base_url).build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.add_handler(CallbackQueryHandler(pressed))
    await app.initialize()
    await app.start()
    await app.updater.start_polling(timeout=5, drop_pending_updates=True)
    try:
        user = client.user(42)
        await user.say("halo")
        [reply] = await user.wait_replies(timeout=5)
        assert reply["text"] == "echo: halo"
        await user.press(reply, "OK")
        for _ in range(100):
            if (await user.sent())[0]["edits"]:
                break
            await asyncio.sleep(0.02)
        [view] = await user.sent()
        assert view["text"] == "selesai" and view["reply_markup"] is None
        assert (await client.state())["callback_answers"][0]["text"] == "Tercatat"
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
    state = await client.state()
    assert state["pending_updates"] == 0 and state["confirmed_offset"] == 700_002
    assert state["internal_errors"] == []
