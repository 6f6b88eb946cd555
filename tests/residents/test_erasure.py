"""HAPUS DATA leaves nothing identifying in any table, but keeps anonymous counts."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from telegram import Bot, Update
from tortoise import Tortoise

import bot.clock.announcements  # registers the job kinds, as bot/app.py does
import bot.clock.gotong_royong
import bot.db
from bot.channels.base import Limits, secret_key
from bot.channels.gammu import GammuChannel, GammuReceiver, GammuSettings, outbox_id_of
from bot.channels.kannel import KannelReceiver, KannelSettings
from bot.channels.telegram import message_inbound
from bot.clock.scheduler import run_due
from bot.delivery.dispatcher import DeliverySettings, Dispatcher
from bot.i18n import translator
from bot.web import make_app
from handlers.complaints import service as complaints
from handlers.complaints.access import OPERATOR_VIEWER
from handlers.engine import Engine
from handlers.gotong_royong import service as gotong_royong
from handlers.messages import channel_of
from handlers.outbox import jobs
from handlers.residents.area_import import import_areas_file
from handlers.residents.identity import phone_to_e164
from models import (
    Announcement,
    AnnouncementStatus,
    Area,
    Complaint,
    ComplaintEvent,
    ComplaintFeedback,
    ComplaintStatus,
    ComplaintSupporter,
    Consent,
    ConversationState,
    Direction,
    FixedAnswer,
    Identity,
    Interaction,
    OpenQuestion,
    OutboxMessage,
    OutboxStatus,
    Resident,
    Role,
    RoleKind,
)
from tests.conftest import FROZEN_NOW
from tests.delivery.test_dispatcher import Clock as DeliveryClock
from tests.delivery.test_dispatcher import Recorder
from tests.fixtures.dialog import verify_dialog

PHONE = "sms:+6281234567890"
DIGITS = "81234567890"
NAME = "Siti Aminah"
SECRET = "Got sampah di Jalan Kenanga Ungu 77 belum diangkut"
REGISTER = [
    ("DAFTAR", "Anda setuju?"),
    ("1", "kota/kabupaten mana?"),
    ("mayang", "Mayang Mangurai: RW berapa?"),
    ("1", "RW 01: RT berapa?"),
    ("2", "siapa nama panggilan Anda?"),
    (NAME, f"Terima kasih, {NAME}!"),
]

#: what the Telegram adapter keys its message keys with (from the bot token)
INBOUND_KEY = secret_key("123456:TEST-token", "kabarrt-inbound")


async def dump_database() -> dict[str, list[tuple]]:
    """Every row of every table, as plain tuples."""
    conn = Tortoise.get_connection("default")
    # every table of every model, on either database (no dialect's catalogue needed)
    tables = sorted({model._meta.db_table for model in Tortoise.apps["models"].values()})
    assert len(tables) >= 15
    dump = {}
    for name in tables:
        _, rows = await conn.execute_query(f'SELECT * FROM "{name}"')
        dump[name] = [tuple(r.values()) if hasattr(r, "values") else tuple(r) for r in rows]
    return dump


def occurrences(dump: dict[str, list[tuple]], needle: str) -> list[tuple[str, tuple]]:
    needle = needle.lower()
    return [
        (table, row)
        for table, rows in dump.items()
        for row in rows
        if any(needle in str(value).lower() for value in row if value is not None)
    ]


async def test_erase_leaves_nothing_identifying(db):
    await import_areas_file(bot.db.DEMO_AREAS)
    await verify_dialog(REGISTER, channel="sms", sender=PHONE)
    await verify_dialog([(SECRET, "dicatat untuk petugas")], channel="sms", sender=PHONE)  # kept as unanswered

    identity = await Identity.get(value=PHONE)
    resident = await Resident.get(id=identity.resident_id)
    rt = await Area.get(code="JMB.ALB.MYM.RW01.RT002")
    assert (resident.name, resident.area_id) == (NAME, rt.id)
    # an announcement queued for her before she erases her data
    queued = await OutboxMessage.create(
        resident_id=resident.id,
        identity=PHONE,
        channel="sms",
        text=f"Halo {NAME}, kerja bakti Minggu ini",
        payload={"options": [["Hadir", "hadir:1"]]},
        created_at=resident.created_at,
    )
    before = await dump_database()
    assert occurrences(before, NAME) and occurrences(before, DIGITS) and occurrences(before, SECRET)
    in_before = await Interaction.filter(direction=Direction.IN).count()

    await verify_dialog(
        [("HAPUS DATA", "Semua data Anda akan dihapus"), ("YA", "Data Anda sudah dihapus.")],
        channel="sms",
        sender=PHONE,
    )

    after = await dump_database()
    for needle in (NAME, "Siti", "Aminah", DIGITS, SECRET, "Kenanga"):
        assert occurrences(after, needle) == [], f"{needle!r} survived HAPUS DATA"
    assert await Resident.all().count() == 0
    assert await Identity.all().count() == 0
    assert await Consent.all().count() == 0
    assert await ConversationState.all().count() == 0

    # anonymous counts remain: every message is still counted, by area, channel and topic
    rows = await Interaction.all()
    assert len(rows) == len(before["interaction"]) + 4  # HAPUS DATA and YA, in and out
    assert await Interaction.filter(direction=Direction.IN).count() == in_before + 2
    assert all(r.resident_id is None and r.text is None and r.external_id is None for r in rows)
    assert all(r.channel == "sms" and r.topic for r in rows)
    assert {r.area_id for r in rows if r.topic == "erase"} == {rt.id}
    assert "onboarding" in {r.topic for r in rows}

    # the queued announcement will never go out, and says nothing any more
    queued = await OutboxMessage.get(id=queued.id)
    assert queued.status is OutboxStatus.CANCELLED
    assert (queued.resident_id, queued.identity, queued.text, queued.payload) == (None, None, "", {})
    # the confirmation was delivered (the shell is the delivery) and then forgotten
    last = await OutboxMessage.all().order_by("-id").first()
    assert last.status is OutboxStatus.SENT
    assert last.resident_id is None and last.identity is None


async def test_a_later_message_is_a_new_resident(db):
    await import_areas_file(bot.db.DEMO_AREAS)
    await verify_dialog(REGISTER, channel="sms", sender=PHONE)
    old = (await Identity.get(value=PHONE)).resident_id
    await verify_dialog(
        [
            ("HAPUS DATA", "Yakin?"),
            ("1", "Data Anda sudah dihapus."),
            ("halo", ("Halo! Saya KabarRT", "2. Daftar ke RT saya")),
        ],
        channel="sms",
        sender=PHONE,
    )
    fresh = await Identity.get(value=PHONE).select_related("resident")
    assert fresh.resident_id != old
    assert (fresh.resident.name, fresh.resident.area_id) == (None, None)


# --------------------------------------------------------------------------- every table, every path

#: where the subjects live; their ketua RT announces to it
HOME = "JMB.ALB.MYM.RW01.RT002"
KANNEL_SECRET, GAMMU_SECRET = "kannel-secret-erase", "gammu-secret-erase"
KANNEL = KannelSettings(
    sendsms_url="http://127.0.0.1:1/cgi-bin/sendsms", username="kabarrt", password="pw",
    sender="KabarRT", secret=KANNEL_SECRET, public_url="http://127.0.0.1:1",
)  # fmt: skip
SENT_TEXT = "Kerja bakti Minggu pagi di balai warga Dahlia, bawa sapu."


@dataclass(frozen=True)
class Subject:
    """One resident who will say HAPUS DATA: how they write, and what must be gone afterwards."""

    label: str
    path: str  # "telegram", "kannel" or "gammu"
    sender: str  # the Telegram user id, or the number as the gateway hands it over
    name: str
    #: what identifies them, as digits: a Telegram id, or a number without its prefix, so that
    #: +62…, 62… and 08… all contain it
    digits: tuple[str, ...]
    #: unique things they wrote (never sent on to anyone)
    wrote: tuple[str, ...]

    @property
    def identity(self) -> str:
        if self.path == "telegram":
            return f"tg:{self.sender}"
        return "sms:" + phone_to_e164(self.sender)

    def needles(self) -> list[str]:
        return [self.name, *self.name.split(), *self.digits, *self.wrote]


# a complainant wrote: a question nobody can answer, what is still wrong after "Sudah beres?"
# (belum), the reason for a rating, and a complaint they then join instead of filing
TELEGRAM = Subject(
    "telegram", "telegram", "7700123456", "Sulastri Wibisono", ("7700123456", "81277009999"),
    ("Selokan gang Flamboyan Jingga 41 tersumbat plastik", "Tutup got Flamboyan masih pecah",
     "Petugas Sulastri cepat datang", "Jalan berlubang Gang Seroja Merah 8 makin dalam"),
)  # fmt: skip
KANNEL_SMS = Subject(
    "kannel", "kannel", "081377001234", "Darmaji Kusumo", ("81377001234",),
    ("Pipa PDAM Anggrek Ungu 5 bocor sejak Senin", "Bocor Anggrek lagi tadi subuh", "Tukang pipa Darmaji ramah",
     "Jalan amblas di Gang Nusa Indah Putih 21"),
)  # fmt: skip
GAMMU_SMS = Subject(
    "gammu", "gammu", "+6285277005678", "Paramita Hadiningrat", ("85277005678",),
    ("Lampu jalan Cempaka Biru 12 padam tiga malam", "Cempaka masih gelap tiap malam", "Lampu Paramita terang",
     "Jalan retak Gang Kamboja Hijau 30 bahaya"),
)  # fmt: skip
KETUA = Subject(
    "ketua_rt", "telegram", "7700999888", "Wiryawan Sastrodiharjo", ("7700999888",),
    ("Draf iuran sampah Melati Kuning 9", "Rapat tertutup Teratai Hijau 3"),
)  # fmt: skip
SUBJECTS = [TELEGRAM, KANNEL_SMS, GAMMU_SMS, KETUA]


class Town:
    """The four subjects writing through their real entry points: Telegram updates through the
    adapter's translation, Kannel and Gammu requests through the web app's receive routes."""

    def __init__(self, tmp: Path) -> None:
        self.engine = Engine(translator, default_locale="id", clock=lambda: FROZEN_NOW,
                             code_keywords=[gotong_royong.code_keyword])  # fmt: skip
        self.gammu = GammuSettings(*(tmp / name for name in ("inbox", "outbox", "sent", "error")), secret=GAMMU_SECRET)
        for folder in (self.gammu.inbox, self.gammu.outbox, self.gammu.sent, self.gammu.error):
            folder.mkdir()
        app = make_app(kannel=KannelReceiver(KANNEL, self.engine), gammu=GammuReceiver(self.gammu, self.engine))
        self.web = TestClient(TestServer(app))
        self.bot = Bot("123456:TEST-token")
        self.count = itertools.count(1)
        self.clock = DeliveryClock()
        self.telegram = Recorder("telegram")
        channels = {"telegram": self.telegram, "sms": GammuChannel(self.gammu, Limits(), clock=self.clock)}
        self.dispatcher = Dispatcher(channels, DeliverySettings(), clock=self.clock, monotonic=self.clock.monotonic,
                                     rng=random.Random(7), worker_id="w1")  # fmt: skip

    async def say(self, who: Subject, text: str = "", **message) -> None:
        n = next(self.count)
        if who.path == "telegram":
            user = {"id": int(who.sender), "is_bot": False, "first_name": who.name.split()[0]}
            chat = {"id": int(who.sender), "type": "private"}
            body = {"message_id": n, "date": int(FROZEN_NOW.timestamp()), "from": user, "chat": chat, **message}
            if text:
                body["text"] = text
            inbound = message_inbound(
                Update.de_json({"update_id": 5000 + n, "message": body}, self.bot), "kabarrt_bot", INBOUND_KEY
            )
            await self.engine.handle(inbound)
            return
        if who.path == "kannel":
            query = {"secret": KANNEL_SECRET, "sender": who.sender, "to": "1234", "message": text, "id": f"kannel-{n}"}
            response = await self.web.get("/sms/kannel/receive", params=query)
        else:
            name = f"IN20261124_06{n:04d}_00_{who.sender}_00.txt"  # as Gammu names its inbox files
            response = await self.web.post(
                "/sms/gammu/receive", json={"id": name, "sender": who.sender, "text": text},
                headers={"X-KabarRT-Secret": GAMMU_SECRET},
            )  # fmt: skip
        assert response.status == 200, await response.text()

    async def dialog(self, who: Subject, *lines: str) -> None:
        for line in lines:
            await self.say(who, line)

    def received(self, who: Subject) -> list[str]:
        """What was sent to them: by the Telegram recorder, or as files in Gammu's outbox."""
        if who.path == "telegram":
            return [o.text for o in self.telegram.sent if o.identity == who.identity]
        number = who.identity.removeprefix("sms:")
        files = sorted(self.gammu.outbox.glob(f"*_{number}_kabarrt*.txt"), key=lambda f: outbox_id_of(f.name))
        return [f.read_bytes()[2:].decode("utf-16-be") for f in files]


async def _live_in(town: Town, who: Subject, event_code: str) -> None:
    """Register, share a number (Telegram), ask what nobody can answer, answer the invitation,
    and get a lesson from the clock (a row queued by identity, without a resident)."""
    await town.dialog(who, "DAFTAR", "1", "mayang", "1", "2", who.name)
    if who is TELEGRAM:
        contact = {"phone_number": "081277009999", "first_name": "Sulastri", "user_id": int(who.sender)}
        await town.say(who, contact=contact)
    if who is not KETUA:  # the ketua RT's words are his announcements
        await town.say(who, who.wrote[0])  # nobody can answer it: kept for the officers
    await town.say(who, f"HADIR {event_code}")
    if who is not KETUA:  # a complaint with a photo and a landmark naming them, moved on by an officer
        resident = await Resident.get(identities__value=who.identity)
        filed = await complaints.file(
            resident.id, category="jalan", description=public_matter(who), channel=channel_of(who.identity),
            now=FROZEN_NOW, translate=translator, landmark=f"depan rumah {who.name}", latitude=-1.61, longitude=103.61,
            photo=f"AgACAgUAAx{who.digits[0]}",
        )  # fmt: skip
        await complaints.change_status(OPERATOR_VIEWER, filed.complaint.ticket, ComplaintStatus.DIPROSES,
                                       now=FROZEN_NOW, translate=translator, note="Dicek Kamis")  # fmt: skip
        await _sudah_beres(town, who, resident, filed.complaint.ticket)


async def _sudah_beres(town: Town, who: Subject, resident: Resident, ticket: str) -> None:
    """Closed, "belum" with their words (reopened), closed again and left unanswered (a question
    still open); a second complaint closed, "ya", a rating and its reason."""

    async def close(which: str) -> None:
        await complaints.change_status(OPERATOR_VIEWER, which, ComplaintStatus.SELESAI, now=FROZEN_NOW,
                                       translate=translator)  # fmt: skip

    await close(ticket)
    await town.dialog(who, "2", who.wrote[1])
    await close(ticket)
    other = await complaints.file(
        resident.id, category="sampah", description=f"Sampah menumpuk, laporan kedua {who.label}",
        channel=channel_of(who.identity), now=FROZEN_NOW, translate=translator,
    )  # fmt: skip
    await close(other.complaint.ticket)
    await town.dialog(who, "1", "4", who.wrote[2])
    assert await OpenQuestion.filter(resident_id=resident.id).count() == 1
    answers = await ComplaintFeedback.filter(resident_id=resident.id).order_by("id")
    assert [(a.answer, a.comment) for a in answers] == [(FixedAnswer.BELUM, who.wrote[1]), (FixedAnswer.YA, who.wrote[2])]
    await jobs.schedule(f"lesson:kampung-bantar-1:{who.identity}", "message", FROZEN_NOW + timedelta(minutes=1),
                        {"identity": who.identity, "text": "Pelajaran 1 Kampung Bantar sudah bisa dibaca."},
                        now=FROZEN_NOW)  # fmt: skip


async def _support(town: Town, who: Subject) -> None:
    """They write ADUAN about the same broken road: offered a neighbour's complaint (only its
    category and age), they join it (1) instead of filing the same again."""
    await town.dialog(who, f"ADUAN {who.wrote[3]}", "1", "1")
    resident = await Resident.get(identities__value=who.identity)
    [joined] = await ComplaintSupporter.filter(resident_id=resident.id)
    assert (await Complaint.get(id=joined.complaint_id)).reporter_id != resident.id


def public_matter(who: Subject) -> str:
    """What their complaint says: a public matter, kept after HAPUS DATA."""
    return f"Jalan berlubang di ujung gang, laporan {who.label}"


async def _announce(town: Town) -> None:
    """The ketua RT drafts, rewrites and sends one announcement, and schedules another."""
    draft, scheduled = KETUA.wrote
    await town.dialog(KETUA, "UMUMKAN", draft, "3", SENT_TEXT, "1")
    await town.dialog(KETUA, "UMUMKAN", scheduled, "2", "besok 19.00")


def _found(dump: dict[str, list[tuple]], needles: list[str]) -> dict[str, list[tuple[str, list]]]:
    """needle → (table, the values holding it) for every row where it is found."""
    return {
        needle: [(table, [v for v in row if needle.lower() in str(v).lower()]) for table, row in hits]
        for needle in needles
        if (hits := occurrences(dump, needle))
    }


@pytest.mark.parametrize("subject", SUBJECTS, ids=[s.label for s in SUBJECTS])
async def test_erase_leaves_nothing_of_them_in_any_table(db, tmp_path, subject):
    assert (await import_areas_file(bot.db.DEMO_AREAS)).ok
    town = Town(tmp_path)
    await town.web.start_server()
    try:
        await _erase_in_a_busy_town(town, subject)
    finally:
        await town.web.close()


async def _erase_in_a_busy_town(town: Town, subject: Subject) -> None:
    await town.dialog(KETUA, "DAFTAR", "1", "mayang", "1", "2", KETUA.name)
    ketua = await Identity.get(value=KETUA.identity)
    home = await Area.get(code=HOME)
    await Role.create(resident_id=ketua.resident_id, kind=RoleKind.KETUA_RT, area=home)
    event = await gotong_royong.create(
        rt=home, title="Bersih selokan", starts_at=FROZEN_NOW + timedelta(days=5), place="Pos ronda",
        now=FROZEN_NOW, translate=translator, author_id=ketua.resident_id,
    )  # fmt: skip
    for who in SUBJECTS:
        await _live_in(town, who, event.code)
    # their own road complaints are closed by now ("Sudah beres?"): a neighbour's is still open
    neighbour = await Resident.create(area_id=home.id, registered_at=FROZEN_NOW)
    await complaints.file(neighbour.id, category="jalan", description="Jalan rusak depan balai warga",
                          channel="sms", now=FROZEN_NOW, translate=translator)  # fmt: skip
    for who in SUBJECTS:
        if who is not KETUA:  # the ketua RT handles his RT's complaints: never offered to join one
            await _support(town, who)
    for complaint in await Complaint.all():  # news for reporter and supporters alike
        await complaints.reply(OPERATOR_VIEWER, complaint.ticket, "Tim datang Jumat", now=FROZEN_NOW, translate=translator)
    await _announce(town)
    await run_due(FROZEN_NOW + timedelta(minutes=2))  # the lessons
    await town.dispatcher.run_until_idle()  # everything so far is sent: Gammu files, message ids
    for who in SUBJECTS:
        resident = await Resident.get(identities__value=who.identity)
        assert (resident.name, resident.area_id) == (who.name, home.id)
    before = await dump_database()
    assert {m._meta.db_table for m in Tortoise.apps["models"].values()} <= before.keys()
    for who in SUBJECTS:
        assert set(_found(before, who.needles())) == set(who.needles()), "the test would prove nothing"

    gone = (await Resident.get(identities__value=subject.identity)).id
    supported = await ComplaintSupporter.all().count()
    assert await OutboxMessage.filter(dedupe_key__endswith=f":supporter:{gone}").exists() == (subject is not KETUA)
    await town.dialog(subject, "HAPUS DATA", "YA")
    await run_due(FROZEN_NOW + timedelta(days=1, hours=12))  # the summary, the scheduled send
    await town.dispatcher.run_until_idle()  # the confirmation goes out
    assert town.received(subject)[-1].startswith("Data Anda sudah dihapus.")
    # … and, to one who filed a complaint, that its description stays
    assert ("Isi laporan (aduan) Anda tetap disimpan" in town.received(subject)[-1]) == (subject is not KETUA)

    after = await dump_database()
    leaks = _found(after, subject.needles())
    assert leaks == {}, f"survived HAPUS DATA: {leaks}"
    # the complaint they joined no longer has them as a supporter, nor does the news they got name them
    assert not await ComplaintSupporter.filter(resident_id=gone).exists()
    assert await ComplaintSupporter.all().count() == supported - (subject is not KETUA)
    assert not await OutboxMessage.filter(dedupe_key__contains=f":supporter:{gone}").exists()
    if subject is not KETUA:  # their complaint stays, naming nobody, in its RT
        [kept] = await Complaint.filter(description=public_matter(subject))
        assert (kept.reporter_id, kept.photo, kept.landmark, kept.latitude) == (None, None, None, None)
        assert kept.area_id == home.id and kept.status is ComplaintStatus.SELESAI and kept.reopened == 1
        # their answers to "Sudah beres?" stay, with neither them nor their words; the rating too
        answers = await ComplaintFeedback.filter(complaint__reporter_id__isnull=True).order_by("id")
        assert [(a.answer, a.rating, a.resident_id, a.comment) for a in answers] == [
            (FixedAnswer.BELUM, None, None, None), (FixedAnswer.YA, 4, None, None)]  # fmt: skip
        assert await ComplaintEvent.filter(complaint=kept, public=False, note__isnull=True).exists()
    asked = await OpenQuestion.all().values_list("resident_id", flat=True)
    assert len(asked) == len([w for w in SUBJECTS if w is not KETUA and w is not subject])
    for who in SUBJECTS:  # everyone else is untouched
        if who is not subject:
            assert set(_found(after, who.needles())) == set(who.needles())
    # what the ketua RT sent stays with its recipients and in the log, naming nobody
    [sent] = await Announcement.filter(text=SENT_TEXT)
    assert sent.status is AnnouncementStatus.SENT
    received = await OutboxMessage.filter(cause_type="announcement", cause_id=str(sent.id), text__contains=SENT_TEXT)
    assert len(received) == len(SUBJECTS) - 1  # the subject's own copy is blanked
    if subject is KETUA:
        assert (sent.author_id, sent.author_identity) == (None, None)
        assert not await OutboxMessage.exists(cause_type="announcement_summary")
        assert not await Announcement.filter(text__in=KETUA.wrote).exists()
