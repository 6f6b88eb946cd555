"""The lifecycle table: every move between every pair of statuses, legal or refused."""

from __future__ import annotations

import pytest

from bot.i18n import translator
from handlers.complaints.lifecycle import Refused, steps
from models import ComplaintStatus as S

D, V, P, F, SEL, TOL, DUP = (S.DITERIMA, S.DIVERIFIKASI, S.DIPROSES, S.DITERUSKAN, S.SELESAI, S.DITOLAK, S.DUPLIKAT)

#: (from, to) -> the statuses recorded, or the refusal; ditolak and diteruskan with a reason,
#: duplikat with an original
TABLE = {
    (D, D): "same", (D, V): [V], (D, P): [V, P], (D, F): [V, F], (D, SEL): [V, P, SEL], (D, TOL): [TOL], (D, DUP): [DUP],
    (V, D): "backwards", (V, V): "same", (V, P): [P], (V, F): [F], (V, SEL): [P, SEL], (V, TOL): [TOL], (V, DUP): [DUP],
    (P, D): "backwards", (P, V): "backwards", (P, P): "same", (P, F): [F], (P, SEL): [SEL], (P, TOL): [TOL], (P, DUP): [DUP],
    (F, D): "backwards", (F, V): "backwards", (F, P): [P], (F, F): [F], (F, SEL): [SEL], (F, TOL): [TOL], (F, DUP): [DUP],
    **{(closed, to): "closed" for closed in (SEL, TOL, DUP) for to in S},
}  # fmt: skip


def test_the_table_covers_every_pair():
    assert set(TABLE) == {(a, b) for a in S for b in S}


@pytest.mark.parametrize(("current", "target"), list(TABLE), ids=[f"{a.value}->{b.value}" for a, b in TABLE])
def test_every_move(current, target):
    expected = TABLE[(current, target)]
    if isinstance(expected, str):
        with pytest.raises(Refused) as refused:
            steps(current, target, note="alasan", duplicate_of="K7H3Q")
        assert refused.value.why == expected
        reason = refused.value.text(translator("id"))
        assert reason and "{" not in reason
        return
    assert steps(current, target, note="alasan", duplicate_of="K7H3Q") == expected


@pytest.mark.parametrize("current", [D, V, P, F])
def test_reasons_and_originals_are_required(current):
    with pytest.raises(Refused) as refused:
        steps(current, TOL, note="  ")
    assert refused.value.why == "reason"
    assert refused.value.text(translator("id")) == "Status ditolak perlu alasan: tulis alasannya di catatan."
    with pytest.raises(Refused) as refused:
        steps(current, F)
    assert refused.value.why == "reason"
    with pytest.raises(Refused) as refused:
        steps(current, DUP, note="sama")
    assert refused.value.why == "original"
    assert steps(current, SEL) == TABLE[(current, SEL)]  # a plain forward move needs no note


def test_refusals_speak_indonesian_and_english():
    refused = Refused("closed", SEL, P)
    assert refused.text(translator("id")) == "Laporan ini sudah berstatus selesai; statusnya tidak bisa diubah lagi."
    assert "selesai" in refused.text(translator("en")) and refused.text(translator("en")) != refused.text(translator("id"))
