"""Telegram adapter on python-telegram-bot 22: updates in, messages out. It only translates.

Inbound (`TelegramGateway`): a PTB `Application` without an Updater. Updates come from our own
getUpdates loop (long polling) or from `/telegram/webhook`; each goes through
`Application.process_update` to one handler that turns it into an `Inbound` and calls the
engine. The getUpdates offset moves past an update, and the webhook answers 200, only after the
engine has persisted it. A message sent again is dropped by the engine's inbound dedupe, which
knows it by its chat and message id (a press: the callback query id), never by the update_id:
after a week without updates Telegram starts its update ids anew, at a random number.

Outbound (`TelegramChannel`): what the dispatcher calls. Options become an inline keyboard whose
callback data is `<outbox id>:<option index>:<signature>` (an HMAC keyed by the bot token), so a
pressed button is verified and looked up, never trusted; a contact request becomes a reply
keyboard. Texts are HTML-escaped and split under 4 096 characters at paragraph boundaries.
Bot API errors map to the dispatcher's `SendError`: 403 → recipient unreachable, 429 →
retry_after, 5xx / network → retry, anything else → logged and failed, and a private chat gets a
short apology (`SendError.apologise`: the dispatcher queues it as an outbox row).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import html
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import ClassVar

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeDefault,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    LinkPreviewOptions,
    Message,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.constants import ChatType, MessageEntityType, ParseMode
from telegram.error import (
    BadRequest,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler
from telegram.request import HTTPXRequest

from bot.channels.base import Limits, SendError, SendResult, message_key, secret_key
from bot.i18n import translator
from bot.settings import Settings
from handlers.engine import Engine
from handlers.messages import Inbound, Location, Media, Outbound
from handlers.outbox import queue as outbox
from handlers.residents.identity import mask

log = logging.getLogger(__name__)

#: Telegram's limit is 4 096 characters after entity parsing; stay a little below it
TEXT_LIMIT = 4000
CAPTION_LIMIT = 1000
ALLOWED_UPDATES = ["message", "callback_query"]
#: tries (with backoff) before an update that cannot be stored is skipped in polling mode
MAX_UPDATE_ATTEMPTS = 5
#: what a pressed button carries when its data failed verification (the engine calls it stale)
FORGED = "\x00forged"


def settings_limits(settings: Settings) -> Limits:
    return Limits(
        per_second=settings.telegram_max_per_second,
        per_recipient_per_second=settings.telegram_max_per_chat_per_second,
        per_group_per_minute=settings.telegram_max_per_group_per_minute,
    )


def make_bot(settings: Settings, *, pool: int = 8) -> Bot:
    """A PTB Bot for the configured API (pool: concurrent requests it may have open)."""
    assert settings.telegram_bot_token is not None
    return Bot(
        settings.telegram_bot_token.get_secret_value(),
        base_url=settings.telegram_api_base_url,
        request=HTTPXRequest(connection_pool_size=pool, read_timeout=15, write_timeout=15),
    )


def chat_id_of(identity: str) -> int:
    scheme, _, rest = identity.partition(":")
    if scheme != "tg" or not rest.lstrip("-").isdigit():
        raise ValueError(f"not a Telegram identity: {identity!r}")
    return int(rest)


# --- callback data ---------------------------------------------------------------------------


def callback_key(token: str) -> bytes:
    """The key button signatures use: derived from the bot token, so nothing more to configure."""
    return hashlib.sha256(b"kabarrt-callback:" + token.encode()).digest()


def _signature(key: bytes, chat_id: int, outbox_id: int, index: int) -> str:
    digest = hmac.new(key, f"{chat_id}:{outbox_id}:{index}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:9]).decode()  # 12 characters


def callback_data(key: bytes, chat_id: int, outbox_id: int, index: int) -> str:
    """`<outbox id>:<index>:<signature>`: at most ~35 bytes, Telegram allows 64."""
    return f"{outbox_id}:{index}:{_signature(key, chat_id, outbox_id, index)}"


def verify_callback(key: bytes, chat_id: int, data: str | None) -> tuple[int, int] | None:
    """(outbox id, option index) of genuine callback data for this chat, else None."""
    parts = (data or "").split(":")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        return None
    outbox_id, index = int(parts[0]), int(parts[1])
    if not hmac.compare_digest(parts[2], _signature(key, chat_id, outbox_id, index)):
        return None
    return outbox_id, index


# --- rendering -------------------------------------------------------------------------------


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Parts of at most `limit` characters, cut at paragraphs, else lines, else words."""
    if utf16_len(text) <= limit:
        return [text]
    parts: list[str] = []
    for separator in ("\n\n", "\n", " "):
        pieces = text.split(separator)
        if len(pieces) == 1:
            continue
        current = ""
        for piece in pieces:
            candidate = f"{current}{separator}{piece}" if current else piece
            if utf16_len(candidate) <= limit:
                current = candidate
                continue
            if current:
                parts.append(current)
            current = piece
        parts.append(current)
        result: list[str] = []
        for part in parts:  # a piece longer than the limit on its own: cut it finer
            result.extend(split_text(part, limit) if utf16_len(part) > limit else [part])
        return [p for p in result if p.strip()]
    # one unbroken word: a hard cut (no surrogate pair is split: we cut code points)
    out, current = [], ""
    for char in text:
        if utf16_len(current + char) > limit:
            out.append(current)
            current = ""
        current += char
    return [*out, current] if current else out


def full_text(outbound: Outbound) -> str:
    """The text Telegram shows: the message, then the longer part SMS leaves out."""
    return f"{outbound.text}\n\n{outbound.detail}" if outbound.detail else outbound.text


def keyboard(
    outbound: Outbound, key: bytes, chat_id: int
) -> InlineKeyboardMarkup | ReplyKeyboardMarkup | None:
    """Inline buttons for options; a reply keyboard when the device must send something."""
    if not outbound.options:
        return None
    contact = [o for o in outbound.options if o.request == "contact"]
    if contact:
        return ReplyKeyboardMarkup(
            [[KeyboardButton(contact[0].label, request_contact=True)]],
            resize_keyboard=True,
            one_time_keyboard=True,
        )
    if outbound.outbox_id is None:
        raise ValueError("options need the outbox id to be signed")
    buttons = [
        InlineKeyboardButton(option.label[:64], callback_data=callback_data(key, chat_id, outbound.outbox_id, i))
        for i, option in enumerate(outbound.options)
        if option.request is None
    ]
    short = len(buttons) >= 4 and all(len(b.text) <= 14 for b in buttons)
    width = 2 if short else 1
    return InlineKeyboardMarkup([buttons[i : i + width] for i in range(0, len(buttons), width)])


@dataclass(frozen=True, slots=True)
class Part:
    """One Bot API call of a rendered message: a photo (with caption) or a text."""

    text: str  # HTML-escaped
    photo: Media | None = None
    markup: InlineKeyboardMarkup | ReplyKeyboardMarkup | None = None


def render(outbound: Outbound, key: bytes, chat_id: int) -> list[Part]:
    """The calls that show an Outbound; the keyboard rides on the last one."""
    text = full_text(outbound)
    markup = keyboard(outbound, key, chat_id)
    parts: list[Part] = []
    photos = [m for m in outbound.media if m.kind == "photo"]
    for n, photo in enumerate(photos):
        last_photo = n == len(photos) - 1
        if last_photo and text and utf16_len(text) <= CAPTION_LIMIT:
            return [*parts, Part(html.escape(text, quote=False), photo, markup)]
        parts.append(Part(html.escape(photo.caption or "", quote=False), photo))
    texts = split_text(text) if text.strip() else []
    for n, piece in enumerate(texts):
        parts.append(Part(html.escape(piece, quote=False), markup=markup if n == len(texts) - 1 else None))
    if markup is not None and not texts and parts:
        parts[-1] = Part(parts[-1].text, parts[-1].photo, markup)
    return parts


# --- outbound --------------------------------------------------------------------------------


class TelegramChannel:
    """The dispatcher's Telegram adapter: renders an Outbound and maps Bot API errors."""

    name: ClassVar[str] = "telegram"

    def __init__(self, bot: Bot, limits: Limits, key: bytes) -> None:
        self.bot = bot
        self.limits = limits
        self.key = key
        #: parts of a multi-part message already sent, so a retry goes on where it failed
        self._progress: dict[int, int] = {}

    @classmethod
    def from_settings(cls, settings: Settings) -> TelegramChannel:
        assert settings.telegram_bot_token is not None
        token = settings.telegram_bot_token.get_secret_value()
        # a small pool: httpx's bookkeeping grows with connections × requests, and 8 keep up
        # with Telegram's 30 messages a second many times over (bench/telegram.py)
        bot = make_bot(settings, pool=8)
        return cls(bot, settings_limits(settings), callback_key(token))

    def is_group(self, identity: str) -> bool:
        return identity.startswith("tg:-")

    async def close(self) -> None:
        await self.bot.shutdown()

    async def send(self, outbound: Outbound) -> SendResult:
        try:
            chat_id = chat_id_of(outbound.identity)
        except ValueError as exc:
            raise SendError(str(exc), retryable=False, permanent_identity_failure=True) from exc
        parts = render(outbound, self.key, chat_id)
        key = outbound.outbox_id if outbound.outbox_id is not None else -1
        done = self._progress.get(key, 0)
        message: Message | None = None
        try:
            for n, part in enumerate(parts):
                if n < done:
                    continue
                message = await self._call(chat_id, part)
                self._progress[key] = n + 1
        except TelegramError as exc:
            raise self._failure(exc, outbound, chat_id) from exc
        self._progress.pop(key, None)
        return SendResult(str(message.message_id) if message is not None else None)

    async def _call(self, chat_id: int, part: Part) -> Message:
        if part.photo is not None:
            ref = part.photo.ref
            photo = open(ref, "rb") if os.path.isfile(ref) else ref  # noqa: SIM115, ASYNC230, ASYNC240
            try:
                return await self.bot.send_photo(
                    chat_id, photo, caption=part.text or None, parse_mode=ParseMode.HTML,
                    reply_markup=part.markup,
                )  # fmt: skip
            finally:
                if not isinstance(photo, str):
                    photo.close()
        return await self.bot.send_message(
            chat_id, part.text, parse_mode=ParseMode.HTML, reply_markup=part.markup,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
        )  # fmt: skip

    def _failure(self, exc: TelegramError, outbound: Outbound, chat_id: int) -> SendError:
        reason = f"{type(exc).__name__}: {exc.message}"
        if isinstance(exc, RetryAfter):
            wait = exc.retry_after
            seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
            return SendError(f"429 retry after {seconds:g}s", retryable=True, retry_after=seconds)
        if isinstance(exc, Forbidden):  # blocked, deactivated, kicked from the group
            return SendError(f"403 {exc.message}", retryable=False, permanent_identity_failure=True)
        if isinstance(exc, BadRequest) and "chat not found" in exc.message.lower():
            return SendError(f"400 {exc.message}", retryable=False, permanent_identity_failure=True)
        if isinstance(exc, NetworkError | TimedOut) and not isinstance(exc, BadRequest):
            return SendError(reason, retryable=True)  # 5xx and connection errors
        if isinstance(exc, InvalidToken):
            log.error("Telegram rejected the bot token; check TELEGRAM_BOT_TOKEN (%s)", reason)
            return SendError(reason, retryable=True)
        log.error(
            "Telegram refused message %s to %s (%d characters, %d options): %s",
            outbound.outbox_id, mask(outbound.identity), len(outbound.text),
            len(outbound.options), reason,
        )  # fmt: skip
        self._progress.pop(outbound.outbox_id if outbound.outbox_id is not None else -1, None)
        # a group gets no apology for one of its messages
        return SendError(reason, retryable=False, apologise=chat_id > 0)


# --- inbound ---------------------------------------------------------------------------------


def _addressed_text(message: Message, username: str | None) -> str | None:
    """In a group: the text without the bot's @mention, if the message is for us; else None."""
    text = message.text or message.caption or ""
    name = (username or "").lower()
    entities = message.entities or message.caption_entities or ()
    parse = message.parse_entity if message.text else message.parse_caption_entity
    for entity in entities:
        if entity.type == MessageEntityType.BOT_COMMAND and entity.offset == 0:
            command = parse(entity)
            _, _, target = command.partition("@")
            if target and target.lower() != name:
                return None  # a command for another bot
            return text
    if name:
        mention = f"@{name}"
        for entity in entities:
            if entity.type == MessageEntityType.MENTION and parse(entity).lower() == mention:
                cut = text.lower().find(mention)
                return (text[:cut] + text[cut + len(mention) :]).strip()
    replied = message.reply_to_message
    author = replied.from_user if replied is not None else None
    if name and author is not None and author.is_bot and (author.username or "").lower() == name:
        return text
    return None


def message_inbound(update: Update, username: str | None, key: bytes) -> Inbound | None:
    """The Inbound for a message update, or None when it is none of our business; `key` makes
    its message key."""
    message = update.message
    if message is None or message.from_user is None or message.from_user.is_bot:
        return None
    sender = message.from_user.id
    group = title = None
    text = message.text or message.caption or ""
    if message.chat.type in (ChatType.GROUP, ChatType.SUPERGROUP):
        addressed = _addressed_text(message, username)
        if addressed is None:
            return None
        text, group, title = addressed, f"tg:{message.chat.id}", message.chat.title
    elif message.chat.type != ChatType.PRIVATE:
        return None  # channels
    media: list[Media] = []
    if message.photo:
        media.append(Media("photo", message.photo[-1].file_id, message.caption))
    for kind in ("document", "video", "voice", "audio", "video_note", "sticker", "animation"):
        item = getattr(message, kind, None)
        if item is not None and not (kind == "document" and message.animation):
            media.append(Media(kind, item.file_id, message.caption, getattr(item, "mime_type", None)))
    point = message.location or (message.venue.location if message.venue else None)
    contact = message.contact
    return Inbound(
        identity=f"tg:{sender}",
        text=text,
        id=str(update.update_id),
        message_key=message_key(key, "message", message.chat.id, message.message_id),
        received_at=message.date,
        media=tuple(media),
        location=Location(point.latitude, point.longitude) if point else None,
        contact_phone=contact.phone_number if contact else None,
        contact_is_own=bool(contact and contact.user_id == sender),
        group=group,
        group_title=title,
    )


def command_list(locale: str) -> list[BotCommand]:
    t = translator(locale)
    return [
        BotCommand("start", t._("Mulai dan lihat menu")),
        BotCommand("menu", t._("Menu utama")),
        BotCommand("bantuan", t._("Petunjuk dan daftar perintah")),
        BotCommand("daftar", t._("Daftar ke RT Anda")),
        BotCommand("batal", t._("Batalkan langkah yang sedang berjalan")),
        BotCommand("stop", t._("Berhenti terima pengumuman")),
        BotCommand("nomor", t._("Hubungkan nomor HP untuk SMS")),
        BotCommand("acara", t._("Gotong royong di RT Anda")),
        BotCommand("waktu", t._("Kapan Anda biasanya bisa ikut gotong royong")),
        BotCommand("aduan", t._("Kirim laporan (aduan) ke petugas")),
        BotCommand("cek", t._("Lihat laporan (aduan) Anda dan kabarnya")),
        BotCommand("umumkan", t._("Ketua RT dan petugas: buat pengumuman")),
        BotCommand("gotong", t._("Ketua RT: buat gotong royong")),
    ]


def group_command_list(locale: str) -> list[BotCommand]:
    t = translator(locale)
    return [
        BotCommand("hubungkan", t._("Ketua RT: hubungkan grup ini ke RT")),
        BotCommand("lepaskan", t._("Ketua RT: putuskan grup ini dari RT")),
        BotCommand("bantuan", t._("Apa yang bisa saya lakukan di grup")),
    ]


class TelegramGateway:
    """Inbound Telegram: PTB Application, polling loop or webhook, into the engine."""

    def __init__(
        self, settings: Settings, engine: Engine, *, on_queued: Callable[[], None] | None = None
    ) -> None:
        assert settings.telegram_bot_token is not None
        token = settings.telegram_bot_token.get_secret_value()
        self.settings = settings
        self.engine = engine
        self.key = callback_key(token)
        self.message_keys = secret_key(token, "kabarrt-inbound")
        self.on_queued = on_queued or (lambda: None)
        self.username = settings.telegram_bot_username
        self.application: Application = (
            ApplicationBuilder()
            .token(token)
            .base_url(settings.telegram_api_base_url)
            .updater(None)
            .request(HTTPXRequest(connection_pool_size=8, read_timeout=15, write_timeout=15))
            .get_updates_request(HTTPXRequest(connection_pool_size=1, read_timeout=10))
            .build()
        )
        self.application.add_handler(TypeHandler(Update, self._on_update))
        self._failed: set[int] = set()
        self.ready = asyncio.Event()

    @property
    def webhook_mode(self) -> bool:
        return bool(self.settings.telegram_webhook_url)

    # --- lifecycle ---

    async def start(self, stop: asyncio.Event) -> bool:
        """getMe (retried until it works or `stop`), commands, webhook on or off."""
        delay = 1.0
        while not stop.is_set():
            try:
                await self.application.initialize()
                break
            except InvalidToken:
                log.error("Telegram rejected TELEGRAM_BOT_TOKEN; Telegram stays off")
                return False
            except TelegramError as exc:
                log.warning("Telegram not reachable (%s); trying again in %.0fs", exc, delay)
                await _sleep(stop, delay)
                delay = min(delay * 2, 60)
        if stop.is_set():
            return False
        me = self.application.bot.username
        if self.username and me and me.lower() != self.username.lower():
            log.warning("TELEGRAM_BOT_USERNAME is %s but the token belongs to @%s", self.username, me)
        self.username = self.username or me
        await self._set_commands()
        bot = self.application.bot
        try:
            if self.webhook_mode:
                secret = self.settings.telegram_webhook_secret
                await bot.set_webhook(
                    self.settings.telegram_webhook_url or "",
                    secret_token=secret.get_secret_value() if secret else None,
                    allowed_updates=ALLOWED_UPDATES,
                )
            else:
                await bot.delete_webhook(drop_pending_updates=False)
        except TelegramError as exc:
            log.error("Telegram webhook setup failed: %s", exc)
        self.ready.set()
        log.info("Telegram @%s ready (%s)", self.username, "webhook" if self.webhook_mode else "long polling")
        return True

    async def _set_commands(self) -> None:
        bot = self.application.bot
        menus = [
            (command_list("id"), BotCommandScopeDefault(), None),
            (command_list("en"), BotCommandScopeDefault(), "en"),
            (group_command_list("id"), BotCommandScopeAllGroupChats(), None),
        ]
        for commands, scope, language in menus:
            try:
                await bot.set_my_commands(commands, scope=scope, language_code=language)
            except TelegramError as exc:  # a command menu is a nicety, never a reason to stop
                log.warning("setMyCommands failed (the bot works without it): %s", exc)

    async def shutdown(self) -> None:
        if self.application._initialized:
            await self.application.shutdown()

    async def run(self, stop: asyncio.Event) -> None:
        """serve's Telegram role: start, then poll (or wait: the webhook route does the work)."""
        try:
            if not await self.start(stop):
                return
            if self.webhook_mode:
                await stop.wait()
            else:
                await self.poll(stop)
        finally:
            await self.shutdown()

    # --- long polling ---

    async def poll(self, stop: asyncio.Event) -> None:
        """getUpdates until `stop`; the offset passes an update only once it is persisted."""
        bot = self.application.bot
        offset: int | None = None
        confirmed: int | None = None
        failures: dict[int, int] = {}
        delay = 1.0
        while not stop.is_set():
            fetch = asyncio.ensure_future(
                bot.get_updates(
                    offset=offset, timeout=self.settings.telegram_poll_timeout,
                    allowed_updates=ALLOWED_UPDATES,
                )
            )  # fmt: skip
            stopping = asyncio.ensure_future(stop.wait())
            await asyncio.wait([fetch, stopping], return_when=asyncio.FIRST_COMPLETED)
            stopping.cancel()
            if not fetch.done():
                fetch.cancel()
                break
            try:
                updates = fetch.result()
            except Conflict as exc:
                log.warning("getUpdates conflict (another instance, or a webhook is set): %s", exc.message)
                await _sleep(stop, delay)
                delay = min(delay * 2, 30)
                continue
            except TelegramError as exc:
                log.warning("getUpdates failed: %s; retrying in %.0fs", exc, delay)
                await _sleep(stop, delay)
                delay = min(delay * 2, 30)
                continue
            confirmed = offset
            delay = 1.0
            # no skipping of update ids below the offset: Telegram's ids start anew after a week
            # without updates and may come lower (go-telegram-bot-api/telegram-bot-api#156); an
            # update sent again is dropped by the engine
            for update in updates:
                if not await self.process(update):
                    failures[update.update_id] = failures.get(update.update_id, 0) + 1
                    if failures[update.update_id] < MAX_UPDATE_ATTEMPTS:
                        await _sleep(stop, delay)
                        delay = min(delay * 2, 30)
                        break
                    # one update that can never be stored must not stall everyone behind it
                    log.error("update %s failed %d times; skipped", update.update_id, MAX_UPDATE_ATTEMPTS)
                failures.pop(update.update_id, None)
                offset = update.update_id + 1
        if offset is not None and offset != confirmed:
            try:  # tell Telegram what we persisted, so a restart does not fetch it again
                await bot.get_updates(offset=offset, timeout=0, limit=1)
            except TelegramError as exc:
                log.info("final offset confirmation failed (the engine drops repeats): %s", exc)

    # --- one update ---

    async def process(self, update: Update) -> bool:
        """Run one update through PTB into the engine; True once it is persisted (or ignored)."""
        self._failed.discard(update.update_id)
        await self.application.process_update(update)
        ok = update.update_id not in self._failed
        self._failed.discard(update.update_id)
        return ok

    async def _on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        try:
            inbound = await self._inbound(update)
            if inbound is not None:
                replies = await self.engine.handle(inbound)
                if replies:
                    self.on_queued()
        except Exception:
            log.exception("update %s could not be processed; Telegram will send it again", update.update_id)
            self._failed.add(update.update_id)
        finally:
            if update.callback_query is not None:
                await self._settle_press(update)

    async def _inbound(self, update: Update) -> Inbound | None:
        query = update.callback_query
        if query is None:
            return message_inbound(update, self.username, self.message_keys)
        message = query.message
        if message is None or message.chat.type != ChatType.PRIVATE:
            return None
        chat_id = message.chat.id
        identity = f"tg:{chat_id}"
        found = verify_callback(self.key, chat_id, query.data)
        if found is None:
            log.warning("forged or unknown button data from %s", mask(identity))
            choice = FORGED
        else:
            choice = await outbox.option_value(found[0], identity, found[1]) or FORGED
        # no received_at: a press carries no time of its own (`message.date` is when the bot sent
        # the message, maybe hours ago), so it counts from when it arrives (the engine's clock)
        known_as = message_key(self.message_keys, "press", query.id)
        return Inbound(identity=identity, id=str(update.update_id), message_key=known_as, choice=choice)

    async def _settle_press(self, update: Update) -> None:
        """Always answer the press (the spinner stops); take the used keyboard away."""
        query = update.callback_query
        assert query is not None
        try:
            await query.answer()
        except TelegramError as exc:
            log.debug("answerCallbackQuery: %s", exc)
        message = query.message
        if message is None or verify_callback(self.key, message.chat.id, query.data) is None:
            return
        try:
            await self.application.bot.edit_message_reply_markup(
                chat_id=message.chat.id, message_id=message.message_id, reply_markup=None
            )
        except TelegramError as exc:
            log.debug("removing the keyboard: %s", exc)

    # --- webhook ---

    def check_secret(self, header: str | None) -> bool:
        secret = self.settings.telegram_webhook_secret
        expected = secret.get_secret_value() if secret else ""
        return bool(expected) and hmac.compare_digest((header or "").encode(), expected.encode())

    def parse(self, data: object) -> Update:
        """An Update from webhook JSON; ValueError when it is none."""
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            raise ValueError("not a Telegram update: no update_id")
        try:
            update = Update.de_json(data, self.application.bot)
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"not a Telegram update: {exc}") from exc
        if update is None:
            raise ValueError("not a Telegram update")
        return update


async def _sleep(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)
