"""The models of the three rooms of ``exchanges``, one module each (as pretix splits
``base/models/``). Everything is re-exported here, so ``exchanges.models.Meeting`` keeps working
and the app label stays ``exchanges`` (no migration)."""

from .meetings import (
    AgendaItem,
    Attendance,
    AttendanceResponse,
    CalendarFeedToken,
    Decision,
    Meeting,
    MeetingAttachment,
    MeetingChange,
    MeetingFormat,
    MeetingLanguages,
    MeetingQuerySet,
    MeetingStatus,
    Visibility,
)
from .notifications import (
    KIND_CATEGORY,
    DeliveryStatus,
    MailLinkKey,
    Notification,
    NotificationCategory,
    NotificationKind,
    NotificationMode,
    NotificationPreference,
)
from .plan import (
    OPEN_STATUSES,
    ActionPlan,
    Milestone,
    MilestoneKPI,
    MilestoneLink,
    MilestoneStatus,
    Workstream,
)

__all__ = [
    "KIND_CATEGORY",
    "OPEN_STATUSES",
    "ActionPlan",
    "AgendaItem",
    "Attendance",
    "AttendanceResponse",
    "CalendarFeedToken",
    "Decision",
    "DeliveryStatus",
    "MailLinkKey",
    "Meeting",
    "MeetingAttachment",
    "MeetingChange",
    "MeetingFormat",
    "MeetingLanguages",
    "MeetingQuerySet",
    "MeetingStatus",
    "Milestone",
    "MilestoneKPI",
    "MilestoneLink",
    "MilestoneStatus",
    "Notification",
    "NotificationCategory",
    "NotificationKind",
    "NotificationMode",
    "NotificationPreference",
    "Visibility",
    "Workstream",
]
