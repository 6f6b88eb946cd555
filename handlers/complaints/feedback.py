"""The answers to "Sudah beres?" (`fixed.py` puts the question), and what follows them.

- `1` Ya: recorded (`ComplaintFeedback`), then a 1–5 rating and an optional reason (free text
  or Lewati), in the flow `beres`, persisted per resident like every flow.
- `2` Belum / `3` Sebagian: recorded, and the complaint reopens at once to diproses
  (`lifecycle.reopen`, the one move out of selesai): an event by the resident ("dibuka kembali"
  in CEK), `reopened` + 1, its deadlines counted from now, `closed_at` cleared; its handling
  officers (the handler's admins, and the ketua RT unless it is not for them) are told, never
  who. A complaint reopens at most `MAX_REOPEN` times: the next "belum" reopens it one level up
  instead (`levels.escalate`). Then the resident is asked for their words (optional), which go
  into the history as an internal note for the officer (and into the feedback's comment).
If the complaint is no longer selesai when the answer comes (another answer reopened it), the
answer is recorded and nothing moves.
"""

from __future__ import annotations

from handlers import asked, flows
from handlers.complaints import categories, deadlines, levels, lifecycle, service
from handlers.complaints.fixed import KIND
from handlers.complaints.tickets import shown
from handlers.keywords import normalize
from handlers.messages import Option
from handlers.texts import Texts
from handlers.turn import Turn
from models import (
    Area,
    Complaint,
    ComplaintEvent,
    ComplaintFeedback,
    FixedAnswer,
    OpenQuestion,
    Role,
    RoleKind,
    Visibility,
)

NAME = "beres"
#: times a complaint may be reopened; the next "belum" escalates it instead
MAX_REOPEN = 2
#: a reason or the resident's words are kept up to this many characters
MAX_COMMENT = 1000
#: what a resident types to skip the reason or their words
SKIP = {"LEWATI", "SKIP", "TIDAK ADA", "GAK ADA", "TIDAK", "-"}


@asked.answers(KIND)
async def answer(turn: Turn, question: OpenQuestion, value: str) -> None:
    """1 Ya, 2 Belum or 3 Sebagian to "Sudah beres?" about the ticket `question.ref`."""
    t = turn.t
    complaint = await Complaint.select_for_update().get_or_none(ticket=question.ref)
    if complaint is None or value not in FixedAnswer.__members__.values():
        turn.say(t._("Pilihan itu sudah tidak berlaku."))
        return
    fixed = FixedAnswer(value)
    turn.topic = f"complaint.fixed.{fixed.value}"
    feedback = await ComplaintFeedback.create(
        complaint=complaint, resident_id=turn.resident.id, answer=fixed, at=turn.now
    )
    if fixed is FixedAnswer.YA:
        turn.begin(NAME, "rating", feedback=feedback.id, ticket=complaint.ticket)
        turn.say(
            t._("Terima kasih! Laporan {ticket} sudah beres.", ticket=shown(complaint.ticket))
            + " "
            + _ask_rating(t),
            _ratings(t),
        )
        return
    said = await _reopen(turn, complaint, fixed)
    turn.begin(NAME, "words", feedback=feedback.id, ticket=complaint.ticket)
    turn.say(said + " " + _ask_words(t, fixed), [Option(t._("Lewati"), "skip")])


async def _reopen(turn: Turn, complaint: Complaint, fixed: FixedAnswer) -> str:
    """Reopen (or, past MAX_REOPEN, escalate) a selesai complaint; what to tell the resident."""
    t, now, ticket = turn.t, turn.now, shown(complaint.ticket)
    try:
        target = lifecycle.reopen(complaint.status)
    except lifecycle.Refused:  # reopened already (another answer), or closed another way
        return t._(
            "Laporan {ticket} sedang ditangani lagi (status: {status}).",
            ticket=ticket,
            status=complaint.status.value,
        )
    higher = None
    if complaint.reopened >= MAX_REOPEN:
        higher = await levels.escalate(
            complaint, why=levels.UNFIXED, now=now, translate=turn.translate
        )
    event = await ComplaintEvent.create(
        complaint=complaint,
        at=now,
        from_status=complaint.status,
        to_status=target,
        actor="resident",
        actor_resident_id=turn.resident.id,
        public=True,
    )
    complaint.status = target
    if higher is None:  # an escalation is not counted as a reopening
        complaint.reopened += 1
    complaint.counted_from = now
    complaint.closed_at = None
    complaint.updated_at = now
    deadlines.refresh(complaint, await Area.get(id=complaint.area_id))  # counted again from now
    await complaint.save(
        update_fields=["status", "reopened", "counted_from", "closed_at", "updated_at", "due_at", "due_stage"]
    )
    await _tell_officers(turn, complaint, fixed, event, admins=higher is None)  # escalate told them
    if higher is not None:
        office = service.office_label(t, higher.level.value, higher.name)
        return t._(
            "Laporan {ticket} dibuka kembali dan dinaikkan ke {office} (status: {status}).",
            ticket=ticket,
            office=office,
            status=target.value,
        )
    return t._(
        "Laporan {ticket} dibuka kembali dan ditangani lagi (status: {status}).",
        ticket=ticket,
        status=target.value,
    )


async def _tell_officers(
    turn: Turn, complaint: Complaint, fixed: FixedAnswer, event: ComplaintEvent, *, admins: bool
) -> None:
    """The handler's admins and, unless it is not for them, the ketua RT: briefly, never who."""
    officers = []
    if admins:
        officers += await Role.filter(
            kind=RoleKind.ADMIN, area_id=complaint.handler_id or 0
        ).values_list("resident_id", flat=True)
    if complaint.visibility is not Visibility.BUKAN_KETUA:
        officers += await Role.filter(
            kind=RoleKind.KETUA_RT, area_id=complaint.area_id
        ).values_list("resident_id", flat=True)
    place = await Area.get(id=complaint.area_id)
    item = categories.category(complaint.category)

    def text(t: Texts) -> str:
        facts = {
            "ticket": shown(complaint.ticket),
            "category": item.label if item else complaint.category,
            "rt": place.name,
            "status": complaint.status.value,
            "code": complaint.ticket,
        }
        if fixed is FixedAnswer.SEBAGIAN:
            return t._(
                "Laporan {ticket} ({category}, {rt}) dibuka kembali: warga menyatakan baru sebagian "
                "beres (status: {status}). Ketik CEK {code}.",
                **facts,
            )
        return t._(
            "Laporan {ticket} ({category}, {rt}) dibuka kembali: warga menyatakan belum beres "
            "(status: {status}). Ketik CEK {code}.",
            **facts,
        )

    await levels.tell(
        officers,
        complaint,
        text,
        key=f"reopened:{event.id}",
        now=turn.now,
        translate=turn.translate,
    )


def _ratings(t: Texts) -> list[Option]:
    return [
        Option(t._("Sangat kurang"), "1"),
        Option(t._("Kurang"), "2"),
        Option(t._("Cukup"), "3"),
        Option(t._("Baik"), "4"),
        Option(t._("Sangat baik"), "5"),
    ]


def _ask_rating(t: Texts) -> str:
    return t._("Seberapa puas Anda dengan penanganannya? Pilih 1 sampai 5.")


def _ask_words(t: Texts, fixed: FixedAnswer) -> str:
    if fixed is FixedAnswer.SEBAGIAN:
        return t._("Bagian mana yang belum beres? Tulis singkat untuk petugas, atau pilih Lewati.")
    return t._("Apa yang masih belum beres? Tulis singkat untuk petugas, atau pilih Lewati.")


@flows.register
class Beres(flows.Flow):
    """After "Sudah beres?": `rating` (1-5) → `reason` (optional), or `words` (optional)."""

    name = NAME
    free_text = frozenset({"reason", "words"})

    async def start(self, turn: Turn) -> None:  # entered only from `answer`
        turn.finish()

    async def prompt(self, turn: Turn) -> None:
        t = turn.t
        if turn.step == "rating":
            turn.say(_ask_rating(t), _ratings(t))
        elif turn.step == "reason":
            turn.say(
                t._("Ada alasan atau saran? Tulis singkat, atau pilih Lewati."),
                [Option(t._("Lewati"), "skip")],
            )
        else:
            feedback = await ComplaintFeedback.get_or_none(id=turn.data.get("feedback"))
            fixed = feedback.answer if feedback else FixedAnswer.BELUM
            turn.say(_ask_words(t, fixed), [Option(t._("Lewati"), "skip")])

    async def handle(self, turn: Turn) -> None:
        feedback = await ComplaintFeedback.get_or_none(id=turn.data.get("feedback"))
        if feedback is None:  # the complaint is gone (or they erased their data elsewhere)
            turn.answer_as_usual()
            return
        if turn.step == "rating":
            await self._rating(turn, feedback)
            return
        typed = turn.reply.text.strip()
        skipped = turn.reply.choice == "skip" or normalize(typed) in SKIP
        if not skipped and (turn.reply.choice is not None or not typed):
            await self.prompt(turn)
            return
        step, t, ticket = turn.step, turn.t, turn.data.get("ticket", "")
        turn.finish()
        if skipped:
            turn.say(t._("Baik. Terima kasih atas jawaban Anda."))
            return
        words = typed[:MAX_COMMENT]
        feedback.comment = words
        await feedback.save(update_fields=["comment"])
        if step == "words":
            # for the handling officer, in the history; not sent to anyone
            await ComplaintEvent.create(
                complaint_id=feedback.complaint_id,
                at=turn.now,
                from_status=None,
                to_status=None,
                actor="resident",
                actor_resident_id=turn.resident.id,
                note=words,
                public=False,
            )
            turn.say(
                t._(
                    "Terima kasih. Pesan Anda sudah kami teruskan ke petugas yang menangani laporan {ticket}.",
                    ticket=shown(ticket),
                )
            )
            return
        turn.say(t._("Terima kasih atas penilaian dan saran Anda."))

    async def _rating(self, turn: Turn, feedback: ComplaintFeedback) -> None:
        choice = turn.reply.choice or ""
        if choice not in {"1", "2", "3", "4", "5"}:
            if not turn.reply.text.strip().rstrip(".").isdecimal():  # words, not a rating: the
                turn.answer_as_usual()  # "ya" is kept; the message is answered as any other
                return
            await self.prompt(turn)
            return
        feedback.rating = int(choice)
        await feedback.save(update_fields=["rating"])
        turn.goto("reason")
        await self.prompt(turn)
