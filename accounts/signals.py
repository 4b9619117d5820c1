"""The security log's receivers for what happens outside the portal's own services: log-ins and
their failures (Django's and allauth's signals), second factors (allauth.mfa's), and role changes
however they are made (the admin's inline memberships, a shell)."""

from typing import Any

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from cities.models import Membership

from . import audit
from .models import SecurityEvent, User

Kind = SecurityEvent.Kind


@receiver(account_signals.user_logged_in)
def logged_in(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    audit.record(Kind.LOGIN, by=user, request=request)


@receiver(auth_signals.user_logged_out)
def logged_out(sender: Any, request: Any, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        audit.record(Kind.LOGOUT, by=user, request=request)


@receiver(auth_signals.user_login_failed)
def login_failed(sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
    # Django has already masked the password; the address tried is what matters.
    tried = str(credentials.get("email") or credentials.get("username") or "")[:254]
    known = User.objects.filter(email__iexact=tried).first() if tried else None
    audit.record(
        Kind.LOGIN_FAILED, by=known, email=tried, subject=tried, request=request,
        account_exists=known is not None,
    )  # fmt: skip


@receiver(account_signals.password_changed)
def password_changed(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    audit.record(Kind.PASSWORD_CHANGED, by=user, request=request)


@receiver(account_signals.password_reset)
def password_reset(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    audit.record(Kind.PASSWORD_RESET, by=user, request=request)


def _authenticator(kind: str) -> Any:
    def handler(sender: Any, request: Any, user: User, authenticator: Any, **kwargs: Any) -> None:
        audit.record(kind, by=user, request=request, subject=authenticator.type)

    return handler


mfa_added = _authenticator(Kind.MFA_ADDED)
mfa_removed = _authenticator(Kind.MFA_REMOVED)
mfa_reset = _authenticator(Kind.MFA_RESET)
mfa_failed = _authenticator(Kind.MFA_FAILED)
mfa_signals.authenticator_added.connect(mfa_added, dispatch_uid="audit-mfa-added")
mfa_signals.authenticator_removed.connect(mfa_removed, dispatch_uid="audit-mfa-removed")
mfa_signals.authenticator_reset.connect(mfa_reset, dispatch_uid="audit-mfa-reset")
mfa_signals.authentication_failed.connect(mfa_failed, dispatch_uid="audit-mfa-failed")


@receiver(post_save, sender=Membership)
def role_granted(sender: Any, instance: Membership, created: bool, **kwargs: Any) -> None:
    if created:
        audit.record(
            Kind.ROLE_GRANTED,
            subject=instance.user.email,
            role="coordinator" if instance.body_id else "officer",
            organisation=str(instance.organisation),
            by=audit.acting_user(),
        )


@receiver(post_delete, sender=Membership)
def role_removed(sender: Any, instance: Membership, **kwargs: Any) -> None:
    user = User.objects.filter(pk=instance.user_id).first()
    audit.record(
        Kind.ROLE_REMOVED,
        subject=user.email if user else f"user {instance.user_id}",
        role="coordinator" if instance.body_id else "officer",
        organisation=str(instance.organisation),
        by=audit.acting_user(),
    )


_FLAGS = ("is_active", "is_staff", "is_superuser")


@receiver(pre_save, sender=User)
def account_flags(sender: Any, instance: User, **kwargs: Any) -> None:
    if instance.pk is None or kwargs.get("raw"):
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and not set(update_fields) & set(_FLAGS):
        return
    before = User.objects.filter(pk=instance.pk).values(*_FLAGS).first()
    if before is None:
        return
    changed = {
        f: [before[f], getattr(instance, f)] for f in _FLAGS if before[f] != getattr(instance, f)
    }
    if changed:
        audit.record(
            Kind.ACCOUNT_FLAGS, subject=instance.email, by=audit.acting_user(), changes=changed
        )
