"""A Telegram Bot API emulator for end-to-end tests.

Owns: a local HTTP server that speaks the Bot API protocol the way api.telegram.org does
(`/bot<token>/<method>`, form / multipart / JSON requests, `{"ok": …}` answers with Telegram's
error codes and descriptions, long polling, webhooks, flood limits), the state behind it (users,
groups, stored messages, pending updates, callback queries, commands), a control API under
`/control/…` through which tests play the users and read what the bot did, and a small async
client (`EmulatorClient` / `EmulatorUser`) for that control API.

Run it in-process (`async with running_emulator() as emu: …`) or as a separate process:
`python -m tests.telegram_emulator --port 0` prints `emulator listening on http://127.0.0.1:PORT`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import io
import itertools
import json
import math
import re
import secrets
import signal
import sys
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

# --------------------------------------------------------------------------------------------
# Errors and small helpers
# --------------------------------------------------------------------------------------------


class ApiError(Exception):
    """A Bot API error answer: HTTP status == error_code, Telegram's description."""

    def __init__(self, code: int, description: str, retry_after: int | None = None):
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


class ControlError(Exception):
    """A refused control-API request (the test asked for something impossible)."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def _bad(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


def _inline_markup(params: dict[str, Any]) -> dict | None:
    """An edit's reply_markup: validated, and only an inline keyboard."""
    markup = validate_reply_markup(params.get("reply_markup"))
    if markup is not None and "inline_keyboard" not in markup:
        raise _bad("inline keyboard expected")
    return markup


def u16len(text: str) -> int:
    """Length of `text` in UTF-16 code units (how Telegram measures entity offsets)."""
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(src: str, index: int) -> int:
    return len(src[:index].encode("utf-8"))


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value.strip())
    return None


def _as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)


def _maybe_json(value: Any) -> Any:
    """Object parameters arrive JSON-encoded in form bodies; JSON bodies carry them as-is."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


# Parameters that Telegram treats as strings even when they look like JSON (e.g. text "123").
_STRING_PARAMS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "url",
        "secret_token",
        "language_code",
        "photo",
        "action",
        "inline_message_id",
        "business_connection_id",
        "message_effect_id",
        "ip_address",
        "description",
        "short_description",
        "name",
        "emoji",
        "title",
    }
)


def _decode_form_value(name: str, value: str) -> Any:
    if name in _STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _now() -> float:
    return time.monotonic()


def _unix() -> int:
    return int(time.time())


# --------------------------------------------------------------------------------------------
# Formatted text: HTML, MarkdownV2, Markdown, and Telegram's automatic entities
# --------------------------------------------------------------------------------------------


class _TextBuilder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0  # in UTF-16 code units

    def add(self, chunk: str) -> None:
        self.parts.append(chunk)
        self.pos += u16len(chunk)

    def text(self) -> str:
        return "".join(self.parts)


def _parse_error(message: str) -> ApiError:
    return _bad(f"can't parse entities: {message}")


_HTML_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_HTML_ENTITY_RE = re.compile(r"&(?:(lt|gt|amp|quot)|#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6}));")
_HTML_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TAG_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9-]*")
_END_TAG_RE = re.compile(r"</([A-Za-z][A-Za-z0-9-]*)?\s*>")
_ATTR_RE = re.compile(r"([A-Za-z][A-Za-z0-9_-]*)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>\"']+))?")


def _decode_html_entity(match: re.Match[str]) -> str:
    named, dec, hexa = match.groups()
    if named:
        return _HTML_NAMED[named]
    code = int(dec) if dec else int(hexa, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    return chr(code)


def _decode_attr(value: str) -> str:
    return _HTML_ENTITY_RE.sub(_decode_html_entity, value)


def _link_entity(offset: int, length: int, url: str, users: Callable[[int], dict] | None) -> dict:
    m = re.fullmatch(r"tg://user\?id=(\d+)", url)
    if m and users is not None:
        return {
            "type": "text_mention",
            "offset": offset,
            "length": length,
            "user": users(int(m.group(1))),
        }
    return {"type": "text_link", "offset": offset, "length": length, "url": url}


def parse_html(src: str, users: Callable[[int], dict] | None = None) -> tuple[str, list[dict]]:
    """Parse Telegram-flavoured HTML into (plain text, entities) or raise ApiError 400."""
    b = _TextBuilder()
    stack: list[dict[str, Any]] = []
    entities: list[dict] = []
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if c == "&":
            m = _HTML_ENTITY_RE.match(src, i)
            if not m:
                raise _parse_error(
                    f"character '&' at byte offset {_byte_offset(src, i)} does not start a "
                    "supported HTML entity; write &amp;"
                )
            b.add(_decode_html_entity(m))
            i = m.end()
            continue
        if c != "<":
            b.add(c)
            i += 1
            continue
        begin = i
        if src.startswith("</", i):
            m = _END_TAG_RE.match(src, i)
            if not m:
                raise _parse_error(f"Unclosed end tag at byte offset {_byte_offset(src, begin)}")
            name = (m.group(1) or "").lower()
            if not stack:
                raise _parse_error(f"Unexpected end tag at byte offset {_byte_offset(src, begin)}")
            top = stack[-1]
            if name != top["name"]:
                raise _parse_error(
                    f"Unmatched end tag at byte offset {_byte_offset(src, begin)}, "
                    f'expected "</{top["name"]}>", found "</{name}>"'
                )
            stack.pop()
            _close_html_entity(top, b.pos, entities, users)
            i = m.end()
            continue
        m = _TAG_NAME_RE.match(src, i + 1)
        name = m.group(0).lower() if m else ""
        if name not in _HTML_TAGS:
            raise _parse_error(
                f'Unsupported start tag "{name}" at byte offset {_byte_offset(src, begin)}'
            )
        j = m.end() if m else i + 1
        attrs: dict[str, str] = {}
        while True:
            while j < n and src[j].isspace():
                j += 1
            if j >= n:
                raise _parse_error(f"Unclosed start tag at byte offset {_byte_offset(src, begin)}")
            if src[j] == ">":
                j += 1
                break
            am = _ATTR_RE.match(src, j)
            if not am:
                raise _parse_error(
                    f'Expected equal sign in declaration of an attribute of the tag "{name}" '
                    f"at byte offset {_byte_offset(src, begin)}"
                )
            raw = am.group(2)
            if raw is None:
                value = ""
            elif raw[:1] in ("'", '"'):
                value = _decode_attr(raw[1:-1])
            else:
                value = _decode_attr(raw)
            attrs[am.group(1).lower()] = value
            j = am.end()
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise _parse_error(
                f'Tag "span" must have class "tg-spoiler" at byte offset {_byte_offset(src, begin)}'
            )
        if name == "tg-emoji" and not attrs.get("emoji-id", "").isdigit():
            raise _parse_error(
                f"Expected custom emoji identifier at byte offset {_byte_offset(src, begin)}"
            )
        stack.append({"name": name, "attrs": attrs, "start": b.pos})
        i = j
    if stack:
        raise _parse_error(f'Can\'t find end tag corresponding to start tag "{stack[-1]["name"]}"')
    return b.text(), _merge_pre_code(entities)


def _close_html_entity(
    top: dict[str, Any], end: int, entities: list[dict], users: Callable[[int], dict] | None
) -> None:
    start = top["start"]
    length = end - start
    if length <= 0:
        return
    name, attrs = top["name"], top["attrs"]
    kind = _HTML_TAGS[name]
    entity: dict[str, Any] = {"type": kind, "offset": start, "length": length}
    if kind == "text_link":
        href = attrs.get("href", "").strip()
        if not href:
            return
        entity = _link_entity(start, length, href, users)
    elif kind == "code":
        cls = attrs.get("class", "")
        if cls.startswith("language-") and len(cls) > len("language-"):
            entity["_language"] = cls[len("language-") :]
    elif kind == "blockquote" and "expandable" in attrs:
        entity["type"] = "expandable_blockquote"
    elif kind == "custom_emoji":
        entity["custom_emoji_id"] = attrs["emoji-id"]
    entities.append(entity)


def _merge_pre_code(entities: list[dict]) -> list[dict]:
    """`<pre><code class="language-x">…</code></pre>` is one pre entity with a language."""
    pres = {(e["offset"], e["length"]): e for e in entities if e["type"] == "pre"}
    out = []
    for e in entities:
        if e["type"] == "code" and (e["offset"], e["length"]) in pres:
            if "_language" in e:
                pres[(e["offset"], e["length"])]["language"] = e["_language"]
            continue
        e.pop("_language", None)
        out.append(e)
    return out


_MDV2_RESERVED = "_*[]()~`>#+-=|{}.!"
_MDV2_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "code": "Code",
    "pre": "Pre",
    "text_link": "TextUrl",
    "custom_emoji": "CustomEmoji",
}


def _pre_language(src: str, i: int) -> tuple[str | None, int]:
    """After an opening ``` — an optional language on the rest of the first line."""
    nl = src.find("\n", i)
    if nl < 0:
        return None, i
    candidate = src[i:nl]
    if candidate == "":
        return None, nl + 1
    if re.fullmatch(r"[^\s`\\]+", candidate):
        return candidate, nl + 1
    return None, i


def parse_markdown_v2(
    src: str, users: Callable[[int], dict] | None = None
) -> tuple[str, list[dict]]:
    """Parse MarkdownV2 like Telegram: unescaped reserved characters are an error."""
    b = _TextBuilder()
    stack: list[dict[str, Any]] = []
    entities: list[dict] = []
    i, n = 0, len(src)
    line_start = True
    quote_start: int | None = None
    quote_end = 0
    while i < n:
        c = src[i]
        if line_start:
            line_start = False
            if c == ">" and not stack:
                if quote_start is None:
                    quote_start = b.pos
                i += 1
                continue
            if quote_start is not None:
                if quote_end > quote_start:
                    entities.append(
                        {
                            "type": "blockquote",
                            "offset": quote_start,
                            "length": quote_end - quote_start,
                        }
                    )
                quote_start = None
        if c == "\\" and i + 1 < n and 0 < ord(src[i + 1]) <= 126:
            b.add(src[i + 1])
            i += 2
            continue
        top = stack[-1] if stack else None
        reserved = "`" if top and top["type"] in ("code", "pre") else _MDV2_RESERVED
        if c not in reserved:
            if c == "\n":
                quote_end = b.pos
                line_start = True
            b.add(c)
            i += 1
            continue
        is_end = False
        if top is not None:
            t = top["type"]
            nxt = src[i + 1 : i + 2]
            is_end = (
                (t == "bold" and c == "*")
                or (t == "italic" and c == "_" and nxt != "_")
                or (t == "code" and c == "`")
                or (t == "pre" and src.startswith("```", i))
                or (t in ("text_link", "custom_emoji") and c == "]")
                or (t == "underline" and src.startswith("__", i))
                or (t == "strikethrough" and c == "~")
                or (t == "spoiler" and src.startswith("||", i))
            )
        if not is_end:
            begin = _byte_offset(src, i)
            language = None
            if c == "_" and src.startswith("__", i):
                kind, i = "underline", i + 2
            elif c == "_":
                kind, i = "italic", i + 1
            elif c == "*":
                kind, i = "bold", i + 1
            elif c == "~":
                kind, i = "strikethrough", i + 1
            elif c == "|" and src.startswith("||", i):
                kind, i = "spoiler", i + 2
            elif c == "[":
                kind, i = "text_link", i + 1
            elif c == "`" and src.startswith("```", i):
                kind = "pre"
                language, i = _pre_language(src, i + 3)
            elif c == "`":
                kind, i = "code", i + 1
            elif c == "!" and src.startswith("![", i):
                kind, i = "custom_emoji", i + 2
            else:
                raise _parse_error(
                    f"Character '{c}' is reserved and must be escaped with the preceding '\\'"
                )
            stack.append({"type": kind, "start": b.pos, "begin": begin, "language": language})
            continue
        top = stack.pop()
        kind = top["type"]
        url = ""
        if kind in ("bold", "italic", "code", "strikethrough"):
            i += 1
        elif kind in ("underline", "spoiler"):
            i += 2
        elif kind == "pre":
            i += 3
        else:
            i += 1
            if src[i : i + 1] == "(":
                j = i + 1
                chars: list[str] = []
                while j < n and src[j] != ")":
                    if src[j] == "\\" and j + 1 < n and 0 < ord(src[j + 1]) <= 126:
                        chars.append(src[j + 1])
                        j += 2
                        continue
                    chars.append(src[j])
                    j += 1
                if j >= n:
                    raise _parse_error(
                        f"Can't find end of a URL at byte offset {_byte_offset(src, i)}"
                    )
                url = "".join(chars)
                i = j + 1
            elif kind == "custom_emoji":
                raise _parse_error("Custom emoji entity must contain a tg://emoji URL")
        length = b.pos - top["start"]
        if length <= 0:
            continue
        entity: dict[str, Any] = {"type": kind, "offset": top["start"], "length": length}
        if kind == "text_link":
            if not url:
                continue
            entity = _link_entity(top["start"], length, url, users)
        elif kind == "custom_emoji":
            m = re.fullmatch(r"tg://emoji\?id=(\d+)", url)
            if not m:
                raise _parse_error("Custom emoji entity must contain a tg://emoji URL")
            entity["custom_emoji_id"] = m.group(1)
        elif kind == "pre" and top["language"]:
            entity["language"] = top["language"]
        entities.append(entity)
    if stack:
        top = stack[-1]
        raise _parse_error(
            f"Can't find end of {_MDV2_NAMES[top['type']]} entity at byte offset {top['begin']}"
        )
    if quote_start is not None and b.pos > quote_start:
        entities.append(
            {"type": "blockquote", "offset": quote_start, "length": b.pos - quote_start}
        )
    return b.text(), entities


def parse_markdown(src: str, users: Callable[[int], dict] | None = None) -> tuple[str, list[dict]]:
    """Legacy Markdown: *bold* _italic_ `code` ```pre``` [text](url); no nesting."""
    b = _TextBuilder()
    entities: list[dict] = []
    i, n = 0, len(src)
    kinds = {"*": "bold", "_": "italic", "`": "code", "[": "text_link"}
    while i < n:
        c = src[i]
        if c == "\\" and i + 1 < n and src[i + 1] in "_*`[":
            b.add(src[i + 1])
            i += 2
            continue
        if c not in kinds:
            b.add(c)
            i += 1
            continue
        begin = i
        end_char = "]" if c == "[" else c
        is_pre = c == "`" and src.startswith("```", i)
        language = None
        if is_pre:
            language, i = _pre_language(src, i + 3)
        else:
            i += 1
        start = b.pos
        while i < n and not (src[i] == end_char and (not is_pre or src.startswith("```", i))):
            b.add(src[i])
            i += 1
        if i >= n:
            raise _parse_error(
                f"Can't find end of the entity starting at byte offset {_byte_offset(src, begin)}"
            )
        url = ""
        if c == "[":
            i += 1
            if src[i : i + 1] == "(":
                close = src.find(")", i)
                if close < 0:
                    raise _parse_error(
                        "Can't find end of the entity starting at byte offset "
                        f"{_byte_offset(src, begin)}"
                    )
                url = src[i + 1 : close]
                i = close + 1
        else:
            i += 3 if is_pre else 1
        length = b.pos - start
        if length <= 0:
            continue
        if c == "[":
            if url:
                entities.append(_link_entity(start, length, url, users))
            continue
        entity: dict[str, Any] = {
            "type": "pre" if is_pre else kinds[c],
            "offset": start,
            "length": length,
        }
        if is_pre and language:
            entity["language"] = language
        entities.append(entity)
    return b.text(), entities


_AUTO_PATTERNS = [
    ("bot_command", re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w/@])")),
    ("mention", re.compile(r"(?<![\w@/])@[A-Za-z][A-Za-z0-9_]{3,31}(?!\w)")),
    ("hashtag", re.compile(r"(?<![\w#])#\w*[^\W\d_]\w*")),
    ("url", re.compile(r"(?<![\w@/])(?:https?://|www\.)[^\s<>\"]+[^\s<>\".,;:!?)'\]]")),
]


def auto_entities(text: str, explicit: list[dict] | None = None) -> list[dict]:
    """Entities Telegram adds by itself: /commands, @mentions, #hashtags and links."""
    taken: list[tuple[int, int]] = [
        (e["offset"], e["offset"] + e["length"])
        for e in explicit or []
        if e["type"] in ("code", "pre", "text_link", "text_mention", "custom_emoji")
    ]
    found: list[dict] = []
    for kind, rx in _AUTO_PATTERNS:
        for m in rx.finditer(text):
            start = u16len(text[: m.start()])
            end = start + u16len(m.group(0))
            if any(start < b and a < end for a, b in taken):
                continue
            taken.append((start, end))
            found.append({"type": kind, "offset": start, "length": end - start})
    return found


def _sort_entities(entities: list[dict]) -> list[dict]:
    return sorted(entities, key=lambda e: (e["offset"], -e["length"], e["type"]))


def _strip_formatted(text: str, entities: list[dict]) -> tuple[str, list[dict]]:
    """Telegram trims leading/trailing whitespace and clips the entities accordingly."""
    stripped = text.strip()
    if not stripped:
        return "", []
    lead16 = u16len(text[: len(text) - len(text.lstrip())])
    total16 = u16len(stripped)
    out = []
    for e in entities:
        start = max(e["offset"] - lead16, 0)
        end = min(e["offset"] + e["length"] - lead16, total16)
        if end > start:
            out.append({**e, "offset": start, "length": end - start})
    return stripped, out


def _entities_param(raw: Any) -> list[dict]:
    value = _maybe_json(raw)
    if not isinstance(value, list) or not all(
        isinstance(e, dict) and isinstance(e.get("type"), str) for e in value
    ):
        raise _bad("can't parse entities JSON object")
    return [dict(e) for e in value]


# --------------------------------------------------------------------------------------------
# Reply markup validation
# --------------------------------------------------------------------------------------------

_INLINE_ACTIONS = (
    "callback_data",
    "url",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)


def _valid_button_url(url: Any) -> bool:
    if not isinstance(url, str) or not url:
        return False
    parts = urlsplit(url)
    if parts.scheme in ("tg", "ton"):
        return bool(parts.netloc or parts.path)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def validate_reply_markup(raw: Any) -> dict | None:
    """Validate a reply_markup like Telegram; returns the decoded markup (or None)."""
    if raw is None or raw == "":
        return None
    markup = _maybe_json(raw)
    if not isinstance(markup, dict):
        raise _bad("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise _bad(
                'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays'
            )
        total = 0
        for row in rows:
            for button in row:
                total += 1
                _validate_inline_button(button)
        if total > 100:
            raise _bad("reply markup is too long")
        return markup
    if "keyboard" in markup:
        rows = markup["keyboard"]
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise _bad('field "keyboard" of the ReplyKeyboardMarkup must be an Array of Arrays')
        for row in rows:
            for button in row:
                text = (
                    button
                    if isinstance(button, str)
                    else (button.get("text") if isinstance(button, dict) else None)
                )
                if not isinstance(text, str):
                    raise _bad('can\'t parse keyboard button: Field "text" must be of type String')
                if not text.strip():
                    raise _bad("keyboard button text must be non-empty")
        placeholder = markup.get("input_field_placeholder")
        if placeholder is not None and (not isinstance(placeholder, str) or len(placeholder) > 64):
            raise _bad("input field placeholder is too long")
        return markup
    if "remove_keyboard" in markup:
        if markup["remove_keyboard"] is not True:
            raise _bad('field "remove_keyboard" of the ReplyKeyboardRemove must be True')
        return markup
    if "force_reply" in markup:
        if markup["force_reply"] is not True:
            raise _bad('field "force_reply" of the ForceReply must be True')
        return markup
    raise _bad("can't parse reply keyboard markup JSON object")


def _validate_inline_button(button: Any) -> None:
    if not isinstance(button, dict):
        raise _bad("can't parse inline keyboard button: InlineKeyboardButton must be an Object")
    text = button.get("text")
    if not isinstance(text, str):
        raise _bad('can\'t parse inline keyboard button: Field "text" must be of type String')
    if not text.strip():
        raise _bad("BUTTON_TEXT_INVALID")
    actions = [k for k in _INLINE_ACTIONS if k in button]
    if not actions:
        raise _bad(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if len(actions) > 1:
        raise _bad(
            "can't parse inline keyboard button: exactly one of the optional fields must be used, "
            f"got {', '.join(actions)}"
        )
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= 64:
            raise _bad("BUTTON_DATA_INVALID")
    if "url" in button and not _valid_button_url(button["url"]):
        raise _bad(f"inline keyboard button URL '{button['url']}' is invalid: Wrong HTTP URL")


def _inline_part(markup: dict | None) -> dict | None:
    return markup if markup and "inline_keyboard" in markup else None


# --------------------------------------------------------------------------------------------
# Limits
# --------------------------------------------------------------------------------------------


@dataclass
class EmulatorLimits:
    """Telegram's broadcast limits (token buckets). `chat_burst` is the private-chat burst."""

    per_second: float = 30
    per_chat_per_second: float = 1
    per_group_per_minute: float = 20
    chat_burst: int = 3


class _Bucket:
    def __init__(self, rate: float, capacity: float):
        self.rate = rate
        self.capacity = capacity
        self.tokens = capacity
        self.stamp = _now()

    def wait_time(self, now: float) -> float:
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate

    def take(self) -> None:
        self.tokens -= 1


# Methods the flood limits apply to (sends and edits, per chat and globally).
_LIMITED_METHODS = frozenset(
    {"sendMessage", "sendPhoto", "editMessageText", "editMessageReplyMarkup", "editMessageCaption"}
)

# --------------------------------------------------------------------------------------------
# State
# --------------------------------------------------------------------------------------------


@dataclass
class _User:
    id: int
    first_name: str
    username: str | None = None
    last_name: str | None = None
    language_code: str | None = None
    started: bool = False  # has a private chat with the bot
    blocked: bool = False
    deactivated: bool = False

    def api(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            out["last_name"] = self.last_name
        if self.username:
            out["username"] = self.username
        if self.language_code:
            out["language_code"] = self.language_code
        return out

    def chat(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.last_name:
            out["last_name"] = self.last_name
        if self.username:
            out["username"] = self.username
        return out


@dataclass
class _Group:
    id: int
    title: str
    type: str = "group"
    status: str = "member"  # member | kicked | left

    def chat(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.type, "title": self.title}


@dataclass
class _Message:
    chat_id: int
    message_id: int
    from_bot: bool
    data: dict[str, Any]  # the Message object as Telegram sends it (current state)
    method: str | None = None
    parse_mode: str | None = None
    source: str | None = None  # text/caption exactly as the bot sent it
    reply_markup: dict | None = None  # the markup as sent (inline or reply keyboard)
    options: dict[str, Any] = field(default_factory=dict)
    edits: list[dict[str, Any]] = field(default_factory=list)
    deleted: bool = False

    def api(self) -> dict[str, Any]:
        return json.loads(json.dumps(self.data))

    def sent_view(self) -> dict[str, Any]:
        d = self.data
        markup = d.get("reply_markup") or (
            self.reply_markup
            if self.reply_markup and "inline_keyboard" not in self.reply_markup
            else None
        )
        return {
            "message_id": self.message_id,
            "chat_id": self.chat_id,
            "method": self.method,
            "text": d.get("text"),
            "caption": d.get("caption"),
            "source": self.source,
            "parse_mode": self.parse_mode,
            "entities": d.get("entities") or d.get("caption_entities") or [],
            "reply_markup": markup,
            "photo": d.get("photo"),
            "reply_to_message_id": (d.get("reply_to_message") or {}).get("message_id"),
            "options": self.options,
            "edits": self.edits,
            "date": d.get("date"),
            "edit_date": d.get("edit_date"),
            "deleted": self.deleted,
        }


@dataclass
class _CallbackQuery:
    id: str
    user_id: int
    chat_id: int
    message_id: int
    data: str
    created: float
    answered: bool = False
    answer: dict[str, Any] | None = None


@dataclass
class _Webhook:
    url: str
    secret_token: str | None
    max_connections: int
    allowed_updates: list[str] | None
    last_error_date: int | None = None
    last_error_message: str | None = None


@dataclass
class _ForcedFailure:
    method: str  # lower-case, or "*"
    chat_id: int | None
    error_code: int
    description: str | None
    retry_after: int | None
    times: int


_DEFAULT_EXCLUDED_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"BM")
_CALLBACK_TTL = 15.0
_WEBHOOK_BACKOFF = (0.2, 2.0)


def _default_description(code: int, retry_after: int | None) -> str:
    return {
        400: "Bad Request: forced failure",
        401: "Unauthorized",
        403: "Forbidden: bot was blocked by the user",
        404: "Not Found",
        409: "Conflict: terminated by other getUpdates request; "
        "make sure that only one bot instance is running",
        429: f"Too Many Requests: retry after {retry_after}",
        500: "Internal Server Error",
        502: "Bad Gateway",
    }.get(code, "Error")


def _image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of an uploaded image, or None when it is not an image Telegram accepts."""
    is_webp = data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    if not (is_webp or any(data.startswith(m) for m in _IMAGE_MAGIC)):
        return None
    try:
        from PIL import Image  # pillow is a project dependency; optional here

        with Image.open(io.BytesIO(data)) as img:
            return img.size
    except ImportError:
        return (800, 600)
    except Exception:
        return None


# --------------------------------------------------------------------------------------------
# The emulator
# --------------------------------------------------------------------------------------------


class BotApiEmulator:
    """An in-process fake of api.telegram.org for one bot, plus the /control API for tests."""

    def __init__(
        self,
        token: str = "123456:TEST-token",
        username: str = "kabarrt_test_bot",
        *,
        limits: EmulatorLimits | None = None,
        first_update_id: int = 700_000,
        privacy_mode: bool = True,
    ):
        self.token = token
        self.username = username
        self.bot_id = int(token.split(":", 1)[0])
        self.limits = limits or EmulatorLimits()
        self.limits_enabled = limits is not None
        self.privacy_mode = privacy_mode
        self.callback_ttl = _CALLBACK_TTL  # seconds a callback query stays answerable
        # Observable results
        self.calls: list[dict[str, Any]] = []
        self.webhook_log: list[tuple[int, int | str]] = []
        self.callback_answers: list[dict[str, Any]] = []
        self.confirmed_offset = 0
        self.throttled = 0
        self.accepted = 0
        self.flood_violations = 0
        self.internal_errors: list[str] = []  # emulator bugs (answered as HTTP 500)
        # State
        self._users: dict[int, _User] = {}
        self._groups: dict[int, _Group] = {}
        self._messages: dict[int, dict[int, _Message]] = {}
        self._next_message_id: dict[int, int] = {}
        self._updates: list[dict[str, Any]] = []
        self._next_update_id = first_update_id
        self._allowed_updates: list[str] | None = None
        self._callbacks: dict[str, _CallbackQuery] = {}
        self._files: dict[str, list[dict[str, Any]]] = {}  # file_id -> the photo's sizes
        self._commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self._webhook: _Webhook | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self._forced: list[_ForcedFailure] = []
        self._flood_until: dict[int, float] = {}
        self._global_bucket: _Bucket | None = None
        self._chat_buckets: dict[int, _Bucket] = {}
        self._chat_actions: dict[int, str] = {}
        self._poll_generation = 0
        self._change = asyncio.Event()
        self._closing = False
        self._counter = itertools.count(1)
        # Server
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self._host = "127.0.0.1"
        self._port = 0
        self._methods: dict[str, tuple[str, Callable[..., Any]]] = {}
        for name, handler in (
            ("getMe", self._m_get_me),
            ("getUpdates", self._m_get_updates),
            ("sendMessage", self._m_send_message),
            ("sendPhoto", self._m_send_photo),
            ("editMessageText", self._m_edit_message_text),
            ("editMessageReplyMarkup", self._m_edit_message_reply_markup),
            ("editMessageCaption", self._m_edit_message_caption),
            ("answerCallbackQuery", self._m_answer_callback_query),
            ("setMyCommands", self._m_set_my_commands),
            ("getMyCommands", self._m_get_my_commands),
            ("deleteMyCommands", self._m_delete_my_commands),
            ("setWebhook", self._m_set_webhook),
            ("deleteWebhook", self._m_delete_webhook),
            ("getWebhookInfo", self._m_get_webhook_info),
            ("sendChatAction", self._m_send_chat_action),
            ("getChat", self._m_get_chat),
            ("leaveChat", self._m_leave_chat),
            ("deleteMessage", self._m_delete_message),
            ("setMyDescription", self._m_true),
            ("setMyShortDescription", self._m_true),
            ("setMyName", self._m_true),
            ("setChatMenuButton", self._m_true),
            ("close", self._m_true),
            ("logOut", self._m_true),
        ):
            self._methods[name.lower()] = (name, handler)

    # ---- lifecycle -------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> BotApiEmulator:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_bot_api)
        control = [
            ("POST", "message", self._c_message),
            ("POST", "press", self._c_press),
            ("POST", "contact", self._c_contact),
            ("POST", "photo", self._c_photo),
            ("POST", "location", self._c_location),
            ("POST", "group", self._c_group),
            ("POST", "group/kick", self._c_group_kick),
            ("POST", "block", self._c_block),
            ("POST", "deactivate", self._c_deactivate),
            ("POST", "fail", self._c_fail),
            ("POST", "webhook/forge", self._c_webhook_forge),
            ("GET", "sent", self._c_sent),
            ("POST", "wait", self._c_wait),
            ("GET", "calls", self._c_calls),
            ("GET", "state", self._c_state),
            ("GET", "updates", self._c_updates),
            ("POST", "limits", self._c_limits),
        ]
        for verb, path, handler in control:
            app.router.add_route(verb, f"/control/{path}", self._control(handler))
        self._session = aiohttp.ClientSession()
        self._runner = web.AppRunner(
            app, access_log=None, handler_cancellation=True, shutdown_timeout=2.0
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        self._host = host
        self._port = self._runner.addresses[0][1]
        self._closing = False
        return self

    async def stop(self) -> None:
        self._closing = True
        self._notify()
        await self._stop_webhook_worker()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._session is not None:
            await self._session.close()
            self._session = None

    @property
    def port(self) -> int:
        return self._port

    @property
    def url(self) -> str:
        return f"http://{self._host}:{self._port}"

    @property
    def base_url(self) -> str:
        return f"{self.url}/bot"

    @property
    def control_url(self) -> str:
        return f"{self.url}/control"

    # ---- plumbing --------------------------------------------------------------------------

    def _notify(self) -> None:
        """Wake everything waiting for a state change (long polls, webhook worker, /wait)."""
        self._change.set()
        self._change = asyncio.Event()

    async def _wait_change(self, event: asyncio.Event, seconds: float | None) -> None:
        if seconds is not None and seconds <= 0:
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), seconds)

    def bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "KabarRT",
            "username": self.username,
            "can_join_groups": True,
            "can_read_all_group_messages": not self.privacy_mode,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _user_ref(self, user_id: int) -> dict[str, Any]:
        user = self._users.get(user_id)
        return user.api() if user else {"id": user_id, "is_bot": False, "first_name": "User"}

    def _mint_file_id(self) -> tuple[str, str]:
        n = next(self._counter)
        file_id = f"AgACAgUAAxkBAAI{n:06d}" + secrets.token_urlsafe(24)
        unique = f"AQAD{n:05d}" + secrets.token_urlsafe(6)
        return file_id, unique

    def _photo_sizes(self, width: int, height: int, size: int) -> list[dict[str, Any]]:
        """A realistic PhotoSize array: thumbnails plus the (capped) original, smallest first."""
        longest = max(width, height, 1)
        sides = [s for s in (90, 320) if s < longest] + [min(longest, 1280)]
        sizes = []
        for side in sides:
            scale = side / longest
            w, h = max(1, round(width * scale)), max(1, round(height * scale))
            file_id, unique = self._mint_file_id()
            sizes.append(
                {
                    "file_id": file_id,
                    "file_unique_id": unique,
                    "width": w,
                    "height": h,
                    "file_size": max(1, int(size * scale * scale)),
                }
            )
        for s in sizes:
            self._files[s["file_id"]] = sizes
        return sizes

    def _update_type(self, update: dict[str, Any]) -> str:
        return next(k for k in update if k != "update_id")

    def _enqueue(self, payload: dict[str, Any]) -> int | None:
        """Queue an update (unless allowed_updates filters it out); returns its update_id."""
        kind = next(iter(payload))
        allowed = self._allowed_updates
        if (allowed and kind not in allowed) or (not allowed and kind in _DEFAULT_EXCLUDED_UPDATES):
            return None
        update_id = self._next_update_id
        self._next_update_id += 1
        self._updates.append({"update_id": update_id, **payload})
        self._notify()
        return update_id

    def _store(self, chat_id: int, message: _Message) -> None:
        self._messages.setdefault(chat_id, {})[message.message_id] = message
        self._notify()

    def _new_message_id(self, chat_id: int) -> int:
        mid = self._next_message_id.get(chat_id, 1)
        self._next_message_id[chat_id] = mid + 1
        return mid

    def _find(self, chat_id: int, message_id: Any) -> _Message | None:
        mid = _as_int(message_id)
        msg = self._messages.get(chat_id, {}).get(mid) if mid is not None else None
        return None if msg is None or msg.deleted else msg

    def _chat_obj(self, chat_id: int) -> dict[str, Any]:
        if chat_id > 0:
            return self._users[chat_id].chat()
        return self._groups[chat_id].chat()

    # ---- Bot API entry ---------------------------------------------------------------------

    async def _read_params(self, request: web.Request) -> tuple[dict[str, Any], dict[str, Any]]:
        params: dict[str, Any] = {k: _decode_form_value(k, v) for k, v in request.query.items()}
        files: dict[str, Any] = {}
        if request.method == "POST" and request.can_read_body:
            if request.content_type == "application/json":
                try:
                    body = await request.json()
                except ValueError as exc:
                    raise _bad("can't parse JSON request body") from exc
                if not isinstance(body, dict):
                    raise _bad("JSON request body must be an object")
                for k, v in body.items():
                    params[k] = (
                        str(v) if k in _STRING_PARAMS and not isinstance(v, str | None) else v
                    )
            else:
                form = await request.post()
                for k, v in form.items():
                    if isinstance(v, web.FileField):
                        data = v.file.read()
                        files[k] = {
                            "filename": v.filename,
                            "content_type": v.content_type,
                            "data": data,
                        }
                    else:
                        params[k] = _decode_form_value(k, v)
        params = {k: v for k, v in params.items() if v is not None}
        return params, files

    async def _handle_bot_api(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        method = request.match_info["method"]
        record: dict[str, Any] = {"method": method, "params": {}, "status": None, "at": _now()}
        self.calls.append(record)
        try:
            params, files = await self._read_params(request)
        except (ValueError, aiohttp.ClientError) as exc:
            error = _bad(f"can't parse request body: {exc}")
            record["status"] = 400
            return web.json_response(error.payload(), status=400)
        except ApiError as exc:
            record["status"] = exc.code
            return web.json_response(exc.payload(), status=exc.code)
        try:
            status, body = await self._call(token, method, params, files, record)
        except asyncio.CancelledError:
            record["error"] = "client disconnected"
            raise
        return web.json_response(body, status=status)

    async def _call(
        self,
        token: str,
        method: str,
        params: dict[str, Any],
        files: dict[str, Any],
        record: dict[str, Any] | None = None,
    ) -> tuple[int, dict[str, Any]]:
        if record is None:
            record = {"method": method, "params": {}, "status": None, "at": _now()}
            self.calls.append(record)
        shown = dict(params)
        for k, f in files.items():
            shown[k] = {
                "upload": f["filename"],
                "size": len(f["data"]),
                "content_type": f["content_type"],
            }
        record["params"] = shown
        try:
            if token != self.token:
                if not re.fullmatch(r"\d+:[A-Za-z0-9_-]+", token):
                    raise ApiError(404, "Not Found")
                raise ApiError(401, "Unauthorized")
            entry = self._methods.get(method.lower())
            if entry is None:
                raise ApiError(404, "Not Found")
            canonical, handler = entry
            record["method"] = canonical
            chat_id = _as_int(params.get("chat_id"))
            self._check_forced(canonical, chat_id)
            self._check_flood(chat_id)
            if canonical in _LIMITED_METHODS:
                self._check_limits(chat_id)
            result = await handler(params, files)
        except ApiError as exc:
            record["status"] = exc.code
            record["error"] = exc.description
            return exc.code, exc.payload()
        except Exception as exc:  # an emulator bug must not look like a Telegram answer
            self.internal_errors.append(f"{method}: {type(exc).__name__}: {exc}")
            record["status"] = 500
            record["error"] = self.internal_errors[-1]
            error = ApiError(500, f"Internal Server Error: emulator bug: {exc!r}")
            return 500, error.payload()
        record["status"] = 200
        if record["method"] in _LIMITED_METHODS:
            self.accepted += 1
        return 200, {"ok": True, "result": result}

    def _check_forced(self, method: str, chat_id: int | None) -> None:
        for rule in self._forced:
            if rule.method not in ("*", method.lower()):
                continue
            if rule.chat_id is not None and rule.chat_id != chat_id:
                continue
            rule.times -= 1
            if rule.times <= 0:
                self._forced.remove(rule)
            retry_after = rule.retry_after
            if rule.error_code == 429:
                retry_after = max(1, int(retry_after or 1))
                if chat_id is not None:
                    self._flood_until[chat_id] = _now() + retry_after
            description = rule.description or _default_description(rule.error_code, retry_after)
            raise ApiError(
                rule.error_code, description, retry_after if rule.error_code == 429 else None
            )

    def _check_flood(self, chat_id: int | None) -> None:
        if chat_id is None:
            return
        until = self._flood_until.get(chat_id)
        if until is None:
            return
        remaining = until - _now()
        if remaining <= 0:
            del self._flood_until[chat_id]
            return
        self.flood_violations += 1
        self.throttled += 1
        retry = max(1, math.ceil(remaining))
        raise ApiError(429, f"Too Many Requests: retry after {retry}", retry)

    def _check_limits(self, chat_id: int | None) -> None:
        if not self.limits_enabled:
            return
        now = _now()
        lim = self.limits
        if self._global_bucket is None:
            self._global_bucket = _Bucket(lim.per_second, lim.per_second)
        buckets = [self._global_bucket]
        if chat_id is not None:
            bucket = self._chat_buckets.get(chat_id)
            if bucket is None:
                if chat_id < 0:
                    bucket = _Bucket(lim.per_group_per_minute / 60.0, lim.per_group_per_minute)
                else:
                    bucket = _Bucket(lim.per_chat_per_second, lim.chat_burst)
                self._chat_buckets[chat_id] = bucket
            buckets.append(bucket)
        wait = max(b.wait_time(now) for b in buckets)
        if wait > 0:
            retry = max(1, math.ceil(wait))
            self.throttled += 1
            if chat_id is not None:
                self._flood_until[chat_id] = now + retry
            raise ApiError(429, f"Too Many Requests: retry after {retry}", retry)
        for b in buckets:
            b.take()

    # ---- chat access -----------------------------------------------------------------------

    def _resolve_chat(self, raw: Any, *, strict: bool = True) -> int:
        """The chat a method targets; raises Telegram's 400/403 when the bot can't reach it."""
        if raw is None or raw == "":
            raise _bad("chat_id is empty")
        chat_id = _as_int(raw)
        if chat_id is None:
            raise _bad("chat not found")
        if chat_id > 0:
            user = self._users.get(chat_id)
            if user is None:
                raise _bad("chat not found")
            if not strict:
                return chat_id
            if user.deactivated:
                raise ApiError(403, "Forbidden: user is deactivated")
            if not user.started:
                raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
            if user.blocked:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            return chat_id
        group = self._groups.get(chat_id)
        if group is None:
            raise _bad("chat not found")
        if group.status == "kicked":
            raise ApiError(403, f"Forbidden: bot was kicked from the {group.type} chat")
        if group.status == "left":
            raise ApiError(403, f"Forbidden: bot is not a member of the {group.type} chat")
        return chat_id

    def _format(
        self, raw: Any, parse_mode: Any, entities_raw: Any, *, limit: int, caption: bool
    ) -> tuple[str, list[dict]]:
        text = "" if raw is None else str(raw)
        if not text and not caption:
            raise _bad("message text is empty")
        mode = str(parse_mode or "").strip()
        if entities_raw is not None:
            plain, entities = text, _entities_param(entities_raw)
        elif mode == "" or mode.lower() == "none":
            plain, entities = text, []
        elif mode.lower() == "html":
            plain, entities = parse_html(text, self._user_ref)
        elif mode.lower() == "markdownv2":
            plain, entities = parse_markdown_v2(text, self._user_ref)
        elif mode.lower() == "markdown":
            plain, entities = parse_markdown(text, self._user_ref)
        else:
            raise _bad(f"unsupported parse_mode {mode!r}")
        plain, entities = _strip_formatted(plain, entities)
        if not plain and not caption:
            raise _bad("message text is empty")
        if len(plain) > limit:
            raise _bad("message caption is too long" if caption else "message is too long")
        entities = _sort_entities(entities + auto_entities(plain, entities))
        return plain, entities

    def _reply_target(self, chat_id: int, params: dict[str, Any]) -> _Message | None:
        rp = params.get("reply_parameters")
        if rp is not None:
            rp = _maybe_json(rp)
            if not isinstance(rp, dict) or "message_id" not in rp:
                raise _bad("can't parse reply parameters JSON object")
            mid, allow = (
                rp.get("message_id"),
                _as_bool(rp.get("allow_sending_without_reply", False)),
            )
            target_chat = _as_int(rp.get("chat_id")) or chat_id
        elif params.get("reply_to_message_id") is not None:
            mid = params["reply_to_message_id"]
            allow = _as_bool(params.get("allow_sending_without_reply", False))
            target_chat = chat_id
        else:
            return None
        target = self._find(target_chat, mid)
        if target is None and not allow:
            raise _bad("message to be replied not found")
        return target

    def _store_bot_message(
        self,
        chat_id: int,
        method: str,
        content: dict[str, Any],
        params: dict[str, Any],
        markup: dict | None,
        reply_to: _Message | None,
        source: str | None,
    ) -> _Message:
        mid = self._new_message_id(chat_id)
        data: dict[str, Any] = {
            "message_id": mid,
            "from": self.bot_user(),
            "chat": self._chat_obj(chat_id),
            "date": _unix(),
        }
        if reply_to is not None:
            replied = reply_to.api()
            replied.pop("reply_to_message", None)
            data["reply_to_message"] = replied
        data.update(content)
        inline = _inline_part(markup)
        if inline:
            data["reply_markup"] = inline
        options = {
            k: params[k]
            for k in (
                "disable_notification",
                "protect_content",
                "link_preview_options",
                "disable_web_page_preview",
                "message_thread_id",
                "allow_paid_broadcast",
                "message_effect_id",
            )
            if k in params
        }
        if "link_preview_options" in options:
            options["link_preview_options"] = _maybe_json(options["link_preview_options"])
            if isinstance(options["link_preview_options"], dict) and "text" in content:
                data["link_preview_options"] = options["link_preview_options"]
        msg = _Message(
            chat_id=chat_id,
            message_id=mid,
            from_bot=True,
            data=data,
            method=method,
            parse_mode=params.get("parse_mode"),
            source=source,
            reply_markup=markup,
            options=options,
        )
        self._store(chat_id, msg)
        return msg

    # ---- Bot API methods -------------------------------------------------------------------

    async def _m_true(self, params: dict[str, Any], files: dict[str, Any]) -> bool:
        return True

    async def _m_get_me(self, params: dict[str, Any], files: dict[str, Any]) -> dict[str, Any]:
        return self.bot_user()

    def _set_allowed_updates(self, raw: Any) -> list[str] | None:
        value = _maybe_json(raw)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _bad("can't parse allowed_updates JSON array")
        self._allowed_updates = list(value) or None
        return self._allowed_updates

    def _confirm(self, offset: int) -> None:
        if offset > 0:
            before = len(self._updates)
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            self.confirmed_offset = max(self.confirmed_offset, offset)
            if len(self._updates) != before:
                self._notify()
        elif offset < 0:
            keep = self._updates[offset:]
            if len(keep) != len(self._updates):
                self.confirmed_offset = max(
                    self.confirmed_offset, keep[0]["update_id"] if keep else 0
                )
                self._updates = keep
                self._notify()

    async def _m_get_updates(self, params: dict[str, Any], files: dict[str, Any]) -> list[dict]:
        if self._webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = _as_int(params.get("offset")) or 0
        limit = _as_int(params.get("limit"))
        limit = 100 if limit is None else min(max(limit, 1), 100)
        try:
            timeout = max(0.0, float(params.get("timeout") or 0))
        except (TypeError, ValueError) as exc:
            raise _bad("wrong parameter timeout") from exc
        if "allowed_updates" in params:
            self._set_allowed_updates(params["allowed_updates"])
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify()  # terminates an older pending poll
        self._confirm(offset)
        deadline = _now() + timeout
        while True:
            event = self._change
            if generation != self._poll_generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running",
                )
            if self._webhook is not None:
                raise ApiError(409, "Conflict: terminated by setWebhook request")
            if self._updates or self._closing:
                break
            remaining = deadline - _now()
            if remaining <= 0:
                break
            await self._wait_change(event, remaining)
        return json.loads(json.dumps(self._updates[:limit]))

    async def _m_send_message(self, params: dict[str, Any], files: dict[str, Any]) -> dict:
        chat_id = self._resolve_chat(params.get("chat_id"))
        text, entities = self._format(
            params.get("text"),
            params.get("parse_mode"),
            params.get("entities"),
            limit=4096,
            caption=False,
        )
        markup = validate_reply_markup(params.get("reply_markup"))
        reply_to = self._reply_target(chat_id, params)
        content: dict[str, Any] = {"text": text}
        if entities:
            content["entities"] = entities
        msg = self._store_bot_message(
            chat_id, "sendMessage", content, params, markup, reply_to, str(params.get("text"))
        )
        return msg.api()

    def _photo_from_params(self, params: dict[str, Any], files: dict[str, Any]) -> list[dict]:
        upload = files.get("photo")
        raw = params.get("photo")
        if upload is None and isinstance(raw, str) and raw.startswith("attach://"):
            upload = files.get(raw[len("attach://") :])
        if upload is not None:
            data = upload["data"]
            if not data:
                raise _bad("file must be non-empty")
            if len(data) > 10 * 1024 * 1024:
                raise _bad("file is too big")
            dims = _image_size(data)
            if dims is None:
                raise _bad("IMAGE_PROCESS_FAILED")
            w, h = dims
            if w + h > 10000 or max(w, h) > 20 * max(1, min(w, h)):
                raise _bad("PHOTO_INVALID_DIMENSIONS")
            return self._photo_sizes(w, h, len(data))
        if not isinstance(raw, str) or not raw:
            raise _bad("there is no photo in the request")
        if raw in self._files:
            return self._files[raw]
        parts = urlsplit(raw)
        if parts.scheme in ("http", "https") and parts.hostname:
            return self._photo_sizes(800, 600, 60_000)
        raise _bad("wrong file identifier/HTTP URL specified")

    async def _m_send_photo(self, params: dict[str, Any], files: dict[str, Any]) -> dict:
        chat_id = self._resolve_chat(params.get("chat_id"))
        caption, entities = self._format(
            params.get("caption"),
            params.get("parse_mode"),
            params.get("caption_entities"),
            limit=1024,
            caption=True,
        )
        markup = validate_reply_markup(params.get("reply_markup"))
        reply_to = self._reply_target(chat_id, params)
        photo = self._photo_from_params(params, files)
        content: dict[str, Any] = {"photo": photo}
        if caption:
            content["caption"] = caption
        if entities:
            content["caption_entities"] = entities
        if _as_bool(params.get("has_spoiler", False)):
            content["has_media_spoiler"] = True
        msg = self._store_bot_message(
            chat_id,
            "sendPhoto",
            content,
            params,
            markup,
            reply_to,
            None if params.get("caption") is None else str(params.get("caption")),
        )
        return msg.api()

    def _editable(self, params: dict[str, Any]) -> _Message:
        if params.get("inline_message_id"):
            raise _bad("MESSAGE_ID_INVALID")
        chat_id = self._resolve_chat(params.get("chat_id"))
        if params.get("message_id") is None:
            raise _bad("message identifier is not specified")
        msg = self._find(chat_id, params.get("message_id"))
        if msg is None:
            raise _bad("message to edit not found")
        if not msg.from_bot:
            raise _bad("message can't be edited")
        return msg

    def _apply_edit(
        self,
        msg: _Message,
        method: str,
        changes: dict[str, Any],
        markup: dict | None,
        parse_mode: Any,
        source: str | None,
    ) -> dict:
        inline = _inline_part(markup)
        new = dict(msg.data)
        for k, v in changes.items():
            if v in (None, [], ""):
                new.pop(k, None)
            else:
                new[k] = v
        if inline:
            new["reply_markup"] = inline
        else:
            new.pop("reply_markup", None)
        keys = ("text", "entities", "caption", "caption_entities", "reply_markup")
        if all(new.get(k) == msg.data.get(k) for k in keys):
            raise _bad(
                "message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message"
            )
        new["edit_date"] = _unix()
        msg.data = new
        if method != "editMessageReplyMarkup":
            msg.parse_mode = None if parse_mode is None else str(parse_mode)
            msg.source = source
        msg.edits.append(
            {
                "method": method,
                "date": new["edit_date"],
                "text": new.get("text"),
                "caption": new.get("caption"),
                "source": source,
                "parse_mode": None if parse_mode is None else str(parse_mode),
                "reply_markup": inline,
            }
        )
        self._notify()
        return msg.api()

    async def _m_edit_message_text(self, params: dict[str, Any], files: dict[str, Any]) -> dict:
        return self._edit_formatted(params, "text", "entities", 4096, "editMessageText", needs="text")

    async def _m_edit_message_caption(self, params: dict[str, Any], files: dict[str, Any]) -> dict:
        return self._edit_formatted(params, "caption", "caption_entities", 1024, "editMessageCaption", needs="photo")

    def _edit_formatted(
        self, params: dict[str, Any], field: str, entities_field: str, limit: int, method: str, *, needs: str
    ) -> dict:
        """editMessageText / editMessageCaption: the same checks, on the text or the caption."""
        msg = self._editable(params)
        if needs not in msg.data:
            raise _bad(f"there is no {field} in the message to edit")
        value, entities = self._format(
            params.get(field), params.get("parse_mode"), params.get(entities_field), limit=limit,
            caption=field == "caption",
        )  # fmt: skip
        source = None if params.get(field) is None else str(params.get(field))
        return self._apply_edit(
            msg, method, {field: value, entities_field: entities}, _inline_markup(params),
            params.get("parse_mode"), source,
        )  # fmt: skip

    async def _m_edit_message_reply_markup(
        self, params: dict[str, Any], files: dict[str, Any]
    ) -> dict:
        msg = self._editable(params)
        markup = _inline_markup(params)
        return self._apply_edit(
            msg, "editMessageReplyMarkup", {}, markup, msg.parse_mode, msg.source
        )

    async def _m_answer_callback_query(self, params: dict[str, Any], files: dict[str, Any]) -> bool:
        qid = str(params.get("callback_query_id") or "")
        query = self._callbacks.get(qid)
        if query is None or query.answered or _now() - query.created > self.callback_ttl:
            raise _bad("query is too old and response timeout expired or query ID is invalid")
        text = params.get("text")
        if text is not None and len(str(text)) > 200:
            raise _bad("MESSAGE_TOO_LONG")
        url = params.get("url")
        if url is not None and not _valid_button_url(url):
            raise _bad("URL_INVALID")
        query.answered = True
        query.answer = {
            "callback_query_id": qid,
            "text": text,
            "show_alert": _as_bool(params.get("show_alert", False)),
            "url": url,
            "cache_time": _as_int(params.get("cache_time")) or 0,
            "user_id": query.user_id,
            "chat_id": query.chat_id,
            "message_id": query.message_id,
            "data": query.data,
        }
        self.callback_answers.append(query.answer)
        self._notify()
        return True

    def _command_key(self, params: dict[str, Any]) -> tuple[str, str]:
        scope = _maybe_json(params.get("scope", {"type": "default"}))
        if not isinstance(scope, dict) or scope.get("type") not in (
            "default",
            "all_private_chats",
            "all_group_chats",
            "all_chat_administrators",
            "chat",
            "chat_administrators",
            "chat_member",
        ):
            raise _bad("can't parse BotCommandScope JSON object")
        if scope["type"].startswith("chat"):
            self._resolve_chat(scope.get("chat_id"), strict=False)
        lang = str(params.get("language_code") or "")
        if lang and not re.fullmatch(r"[a-z]{2}", lang):
            raise _bad("invalid language code specified")
        return json.dumps(scope, sort_keys=True), lang

    async def _m_set_my_commands(self, params: dict[str, Any], files: dict[str, Any]) -> bool:
        commands = _maybe_json(params.get("commands"))
        if not isinstance(commands, list):
            raise _bad("can't parse commands JSON array")
        if len(commands) > 100:
            raise _bad("BOT_COMMANDS_TOO_MUCH")
        clean = []
        for c in commands:
            if not isinstance(c, dict):
                raise _bad("can't parse BotCommand JSON object")
            command, description = c.get("command"), c.get("description")
            if not isinstance(command, str) or not re.fullmatch(r"[a-z0-9_]{1,32}", command):
                raise _bad("BOT_COMMAND_INVALID")
            if not isinstance(description, str) or not 1 <= len(description) <= 256:
                raise _bad("BOT_COMMAND_DESCRIPTION_INVALID")
            clean.append({"command": command, "description": description})
        key = self._command_key(params)
        if clean:
            self._commands[key] = clean
        else:
            self._commands.pop(key, None)
        return True

    async def _m_get_my_commands(self, params: dict[str, Any], files: dict[str, Any]) -> list:
        return list(self._commands.get(self._command_key(params), []))

    async def _m_delete_my_commands(self, params: dict[str, Any], files: dict[str, Any]) -> bool:
        self._commands.pop(self._command_key(params), None)
        return True

    async def _m_set_webhook(self, params: dict[str, Any], files: dict[str, Any]) -> bool:
        url = str(params.get("url") or "")
        drop = _as_bool(params.get("drop_pending_updates", False))
        if "allowed_updates" in params:
            self._set_allowed_updates(params["allowed_updates"])
        if drop:
            self._updates.clear()
        if not url:
            await self._stop_webhook_worker()
            self._webhook = None
            self._notify()
            return True
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise _bad("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None:
            secret = str(secret)
            if not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
                raise _bad("secret token contains unallowed characters")
        max_conn = _as_int(params.get("max_connections")) or 40
        if not 1 <= max_conn <= 100:
            raise _bad("bad webhook: max_connections must be between 1 and 100")
        await self._stop_webhook_worker()
        self._webhook = _Webhook(url, secret or None, max_conn, self._allowed_updates)
        self._notify()
        self._webhook_task = asyncio.create_task(self._webhook_worker(self._webhook))
        return True

    async def _m_delete_webhook(self, params: dict[str, Any], files: dict[str, Any]) -> bool:
        if _as_bool(params.get("drop_pending_updates", False)):
            self._updates.clear()
        await self._stop_webhook_worker()
        self._webhook = None
        self._notify()
        return True

    async def _m_get_webhook_info(self, params: dict[str, Any], files: dict[str, Any]) -> dict:
        wh = self._webhook
        info: dict[str, Any] = {
            "url": wh.url if wh else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if wh is not None:
            info["max_connections"] = wh.max_connections
            info["ip_address"] = "127.0.0.1"
            if self._allowed_updates:
                info["allowed_updates"] = list(self._allowed_updates)
            if wh.last_error_date is not None:
                info["last_error_date"] = wh.last_error_date
                info["last_error_message"] = wh.last_error_message
        return info

    async def _m_send_chat_action(self, params: dict[str, Any], files: dict[str, Any]) -> bool:
        chat_id = self._resolve_chat(params.get("chat_id"))
        action = str(params.get("action") or "")
        if action not in _CHAT_ACTIONS:
            raise _bad("wrong parameter action in request")
        self._chat_actions[chat_id] = action
        return True

    async def _m_get_chat(self, params: dict[str, Any], files: dict[str, Any]) -> dict:
        chat_id = self._resolve_chat(params.get("chat_id"), strict=False)
        if chat_id < 0 and self._groups[chat_id].status != "member":
            self._resolve_chat(chat_id)
        chat = self._chat_obj(chat_id)
        chat.update(
            {
                "accent_color_id": chat_id % 7,
                "max_reaction_count": 11,
                "accepted_gift_types": {
                    "unlimited_gifts": True,
                    "limited_gifts": True,
                    "unique_gifts": True,
                    "premium_subscription": True,
                    "gifts_from_channels": True,
                },
            }
        )
        return chat

    async def _m_leave_chat(self, params: dict[str, Any], files: dict[str, Any]) -> bool:
        chat_id = self._resolve_chat(params.get("chat_id"), strict=False)
        if chat_id > 0:
            raise _bad("chat member status can't be changed in private chats")
        group = self._groups[chat_id]
        if group.status != "member":
            self._resolve_chat(chat_id)
        self._set_group_status(group, "left", None)
        return True

    async def _m_delete_message(self, params: dict[str, Any], files: dict[str, Any]) -> bool:
        chat_id = self._resolve_chat(params.get("chat_id"), strict=False)
        if chat_id < 0:
            self._resolve_chat(chat_id)
        msg = self._find(chat_id, params.get("message_id"))
        if msg is None:
            raise _bad("message to delete not found")
        if chat_id < 0 and not msg.from_bot:
            raise _bad("message can't be deleted")
        msg.deleted = True
        self._notify()
        return True

    # ---- webhooks --------------------------------------------------------------------------

    async def _stop_webhook_worker(self) -> None:
        task, self._webhook_task = self._webhook_task, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _post_update(
        self, url: str, update: dict[str, Any], secret: str | None
    ) -> tuple[int | None, str | None, Any]:
        """POST one update like Telegram does; returns (status, error, parsed JSON reply)."""
        assert self._session is not None
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        try:
            async with self._session.post(
                url,
                data=json.dumps(update),
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=10),
            ) as resp:
                body = await resp.read()
                reply = None
                if resp.content_type == "application/json" and body:
                    with contextlib.suppress(ValueError):
                        reply = json.loads(body)
                return resp.status, None, reply
        except TimeoutError:
            return None, "Read timeout expired", None
        except aiohttp.ClientConnectorError:
            return None, "Connection refused", None
        except aiohttp.ClientError as exc:
            return None, f"{type(exc).__name__}: {exc}", None

    async def _webhook_worker(self, webhook: _Webhook) -> None:
        delay = _WEBHOOK_BACKOFF[0]
        while self._webhook is webhook and not self._closing:
            event = self._change
            if not self._updates:
                await self._wait_change(event, None)
                continue
            update = self._updates[0]
            status, error, reply = await self._post_update(
                webhook.url, update, webhook.secret_token
            )
            if self._webhook is not webhook:
                return
            if status is not None and 200 <= status < 300:
                self.webhook_log.append((update["update_id"], status))
                if self._updates and self._updates[0] is update:
                    self._updates.pop(0)
                self.confirmed_offset = max(self.confirmed_offset, update["update_id"] + 1)
                self._notify()
                delay = _WEBHOOK_BACKOFF[0]
                if isinstance(reply, dict) and isinstance(reply.get("method"), str):
                    params = {k: v for k, v in reply.items() if k != "method"}
                    await self._call(self.token, reply["method"], params, {})
                continue
            if status is not None:
                try:
                    phrase = HTTPStatus(status).phrase
                except ValueError:
                    phrase = "Unknown"
                message = f"Wrong response from the webhook: {status} {phrase}"
            else:
                message = error or "Connection failed"
            self.webhook_log.append(
                (update["update_id"], status if status is not None else message)
            )
            webhook.last_error_date = _unix()
            webhook.last_error_message = message
            self._notify()
            await asyncio.sleep(delay)
            delay = min(delay * 2, _WEBHOOK_BACKOFF[1])

    # ---- users, groups and their updates ---------------------------------------------------

    def _bot_member(self, status: str) -> dict[str, Any]:
        """The bot as a ChatMember (a kicked member carries until_date 0 = forever)."""
        member: dict[str, Any] = {"user": self.bot_user(), "status": status}
        if status == "kicked":
            member["until_date"] = 0
        return member

    def _set_group_status(self, group: _Group, status: str, by: _User | None) -> None:
        old = group.status
        if old == status:
            return
        group.status = status
        actor = (
            by.api()
            if by
            else self.bot_user()
            if status == "left"
            else {"id": 1000, "is_bot": False, "first_name": "Admin"}
        )
        self._enqueue(
            {
                "my_chat_member": {
                    "chat": group.chat(),
                    "from": actor,
                    "date": _unix(),
                    "old_chat_member": self._bot_member(old),
                    "new_chat_member": self._bot_member(status),
                }
            }
        )

    # ---- control API -----------------------------------------------------------------------

    def _control(self, handler: Callable[..., Any]) -> Callable[[web.Request], Any]:
        async def wrapped(request: web.Request) -> web.Response:
            body: dict[str, Any] = {}
            if request.method == "POST" and request.can_read_body:
                try:
                    body = await request.json()
                except ValueError:
                    return web.json_response({"error": "body must be JSON"}, status=400)
                if not isinstance(body, dict):
                    return web.json_response({"error": "body must be a JSON object"}, status=400)
            try:
                result = await handler(body, request)
            except ControlError as exc:
                return web.json_response({"error": str(exc)}, status=exc.status)
            if isinstance(result, web.Response):
                return result
            return web.json_response(result)

        return wrapped

    def _require_int(self, body: dict[str, Any], key: str) -> int:
        value = _as_int(body.get(key))
        if value is None:
            raise ControlError(f"{key!r} (an integer) is required")
        return value

    def _touch_user(self, body: dict[str, Any]) -> _User:
        uid = self._require_int(body, "user_id")
        if uid <= 0 or uid == self.bot_id:
            raise ControlError("user_id must be a positive id that is not the bot's")
        user = self._users.get(uid)
        if user is None:
            user = _User(uid, str(body.get("first_name") or f"User{uid}"))
            self._users[uid] = user
        for key in ("first_name", "last_name", "username", "language_code"):
            if body.get(key):
                setattr(user, key, str(body[key]))
        if user.deactivated:
            raise ControlError(f"user {uid} is deactivated")
        return user

    def _user_chat(self, user: _User, body: dict[str, Any]) -> int:
        chat_id = _as_int(body.get("chat_id")) or user.id
        if chat_id > 0:
            if chat_id != user.id:
                raise ControlError("a private chat_id must equal the user's id")
            if user.blocked:
                raise ControlError(
                    f"user {user.id} has blocked the bot; POST /control/block blocked=false first",
                    409,
                )
            return chat_id
        group = self._groups.get(chat_id)
        if group is None:
            raise ControlError(f"group {chat_id} does not exist; POST /control/group first", 404)
        if group.status != "member":
            raise ControlError(f"the bot is not a member of group {chat_id} ({group.status})", 409)
        return chat_id

    def _user_message(
        self, user: _User, chat_id: int, content: dict[str, Any], body: dict[str, Any]
    ) -> dict[str, Any]:
        if chat_id > 0:
            user.started = True
        mid = self._new_message_id(chat_id)
        data: dict[str, Any] = {
            "message_id": mid,
            "from": user.api(),
            "chat": self._chat_obj(chat_id),
            "date": _unix(),
        }
        reply_to = None
        if body.get("reply_to") is not None:
            reply_to = self._find(chat_id, body["reply_to"])
            if reply_to is None:
                raise ControlError(f"message {body['reply_to']} not found in chat {chat_id}", 404)
            replied = reply_to.api()
            replied.pop("reply_to_message", None)
            data["reply_to_message"] = replied
        data.update(content)
        self._store(chat_id, _Message(chat_id, mid, False, data))
        deliver = True
        if chat_id < 0 and self.privacy_mode:
            entities = data.get("entities", []) + data.get("caption_entities", [])
            text = data.get("text") or data.get("caption") or ""
            deliver = (
                any(e["type"] == "bot_command" for e in entities)
                or f"@{self.username}".lower() in text.lower()
                or (reply_to is not None and reply_to.from_bot)
            )
        update_id = self._enqueue({"message": data}) if deliver else None
        return {"update_id": update_id, "message_id": mid, "delivered": update_id is not None}

    async def _c_message(self, body: dict[str, Any], request: web.Request) -> dict:
        user = self._touch_user(body)
        chat_id = self._user_chat(user, body)
        text = body.get("text")
        if not isinstance(text, str) or not text:
            raise ControlError("'text' (a non-empty string) is required")
        content: dict[str, Any] = {"text": text}
        entities = auto_entities(text)
        if entities:
            content["entities"] = entities
        return self._user_message(user, chat_id, content, body)

    async def _c_press(self, body: dict[str, Any], request: web.Request) -> dict:
        user = self._touch_user(body)
        chat_id = _as_int(body.get("chat_id")) or user.id
        if chat_id > 0 and chat_id != user.id:
            raise ControlError("a private chat_id must equal the user's id")
        msg = self._find(chat_id, body.get("message_id"))
        if msg is None or not msg.from_bot:
            raise ControlError(f"no bot message {body.get('message_id')} in chat {chat_id}", 404)
        if body.get("data") is not None:
            data = str(body["data"])
        else:
            wanted = body.get("button")
            if not isinstance(wanted, str):
                raise ControlError("'button' (the button text) or 'data' is required")
            inline = msg.data.get("reply_markup") or {}
            buttons = [b for row in inline.get("inline_keyboard", []) for b in row]
            match = next((b for b in buttons if b.get("text") == wanted), None)
            if match is None:
                raise ControlError(
                    f"message {msg.message_id} has no inline button {wanted!r}; "
                    f"buttons: {[b.get('text') for b in buttons]}"
                )
            if "callback_data" not in match:
                raise ControlError(f"button {wanted!r} has no callback_data: {match}")
            data = match["callback_data"]
        qid = str(secrets.randbits(62))
        self._callbacks[qid] = _CallbackQuery(qid, user.id, chat_id, msg.message_id, data, _now())
        digest = hashlib.sha256(f"{self.bot_id}:{chat_id}".encode()).hexdigest()
        chat_instance = str(int(digest[:15], 16) * (-1 if chat_id < 0 else 1))
        update_id = self._enqueue(
            {
                "callback_query": {
                    "id": qid,
                    "from": user.api(),
                    "message": msg.api(),
                    "chat_instance": chat_instance,
                    "data": data,
                }
            }
        )
        return {"update_id": update_id, "callback_query_id": qid}

    async def _c_contact(self, body: dict[str, Any], request: web.Request) -> dict:
        user = self._touch_user(body)
        chat_id = self._user_chat(user, body)
        phone = body.get("phone_number")
        if not isinstance(phone, str) or not phone:
            raise ControlError("'phone_number' is required")
        contact_uid = body.get("contact_user_id", user.id)
        contact: dict[str, Any] = {"phone_number": phone}
        own = contact_uid == user.id
        contact["first_name"] = str(
            body.get("contact_first_name") or (user.first_name if own else "Contact")
        )
        if own and user.last_name:
            contact["last_name"] = user.last_name
        if contact_uid is not None:
            contact["user_id"] = int(contact_uid)
        return self._user_message(user, chat_id, {"contact": contact}, body)

    async def _c_photo(self, body: dict[str, Any], request: web.Request) -> dict:
        user = self._touch_user(body)
        chat_id = self._user_chat(user, body)
        width = _as_int(body.get("width")) or 1280
        height = _as_int(body.get("height")) or 960
        content: dict[str, Any] = {"photo": self._photo_sizes(width, height, 180_000)}
        caption = body.get("caption")
        if caption:
            content["caption"] = str(caption)
            entities = auto_entities(str(caption))
            if entities:
                content["caption_entities"] = entities
        result = self._user_message(user, chat_id, content, body)
        result["file_id"] = content["photo"][-1]["file_id"]
        return result

    async def _c_location(self, body: dict[str, Any], request: web.Request) -> dict:
        user = self._touch_user(body)
        chat_id = self._user_chat(user, body)
        try:
            lat, lon = float(body["latitude"]), float(body["longitude"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ControlError("'latitude' and 'longitude' (numbers) are required") from exc
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ControlError("latitude/longitude out of range")
        return self._user_message(
            user, chat_id, {"location": {"latitude": lat, "longitude": lon}}, body
        )

    async def _c_group(self, body: dict[str, Any], request: web.Request) -> dict:
        chat_id = self._require_int(body, "chat_id")
        if chat_id >= 0:
            raise ControlError("a group chat_id must be negative")
        kind = body.get("type", "group")
        if kind not in ("group", "supergroup"):
            raise ControlError("type must be 'group' or 'supergroup'")
        title = str(body.get("title") or f"Group {chat_id}")
        by = None
        if body.get("by_user_id") is not None:
            by = self._touch_user({"user_id": body["by_user_id"]})
        group = self._groups.get(chat_id)
        if group is None:
            group = _Group(chat_id, title, kind, status="left")
            self._groups[chat_id] = group
        group.title, group.type = title, kind
        self._set_group_status(group, "member", by)
        return {"chat": group.chat(), "status": group.status}

    async def _c_group_kick(self, body: dict[str, Any], request: web.Request) -> dict:
        chat_id = self._require_int(body, "chat_id")
        group = self._groups.get(chat_id)
        if group is None:
            raise ControlError(f"group {chat_id} does not exist", 404)
        self._set_group_status(group, "kicked", None)
        return {"chat": group.chat(), "status": group.status}

    async def _c_block(self, body: dict[str, Any], request: web.Request) -> dict:
        user = self._touch_user(body)
        blocked = _as_bool(body.get("blocked", True))
        if user.blocked != blocked:
            user.blocked = blocked
            if user.started:
                old, new = ("member", "kicked") if blocked else ("kicked", "member")
                self._enqueue(
                    {
                        "my_chat_member": {
                            "chat": user.chat(),
                            "from": user.api(),
                            "date": _unix(),
                            "old_chat_member": self._bot_member(old),
                            "new_chat_member": self._bot_member(new),
                        }
                    }
                )
        return {"user_id": user.id, "blocked": user.blocked}

    async def _c_deactivate(self, body: dict[str, Any], request: web.Request) -> dict:
        user = self._touch_user(body)
        user.deactivated = True
        return {"user_id": user.id, "deactivated": True}

    async def _c_fail(self, body: dict[str, Any], request: web.Request) -> dict:
        method = body.get("method")
        if not isinstance(method, str) or not method:
            raise ControlError("'method' is required ('*' for any)")
        code = self._require_int(body, "error_code")
        if not 400 <= code <= 599:
            raise ControlError("error_code must be a 4xx/5xx status")
        times = _as_int(body.get("times", 1)) or 1
        retry_after = _as_int(body.get("retry_after"))
        rule = _ForcedFailure(
            method.lower(),
            _as_int(body.get("chat_id")),
            code,
            body.get("description"),
            retry_after,
            times,
        )
        self._forced.append(rule)
        return {"ok": True, "pending_rules": len(self._forced)}

    async def _c_webhook_forge(self, body: dict[str, Any], request: web.Request) -> dict:
        url = body.get("url") or (self._webhook.url if self._webhook else None)
        if not url:
            raise ControlError("no webhook is set (and no 'url' given)", 409)
        update = body.get("update")
        if update is None:
            uid = _as_int(body.get("user_id")) or 1
            update = {
                "update_id": self._next_update_id,
                "message": {
                    "message_id": 1,
                    "from": {"id": uid, "is_bot": False, "first_name": "Forger"},
                    "chat": {"id": uid, "type": "private", "first_name": "Forger"},
                    "date": _unix(),
                    "text": str(body.get("text") or "forged"),
                },
            }
            self._next_update_id += 1
        secret = body.get("secret")
        status, error, _reply = await self._post_update(
            url, update, None if secret is None else str(secret)
        )
        return {"status": status, "error": error}

    def _bot_messages(self, chat_id: int | None, after: int) -> list[dict]:
        chats = [chat_id] if chat_id is not None else sorted(self._messages)
        out = []
        for cid in chats:
            for msg in self._messages.get(cid, {}).values():
                if msg.from_bot and msg.message_id > after:
                    out.append(msg.sent_view())
        return sorted(out, key=lambda m: (m["chat_id"], m["message_id"]))

    async def _c_sent(self, body: dict[str, Any], request: web.Request) -> dict:
        chat_id = _as_int(request.query.get("chat_id"))
        after = _as_int(request.query.get("after")) or 0
        return {"messages": self._bot_messages(chat_id, after)}

    async def _c_wait(self, body: dict[str, Any], request: web.Request) -> web.Response:
        chat_id = self._require_int(body, "chat_id")
        count = _as_int(body.get("count", 1)) or 1
        after = _as_int(body.get("after")) or 0
        timeout = float(body.get("timeout", 10))
        deadline = _now() + timeout
        while True:
            event = self._change
            found = self._bot_messages(chat_id, after)
            if len(found) >= count:
                return web.json_response({"messages": found})
            remaining = deadline - _now()
            if remaining <= 0 or self._closing:
                return web.json_response(
                    {
                        "messages": found,
                        "error": f"expected {count} bot message(s) in chat {chat_id} after "
                        f"{after} within {timeout}s, got {len(found)}",
                    },
                    status=408,
                )
            await self._wait_change(event, remaining)

    async def _c_calls(self, body: dict[str, Any], request: web.Request) -> dict:
        method = (request.query.get("method") or "").lower()
        calls = [c for c in self.calls if not method or c["method"].lower() == method]
        return {"calls": json.loads(json.dumps(calls, default=str))}

    def state(self) -> dict[str, Any]:
        wh = self._webhook
        default_key = (json.dumps({"type": "default"}, sort_keys=True), "")
        return {
            "confirmed_offset": self.confirmed_offset,
            "pending_updates": len(self._updates),
            "next_update_id": self._next_update_id,
            "allowed_updates": self._allowed_updates,
            "webhook": None
            if wh is None
            else {
                "url": wh.url,
                "has_secret": wh.secret_token is not None,
                "max_connections": wh.max_connections,
                "pending_update_count": len(self._updates),
                "last_error_date": wh.last_error_date,
                "last_error_message": wh.last_error_message,
            },
            "webhook_log": [list(entry) for entry in self.webhook_log],
            "commands": self._commands.get(default_key, []),
            "all_commands": [
                {"scope": json.loads(scope), "language_code": lang, "commands": cmds}
                for (scope, lang), cmds in self._commands.items()
            ],
            "callback_answers": self.callback_answers,
            "chat_actions": {str(k): v for k, v in self._chat_actions.items()},
            "throttled": self.throttled,
            "accepted": self.accepted,
            "flood_violations": self.flood_violations,
            "internal_errors": self.internal_errors,
            "limits_enabled": self.limits_enabled,
            "limits": vars(self.limits),
        }

    async def _c_state(self, body: dict[str, Any], request: web.Request) -> dict:
        return self.state()

    async def _c_updates(self, body: dict[str, Any], request: web.Request) -> dict:
        return {"updates": self._updates}

    async def _c_limits(self, body: dict[str, Any], request: web.Request) -> dict:
        for key in ("per_second", "per_chat_per_second", "per_group_per_minute", "chat_burst"):
            if body.get(key) is not None:
                try:
                    value = int(body[key]) if key == "chat_burst" else float(body[key])
                except (TypeError, ValueError) as exc:
                    raise ControlError(f"{key!r} must be a number") from exc
                if value <= 0:
                    raise ControlError(f"{key!r} must be positive")
                setattr(self.limits, key, value)
        if "enabled" in body:
            self.limits_enabled = _as_bool(body["enabled"])
        self._global_bucket = None
        self._chat_buckets.clear()
        return {"enabled": self.limits_enabled, "limits": vars(self.limits)}


@contextlib.asynccontextmanager
async def running_emulator(
    host: str = "127.0.0.1", port: int = 0, **kw: Any
) -> AsyncIterator[BotApiEmulator]:
    """A started emulator for the duration of the block."""
    emu = BotApiEmulator(**kw)
    await emu.start(host, port)
    try:
        yield emu
    finally:
        await emu.stop()


# --------------------------------------------------------------------------------------------
# Control-API client for tests (works against an emulator in another process)
# --------------------------------------------------------------------------------------------

_SELF = object()


class EmulatorClient:
    """Async client for the emulator's /control API."""

    def __init__(self, control_url: str, *, timeout: float = 60.0):
        self.control_url = control_url.rstrip("/")
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> EmulatorClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def request(
        self,
        verb: str,
        path: str,
        body: dict[str, Any] | None = None,
        *,
        wait: float = 0,
        **query: Any,
    ) -> tuple[int, dict[str, Any]]:
        """One control call; `wait` extends the HTTP timeout for server-side waits."""
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        params = {k: str(v) for k, v in query.items() if v is not None}
        timeout = aiohttp.ClientTimeout(total=(self._timeout.total or 60) + wait)
        async with self._session.request(
            verb, f"{self.control_url}/{path}", json=body, params=params, timeout=timeout
        ) as resp:
            return resp.status, await resp.json()

    async def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        status, data = await self.request("POST", path, body)
        if status != 200:
            raise AssertionError(f"control POST /{path} {body} -> {status}: {data}")
        return data

    async def get(self, path: str, **query: Any) -> dict[str, Any]:
        status, data = await self.request("GET", path, None, **query)
        if status != 200:
            raise AssertionError(f"control GET /{path} {query} -> {status}: {data}")
        return data

    def user(
        self,
        user_id: int,
        first_name: str | None = None,
        *,
        username: str | None = None,
        language_code: str | None = "id",
    ) -> EmulatorUser:
        return EmulatorUser(self, user_id, first_name or f"User{user_id}", username, language_code)

    async def create_group(self, chat_id: int, title: str, type: str = "group") -> dict:
        return await self.post("group", {"chat_id": chat_id, "title": title, "type": type})

    async def kick(self, chat_id: int) -> dict:
        return await self.post("group/kick", {"chat_id": chat_id})

    async def block(self, user_id: int, blocked: bool = True) -> dict:
        return await self.post("block", {"user_id": user_id, "blocked": blocked})

    async def deactivate(self, user_id: int) -> dict:
        return await self.post("deactivate", {"user_id": user_id})

    async def fail(self, method: str, error_code: int, *, times: int = 1, **kw: Any) -> dict:
        return await self.post(
            "fail", {"method": method, "error_code": error_code, "times": times, **kw}
        )

    async def forge_webhook(self, secret: str | None, update: dict | None = None) -> dict:
        body: dict[str, Any] = {"secret": secret}
        if update is not None:
            body["update"] = update
        return await self.post("webhook/forge", body)

    async def sent(self, chat_id: int | None = None, after: int = 0) -> list[dict]:
        return (await self.get("sent", chat_id=chat_id, after=after))["messages"]

    async def wait(
        self,
        chat_id: int,
        count: int = 1,
        after: int = 0,
        timeout: float = 15,  # noqa: ASYNC109 - the server-side wait
    ) -> list[dict]:
        status, data = await self.request(
            "POST",
            "wait",
            {"chat_id": chat_id, "count": count, "after": after, "timeout": timeout},
            wait=timeout,
        )
        if status != 200:
            seen = [m.get("text") or m.get("caption") for m in data.get("messages", [])]
            raise AssertionError(f"{data.get('error')}; seen: {seen}")
        return data["messages"]

    async def calls(self, method: str | None = None) -> list[dict]:
        return (await self.get("calls", method=method))["calls"]

    async def state(self) -> dict[str, Any]:
        return await self.get("state")

    async def updates(self) -> list[dict]:
        return (await self.get("updates"))["updates"]

    async def set_limits(self, enabled: bool, **limits: float) -> dict:
        return await self.post("limits", {"enabled": enabled, **limits})


class EmulatorUser:
    """One Telegram user played by a test, through the control API."""

    def __init__(
        self,
        client: EmulatorClient,
        user_id: int,
        first_name: str,
        username: str | None = None,
        language_code: str | None = None,
    ):
        self.client = client
        self.id = user_id
        self.first_name = first_name
        self.username = username
        self.language_code = language_code
        self.last_seen: dict[int, int] = {}  # chat_id -> highest bot message_id read

    def _identity(self) -> dict[str, Any]:
        body: dict[str, Any] = {"user_id": self.id, "first_name": self.first_name}
        if self.username:
            body["username"] = self.username
        if self.language_code:
            body["language_code"] = self.language_code
        return body

    async def say(self, text: str, chat_id: int | None = None, reply_to: int | None = None) -> dict:
        body = {**self._identity(), "text": text, "chat_id": chat_id, "reply_to": reply_to}
        return await self.client.post("message", body)

    async def press(
        self, message_or_id: dict | int, button_text: str, chat_id: int | None = None
    ) -> dict:
        mid = message_or_id["message_id"] if isinstance(message_or_id, dict) else message_or_id
        if chat_id is None and isinstance(message_or_id, dict):
            chat_id = message_or_id.get("chat_id") or (message_or_id.get("chat") or {}).get("id")
        body = {**self._identity(), "message_id": mid, "button": button_text, "chat_id": chat_id}
        return await self.client.post("press", body)

    async def press_raw(self, message_id: int, data: str, chat_id: int | None = None) -> dict:
        body = {**self._identity(), "message_id": message_id, "data": data, "chat_id": chat_id}
        return await self.client.post("press", body)

    async def share_contact(
        self, phone: str, contact_user_id: Any = _SELF, first_name: str | None = None
    ) -> dict:
        body: dict[str, Any] = {**self._identity(), "phone_number": phone}
        if contact_user_id is not _SELF:
            body["contact_user_id"] = contact_user_id
        if first_name:
            body["contact_first_name"] = first_name
        return await self.client.post("contact", body)

    async def send_photo(self, caption: str | None = None, chat_id: int | None = None) -> dict:
        return await self.client.post(
            "photo", {**self._identity(), "caption": caption, "chat_id": chat_id}
        )

    async def send_location(self, lat: float, lon: float, chat_id: int | None = None) -> dict:
        body = {**self._identity(), "latitude": lat, "longitude": lon, "chat_id": chat_id}
        return await self.client.post("location", body)

    async def wait_replies(
        self,
        count: int = 1,
        timeout: float = 15,  # noqa: ASYNC109 - the server-side wait
        chat_id: int | None = None,
    ) -> list[dict]:
        """The next `count` bot messages in this user's chat that it has not read yet."""
        chat = chat_id if chat_id is not None else self.id
        after = self.last_seen.get(chat, 0)
        messages = await self.client.wait(chat, count=count, after=after, timeout=timeout)
        taken = messages[:count]
        self.last_seen[chat] = taken[-1]["message_id"]
        return taken

    async def sent(self, chat_id: int | None = None) -> list[dict]:
        return await self.client.sent(chat_id if chat_id is not None else self.id)


# --------------------------------------------------------------------------------------------
# Process entry point
# --------------------------------------------------------------------------------------------


async def _serve(args: argparse.Namespace) -> None:
    emu = BotApiEmulator(
        args.token, args.username, limits=EmulatorLimits() if args.limits else None
    )
    await emu.start(args.host, args.port)
    print(f"emulator listening on {emu.url}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await emu.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Telegram Bot API emulator for tests")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--token", default="123456:TEST-token")
    parser.add_argument("--username", default="kabarrt_test_bot")
    parser.add_argument("--limits", action="store_true", help="enforce Telegram's flood limits")
    args = parser.parse_args(argv)
    asyncio.run(_serve(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
