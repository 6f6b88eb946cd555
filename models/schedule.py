"""Scheduled work (reminders, lessons, digests …) stored as rows: the source of truth for the clock.

APScheduler only holds an in-memory copy rebuilt from these rows; a job's run enqueues outbox rows
keyed by `key`, so running it twice enqueues once.
"""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class JobStatus(StrEnum):
    PENDING = "pending"
    DONE = "done"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


class ScheduledJob(Model):
    id = fields.BigIntField(primary_key=True)
    #: what the job is about, unique: "reminder:GR12:eve", "lesson:kampung-bantar-3:tg:123" …
    key = fields.CharField(max_length=128, unique=True)
    kind = fields.CharField(max_length=32)
    run_at = fields.DatetimeField(db_index=True)
    #: after this the job is pointless (the event is over): it expires instead of running late
    expires_at = fields.DatetimeField(null=True)
    payload = fields.JSONField(default=dict)
    status = fields.CharEnumField(JobStatus, max_length=12, default=JobStatus.PENDING)
    done_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField()

    class Meta:
        table = "scheduled_job"
