"""Importing administrative areas from CSV: the shipped example, re-imports, and bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from handlers.residents.area_import import (
    COLUMNS,
    ImportReport,
    canonical_timezone,
    import_areas,
    import_areas_file,
    parse_areas,
)
from models import Area, AreaLevel
from models.areas import LEVELS

CONTOH = Path(__file__).resolve().parents[2] / "content" / "areas" / "contoh.csv"
HEADER = ",".join(COLUMNS)
ROW = "Kota Jambi,Alam Barajo,Mayang Mangurai,01,001,100,WIB,JMB.ALB.MYM.RW01.RT001"


def csv_text(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


async def level_counts() -> dict[AreaLevel, int]:
    return {level: await Area.filter(level=level).count() for level in AreaLevel}


# --------------------------------------------------------------------------- the example file


async def test_contoh_imports_every_level(db):
    report = await import_areas_file(CONTOH)

    assert report.ok, report.error_lines()
    assert report.summary() == "created=117 updated=0 unchanged=0"
    assert await level_counts() == {
        AreaLevel.KOTA: 5,
        AreaLevel.KECAMATAN: 4,
        AreaLevel.KELURAHAN: 12,
        AreaLevel.RW: 24,
        AreaLevel.RT: 72,
    }


async def test_contoh_names_parents_and_timezones(db):
    await import_areas_file(CONTOH)

    rt = await Area.get(code="JMB.ALB.MYM.RW01.RT003")
    assert (rt.name, rt.level, rt.kk_count) == ("RT 003", AreaLevel.RT, 131)
    chain = []
    area: Area | None = rt
    while area is not None:
        chain.append((area.code, area.name, area.level, area.timezone))
        await area.fetch_related("parent")
        area = area.parent
    # WIB in the file is stored as Asia/Jakarta on the RT and every ancestor.
    assert chain == [
        ("JMB.ALB.MYM.RW01.RT003", "RT 003", AreaLevel.RT, "Asia/Jakarta"),
        ("JMB.ALB.MYM.RW01", "RW 01", AreaLevel.RW, "Asia/Jakarta"),
        ("JMB.ALB.MYM", "Mayang Mangurai", AreaLevel.KELURAHAN, "Asia/Jakarta"),
        ("JMB.ALB", "Alam Barajo", AreaLevel.KECAMATAN, "Asia/Jakarta"),
        ("JMB", "Kota Jambi", AreaLevel.KOTA, "Asia/Jakarta"),
    ]
    assert rt.ancestor_codes == [code for code, *_ in reversed(chain)]

    kotas = {a.code: (a.name, a.timezone, a.parent_id) for a in await Area.filter(level="kota")}
    assert kotas == {
        "JMB": ("Kota Jambi", "Asia/Jakarta", None),
        "BTG": ("Kota Bontang", "Asia/Makassar", None),
        "PNK": ("Kota Pontianak", "Asia/Pontianak", None),
        "BDL": ("Kota Bandar Lampung", "Asia/Jakarta", None),
        "LTG": ("Kabupaten Lampung Tengah", "Asia/Jakarta", None),
    }
    bts = await Area.get(code="BTG.BTS")
    kelurahan = await Area.filter(parent_id=bts.id).order_by("code").values_list("code", "name")
    assert kelurahan == [
        ("BTG.BTS.BBP", "Berbas Pantai"),
        ("BTG.BTS.BBT", "Berbas Tengah"),
        ("BTG.BTS.BTL", "Bontang Lestari"),
        ("BTG.BTS.STP", "Satimpo"),
        ("BTG.BTS.TJL", "Tanjung Laut"),
        ("BTG.BTS.TLI", "Tanjung Laut Indah"),
    ]
    saigon = await Area.get(code="PNK.PTT.SGN").prefetch_related("parent")
    assert (saigon.name, saigon.parent.name, saigon.timezone) == (
        "Saigon",
        "Pontianak Timur",
        "Asia/Pontianak",
    )
    # Every RW has exactly three RTs and every non-kota area has a parent.
    for rw in await Area.filter(level="rw"):
        assert await Area.filter(parent_id=rw.id, level="rt").count() == 3, rw.code
    assert await Area.filter(parent_id=None).count() == 5
    # Partial rows: nothing is known below Kota Bandar Lampung and Kecamatan Bangunrejo.
    bgr = await Area.get(code="LTG.BGR").prefetch_related("parent")
    assert (bgr.name, bgr.level, bgr.parent.code, bgr.timezone) == (
        "Bangunrejo",
        AreaLevel.KECAMATAN,
        "LTG",
        "Asia/Jakarta",
    )
    assert await Area.filter(code__startswith="BDL.").count() == 0
    assert await Area.filter(code__startswith="LTG.BGR.").count() == 0
    # KK lives on RTs only.
    assert await Area.filter(level__not="rt", kk_count__not_isnull=True).count() == 0


async def test_contoh_kk_spread_covers_bantar_categories_and_edges(db):
    await import_areas_file(CONTOH)
    kk = await Area.filter(level="rt").values_list("kk_count", flat=True)
    assert all(isinstance(n, int) and n >= 0 for n in kk)
    assert sum(n > 100 for n in kk) >= 10  # besar
    assert sum(60 <= n <= 99 for n in kk) >= 10  # sedang
    assert sum(30 <= n <= 59 for n in kk) >= 10  # kecil
    assert 100 in kk  # no category in Perwali 11/2019
    assert any(n < 30 for n in kk)  # below kecil
    text = CONTOH.read_text(encoding="utf-8")
    assert text.startswith("# CONTOH / EXAMPLE: synthetic RW/RT numbers and KK counts")


# --------------------------------------------------------------------------- re-import


async def test_reimport_is_idempotent(db):
    first = await import_areas_file(CONTOH)
    count = await Area.all().count()
    second = await import_areas_file(CONTOH)

    assert first.created == 117
    assert second.summary() == "created=0 updated=0 unchanged=117"
    assert await Area.all().count() == count == 117


async def test_changed_kk_updates_exactly_that_rt(db, tmp_path):
    await import_areas_file(CONTOH)
    before = {a.code: (a.name, a.kk_count, a.timezone, a.parent_id) for a in await Area.all()}
    old = "Kota Bontang,Bontang Selatan,Satimpo,02,003,134,Asia/Makassar,BTG.BTS.STP.RW02.RT003"
    text = CONTOH.read_text(encoding="utf-8")
    assert old in text
    changed = tmp_path / "changed.csv"
    changed.write_text(text.replace(old, old.replace(",134,", ",141,")), encoding="utf-8")

    report = await import_areas_file(changed)

    assert report.summary() == "created=0 updated=1 unchanged=116"
    after = {a.code: (a.name, a.kk_count, a.timezone, a.parent_id) for a in await Area.all()}
    diff = {code for code in before if before[code] != after[code]}
    assert diff == {"BTG.BTS.STP.RW02.RT003"}
    assert after["BTG.BTS.STP.RW02.RT003"][1] == 141


async def test_reimport_renames_adds_and_moves_timezone(db):
    await import_areas(csv_text(ROW), "a.csv")
    report = await import_areas(
        csv_text(
            "Kota Jambi,Alam Barajo,Mayang Mangurai Baru,01,001,100,Asia/Jakarta,"
            "JMB.ALB.MYM.RW01.RT001",
            "Kota Jambi,Alam Barajo,Mayang Mangurai Baru,01,002,45,asia/jakarta,"
            "JMB.ALB.MYM.RW01.RT002",
        ),
        "b.csv",
    )
    # kelurahan renamed; RT002 new; kota, kecamatan, RW and RT001 as before
    assert report.summary() == "created=1 updated=1 unchanged=4"
    assert (await Area.get(code="JMB.ALB.MYM")).name == "Mayang Mangurai Baru"
    rw = await Area.get(code="JMB.ALB.MYM.RW01")
    assert sorted(await Area.filter(parent_id=rw.id).values_list("code", flat=True)) == [
        "JMB.ALB.MYM.RW01.RT001",
        "JMB.ALB.MYM.RW01.RT002",
    ]

    wita = ROW.replace(",WIB,", ",wita,")
    report = await import_areas(csv_text(wita), "c.csv")
    assert report.summary() == "created=0 updated=5 unchanged=0"
    for code in ["JMB", "JMB.ALB", "JMB.ALB.MYM", "JMB.ALB.MYM.RW01", "JMB.ALB.MYM.RW01.RT001"]:
        assert (await Area.get(code=code)).timezone == "Asia/Makassar", code
    # an area the file does not mention is left alone
    assert (await Area.get(code="JMB.ALB.MYM.RW01.RT002")).timezone == "Asia/Jakarta"


async def test_many_rts_import_and_reimport(db):
    rows = [
        f"Kota Uji,Kec {k},Kel {k}-{e},{w:02d},{t:03d},{(k * 7 + t) % 180},WIB,"
        f"UJI.K{k}.E{e}.RW{w:02d}.RT{t:03d}"
        for k in range(3)
        for e in range(5)
        for w in range(1, 11)
        for t in range(1, 21)
    ]
    first = await import_areas(csv_text(*rows), "big.csv")
    assert first.ok, first.error_lines()[:5]
    assert first.created == 1 + 3 + 15 + 150 + 3000
    second = await import_areas(csv_text(*rows), "big.csv")
    assert second.summary() == "created=0 updated=0 unchanged=3169"
    assert await Area.all().count() == 3169


# --------------------------------------------------------------------------- partial rows

BDL = "Kota Bandar Lampung,,,,,,WIB,BDL"
BGR = "Kabupaten Lampung Tengah,Bangunrejo,,,,,WIB,LTG.BGR"


async def test_kota_only_row(db):
    report = await import_areas(csv_text(BDL), "a.csv")

    assert report.ok, report.error_lines()
    assert report.summary() == "created=1 updated=0 unchanged=0"
    kota = await Area.get(code="BDL")
    assert (kota.name, kota.level, kota.parent_id, kota.kk_count, kota.timezone) == (
        "Kota Bandar Lampung",
        AreaLevel.KOTA,
        None,
        None,
        "Asia/Jakarta",
    )
    assert await Area.all().count() == 1


async def test_kecamatan_row(db):
    report = await import_areas(csv_text(BGR.replace("LTG.BGR", "ltg.bgr")), "a.csv")

    assert report.ok, report.error_lines()
    assert report.summary() == "created=2 updated=0 unchanged=0"
    rows = await Area.all().order_by("code").values_list("code", "name", "level", "kk_count")
    assert rows == [
        ("LTG", "Kabupaten Lampung Tengah", AreaLevel.KOTA, None),
        ("LTG.BGR", "Bangunrejo", AreaLevel.KECAMATAN, None),
    ]
    bgr = await Area.get(code="LTG.BGR").prefetch_related("parent")
    assert (bgr.parent.code, bgr.timezone) == ("LTG", "Asia/Jakarta")
    # importing it again changes nothing
    again = await import_areas(csv_text(BGR), "a.csv")
    assert again.summary() == "created=0 updated=0 unchanged=2"


@pytest.mark.parametrize(
    ("row", "codes"),
    [
        ("Kota Jambi,,,,,,WIB,JMB", ["JMB"]),
        ("Kota Jambi,Alam Barajo,,,,,WIB,JMB.ALB", ["JMB", "JMB.ALB"]),
        ("Kota Jambi,Alam Barajo,Bagan Pete,,,,WIB,JMB.ALB.BGP", ["JMB", "JMB.ALB", "JMB.ALB.BGP"]),
        (
            "Kota Jambi,Alam Barajo,Bagan Pete,3,,,WIB,JMB.ALB.BGP.RW03",
            ["JMB", "JMB.ALB", "JMB.ALB.BGP", "JMB.ALB.BGP.RW03"],
        ),
    ],
    ids=["kota", "kecamatan", "kelurahan", "rw"],
)
def test_a_row_may_stop_at_any_level(row, codes):
    specs, errors = parse_areas(csv_text(row))
    assert errors == []
    assert [s.code for s in specs] == codes
    assert [s.level for s in specs] == LEVELS[: len(codes)]
    assert all(s.kk_count is None for s in specs)
    if len(codes) == 4:
        assert specs[-1].name == "RW 03"


@pytest.mark.parametrize("partial_first", [True, False], ids=["partial-first", "partial-last"])
async def test_partial_and_full_rows_of_one_kota_coexist(db, partial_first):
    partial = [
        "Kota Jambi,,,,,,WIB,JMB",
        "Kota Jambi,Alam Barajo,Bagan Pete,,,,WIB,JMB.ALB.BGP",
    ]
    rows = [*partial, ROW] if partial_first else [ROW, *partial]
    report = await import_areas(csv_text(*rows), "a.csv")

    assert report.ok, report.error_lines()
    # JMB and JMB.ALB are shared; BGP is a kelurahan with nothing below it yet
    assert report.summary() == "created=6 updated=0 unchanged=0"
    assert await level_counts() == {
        AreaLevel.KOTA: 1,
        AreaLevel.KECAMATAN: 1,
        AreaLevel.KELURAHAN: 2,
        AreaLevel.RW: 1,
        AreaLevel.RT: 1,
    }
    alb = await Area.get(code="JMB.ALB")
    kelurahan = await Area.filter(parent_id=alb.id).order_by("code").values_list("code", flat=True)
    assert kelurahan == ["JMB.ALB.BGP", "JMB.ALB.MYM"]

    # RTs for the kelurahan arrive later, beside the partial row, as updates by code
    later = await import_areas(
        csv_text(
            *partial,
            "Kota Jambi,Alam Barajo,Bagan Pete,01,001,118,WIB,JMB.ALB.BGP.RW01.RT001",
        ),
        "b.csv",
    )
    assert later.summary() == "created=2 updated=0 unchanged=3"
    assert (await Area.get(code="JMB.ALB.BGP.RW01.RT001")).kk_count == 118


async def test_contoh_partial_rows_are_labelled(db):
    text = CONTOH.read_text(encoding="utf-8")
    lines = text.splitlines()
    bdl = lines.index(BDL)
    assert lines[bdl + 1] == BGR
    assert lines[bdl - 1].startswith("#")
    assert "kecamatan/kelurahan" in "\n".join(line for line in lines[:bdl] if line.startswith("#"))


# --------------------------------------------------------------------------- file handling


async def test_bom_comments_whitespace_and_lowercase(db):
    text = (
        "\ufeff# CONTOH / EXAMPLE\n"
        "\n"
        "  KOTA , Kecamatan,kelurahan,rw,rt,kk,timezone,code\n"
        "# another comment\n"
        ' Kota  Jambi , "Alam Barajo",Mayang Mangurai, 1 , 3 , 007 , wib ,'
        " jmb.alb.mym.rw01.rt003 \n"
    )
    report = await import_areas(text, "x.csv")
    assert report.ok, report.error_lines()
    rt = await Area.get(code="JMB.ALB.MYM.RW01.RT003")
    assert (rt.name, rt.kk_count, rt.timezone) == ("RT 003", 7, "Asia/Jakarta")
    assert (await Area.get(code="JMB")).name == "Kota Jambi"
    assert (await Area.get(code="JMB.ALB.MYM.RW01")).name == "RW 01"


async def test_file_with_bom_and_line_numbers(db, tmp_path):
    path = tmp_path / "bom.csv"
    text = "# example\n" + csv_text(ROW, ROW.replace(",100,", ",x,"))
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    report = await import_areas_file(path)
    assert report.errors == [(4, "kk 'x' is not a whole number of households")]
    assert report.error_lines() == [f"{path}:4: kk 'x' is not a whole number of households"]
    assert not report.ok


async def test_non_utf8_file_reports_the_line(db, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + "\n" + ROW.replace("Barajo", "Baraj\xf6") + "\n").encode("latin-1"))
    report = await import_areas_file(path)
    assert [line for line, _ in report.errors] == [2]
    assert report.errors[0][1].startswith("not UTF-8 text")
    assert await Area.all().count() == 0


def test_lines_iterable_and_string_parse_alike():
    text = csv_text(ROW)
    assert parse_areas(text) == parse_areas(text.splitlines(keepends=True))
    specs, errors = parse_areas(text)
    assert errors == []
    assert [(s.code, s.parent_code) for s in specs] == [
        ("JMB", None),
        ("JMB.ALB", "JMB"),
        ("JMB.ALB.MYM", "JMB.ALB"),
        ("JMB.ALB.MYM.RW01", "JMB.ALB.MYM"),
        ("JMB.ALB.MYM.RW01.RT001", "JMB.ALB.MYM.RW01"),
    ]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("WIB", "Asia/Jakarta"),
        ("wita", "Asia/Makassar"),
        ("Wit", "Asia/Jayapura"),
        ("Asia/Pontianak", "Asia/Pontianak"),
        ("asia/makassar", "Asia/Makassar"),
        ("Mars/Base", None),
        ("../etc/passwd", None),
    ],
)
def test_canonical_timezone(given, expected):
    assert canonical_timezone(given) == expected


def test_report_summary_and_ok():
    report = ImportReport(source="f.csv", created=2, updated=1, unchanged=3)
    assert report.summary() == "created=2 updated=1 unchanged=3"
    assert report.ok
    report.errors.append((7, "empty kk"))
    assert not report.ok


# --------------------------------------------------------------------------- bad files

BAD_FILES = [
    (
        "bad code shape",
        csv_text(ROW, ROW.replace("JMB.ALB.MYM.RW01.RT001", "JMB.ALB.RW01.RT002")),
        [
            (
                3,
                "bad code 'JMB.ALB.RW01.RT002': expected 5 dot-separated segments of A-Z/0-9, "
                "like JMB.ALB.MYM.RW01.RT003",
            )
        ],
    ),
    (
        "bad code characters",
        csv_text(ROW.replace("JMB.ALB.MYM.RW01.RT001", "JMB.AL-B.MYM.RW01.RT001")),
        [
            (
                2,
                "bad code 'JMB.AL-B.MYM.RW01.RT001': expected 5 dot-separated segments of "
                "A-Z/0-9, like JMB.ALB.MYM.RW01.RT003",
            )
        ],
    ),
    (
        "code's RT segment does not match the rt column",
        csv_text(ROW.replace(",001,100,", ",002,100,")),
        [
            (
                2,
                "code JMB.ALB.MYM.RW01.RT001 does not match rt '002': "
                "its RT segment should be RT002",
            )
        ],
    ),
    (
        "code's RW segment does not match the rw column",
        csv_text(ROW, ROW.replace(",01,001,", ",2,001,")),
        [
            (
                3,
                "code JMB.ALB.MYM.RW01.RT001 does not match rw '2': its RW segment should be RW02",
            )
        ],
    ),
    (
        "kk not a number",
        csv_text(ROW.replace(",100,", ",abc,")),
        [(2, "kk 'abc' is not a whole number of households")],
    ),
    (
        "negative kk",
        csv_text(ROW.replace(",100,", ",-5,")),
        [(2, "kk '-5' is not a whole number of households")],
    ),
    (
        "unknown time zone",
        csv_text(
            ROW, ROW.replace(",001,100,WIB,", ",002,100,Mars/Base,").replace("RT001", "RT002")
        ),
        [(3, "unknown time zone 'Mars/Base' (use WIB, WITA, WIT or an IANA name)")],
    ),
    (
        "same code, two names",
        csv_text(
            ROW,
            "Kota Jambi,Alam Barajo,Mayang Mangurai,01,002,50,WIB,JMB.ALB.MYM.RW01.RT002",
            "Kota Jambi,Alam Baraja,Mayang Mangurai,01,003,50,WIB,JMB.ALB.MYM.RW01.RT003",
        ),
        [(4, "kecamatan JMB.ALB is named 'Alam Baraja' here but 'Alam Barajo' on line 2")],
    ),
    (
        "kelurahan row copied under another kota without changing the code",
        csv_text(
            ROW,
            "Kota Bontang,Bontang Selatan,Satimpo,01,002,50,WIB,JMB.ALB.MYM.RW01.RT002",
        ),
        [
            (3, "kota JMB is named 'Kota Bontang' here but 'Kota Jambi' on line 2"),
            (3, "kecamatan JMB.ALB is named 'Bontang Selatan' here but 'Alam Barajo' on line 2"),
            (3, "kelurahan JMB.ALB.MYM is named 'Satimpo' here but 'Mayang Mangurai' on line 2"),
        ],
    ),
    (
        "one name, two codes under the same parent",
        csv_text(ROW, ROW.replace("JMB.ALB.MYM.", "JMB.ALB.MYG.")),
        [(3, "kelurahan 'Mayang Mangurai' has code JMB.ALB.MYG here but JMB.ALB.MYM on line 2")],
    ),
    (
        "kota rows disagree on the time zone",
        csv_text(ROW, ROW.replace(",WIB,", ",WITA,").replace("MYM", "BGP")),
        [(3, "time zone Asia/Makassar for kota JMB disagrees with Asia/Jakarta on line 2")],
    ),
    (
        "missing header",
        "# comment\n" + ROW + "\n",
        [
            (
                2,
                "missing header: the first line must be "
                "'kota,kecamatan,kelurahan,rw,rt,kk,timezone,code'",
            )
        ],
    ),
    (
        "wrong header",
        csv_text(ROW, header="kota,kecamatan,kelurahan,rw,rt,kk,code,timezone"),
        [
            (
                1,
                "wrong header 'kota,kecamatan,kelurahan,rw,rt,kk,code,timezone': "
                "expected 'kota,kecamatan,kelurahan,rw,rt,kk,timezone,code'",
            )
        ],
    ),
    (
        "empty file",
        "# only a comment\n",
        [
            (
                1,
                "missing header: the file has no "
                "'kota,kecamatan,kelurahan,rw,rt,kk,timezone,code' line",
            )
        ],
    ),
    (
        "wrong column count",
        csv_text(ROW, "Kota Jambi,Alam Barajo,Mayang Mangurai,01,002,50,JMB.ALB.MYM.RW01.RT002"),
        [(3, "expected 8 columns, got 7")],
    ),
    (
        "empty required fields",
        csv_text(",Alam Barajo,Mayang Mangurai,01,001,,WIB,JMB.ALB.MYM.RW01.RT001"),
        [(2, "empty kota"), (2, "empty kk")],
    ),
    (
        "bad rt number",
        csv_text(ROW.replace(",001,", ",0,")),
        [(2, "rt '0' is not a positive number")],
    ),
    (
        "duplicate RT code",
        csv_text(ROW, "# a comment between rows", ROW.replace(",100,", ",90,")),
        [(4, "duplicate RT code JMB.ALB.MYM.RW01.RT001 (first on line 2)")],
    ),
    (
        "duplicate RT code written in lower case",
        csv_text(ROW, ROW.replace("JMB.ALB.MYM.RW01.RT001", "jmb.alb.mym.rw01.rt001")),
        [(3, "duplicate RT code JMB.ALB.MYM.RW01.RT001 (first on line 2)")],
    ),
    (
        "gap in the middle: kelurahan empty but rw filled",
        csv_text("Kota Jambi,Alam Barajo,,01,,,WIB,JMB.ALB.MYM.RW01"),
        [(2, "empty kelurahan but rw is filled: a row may stop at any level but cannot skip one")],
    ),
    (
        "two gaps on an RT row",
        csv_text("Kota Jambi,,,01,001,100,WIB,JMB.ALB.MYM.RW01.RT001"),
        [
            (
                2,
                "empty kecamatan and kelurahan but rt is filled: "
                "a row may stop at any level but cannot skip one",
            )
        ],
    ),
    (
        "kk on a kota-only row",
        csv_text("Kota Bandar Lampung,,,,,120,WIB,BDL"),
        [(2, "kk '120' on a row that stops at kota: kk belongs on RT rows only, leave it empty")],
    ),
    (
        "kk on an RW row",
        csv_text("Kota Jambi,Alam Barajo,Mayang Mangurai,01,,40,WIB,JMB.ALB.MYM.RW01"),
        [(2, "kk '40' on a row that stops at RW: kk belongs on RT rows only, leave it empty")],
    ),
    (
        "partial row whose code has too many segments",
        csv_text("Kabupaten Lampung Tengah,Bangunrejo,,,,,WIB,LTG.BGR.X"),
        [
            (
                2,
                "bad code 'LTG.BGR.X': expected 2 dot-separated segments of A-Z/0-9 "
                "for a row that stops at kecamatan, like JMB.ALB",
            )
        ],
    ),
    (
        "kota-only row with an RT code",
        csv_text("Kota Jambi,,,,,,WIB,JMB.ALB.MYM.RW01.RT001"),
        [
            (
                2,
                "bad code 'JMB.ALB.MYM.RW01.RT001': expected 1 dot-separated segment of "
                "A-Z/0-9 for a row that stops at kota, like JMB",
            )
        ],
    ),
    (
        "partial row's RW segment does not match the rw column",
        csv_text("Kota Jambi,Alam Barajo,Mayang Mangurai,2,,,WIB,JMB.ALB.MYM.RW01"),
        [(2, "code JMB.ALB.MYM.RW01 does not match rw '2': its RW segment should be RW02")],
    ),
    (
        "duplicate partial row",
        csv_text(BDL, BDL.replace("Kota Bandar Lampung", "kota bandar lampung")),
        [(3, "duplicate kota code BDL (first on line 2)")],
    ),
    (
        "partial row names its kota differently from a full row",
        csv_text(ROW, "Kota Jambi Baru,,,,,,WIB,JMB"),
        [(3, "kota JMB is named 'Kota Jambi Baru' here but 'Kota Jambi' on line 2")],
    ),
    (
        "partial row disagrees with a full row on the time zone",
        csv_text(ROW, "Kota Jambi,Alam Barajo,Bagan Pete,,,,WITA,JMB.ALB.BGP"),
        [(3, "time zone Asia/Makassar for kota JMB disagrees with Asia/Jakarta on line 2")],
    ),
    (
        "partial row without a time zone",
        csv_text("Kota Bandar Lampung,,,,,,,BDL"),
        [(2, "empty timezone")],
    ),
    (
        "unterminated quote",
        csv_text(
            ROW, 'Kota Jambi,"Alam Barajo,Mayang Mangurai,01,002,50,WIB,JMB.ALB.MYM.RW01.RT002'
        ),
        [(3, "cannot parse CSV: unexpected end of data")],
    ),
    (
        "errors on several lines are all reported, in line order",
        csv_text(
            ROW.replace(",100,", ",abc,"),
            ROW.replace("RT001", "RT002").replace(",001,", ",002,"),
            ROW.replace(",WIB,", ",Mars/Base,").replace("RT001", "RT003").replace(",001,", ",003,"),
        ),
        [
            (2, "kk 'abc' is not a whole number of households"),
            (4, "unknown time zone 'Mars/Base' (use WIB, WITA, WIT or an IANA name)"),
        ],
    ),
]


@pytest.mark.parametrize(
    ("text", "errors"), [case[1:] for case in BAD_FILES], ids=[case[0] for case in BAD_FILES]
)
async def test_bad_file_writes_nothing(db, text, errors):
    report = await import_areas(text, "bad.csv")

    assert report.errors == errors
    assert not report.ok
    assert report.summary() == "created=0 updated=0 unchanged=0"
    assert await Area.all().count() == 0


async def test_bad_file_leaves_existing_areas_untouched(db):
    await import_areas_file(CONTOH)
    before = {a.code: (a.name, a.kk_count, a.timezone) for a in await Area.all()}
    text = csv_text(
        # valid on its own: a change and a new RT that must not be written
        "Kota Jambi,Alam Barajo,Mayang Mangurai,01,001,5,WIB,JMB.ALB.MYM.RW01.RT001",
        "Kota Jambi,Alam Barajo,Mayang Mangurai,01,004,50,WIB,JMB.ALB.MYM.RW01.RT004",
        "Kota Jambi,Alam Barajo,Mayang Mangurai,01,005,abc,WIB,JMB.ALB.MYM.RW01.RT005",
    )
    report = await import_areas(text, "bad.csv")

    assert report.errors == [(4, "kk 'abc' is not a whole number of households")]
    after = {a.code: (a.name, a.kk_count, a.timezone) for a in await Area.all()}
    assert after == before
