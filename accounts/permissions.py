"""Every permission decision of the portal, one function per decision.

Views, services and templates ask these functions and nothing else, so a rule changes in one
place. A user's memberships are read once per request object and cached on it.

Roles: the public (anonymous), a city officer (member of a city), a coordinator (member of a
coordinating body) and the site admin (``is_superuser``, who may do what a coordinator may).
A coordinator or site admin acts as one only once they have enrolled a second factor (an
authenticator app or a security key): until then ``must_enrol_mfa`` is true, every page sends
them to the enrolment (``accounts.middleware.MFARequiredMiddleware``) and the services refuse
them as they refuse anyone without the role. Officers may enrol and need not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from exchanges.models import DeliveryStatus, MeetingStatus, MilestoneStatus, Visibility
from practices.models import Status as PracticeStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from cities.models import City, CoordinatingBody, Membership
    from exchanges.models import AgendaItem, Meeting, Milestone, Notification
    from practices.models import BestPractice, Transfer

    from .models import Invitation, User

#: Whoever looks at a page: a signed-in person or an anonymous visitor (``request.user``).
type Viewer = User | AnonymousUser

_CACHE_ATTR = "_portal_memberships"
_MFA_CACHE_ATTR = "_portal_has_second_factor"


class Role(TextChoices):
    PUBLIC = "public", _("Public")
    OFFICER = "officer", _("City officer")
    COORDINATOR = "coordinator", _("Coordinator")
    ADMIN = "admin", _("Site admin")


def memberships(user: Viewer) -> list[Membership]:
    """The user's memberships with their city or body, loaded once per user object."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        from cities.models import Membership

        cached = list(
            Membership.objects.filter(user=user).select_related("city", "body").order_by("pk")
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_memberships(user: Viewer) -> None:
    """Drop the cached memberships after a service changed them."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def remember_memberships(user: User, found: list[Membership]) -> None:
    """Give ``memberships`` what was read for many users at once (ordered by pk, with their
    city and body), so that it reads nothing for this one."""
    setattr(user, _CACHE_ATTR, found)


def has_second_factor(user: Viewer) -> bool:
    """The user has enrolled an authenticator app or a security key (read once per user
    object). Recovery codes alone are not a factor: they come with one."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, _MFA_CACHE_ATTR, None)
    if cached is None:
        from allauth.mfa.models import Authenticator

        cached = (
            Authenticator.objects.filter(user=user)
            .exclude(type=Authenticator.Type.RECOVERY_CODES)
            .exists()
        )
        setattr(user, _MFA_CACHE_ATTR, cached)
    return cached


def forget_second_factor(user: Viewer) -> None:
    if hasattr(user, _MFA_CACHE_ATTR):
        delattr(user, _MFA_CACHE_ATTR)


def holds_staff_role(user: Viewer) -> bool:
    """A site admin, a staff account or a coordinator by membership, enrolled or not."""
    if not (user.is_authenticated and user.is_active):
        return False
    return bool(user.is_superuser or user.is_staff or any(m.body_id for m in memberships(user)))


def must_enrol_mfa(user: Viewer) -> bool:
    """Coordinators, staff and site admins enrol a second factor before anything else."""
    return holds_staff_role(user) and not has_second_factor(user)


def can_manage_second_factors(user: Viewer) -> bool:
    """Everyone signed in may enrol an authenticator app or a security key."""
    return bool(user.is_authenticated and user.is_active)


def is_site_admin(user: Viewer) -> bool:
    return bool(
        user.is_authenticated and user.is_active and user.is_superuser
    ) and has_second_factor(user)


def is_coordinator(user: Viewer) -> bool:
    """A member of a coordinating body, or the site admin, with a second factor enrolled."""
    if is_site_admin(user):
        return True
    return any(m.body_id for m in memberships(user)) and has_second_factor(user)


def can_see_security_log(user: Viewer) -> bool:
    """The security log (in the admin, read-only): site admins."""
    return is_site_admin(user)


def officer_city_ids(user: Viewer) -> frozenset[int]:
    return frozenset(m.city_id for m in memberships(user) if m.city_id)


def is_officer(user: Viewer) -> bool:
    return bool(officer_city_ids(user))


def is_member(user: Viewer) -> bool:
    """Anyone who belongs to the programme: an officer, a coordinator or the site admin."""
    return is_site_admin(user) or bool(memberships(user))


def role_of(user: Viewer) -> Role:
    if is_site_admin(user):
        return Role.ADMIN
    if is_coordinator(user):
        return Role.COORDINATOR
    if is_officer(user):
        return Role.OFFICER
    return Role.PUBLIC


# --- Invitations ---------------------------------------------------------------------------


def can_manage_invitations(user: Viewer) -> bool:
    """See, send and revoke invitations: coordinators only."""
    return is_coordinator(user)


def can_invite(
    user: Viewer, *, city: City | None = None, body: CoordinatingBody | None = None
) -> bool:
    """A coordinator invites officers to any city and coordinators to any body."""
    return is_coordinator(user) and (city is None) != (body is None)


def can_revoke_invitation(user: Viewer, invitation: Invitation) -> bool:
    return is_coordinator(user) and invitation.status == invitation.Status.PENDING


# --- Best practices ------------------------------------------------------------------------
# A practice's "team": the officers of its lead city, and its author. Coordinators act on all.


def _on_practice_team(user: Viewer, practice: BestPractice) -> bool:
    if not user.is_authenticated:
        return False
    original = practice.revision_of or practice
    return (original.lead_city_id in officer_city_ids(user)) or original.author_id == user.pk


def can_create_practice(user: Viewer) -> bool:
    return is_coordinator(user) or is_officer(user)


def can_lead_practice_as(
    user: Viewer, *, city: City | None = None, body: CoordinatingBody | None = None
) -> bool:
    """Officers write for their own city; coordinators for any city or body."""
    if is_coordinator(user):
        return True
    return city is not None and body is None and city.pk in officer_city_ids(user)


def can_view_practice(user: Viewer, practice: BestPractice) -> bool:
    """Published practices are public; drafts and submitted ones only for their team."""
    if practice.status == PracticeStatus.PUBLISHED and not practice.revision_of_id:
        return True
    if practice.status == PracticeStatus.ARCHIVED and not practice.revision_of_id:
        return is_member(user)
    return is_coordinator(user) or _on_practice_team(user, practice)


def can_edit_practice(user: Viewer, practice: BestPractice) -> bool:
    """Edit the working copy: a draft, or a published practice (through a revision)."""
    if practice.status not in (PracticeStatus.DRAFT, PracticeStatus.PUBLISHED):
        return False
    return is_coordinator(user) or _on_practice_team(user, practice)


def can_submit_practice(user: Viewer, practice: BestPractice) -> bool:
    return practice.status == PracticeStatus.DRAFT and (
        is_coordinator(user) or _on_practice_team(user, practice)
    )


def can_review_practice(user: Viewer, practice: BestPractice) -> bool:
    """Publish or send back a submitted practice: coordinators only."""
    return practice.status == PracticeStatus.SUBMITTED and is_coordinator(user)


def can_archive_practice(user: Viewer, practice: BestPractice) -> bool:
    return (
        practice.status == PracticeStatus.PUBLISHED
        and not practice.revision_of_id
        and is_coordinator(user)
    )


def can_remove_practice_attachment(user: Viewer, practice: BestPractice) -> bool:
    """Files of a draft are removed directly; a published practice changes through a revision."""
    return practice.status != PracticeStatus.PUBLISHED and can_edit_practice(user, practice)


def can_see_practice_contact(user: Viewer) -> bool:
    """The contact person is shown to signed-in users only."""
    return bool(user.is_authenticated)


def can_manage_themes(user: Viewer) -> bool:
    return is_coordinator(user)


def can_manage_practice_images(user: Viewer, practice: BestPractice) -> bool:
    """Change the cover or remove an image: on a draft or a revision, like attachments."""
    return can_remove_practice_attachment(user, practice)


# --- Transfers of practices ----------------------------------------------------------------
# A transfer is a practice taken up by a receiving city. The receiving city's officers move it
# from stage to stage; the originating city's officers (the practice's lead city) answer in its
# thread; coordinators do both, and pair any city with any practice.

#: Where a transfer may go from each stage. Any open stage may go forward (a skip needs a note,
#: see the service), back (with a note) or stop (with a reason); adopted and stopped are final.
_TRANSFER_OPEN = ("interested", "studying", "adapting", "piloting")
_TRANSFER_STAGES = (*_TRANSFER_OPEN, "adopted", "stopped")


def _receives(user: Viewer, transfer: Transfer) -> bool:
    return transfer.city_id in officer_city_ids(user)


def _originates(user: Viewer, transfer: Transfer) -> bool:
    lead = transfer.practice.lead_city_id
    return lead is not None and lead in officer_city_ids(user)


def can_take_up_practice(user: Viewer, practice: BestPractice, city: City | None = None) -> bool:
    """Mark a published practice "of interest" for a city: an officer for their own city, a
    coordinator for any city (pairing two cities). Without ``city``: for some city."""
    if practice.status != "published" or practice.revision_of_id:
        return False
    if is_coordinator(user):
        return True
    cities = officer_city_ids(user)
    return bool(cities) if city is None else city.pk in cities


def can_pair_cities(user: Viewer) -> bool:
    """Start a transfer for any city, not only one's own: coordinators."""
    return is_coordinator(user)


def can_view_transfer(user: Viewer, transfer: Transfer) -> bool:
    """A transfer's page (plan, costs, risks, thread) is for the programme's members; the
    public sees the receiving cities, stages and dates on the practice's page."""
    return is_member(user) and can_view_practice(user, transfer.practice)


def can_move_transfer(user: Viewer, transfer: Transfer) -> bool:
    """Move an open transfer to another stage: the receiving city's officers, coordinators."""
    if transfer.stage not in _TRANSFER_OPEN:
        return False
    return is_coordinator(user) or _receives(user, transfer)


def can_move_transfer_to(user: Viewer, transfer: Transfer, stage: str) -> bool:
    """Move it to ``stage``: any other known stage (forward, back, adopted or stopped)."""
    return (
        stage in _TRANSFER_STAGES and stage != transfer.stage and can_move_transfer(user, transfer)
    )


def can_edit_transfer(user: Viewer, transfer: Transfer) -> bool:
    """The adaptation plan, the pilot's dates and links, the KPIs and their measurements:
    the receiving city's officers and coordinators, until it stops (an adopted practice keeps
    being measured)."""
    if transfer.stage == "stopped":
        return False
    return is_coordinator(user) or _receives(user, transfer)


def can_comment_on_transfer(user: Viewer, transfer: Transfer) -> bool:
    """Write in the thread: officers of the receiving and of the originating city,
    coordinators."""
    return is_coordinator(user) or _receives(user, transfer) or _originates(user, transfer)


# --- Meetings ------------------------------------------------------------------------------


def _member_body_ids(user: Viewer) -> frozenset[int]:
    return frozenset(m.body_id for m in memberships(user) if m.body_id)


def is_meeting_participant(user: Viewer, meeting: Meeting) -> bool:
    """An officer of a participating (or the host) city, a coordinator of a participating (or
    the host) body, or an invited individual. Uses the meeting's prefetched relations."""
    if not user.is_authenticated:
        return False
    cities = officer_city_ids(user)
    bodies = _member_body_ids(user)
    if meeting.host_city_id in cities or meeting.host_body_id in bodies:
        return True
    if any(c.pk in cities for c in meeting.cities.all()):
        return True
    if any(b.pk in bodies for b in meeting.bodies.all()):
        return True
    return any(person.pk == user.pk for person in meeting.invitees.all())


def can_create_meeting(
    user: Viewer, *, host_city: City | None = None, host_body: CoordinatingBody | None = None
) -> bool:
    """Coordinators host anything; an officer only meetings hosted by their own city."""
    if is_coordinator(user):
        return True
    return host_body is None and host_city is not None and host_city.pk in officer_city_ids(user)


def can_edit_meeting(user: Viewer, meeting: Meeting) -> bool:
    if is_coordinator(user):
        return True
    return meeting.host_city_id is not None and meeting.host_city_id in officer_city_ids(user)


def can_cancel_meeting(user: Viewer, meeting: Meeting) -> bool:
    return meeting.status != MeetingStatus.CANCELLED and can_edit_meeting(user, meeting)


def can_restore_meeting(user: Viewer, meeting: Meeting) -> bool:
    """Undo a cancellation: whoever may edit the meeting."""
    return meeting.status == MeetingStatus.CANCELLED and can_edit_meeting(user, meeting)


def can_view_meeting(user: Viewer, meeting: Meeting) -> bool:
    """Public meetings are public once scheduled; internal ones and drafts are not."""
    if can_edit_meeting(user, meeting):
        return True
    if meeting.status == MeetingStatus.DRAFT:
        return False
    if meeting.visibility == Visibility.PUBLIC:
        return True
    return is_meeting_participant(user, meeting)


def can_answer_attendance(user: Viewer, meeting: Meeting) -> bool:
    return meeting.status == MeetingStatus.SCHEDULED and is_meeting_participant(user, meeting)


def can_add_agenda_item(user: Viewer, meeting: Meeting) -> bool:
    return meeting.status == MeetingStatus.SCHEDULED and (
        can_edit_meeting(user, meeting) or is_meeting_participant(user, meeting)
    )


def can_edit_agenda_item(user: Viewer, item: AgendaItem, meeting: Meeting) -> bool:
    """Change an item: the meeting's organisers, or whoever added it (as for removing it)."""
    return can_edit_meeting(user, meeting) or (
        user.is_authenticated and item.added_by_id == user.pk
    )


def can_reorder_agenda(user: Viewer, meeting: Meeting) -> bool:
    """Put the agenda in another order: the meeting's organisers."""
    return can_edit_meeting(user, meeting)


def can_see_meeting_link(user: Viewer, meeting: Meeting) -> bool:
    """The online link is for participants and organisers only."""
    return can_edit_meeting(user, meeting) or is_meeting_participant(user, meeting)


def can_see_attendance(user: Viewer, meeting: Meeting) -> bool:
    """The list of answers: the host's people and the coordinators."""
    return can_edit_meeting(user, meeting) or (
        meeting.host_body_id is not None and meeting.host_body_id in _member_body_ids(user)
    )


# --- The action plan -----------------------------------------------------------------------


def can_edit_plan(user: Viewer) -> bool:
    """Create, edit, reorder and cancel milestones; edit the plan: coordinators only."""
    return is_coordinator(user)


def can_cancel_milestone(user: Viewer, milestone: Milestone) -> bool:
    return milestone.status != MilestoneStatus.CANCELLED and can_edit_plan(user)


def can_restore_milestone(user: Viewer, milestone: Milestone) -> bool:
    """Undo a cancellation: coordinators."""
    return milestone.status == MilestoneStatus.CANCELLED and can_edit_plan(user)


def can_update_milestone_progress(user: Viewer, milestone: Milestone) -> bool:
    """Status, progress, evidence and a note: coordinators and officers of an owner city."""
    if is_coordinator(user):
        return True
    cities = officer_city_ids(user)
    return any(city.pk in cities for city in milestone.owner_cities.all())


def can_see_plan_details(user: Viewer) -> bool:
    """Descriptions, notes, people and history are for members; the public sees a summary."""
    return is_member(user)


# --- Notifications -------------------------------------------------------------------------


def can_manage_outbox(user: Viewer) -> bool:
    """See every e-mail the portal sends, and retry failed ones: coordinators."""
    return is_coordinator(user)


def can_retry_notification(user: Viewer, notification: Notification) -> bool:
    """Send a failed e-mail again: coordinators, for rows whose delivery failed."""
    return can_manage_outbox(user) and notification.status == DeliveryStatus.FAILED
