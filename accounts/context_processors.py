from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from . import permissions
from .permissions import Viewer


def roles(request: HttpRequest) -> dict[str, Any]:
    """``portal.role``, ``portal.is_coordinator`` … for templates, computed only when used."""
    # The 400 page of a request refused before the authentication middleware ran (a bad Host
    # header) has no user: it is shown as to an anonymous visitor.
    user = getattr(request, "user", None) or AnonymousUser()

    def build() -> dict[str, Any]:
        return {
            "role": permissions.role_of(user),
            "is_coordinator": permissions.is_coordinator(user),
            "is_officer": permissions.is_officer(user),
            "is_member": permissions.is_member(user),
            "memberships": permissions.memberships(user),
            "can_manage_invitations": permissions.can_manage_invitations(user),
            "can_manage_outbox": permissions.can_manage_outbox(user),
            "must_enrol_mfa": permissions.must_enrol_mfa(user),
            "can_manage_second_factors": permissions.can_manage_second_factors(user),
            "unread": _unread(user),
        }

    return {"portal": SimpleLazyObject(build)}


def _unread(user: Viewer) -> int:
    if not user.is_authenticated:
        return 0
    from exchanges.notifications.selectors import unread_count

    return unread_count(user)
