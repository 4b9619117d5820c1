"""Turning an outbox row into an e-mail, in the recipient's language and time zone, and
sending it exactly once (see ``deliver``)."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac

from .models import (
    DeliveryStatus,
    Notification,
    NotificationKind,
    NotificationMode,
    NotificationPreference,
)
from .timefmt import meeting_time_text

log = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "exchanges.unsubscribe"
CALENDAR_KINDS = {
    NotificationKind.MEETING_INVITATION,
    NotificationKind.MEETING_CHANGED,
    NotificationKind.MEETING_CANCELLED,
    NotificationKind.MEETING_REMINDER,
}


def preference_of(user: Any, category: str) -> NotificationPreference:
    found = NotificationPreference.objects.filter(user=user, category=category).first()
    return found or NotificationPreference(user=user, category=category)


#: One letter per category keeps the unsubscribe URL short enough for one header line:
#: mail programs read a folded or encoded List-Unsubscribe header badly.
CATEGORY_CODES = {"meetings": "m", "milestones": "a", "practices": "p"}


def unsubscribe_token(user: Any, category: str) -> str:
    """``<user id>-<category letter>-<HMAC>``: made with SECRET_KEY, good for this one person
    and category only."""
    payload = f"{user.pk}-{CATEGORY_CODES[category]}"
    return (
        f"{payload}-{salted_hmac(UNSUBSCRIBE_SALT, payload, algorithm='sha256').hexdigest()[:20]}"
    )


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """The (user id, category) a token names, or None when it is forged or mangled."""
    try:
        user_id, code, signature = token.split("-")
    except ValueError:
        return None
    payload = f"{user_id}-{code}"
    expected = salted_hmac(UNSUBSCRIBE_SALT, payload, algorithm="sha256").hexdigest()[:20]
    category = next((c for c, letter in CATEGORY_CODES.items() if letter == code), None)
    if category is None or not user_id.isdigit() or not constant_time_compare(signature, expected):
        return None
    return int(user_id), category


def absolute(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def build_message(notification: Notification) -> EmailMultiAlternatives:
    """The e-mail for one row: subject and body in the recipient's language, times in their
    zone, a one-click unsubscribe link for the row's category, an .ics for meeting notices."""
    from .ics import calendar_for

    user = notification.recipient
    zone = user.effective_time_zone()
    with translation.override(user.preferred_language), timezone.override(zone):
        unsubscribe = absolute(
            reverse("unsubscribe", kwargs={"token": unsubscribe_token(user, notification.category)})
        )
        context = _context(notification, zone) | {"unsubscribe_url": unsubscribe}
        kind = notification.kind
        subject = " ".join(
            render_to_string(f"emails/notifications/{kind}.subject.txt", context).split()
        )
        body = render_to_string(f"emails/notifications/{kind}.txt", context)
        footer = render_to_string("emails/notifications/_footer.txt", context)
        html = render_to_string(
            "emails/notification.html", context | {"body": body, "subject": subject}
        )
        message = EmailMultiAlternatives(
            subject=subject,
            body=f"{body.strip()}\n\n-- \n{footer.strip()}\n",
            to=[user.email],
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                # Stable per row: were a message ever sent twice, mail programs show it once.
                "Message-ID": f"<notification-{notification.pk}@cooperation-portal>",
                "Auto-Submitted": "auto-generated",
            },
        )
        message.attach_alternative(html, "text/html")
        if kind in CALENDAR_KINDS and notification.meeting is not None:
            name = str(notification.meeting.title)
            message.attach(
                "meeting.ics",
                calendar_for([notification.meeting], user=user, name=name),
                "text/calendar; method=PUBLISH; charset=utf-8",
            )
    return message


def _context(notification: Notification, zone: str) -> dict[str, Any]:
    context: dict[str, Any] = {
        "notification": notification,
        "recipient": notification.recipient,
        "extra": notification.context,
        "portal_url": settings.PORTAL_BASE_URL,
    }
    meeting = notification.meeting
    if meeting is not None:
        context |= {
            "meeting": meeting,
            "meeting_url": absolute(meeting.get_absolute_url()),
            "meeting_time": meeting_time_text(
                meeting.starts_at,
                meeting.ends_at,
                host_zone=meeting.time_zone,
                host_label=meeting.host_label,
                viewer_zone=zone,
            ),
        }
    if notification.milestone is not None:
        milestone = notification.milestone
        context |= {"milestone": milestone, "milestone_url": absolute(milestone.get_absolute_url())}
    if notification.practice is not None:
        practice = notification.practice
        context |= {"practice": practice, "practice_url": absolute(practice.get_absolute_url())}
    if notification.kind == NotificationKind.DIGEST:
        context["items"] = list(
            notification.digested.select_related("meeting", "milestone", "practice").order_by(
                "created_at"
            )
        )
    return context


def deliver(notification_id: int) -> str:
    """Send one row, at most once: the row is locked, skipped unless pending, sent, marked
    sent, in one transaction. A worker killed before the commit leaves it pending, and the
    next attempt sends it. Returns what happened."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient", "meeting", "milestone", "practice")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.status != DeliveryStatus.PENDING:
            return "already handled"
        if notification.kind != NotificationKind.DIGEST:
            preference = preference_of(notification.recipient, notification.category)
            if not preference.enabled or not notification.recipient.is_active:
                notification.status = DeliveryStatus.SKIPPED
                notification.save(update_fields=["status"])
                return "switched off"
            if preference.mode == NotificationMode.DIGEST:
                notification.status = DeliveryStatus.DIGEST_QUEUED
                notification.save(update_fields=["status"])
                return "kept for the digest"
        build_message(notification).send()
        notification.status = DeliveryStatus.SENT
        notification.sent_at = timezone.now()
        notification.attempts += 1
        notification.last_error = ""
        notification.save(update_fields=["status", "sent_at", "attempts", "last_error"])
        if notification.kind == NotificationKind.DIGEST:
            notification.digested.update(status=DeliveryStatus.DIGESTED, sent_at=timezone.now())
        return "sent"


def record_failure(notification_id: int, error: BaseException, *, final: bool) -> None:
    """Note a failed attempt on the row; after the last retry the row is marked failed and
    shows up in the coordinators' outbox."""
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None or notification.status != DeliveryStatus.PENDING:
            return
        notification.attempts += 1
        notification.last_error = f"{type(error).__name__}: {error}"[:2000]
        fields = ["attempts", "last_error"]
        if final:
            notification.status = DeliveryStatus.FAILED
            fields.append("status")
        notification.save(update_fields=fields)
    log.warning("Notification %s failed (final=%s): %s", notification_id, final, error)
