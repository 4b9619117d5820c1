from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from . import permissions
from .permissions import Viewer


def roles(request: HttpRequest) -> dict[str, Any]:
    """``portal.role``, ``portal.is_coordinator`` … for templates, computed only when used."""
    user = request.user

    def build() -> dict[str, Any]:
        return {
            "role": permissions.role_of(user),
            "is_coordinator": permissions.is_coordinator(user),
            "is_officer": permissions.is_officer(user),
            "is_member": permissions.is_member(user),
            "memberships": permissions.memberships(user),
            "can_manage_invitations": permissions.can_manage_invitations(user),
            "can_manage_outbox": permissions.can_manage_outbox(user),
            "unread": _unread(user),
        }

    return {"portal": SimpleLazyObject(build)}


def _unread(user: Viewer) -> int:
    if not user.is_authenticated:
        return 0
    from exchanges.notifications.selectors import unread_count

    return unread_count(user)
