"""Dialog tables for onboarding and every global keyword, on the telegram and sms renderings."""

from __future__ import annotations

import pytest

import bot.db
from handlers.residents.area_import import import_areas_file
from models import Area, Consent, ConversationState, Identity, Resident
from tests.fixtures.dialog import SMS_SENDER, TELEGRAM_SENDER, Absent, verify_both, verify_dialog

#: in both the Telegram help and the one-SMS help
HELP = "MULAI"
FALLBACK = "Maaf, saya belum bisa menjawab"
CONSENT_Q = "Anda setuju?"
KOTA_Q = "Anda tinggal di kota/kabupaten mana?"
NAME_Q = "siapa nama panggilan Anda?"
MENU_ID = "Menu KabarRT. Pilih salah satu:"
HALO = ("halo", ("Halo! Saya KabarRT", "1. Info program", "2. Daftar ke RT saya"))


@pytest.fixture
async def areas(db):
    report = await import_areas_file(bot.db.DEMO_AREAS)
    assert report.ok
    return report


async def resident_of(identity: str) -> Resident:
    row = await Identity.get(value=identity).select_related("resident")
    return row.resident


async def area_code(resident: Resident) -> str | None:
    if resident.area_id is None:
        return None
    return (await Area.get(id=resident.area_id)).code


# --------------------------------------------------------------------------- onboarding

BY_NUMBERS = [
    ("DAFTAR", (CONSENT_Q, "UU PDP", "1. Setuju", "2. Tidak setuju")),
    (
        "1",
        (
            KOTA_Q,
            "1. Kabupaten Lampung Tengah",
            "2. Kota Bandar Lampung",
            "3. Kota Bontang",
            "4. Kota Jambi",
            "5. Kota Pontianak",
        ),
    ),
    ("4", ("Kota Jambi: kecamatan apa?", "1. Alam Barajo")),
    ("1", ("Alam Barajo: kelurahan/desa apa?", "1. Bagan Pete", "4. Mayang Mangurai", "5. Rawasari")),
    ("4", ("Mayang Mangurai: RW berapa?", "1. RW 01", "2. RW 02")),
    ("2", ("RW 02: RT berapa?", "3. RT 003")),
    ("3", (NAME_Q, "1. Lewati")),
    (
        "Budi",
        (
            "Terima kasih, Budi! Anda terdaftar di RT 003 / RW 02, Mayang Mangurai, Alam Barajo, Kota Jambi.",
            "Anda akan menerima pengumuman untuk RT ini.",
        ),
    ),
    ("DAFTAR", ("Anda sudah terdaftar di RT 003 / RW 02, Mayang Mangurai", "Mau ganti RT?")),
    ("2", "Baik, RT Anda tetap."),
]


async def test_onboarding_by_numbers_on_both_channels(areas):
    await verify_both(BY_NUMBERS)
    for identity in (TELEGRAM_SENDER, SMS_SENDER):
        resident = await resident_of(identity)
        assert resident.name == "Budi"
        assert await area_code(resident) == "JMB.ALB.MYM.RW02.RT003"
        assert resident.registered_at is not None
        consent = await Consent.get(resident_id=resident.id)
        assert consent.channel == ("sms" if identity.startswith("sms") else "shell")
        state = await ConversationState.get_or_none(resident_id=resident.id)
        assert state is None or state.flow is None


async def test_onboarding_typing_kelurahan_at_kota_step_jumps_there(areas):
    await verify_both(
        [
            ("DAFTAR", CONSENT_Q),
            ("setuju", KOTA_Q),
            ("mayang", ("Mayang Mangurai: RW berapa?", Absent("kecamatan apa"))),
            ("RW 1", "RW 01: RT berapa?"),
            ("rt 1", NAME_Q),
            ("Siti", "Terima kasih, Siti! Anda terdaftar di RT 001 / RW 01, Mayang Mangurai, Alam Barajo, Kota Jambi."),
        ]
    )
    assert await area_code(await resident_of(SMS_SENDER)) == "JMB.ALB.MYM.RW01.RT001"


async def test_onboarding_typo_finds_rawasari(areas):
    await verify_both(
        [
            ("DAFTAR", CONSENT_Q),
            ("ya", KOTA_Q),
            ("4", "Kota Jambi: kecamatan apa?"),
            ("1", "Alam Barajo: kelurahan/desa apa?"),
            ("rawasai", "Rawasari: RW berapa?"),
            ("1", "RW 01: RT berapa?"),
            ("2", NAME_Q),
            ("lewati", "Terima kasih! Anda terdaftar di RT 002 / RW 01, Rawasari, Alam Barajo, Kota Jambi."),
        ]
    )
    resident = await resident_of(TELEGRAM_SENDER)
    assert resident.name is None
    assert await area_code(resident) == "JMB.ALB.RWS.RW01.RT002"


async def test_onboarding_ambiguous_name_offers_a_choice(areas):
    await verify_both(
        [
            ("DAFTAR", CONSENT_Q),
            ("1", KOTA_Q),
            ("kota bontang", "Kota Bontang: kecamatan apa?"),
            ("1", "Bontang Selatan: kelurahan/desa apa?"),
            ("tanjung", ("Maksud Anda yang mana?", "1. Tanjung Laut", "2. Tanjung Laut Indah", Absent("3. "))),
            ("2", "Tanjung Laut Indah: RW berapa?"),
            ("RW 2", "RW 02: RT berapa?"),
            ("1", NAME_Q),
            ("1", "Terima kasih! Anda terdaftar di RT 001 / RW 02, Tanjung Laut Indah, Bontang Selatan, Kota Bontang."),
        ]
    )
    assert await area_code(await resident_of(SMS_SENDER)) == "BTG.BTS.TLI.RW02.RT001"


async def test_onboarding_unknown_place_is_said_and_asked_again(areas):
    await verify_both(
        [
            ("DAFTAR", CONSENT_Q),
            ("1", KOTA_Q),
            ("zzqxw", ('Maaf, "zzqxw" tidak ditemukan.', KOTA_Q)),
        ]
    )


@pytest.mark.parametrize("refusal", ["2", "tidak", "Tidak setuju"])
async def test_refusing_consent_stores_nothing_personal(areas, refusal):
    await verify_both(
        [
            HALO,
            ("DAFTAR", CONSENT_Q),
            (refusal, "Anda tidak didaftarkan dan tidak ada data pribadi yang disimpan"),
            ("1", (FALLBACK, Absent(KOTA_Q))),
        ]
    )
    for identity in (TELEGRAM_SENDER, SMS_SENDER):
        resident = await resident_of(identity)
        assert resident.area_id is None
        assert resident.name is None
        assert resident.registered_at is None
        assert not await Consent.exists(resident_id=resident.id)
        state = await ConversationState.get_or_none(resident_id=resident.id)
        assert state is None or state.flow is None


async def test_consent_unclear_answer_reasks(areas):
    await verify_both(
        [
            ("DAFTAR", CONSENT_Q),
            ("mungkin", ("Mohon balas 1 kalau setuju, atau 2 kalau tidak setuju.", CONSENT_Q)),
            ("1", KOTA_Q),
        ]
    )


@pytest.mark.parametrize("skip", ["1", "Lewati", "skip", "-"])
async def test_skipping_the_name(areas, skip):
    await verify_dialog(
        [
            ("DAFTAR", CONSENT_Q),
            ("1", KOTA_Q),
            ("5", "Kota Pontianak: kecamatan apa?"),
            ("1", "Pontianak Timur: kelurahan/desa apa?"),
            ("1", "Saigon: RW berapa?"),
            ("1", "RW 01: RT berapa?"),
            ("1", NAME_Q),
            (skip, ("Terima kasih! Anda terdaftar di RT 001 / RW 01, Saigon", Absent(", !"))),
        ]
    )
    resident = await resident_of(TELEGRAM_SENDER)
    assert resident.name is None
    assert await area_code(resident) == "PNK.PTT.SGN.RW01.RT001"


async def test_onboarding_stops_where_the_area_data_ends(areas):
    # contoh.csv has Kota Bandar Lampung with nothing below it and Kecamatan Bangunrejo with no
    # kelurahan/desa: the flow says the data is missing, registers nobody and ends
    await verify_both(
        [
            ("DAFTAR", CONSENT_Q),
            ("1", KOTA_Q),
            (
                "bandar lampung",
                (
                    "Maaf, data wilayah di bawah Kota Bandar Lampung belum ada.",
                    "Ketik MENU",
                    Absent("kecamatan apa"),
                ),
            ),
            ("DAFTAR", (KOTA_Q, Absent(CONSENT_Q))),  # consent kept: straight to the kota
            ("lampung tengah", ("Kabupaten Lampung Tengah: kecamatan apa?", "1. Bangunrejo")),
            ("1", ("Maaf, data wilayah di bawah Bangunrejo belum ada.", Absent("kelurahan/desa apa"))),
        ]
    )
    for identity in (TELEGRAM_SENDER, SMS_SENDER):
        resident = await resident_of(identity)
        assert resident.area_id is None
        state = await ConversationState.get_or_none(resident_id=resident.id)
        assert state is None or state.flow is None


async def test_name_without_letters_is_refused(areas):
    await verify_dialog(
        [
            ("DAFTAR", CONSENT_Q),
            ("1", KOTA_Q),
            ("saigon", "Saigon: RW berapa?"),
            ("1", "RW 01: RT berapa?"),
            ("1", NAME_Q),
            ("12345", "Nama itu tidak bisa dipakai"),
            ("  Ani   Lestari ", "Terima kasih, Ani Lestari!"),
        ]
    )
    assert (await resident_of(TELEGRAM_SENDER)).name == "Ani Lestari"


# --------------------------------------------------------------------------- global keywords


async def test_menu_and_numbered_replies(areas):
    await verify_both(
        [
            HALO,
            ("MENU", (MENU_ID, "1. Info program", "2. Daftar ke RT saya", "3. Bantuan",
                      "4. Ganti bahasa (English)", "5. Berhenti terima pengumuman", "6. Hapus data saya")),
            ("3", HELP),
            ("MENU", MENU_ID),
            ("1", "Info program. Pilih program:"),
            ("MENU", MENU_ID),
            ("2", CONSENT_Q),
            ("BATAL", "Dibatalkan."),
            ("MENU", MENU_ID),
            ("6", ("Semua data Anda akan dihapus", "1. Ya, hapus data saya", "2. Tidak")),
            ("2", "Baik, data Anda tidak dihapus."),
            ("MENU", MENU_ID),
            ("5", "Anda tidak akan menerima pengumuman"),
            ("MENU", "5. Terima pengumuman lagi"),
            ("5", "Anda akan menerima pengumuman dan pelajaran lagi"),
            ("MENU", MENU_ID),
            ("9", FALLBACK),  # out of range: no option 9
        ]
    )


@pytest.mark.parametrize("word", ["MENU", "menu", "  Menu  ", "MENU.", "menu!!", "/menu", "/menu@SomeBot"])
async def test_menu_variants(areas, word):
    await verify_both([(word, (MENU_ID, "2. Daftar ke RT saya"))])


@pytest.mark.parametrize("word", ["BANTUAN", "bantuan", "HELP", "help", "?", "???", "/bantuan", "Bantuan!"])
async def test_help_variants(areas, word):
    await verify_dialog([(word, ("Kata yang bisa Anda kirim kapan saja", "HAPUS DATA - hapus semua data Anda"))])
    await verify_dialog(
        [(word, ("Kirim: MENU, INFO, TANYA <soal>", "DAFTAR <kelurahan> RT <no>", "LANJUT",
                 "HAPUS DATA", "[sms segments=1 encoding=gsm7]"))],
        channel="sms", sender=SMS_SENDER,
    )  # fmt: skip


async def test_cancel_without_a_flow(areas):
    await verify_both([("BATAL", "Tidak ada yang sedang berjalan."), ("batal", "Tidak ada yang sedang berjalan.")])


async def test_cancel_ends_the_flow(areas):
    await verify_both(
        [
            HALO,
            ("DAFTAR", CONSENT_Q),
            ("batal!", "Dibatalkan. Ketik MENU untuk melihat pilihan."),
            ("1", (FALLBACK, Absent(KOTA_Q))),
            ("BATAL", "Tidak ada yang sedang berjalan."),
        ]
    )


@pytest.mark.parametrize("stop", ["STOP", "stop", "BERHENTI", "berhenti.", "/stop"])
async def test_stop_and_start(areas, stop):
    await verify_dialog([(stop, ("tidak akan menerima pengumuman", "Ketik MULAI"))])
    assert (await resident_of(TELEGRAM_SENDER)).opted_out is True
    await verify_dialog([("MENU", "5. Terima pengumuman lagi"), ("MULAI", "akan menerima pengumuman dan pelajaran lagi")])
    assert (await resident_of(TELEGRAM_SENDER)).opted_out is False


async def test_stop_on_sms(areas):
    await verify_dialog([("STOP", "tidak akan menerima pengumuman")], channel="sms")
    assert (await resident_of(SMS_SENDER)).opted_out is True
    await verify_dialog([("mulai", "akan menerima pengumuman dan pelajaran lagi")], channel="sms")
    assert (await resident_of(SMS_SENDER)).opted_out is False


@pytest.mark.parametrize("near_miss", ["stp", "stopp", "berhent", "bata", "batall", "hapus dat", "mulaii"])
async def test_exact_only_keywords_are_not_fuzzy(areas, near_miss):
    await verify_dialog(
        [
            HALO,
            ("DAFTAR", CONSENT_Q),
            # still in the consent step: a near miss neither cancels nor stops nor erases
            (near_miss, ("Mohon balas 1 kalau setuju", Absent("Dibatalkan"), Absent("dihapus"))),
        ]
    )
    resident = await resident_of(TELEGRAM_SENDER)
    assert resident.opted_out is False
    state = await ConversationState.get(resident_id=resident.id)
    assert (state.flow, state.step) == ("onboarding", "consent")
    # outside the flow the near miss is a question (maybe answered by the FAQ), never the keyword
    await verify_dialog([("BATAL", "Dibatalkan."), (near_miss, (Absent("tidak akan menerima"), Absent("dihapus.")))])
    assert (await resident_of(TELEGRAM_SENDER)).opted_out is False


async def test_fuzzy_long_keywords_tolerate_one_typo(areas):
    await verify_dialog([("bantuab", HELP), ("daftat", CONSENT_Q)])


async def test_register_keyword(areas):
    await verify_both([("DAFTAR", (CONSENT_Q, "1. Setuju")), ("/daftar", CONSENT_Q), ("register", CONSENT_Q)])


async def test_language_switches_to_english_and_back(areas):
    await verify_dialog(
        [
            ("BAHASA", "Language changed to English. Type LANGUAGE to change it again."),
            ("MENU", ("KabarRT menu. Choose one:", "4. Bahasa Indonesia", Absent(MENU_ID))),
            ("LANGUAGE", "Bahasa diganti ke Bahasa Indonesia. Ketik BAHASA untuk mengganti lagi."),
            ("MENU", (MENU_ID, "4. Ganti bahasa (English)")),
        ]
    )
    assert (await resident_of(TELEGRAM_SENDER)).locale == "id"


async def test_language_on_sms_translates_the_reply_hint(areas):
    await verify_dialog(
        [
            ("BAHASA", "Language changed to English."),
            ("MENU", ("KabarRT menu. Choose one:", "Reply 1 to 6.", Absent("Balas"))),
            ("BAHASA", "Bahasa diganti ke Bahasa Indonesia."),
            ("MENU", ("Balas 1 sampai 6.", Absent("Reply"))),
        ],
        channel="sms",
    )


async def test_language_inside_a_flow_reasks_in_english(areas):
    await verify_dialog(
        [
            ("DAFTAR", CONSENT_Q),
            ("BAHASA", ("Language changed to English.", "1. ", Absent(CONSENT_Q))),
            ("BAHASA", ("Bahasa diganti ke Bahasa Indonesia.", CONSENT_Q)),
        ]
    )


async def test_erase_answered_no_keeps_everything(areas):
    await verify_both(BY_NUMBERS)
    await verify_both(
        [
            ("HAPUS DATA", ("Semua data Anda akan dihapus", "Yakin?", "1. Ya, hapus data saya", "2. Tidak")),
            ("TIDAK", "Baik, data Anda tidak dihapus."),
        ]
    )
    for identity in (TELEGRAM_SENDER, SMS_SENDER):
        resident = await resident_of(identity)
        assert resident.name == "Budi"
        assert await area_code(resident) == "JMB.ALB.MYM.RW02.RT003"


async def test_erase_answered_yes_forgets_the_resident(areas):
    await verify_both(BY_NUMBERS)
    await verify_both(
        [
            ("hapus  data!", "Semua data Anda akan dihapus"),
            ("YA", "Data Anda sudah dihapus."),
        ]
    )
    assert await Resident.filter(name="Budi").count() == 0
    assert not await Identity.exists(value__in=[TELEGRAM_SENDER, SMS_SENDER])
    assert await Consent.all().count() == 0
    # writing again: a brand-new, unregistered resident who is welcomed again
    await verify_both([("halo", ("Halo! Saya KabarRT", "2. Daftar ke RT saya", Absent("Ubah RT")))])
    resident = await resident_of(SMS_SENDER)
    assert resident.area_id is None and resident.name is None


# --------------------------------------------------------------------------- keywords inside a flow


async def test_help_inside_onboarding_keeps_the_flow_and_reasks(areas):
    await verify_both(
        [
            HALO,
            ("DAFTAR", CONSENT_Q),
            ("1", KOTA_Q),
            ("4", "Kota Jambi: kecamatan apa?"),
            ("BANTUAN", (HELP, "Kota Jambi: kecamatan apa?", "1. Alam Barajo")),
            ("1", "Alam Barajo: kelurahan/desa apa?"),
            ("?", (HELP, "Alam Barajo: kelurahan/desa apa?")),
            ("batal", "Dibatalkan."),
            ("1", (FALLBACK, Absent("RW berapa"))),
        ]
    )
    resident = await resident_of(SMS_SENDER)
    assert resident.area_id is None
    state = await ConversationState.get(resident_id=resident.id)
    assert state.flow is None


async def test_menu_inside_onboarding_leaves_it(areas):
    await verify_dialog(
        [
            ("DAFTAR", CONSENT_Q),
            ("1", KOTA_Q),
            ("MENU", MENU_ID),
            ("3", HELP),  # "3" now means the menu's Bantuan, not the third kota
        ]
    )


async def test_empty_message_inside_a_flow_reasks(areas):
    await verify_dialog([("DAFTAR", CONSENT_Q), ("", ("Pesan Anda kosong.", CONSENT_Q)), ("1", KOTA_Q)])


@pytest.mark.parametrize("word", ["ya", "oke", "iya", "ok"])
async def test_a_repeated_yes_at_the_kota_step_picks_no_kelurahan(areas, word):
    # "ya" used to fuzzy-match "mayang" and silently jump to Mayang Mangurai
    await verify_both(
        [
            ("DAFTAR", CONSENT_Q),
            ("ya", KOTA_Q),
            (word, (f'Maaf, "{word}" tidak ditemukan.', KOTA_Q, Absent("RW berapa"))),
            ("tanjung", ("Maksud Anda yang mana?", "1. Tanjung Laut", "2. Tanjung Laut Indah")),
        ]
    )


async def test_info_and_tanya_prefixes(areas):
    await verify_both(
        [
            ("INFO kampung bantar", ("Kampung Bantar (Kota Jambi)", "Ringkasan", "Pelajaran")),
            ("info lowongan cpns", ("Maaf, saya belum bisa menjawab", Absent("Ringkasan"))),
            ("INFO bantar", "Kampung Bantar (Kota Jambi)"),
            ("TANYA", "Tulis TANYA lalu pertanyaan Anda"),
            ("tanya apa itu BKM?", "BKM (Badan Keswadayaan Masyarakat)"),
            ("DAFTAR", "UU PDP"),
            ("TANYA apa itu swadaya?", ("Swadaya", Absent("UU PDP"))),
            ("MENU", "Menu KabarRT"),
        ]
    )


# --------------------------------------------------------------------------- DAFTAR <place> RT <n>

MYM_RW02_RT003 = "RT 003 / RW 02, Mayang Mangurai"


@pytest.mark.parametrize(
    "message",
    ["DAFTAR Mayang Mangurai RT 3 RW 2", "daftar mayang rt 03 rw 02", "Daftar kel. Mayang Mangurai RT/RW 003/002",
     "DAFTAR RW 2 RT 3 mayang", "/daftar Mayang Mangurai RT.3 RW.2"],
)  # fmt: skip
async def test_register_in_one_message(areas, message):
    await verify_both(
        [
            (message, (CONSENT_Q, Absent(KOTA_Q))),
            ("1", (NAME_Q, Absent("RW berapa"))),
            ("Sari", f"Terima kasih, Sari! Anda terdaftar di {MYM_RW02_RT003}"),
            (message, f"Anda sudah terdaftar di {MYM_RW02_RT003}"),
        ]
    )
    for identity in (TELEGRAM_SENDER, SMS_SENDER):
        assert await area_code(await resident_of(identity)) == "JMB.ALB.MYM.RW02.RT003"


async def test_register_in_one_message_asks_only_what_is_ambiguous(areas):
    await verify_both(
        [
            ("DAFTAR mayang RT 3", CONSENT_Q),
            ("1", ("RT 3 ada di beberapa RW. RW berapa?", "1. RW 01", "2. RW 02")),
            ("2", NAME_Q),
            ("lewati", f"Anda terdaftar di {MYM_RW02_RT003}"),
            ("DAFTAR Rawasari RT 1 RW 1", ("Pindah ke RT 001 / RW 01, Rawasari", "1. Ya, pindah")),
            ("1", NAME_Q),
            ("lewati", "Anda terdaftar di RT 001 / RW 01, Rawasari"),
        ]
    )


async def test_register_in_one_message_with_unknown_parts_falls_back_to_the_list(areas):
    await verify_both(
        [
            ("DAFTAR Mayang Mangurai RT 9", CONSENT_Q),
            ("1", ("RT 9 tidak ada di Mayang Mangurai.", "Mayang Mangurai: RW berapa?", "2. RW 02")),
            ("2", ("RW 02: RT berapa?", "3. RT 003")),
            ("BATAL", "Dibatalkan."),
            ("DAFTAR Mayang Mangurai RW 7 RT 1", ("RW 7 tidak ada di Mayang Mangurai.", "RW berapa?")),
            ("BATAL", "Dibatalkan."),
            ("DAFTAR Kampung Entah RT 1", ('Kelurahan "Kampung Entah" tidak ditemukan.', KOTA_Q)),
            ("4", "Kota Jambi: kecamatan apa?"),
            ("1", "Alam Barajo: kelurahan/desa apa?"),
            # the RT number given first still counts: RT 1 is in both RWs of Bagan Pete
            ("Bagan Pete", ("RT 1 ada di beberapa RW. RW berapa?", Absent(NAME_Q))),
            ("2", NAME_Q),
            ("lewati", "Anda terdaftar di RT 001 / RW 02, Bagan Pete"),
        ]
    )


async def test_daftar_without_an_rt_number_is_not_a_registration(areas):
    await verify_both([("daftar program apa saja?", (Absent(CONSENT_Q), Absent(KOTA_Q)))])


async def test_register_with_only_an_rt_number_remembers_it(areas):
    await verify_both(
        [
            ("DAFTAR RT 2", CONSENT_Q),
            ("1", KOTA_Q),
            ("Rawasari", ("RT 2 ada di beberapa RW. RW berapa?", "1. RW 01")),
            ("1", NAME_Q),
            ("lewati", "Anda terdaftar di RT 002 / RW 01, Rawasari"),
        ]
    )
