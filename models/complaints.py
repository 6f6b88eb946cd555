"""Complaints (pengaduan): the complaint itself, its history, and the audit log of who looked at
a reporter's identity.

A complaint's place is always an RT (`area`); the level that handles it is `handler`, an
ancestor of that RT (shipped routing: the kelurahan). The reporter link is nullable because HAPUS
DATA keeps the description (a public matter) and cuts the link, name, number and photo.
"""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class ComplaintStatus(StrEnum):
    """The words residents read, as the issue writes them."""

    DITERIMA = "diterima"
    DIVERIFIKASI = "diverifikasi"
    DIPROSES = "diproses"
    DITERUSKAN = "diteruskan"
    SELESAI = "selesai"
    DITOLAK = "ditolak"
    DUPLIKAT = "duplikat"


class Visibility(StrEnum):
    """Who may see who sent it (chosen by the resident at intake)."""

    BIASA = "biasa"  # handling officers see who; the ketua RT sees the complaint, not who
    ANONIM = "anonim"  # nobody sees who, except petugas_data (each view audited)
    BUKAN_KETUA = "bukan_ketua"  # about the RT or its head: the ketua RT never sees it


class Complaint(Model):
    id = fields.IntField(primary_key=True)
    #: without its `#`, upper case (`K7H3Q`); shown as `#K7H3Q`
    ticket = fields.CharField(max_length=8, unique=True)
    #: a category code from content/complaints/categories.yaml
    category = fields.CharField(max_length=32)
    description = fields.TextField()
    #: the resident wrote more than the limit and was told it was cut
    description_cut = fields.BooleanField(default=False)
    status = fields.CharEnumField(ComplaintStatus, max_length=16, default=ComplaintStatus.DITERIMA)
    visibility = fields.CharEnumField(Visibility, max_length=16, default=Visibility.BIASA)
    reporter: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Resident", related_name="complaints", null=True, on_delete=fields.SET_NULL
    )
    #: the RT the complaint is about
    area: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Area", related_name="complaints", on_delete=fields.RESTRICT
    )
    landmark = fields.CharField(max_length=200, null=True)
    latitude = fields.FloatField(null=True)
    longitude = fields.FloatField(null=True)
    #: a Telegram file id
    photo = fields.CharField(max_length=200, null=True)
    #: the channel it came by (`telegram`, `sms`, `shell`): the reporter is answered there
    channel = fields.CharField(max_length=16)
    #: the area whose officers handle it now (an ancestor of `area`)
    handler: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Area", related_name="handled_complaints", null=True, on_delete=fields.SET_NULL
    )
    duplicate_of: fields.ForeignKeyNullableRelation[Complaint] = fields.ForeignKeyField(
        "models.Complaint", related_name="duplicates", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()
    #: the stage's deadline: the end of its last working day (None once closed)
    due_at = fields.DatetimeField(null=True)
    #: what is due by then: `verifikasi`, `tindakan` (first action) or `selesai`
    due_stage = fields.CharField(max_length=16, null=True)
    #: when the deadlines are counted from: filing, or the last reopening
    counted_from = fields.DatetimeField(null=True)
    #: when it last went up a level because it was overdue (None: never)
    escalated_at = fields.DatetimeField(null=True)
    #: times the reporter or a supporter said it was not fixed (at most twice, then it escalates)
    reopened = fields.SmallIntField(default=0)
    #: when it was last closed (selesai, ditolak, duplikat): "sudah beres?" is answerable 14 days
    closed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "complaint"
        indexes = (("area_id", "status"), ("reporter_id", "created_at"), ("status", "due_at"))


class ComplaintSupporter(Model):
    """A resident who joined someone else's open complaint instead of filing the same again: they
    get the reporter's notices word for word and may CEK it; never told who reported it."""

    id = fields.IntField(primary_key=True)
    complaint: fields.ForeignKeyRelation[Complaint] = fields.ForeignKeyField(
        "models.Complaint", related_name="supporters", on_delete=fields.CASCADE
    )
    resident: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Resident", related_name="supported_complaints", on_delete=fields.CASCADE
    )
    #: the channel they joined by: their notices go there
    channel = fields.CharField(max_length=16)
    created_at = fields.DatetimeField()

    class Meta:
        table = "complaint_supporter"
        unique_together = (("complaint", "resident"),)


class FixedAnswer(StrEnum):
    """The answer to "Sudah beres?"."""

    YA = "ya"
    BELUM = "belum"
    SEBAGIAN = "sebagian"


class ComplaintFeedback(Model):
    """A reporter's or supporter's answer to "Sudah beres?", and after `ya` their 1-5 rating."""

    id = fields.IntField(primary_key=True)
    complaint: fields.ForeignKeyRelation[Complaint] = fields.ForeignKeyField(
        "models.Complaint", related_name="feedback", on_delete=fields.CASCADE
    )
    #: NULL once they erased their data (the answer and rating stay: they concern the office)
    resident: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Resident", related_name="complaint_feedback", null=True, on_delete=fields.SET_NULL
    )
    answer = fields.CharEnumField(FixedAnswer, max_length=16)
    rating = fields.SmallIntField(null=True)
    #: the rating's reason, or for belum / sebagian what is still wrong (for the officer)
    comment = fields.TextField(null=True)
    at = fields.DatetimeField()

    class Meta:
        table = "complaint_feedback"


class ComplaintEvent(Model):
    """One status change or reply. A reply has no statuses; `public` ones reach the reporter."""

    id = fields.IntField(primary_key=True)
    complaint: fields.ForeignKeyRelation[Complaint] = fields.ForeignKeyField(
        "models.Complaint", related_name="events", on_delete=fields.CASCADE
    )
    at = fields.DatetimeField()
    from_status = fields.CharEnumField(ComplaintStatus, max_length=16, null=True)
    to_status = fields.CharEnumField(ComplaintStatus, max_length=16, null=True)
    #: `resident` (then `actor_resident`, NULL once they erased their data), `operator` or `system`
    actor = fields.CharField(max_length=16)
    actor_resident: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Resident", related_name="complaint_events", null=True, on_delete=fields.SET_NULL
    )
    note = fields.TextField(null=True)
    public = fields.BooleanField(default=True)

    class Meta:
        table = "complaint_event"


class IdentityView(Model):
    """Someone saw who filed a complaint (`identity`) or unmasked their number (`number`)."""

    id = fields.IntField(primary_key=True)
    complaint: fields.ForeignKeyRelation[Complaint] = fields.ForeignKeyField(
        "models.Complaint", related_name="identity_views", on_delete=fields.CASCADE
    )
    #: `resident` (then `viewer`) or `operator`
    viewer_kind = fields.CharField(max_length=16)
    viewer: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Resident", related_name="identity_views", null=True, on_delete=fields.SET_NULL
    )
    what = fields.CharField(max_length=16)
    reason = fields.CharField(max_length=200)
    at = fields.DatetimeField()

    class Meta:
        table = "complaint_identity_view"
