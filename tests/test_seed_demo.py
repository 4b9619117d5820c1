import pytest
from django.core.management import call_command

from accounts.models import User
from accounts.permissions import Role, role_of
from cities.models import Membership
from cooperation_portal.management.commands.seed_demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_gives_every_role(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    assert User.objects.count() == 12
    assert Membership.objects.officers().count() == 9
    assert Membership.objects.coordinators().count() == 2
    officer = User.objects.get(email="officer.tamana@example.org")
    assert role_of(officer) == Role.OFFICER and officer.preferred_language == "ja"
    assert role_of(User.objects.get(email="coordinator.isinnova@example.org")) == Role.COORDINATOR
    assert role_of(User.objects.get(email="admin@example.org")) == Role.ADMIN
    assert officer.check_password(DEMO_PASSWORD)


def test_seed_demo_logins_work(client, settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    response = client.post(
        "/en/accounts/login/",
        {"login": "officer.glasgow@example.org", "password": DEMO_PASSWORD},
    )
    assert response.status_code == 302


def test_seed_demo_emails_nobody(settings, django_capture_on_commit_callbacks):
    from django.core import mail

    from exchanges.models import Notification

    settings.DEBUG = True
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", verbosity=0)
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_second_run_restores_what_was_changed_and_hashes_at_most_once(settings, monkeypatch):
    """The README promises the demo data back on every run; hashing twelve passwords each time
    made the second `make run` slow, so an unchanged set is not hashed again."""
    from django.contrib.auth import hashers

    settings.DEBUG = True
    call_command("seed_demo", "--migrate", verbosity=0)
    calls: list[str] = []
    real = hashers.make_password

    def counting(password: str) -> str:
        calls.append(password)
        return real(password)

    monkeypatch.setattr("cooperation_portal.management.commands.seed_demo.make_password", counting)
    call_command("seed_demo", verbosity=0)
    assert calls == []  # nothing changed: nothing hashed

    tamana = User.objects.get(email="officer.tamana@example.org")
    tamana.full_name, tamana.preferred_language = "Someone else", "en"
    tamana.set_password("another-password-2026")
    tamana.save()
    call_command("seed_demo", verbosity=0)
    assert len(calls) == 1  # one hash for all twelve
    tamana.refresh_from_db()
    assert (tamana.full_name, tamana.preferred_language) == ("田中 健", "ja")
    assert tamana.check_password(DEMO_PASSWORD)
    assert User.objects.get(email="admin@example.org").check_password(DEMO_PASSWORD)


def test_seed_demo_has_transfers_in_every_stage_once(settings):
    from practices.models import Transfer

    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    stages = sorted(Transfer.objects.values_list("stage", flat=True))
    assert stages == ["adapting", "adopted", "interested", "piloting", "stopped", "studying"]
    tamana = Transfer.objects.get(city__slug="tamana")
    assert tamana.practice.lead_city.slug == "rotterdam" and tamana.plan_changes
    gdansk = Transfer.objects.get(city__slug="gdansk")
    assert (gdansk.practice.lead_city.slug, gdansk.stage) == ("kamakura", "studying")
    assert Transfer.objects.get(stage="stopped").stop_reason


def test_migrate_is_skipped_when_nothing_is_left_to_apply(settings, monkeypatch):
    """``--migrate`` on a migrated database reads the plan and runs nothing (migrate would
    still send post_migrate to every app, a second run's largest cost after hashing)."""
    from django.core import management

    from cooperation_portal.management.commands import seed_demo

    settings.DEBUG = True
    assert not seed_demo._unapplied_migrations()
    ran: list[str] = []
    real = management.call_command

    def recording(name, *args, **options):
        ran.append(name)
        return real(name, *args, **options)

    monkeypatch.setattr(seed_demo, "call_command", recording)
    call_command("seed_demo", "--migrate", verbosity=0)
    assert "migrate" not in ran
    assert User.objects.filter(email="officer.tamana@example.org").exists()
