"""Dialog tables for gotong royong in chat (GOTONG, RSVP and pledges, check-in, ACARA, WAKTU) on the
telegram and sms renderings; buttons from bulk messages (invitations, reminders) go through the
engine as a verified `Inbound(choice=…)`, as the Telegram adapter hands them over."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

import bot.clock.gotong_royong  # noqa: F401  (registers the event job kinds, as bot/app.py does)
from bot.i18n import translator
from handlers.engine import Engine
from handlers.gotong_royong import service as gotong_royong
from handlers.messages import Inbound, Outbound
from models import (
    Area,
    Availability,
    Event,
    EventStatus,
    OutboxMessage,
    Resident,
    Role,
    RoleKind,
    Rsvp,
    RsvpAnswer,
    ScheduledJob,
)
from tests import test_dialogs
from tests.announcements.test_dialogs import flow_of, person
from tests.conftest import FROZEN_NOW
from tests.fixtures.dialog import (
    SMS_SENDER,
    TELEGRAM_SENDER,
    Absent,
    new_engine,
    verify_both,
    verify_dialog,
)

areas = test_dialogs.areas  # the demo areas fixture

RT = "JMB.ALB.MYM.RW02.RT003"
#: FROZEN_NOW is Tuesday 24 November 2026, 13.00 WIB; this is Sunday 29 November, 07.00 WIB
START = datetime(2026, 11, 29, 0, 0, tzinfo=UTC)
REFUSAL = "hanya ketua RT yang bisa membuat gotong royong untuk RT-nya"
TITLE_Q = "Apa kegiatannya? Contoh: Bersih selokan."
WHEN_Q = "Kapan? Tulis tanggal dan jam (WIB)"
CONFIRM = ("1. Simpan & undang", "2. Ubah", "3. Batal")
NO_SLOTS = "Belum ada warga yang mengisi waktu luang."
ANI, BUDI = "tg:201", "sms:+6281300000002"


@pytest.fixture
async def rt(areas):
    """Both dialog senders head RT 003 ("Pak RT", "Bu RT"); Ani (Telegram), Budi (SMS) and Cici
    (Telegram, sent STOP) live there; Dedi lives in the next RT."""
    for identity, name in ((TELEGRAM_SENDER, "Pak RT"), (SMS_SENDER, "Bu RT")):
        await _named(await person(identity, area=RT, role=RoleKind.KETUA_RT), name)
    await _named(await person(ANI, area=RT), "Ani")
    await _named(await person(BUDI, area=RT), "Budi")
    await _named(await person("tg:203", area=RT, opted_out=True), "Cici")
    await _named(await person("tg:205", area="JMB.ALB.MYM.RW02.RT002"), "Dedi")
    return await Area.get(code=RT)


async def _named(resident: Resident, name: str) -> None:
    resident.name = name
    await resident.save(update_fields=["name"])


class Clock:
    def __init__(self, now: datetime = FROZEN_NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def gotong_engine(clock: Clock | None = None) -> Engine:
    """The engine as bot/app.py wires it: with the event code keywords (HADIR GR12 …)."""
    return new_engine(code_keywords=[gotong_royong.code_keyword], clock=clock or Clock())


async def an_event(rt: Area, **fields) -> Event:
    fields = {
        "title": "Bersih selokan",
        "starts_at": START,
        "place": "Pos ronda",
        "bring": "cangkul",
        **fields,
    }
    return await gotong_royong.create(
        rt=rt, now=FROZEN_NOW, translate=translator, rng=random.Random(3), **fields
    )


async def press(engine: Engine, identity: str, value: str) -> Outbound:
    """A button of a bulk message (invitation, reminder), verified by the Telegram adapter."""
    [reply] = await engine.handle(Inbound(identity, choice=value))
    return reply


async def say(engine: Engine, identity: str, text: str) -> Outbound:
    [reply] = await engine.handle(Inbound(identity, text))
    return reply


async def rsvp_of(event: Event, name: str) -> Rsvp:
    return await Rsvp.get(event_id=event.id, resident__name=name)


# --------------------------------------------------------------------------- creating an event


async def test_ketua_rt_creates_an_event_with_something_to_bring(rt):
    await verify_both(
        [
            ("GOTONG", (NO_SLOTS, TITLE_Q)),
            ("Bersih selokan", WHEN_Q),
            ("besok jam 25", ("waktunya tidak saya pahami", Absent("tempatnya"))),
            (
                "24/11 07.00",
                ("Waktu itu sudah lewat (sekarang", Absent("tempatnya")),
            ),  # this morning
            ("29/11 07.00", "Di mana tempatnya?"),
            ("Pos ronda", "Apa yang perlu dibawa warga?"),
            (
                "cangkul, karung",
                ("Diulang?", "1. Tidak", "2. Setiap minggu", "3. Minggu pertama tiap bulan"),
            ),
            (
                "1",
                (
                    "Periksa dulu:",
                    "Kegiatan: Bersih selokan",
                    "Waktu: Minggu, 29 November 2026 pukul 07.00 WIB",
                    "Tempat: Pos ronda",
                    "Bawa: cangkul, karung",
                    "Diulang: Tidak",
                    *CONFIRM,
                ),
            ),
            ("1", ("tersimpan. Undangan terkirim ke 4 warga", "Kode absen saya kirim", "ACARA")),
        ],
        engine=gotong_engine(),
    )
    made = await Event.all().order_by("id")
    assert len(made) == 2 and made[0].code != made[1].code
    for event in made:
        assert (event.title, event.place, event.bring, event.recurrence) == (
            "Bersih selokan",
            "Pos ronda",
            "cangkul, karung",
            None,
        )
        assert event.starts_at == START and event.status is EventStatus.OPEN
        [invitation] = await OutboxMessage.filter(identity=ANI, cause_id=str(event.id))
        assert invitation.text.startswith(f"Gotong royong {event.code}: Bersih selokan")
        assert [o[1] for o in invitation.payload["options"]] == [
            f"rsvp:{event.id}:{a}" for a in ("yes", "no", "maybe")
        ]
    assert {e.created_by_id for e in made} == {
        (await Resident.get(name="Pak RT")).id,
        (await Resident.get(name="Bu RT")).id,
    }
    for identity in (TELEGRAM_SENDER, SMS_SENDER):
        assert await flow_of(identity) is None


async def test_without_anything_to_bring_repeating_and_changed_before_saving(rt):
    await verify_both(
        [
            ("kerja bakti", TITLE_Q),
            ("Tanam pohon", WHEN_Q),
            ("29/11 07.00", "tempatnya"),
            ("Info: lapangan RT", "dibawa"),  # free text: not the INFO keyword
            ("lewati", "Diulang?"),
            ("3", ("Bawa: -", "Diulang: Minggu pertama tiap bulan", "Tempat: Info: lapangan RT")),
            ("2", ("Apa yang diubah?", "1. Kegiatan", "2. Waktu")),
            ("2", WHEN_Q),
            (
                "besok 16.00",
                ("Periksa dulu:", "Waktu: Rabu, 25 November 2026 pukul 16.00 WIB", "Tanam pohon"),
            ),
            ("Simpan", "tersimpan"),
        ],
        engine=gotong_engine(),
    )
    for event in await Event.all():
        assert (event.bring, event.recurrence, event.place) == (
            None,
            "first-sunday",
            "Info: lapangan RT",
        )
        assert event.starts_at == datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


async def test_reminders_can_be_changed_per_event(rt):
    await verify_both(
        [
            ("kerja bakti", TITLE_Q),
            ("Ronda bersama", WHEN_Q),
            ("29/11 07.00", "tempatnya"),
            ("Pos ronda", "dibawa"),
            ("lewati", "Diulang?"),
            ("1", ("Periksa dulu:", Absent("Pengingat:"))),
            ("2", "6. Pengingat"),
            ("6", "Kapan warga diingatkan?"),
            ("besok pagi", "Tulis angka jam sebelum mulai"),
            ("500", "paling lama 168 jam"),
            ("3 jam dan 24 jam", ("Periksa dulu:", "Pengingat: 24, 3 jam sebelum mulai")),
            ("Simpan", "tersimpan"),
        ],
        engine=gotong_engine(),
    )
    for event in await Event.all():
        assert event.reminders == [24.0, 3.0]
        labels = sorted(j.key.rsplit(":", 1)[-1] for j in await ScheduledJob.filter(key__contains=":reminder:",
                                                                                    key__startswith=f"event:{event.id}:"))
        assert labels == ["h24.0", "h3.0"]


async def test_dropping_the_event_at_the_summary(rt):
    await verify_both(
        [
            ("/gotong", TITLE_Q),
            ("Ronda", WHEN_Q),
            ("lusa 20.00", "tempatnya"),
            ("Pos ronda", "dibawa"),
            ("senter", "Diulang?"),
            ("tidak", ("Diulang: Tidak", *CONFIRM)),
            ("3", "gotong royong tidak dibuat"),
        ],
        engine=gotong_engine(),
    )
    assert await Event.all().count() == 0


async def test_only_an_rt_head_creates_not_a_resident_nor_an_admin(rt):
    # residents of the RT (no role), on both channels
    for channel, sender in (("telegram", ANI), ("sms", BUDI)):
        await verify_dialog(
            [
                ("GOTONG", (REFUSAL, Absent("kegiatannya"))),
                ("KERJA BAKTI", REFUSAL),
                ("MENU", (Absent("Buat gotong royong"), "Waktu luang saya")),
            ],
            channel=channel,
            sender=sender,
            engine=gotong_engine(),
        )
    # an officer of the kelurahan announces, but is not an RT head
    await person("tg:300", area=RT, role=RoleKind.ADMIN, role_area="JMB.ALB.MYM")
    engine = gotong_engine()
    assert REFUSAL in (await say(engine, "tg:300", "GOTONG")).text
    menu = await say(engine, "tg:300", "MENU")
    assert "Buat pengumuman" in menu.text or any(o.label == "Buat pengumuman" for o in menu.options)
    assert all(o.label != "Buat gotong royong" for o in menu.options)
    assert await Event.all().count() == 0


async def test_rt_heads_menu_offers_creating(rt):
    await verify_dialog([("MENU", "4. Buat gotong royong"), ("4", TITLE_Q)], sender=TELEGRAM_SENDER)
    (sms,) = await verify_dialog(
        [("MENU", "4. Buat gotong royong")], channel="sms", sender=SMS_SENDER
    )
    assert "[sms segments=2 encoding=gsm7]" in sms


# --------------------------------------------------------------------------- RSVP and pledges


async def test_rsvp_on_both_renderings_then_a_pledge_instead(rt):
    event = await an_event(rt)
    code = event.code
    await verify_both(
        [
            (f"HADIR {code}", f"Tercatat: Anda hadir di gotong royong {code}"),
            (f"mungkin {code.lower()}", "mungkin hadir"),
            (
                f"TIDAK {code}",
                ("tidak bisa datang", "Mau menyumbang sebagai gantinya?", "1. Bahan", "4. Tidak"),
            ),
            ("3", "Tulis keterangan singkat"),
            ("Rp50.000", f"Sumbangan uang untuk gotong royong {code} tercatat"),
        ],
        engine=gotong_engine(),
    )
    for name in ("Pak RT", "Bu RT"):
        row = await rsvp_of(event, name)
        assert row.answer is RsvpAnswer.NO and row.pledge == {"kind": "uang", "note": "Rp50.000"}


async def test_changing_to_hadir_while_the_pledge_is_asked_drops_the_question(rt):
    event = await an_event(rt)
    code = event.code
    await verify_both(
        [
            (f"TIDAK {code}", "Mau menyumbang sebagai gantinya?"),
            (f"HADIR {code}", f"Tercatat: Anda hadir di gotong royong {code}"),
            ("uang", Absent("Tulis keterangan singkat")),  # no longer an answer to the pledge question
        ],
        engine=gotong_engine(),
    )
    for name in ("Pak RT", "Bu RT"):
        row = await rsvp_of(event, name)
        assert row.answer is RsvpAnswer.YES and row.pledge is None


async def test_invitation_buttons_and_the_pledge_after_tidak(rt):
    event = await an_event(rt)
    engine = gotong_engine()
    assert "hadir di gotong royong" in (await press(engine, ANI, f"rsvp:{event.id}:yes")).text
    offer = await press(engine, ANI, f"rsvp:{event.id}:no")
    assert offer.text.startswith(f"Tercatat: Anda tidak bisa datang ke {event.code}.")
    assert [o.value for o in offer.options] == [
        "pledge:bahan",
        "pledge:makanan",
        "pledge:uang",
        "pledge:none",
    ]
    assert "Tulis keterangan" in (await say(engine, ANI, "1")).text
    assert "Sumbangan bahan" in (await say(engine, ANI, "lewati")).text
    assert (await rsvp_of(event, "Ani")).pledge == {"kind": "bahan", "note": None}
    # SMS: no thanks; the flow ends and "tidak" is no longer taken as anything
    await verify_dialog(
        [(f"TIDAK {event.code}", "Mau menyumbang"), ("4", "Baik, terima kasih.")],
        channel="sms",
        sender=BUDI,
        engine=engine,
    )
    budi = await rsvp_of(event, "Budi")
    assert budi.answer is RsvpAnswer.NO and budi.pledge is None
    assert await flow_of(BUDI) is None
    # a question instead of an answer leaves the offer and is answered as usual
    await say(engine, BUDI, f"TIDAK {event.code}")
    await engine.handle(Inbound(BUDI, "apa itu BKM?"))
    assert await flow_of(BUDI) is None


# --------------------------------------------------------------------------- check-in


async def test_the_reminder_on_the_day_has_a_check_in_button_on_chat_only(rt):
    event = await an_event(rt)
    eve, day = datetime(2026, 11, 28, 12, 0, tzinfo=UTC), START - timedelta(hours=2)
    await gotong_royong.send_reminders(event, f"event:{event.id}:reminder:eve", eve, eve, translator)
    await gotong_royong.send_reminders(event, f"event:{event.id}:reminder:h2", day, day, translator)
    ani = await OutboxMessage.filter(identity=ANI, text__startswith="Pengingat").order_by("id")
    assert [row.payload.get("options") for row in ani] == [
        None,
        [["Saya sudah datang", f"checkin:{event.id}"]],
    ]
    budi = await OutboxMessage.filter(identity=BUDI, text__startswith="Pengingat")
    assert len(budi) == 2 and all("options" not in row.payload for row in budi)


async def test_check_in_by_button_and_code_right_and_wrong(rt):
    event = await an_event(rt)
    wrong = "0000" if event.site_code != "0000" else "1111"
    clock = Clock(START - timedelta(hours=2))
    engine = gotong_engine(clock)
    assert (
        "baru dibuka satu jam sebelum mulai"
        in (await press(engine, ANI, f"checkin:{event.id}")).text
    )
    assert await flow_of(ANI) is None
    clock.now = START + timedelta(minutes=15)
    asked = await press(engine, ANI, f"checkin:{event.id}")
    assert asked.text.startswith("Tulis kode absen (4 angka)")
    assert "4 angka" in (await say(engine, ANI, "kode nya lupa")).text
    assert "Kode absen salah" in (await say(engine, ANI, wrong)).text
    assert (await rsvp_of(event, "Ani")).checked_in_at is None
    done = await say(engine, ANI, event.site_code)
    assert done.text == f"Terima kasih sudah datang di gotong royong {event.code}!"
    ani = await rsvp_of(event, "Ani")
    assert (ani.checked_in_at, ani.checked_in_by) == (clock.now, "site_code")
    assert "sudah tercatat datang" in (await press(engine, ANI, f"checkin:{event.id}")).text


async def test_check_in_by_button_stops_after_three_wrong_codes(rt):
    event = await an_event(rt)
    wrong = "0000" if event.site_code != "0000" else "1111"
    engine = gotong_engine(Clock(START))
    await press(engine, ANI, f"checkin:{event.id}")
    for _ in range(2):
        assert "lalu tulis lagi" in (await say(engine, ANI, wrong)).text
    assert (await say(engine, ANI, wrong)).text.startswith("Kode lokasi salah.")
    assert await flow_of(ANI) is None


async def test_check_in_by_sms_right_and_wrong(rt):
    event = await an_event(rt)
    wrong = "0000" if event.site_code != "0000" else "1111"
    await verify_dialog(
        [
            (f"DATANG {event.code} {wrong}", "Kode lokasi salah."),
            (f"datang {event.code} {event.site_code}", "Terima kasih sudah datang"),
        ],
        channel="sms",
        sender=BUDI,
        engine=gotong_engine(Clock(START + timedelta(minutes=5))),
    )
    assert (await rsvp_of(event, "Budi")).checked_in_by == "site_code"


LOCKED = "Minta ketua RT mencatat kehadiran Anda"


async def test_too_many_wrong_site_codes_lock_check_in_on_every_path(rt):
    """A 4-digit code is guessable: after MAX_WRONG_CODES wrong ones for an event, by SMS and by
    button together, even the right code is refused; others go on as before."""
    event = await an_event(rt)
    wrong = "0000" if event.site_code != "0000" else "1111"
    engine = gotong_engine(Clock(START + timedelta(minutes=5)))
    limit = gotong_royong.MAX_WRONG_CODES
    # Budi, by SMS only
    for _ in range(limit - 1):
        assert (await say(engine, BUDI, f"DATANG {event.code} {wrong}")).text.startswith("Kode lokasi salah.")
    assert LOCKED in (await say(engine, BUDI, f"DATANG {event.code} {wrong}")).text
    assert LOCKED in (await say(engine, BUDI, f"DATANG {event.code} {event.site_code}")).text
    assert (await rsvp_of(event, "Budi")).checked_in_at is None
    # Ani, by button (whose own step ends after three) and then by keyword
    await press(engine, ANI, f"checkin:{event.id}")
    for _ in range(3):
        await say(engine, ANI, wrong)
    assert await flow_of(ANI) is None
    for _ in range(limit - 4):
        assert (await say(engine, ANI, f"DATANG {event.code} {wrong}")).text.startswith("Kode lokasi salah.")
    assert LOCKED in (await say(engine, ANI, f"DATANG {event.code} {wrong}")).text
    assert LOCKED in (await press(engine, ANI, f"checkin:{event.id}")).text  # no code asked any more
    assert LOCKED in (await say(engine, ANI, f"DATANG {event.code} {event.site_code}")).text
    assert (await rsvp_of(event, "Ani")).checked_in_at is None
    # Pak RT, who sent nothing wrong, checks in; and ticks Budi from the list
    done = await say(engine, TELEGRAM_SENDER, f"DATANG {event.code} {event.site_code}")
    assert done.text.startswith("Terima kasih sudah datang")
    assert await gotong_royong.check_in(event, (await rsvp_of(event, "Budi")).resident_id, None,
                                        START + timedelta(minutes=6), by="ketua_rt") == "ok"  # fmt: skip


async def test_datang_without_a_site_code_asks_for_it_and_is_no_wrong_try(rt):
    event = await an_event(rt)
    engine = gotong_engine(Clock(START))
    for _ in range(gotong_royong.MAX_WRONG_CODES + 1):
        assert f"DATANG {event.code} 4821" in (await say(engine, BUDI, f"DATANG {event.code}")).text
    done = await say(engine, BUDI, f"DATANG {event.code} {event.site_code}")
    assert done.text.startswith("Terima kasih sudah datang")


# --------------------------------------------------------------------------- ACARA


async def _answers(event: Event, engine: Engine) -> None:
    await say(engine, ANI, f"HADIR {event.code}")
    await say(engine, BUDI, f"TIDAK {event.code}")
    await say(engine, BUDI, "1")
    await say(engine, BUDI, "semen 2 sak")


async def test_acara_shows_the_tally_and_pledges_and_ticks_names(rt):
    event = await an_event(rt)
    clock = Clock()
    engine = gotong_engine(clock)
    await _answers(event, engine)
    clock.now = START + timedelta(minutes=30)
    await verify_dialog(
        [
            (
                "ACARA",
                (
                    f"{event.code} Bersih selokan: diundang 4, hadir 1, mungkin 0, tidak 1, datang 0.",
                    "Minggu, 29 November 2026 pukul 07.00 WIB, Pos ronda.",
                    "Sumbangan: Budi: bahan (semen 2 sak).",
                    "1. Daftar hadir",
                    "2. Ubah waktu/tempat",
                    "3. Batalkan",
                ),
            ),
            (
                "1",
                (
                    f"Daftar hadir {event.code}:",
                    "1. Ani (hadir)",
                    "2. Bu RT (belum menjawab)",
                    "3. Pak RT (belum menjawab)",
                    "4. Budi (tidak)",
                    "Balas 1-4",
                    Absent("+62"),
                    Absent("tg:"),
                ),
            ),
            (
                "1 3",
                (f"Dicentang datang: Ani, Pak RT. Yang datang di {event.code} sekarang 2 orang."),
            ),
            ("/acara", "datang 2."),
            ("1", ("1. Ani (hadir, sudah datang)", "3. Pak RT (belum menjawab, sudah datang)")),
            ("9", "Balas nomor 1 sampai 4"),
        ],
        sender=TELEGRAM_SENDER,
        engine=engine,
    )
    ani = await rsvp_of(event, "Ani")
    assert (ani.checked_in_at, ani.checked_in_by) == (clock.now, "ketua_rt")
    assert (await rsvp_of(event, "Budi")).checked_in_at is None


async def test_acara_lists_several_events_on_sms_and_ticking_is_refused_before_the_day(rt):
    first = await an_event(rt)
    second = await an_event(rt, title="Ronda malam", starts_at=START + timedelta(days=7))
    await verify_dialog(
        [
            (
                "ACARA",
                (
                    "Gotong royong RT Anda:",
                    f"1. {first.code} Bersih selokan",
                    f"2. {second.code} Ronda malam",
                ),
            ),
            ("2", (f"{second.code} Ronda malam: diundang 4", "Belum ada janji sumbangan.")),
            ("1", "Daftar hadir"),
            ("2", "baru dibuka satu jam sebelum mulai"),
        ],
        channel="sms",
        sender=SMS_SENDER,
        engine=gotong_engine(),
    )
    assert not await Rsvp.filter(checked_in_at__not_isnull=True).exists()


async def test_a_resident_sees_the_rts_events_and_their_own_answer(rt):
    event = await an_event(rt)
    engine = gotong_engine()
    await say(engine, ANI, f"MUNGKIN {event.code}")
    await verify_dialog(
        [
            (
                "ACARA",
                (
                    f"{event.code} Bersih selokan",
                    "Pos ronda",
                    "Jawaban Anda: mungkin.",
                    Absent("diundang"),
                ),
            )
        ],
        sender=ANI,
        engine=engine,
    )
    await verify_dialog(
        [("acara", "Jawaban Anda: belum menjawab.")], channel="sms", sender=BUDI, engine=engine
    )
    await verify_dialog(
        [("ACARA", "Belum ada gotong royong di RT Anda.")], sender="tg:205", engine=engine
    )


async def test_moving_an_event_tells_everyone_invited(rt):
    event = await an_event(rt)
    engine = gotong_engine()
    await say(engine, BUDI, f"TIDAK {event.code}")  # said no: still told
    await verify_dialog(
        [
            ("ACARA", "2. Ubah waktu/tempat"),
            ("2", (WHEN_Q, "ketik tetap")),
            ("kemarin", "waktunya tidak saya pahami"),
            ("6/12 07.00", ("Tempat sekarang: Pos ronda", "1. Tetap")),
            (
                "Balai RT",
                (
                    f"Gotong royong {event.code} sekarang Minggu, 6 Desember 2026 pukul 07.00 WIB di Balai RT.",
                    "4 warga yang diundang diberi tahu.",
                ),
            ),
            ("ACARA", "2. Ubah waktu/tempat"),
            ("2", WHEN_Q),
            ("tetap", "Tempat sekarang: Balai RT"),
            ("tetap", "Tidak ada yang diubah."),
        ],
        sender=TELEGRAM_SENDER,
        engine=engine,
    )
    moved = await Event.get(id=event.id)
    assert (moved.starts_at, moved.place) == (datetime(2026, 12, 6, 0, 0, tzinfo=UTC), "Balai RT")
    told = await OutboxMessage.filter(
        text__startswith=f"Perubahan gotong royong {event.code}"
    ).values_list("identity", flat=True)
    assert sorted(told) == sorted(
        [TELEGRAM_SENDER, SMS_SENDER, ANI, BUDI]
    )  # not Dedi of the next RT


async def test_cancelling_an_event_asks_first_then_tells_everyone_invited(rt):
    event = await an_event(rt)
    await verify_both(
        [
            ("ACARA", "3. Batalkan"),
            (
                "3",
                (
                    "Batalkan gotong royong",
                    "Semua warga yang diundang akan diberi tahu",
                    "1. Ya, batalkan",
                ),
            ),
            ("tidak", "tidak dibatalkan"),
        ],
        engine=gotong_engine(),
    )
    assert (await Event.get(id=event.id)).status is EventStatus.OPEN
    await verify_dialog(
        [
            ("ACARA", "3. Batalkan"),
            ("3", "Batalkan gotong royong"),
            ("ya", "dibatalkan. 4 warga yang diundang diberi tahu."),
        ],
        channel="sms",
        sender=SMS_SENDER,
        engine=gotong_engine(),
    )
    assert (await Event.get(id=event.id)).status is EventStatus.CANCELLED
    told = await OutboxMessage.filter(
        text__contains=f"{event.code} (Bersih selokan) dibatalkan"
    ).values_list("identity", flat=True)
    assert sorted(told) == sorted([TELEGRAM_SENDER, SMS_SENDER, ANI, BUDI])
    await verify_dialog(
        [("ACARA", "Belum ada gotong royong yang akan datang")], sender=TELEGRAM_SENDER
    )


# --------------------------------------------------------------------------- WAKTU


async def test_free_times_then_the_rt_head_sees_the_best_slots(rt):
    for channel, sender, answer in (("telegram", ANI, "1 4"), ("sms", BUDI, "4,5")):
        await verify_dialog(
            [
                (
                    "WAKTU",
                    (
                        "Kapan Anda biasanya bisa ikut",
                        "1. Malam hari kerja",
                        "2. Sabtu pagi",
                        "5. Minggu sore",
                        "Balas 1-5, boleh beberapa sekaligus",
                    ),
                ),
                ("7", "Balas nomor 1 sampai 5"),
                (answer, "Tercatat, Anda biasanya bisa:"),
            ],
            channel=channel,
            sender=sender,
            engine=gotong_engine(),
        )
    assert (await Availability.get(resident__name="Ani")).slots == [
        "weekday_evening",
        "sunday_morning",
    ]
    await verify_dialog(
        [("MENU", "Waktu luang saya"), ("waktu", "Sekarang: Minggu pagi, Minggu sore.")],
        channel="sms",
        sender=BUDI,
    )
    await verify_both(
        [
            (
                "GOTONG",
                (
                    "Waktu luang warga: Minggu pagi (2), Malam hari kerja (1), Minggu sore (1).",
                    TITLE_Q,
                ),
            )
        ],
        engine=gotong_engine(),
    )


async def test_a_ketua_creates_for_the_rt_they_head_not_where_they_live(rt):
    """Living in RT 003 but heading RT 002: the event is RT 002's."""
    other = "JMB.ALB.MYM.RW02.RT002"
    await person("tg:400", area=RT, role=RoleKind.KETUA_RT, role_area=other)
    engine = gotong_engine()
    for text in ("GOTONG", "Kerja", "29/11 07.00", "Balai", "lewati", "1", "1"):
        reply = await say(engine, "tg:400", text)
    assert "tersimpan" in reply.text
    [event] = await Event.all()
    assert event.area_id == (await Area.get(code=other)).id
    assert await Role.filter(resident__identities__value="tg:400").count() == 1
