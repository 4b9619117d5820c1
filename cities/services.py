from django.db import transaction

from .models import City, CoordinatingBody, Membership


@transaction.atomic
def membership_ensure(
    *, user: object, city: City | None = None, body: CoordinatingBody | None = None
) -> Membership:
    """Make ``user`` a member of ``city`` or ``body`` (idempotent)."""
    membership, _created = Membership.objects.get_or_create(user=user, city=city, body=body)
    return membership
