from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from .models import City, CoordinatingBody, Membership

if TYPE_CHECKING:
    from accounts.models import User


@transaction.atomic
def membership_ensure(
    *, user: User, city: City | None = None, body: CoordinatingBody | None = None
) -> Membership:
    """Make ``user`` a member of ``city`` or ``body`` (idempotent)."""
    membership, _created = Membership.objects.get_or_create(user=user, city=city, body=body)
    return membership
