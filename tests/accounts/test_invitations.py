import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation, User
from accounts.tokens import invitation_from_token
from cities.models import Membership
from tests import factories

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "tamana-smart-2026"


def _link_from(message) -> str:
    return re.search(r"https?://\S+/accounts/invitations/accept/\S+/", message.body).group(0)


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_coordinator_invites_an_officer_and_the_email_carries_a_working_link(
    client, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/accounts/invitations/",
            {
                "email": "Kenji.Tanaka@Example.org",
                "full_name": "田中 健二",
                "organisation": "city:tamana",
                "language": "ja",
            },
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "kenji.tanaka@example.org"
    assert invitation.city.slug == "tamana" and invitation.invited_by == coordinator
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kenji.tanaka@example.org"]
    # The invitation was written in Japanese, so the e-mail is too.
    assert "招待" in message.subject
    assert "/ja/accounts/invitations/accept/" in message.body
    # The link opens this invitation (its token is signed with a timestamp, so it is compared
    # by what it opens, not letter by letter with one made a second later).
    path = _path(_link_from(message))
    assert path.startswith("/ja/accounts/invitations/accept/")
    assert invitation_from_token(path.rstrip("/").rsplit("/", 1)[1]) == invitation
    client.logout()
    page = client.get(path)
    assert page.status_code == 200 and "kenji.tanaka@example.org" in page.content.decode()


def test_accepting_creates_the_account_and_membership_and_signs_in(client):
    invitation = factories.InvitationFactory.create(email="new.officer@example.org")
    url = invitation.get_accept_url()

    page = client.get(url)
    assert page.status_code == 200
    assert "new.officer@example.org" in page.content.decode()

    response = client.post(
        url, {"full_name": "Ken Officer", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:dashboard")
    user = User.objects.get(email="new.officer@example.org")
    assert user.check_password(NEW_PASSWORD)
    assert Membership.objects.get(user=user).city.slug == "kamakura"
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED and invitation.accepted_user == user
    dashboard = client.get(reverse("accounts:dashboard"))
    assert dashboard.status_code == 200
    assert dashboard.context["user"] == user


def test_an_invitation_works_only_once(client):
    invitation = factories.InvitationFactory.create()
    url = invitation.get_accept_url()
    data = {"full_name": "First", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    assert client.post(url, data).status_code == 302
    client.logout()

    again = client.post(url, {**data, "full_name": "Second"})
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert User.objects.filter(email=invitation.email).count() == 1
    assert User.objects.get(email=invitation.email).full_name == "First"


def test_an_expired_invitation_shows_a_clear_page(client):
    invitation = factories.InvitationFactory.create(
        created_at=timezone.now() - timedelta(days=8),
        expires_at=timezone.now() - timedelta(days=1),
    )
    response = client.get(invitation.get_accept_url())
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    post = client.post(
        invitation.get_accept_url(),
        {"full_name": "Late", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert post.status_code == 410
    assert not User.objects.filter(email=invitation.email).exists()


def test_invitations_expire_after_seven_days_by_default():
    invitation = factories.InvitationFactory.create()
    lifetime = invitation.expires_at - invitation.created_at
    assert lifetime == timedelta(days=7)


def test_a_revoked_invitation_cannot_be_used(client, coordinator):
    invitation = factories.InvitationFactory.create()
    client.force_login(coordinator)
    response = client.post(reverse("accounts:invitation_revoke", args=[invitation.pk]))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_by == coordinator
    client.logout()

    page = client.get(invitation.get_accept_url())
    assert page.status_code == 410
    assert "withdrawn" in page.content.decode()


def test_a_mangled_link_is_a_404_page_not_a_500(client):
    invitation = factories.InvitationFactory.create()
    response = client.get(invitation.get_accept_url().replace("/accept/", "/accept/x"))
    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_the_japanese_page_explains_in_japanese(client):
    invitation = factories.InvitationFactory.create(revoked_at=timezone.now())
    response = client.get(invitation.get_accept_url().replace("/en/", "/ja/"))
    assert response.status_code == 410
    assert "この招待は使用できません" in response.content.decode()


def test_weak_or_mismatched_passwords_are_refused_and_nothing_is_created(client):
    invitation = factories.InvitationFactory.create()
    url = invitation.get_accept_url()
    mismatch = client.post(
        url, {"full_name": "X", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "!"}
    )
    assert mismatch.status_code == 400
    assert "do not match" in mismatch.content.decode()
    weak = client.post(url, {"full_name": "X", "password1": "12345678", "password2": "12345678"})
    assert weak.status_code == 400
    assert not User.objects.filter(email=invitation.email).exists()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING


@pytest.mark.parametrize("role", ["officer", "anonymous"])
def test_only_coordinators_may_invite(client, role, officer):
    if role == "officer":
        client.force_login(officer)
    response = client.post(
        "/en/accounts/invitations/",
        {"email": "x@example.org", "organisation": "city:brno", "language": "en"},
    )
    assert response.status_code == (403 if role == "officer" else 302)
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_an_officer_cannot_revoke(client, officer):
    invitation = factories.InvitationFactory.create()
    client.force_login(officer)
    assert (
        client.post(reverse("accounts:invitation_revoke", args=[invitation.pk])).status_code == 403
    )
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_inviting_an_existing_account_or_a_bad_organisation_is_a_clear_400(
    client, coordinator, officer
):
    client.force_login(coordinator)
    existing = client.post(
        "/en/accounts/invitations/",
        {"email": officer.email.upper(), "organisation": "city:brno", "language": "en"},
    )
    assert existing.status_code == 400
    assert "already has an account" in existing.content.decode()
    unknown = client.post(
        "/en/accounts/invitations/",
        {"email": "y@example.org", "organisation": "city:atlantis", "language": "en"},
    )
    assert unknown.status_code == 400
    assert not Invitation.objects.exists()


def test_a_coordinator_can_invite_another_coordinator_to_a_body(
    client, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/en/accounts/invitations/",
            {
                "email": "c@example.org",
                "organisation": "body:cabinet-office-japan",
                "language": "en",
            },
        )
    invitation = Invitation.objects.get()
    assert invitation.body.slug == "cabinet-office-japan" and invitation.city is None
    client.logout()
    client.post(
        invitation.get_accept_url(),
        {"full_name": "C", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert Membership.objects.get(user__email="c@example.org").body.slug == "cabinet-office-japan"


def test_a_signed_in_person_is_told_to_log_out_first(client, officer):
    invitation = factories.InvitationFactory.create()
    client.force_login(officer)
    response = client.get(invitation.get_accept_url())
    assert response.status_code == 409
    assert "log out first" in response.content.decode()
