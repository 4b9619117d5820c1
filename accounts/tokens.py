"""Signed invitation tokens.

A token is ``signing.dumps([id, nonce])`` with a salt of its own: it names one invitation, can
only be made with ``SECRET_KEY``, and the task that mails it can rebuild it from the id alone, so
no secret ever travels through the broker.
"""

from django.core import signing

from .models import Invitation

_SALT = "accounts.invitation"


def make_invitation_token(invitation: Invitation) -> str:
    return signing.dumps([invitation.pk, invitation.nonce], salt=_SALT, compress=False)


def invitation_from_token(token: str) -> Invitation | None:
    """The invitation a token names, or None when the token is forged, mangled or unknown."""
    try:
        pk, nonce = signing.loads(token, salt=_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return (
        Invitation.objects.select_related("city", "body", "invited_by")
        .filter(pk=pk, nonce=nonce)
        .first()
    )
