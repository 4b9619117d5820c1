"""Every permission decision of the portal, one function per decision.

Views, services and templates ask these functions and nothing else, so a rule changes in one
place. A user's memberships are read once per request object and cached on it.

Roles: the public (anonymous), a city officer (member of a city), a coordinator (member of a
coordinating body) and the site admin (``is_superuser``, who may do what a coordinator may).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from cities.models import Membership

    from .models import Invitation

_CACHE_ATTR = "_portal_memberships"


class Role(TextChoices):
    PUBLIC = "public", _("Public")
    OFFICER = "officer", _("City officer")
    COORDINATOR = "coordinator", _("Coordinator")
    ADMIN = "admin", _("Site admin")


def memberships(user: Any) -> list[Membership]:
    """The user's memberships with their city or body, loaded once per user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        from cities.models import Membership

        cached = list(
            Membership.objects.filter(user=user).select_related("city", "body").order_by("pk")
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_memberships(user: Any) -> None:
    """Drop the cached memberships after a service changed them."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_site_admin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


def is_coordinator(user: Any) -> bool:
    """A member of a coordinating body, or the site admin."""
    return is_site_admin(user) or any(m.body_id for m in memberships(user))


def officer_city_ids(user: Any) -> frozenset[int]:
    return frozenset(m.city_id for m in memberships(user) if m.city_id)


def is_officer(user: Any) -> bool:
    return bool(officer_city_ids(user))


def is_member(user: Any) -> bool:
    """Anyone who belongs to the programme: an officer, a coordinator or the site admin."""
    return is_site_admin(user) or bool(memberships(user))


def role_of(user: Any) -> Role:
    if is_site_admin(user):
        return Role.ADMIN
    if is_coordinator(user):
        return Role.COORDINATOR
    if is_officer(user):
        return Role.OFFICER
    return Role.PUBLIC


# --- Invitations ---------------------------------------------------------------------------


def can_manage_invitations(user: Any) -> bool:
    """See, send and revoke invitations: coordinators only."""
    return is_coordinator(user)


def can_invite(user: Any, *, city: Any = None, body: Any = None) -> bool:
    """A coordinator invites officers to any city and coordinators to any body."""
    return is_coordinator(user) and (city is None) != (body is None)


def can_revoke_invitation(user: Any, invitation: Invitation) -> bool:
    return is_coordinator(user) and invitation.status == invitation.Status.PENDING
