"""The officers' complaint desk in chat: option 2 of `ADUAN` for a role holder, and `CEK <ticket>`
by an officer who may act on it.

    list (the area's open complaints, overdue ones first, then oldest first, a page at a time)
      -> item (the complaint as `CEK` shows it, how many support it, and what this officer may
         do with it)
           -> reply: a text sent word for word to the reporter and its supporters
           -> status: the moves the lifecycle allows from here -> (the original, for duplikat;
              the office, for diteruskan) -> a note (required for ditolak and diteruskan)
           -> number (the handling officer, not for anonim) or who (petugas data): a reason,
              then the reporter; each view is written to the audit log

Every step goes through `service`, which checks the officer's rights again at the moment of
acting: a button from an old list, a complaint another officer closed meanwhile, or a ticket
typed from another area gets the same answers as at the command line, and nothing is written.
The state (`aduan_petugas`: page, ticket, target, original, office, action) is persisted per
resident like every flow.
"""

from __future__ import annotations

from handlers import flows
from handlers.complaints import access, lifecycle, service
from handlers.complaints.card import describe
from handlers.complaints.service import ComplaintView, NotFound
from handlers.complaints.tickets import parse_ticket, shown
from handlers.keywords import normalize
from handlers.messages import Option
from handlers.turn import Turn
from models import Area, AreaLevel, ComplaintStatus

NAME = "aduan_petugas"
#: complaints one page of the list offers (each an option; on SMS a number)
PAGE = 8
#: what an officer types to leave a note out
SKIP = {"LEWATI", "SKIP", "TIDAK ADA", "GAK ADA", "TIDAK", "-"}
#: moves an officer may pick in chat, in the order offered
_TARGETS = (
    ComplaintStatus.DIVERIFIKASI,
    ComplaintStatus.DIPROSES,
    ComplaintStatus.DITERUSKAN,
    ComplaintStatus.SELESAI,
    ComplaintStatus.DITOLAK,
    ComplaintStatus.DUPLIKAT,
)


async def open_list(turn: Turn) -> None:
    """Show the first page of the officer's area's open complaints."""
    turn.begin(NAME, "list", page=0)
    await _list(turn)


async def open_item(turn: Turn, view: ComplaintView) -> None:
    """Show one complaint with what this officer may do with it (from CEK)."""
    turn.begin(NAME, "item", ticket=view.ticket)
    await _item(turn, view)


async def _mine(turn: Turn) -> list[ComplaintView]:
    viewer = await access.viewer(turn.resident.id)
    views = await service.listing(viewer, open_only=True, now=turn.now)
    return [v for v in views if v.may_act or v.may_reveal]


@flows.register
class ComplaintDesk(flows.Flow):
    name = NAME
    free_text = frozenset({"reply", "note", "original", "reason"})

    async def start(self, turn: Turn) -> None:
        await open_list(turn)

    async def prompt(self, turn: Turn) -> None:
        step = turn.step
        if step == "list":
            await _list(turn)
        elif step == "item":
            view = await _current(turn)
            if view is not None:
                await _item(turn, view)
        else:
            _ask(turn)

    async def handle(self, turn: Turn) -> None:
        kind, _, value = (turn.reply.choice or "").partition(":")
        step, typed = turn.step, turn.reply.text.strip()
        if step == "list":
            await self._on_list(turn, kind, value, typed)
        elif step == "item" and kind == "act":
            await self._on_action(turn, value)
        elif step == "status" and kind == "to" and value in {s.value for s in _TARGETS}:
            turn.data["target"] = value
            if value == ComplaintStatus.DUPLIKAT.value:
                turn.goto("original")
            elif value == ComplaintStatus.DITERUSKAN.value:
                view = await _current(turn)
                if view is None:
                    return
                turn.data["offices"] = await _offices(view.place)
                turn.goto("office")
            else:
                turn.goto("note")
            await self.prompt(turn)
        elif step == "office" and kind == "office":
            turn.data["office"] = value or None  # empty: an office outside the area tree
            turn.goto("note")
            await self.prompt(turn)
        elif step == "original" and typed and turn.reply.choice is None:
            turn.data["original"] = parse_ticket(typed) or typed
            turn.goto("note")
            await self.prompt(turn)
        elif step == "note" and (kind == "note" or (typed and turn.reply.choice is None)):
            skipped = kind == "note" or normalize(typed) in SKIP
            await _change(turn, None if skipped else typed)
        elif step == "reply" and typed and turn.reply.choice is None:
            await _reply(turn, typed)
        elif step == "reason" and typed and turn.reply.choice is None:
            await _reveal(turn, typed)
        else:
            turn.say(
                turn.t._("Balas dengan angka pilihan, atau ketik BATAL untuk keluar dari laporan ini.")
            )
            await self.prompt(turn)

    async def _on_list(self, turn: Turn, kind: str, value: str, typed: str) -> None:
        if kind == "page":
            turn.data["page"] = int(value) if value.isdecimal() else 0
            await _list(turn)
            return
        ticket = value if kind == "open" else parse_ticket(typed) if turn.reply.choice is None else None
        if ticket is None:
            turn.say(turn.t._("Pilih nomor laporan dari daftar, atau ketik nomornya, misalnya #K7H3Q."))
            await _list(turn)
            return
        turn.data["ticket"] = ticket
        turn.goto("item")
        view = await _current(turn)
        if view is not None:
            await _item(turn, view)

    async def _on_action(self, turn: Turn, action: str) -> None:
        view = await _current(turn)
        if view is None:
            return
        if action == "list":
            turn.goto("list")
            turn.data = {"page": 0}
            await _list(turn)
            return
        allowed = {
            "reply": view.may_act,
            "status": view.may_act and view.open,
            "number": view.may_unmask,
            "who": view.may_reveal,
        }
        if not allowed.get(action):
            turn.say(turn.t._("Pilihan itu sudah tidak berlaku."))
            await _item(turn, view)
            return
        if action in ("number", "who"):
            turn.data["action"] = action
            turn.goto("reason")
        else:
            turn.data["status_now"] = view.status.value
            turn.data["supporters"] = view.supporters
            turn.goto(action)
        await self.prompt(turn)


async def _current(turn: Turn) -> ComplaintView | None:
    """The complaint the desk is on, read again now; when the officer may no longer see it (or act
    on it), they are told as for a missing ticket and the desk closes."""
    ticket = turn.data.get("ticket", "")
    view = await service.lookup(await access.viewer(turn.resident.id), ticket)
    if view is None or not (view.may_act or view.may_reveal):
        turn.finish()
        turn.say(NotFound(ticket).text(turn.t))
        return None
    return view


async def _list(turn: Turn) -> None:
    t = turn.t
    views = await _mine(turn)
    if not views:
        turn.finish()
        turn.say(t._("Tidak ada laporan yang sedang berjalan di wilayah Anda."))
        return
    pages = (len(views) + PAGE - 1) // PAGE
    page = min(int(turn.data.get("page") or 0), pages - 1)
    turn.data["page"] = page
    shown_now = views[page * PAGE : (page + 1) * PAGE]
    heading = t._(
        "Laporan yang sedang berjalan di wilayah Anda (terlambat dulu, lalu terlama), {n} laporan. Pilih untuk membuka:",
        n=len(views),
    )
    options = [Option(_entry(t, v), f"open:{v.ticket}") for v in shown_now]
    if page + 1 < pages:
        options.append(Option(t._("Berikutnya"), f"page:{page + 1}"))
    if page > 0:
        options.append(Option(t._("Sebelumnya"), f"page:{page - 1}"))
    turn.say(heading, options)


def _entry(t, view: ComplaintView) -> str:
    """One complaint in the list; one past its deadline says so."""
    if view.overdue:
        return t._(
            "{ticket} {status} TERLAMBAT - {category}, {place}",
            ticket=shown(view.ticket), status=view.status.value, category=view.category_label, place=view.place_name,
        )  # fmt: skip
    return t._(
        "{ticket} {status} - {category}, {place}",
        ticket=shown(view.ticket), status=view.status.value, category=view.category_label, place=view.place_name,
    )  # fmt: skip


async def _item(turn: Turn, view: ComplaintView) -> None:
    t = turn.t
    place = await Area.get(code=view.place)
    text = describe(t, view, place.timezone, own=False)
    text += "\n" + t._("Isi: {text}", text=view.description)
    if view.landmark:
        text += "\n" + t._("Patokan: {landmark}", landmark=view.landmark)
    if view.supporters:
        text += "\n" + t.n_("Pendukung: {n} warga ikut laporan ini dan menerima kabarnya.",
                            "Pendukung: {n} warga ikut laporan ini dan menerima kabarnya.", view.supporters)  # fmt: skip
    options = []
    if view.may_act:
        options.append(Option(t._("Balas pelapor"), "act:reply"))
        if view.open:
            options.append(Option(t._("Ubah status"), "act:status"))
    if view.may_unmask:
        options.append(Option(t._("Lihat nomor pelapor"), "act:number"))
    if view.may_reveal:
        options.append(Option(t._("Lihat siapa pelapornya"), "act:who"))
    options.append(Option(t._("Kembali ke daftar"), "act:list"))
    turn.say(text, options)


def _ask(turn: Turn) -> None:
    """The question of a step after `item` (its answers come from `data`)."""
    t, data, step = turn.t, turn.data, turn.step
    ticket = shown(data.get("ticket", ""))
    if step == "reply":
        text = t._("Tulis balasan untuk pelapor laporan {ticket}. Balasan dikirim apa adanya.", ticket=ticket)
        if data.get("supporters"):
            text += " " + t.n_("Balasan juga dikirim ke {n} pendukungnya.", "Balasan juga dikirim ke {n} pendukungnya.",
                               int(data["supporters"]))  # fmt: skip
        turn.say(text)
    elif step == "status":
        turn.say(
            t._("Ubah status laporan {ticket} menjadi:", ticket=ticket),
            [Option(_target_label(t, s), f"to:{s.value}") for s in _targets(data.get("status_now"))],
        )
    elif step == "original":
        turn.say(t._("Laporan {ticket} sama dengan laporan nomor berapa? Tulis nomornya, misalnya #K7H3Q.", ticket=ticket))
    elif step == "office":
        offices = data.get("offices") or []
        turn.say(
            t._("Diteruskan ke mana?"),
            [Option(service.office_label(t, level, name), f"office:{code}") for code, level, name in offices]
            + [Option(t._("Instansi lain (sebutkan di alasan)"), "office:")],
        )
    elif step == "note":
        if data["target"] in (ComplaintStatus.DITOLAK.value, ComplaintStatus.DITERUSKAN.value):
            turn.say(t._("Tulis alasannya. Alasan ini dikirim ke pelapor."))
        else:
            turn.say(
                t._("Tulis catatan untuk pelapor, atau pilih Lewati."),
                [Option(t._("Lewati"), "note:skip")],
            )
    elif step == "reason":
        turn.say(t._("Untuk apa Anda perlu melihatnya? Tulis alasannya: dicatat bersama nama Anda."))


def _targets(current: str | None) -> list[ComplaintStatus]:
    """The moves the lifecycle allows from `current` (a reason or original supplied later)."""
    if current is None:
        return []
    allowed = []
    for target in _TARGETS:
        try:
            lifecycle.steps(ComplaintStatus(current), target, note="-", duplicate_of="-")
        except lifecycle.Refused:
            continue
        allowed.append(target)
    return allowed


def _target_label(t, status: ComplaintStatus) -> str:
    if status is ComplaintStatus.DITERUSKAN:
        return t._("diteruskan (ke kantor lain)")
    if status is ComplaintStatus.DITOLAK:
        return t._("ditolak (perlu alasan)")
    if status is ComplaintStatus.DUPLIKAT:
        return t._("duplikat (sama dengan laporan lain)")
    return status.value


async def _offices(place: str) -> list[tuple[str, str, str]]:
    """Where a complaint at `place` may be forwarded: (code, level, name) of the kelurahan,
    kecamatan and kota above it, nearest first."""
    parts = place.split(".")
    codes = [".".join(parts[:n]) for n in range(len(parts) - 1, 0, -1)]
    rows = await Area.filter(code__in=codes).exclude(level__in=(AreaLevel.RT, AreaLevel.RW))
    by_code = {a.code: a for a in rows}
    return [(code, by_code[code].level.value, by_code[code].name) for code in codes if code in by_code]


async def _change(turn: Turn, note: str | None) -> None:
    t, data = turn.t, turn.data
    target = ComplaintStatus(data["target"])
    viewer = await access.viewer(turn.resident.id)
    try:
        complaint = await service.change_status(
            viewer, data["ticket"], target, now=turn.now, translate=turn.translate, note=note,
            duplicate_of=data.get("original"), forward_to=data.get("office"),
        )  # fmt: skip
    except NotFound as missing:
        turn.finish()
        turn.say(missing.text(t))
        return
    except lifecycle.Refused as refused:
        turn.say(refused.text(t))
        if refused.why == "reason":  # ask for the reason again, keep the rest
            await flows.get(NAME).prompt(turn)
            return
        turn.goto("item")
        view = await _current(turn)
        if view is not None:
            await _item(turn, view)
        return
    turn.finish()
    text = t._("Status laporan {ticket} sekarang: {status}.", ticket=shown(complaint.ticket), status=complaint.status.value)
    if complaint.reporter_id is not None:
        text += " " + t._("Pelapor diberi kabar.")
    turn.say(text)


async def _reply(turn: Turn, text: str) -> None:
    t = turn.t
    viewer = await access.viewer(turn.resident.id)
    try:
        await service.reply(viewer, turn.data["ticket"], text, now=turn.now, translate=turn.translate)
    except NotFound as missing:
        turn.finish()
        turn.say(missing.text(t))
        return
    ticket = shown(turn.data["ticket"])
    turn.finish()
    turn.say(t._("Balasan untuk laporan {ticket} dikirim ke pelapor.", ticket=ticket))


def _callable(t, identity: str) -> str:
    """A phone number as it is dialled; a chat-only reporter has none to call."""
    scheme, _, value = identity.partition(":")
    if scheme == "sms":
        return value
    return t._("tidak ada nomor telepon (hanya lewat chat; pakai Balas pelapor)")


async def _reveal(turn: Turn, reason: str) -> None:
    t, data = turn.t, turn.data
    viewer = await access.viewer(turn.resident.id)
    ticket = data["ticket"]
    try:
        if data.get("action") == "number":
            number = await service.unmask_number(viewer, ticket, reason=reason, now=turn.now)
            who = _callable(t, number) if number else None
        else:
            reporter = await service.reveal_reporter(viewer, ticket, reason=reason, now=turn.now)
            who = f"{reporter.name or '-'} ({reporter.masked})" if reporter else None
    except (NotFound, PermissionError):
        turn.finish()
        turn.say(NotFound(ticket).text(t))
        return
    turn.finish()
    if who is None:
        turn.say(t._("Pelapor laporan {ticket} sudah menghapus datanya.", ticket=shown(ticket)))
        return
    turn.say(
        t._("Pelapor laporan {ticket}: {who}. Tampilan ini dicatat.", ticket=shown(ticket), who=who)
    )
