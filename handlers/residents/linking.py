"""Contact sharing: a resident's own phone number links their Telegram and SMS identities.

The channel says whether a shared contact is the sender's own (Telegram: `contact.user_id`
equals the sender); anyone else's number is refused. A number already known by SMS as another
resident merges the two; if they were registered in different RTs the resident is asked which
one is right (flow "link"). A STOP on either side stays until MULAI.
"""

from __future__ import annotations

from handlers.flows import FLOWS, Flow, register
from handlers.messages import Option
from handlers.residents import service as residents
from handlers.residents.identity import BadIdentity, mask, phone_to_e164
from handlers.turn import Turn
from models import Area, Identity, Resident

CONTACT = "contact"


def share_option(turn: Turn) -> Option:
    return Option(turn.t._("Bagikan nomor HP saya"), "contact", request=CONTACT)


def ask_for_phone(turn: Turn) -> None:
    """PHONE / /nomor: the share-my-number button (Telegram); on SMS the number is known."""
    t = turn.t
    turn.topic = "contact.ask"
    if turn.inbound.channel != "telegram":
        turn.say(t._("Nomor HP Anda sudah kami kenal dari SMS ini. Tidak perlu dibagikan lagi."))
        return
    turn.say(
        t._(
            "Hubungkan nomor HP Anda supaya pesan lewat SMS dari nomor itu dikenali sebagai Anda, "
            "dan pengumuman tetap sampai lewat SMS kalau Telegram tidak bisa. "
            "Tekan tombol di bawah, atau ketik BATAL."
        ),
        [share_option(turn)],
    )


async def contact_shared(turn: Turn) -> None:
    t = turn.t
    turn.topic = "contact"
    if not turn.inbound.contact_is_own:
        turn.say(
            t._(
                "Maaf, hanya nomor HP Anda sendiri yang bisa dihubungkan, bukan nomor orang lain. "
                "Tekan tombol di bawah untuk membagikan nomor Anda."
            ),
            [share_option(turn)],
        )
        return
    try:
        value = "sms:" + phone_to_e164(turn.inbound.contact_phone or "")
    except BadIdentity:
        turn.say(t._("Maaf, nomor itu tidak bisa dipakai untuk SMS."))
        return
    shown = mask(value).removeprefix("sms:")
    existing = await Identity.get_or_none(value=value)
    if existing is None:
        await Identity.create(value=value, channel="sms", resident_id=turn.resident.id)
        turn.say(
            t._(
                "Nomor {phone} sudah terhubung. SMS dari nomor ini akan dikenali sebagai Anda.",
                phone=shown,
            )
        )
        return
    if existing.resident_id == turn.resident.id:
        turn.say(t._("Nomor {phone} memang sudah terhubung dengan akun ini.", phone=shown))
        return
    other = await Resident.get(id=existing.resident_id)
    conflict = await residents.merge(turn.resident, other)
    turn.say(
        t._(
            "Nomor {phone} sudah terhubung. Pesan Anda lewat SMS dan Telegram sekarang tercatat "
            "sebagai satu orang.",
            phone=shown,
        )
    )
    if turn.resident.opted_out:
        turn.say(
            t._(
                "Pengumuman tetap berhenti karena Anda pernah mengirim STOP. "
                "Ketik MULAI kalau ingin menerima lagi."
            )
        )
    if conflict is not None:
        await FLOWS["link"].start_choice(turn, turn.resident.area_id, conflict)


@register
class LinkRt(Flow):
    """Both identities were registered, in different RTs: which one is right?"""

    name = "link"

    async def start(self, turn: Turn) -> None:  # only entered through a merge
        turn.finish()

    async def start_choice(self, turn: Turn, current: int | None, other: int) -> None:
        turn.begin(self.name, "rt", current=current, other=other)
        await self.prompt(turn)

    async def prompt(self, turn: Turn) -> None:
        t = turn.t
        options = []
        for key in ("current", "other"):
            place = await residents.place_of(turn.data.get(key))
            if place:
                options.append(Option(place, f"rt:{turn.data[key]}"))
        if len(options) < 2:  # an RT was removed meanwhile: nothing left to choose
            turn.finish()
            return
        turn.say(
            t._(
                "Lewat Telegram Anda terdaftar di RT yang lain daripada lewat SMS. "
                "RT mana yang benar?"
            ),
            options,
        )

    async def handle(self, turn: Turn) -> None:
        choice = turn.reply.choice or ""
        allowed = {str(turn.data.get("current")), str(turn.data.get("other"))}
        picked = choice.removeprefix("rt:")
        if not choice.startswith("rt:") or picked not in allowed:
            await self.prompt(turn)
            return
        area = await Area.get_or_none(id=int(picked))
        turn.finish()
        if area is None:
            return
        turn.resident.area_id = area.id
        await turn.resident.save(update_fields=["area_id"])
        place = await residents.place_of(area.id)
        turn.say(turn.t._("Baik, Anda terdaftar di {place}.", place=place))

