"""`kabarrt sms cost | gammu-receive`: SMS tools for operators and for Gammu SMSD.

`cost`: every content item as an SMS — its segments, encoding and price.

`content_items()` is the one list of everything a resident can receive from content/: the
programs list, each program screen, every section with what it leads to (indicator groups,
lessons, their check questions, the right and the wrong answer's feedback, the rewards a
registered resident reads), every glossary entry and every FAQ answer (program summaries
included). Screens come from the same functions the conversation uses (through
`bot.cli.content`), and are rendered by the SMS channel's own `render_sms`, so a count here is
what a resident pays for. bench/sms.py counts its `ucs2_items` from the same list.

`gammu-receive`: Gammu SMSD's RunOnReceive. Reads the inbox files it is given and
POSTs each message to the running service's `/sms/gammu/receive`.

What Gammu gives (gammu-smsd-files(7), gammu-smsd-run(7), checked against gammu-smsd 1.42):
- the inbox file names (not paths) as the last arguments, one call per message; a multipart
  message is one call with one file per part: `IN<date>_<time>_<serial>_<sender>_<part>.txt`,
  part 00, 01, … Each part's name carries that part's own SMSC time stamp, so the parts of one
  message may differ in date and time; serial and sender are the same.
- with `InboxFormat = unicode` a .txt file is a byte-order mark and UTF-16 text. Gammu writes as
  many bytes as the text has in UTF-8, so after non-ASCII text there are NULs (or junk) past the
  end: the text ends at the first NUL. Without a byte-order mark (`standard`) it is UTF-8.
- 8-bit (binary) messages are `.bin` files: not text, skipped.
- SMSD logs the exit status and what the program wrote ("Subprocess output: …"): on failure, one
  line per message that did not get through, and a non-zero exit. The files stay in the inbox;
  running this again with the same files (or `--all`) is safe: a message already processed is
  recognised by its file name and not answered twice.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bot.channels.render import SmsText, render_sms
from bot.cli import content
from bot.cli.common import settings_of
from bot.i18n import translator
from bot.settings import get_settings
from content.library import Library, Program, library
from handlers.faq import answer as faq
from handlers.programs import flow as programs
from handlers.programs import glossary
from handlers.programs.glossary import Screen
from handlers.programs.sections import SECTIONS, section_label

#: items over this many segments are listed first: they cost the most per recipient
OVER = 2


@dataclass(frozen=True, slots=True)
class ContentItem:
    """One text a resident can receive: `id` names it (`kampung-bantar/hadiah`, `faq:…`, `term:…`)."""

    id: str
    kind: str  # programs | program | section | indicator | lesson | question | answer | glossary | faq
    title: str
    screen: Screen
    locale: str

    def sms(self) -> SmsText:
        return render_sms(content.outbound(self.screen, self.locale))


@dataclass(frozen=True, slots=True)
class CostRow:
    id: str
    kind: str
    title: str
    segments: int
    encoding: str  # "gsm7" | "ucs2"


def _registered_hadiah(t, program: Program) -> Screen | None:
    """The rewards section as a registered resident reads it: the longest of its RT-size lines."""
    if not program.rewards:
        return None
    sizes = {lo for lo, _ in programs.uncovered(program.rewards)}
    sizes |= {r.kk_min for r in program.rewards if r.kk_min is not None}
    shown = [programs.section_screen(t, program, "hadiah", kk) for kk in sorted(sizes)]
    return max(shown, key=lambda screen: len(screen.text))


def _program_items(t, lib: Library, program: Program, locale: str) -> list[ContentItem]:
    pid, name = program.id, program.name

    def item(suffix: str, kind: str, title: str, screen: Screen) -> ContentItem:
        return ContentItem(f"{pid}{suffix}", kind, title, screen, locale)

    [main] = content.screens(pid, None, locale, lib)
    items = [item("", "program", name, main)]
    for section in SECTIONS:
        if section == "pelajaran" and not program.lessons:
            continue
        first, *rest = content.screens(pid, section, locale, lib)
        label = f"{name}: {section_label(t, section)}"
        items.append(item(f"/{section}", "section", label, first))
        if section == "hadiah" and (registered := _registered_hadiah(t, program)) is not None:
            items.append(item("/hadiah/rt", "section", f"{label} (RT terdaftar)", registered))
        if section == "indikator":
            items += [item(f"/indikator/{i}", "indicator", f"{name}: {g.name}", screen)
                      for i, (g, screen) in enumerate(zip(program.indicators, rest, strict=True))]  # fmt: skip
        if section == "pelajaran":
            # content_show shows each lesson as (lesson, its question, the right answer's feedback)
            triples = [rest[i : i + 3] for i in range(0, len(rest), 3)]
            for lesson, (core, question, right) in zip(program.lessons, triples, strict=True):
                wrong = next(i for i in range(1, len(lesson.question.options) + 1) if i != lesson.question.answer)
                feedback, _ = programs.answer_screen(t, program, lesson.id, wrong)
                base = f"{pid}/pelajaran/{lesson.number}"
                items += [
                    ContentItem(base, "lesson", lesson.title, core, locale),
                    ContentItem(f"{base}/pertanyaan", "question", lesson.title, question, locale),
                    ContentItem(f"{base}/benar", "answer", lesson.title, right, locale),
                    ContentItem(f"{base}/salah", "answer", lesson.title, feedback, locale),
                ]
    return items


def content_items(locale: str = "id", lib: Library | None = None) -> list[ContentItem]:
    """Every content item a resident can receive, as the conversation shows it, in file order."""
    lib = lib or library()
    t = translator(locale)
    items = [ContentItem("programs", "programs", t._("Info program"), programs.list_screen(t, lib), locale)]
    for program in lib.programs.values():
        items += _program_items(t, lib, program, locale)
    for term in lib.glossary.values():
        items.append(ContentItem(f"term:{term.id}", "glossary", term.term,
                                 glossary.term_screen(t, lib, term), locale))  # fmt: skip
    answers = [*lib.faq, *(faq.PROGRAM + pid for pid in lib.programs)]
    for entry_id in answers:
        items.append(ContentItem(f"faq:{entry_id}", "faq", faq.title(lib, entry_id) if entry_id in lib.faq
                                 else lib.programs[entry_id.removeprefix(faq.PROGRAM)].name,
                                 faq.answer_screen(t, lib, entry_id), locale))  # fmt: skip
    return items


def sort_key(row: CostRow) -> tuple[bool, int, str]:
    """Over-2-segment items first, then the most segments, then by id."""
    return row.segments <= OVER, -row.segments, row.id


def cost_rows(locale: str = "id", lib: Library | None = None) -> list[CostRow]:
    """Every content item with its SMS segments and encoding, costliest first (see `sort_key`)."""
    rows = []
    for item in content_items(locale, lib):
        sms = item.sms()
        rows.append(CostRow(item.id, item.kind, item.title, sms.segments, sms.encoding))
    return sorted(rows, key=sort_key)


def summary(rows: list[CostRow]) -> dict[str, str]:
    """items, over_2_segments, ucs2, mean_segments (two decimals)."""
    mean = sum(r.segments for r in rows) / len(rows) if rows else 0.0
    return {
        "items": str(len(rows)),
        "over_2_segments": str(sum(r.segments > OVER for r in rows)),
        "ucs2": str(sum(r.encoding == "ucs2" for r in rows)),
        "mean_segments": f"{mean:.2f}",
    }


def cost_lines(rows: list[CostRow], cost_per_segment: int) -> list[str]:
    """An aligned table (id, segments, encoding, cost per recipient, title), then a summary line
    `items=… over_2_segments=… ucs2=… mean_segments=…`."""
    header = ("id", "segments", "encoding", "cost", "title")
    rupiah = translator("id").rupiah
    table = [(r.id, str(r.segments), r.encoding, rupiah(r.segments * cost_per_segment), r.title) for r in rows]
    width = [max(len(cells[i]) for cells in [header, *table]) for i in range(4)]
    lines = []
    for cells in [header, *table]:
        idx, segs, enc, cost, title = cells
        lines.append(f"{idx:<{width[0]}}  {segs:>{width[1]}}  {enc:<{width[2]}}  {cost:>{width[3]}}  {title}")
    lines.append(" ".join(f"{k}={v}" for k, v in summary(rows).items()))
    return lines

#: IN<YYYYMMDD>_<HHMMSS>_<serial>_<sender>_<part>.<ext>; the sender may itself contain `_`
INBOX_NAME = re.compile(r"^IN(\d{8})_(\d{6})_(\d{2})_(.+)_(\d{2})\.(txt|bin)$")
TIMEOUT = 30  # seconds; SMSD waits at most two minutes for RunOnReceive


@dataclass(frozen=True, slots=True)
class InboxName:
    name: str
    sender: str
    part: int


def parse_inbox_name(name: str) -> InboxName | None:
    """The fields of a files-backend inbox name, None for any other name."""
    match = INBOX_NAME.match(name)
    if match is None:
        return None
    _date, _time, _serial, sender, part, _ext = match.groups()
    return InboxName(name, sender, int(part))


@dataclass
class Message:
    """One SMS as it reached the inbox: its files in part order."""

    paths: list[Path] = field(default_factory=list)
    sender: str = ""

    @property
    def id(self) -> str:
        return self.paths[0].name


def rejoin(args: list[str]) -> list[str]:
    """SMSD appends file names to a shell command unquoted: a sender with a space arrives split."""
    names: list[str] = []
    pending: list[str] = []
    for arg in args:
        pending.append(arg)
        if parse_inbox_name(Path(" ".join(pending)).name) is not None:
            names.append(" ".join(pending))
            pending = []
    return names + pending


def group(args: list[str], inbox: Path) -> tuple[list[Message], list[str]]:
    """Messages from file names or paths, and an error line for each argument that is no inbox
    file name. Part 00 starts a message; part n joins the same sender's message that ends with
    part n-1 (other messages may come between, as in a sorted `--all` listing)."""
    messages: list[Message] = []
    errors: list[str] = []
    open_parts: dict[str, tuple[Message, int]] = {}  # sender → (its latest message, its last part)
    for arg in rejoin(args):
        path = Path(arg) if "/" in arg else inbox / arg
        parsed = parse_inbox_name(path.name)
        if parsed is None:
            errors.append(f"{arg}: not a Gammu inbox file name (IN<date>_<time>_<serial>_<sender>_<part>.txt)")
            continue
        message, last_part = open_parts.get(parsed.sender, (None, -1))
        if message is None or parsed.part == 0 or parsed.part != last_part + 1:
            message = Message(sender=parsed.sender)
            messages.append(message)
        message.paths.append(path)
        open_parts[parsed.sender] = (message, parsed.part)
    return messages, errors


def decode_inbox(data: bytes) -> str:
    """The text of one inbox file (`unicode` format: BOM + UTF-16, NUL-ended; else UTF-8)."""
    if data[:2] in (b"\xfe\xff", b"\xff\xfe"):
        text = data[2:].decode("utf-16-be" if data[:2] == b"\xfe\xff" else "utf-16-le", errors="replace")
        return text.split("\x00", 1)[0]
    if data.lstrip().startswith((b"[SMSBackup", b"; This file format was designed for Gammu")):
        raise ValueError("InboxFormat = detail is not supported: set InboxFormat = unicode")
    return data.decode("utf-8", errors="replace").split("\x00", 1)[0]


def read_message(message: Message) -> dict[str, str | int]:
    """The JSON body for one message; OSError / ValueError when its files cannot be read."""
    text = "".join(decode_inbox(path.read_bytes()) for path in message.paths)
    received = int(message.paths[0].stat().st_mtime)
    return {"id": message.id, "sender": message.sender, "text": text, "ts": received}


def post(url: str, secret: str, body: dict) -> str | None:
    """POST one message; None when the service took it, else why not."""
    if not url.startswith(("http://", "https://")):
        return f"PUBLIC_URL must be an http(s) URL, not {url[:40]!r}"
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "X-KabarRT-Secret": secret},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT):  # noqa: S310 - http(s) only
            return None
    except urllib.error.HTTPError as exc:
        try:
            reason = json.loads(exc.read() or b"{}").get("error", "")
        except ValueError:
            reason = ""
        return f"refused ({exc.code}): {reason or exc.reason}"
    except (urllib.error.URLError, OSError) as exc:
        return f"service unreachable at {url}: {getattr(exc, 'reason', exc)}"


def receive(args: list[str], *, inbox: Path, url: str, secret: str) -> list[str]:
    """Post every message the arguments name; returns one line per failure (empty: all taken)."""
    messages, failures = group(args, inbox)
    for message in messages:
        if any(path.suffix == ".bin" for path in message.paths):
            continue  # 8-bit data (WAP push, OTA settings): not a resident's text
        try:
            body = read_message(message)
        except (OSError, ValueError) as exc:
            failures.append(f"{message.id}: cannot read it: {getattr(exc, 'strerror', None) or exc}")
            continue
        problem = post(url, secret, body)
        if problem is not None:
            failures.append(f"{message.id}: {problem}")
    return failures


def inbox_files(inbox: Path) -> list[str]:
    """Every inbox file name, oldest first (`--all`)."""
    return sorted(p.name for p in inbox.iterdir() if parse_inbox_name(p.name) is not None)


def gammu_receive_command(args: argparse.Namespace) -> int:
    settings = settings_of(args)
    secret = settings.sms_secret.get_secret_value() if settings.sms_secret else ""
    if not secret:
        print("kabarrt sms gammu-receive: SMS_SECRET is not set", file=sys.stderr)
        return 2
    try:
        names = inbox_files(settings.gammu_inbox_path) if args.all else args.files
    except OSError as exc:
        print(f"kabarrt sms gammu-receive: {settings.gammu_inbox_path}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    if not names and not args.all:
        print("kabarrt sms gammu-receive: name the inbox files (Gammu's RunOnReceive does), or --all", file=sys.stderr)
        return 2
    base = settings.public_url or f"http://{settings.host}:{settings.port}"
    failures = receive(
        names, inbox=settings.gammu_inbox_path, url=base.rstrip("/") + "/sms/gammu/receive", secret=secret
    )
    for line in failures:
        print(f"kabarrt sms gammu-receive: {line}", file=sys.stderr)
    return 1 if failures else 0


def cost_command(args: argparse.Namespace) -> int:
    print("\n".join(cost_lines(cost_rows(args.locale), get_settings().sms_cost_per_segment)))
    return 0
