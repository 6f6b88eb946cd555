"""UMUMKAN and PENGUMUMAN: RT heads and officers announce from chat, and see or cancel what they wrote.

The flow only asks and shows: who may reach whom, the recipients and the sending are decided by
handlers/announcements/service.py (through handlers/announcements/audience.py), the same service `kabarrt broadcast`
uses. A ketua RT is never asked for a target: their RT is the only one they can reach. An admin
picks from the areas they administer and the running programs that overlap them.

Steps: target (admins) → text → preview (send now / schedule / edit / drop) → when. A draft
`Announcement` row exists from the preview on; editing the text replaces it.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tortoise.expressions import Q

from content.library import library
from handlers.announcements import audience
from handlers.announcements import service as announcements
from handlers.announcements.audience import Grant
from handlers.announcements.service import MAX_TEXT, Invalid, NotAllowed, Target
from handlers.flows import Flow, register
from handlers.keywords import normalize
from handlers.messages import Option
from handlers.outbox import sms
from handlers.residents import service as residents
from handlers.turn import Turn
from models import Announcement, AnnouncementStatus, Area, AreaLevel, Role, RoleKind

DEFAULT_ZONE = "Asia/Jakarta"
#: how many of their announcements PENGUMUMAN lists (fewer on SMS: each line costs)
LIST, LIST_SMS = 5, 3
#: on SMS the preview shows the start of the message only (the author wrote it; 2 segments in all)
SMS_PREVIEW = 100
SNIPPET = 30
#: what a resident may type instead of picking a preview option
TYPED = {
    "KIRIM": "ann:send", "KIRIM SEKARANG": "ann:send", "SEND": "ann:send",
    "JADWAL": "ann:later", "JADWALKAN": "ann:later", "SCHEDULE": "ann:later",
    "UBAH": "ann:edit", "UBAH TEKS": "ann:edit", "EDIT": "ann:edit",
}  # fmt: skip


def refusal(turn: Turn) -> str:
    return turn.t._(
        "Maaf, hanya ketua RT dan petugas kelurahan, kecamatan atau kota yang bisa membuat "
        "pengumuman. Pengumuman untuk RT Anda akan saya kirim ke sini."
    )


@register
class Announce(Flow):
    name = "announce"
    #: steps that take any text: there "Info kerja bakti ..." is the announcement, not INFO
    free_text = frozenset({"text"})

    async def start(self, turn: Turn) -> None:
        turn.topic = "announce"
        targets = await _targets(turn)
        if not targets:
            turn.finish()
            turn.say(refusal(turn))
        elif len(targets) == 1:  # a ketua RT: their RT, nothing to choose
            turn.begin(self.name, "text", target=targets[0].value)
            await self.prompt(turn)
        else:
            turn.begin(self.name, "target")
            await self.prompt(turn)

    async def start_list(self, turn: Turn) -> None:
        """PENGUMUMAN: their latest announcements, with a way to cancel the scheduled ones."""
        turn.topic = "announce.list"
        t = turn.t
        rows = (
            await Announcement.filter(author_id=turn.resident.id)
            .exclude(status=AnnouncementStatus.DRAFT)
            .filter(~Q(status=AnnouncementStatus.CANCELLED, send_at__isnull=True))  # a dropped draft
            .order_by("-id")
            .limit(LIST_SMS if turn.inbound.channel == "sms" else LIST)
        )
        if not rows:
            turn.finish()
            if await audience.may_announce(turn.resident.id):
                turn.say(t._("Anda belum membuat pengumuman. Ketik UMUMKAN untuk membuat."))
            else:
                turn.say(refusal(turn))
            return
        lines = [t._("Pengumuman Anda:")] + [await _line(turn, row) for row in rows]
        options = [
            Option(t._("Batalkan #{id}", id=row.id), f"cancel:{row.id}")
            for row in rows
            if row.status is AnnouncementStatus.SCHEDULED
        ]
        if options:
            turn.begin(self.name, "list")
        else:
            turn.finish()
        turn.say("\n".join(lines), options)

    # --- questions --------------------------------------------------------------------

    async def prompt(self, turn: Turn) -> None:
        t, step = turn.t, turn.step
        if step == "target":
            targets = await _targets(turn)
            if len(targets) < 2:  # roles changed meanwhile: nothing (left) to choose
                await self.start(turn)
                return
            turn.say(t._("Pengumuman ini untuk siapa?"), targets)
        elif step == "text":
            place = await _place(t, turn.data.get("target", ""))
            if turn.inbound.channel == "sms":
                ask = t._("Tulis isi pengumuman untuk {place} (paling banyak {max} huruf).", place=place, max=MAX_TEXT)
            else:
                ask = t._(
                    "Tulis isi pengumuman untuk {place} (paling banyak {max} huruf). Boleh juga "
                    "kirim foto dengan keterangan: keterangannya menjadi isi pengumuman.",
                    place=place, max=MAX_TEXT,
                )  # fmt: skip
            turn.say(ask)
        elif step == "preview":
            await self._preview(turn)
        elif step == "when":
            zone = _zone(await _zone_name(turn.data.get("zone")))
            turn.say(
                t._(
                    "Kapan dikirim? Tulis tanggal dan jam ({zone}), contoh: 25/11 19.00 atau besok 07.00.",
                    zone=turn.now.astimezone(zone).tzname(),
                )
            )
        elif step == "list":
            await self.start_list(turn)
        else:  # unknown step from an older version: start over cleanly
            await self.start(turn)

    async def _preview(self, turn: Turn) -> None:
        t = turn.t
        draft = await self._draft(turn)
        if draft is None:
            return
        shown = await announcements.preview(draft, turn.translate)
        body = announcements.message_text(turn.translate("id"), await announcements.place_of(draft), draft.text)
        if turn.inbound.channel == "sms":  # the start of it, and never an emoji making the reply UCS-2
            body = "".join(c if sms.segments(c)[1] == "gsm7" else "?" for c in sms.plain(_clip(body, SMS_PREVIEW)))
            lines = [t._("Pratinjau:"), body]
        else:
            lines = [t._("Pratinjau, seperti yang diterima warga:"), body]
        if draft.media:
            lines.append(t._("(dengan foto; lewat SMS hanya teksnya)"))
        lines.append(
            t._(
                "Penerima: {n} warga (Telegram {telegram}, SMS {sms}) dan {groups} grup.",
                n=shown.recipients, telegram=shown.telegram, sms=shown.sms, groups=shown.groups,
            )
        )
        lines.append(
            t._(
                "SMS: {segments} segmen x {sms} warga, perkiraan biaya {cost}.",
                segments=shown.segments, sms=shown.sms, cost=t.rupiah(shown.cost(turn.sms_cost_per_segment)),
            )
        )
        if shown.encoding != "gsm7":
            lines.append(t._("Ada huruf khusus (misalnya emoji), jadi satu segmen SMS hanya 70 huruf."))
        turn.say(
            "\n".join(lines),
            [
                Option(t._("Kirim sekarang"), "ann:send"),
                Option(t._("Jadwalkan"), "ann:later"),
                Option(t._("Ubah teks"), "ann:edit"),
                Option(t._("Batal"), "ann:drop"),
            ],
        )

    # --- answers ----------------------------------------------------------------------

    async def handle(self, turn: Turn) -> None:
        step = turn.step
        if step == "target":
            await self._target(turn)
        elif step == "text":
            await self._text(turn)
        elif step == "preview":
            await self._decide(turn)
        elif step == "when":
            await self._when(turn)
        elif step == "list":
            await self._cancel(turn)
        else:
            await self.start(turn)

    async def _target(self, turn: Turn) -> None:
        choice = turn.reply.choice
        if choice not in {option.value for option in await _targets(turn)}:
            turn.say(turn.t._("Pilih salah satu nomor di bawah."))
            await self.prompt(turn)
            return
        turn.data["target"] = choice
        turn.goto("text")
        await self.prompt(turn)

    async def _text(self, turn: Turn) -> None:
        t = turn.t
        photos = [m for m in turn.inbound.media if m.kind == "photo" and turn.inbound.channel == "telegram"]
        photo = photos[0] if photos else None
        text = turn.reply.text.strip() or ((photo and photo.caption) or "").strip()
        if not text:
            turn.say(t._("Pengumuman perlu teks."))
            await self.prompt(turn)
            return
        if len(text) > MAX_TEXT:
            turn.say(
                t._(
                    "Teks itu {n} huruf, terlalu panjang: paling banyak {max}. Tulis versi yang lebih pendek.",
                    n=len(text), max=MAX_TEXT,
                )
            )
            return
        grants = await audience.grants_of(turn.resident.id)
        try:
            draft = await announcements.compose(
                grants=grants, target=_target(turn.data.get("target", "")), text=text, now=turn.now,
                author_id=turn.resident.id, author_identity=turn.inbound.identity,
                media={"kind": "photo", "ref": photo.ref} if photo else None,
            )  # fmt: skip
        except (NotAllowed, Invalid):  # the role was taken back, or the area removed, meanwhile
            turn.finish()
            turn.say(refusal(turn))
            return
        if turn.data.get("ann"):  # "Ubah teks": the new draft replaces the old one
            await announcements.cancel(int(turn.data["ann"]), grants, turn.resident.id)
        turn.data.update(ann=draft.id, zone=draft.scope[0] if draft.scope else None)
        turn.goto("preview")
        await self.prompt(turn)

    async def _decide(self, turn: Turn) -> None:
        t = turn.t
        choice = turn.reply.choice or TYPED.get(normalize(turn.reply.text))
        if choice == "ann:edit":
            turn.goto("text")
            await self.prompt(turn)
            return
        if choice == "ann:later":
            turn.goto("when")
            await self.prompt(turn)
            return
        if choice not in ("ann:send", "ann:drop"):
            await self.prompt(turn)
            return
        draft = await self._draft(turn)
        if draft is None:
            return
        turn.finish()
        if choice == "ann:drop":
            await announcements.cancel(draft.id, await audience.grants_of(turn.resident.id), turn.resident.id)
            turn.say(t._("Baik, pengumuman dibatalkan dan tidak dikirim."))
            return
        grants = await audience.grants_of(turn.resident.id)
        try:  # the preview may be old: the role it was composed with may be gone
            await announcements.send_now(draft, turn.now, turn.translate, grants)
        except NotAllowed:
            await self._refused(turn, draft, grants)
            return
        sent = await Announcement.get(id=draft.id)
        turn.say(
            t._(
                "Terkirim ke antrean: {n} warga (Telegram {telegram}, SMS {sms}) dan {groups} grup. "
                "Laporan pengiriman saya kirim dalam {minutes} menit.",
                n=sent.telegram + sent.sms, telegram=sent.telegram, sms=sent.sms, groups=sent.groups,
                minutes=int(announcements.SUMMARY_AFTER.total_seconds() // 60),
            )
        )

    async def _when(self, turn: Turn) -> None:
        t = turn.t
        draft = await self._draft(turn)
        if draft is None:
            return
        zone_name = await _zone_name(turn.data.get("zone"))
        at = parse_when(turn.reply.text, turn.now.astimezone(_zone(zone_name)))
        if at is None:
            turn.say(
                t._("Maaf, waktunya tidak saya pahami. Tulis tanggal dan jam, contoh: 25/11 19.00 atau besok 07.00.")
            )
            return
        grants = await audience.grants_of(turn.resident.id)
        try:
            await announcements.schedule(draft, at.astimezone(UTC), turn.now, grants)
        except NotAllowed:
            turn.finish()
            await self._refused(turn, draft, grants)
            return
        except Invalid:
            turn.say(
                t._(
                    "Waktu itu sudah lewat (sekarang {now}). Tulis waktu yang akan datang, contoh: besok 07.00.",
                    now=t.datetime(turn.now, zone_name),
                )
            )
            return
        turn.finish()
        turn.say(
            t._(
                "Pengumuman #{id} dijadwalkan {when}. Sebelum waktu itu Anda masih bisa membatalkannya: "
                "ketik PENGUMUMAN.",
                id=draft.id, when=t.datetime(at, zone_name),
            )
        )

    async def _cancel(self, turn: Turn) -> None:
        t = turn.t
        choice = turn.reply.choice or ""
        if not choice.startswith("cancel:"):  # something else: leave the list, answer it normally
            turn.answer_as_usual()
            return
        turn.finish()
        number = int(choice.partition(":")[2])
        if await announcements.cancel(number, await audience.grants_of(turn.resident.id), turn.resident.id):
            turn.say(t._("Pengumuman #{id} dibatalkan dan tidak akan dikirim.", id=number))
            return
        row = await Announcement.get_or_none(id=number, author_id=turn.resident.id)
        if row is not None and row.status is AnnouncementStatus.CANCELLED:
            turn.say(t._("Pengumuman #{id} sudah dibatalkan.", id=number))
        else:
            turn.say(t._("Pengumuman #{id} sudah mulai dikirim, jadi tidak bisa dibatalkan lagi.", id=number))

    async def _refused(self, turn: Turn, draft: Announcement, grants: list[Grant]) -> None:
        """The role it was composed with is gone: the draft is dropped, and the author told."""
        await announcements.cancel(draft.id, grants, turn.resident.id)
        place = await announcements.place_of(draft)
        turn.say(announcements.refusal_text(turn.t, draft.id, place))

    async def _draft(self, turn: Turn) -> Announcement | None:
        """The draft this conversation is about; None (and the flow ends) when it is gone."""
        draft = await Announcement.get_or_none(
            id=turn.data.get("ann") or 0, author_id=turn.resident.id, status=AnnouncementStatus.DRAFT
        )
        if draft is None:
            turn.finish()
            turn.say(turn.t._("Draf pengumuman itu sudah tidak ada. Ketik UMUMKAN untuk membuat yang baru."))
        return draft


# --- targets ------------------------------------------------------------------------------


async def _targets(turn: Turn) -> list[Option]:
    """What this resident may announce to: their RT(s), the areas they administer, and the
    running programs overlapping those areas (`audience.scope` decides)."""
    t = turn.t
    roles = await Role.filter(resident_id=turn.resident.id, kind__in=audience.ANNOUNCERS).select_related("area")
    roles.sort(key=lambda role: (role.kind is RoleKind.ADMIN, role.area.code))
    grants = [Grant(role.kind, role.area.code) for role in roles]
    options: dict[str, str] = {}
    for role in roles:
        options.setdefault(f"area:{role.area.code}", await _area_label(t, role.area))
    for program in library().programs.values():
        if program.period.status == "berjalan" and audience.scope(grants, program_areas=program.areas):
            options.setdefault(f"program:{program.id}", t._("Program {name}", name=program.name))
    return [Option(label, value) for value, label in options.items()]


async def _area_label(t, area: Area) -> str:
    if area.level is AreaLevel.KECAMATAN:
        return t._("Kecamatan {name}", name=area.name)
    if area.level is AreaLevel.KELURAHAN:
        return t._("Kelurahan/desa {name}", name=area.name)
    return await residents.place_of(area.id) or area.name


def _target(value: str) -> Target:
    kind, _, key = value.partition(":")
    if kind == "program":
        program = library().programs.get(key)
        return Target(program=key, program_areas=program.areas if program else ())
    return Target(area=key)


async def _place(t, value: str) -> str:
    """What the text question names: the RT, area or program chosen."""
    kind, _, key = value.partition(":")
    if kind == "program":
        program = library().programs.get(key)
        return program.name if program else key
    area = await Area.get_or_none(code=key)
    return await _area_label(t, area) if area else key


async def _zone_name(code: str | None) -> str:
    """The time zone of the announcement's (first) area: its schedule is read and shown there."""
    name = await Area.filter(code=code or "").first().values_list("timezone", flat=True)
    return name or DEFAULT_ZONE


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)


async def _line(turn: Turn, row: Announcement) -> str:
    t = turn.t
    zone = _zone(await _zone_name(row.scope[0] if row.scope else None))
    snippet = _clip(row.text, SNIPPET)
    if row.status is AnnouncementStatus.SCHEDULED:
        return t._("#{id} terjadwal {when}: {text}", id=row.id, when=_short_time(row.send_at, zone), text=snippet)
    if row.status is AnnouncementStatus.CANCELLED:
        return t._("#{id} dibatalkan: {text}", id=row.id, text=snippet)
    done = await announcements.progress(row.id)
    return t._(
        "#{id} dikirim {when} ke {n} warga: {delivered} diterima, {sent} terkirim, {failed} gagal, "
        "{pending} menunggu.",
        id=row.id, when=_short_time(row.started_at or row.created_at, zone), n=row.telegram + row.sms,
        delivered=done.delivered, sent=done.sent, failed=done.failed, pending=done.pending,
    )  # fmt: skip


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def _short_time(moment: datetime | None, zone: ZoneInfo) -> str:
    """`25/11 19.00 WIB`: compact, for lists."""
    if moment is None:
        return "-"
    local = moment.astimezone(zone)
    return f"{local:%d/%m %H.%M} {local.tzname()}"


# --- "kapan dikirim?" -----------------------------------------------------------------------

_MONTHS = {
    "jan": 1, "januari": 1, "january": 1, "feb": 2, "februari": 2, "february": 2, "mar": 3, "maret": 3,
    "march": 3, "apr": 4, "april": 4, "mei": 5, "may": 5, "jun": 6, "juni": 6, "june": 6, "jul": 7,
    "juli": 7, "july": 7, "agu": 8, "agt": 8, "ags": 8, "agustus": 8, "aug": 8, "august": 8, "sep": 9,
    "sept": 9, "september": 9, "okt": 10, "oct": 10, "oktober": 10, "october": 10, "nov": 11,
    "november": 11, "des": 12, "dec": 12, "desember": 12, "december": 12,
}  # fmt: skip
_DAYS = {"hari ini": 0, "today": 0, "besok": 1, "bsk": 1, "tomorrow": 1, "lusa": 2}
#: evening words move 7.00 to 19.00; the others only fill the sentence
_EVENING = {"sore", "malam", "evening", "night"}
_FILLER = {"jam", "pukul", "pkl", "tgl", "tanggal", "pada", "wib", "wita", "wit", "pagi", "siang", "at", "on", "morning"}
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/-](\d{1,2})(?:[/-](\d{4}|\d{2}))?\b")
_NAMED_DATE = re.compile(r"\b(\d{1,2})\s+([a-z]+)\.?(?:\s+(\d{4}))?\b")
_CLOCK = re.compile(r"\b(\d{1,2})[.:](\d{2})\b")
_HOUR = re.compile(r"\b(?:jam|pukul|pkl|at)\s+(\d{1,2})\b")


def parse_when(text: str, now: datetime) -> datetime | None:
    """A local time from `25/11 19.00`, `25/11/2026 19:00`, `25 nov 19.00`, `besok 07.00`,
    `lusa jam 7 malam`, `hari ini 19.00` or `19.00` (today), in `now`'s time zone; None when
    anything in it is not understood. A date without a year that has passed is next year's."""
    rest = f" {text.lower().replace(',', ' ')} "
    day: date | None = None
    for word, offset in _DAYS.items():
        if f" {word} " in rest:
            day = now.date() + timedelta(days=offset)
            rest = rest.replace(f" {word} ", " ", 1)
            break
    found = _NUMERIC_DATE.search(rest)
    named = next((m for m in _NAMED_DATE.finditer(rest) if m.group(2) in _MONTHS), None)
    if found or named:
        if day is not None:  # "besok 25/11": which one?
            return None
        match = found or named
        month = int(match.group(2)) if found else _MONTHS[match.group(2)]
        year = match.group(3)
        try:
            day = date(int(year) + (2000 if len(year) == 2 else 0) if year else now.year, month, int(match.group(1)))
        except ValueError:
            return None
        if not year and day < now.date():
            try:
                day = day.replace(year=day.year + 1)
            except ValueError:  # 29/2 of a leap year that has passed: next year has none
                return None
        rest = rest[: match.start()] + " " + rest[match.end() :]
    clock = _CLOCK.search(rest) or _HOUR.search(rest)
    if clock is None:
        return None
    hour, minute = int(clock.group(1)), int(clock.group(2)) if clock.re is _CLOCK else 0
    rest = rest[: clock.start()] + " " + rest[clock.end() :]
    words = set(rest.replace(".", " ").split())
    if words - _FILLER - _EVENING:
        return None
    if words & _EVENING and hour < 12:
        hour += 12
    if hour > 23 or minute > 59:
        return None
    day = day or now.date()
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=now.tzinfo)
