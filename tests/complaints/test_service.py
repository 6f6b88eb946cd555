"""The complaint service on both databases: filing (limits, long and empty descriptions, routing),
notifications through the outbox, status changes with who and when, who sees what (a hypothesis
property over random role sets and areas), audited identity views, and HAPUS DATA on a reporter."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import bot.db
from bot.i18n import translator
from handlers.announcements.audience import Grant, within
from handlers.complaints import access, categories, service
from handlers.complaints.access import OPERATOR_VIEWER, Viewer
from handlers.complaints.lifecycle import Refused
from handlers.complaints.service import ComplaintError, NotFound
from handlers.messages import Priority
from handlers.outbox.queue import row_priority
from handlers.residents import service as residents
from handlers.residents.area_import import import_areas_file
from models import (
    Area,
    Complaint,
    ComplaintEvent,
    ComplaintStatus,
    ComplaintSupporter,
    Identity,
    IdentityView,
    OutboxMessage,
    Resident,
    Role,
    RoleKind,
    Visibility,
)
from tests.conftest import FROZEN_NOW as NOW

RT = "JMB.ALB.MYM.RW01.RT001"
NEIGHBOUR_RT = "JMB.ALB.MYM.RW01.RT002"
KELURAHAN = "JMB.ALB.MYM"
OTHER_KELURAHAN = "JMB.ALB.BGP"
OTHER_RT = "JMB.ALB.BGP.RW01.RT001"

WARGA_SMS, WARGA_TG, TETANGGA = "sms:+6281211110001", "tg:5550001", "sms:+6281211110002"
KETUA, KETUA_TETANGGA, ADMIN, ADMIN_LAIN, PETUGAS = "tg:7000001", "sms:+6281277770002", "tg:7000003", "tg:7000004", "tg:7000005"


async def person(identity: str, rt: str | None, name: str, role: tuple[RoleKind, str] | None = None) -> Resident:
    area = await Area.get(code=rt) if rt else None
    resident = await Resident.create(name=name, area=area, registered_at=NOW)
    await Identity.create(value=identity, channel="sms" if identity.startswith("sms:") else "telegram", resident=resident)
    if role:
        await Role.create(resident=resident, kind=role[0], area=await Area.get(code=role[1]))
    return resident


@pytest.fixture
async def town(db):
    assert (await import_areas_file(bot.db.DEMO_AREAS)).ok
    return {
        "warga": await person(WARGA_SMS, RT, "Siti"),
        "warga_tg": await person(WARGA_TG, RT, "Budi"),
        "tetangga": await person(TETANGGA, NEIGHBOUR_RT, "Rina"),
        "ketua": await person(KETUA, RT, "Pak RT", (RoleKind.KETUA_RT, RT)),
        "ketua_tetangga": await person(KETUA_TETANGGA, NEIGHBOUR_RT, "Pak RT 2", (RoleKind.KETUA_RT, NEIGHBOUR_RT)),
        "admin": await person(ADMIN, None, "Bu Lurah", (RoleKind.ADMIN, KELURAHAN)),
        "admin_lain": await person(ADMIN_LAIN, None, "Pak Lurah", (RoleKind.ADMIN, OTHER_KELURAHAN)),
        "petugas": await person(PETUGAS, None, "Petugas Data", (RoleKind.PETUGAS_DATA, KELURAHAN)),
    }


async def file(who: Resident, text: str = "Selokan di gang mawar tersumbat sampah", *, at=NOW, **extra) -> Complaint:
    extra.setdefault("category", "drainase")
    filed = await service.file(who.id, description=text, channel=extra.pop("channel", "sms"), now=at,
                               translate=translator, **extra)  # fmt: skip
    return filed.complaint


async def as_viewer(resident: Resident) -> Viewer:
    return await access.viewer(resident.id)


def outbox_to(identity: str) -> list[OutboxMessage]:
    return OutboxMessage.filter(identity=identity).order_by("id")


# --------------------------------------------------------------------------- filing


async def test_filing_makes_a_ticket_routes_to_the_kelurahan_and_records_diterima(town):
    complaint = await file(town["warga"], landmark="depan masjid", latitude=-1.6, longitude=103.6)
    assert complaint.status is ComplaintStatus.DITERIMA and len(complaint.ticket) == 5
    assert (await Area.get(id=complaint.area_id)).code == RT
    assert (await Area.get(id=complaint.handler_id)).code == KELURAHAN
    [event] = await ComplaintEvent.filter(complaint_id=complaint.id)
    assert (event.from_status, event.to_status, event.actor, event.actor_resident_id) == (
        None, ComplaintStatus.DITERIMA, "resident", town["warga"].id)  # fmt: skip
    assert event.at == NOW


async def test_every_shipped_category_starts_at_the_kelurahan(town):
    for item in categories.categories():
        assert categories.handler_code(RT, item.code) == KELURAHAN


@pytest.mark.parametrize(
    ("text", "code"),
    [("ADUAN selokan depan rumah mampet", "drainase"), ("lampu jalan di gang 3 padam", "lampu"),
     ("sampah belum diangkut seminggu", "sampah"), ("penilaian kampung bantar tidak adil", "program"), ("dana RT dipotong", "dana-program"),
     ("ada yang aneh", "lainnya"), ("jalan berlubang dekat sekolah", "jalan"),
     ("lampu jalan di gang mawar mati sejak senin", "lampu")],
)  # fmt: skip
def test_the_category_is_guessed_from_keywords(text, code):
    assert categories.guess(text) == code


async def test_a_long_description_is_kept_up_to_the_limit_and_flagged(town):
    filed = await service.file(town["warga"].id, category="jalan", description="x" * 10_000, channel="sms",
                               now=NOW, translate=translator)  # fmt: skip
    assert filed.cut
    stored = await Complaint.get(id=filed.complaint.id)
    assert len(stored.description) == service.MAX_DESCRIPTION and stored.description_cut
    short = await file(town["warga"], "pendek")
    assert not short.description_cut


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
async def test_an_empty_description_is_refused_and_nothing_stored(town, text):
    with pytest.raises(ComplaintError) as refused:
        await file(town["warga"], text)
    assert refused.value.text(translator("id")) == "Isi laporan masih kosong. Tuliskan apa yang terjadi."
    assert not await Complaint.exists() and not await OutboxMessage.exists()


async def test_the_daily_limit(town):
    for n in range(5):
        await file(town["warga"], f"laporan {n}", at=NOW + timedelta(minutes=n))
    with pytest.raises(ComplaintError) as refused:
        await file(town["warga"], "keenam", at=NOW + timedelta(hours=1))
    assert "5 laporan dalam 24 jam" in refused.value.text(translator("id"))
    assert await Complaint.filter(reporter_id=town["warga"].id).count() == 5
    await file(town["warga_tg"], "orang lain boleh", channel="telegram")  # the limit is per resident
    await file(town["warga"], "besoknya boleh lagi", at=NOW + timedelta(hours=24, minutes=5))
    with pytest.raises(ComplaintError):
        await file(town["warga_tg"], "dua", daily_limit=1, channel="telegram")


async def test_no_place_and_unknown_category_are_refused(town):
    homeless = await person("sms:+6281299990000", None, "Tanpa RT")
    with pytest.raises(ComplaintError) as refused:
        await file(homeless, "jalan rusak")
    assert refused.value.why == "place"
    with pytest.raises(ComplaintError) as refused:
        await file(town["warga"], "apa", category="tidak-ada")
    assert refused.value.why == "category"
    kelurahan = await Area.get(code=KELURAHAN)
    with pytest.raises(ComplaintError):  # a place is an RT
        await file(town["warga"], "jalan", area_id=kelurahan.id)
    elsewhere = await file(town["warga"], "jalan di RT lain", area_id=(await Area.get(code=OTHER_RT)).id)
    assert (await Area.get(id=elsewhere.handler_id)).code == OTHER_KELURAHAN


# --------------------------------------------------------------------------- notifications


async def test_the_ketua_rt_is_told_of_a_new_complaint_but_not_who(town):
    complaint = await file(town["warga"])
    [notice] = await outbox_to(KETUA)
    assert f"#{complaint.ticket}" in notice.text and "diterima" in notice.text and "Selokan" in notice.text
    assert "Siti" not in notice.text and "0001" not in notice.text
    assert (notice.priority, notice.resident_id, notice.dedupe_key) == (row_priority(Priority.REPLY), town["ketua"].id,
                                                                       f"complaint:{complaint.id}:new:{town['ketua'].id}")  # fmt: skip
    assert not await outbox_to(KETUA_TETANGGA)  # another RT's head hears nothing
    assert not await outbox_to(WARGA_SMS)  # the intake flow answers the reporter itself


async def test_the_ketua_rt_is_not_told_when_it_is_not_for_them(town):
    await file(town["warga"], visibility=Visibility.BUKAN_KETUA)
    assert not await OutboxMessage.exists()
    await file(town["warga"], visibility=Visibility.ANONIM)
    [notice] = await outbox_to(KETUA)
    assert "Siti" not in notice.text


async def test_every_status_change_and_public_reply_reaches_the_reporter_on_their_channel(town):
    complaint = await file(town["warga"])
    officer = await as_viewer(town["admin"])
    t = NOW + timedelta(hours=1)
    await service.change_status(officer, complaint.ticket.lower(), ComplaintStatus.DIPROSES, now=t, translate=translator,
                                note="Petugas kebersihan dijadwalkan Kamis")  # fmt: skip
    await service.reply(officer, "#" + complaint.ticket, "Mohon kirim foto kalau masih tersumbat", now=t, translate=translator)
    await service.reply(officer, complaint.ticket, "catatan internal", now=t, translate=translator, public=False)
    await service.change_status(officer, complaint.ticket, ComplaintStatus.SELESAI, now=t, translate=translator)
    sent = await outbox_to(WARGA_SMS)
    code = f"#{complaint.ticket}"
    assert [m.text for m in sent] == [
        f"Laporan {code} sedang ditangani (status: diproses). Catatan petugas: Petugas kebersihan dijadwalkan Kamis. "
        f"Ketik CEK {complaint.ticket} untuk melihat riwayatnya.",
        f"Balasan petugas untuk laporan {code}: Mohon kirim foto kalau masih tersumbat. Ketik CEK {complaint.ticket} untuk melihat riwayatnya.",
        f"Laporan {code} sudah selesai ditangani (status: selesai). Ketik CEK {complaint.ticket} untuk melihat riwayatnya. "
        "Sudah beres?",  # with 1 Ya 2 Belum 3 Sebagian (tests/complaints/test_feedback.py)
    ]
    assert all(m.priority == row_priority(Priority.REPLY) and m.resident_id == town["warga"].id and m.channel == "sms" for m in sent)
    assert len({m.dedupe_key for m in sent}) == 3
    history = await ComplaintEvent.filter(complaint_id=complaint.id).order_by("id")
    assert [(e.from_status, e.to_status) for e in history] == [
        (None, "diterima"), ("diterima", "diverifikasi"), ("diverifikasi", "diproses"), (None, None), (None, None),
        ("diproses", "selesai"),
    ]  # fmt: skip
    assert all(e.actor_resident_id == town["admin"].id for e in history[1:]) and all(e.at == t for e in history[1:])
    assert history[2].note == "Petugas kebersihan dijadwalkan Kamis" and history[1].note is None


async def test_the_reporter_hears_on_the_channel_they_filed_by(town):
    await Identity.create(value="tg:5550009", channel="telegram", resident=town["warga"])
    complaint = await file(town["warga"], channel="telegram")
    await service.change_status(OPERATOR_VIEWER, complaint.ticket, ComplaintStatus.DITOLAK, note="Bukan wewenang kelurahan",
                                now=NOW, translate=translator)  # fmt: skip
    [message] = await outbox_to("tg:5550009")
    assert message.text.startswith(f"Laporan #{complaint.ticket} tidak dapat ditindaklanjuti (status: ditolak). "
                                   "Alasan: Bukan wewenang kelurahan")  # fmt: skip
    assert not await outbox_to(WARGA_SMS)
    event = await ComplaintEvent.filter(complaint_id=complaint.id).order_by("-id").first()
    assert (event.actor, event.actor_resident_id) == ("operator", None)


async def test_duplicates_link_to_the_original_and_forwarding_names_the_office(town):
    first = await file(town["warga"])
    second = await file(town["warga_tg"], "selokan sama", channel="telegram")
    await service.change_status(OPERATOR_VIEWER, second.ticket, ComplaintStatus.DUPLIKAT, duplicate_of="#" + first.ticket.lower(),
                                now=NOW, translate=translator)  # fmt: skip
    assert (await Complaint.get(id=second.id)).duplicate_of_id == first.id
    [message] = await outbox_to(WARGA_TG)
    assert f"sama dengan laporan #{first.ticket}" in message.text and "(status: duplikat)" in message.text
    await service.change_status(OPERATOR_VIEWER, first.ticket, ComplaintStatus.DITERUSKAN, note="Wewenang kecamatan",
                                forward_to="JMB.ALB", now=NOW, translate=translator)  # fmt: skip
    assert (await Area.get(id=(await Complaint.get(id=first.id)).handler_id)).code == "JMB.ALB"
    [message] = await outbox_to(WARGA_SMS)
    assert "diteruskan ke Kecamatan Alam Barajo (status: diteruskan). Alasan: Wewenang kecamatan" in message.text


async def test_refused_moves_change_nothing_and_say_why(town):
    complaint = await file(town["warga"])
    await service.change_status(OPERATOR_VIEWER, complaint.ticket, ComplaintStatus.SELESAI, now=NOW, translate=translator)
    before = (await ComplaintEvent.all().count(), await OutboxMessage.all().count())
    for target, extra in ((ComplaintStatus.DIPROSES, {}), (ComplaintStatus.DITOLAK, {"note": "x"})):
        with pytest.raises(Refused) as refused:
            await service.change_status(OPERATOR_VIEWER, complaint.ticket, target, now=NOW, translate=translator, **extra)
        assert refused.value.text(translator("id")).startswith("Laporan ini sudah berstatus selesai")
    other = await file(town["warga"], "lain")
    for ticket in (other.ticket, "ZZ9ZZ"):
        with pytest.raises(Refused):
            await service.change_status(OPERATOR_VIEWER, ticket if ticket != "ZZ9ZZ" else other.ticket, ComplaintStatus.DUPLIKAT,
                                        duplicate_of=other.ticket if ticket == other.ticket else ticket, now=NOW, translate=translator)  # fmt: skip
    with pytest.raises(Refused) as refused:
        await service.change_status(OPERATOR_VIEWER, other.ticket, ComplaintStatus.DITERUSKAN, note="x", forward_to=OTHER_KELURAHAN,
                                    now=NOW, translate=translator)  # fmt: skip
    assert refused.value.why == "forward_to"
    assert (await Complaint.get(id=complaint.id)).status is ComplaintStatus.SELESAI
    assert (await ComplaintEvent.all().count() - 1, await OutboxMessage.all().count() - 1) == before  # `other`'s filing only


# --------------------------------------------------------------------------- who sees what


async def test_who_sees_who_by_visibility(town):
    biasa = await file(town["warga"], visibility=Visibility.BIASA)
    anonim = await file(town["warga"], visibility=Visibility.ANONIM)
    bukan = await file(town["warga"], visibility=Visibility.BUKAN_KETUA)
    ketua, admin, petugas = [await as_viewer(town[k]) for k in ("ketua", "admin", "petugas")]
    reporter = await as_viewer(town["warga"])

    view = await service.lookup(admin, biasa.ticket)
    assert view.reporter.name == "Siti" and view.reporter.masked == "sms:+628******0001" and view.may_act
    assert (await service.lookup(ketua, biasa.ticket)).reporter is None  # the complaint, not who
    assert (await service.lookup(admin, anonim.ticket)).reporter is None
    assert (await service.lookup(ketua, anonim.ticket)).reporter is None
    assert (await service.lookup(OPERATOR_VIEWER, anonim.ticket)).reporter is None
    assert await service.lookup(ketua, bukan.ticket) is None  # the ketua RT never sees it
    assert (await service.lookup(admin, bukan.ticket)).reporter.name == "Siti"
    assert (await service.lookup(reporter, anonim.ticket)).reporter.name == "Siti"

    # petugas_data: sees the complaint, learns who only by asking, and every view is audited
    view = await service.lookup(petugas, anonim.ticket)
    assert view.reporter is None and view.may_reveal and not view.may_act
    with pytest.raises(PermissionError):
        await service.reveal_reporter(admin, anonim.ticket, reason="ingin tahu", now=NOW)
    who = await service.reveal_reporter(petugas, anonim.ticket, reason="pemeriksaan dana", now=NOW + timedelta(hours=2))
    assert who.name == "Siti"
    [audit] = await IdentityView.all()
    assert (audit.complaint_id, audit.viewer_id, audit.what, audit.reason) == (anonim.id, town["petugas"].id, "identity", "pemeriksaan dana")
    # … and the reporter's CEK can say so
    assert (await service.lookup(reporter, anonim.ticket)).identity_viewed == (NOW + timedelta(hours=2),)

    # the handling officer may unmask a biasa reporter's number to call them; audited too
    assert await service.unmask_number(admin, biasa.ticket, reason="menelepon pelapor", now=NOW) == WARGA_SMS
    with pytest.raises(PermissionError):
        await service.unmask_number(admin, anonim.ticket, reason="x", now=NOW)
    with pytest.raises(PermissionError):
        await service.unmask_number(ketua, biasa.ticket, reason="x", now=NOW)
    assert await IdentityView.filter(what="number").count() == 1


async def test_listing_by_area_and_status(town):
    here = await file(town["warga"])
    there = await file(town["warga"], "di tempat lain", area_id=(await Area.get(code=OTHER_RT)).id)
    hidden = await file(town["warga"], "tentang ketua", visibility=Visibility.BUKAN_KETUA)
    await service.change_status(OPERATOR_VIEWER, here.ticket, ComplaintStatus.DIPROSES, now=NOW, translate=translator)

    def tickets(views):
        return [v.ticket for v in views]

    assert tickets(await service.listing(OPERATOR_VIEWER)) == [here.ticket, there.ticket, hidden.ticket]
    assert tickets(await service.listing(OPERATOR_VIEWER, area="jmb.alb.mym")) == [here.ticket, hidden.ticket]
    assert tickets(await service.listing(OPERATOR_VIEWER, status=ComplaintStatus.DIPROSES)) == [here.ticket]
    assert tickets(await service.listing(await as_viewer(town["ketua"]))) == [here.ticket]
    assert tickets(await service.listing(await as_viewer(town["admin_lain"]))) == [there.ticket]
    assert tickets(await service.listing(await as_viewer(town["warga"]), open_only=True)) == [here.ticket, there.ticket, hidden.ticket]
    assert tickets(await service.listing(await as_viewer(town["warga_tg"]))) == []


KINDS = [RoleKind.KETUA_RT, RoleKind.ADMIN, RoleKind.PETUGAS_DATA]
RTS = [RT, NEIGHBOUR_RT, OTHER_RT]
ADMIN_AREAS = ["JMB", "JMB.ALB", KELURAHAN, OTHER_KELURAHAN]
roles = st.lists(
    st.one_of(
        st.builds(Grant, st.just(RoleKind.KETUA_RT), st.sampled_from(RTS)),
        st.builds(Grant, st.sampled_from([RoleKind.ADMIN, RoleKind.PETUGAS_DATA]), st.sampled_from(ADMIN_AREAS)),
    ),
    max_size=3,
)


@pytest.fixture
async def filed(town):
    """One complaint of each visibility in each of three RTs (two kelurahan), all by one resident."""
    made = []
    for rt in RTS:
        area = await Area.get(code=rt)
        for visibility in Visibility:
            complaint = await file(town["warga"], f"{rt} {visibility}", area_id=area.id, visibility=visibility, daily_limit=99)
            made.append((complaint, rt))
    return made


@pytest.fixture
async def supported(town, filed):
    """Rina (RT 002) supports every other one of `filed`: a biasa, an anonim and two bukan_ketua
    complaints among them, so a random KETUA_RT grant sometimes makes her the head of a
    complaint not meant for her that she supports."""
    for complaint, _ in filed[::2]:
        await ComplaintSupporter.create(complaint=complaint, resident=town["tetangga"], channel="sms", created_at=NOW)
    return {complaint.id for complaint, _ in filed[::2]}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(held=roles, who=st.sampled_from(["reporter", "supporter", "neither"]))
@example(held=[Grant(RoleKind.KETUA_RT, RT)], who="supporter")  # the head of an RT whose bukan_ketua one she supports
async def test_nobody_reads_beyond_their_roles(town, filed, supported, held, who):
    own = who == "reporter"
    resident = {"reporter": town["warga"], "supporter": town["tetangga"], "neither": town["warga_tg"]}[who]
    viewer = Viewer(resident.id, tuple(held))
    missing = NotFound("ZZ9ZZ").text(translator("id")).replace("ZZ9ZZ", "{}")
    seen = {}
    for complaint, rt in filed:
        view = await service.lookup(viewer, complaint.ticket)
        if view is not None:
            seen[view.ticket] = view
        admin = any(g.kind is RoleKind.ADMIN and within(rt, g.area) for g in held)
        petugas = any(g.kind is RoleKind.PETUGAS_DATA and within(rt, g.area) for g in held)
        head = any(g.kind is RoleKind.KETUA_RT and g.area == rt for g in held)
        # a supporter sees it, unless they are the head of an RT it is not meant for
        supporter = who == "supporter" and complaint.id in supported
        supporter = supporter and not (head and complaint.visibility is Visibility.BUKAN_KETUA)
        if view is None:
            assert not own and not admin and not petugas and not supporter
            assert not head or complaint.visibility is Visibility.BUKAN_KETUA
            # a refused ticket answers exactly like a missing one, whatever is tried
            for act in (
                service.change_status(viewer, complaint.ticket, ComplaintStatus.SELESAI, now=NOW, translate=translator),
                service.reply(viewer, complaint.ticket, "halo", now=NOW, translate=translator),
                service.reveal_reporter(viewer, complaint.ticket, reason="x", now=NOW),
            ):
                with pytest.raises(NotFound) as refused:
                    await act
                assert refused.value.text(translator("id")) == missing.format(complaint.ticket)
            continue
        # an admin never reads outside their area, an RT head never another RT's …
        officer = admin or petugas or (head and complaint.visibility is not Visibility.BUKAN_KETUA)
        assert own or officer or supporter
        # … and nobody but the reporter, a handling admin (not anonim) or no one sees who
        if view.reporter is not None:
            assert own or (admin and complaint.visibility is not Visibility.ANONIM)
        if complaint.visibility is Visibility.ANONIM and not own:
            assert view.reporter is None
        # a supporter and nothing more: the matter, not the words, the landmark or who
        assert view.supporting == (supporter and not own and not officer)
        if view.supporting:
            assert (view.reporter, view.description, view.landmark, view.may_act, view.may_reveal) == (None, "", None, False, False)
            assert all(line.public for line in view.history)
        else:
            assert view.description == complaint.description
        assert view.supporters == (1 if complaint.id in supported else 0)
    # a list (filtered in SQL) holds exactly what one by one may be read, as it reads there
    listed = {v.ticket: v for v in await service.listing(viewer)}
    assert listed.keys() == seen.keys()
    for ticket, view in listed.items():
        alone = seen[ticket]
        assert (view.reporter, view.may_act, view.may_reveal, view.may_unmask, view.supporting, view.description,
                view.supporters) == (alone.reporter, alone.may_act, alone.may_reveal, alone.may_unmask, alone.supporting,
                                     alone.description, alone.supporters)  # fmt: skip
    # the SQL filter alone (before `may_see` checks each row) selects exactly those too
    assert set(await Complaint.filter(access.seen_by(viewer)).values_list("ticket", flat=True)) == seen.keys()
    # … and `mine`: those they filed or support, of those
    mine = {v.ticket for v in await service.listing(viewer, mine=True)}
    assert mine == {t for t in seen if own or (who == "supporter" and id_of(filed, t) in supported)}
    assert not await IdentityView.exists()
    assert await service.lookup(viewer, "ZZ9ZZ") is None


def id_of(filed, ticket: str) -> int:
    return next(c.id for c, _ in filed if c.ticket == ticket)


# --------------------------------------------------------------------------- HAPUS DATA


async def test_hapus_data_keeps_the_description_and_nothing_of_the_reporter(town):
    complaint = await file(town["warga"], "Jembatan kayu RT 1 patah", category="jalan", landmark="Rumah Siti no 7",
                           latitude=-1.61, longitude=103.61, photo="AgACAgUAAxkBAAIBFotoSiti")  # fmt: skip
    await service.change_status(OPERATOR_VIEWER, complaint.ticket, ComplaintStatus.DIPROSES, now=NOW, translate=translator)
    await service.reveal_reporter(await as_viewer(town["petugas"]), complaint.ticket, reason="cek", now=NOW)
    await residents.erase(town["warga"].id)

    kept = await Complaint.get(id=complaint.id)
    assert kept.description == "Jembatan kayu RT 1 patah"
    assert (kept.reporter_id, kept.photo, kept.landmark, kept.latitude, kept.longitude) == (None, None, None, None, None)
    assert (await Area.get(id=kept.area_id)).code == RT  # the place, coarsened to the RT
    assert kept.status is ComplaintStatus.DIPROSES
    assert not await OutboxMessage.filter(text__contains="diproses", identity=WARGA_SMS).exists()
    view = await service.lookup(await as_viewer(town["admin"]), complaint.ticket)
    assert view.reporter is None and view.history[0].actor == "-"
    # the officer can still move it on; nobody is told
    await service.change_status(OPERATOR_VIEWER, complaint.ticket, ComplaintStatus.SELESAI, now=NOW, translate=translator)
    assert not await OutboxMessage.filter(text__contains="selesai").exists()


async def test_a_merge_brings_the_complaints_along(town):
    complaint = await file(town["warga_tg"], "lampu padam", category="lampu", channel="telegram")
    await residents.merge(town["warga"], town["warga_tg"])
    assert (await Complaint.get(id=complaint.id)).reporter_id == town["warga"].id
