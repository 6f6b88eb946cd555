"""The complaint lifecycle: which status moves are allowed, and what a move records.

    diterima -> diverifikasi -> diproses (or diteruskan, with a reason) -> selesai
    any open status -> ditolak (a reason is required) | duplikat (linked to the original)

A forward move may skip stages; the stages it skips are recorded too (diterima -> diproses
records diverifikasi first), so the history always reads as the full path. Diproses and
diteruskan are the same stage: an office that receives a forwarded complaint starts work on it
(diteruskan -> diproses), or forwards it on (diteruskan -> diteruskan, with a new reason).
Nothing moves back, and nothing leaves selesai, ditolak or duplikat through `steps`: the one way
out of selesai is `reopen`, which only a resident's "belum" / "sebagian" to "Sudah beres?" takes
(`feedback.py`), back to diproses. A refused move raises `Refused`, whose `text(t)` is the reason
in the reader's language.
"""

from __future__ import annotations

from models import ComplaintStatus as S

OPEN = (S.DITERIMA, S.DIVERIFIKASI, S.DIPROSES, S.DITERUSKAN)
CLOSED = (S.SELESAI, S.DITOLAK, S.DUPLIKAT)
#: the main line's stages, in order; diteruskan stands beside diproses
_RANK = {S.DITERIMA: 0, S.DIVERIFIKASI: 1, S.DIPROSES: 2, S.DITERUSKAN: 2, S.SELESAI: 3}
#: stages a forward move records when it skips them
_SKIPPABLE = (S.DIVERIFIKASI, S.DIPROSES)


class Refused(Exception):
    """A status move the lifecycle does not allow; `text(t)` says why, in Indonesian (or English)."""

    def __init__(self, why: str, current: S, target: S) -> None:
        super().__init__(f"{why}: {current.value} -> {target.value}")
        self.why, self.current, self.target = why, current, target

    def text(self, t) -> str:
        """The reason, for a resident, an officer or the command line."""
        status, target = self.current.value, self.target.value
        if self.why == "closed":
            return t._("Laporan ini sudah berstatus {status}; statusnya tidak bisa diubah lagi.", status=status)
        if self.why == "same":
            return t._("Laporan ini sudah berstatus {status}.", status=status)
        if self.why == "backwards":
            return t._("Status tidak bisa mundur dari {status} ke {target}.", status=status, target=target)
        if self.why == "reason":
            return t._("Status {target} perlu alasan: tulis alasannya di catatan.", target=target)
        if self.why == "original":
            return t._("Status duplikat perlu nomor laporan aslinya.")
        if self.why == "original_self":
            return t._("Laporan tidak bisa menjadi duplikat dirinya sendiri.")
        if self.why == "original_unknown":
            return t._("Laporan asli untuk duplikat itu tidak ditemukan.")
        if self.why == "reopen":
            return t._("Hanya laporan berstatus selesai yang bisa dibuka kembali; laporan ini berstatus {status}.", status=status)
        if self.why == "forward_to":
            return t._("Laporan hanya bisa diteruskan ke wilayah di atas tempat kejadiannya.")
        return t._("Perubahan status ini tidak diizinkan.")


def steps(current: S, target: S, *, note: str | None = None, duplicate_of: str | None = None) -> list[S]:
    """The statuses a move from `current` to `target` records, in order, ending with `target`;
    raises Refused when the move is not allowed or lacks its reason or original."""
    if current in CLOSED:
        raise Refused("closed", current, target)
    if target == current and target is not S.DITERUSKAN:
        raise Refused("same", current, target)
    if target is S.DITOLAK or target is S.DUPLIKAT:
        if target is S.DITOLAK and not (note or "").strip():
            raise Refused("reason", current, target)
        if target is S.DUPLIKAT and not duplicate_of:
            raise Refused("original", current, target)
        return [target]
    if _RANK[target] < _RANK[current] or target is S.DITERIMA:
        raise Refused("backwards", current, target)
    if target is S.DITERUSKAN and not (note or "").strip():
        raise Refused("reason", current, target)
    skipped = [s for s in _SKIPPABLE if _RANK[current] < _RANK[s] < _RANK[target]]
    return [*skipped, target]


def reopen(current: S) -> S:
    """The status a complaint reopens to when a resident says it is not (all) fixed: diproses,
    only from selesai (ditolak and duplikat were never fixed, and an open one is open already);
    raises Refused otherwise. Only the answer to "Sudah beres?" calls this."""
    if current is not S.SELESAI:
        raise Refused("reopen", current, S.DIPROSES)
    return S.DIPROSES
