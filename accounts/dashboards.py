"""“My portal” for each role: what an officer and a coordinator need to see first, gathered
from the selectors of each room (every list loaded with its joins, so the page runs the same
number of queries whatever the number of rows)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from cooperation_portal.links import absolute_url

from . import permissions
from .models import Invitation, User

SOON_DAYS = 30
#: At most this many milestones in each of the dashboard's lists (the most overdue, the
#: soonest due); "Our milestones" lists them all.
ROWS = 10


def officer(user: User) -> dict[str, Any]:
    """The officer's city: next meetings with their answer, milestones overdue and due within
    30 days, practices by state, unread notices, the calendar addresses."""
    from exchanges.meetings import selectors as meetings
    from exchanges.notifications import selectors as notices
    from exchanges.plan import selectors as plan_selectors
    from practices import selectors as practices

    plan = plan_selectors.current_plan()
    overdue, due_soon, overdue_total, due_soon_total = (
        plan_selectors.due_soon_and_overdue(
            plan, city_ids=permissions.officer_city_ids(user), days=SOON_DAYS, limit=ROWS
        )
        if plan
        else ([], [], 0, 0)
    )
    next_meetings = meetings.next_meetings_of(user, days=SOON_DAYS)
    return {
        "next_meetings": [
            (
                m,
                _my_answer(m),
                permissions.can_answer_attendance(user, m),
            )
            for m in next_meetings
        ],
        "overdue": [(m, permissions.can_update_milestone_progress(user, m)) for m in overdue],
        "due_soon": [(m, permissions.can_update_milestone_progress(user, m)) for m in due_soon],
        "overdue_total": overdue_total,
        "due_soon_total": due_soon_total,
        "practices": practices.by_status_for(user),
        "unread": notices.unread(user, limit=5),
        "calendar": calendar_links(user),
        "soon_days": SOON_DAYS,
    }


def coordinator(user: User) -> dict[str, Any]:
    """The programme's health, the review queue, meetings soon and meetings without minutes,
    failed e-mails and pending invitations."""
    from cooperation_portal import figures
    from exchanges.meetings import selectors as meetings
    from exchanges.notifications import selectors as notices
    from exchanges.plan import selectors as plan_selectors
    from practices import selectors as practices

    plan = plan_selectors.current_plan()
    now = timezone.now()
    queue = practices.review_queue()
    return {
        "health": plan_selectors.health(plan) if plan else None,
        "charts": [figures.milestone_status(plan), figures.done_on_time(plan)] if plan else [],
        "review_queue": [
            (p, (now - submitted).days if (submitted := _submitted_at(p)) else None) for p in queue
        ],
        "meetings_soon": meetings.meetings_within(user, days=SOON_DAYS),
        "without_minutes": meetings.without_minutes(user),
        "failed": notices.outbox_rows("failed")[:5],
        "failed_count": notices.outbox_counts()["failed"],
        "invitations": list(
            Invitation.objects.pending().select_related("city", "body").order_by("expires_at")[:10]
        ),
        "invitations_count": Invitation.objects.pending().count(),
        "soon_days": SOON_DAYS,
    }


def calendar_links(user: User) -> dict[str, str]:
    """The addresses to subscribe to: the person's meetings and the plan's due dates (both at
    the person's secret address, when they have made one) and the public meetings."""
    from exchanges.meetings.selectors import calendar_token_of

    token = calendar_token_of(user)
    links = {"public": absolute_url(reverse("exchanges:public_feed"))}
    if token is not None:
        links["meetings"] = absolute_url(reverse("exchanges:personal_feed", args=[token.token]))
        if permissions.can_see_plan_details(user):
            links["due_dates"] = absolute_url(reverse("exchanges:due_dates", args=[token.token]))
    return links


def _my_answer(meeting: Any) -> str:
    """The answer from ``with_my_answer``'s prefetch (a list of at most one row)."""
    answers = getattr(meeting, "my_answers", [])
    return answers[0].response if answers else ""


def _submitted_at(practice: Any) -> Any:
    """When the practice was last submitted, as ``review_queue`` annotates it."""
    return getattr(practice, "submitted_at", None)
