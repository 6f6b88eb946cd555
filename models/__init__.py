"""Tortoise models, one module per aggregate. `MODEL_MODULES` is what Tortoise and aerich load."""

from models.announcements import Announcement, AnnouncementStatus
from models.areas import Area, AreaLevel
from models.complaints import (
    Complaint,
    ComplaintEvent,
    ComplaintFeedback,
    ComplaintStatus,
    ComplaintSupporter,
    FixedAnswer,
    IdentityView,
    Visibility,
)
from models.conversations import ConversationState, OpenQuestion
from models.faq import UnansweredQuestion
from models.gotong_royong import Availability, Event, EventStatus, Rsvp, RsvpAnswer
from models.groups import GroupChat
from models.messages import (
    PENDING,
    Direction,
    Interaction,
    OutboxEvent,
    OutboxMessage,
    OutboxStatus,
)
from models.residents import Consent, Identity, Resident, Role, RoleKind
from models.schedule import JobStatus, ScheduledJob

MODEL_MODULES = [
    "models.areas",
    "models.residents",
    "models.conversations",
    "models.messages",
    "models.faq",
    "models.groups",
    "models.schedule",
    "models.announcements",
    "models.gotong_royong",
    "models.complaints",
]

__all__ = [
    "MODEL_MODULES",
    "PENDING",
    "Announcement",
    "AnnouncementStatus",
    "Area",
    "AreaLevel",
    "Availability",
    "Complaint",
    "ComplaintEvent",
    "ComplaintFeedback",
    "ComplaintStatus",
    "ComplaintSupporter",
    "Consent",
    "ConversationState",
    "Direction",
    "Event",
    "EventStatus",
    "FixedAnswer",
    "GroupChat",
    "Identity",
    "IdentityView",
    "Interaction",
    "JobStatus",
    "OpenQuestion",
    "OutboxEvent",
    "OutboxMessage",
    "OutboxStatus",
    "Resident",
    "Role",
    "RoleKind",
    "Rsvp",
    "RsvpAnswer",
    "ScheduledJob",
    "UnansweredQuestion",
    "Visibility",
]
