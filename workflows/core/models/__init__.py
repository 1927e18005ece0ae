from .audit import AuditEvent
from .calendar import CalendarDay, CalendarYear
from .cases import Case, Procedure
from .credit_records import CreditRecord
from .deadlines import Deadline, DeadlineRule
from .documents import CaseDocument
from .notifications import Notification
from .numbering import NumberSequence
from .outbound import InboundCall, OutboundMessage, OutboundTarget
from .regions import Bureau
from .sla import DeadlineEscalation, EscalationLevel, SlaReport
from .subjects import Subject, SubjectTypeTerm
from .users import User

__all__ = (
    "AuditEvent",
    "Bureau",
    "CalendarDay",
    "CalendarYear",
    "Case",
    "CaseDocument",
    "CreditRecord",
    "Deadline",
    "DeadlineEscalation",
    "DeadlineRule",
    "EscalationLevel",
    "InboundCall",
    "Notification",
    "NumberSequence",
    "OutboundMessage",
    "OutboundTarget",
    "Procedure",
    "SlaReport",
    "Subject",
    "SubjectTypeTerm",
    "User",
)
