from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from cooperation_portal.links import absolute_url
from cooperation_portal.mail import message_id


@shared_task(
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
    time_limit=60,
    soft_time_limit=45,
)
def send_invitation_email(invitation_id: int) -> None:
    """Mail an invitation link in the invitation's language. Skips revoked or used ones."""
    from .models import Invitation

    invitation = (
        Invitation.objects.select_related("city", "body", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or invitation.status != Invitation.Status.PENDING:
        return
    with translation.override(invitation.language):
        context = {
            "invitation": invitation,
            "accept_url": absolute_url(invitation.get_accept_url()),
        }
        subject = " ".join(render_to_string("emails/invitation.subject.txt", context).split())
        text = render_to_string("emails/invitation.txt", context)
        html = render_to_string("emails/invitation.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[invitation.email],
        headers={"Message-ID": message_id(f"invitation-{invitation.pk}")},
    )
    message.attach_alternative(html, "text/html")
    message.send()
