"""The sections every program has, their labels, and the words residents type for them."""

from __future__ import annotations

from handlers.texts import Texts

#: section ids in menu order (what `kabarrt content show PROGRAM SECTION` accepts)
SECTIONS = ("ringkasan", "tujuan", "indikator", "hadiah", "langkah", "peran", "dasar-hukum", "fakta", "pelajaran")
#: words residents type for a section while looking at a program
SECTION_WORDS = {
    "RINGKASAN": "ringkasan", "INFO": "ringkasan", "TUJUAN": "tujuan", "INDIKATOR": "indikator",
    "PENILAIAN": "indikator", "HADIAH": "hadiah", "DANA": "hadiah", "UANG": "hadiah",
    "LANGKAH": "langkah", "LANGKAH-LANGKAH": "langkah", "CARA": "langkah", "PERAN": "peran",
    "DASAR HUKUM": "dasar-hukum", "HUKUM": "dasar-hukum", "ATURAN": "dasar-hukum",
    "FAKTA": "fakta", "CATATAN": "fakta", "PELAJARAN": "pelajaran", "BELAJAR": "pelajaran",
}  # fmt: skip


def section_label(t: Texts, section: str) -> str:
    return {
        "ringkasan": t._("Ringkasan"),
        "tujuan": t._("Tujuan"),
        "indikator": t._("Indikator"),
        "hadiah": t._("Hadiah & dana"),
        "langkah": t._("Langkah-langkah"),
        "peran": t._("Siapa berbuat apa"),
        "dasar-hukum": t._("Dasar hukum"),
        "fakta": t._("Fakta & catatan"),
        "pelajaran": t._("Pelajaran"),
    }[section]
