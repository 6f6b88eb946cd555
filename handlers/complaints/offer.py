"""The intake's offer to join a similar complaint instead of filing the same again.

"Sudah ada laporan serupa di RT Anda sejak 3 hari: 1 Ikut laporan itu 2 Buat laporan baru".
It is a step of the ADUAN flow (`intake.py`), asked once the category and the place are known:

- on SMS (and `ADUAN <text>` on any channel) right after the category question, so the one
  message still needs at most three one-digit answers: category → this offer (only when there is
  one) → who may see who sent it; `1` takes the proposal, here joining;
- in the Telegram / shell walk-through after the photo, location or landmark step, before who may
  see who sent it: only then is the place known (the landmark and the text may name another RT).

The offer shows the other complaint's category and age, and whether it is in the resident's own
RT or the one their text named — never its text, ticket or reporter (`supporters.offer` picks it,
`access.may_be_offered` decides who may be offered what). Only after joining is the resident told
its ticket: from then on they get its notices, which name it, and may `CEK` it. The flow's state
keeps the complaint's id (`offer`), never shown.
"""

from __future__ import annotations

from handlers.complaints import categories, places, supporters
from handlers.complaints.tickets import shown
from handlers.messages import Option
from handlers.turn import Turn
from models import Complaint

STEP = "offer"


async def ask(turn: Turn) -> bool:
    """Go to the offer step and ask, when there is a complaint to offer; False when there is none."""
    place = places.Place.from_data(turn.data.get("place"))
    area_id = place.area_id if place and place.area_id is not None else turn.resident.area_id
    if area_id is None:
        return False
    found = await supporters.offer(turn.resident.id, area_id, turn.data["category"], turn.now)
    if found is None:
        return False
    turn.data["offer"] = found.complaint_id
    turn.data["offer_days"] = found.days
    turn.goto(STEP)
    await prompt(turn)
    return True


async def prompt(turn: Turn) -> None:
    """The offer: category and age, in the resident's own RT or the one named."""
    t, data = turn.t, turn.data
    item = categories.category(data["category"])
    label = item.label if item else data["category"]
    days = int(data.get("offer_days") or 0)
    place = places.Place.from_data(data.get("place"))
    home = place is None or place.area_id in (None, turn.resident.area_id)
    if home and days == 0:
        text = t._("Sudah ada laporan serupa di RT Anda sejak hari ini ({category}).", category=label)
    elif home:
        text = t.n_("Sudah ada laporan serupa di RT Anda sejak {n} hari ({category}).",
                    "Sudah ada laporan serupa di RT Anda sejak {n} hari ({category}).", days, n=days, category=label)  # fmt: skip
    elif days == 0:
        text = t._("Sudah ada laporan serupa di {rt} sejak hari ini ({category}).", rt=place.label, category=label)
    else:
        text = t.n_("Sudah ada laporan serupa di {rt} sejak {n} hari ({category}).",
                    "Sudah ada laporan serupa di {rt} sejak {n} hari ({category}).", days, rt=place.label, n=days,
                    category=label)  # fmt: skip
    # one SMS for most categories: what joining means rides on its option
    turn.say(text, [Option(t._("Ikut laporan itu (dapat kabarnya)"), "offer:join"), Option(t._("Buat laporan baru"), "offer:new")])


async def answer(turn: Turn, value: str) -> bool:
    """`join`: join it and end the flow (True). `new`, or a complaint that may no longer be
    joined (closed meanwhile): False, and the caller goes on with the new complaint."""
    if value != "join":
        return False
    t = turn.t
    joined = await supporters.join(turn.resident.id, int(turn.data["offer"]), turn.inbound.channel, turn.now)
    if joined is None:
        turn.say(t._("Laporan serupa itu sudah tidak berjalan, jadi kita lanjutkan laporan baru Anda."))
        return False
    turn.finish()
    turn.topic = "complaint.joined"
    turn.say(joined_text(turn, joined))
    return True


def joined_text(turn: Turn, complaint: Complaint) -> str:
    t = turn.t
    item = categories.category(complaint.category)
    return t._(
        "Terima kasih, Anda sekarang ikut laporan {ticket} ({category}, status: {status}). Laporan baru tidak dibuat. "
        "Setiap kabarnya kami kirim ke sini; ketik CEK {code} untuk melihatnya.",
        ticket=shown(complaint.ticket), category=item.label if item else complaint.category,
        status=complaint.status.value, code=complaint.ticket,
    )  # fmt: skip

