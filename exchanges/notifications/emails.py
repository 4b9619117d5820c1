"""Turning an outbox row into an e-mail, in the recipient's language and time zone, with a
one-click unsubscribe link for the row's category and an .ics for meeting notices.

Each part comes from its own template: the subject from a one-line ``.subject.txt`` rendered
without HTML escaping (it is not HTML), the text part from ``.txt`` (autoescape off, plain
text) and the HTML part from ``.html`` with autoescape on, so that text typed by a user is
shown as typed in every part and is never markup in the HTML one.
"""

from __future__ import annotations

import copy
import email.policy
from datetime import date
from email.message import EmailMessage, Message
from email.policy import Policy
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac

from accounts.models import User
from cooperation_portal.links import absolute_url
from cooperation_portal.mail import message_id
from cooperation_portal.text import join_list

from ..meetings.timefmt import meeting_time_text
from ..models import CHANGE_LABELS, Meeting, MilestoneStatus, Notification, NotificationKind

if TYPE_CHECKING:
    from ..meetings.ics import Method

UNSUBSCRIBE_SALT = "exchanges.unsubscribe"
CALENDAR_KINDS = {
    NotificationKind.MEETING_INVITATION,
    NotificationKind.MEETING_CHANGED,
    NotificationKind.MEETING_CANCELLED,
    NotificationKind.MEETING_REMINDER,
}

#: One letter per category keeps the unsubscribe URL short enough for one header line:
#: mail programs read a folded or encoded List-Unsubscribe header badly.
CATEGORY_CODES = {
    "meetings": "m",
    "milestones": "a",
    "practices": "p",
    "digest": "d",
    "transfers": "t",
}
#: The iTIP notices: the attached file asks calendars to add, move or remove the event.
INVITATION_KINDS = {
    NotificationKind.MEETING_INVITATION,
    NotificationKind.MEETING_CHANGED,
    NotificationKind.MEETING_CANCELLED,
}


#: How long an unsubscribe link works after its e-mail was sent.
UNSUBSCRIBE_LINK_DAYS = 180
_EPOCH = date(2020, 1, 1)


def _link_generation(user_id: int) -> int:
    """The person's current generation of links: revoking them raises it (MailLinkKey)."""
    from ..models import MailLinkKey

    found = MailLinkKey.objects.filter(user_id=user_id).values_list("generation", flat=True)
    return next(iter(found), 0)


def _signature(payload: str, generation: int) -> str:
    message = f"{payload}-{generation}"
    return salted_hmac(UNSUBSCRIBE_SALT, message, algorithm="sha256").hexdigest()[:20]


def unsubscribe_token(user: User, category: str, *, day: date | None = None) -> str:
    """``<user id>-<category letter>-<day>-<HMAC>``: made with SECRET_KEY over the person's
    current generation of links, good for this one person and category, from ``day`` (today,
    in base 36 days since 2020) for UNSUBSCRIBE_LINK_DAYS days."""
    issued = ((day or timezone.now().date()) - _EPOCH).days
    payload = f"{user.pk}-{CATEGORY_CODES[category]}-{_base36(issued)}"
    # A batch of deliveries reads every recipient's generation at once (services.Batch).
    generation = getattr(user, "_mail_link_generation", None)
    if generation is None:
        generation = _link_generation(user.pk)
    return f"{payload}-{_signature(payload, generation)}"


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
        if not number:
            return text


class LinkExpired(Exception):
    """A genuine link, too old to act (the person can sign in and change their settings)."""


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """The (user id, category) a token names; None when it is forged, mangled or revoked;
    ``LinkExpired`` when it is genuine but older than UNSUBSCRIBE_LINK_DAYS."""
    parts = token.split("-")
    if len(parts) != 4:
        return None
    user_id, code, issued, signature = parts
    category = next((c for c, letter in CATEGORY_CODES.items() if letter == code), None)
    if category is None or not (user_id.isascii() and user_id.isdigit()) or len(user_id) > 12:
        return None
    if not (issued.isascii() and issued.isalnum()) or len(issued) > 4:
        return None
    payload = f"{user_id}-{code}-{issued}"
    if not constant_time_compare(signature, _signature(payload, _link_generation(int(user_id)))):
        return None
    age = (timezone.now().date() - _EPOCH).days - int(issued, 36)
    if not -1 <= age <= UNSUBSCRIBE_LINK_DAYS:
        raise LinkExpired
    return int(user_id), category


def build_message(
    notification: Notification, *, shared: dict[tuple, bytes] | None = None
) -> NotificationMessage:
    """The e-mail for one row: subject and body in the recipient's language, times in their
    zone, a one-click unsubscribe link for the row's category, an .ics for meeting notices.
    ``shared`` keeps what the e-mails of one batch have in common (the invitation's file
    without its ATTENDEE)."""
    from ..meetings.ics import Method, calendar_for, invitation_for

    user = notification.recipient
    zone = user.effective_time_zone()
    with translation.override(user.preferred_language), timezone.override(zone):
        unsubscribe = absolute_url(
            reverse("unsubscribe", kwargs={"token": unsubscribe_token(user, notification.category)})
        )
        context = _context(notification, zone) | {"unsubscribe_url": unsubscribe}
        kind = notification.kind
        subject = " ".join(
            render_to_string(f"emails/notifications/{kind}.subject.txt", context).split()
        )
        body = render_to_string(f"emails/notifications/{kind}.txt", context)
        footer = render_to_string("emails/notifications/_footer.txt", context)
        html = render_to_string(f"emails/notifications/{kind}.html", context | {"subject": subject})
        message = NotificationMessage(
            subject=subject,
            body=f"{body.strip()}\n\n-- \n{footer.strip()}\n",
            to=[user.email],
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "Message-ID": message_id(f"notification-{notification.pk}"),
                "Auto-Submitted": "auto-generated",
            },
        )
        message.attach_alternative(html, "text/html")
        meeting = notification.meeting
        if kind in CALENDAR_KINDS and meeting is not None:
            if kind in INVITATION_KINDS:
                ics, method = invitation_for(meeting, recipient=user, shared=shared)
                # Mail programs (Outlook above all) offer to accept, move or remove an event
                # from a text/calendar alternative carrying the method; the attachment is the
                # same file for programs that only look at attachments.
                message.calendar = calendar_part(ics, method)
            else:
                ics, method = (
                    calendar_for([meeting], user=user, name=str(meeting.title)),
                    Method.PUBLISH,
                )
            message.attach(calendar_part(ics, method, filename="meeting.ics"))
    return message


def calendar_part(ics: bytes, method: Method, *, filename: str = "") -> EmailMessage:
    """A ``text/calendar; method=…`` part (RFC 6047) whose lines end in CRLF on the wire, as
    iCalendar (RFC 5545, 3.1) and MIME's canonical form of text (RFC 2046, 4.1.1) want.
    Quoted-printable keeps the lines lines; base64, which Django picks for UTF-8 text, would
    carry them as the LF of Python's own line ends."""
    part = EmailMessage(policy=email.policy.default)
    part.set_content(
        ics.decode(),
        subtype="calendar",
        charset="utf-8",
        cte="quoted-printable",
        params={"method": method.value},
        disposition="attachment" if filename else None,
        filename=filename or None,
    )
    return part


class NotificationMessage(EmailMultiAlternatives):
    """An e-mail that may carry an iTIP calendar among its alternatives (plain text, HTML,
    calendar): Django's alternatives take text and a MIME type only, not a part of our own."""

    calendar: EmailMessage | None = None

    def message(
        self, *, policy: Policy[Message[str, str]] | None = email.policy.default
    ) -> EmailMessage:
        built = super().message(policy=policy)
        if self.calendar is not None:
            alternatives = next(
                part for part in built.walk() if part.get_content_type() == "multipart/alternative"
            )
            alternatives.attach(copy.deepcopy(self.calendar))
        return built


def _decision_context(extra: dict[str, Any]) -> dict[str, Any]:
    """The decision in the recipient's language (the other one when it has none), and the
    meeting that took it."""
    first, second = (
        ("text_ja", "text_en")
        if translation.get_language() == "ja"
        else (
            "text_en",
            "text_ja",
        )
    )
    meeting = Meeting.objects.filter(pk=int(extra.get("meeting_id") or 0)).first()
    return {
        "decision": extra.get(first) or extra.get(second) or "",
        "decided_at": meeting,
        "decided_at_url": absolute_url(meeting.get_absolute_url()) if meeting else "",
    }


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
            "meeting_url": absolute_url(meeting.get_absolute_url()),
            "meeting_time": meeting_time_text(
                meeting.starts_at,
                meeting.ends_at,
                host_zone=meeting.time_zone,
                host_label=meeting.host_label,
                viewer_zone=zone,
            ),
        }
        if notification.kind == NotificationKind.MEETING_CHANGED:
            fields = notification.context.get("fields") or []
            labels = [str(CHANGE_LABELS[f]) for f in fields if f in CHANGE_LABELS]
            context["changed"] = join_list(labels)
    if notification.milestone is not None:
        milestone = notification.milestone
        context |= {
            "milestone": milestone,
            "milestone_url": absolute_url(milestone.get_absolute_url()),
        }
        if notification.kind == NotificationKind.MILESTONE_DECISION:
            context |= _decision_context(notification.context)
        if notification.kind == NotificationKind.MILESTONE_PROGRESS:
            status = notification.context.get("status", "")
            context["status"] = (
                MilestoneStatus(status).label if status in MilestoneStatus.values else ""
            )
    if notification.practice is not None:
        practice = notification.practice
        context |= {"practice": practice, "practice_url": absolute_url(practice.get_absolute_url())}
    if notification.transfer is not None:
        transfer = notification.transfer
        from practices.models import TransferStage

        # The stage the notice is about, not the one the transfer has when the mail leaves.
        stage = notification.context.get("to") or transfer.stage
        context |= {
            "transfer": transfer,
            "transfer_url": absolute_url(transfer.get_absolute_url()),
            "stage": TransferStage(stage).label if stage in TransferStage.values else "",
        }
    if notification.kind == NotificationKind.DIGEST:
        context["items"] = list(
            notification.digested.select_related(
                "meeting", "milestone", "practice", "transfer__practice", "transfer__city"
            ).order_by("created_at")
        )
    return context
