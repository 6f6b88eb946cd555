"""Tortoise models, one module per aggregate. `MODEL_MODULES` is what Tortoise and aerich load."""

from models.areas import Area, AreaLevel
from models.conversations import ConversationState
from models.faq import UnansweredQuestion
from models.messages import Direction, Interaction, OutboxMessage, OutboxStatus
from models.residents import Consent, Identity, Resident, Role, RoleKind

MODEL_MODULES = [
    "models.areas",
    "models.residents",
    "models.conversations",
    "models.messages",
    "models.faq",
]

__all__ = [
    "MODEL_MODULES",
    "Area",
    "AreaLevel",
    "Consent",
    "ConversationState",
    "Direction",
    "Identity",
    "Interaction",
    "OutboxMessage",
    "OutboxStatus",
    "Resident",
    "Role",
    "RoleKind",
    "UnansweredQuestion",
]
