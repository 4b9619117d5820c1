"""Every write the accounts domain knows. Views, admin and commands call these."""

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cities.models import City, CoordinatingBody, Membership

from . import audit, permissions
from .models import Invitation, SecurityEvent, User
from .tasks import send_invitation_email


class InvitationUnavailable(Exception):
    """The invitation was accepted, revoked or has expired; ``status`` says which."""

    def __init__(self, status: str) -> None:
        super().__init__(status)
        self.status = status


def invitation_check(
    *, email: str, city: City | None = None, body: CoordinatingBody | None = None
) -> None:
    """Raise a ValidationError when ``email`` cannot be invited to the city or body."""
    email = email.strip().lower()
    errors: dict[str, list[str]] = {}
    if (city is None) == (body is None):
        errors["organisation"] = [_("Choose a city or a coordinating body.")]
    if User.objects.filter(email__iexact=email).exists():
        errors["email"] = [_("Someone with this e-mail address already has an account.")]
    elif Invitation.objects.pending().filter(email__iexact=email).exists():
        errors["email"] = [_("This address already has a pending invitation. Revoke it first.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def invitation_create(
    *,
    email: str,
    by: User,
    city: City | None = None,
    body: CoordinatingBody | None = None,
    full_name: str = "",
    language: str = "en",
) -> Invitation:
    """Invite ``email`` to become an officer of ``city`` or a coordinator of ``body``.

    The e-mail goes out after the transaction commits, never for a rolled-back invitation.
    """
    if not permissions.can_invite(by, city=city, body=body):
        raise PermissionDenied
    email = email.strip().lower()
    invitation_check(email=email, city=city, body=body)
    invitation = Invitation(
        email=email, city=city, body=body, full_name=full_name, language=language, invited_by=by
    )
    invitation.full_clean()
    invitation.save()
    audit.record(
        SecurityEvent.Kind.INVITATION_SENT,
        by=by,
        subject=email,
        role="coordinator" if body else "officer",
        organisation=str(city or body),
    )
    # Celery's Django fixup makes every task a DjangoTask; celery-types knows only Task.
    send_invitation_email.delay_on_commit(invitation.pk)  # type: ignore[attr-defined]
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not permissions.can_revoke_invitation(by, invitation):
        raise PermissionDenied
    invitation.revoked_at = timezone.now()
    invitation.revoked_by = by
    invitation.save(update_fields=["revoked_at", "revoked_by"])
    audit.record(SecurityEvent.Kind.INVITATION_REVOKED, by=by, subject=invitation.email)
    return invitation


@transaction.atomic
def invitation_accept(
    *, invitation: Invitation, full_name: str, password: str, language: str
) -> User:
    """Create the invitee's account and membership; the invitation can be used only once.

    The row lock makes two simultaneous submissions of the same link create one account.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != Invitation.Status.PENDING:
        raise InvitationUnavailable(invitation.status)
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise InvitationUnavailable(Invitation.Status.ACCEPTED)
    user = User.objects.create_user(
        email=invitation.email,
        password=password,
        full_name=full_name.strip(),
        preferred_language=language,
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    membership = Membership(user=user, city=invitation.city, body=invitation.body)
    membership.full_clean()
    membership.save()
    invitation.accepted_at = timezone.now()
    invitation.accepted_user = user
    invitation.save(update_fields=["accepted_at", "accepted_user"])
    audit.record(
        SecurityEvent.Kind.INVITATION_ACCEPTED,
        by=user,
        subject=user.email,
        invited_by=invitation.invited_by.email if invitation.invited_by else "",
    )
    return user


def user_update_preferences(
    *, user: User, full_name: str, preferred_language: str, time_zone: str
) -> User:
    user.full_name = full_name.strip()
    user.preferred_language = preferred_language
    user.time_zone = time_zone
    user.full_clean()
    user.save(update_fields=["full_name", "preferred_language", "time_zone"])
    return user


def user_set_language(*, user: User, language: str) -> None:
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
