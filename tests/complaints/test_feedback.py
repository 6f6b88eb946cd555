""" "Sudah beres?" on the telegram and sms renderings, on both databases: the selesai notice asks
it (buttons on Telegram, numbers within the SMS budget); `1` then a rating and a reason; `2` and
`3` reopen to diproses and take the resident's words for the officer; the third "belum"
escalates one level; after 14 days the question is gone; a bare number answers whichever
question was put last, the notice's or the conversation's."""

from __future__ import annotations

from datetime import timedelta

from bot.channels.render import render_sms, telegram_lines
from bot.cli.complaints import show_lines
from bot.i18n import translator
from handlers.complaints import fixed, levels, lifecycle, service
from handlers.complaints.access import OPERATOR_VIEWER
from handlers.complaints.calendar import add_working_days
from handlers.messages import Inbound
from handlers.outbox.queue import outbound_of
from handlers.residents import service as residents
from models import (
    Area,
    Complaint,
    ComplaintEvent,
    ComplaintFeedback,
    ComplaintStatus,
    FixedAnswer,
    OpenQuestion,
    OutboxMessage,
    Resident,
    RoleKind,
)
from tests import test_dialogs
from tests.announcements.test_dialogs import person
from tests.conftest import FROZEN_NOW as NOW
from tests.fixtures.dialog import (
    SMS_SENDER,
    TELEGRAM_SENDER,
    Absent,
    _check_sms,
    new_engine,
    verify_dialog,
)

areas = test_dialogs.areas  # the demo areas fixture

RT = "JMB.ALB.MYM.RW01.RT001"
KELURAHAN = "JMB.ALB.MYM"
KECAMATAN = "JMB.ALB"
KOTA = "JMB"
SENDERS = (("telegram", TELEGRAM_SENDER), ("sms", SMS_SENDER))
ADMIN = "tg:9001"
CAMAT = "tg:9002"
KETUA = "sms:+6281299990003"
ASKED = "Sudah beres?"


async def officers() -> None:
    """An admin of the kelurahan, one of the kecamatan, and the RT's ketua."""
    await person(ADMIN, role=RoleKind.ADMIN, role_area=KELURAHAN)
    await person(CAMAT, role=RoleKind.ADMIN, role_area=KECAMATAN)
    await person(KETUA, area=RT, role=RoleKind.KETUA_RT)


async def reporter(sender: str) -> Resident:
    return await person(sender, area=RT)


async def file(who: Resident, channel: str, text: str = "Lampu jalan di gang mawar mati") -> str:
    filed = await service.file(
        who.id,
        category="lampu",
        description=text,
        channel="sms" if channel == "sms" else "shell",
        now=NOW,
        translate=translator,
    )
    return filed.complaint.ticket


async def close(ticket: str, note: str | None = "Lampu sudah diganti", at=NOW) -> None:
    """The operator marks it selesai (from diterima the lifecycle records the skipped stages)."""
    await service.change_status(
        OPERATOR_VIEWER, ticket, ComplaintStatus.SELESAI, now=at, translate=translator, note=note
    )


async def notices(identity: str) -> list[OutboxMessage]:
    return list(await OutboxMessage.filter(identity=identity).order_by("id"))


async def texts(identity: str) -> list[str]:
    return [m.text for m in await notices(identity)]


def rendered(row: OutboxMessage, channel: str) -> str:
    outbound = outbound_of(row)
    if channel == "sms":
        sms = render_sms(outbound)
        return f"{sms.text}\n[sms segments={sms.segments} encoding={sms.encoding}]"
    return "\n".join(telegram_lines(outbound))


# --- the question --------------------------------------------------------------------------------


async def test_the_selesai_notice_asks_with_buttons_or_numbers_within_the_sms_budget(areas):
    for channel, sender in SENDERS:
        siti = await reporter(sender)
        ticket = await file(siti, channel)
        await close(
            ticket, note="Lampu sudah diganti dengan lampu LED baru oleh petugas kelurahan " * 5
        )
        row = (await notices(sender))[-1]
        assert row.text.startswith(f"Laporan #{ticket} sudah selesai ditangani (status: selesai).")
        assert row.text.endswith(f"Ketik CEK {ticket} untuk melihat riwayatnya. {ASKED}")
        assert row.payload["options"] == [
            ["Ya", f"ask:complaint.fixed:{ticket}:ya"],
            ["Belum", f"ask:complaint.fixed:{ticket}:belum"],
            ["Sebagian", f"ask:complaint.fixed:{ticket}:sebagian"],
        ]
        shown = rendered(row, channel)
        assert shown.endswith(
            "1. Ya\n2. Belum\n3. Sebagian"
            + ("\nBalas 1, 2, atau 3.\n[sms segments=3 encoding=gsm7]" if channel == "sms" else "")
        )
        if channel == "sms":
            _check_sms(shown + "\n", "the selesai notice", 3)
            assert (
                "Catatan petugas: Lampu sudah diganti" in shown and "..." in shown
            )  # the long note was cut
        else:  # nothing is cut where there is room
            assert row.text.count("Lampu sudah diganti dengan lampu LED") == 5
        [question] = await OpenQuestion.filter(resident_id=siti.id)
        assert (question.kind, question.ref, question.options) == (
            "complaint.fixed",
            ticket,
            ["ya", "belum", "sebagian"],
        )
        assert question.expires_at == NOW + timedelta(days=14)
        complaint = await Complaint.get(ticket=ticket)
        assert complaint.closed_at == NOW


async def test_a_short_selesai_notice_on_sms_is_sent_whole(areas):
    siti = await reporter(SMS_SENDER)
    ticket = await file(siti, "sms")
    await close(ticket, note="Sudah diganti")
    shown = rendered((await notices(SMS_SENDER))[-1], "sms")
    assert (
        f"Catatan petugas: Sudah diganti. Ketik CEK {ticket} untuk melihat riwayatnya. Sudah beres?\n1. Ya"
        in shown
    )
    assert "[sms segments=2 encoding=gsm7]" in shown


# --- 1 Ya: a rating and a reason -------------------------------------------------------------------


async def test_ya_then_a_rating_and_a_reason(areas):
    engine = new_engine()
    for channel, sender in SENDERS:
        siti = await reporter(sender)
        ticket = await file(siti, channel)
        await close(ticket)
        await verify_dialog(
            [
                (
                    "1",
                    (
                        f"Terima kasih! Laporan #{ticket} sudah beres.",
                        "Seberapa puas Anda dengan penanganannya?",
                        "1. Sangat kurang",
                        "5. Sangat baik",
                    ),
                ),
                ("4", ("Ada alasan atau saran?", "1. Lewati")),
                ("Petugasnya datang cepat", "Terima kasih atas penilaian dan saran Anda."),
                (
                    f"CEK {ticket}",
                    ("Status: selesai.", "dinilai 4 dari 5", Absent("Petugasnya datang cepat")),
                ),
            ],
            channel=channel,
            sender=sender,
            engine=engine,
        )
        [answer] = await ComplaintFeedback.filter(complaint__ticket=ticket)
        assert (answer.answer, answer.rating, answer.comment, answer.resident_id) == (
            FixedAnswer.YA,
            4,
            "Petugasnya datang cepat",
            siti.id,
        )
        assert not await OpenQuestion.exists(resident_id=siti.id)  # answered: gone
        assert (await Complaint.get(ticket=ticket)).status is ComplaintStatus.SELESAI
        shown = "\n".join(await show_lines(ticket))  # kabarrt complaints show
        assert "Feedback:\n" in shown and "  ya  rating 4/5  Petugasnya datang cepat" in shown, (
            shown
        )


async def test_ya_with_the_reason_skipped(areas):
    engine = new_engine()
    for channel, sender in SENDERS:
        siti = await reporter(sender)
        ticket = await file(siti, channel)
        await close(ticket)
        await verify_dialog(
            [
                ("1", "Seberapa puas"),
                ("9", "Seberapa puas"),
                ("5", "Ada alasan"),
                ("lewati", "Terima kasih"),
            ],
            channel=channel,
            sender=sender,
            engine=engine,
        )
        [answer] = await ComplaintFeedback.filter(complaint__ticket=ticket)
        assert (answer.rating, answer.comment) == (5, None)


# --- 2 Belum, 3 Sebagian: reopened ----------------------------------------------------------------


async def test_belum_reopens_to_diproses_and_takes_the_words_for_the_officer(areas):
    await officers()
    engine = new_engine()
    for channel, sender in SENDERS:
        siti = await reporter(sender)
        ticket = await file(siti, channel)
        await close(ticket)
        before = len(await texts(ADMIN)), len(await texts(KETUA))
        await verify_dialog(
            [
                (
                    "2",
                    (
                        f"Laporan #{ticket} dibuka kembali dan ditangani lagi (status: diproses).",
                        "Apa yang masih belum beres?",
                        "1. Lewati",
                    ),
                ),
                (
                    "Lampunya mati lagi sejak kemarin malam",
                    f"sudah kami teruskan ke petugas yang menangani laporan #{ticket}",
                ),
                (
                    f"CEK {ticket}",
                    ("Status: diproses.", "dibuka kembali: diproses", Absent("Lampunya mati lagi")),
                ),  # the words are for the officer
            ],
            channel=channel,
            sender=sender,
            engine=engine,
        )
        complaint = await Complaint.get(ticket=ticket)
        assert complaint.status is ComplaintStatus.DIPROSES
        assert (complaint.reopened, complaint.closed_at) == (1, None)
        assert complaint.counted_from is not None and complaint.counted_from > NOW
        # the deadline to close it is counted again from the reopening
        place = await Area.get(code=RT)
        assert complaint.due_stage == "selesai"
        assert complaint.due_at == add_working_days(complaint.counted_from, 10, place.code, place.timezone)
        reopening = (
            await ComplaintEvent.filter(complaint=complaint).order_by("-id").offset(1).first()
        )
        assert (
            reopening.from_status,
            reopening.to_status,
            reopening.actor,
            reopening.actor_resident_id,
        ) == (ComplaintStatus.SELESAI, ComplaintStatus.DIPROSES, "resident", siti.id)
        words = await ComplaintEvent.filter(complaint=complaint).order_by("-id").first()
        assert (words.note, words.public, words.to_status) == (
            "Lampunya mati lagi sejak kemarin malam",
            False,
            None,
        )
        [answer] = await ComplaintFeedback.filter(complaint=complaint)
        assert (answer.answer, answer.comment) == (
            FixedAnswer.BELUM,
            "Lampunya mati lagi sejak kemarin malam",
        )
        # the handling officers hear of it, briefly, never who
        told = [(await texts(ADMIN))[before[0] :], (await texts(KETUA))[before[1] :]]
        for news in told:
            assert news == [
                f"Laporan #{ticket} (Lampu jalan, RT 001) dibuka kembali: warga menyatakan belum beres "
                f"(status: diproses). Ketik CEK {ticket}."
            ]
        # the officer reads the words in the history
        await verify_dialog(
            [
                (
                    f"CEK {ticket}",
                    (
                        "dibuka kembali: diproses",
                        "catatan pelapor: Lampunya mati lagi sejak kemarin malam",
                    ),
                )
            ],
            channel="telegram",
            sender=ADMIN,
            engine=engine,
        )


async def test_sebagian_reopens_and_the_words_may_be_skipped(areas):
    await officers()
    engine = new_engine()
    for channel, sender in SENDERS:
        siti = await reporter(sender)
        ticket = await file(siti, channel)
        await close(ticket)
        await verify_dialog(
            [
                (
                    "3",
                    (
                        "dibuka kembali dan ditangani lagi (status: diproses)",
                        "Bagian mana yang belum beres?",
                    ),
                ),
                ("1", "Baik. Terima kasih atas jawaban Anda."),
            ],
            channel=channel,
            sender=sender,
            engine=engine,
        )
        complaint = await Complaint.get(ticket=ticket)
        assert (complaint.status, complaint.reopened) == (ComplaintStatus.DIPROSES, 1)
        [answer] = await ComplaintFeedback.filter(complaint=complaint)
        assert (answer.answer, answer.comment) == (FixedAnswer.SEBAGIAN, None)
        assert not await ComplaintEvent.filter(complaint=complaint, public=False).exists()
        assert "baru sebagian beres" in (await texts(ADMIN))[-1]


async def test_the_third_belum_escalates_one_level_instead(areas):
    await officers()
    engine = new_engine()
    for channel, sender in SENDERS:
        siti = await reporter(sender)
        ticket = await file(siti, channel)
        for _ in range(lifecycle_reopenings := 2):
            await close(ticket)
            await verify_dialog(
                [("2", "dibuka kembali dan ditangani lagi"), ("lewati", "Terima kasih")],
                channel=channel,
                sender=sender,
                engine=engine,
            )
        assert (await Complaint.get(ticket=ticket)).reopened == lifecycle_reopenings
        camat = len(await texts(CAMAT))
        await close(ticket)
        await verify_dialog(
            [
                (
                    "2",
                    f"Laporan #{ticket} dibuka kembali dan dinaikkan ke Kecamatan Alam Barajo (status: diproses).",
                ),
                ("Masih gelap", "sudah kami teruskan"),
                (f"CEK {ticket}", ("dinaikkan ke Kecamatan Alam Barajo", "Status: diproses.")),
            ],
            channel=channel,
            sender=sender,
            engine=engine,
        )
        complaint = await Complaint.get(ticket=ticket).prefetch_related("handler")
        assert complaint.handler.code == KECAMATAN and complaint.escalated_at is not None
        assert (complaint.status, complaint.reopened) == (ComplaintStatus.DIPROSES, 2)
        news = (await texts(CAMAT))[camat:]
        assert news == [
            f"Laporan #{ticket} (Lampu jalan, RT 001) dinaikkan ke Kecamatan Alam Barajo: warga "
            "kembali menyatakan belum beres sesudah laporan ini dua kali dibuka kembali. "
            f"Ketik CEK {ticket}."
        ]
        assert (await texts(ADMIN))[-1] == news[0]  # the kelurahan hears it too
        assert "dibuka kembali" in (await texts(KETUA))[-1]
        shown = "\n".join(await show_lines(ticket))  # kabarrt complaints show
        assert "Reopened: 2" in shown and "escalated  system  Kecamatan Alam Barajo" in shown, shown


# --- expiry and which question a number answers ------------------------------------------------------


async def test_after_14_days_the_question_is_gone_and_1_means_what_it_meant_before(areas):
    for channel, sender in SENDERS:
        siti = await reporter(sender)
        ticket = await file(siti, channel)
        await verify_dialog([("MENU", "1. Info program")], channel=channel, sender=sender)
        await close(ticket)
        later = new_engine(clock=lambda: NOW + fixed.LASTS + timedelta(minutes=1))
        await verify_dialog(
            [("1", ("Program", Absent("Seberapa puas"), Absent("dibuka kembali")))],
            channel=channel,
            sender=sender,
            engine=later,
        )
        assert not await OpenQuestion.exists(resident_id=siti.id)
        assert not await ComplaintFeedback.exists(complaint__ticket=ticket)
        assert (await Complaint.get(ticket=ticket)).status is ComplaintStatus.SELESAI


async def test_a_number_answers_the_notice_asked_after_the_menu(areas):
    engine = new_engine()
    for channel, sender in SENDERS:
        siti = await reporter(sender)
        ticket = await file(siti, channel)
        await verify_dialog(
            [("MENU", "1. Info program")], channel=channel, sender=sender, engine=engine
        )
        await close(ticket)
        await verify_dialog(
            [("1", ("Seberapa puas", Absent("Program")))],
            channel=channel,
            sender=sender,
            engine=engine,
        )


async def test_a_number_answers_the_menu_shown_after_the_notice(areas):
    engine = new_engine()
    for channel, sender in SENDERS:
        siti = await reporter(sender)
        ticket = await file(siti, channel)
        await close(ticket)
        await verify_dialog(
            [("MENU", "1. Info program"), ("1", ("Program", Absent("Seberapa puas")))],
            channel=channel,
            sender=sender,
            engine=engine,
        )
        assert await OpenQuestion.exists(resident_id=siti.id, ref=ticket)  # still open for later
        assert not await ComplaintFeedback.exists(complaint__ticket=ticket)


async def test_a_number_answers_a_flow_step_asked_again_after_the_notice(areas):
    """The same menu shown again after the notice is a new prompt: the number is its answer."""
    engine = new_engine()
    for channel, sender in SENDERS:
        siti = await reporter(sender)
        ticket = await file(siti, channel)
        await verify_dialog(
            [("MENU", "1. Info program")], channel=channel, sender=sender, engine=engine
        )
        await close(ticket)
        await verify_dialog(
            [("MENU", "1. Info program"), ("1", ("Program", Absent("Seberapa puas")))],
            channel=channel,
            sender=sender,
            engine=engine,
        )


async def test_a_number_answers_the_notice_asked_after_a_flow_question(areas):
    engine = new_engine()
    for channel, sender in SENDERS:
        siti = await reporter(sender)
        ticket = await file(siti, channel)
        await verify_dialog(
            [("ADUAN selokan di gang mawar mampet", "Balas 1 kalau tebakan kami benar")],
            channel=channel,
            sender=sender,
            engine=engine,
        )
        await close(ticket)
        await verify_dialog(
            [("1", ("Seberapa puas", Absent("Siapa yang boleh tahu")))],
            channel=channel,
            sender=sender,
            engine=engine,
        )
        assert await ComplaintFeedback.exists(complaint__ticket=ticket, answer=FixedAnswer.YA)


async def test_a_number_answers_the_flow_question_asked_after_the_notice(areas):
    engine = new_engine()
    for channel, sender in SENDERS:
        siti = await reporter(sender)
        ticket = await file(siti, channel)
        await close(ticket)
        await verify_dialog(
            [
                ("ADUAN selokan di gang mawar mampet", "Balas 1 kalau tebakan kami benar"),
                ("1", ("Siapa yang boleh tahu Anda pengirimnya?", Absent("Seberapa puas"))),
                ("1", ("Laporan Anda sudah kami terima", Absent("Seberapa puas"))),
            ],
            channel=channel,
            sender=sender,
            engine=engine,
        )
        assert not await ComplaintFeedback.exists(complaint__ticket=ticket)
        assert await OpenQuestion.exists(
            resident_id=siti.id, ref=ticket
        )  # still open: no flow asks now
        await verify_dialog(
            [("2", "dibuka kembali")], channel=channel, sender=sender, engine=engine
        )
        # closed, so the next sender's drain complaint is not offered to join this one
        newest = await Complaint.filter(reporter_id=siti.id).order_by("-id").first()
        await close(newest.ticket)


async def test_the_most_recent_of_two_notices_is_answered_first(areas):
    engine = new_engine()
    siti = await reporter(SMS_SENDER)
    first, second = (
        await file(siti, "sms", "Lampu gang mawar mati"),
        await file(siti, "sms", "Selokan mampet"),
    )
    await close(first)
    await close(second)
    await verify_dialog(
        [
            ("2", f"Laporan #{second} dibuka kembali"),
            ("lewati", "Terima kasih"),
            ("3", f"Laporan #{first} dibuka kembali"),
        ],
        channel="sms",
        sender=SMS_SENDER,
        engine=engine,
    )


async def test_a_notice_button_answers_its_question_once_then_is_stale(areas):
    engine = new_engine()
    tg = "tg:5001"
    siti = await reporter(tg)
    filed = await service.file(
        siti.id,
        category="lampu",
        description="Lampu mati",
        channel="telegram",
        now=NOW,
        translate=translator,
    )
    ticket = filed.complaint.ticket
    await close(ticket)
    [_, belum, _] = (await notices(tg))[-1].payload["options"]
    await verify_dialog([("MENU", "1. Info program")], channel="telegram", sender=tg, engine=engine)

    async def press(value: str, key: str) -> str:
        replies = await engine.handle(Inbound(identity=tg, choice=value, message_key=key))
        return "\n".join(r.text for r in replies)

    # the menu was shown after the notice, yet the notice's own button answers the notice
    assert f"Laporan #{ticket} dibuka kembali" in await press(belum[1], "press-1")
    assert (await Complaint.get(ticket=ticket)).status is ComplaintStatus.DIPROSES
    assert (await press(belum[1], "press-2")).startswith("Pilihan itu sudah tidak berlaku.")
    assert (await Complaint.get(ticket=ticket)).reopened == 1


async def test_another_residents_question_cannot_be_answered(areas):
    engine = new_engine()
    siti = await reporter("tg:5001")
    await person("tg:5002", area=RT)
    filed = await service.file(
        siti.id,
        category="lampu",
        description="Lampu mati",
        channel="telegram",
        now=NOW,
        translate=translator,
    )
    await close(filed.complaint.ticket)
    value = f"ask:complaint.fixed:{filed.complaint.ticket}:belum"
    replies = await engine.handle(Inbound(identity="tg:5002", choice=value, message_key="press-x"))
    assert replies[0].text == "Pilihan itu sudah tidak berlaku."
    await verify_dialog(
        [("2", Absent("dibuka kembali"))], channel="telegram", sender="tg:5002", engine=engine
    )
    assert (await Complaint.get(id=filed.complaint.id)).status is ComplaintStatus.SELESAI


# --- the service underneath ------------------------------------------------------------------------


def test_only_selesai_reopens_and_only_to_diproses():
    assert lifecycle.reopen(ComplaintStatus.SELESAI) is ComplaintStatus.DIPROSES
    for status in ComplaintStatus:
        if status is not ComplaintStatus.SELESAI:
            try:
                lifecycle.reopen(status)
            except lifecycle.Refused as refused:
                assert refused.why == "reopen"
            else:
                raise AssertionError(f"{status} reopened")
    # and `steps` still refuses every move out of selesai
    for target in ComplaintStatus:
        try:
            lifecycle.steps(ComplaintStatus.SELESAI, target, note="x", duplicate_of="X")
        except lifecycle.Refused:
            continue
        raise AssertionError(f"selesai -> {target} allowed")


async def test_escalation_goes_kelurahan_kecamatan_kota_then_stops(areas):
    siti = await reporter(SMS_SENDER)
    ticket = await file(siti, "sms")
    complaint = await Complaint.get(ticket=ticket)
    went = []
    for _ in range(3):
        higher = await levels.escalate(complaint, why=levels.OVERDUE, now=NOW, translate=translator)
        went.append(higher.code if higher else None)
    assert went == [KECAMATAN, KOTA, None]
    assert (await Area.get(id=complaint.handler_id)).code == KOTA
    notes = (
        await ComplaintEvent.filter(complaint=complaint, actor="system")
        .order_by("id")
        .values_list("note", flat=True)
    )
    assert notes == ["Kecamatan Alam Barajo", "Kota Jambi"]


async def test_a_merge_brings_answers_and_open_questions_along(areas):
    """Two identities of one person: the feedback and the questions put to the other side move to
    the one kept (one question per ticket), so a bare number still answers it."""
    keep, other = await reporter(SMS_SENDER), await reporter("tg:5003")
    both, only = (
        await file(keep, "sms", "Lampu mati"),
        await file(other, "telegram", "Selokan mampet"),
    )
    await close(both)
    await service.change_status(
        OPERATOR_VIEWER, only, ComplaintStatus.SELESAI, now=NOW, translate=translator
    )
    await fixed.ask(other.id, both, translator("id"), NOW)  # the same question put to both sides
    await ComplaintFeedback.create(
        complaint=await Complaint.get(ticket=only),
        resident=other,
        answer=FixedAnswer.YA,
        rating=5,
        at=NOW,
    )
    await residents.merge(keep, other)
    assert sorted(
        await OpenQuestion.filter(resident_id=keep.id).values_list("ref", flat=True)
    ) == sorted([both, only])
    assert await ComplaintFeedback.filter(resident_id=keep.id).count() == 1
    assert not await OpenQuestion.filter(resident_id=other.id).exists()
