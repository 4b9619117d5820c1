import os
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV

from accounts.models import User
from cities.models import City, CoordinatingBody
from cities.services import membership_ensure
from exchanges.meetings.demo import seed_meetings
from exchanges.notifications import services as notifications
from exchanges.plan.demo import seed_due_soon, seed_plan
from practices.demo import seed_practices
from practices.transfers.demo import seed_transfers

#: Printed by ``make run`` and given in the README. Demo data only: never on a real server.
DEMO_PASSWORD = "smartcities-demo"  # noqa: S105 - published on purpose, demo only
#: The authenticator-app secret of the demo coordinators and the demo admin (they must have a
#: second factor): add it to an authenticator app, or `oathtool --totp -b <secret>`.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - published, demo only

COORDINATORS = [
    ("isinnova", "coordinator.isinnova@example.org", "Giulia Rossi", "en"),
    ("cabinet-office-japan", "coordinator.cao@example.org", "佐藤 遥", "ja"),
]

OFFICERS = [
    ("rotterdam", "Daan de Vries", "en"),
    ("umea", "Elin Lindqvist", "en"),
    ("glasgow", "Fiona MacLeod", "en"),
    ("gdansk", "Katarzyna Nowak", "en"),
    ("parma", "Marco Bianchi", "en"),
    ("brno", "Jana Dvořáková", "en"),
    ("hamamatsu", "鈴木 大輔", "ja"),
    ("kamakura", "高橋 美咲", "ja"),
    ("tamana", "田中 健", "ja"),
]


class Command(BaseCommand):
    help = (
        "Create demo accounts (one coordinator per body, one officer per city, a site admin) "
        "and demo content. Idempotent. Refused when DEBUG is off unless --force is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off (not for production).",
        )
        parser.add_argument(
            "--migrate",
            action="store_true",
            help="Apply the migrations first (one process instead of two: make run starts faster).",
        )
        parser.add_argument(
            "--serve",
            metavar="ADDRPORT",
            help=(
                "Then serve the portal there with runserver, in the same process: the reloader's "
                "first process seeds, the one it starts (and restarts on a change) only serves."
            ),
        )

    def execute(self, *args: Any, **options: Any) -> str | None:
        if options.get("serve"):
            # runserver checks the project (and the migrations) in the process that serves,
            # again after each change: doing it here as well would only delay the first page.
            options["skip_checks"] = True
        return super().execute(*args, **options)

    def handle(
        self,
        *args: Any,
        force: bool = False,
        migrate: bool = False,
        serve: str | None = None,
        **options: Any,
    ) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a published password and is refused when DEBUG "
                "is off. Use --force if this really is a demo or test server."
            )
        if serve and os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            # The reloader's child (started again after each code change): seeded already.
            call_command("runserver", serve, skip_checks=False)
            return
        if migrate and _unapplied_migrations():
            call_command("migrate", interactive=False, verbosity=0)
        self.seed()
        if serve:
            connections.close_all()
            url = settings.PORTAL_BASE_URL
            self.stdout.write(f"Serving the portal at {url}/ (Ctrl-C stops it)")
            call_command("runserver", serve, skip_checks=False)

    def seed(self) -> None:
        # Demo content is not news: nobody is e-mailed about it.
        with transaction.atomic(), notifications.silenced():
            logins = self.seed_accounts()
            officers = {
                slug: User.objects.get(email=f"officer.{slug}@example.org") for slug, *_ in OFFICERS
            }
            coordinator = User.objects.get(email=COORDINATORS[0][1])
            created = seed_practices(officers=officers, coordinator=coordinator)
            meetings = seed_meetings(coordinator=coordinator)
            milestones = seed_plan(coordinator=coordinator)
            milestones += seed_due_soon(coordinator=coordinator)
            transfers = seed_transfers(officers=officers, coordinator=coordinator)
        if created:
            self.stdout.write(f"Created {created} demo best practices.")
        if meetings:
            self.stdout.write(f"Created {meetings} demo meetings.")
        if milestones:
            self.stdout.write(f"Created an action plan with {milestones} milestones.")
        if transfers:
            self.stdout.write(f"Created {transfers} demo transfers of practices.")
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Demo logins:"))
        for email, role in logins:
            self.stdout.write(f"  {email:<40} {role}")
        self.stdout.write(f"  Password for all demo accounts: {DEMO_PASSWORD}")
        self.stdout.write(
            f"  Coordinators and the admin also need a code from an authenticator app "
            f"with the secret {DEMO_TOTP_SECRET}"
        )

    def seed_accounts(self) -> list[tuple[str, str]]:
        self._password = _demo_password_hash()
        logins: list[tuple[str, str]] = []
        admin = self._user("admin@example.org", "Site admin", "en", is_staff=True, superuser=True)
        self._second_factor(admin)
        logins.append((admin.email, "site admin"))
        for slug, email, name, language in COORDINATORS:
            body = CoordinatingBody.objects.get(slug=slug)
            user = self._user(email, name, language)
            membership_ensure(user=user, body=body)
            self._second_factor(user)
            logins.append((email, f"coordinator, {body.short_name_en}"))
        for slug, name, language in OFFICERS:
            city = City.objects.get(slug=slug)
            email = f"officer.{slug}@example.org"
            user = self._user(email, name, language)
            membership_ensure(user=user, city=city)
            logins.append((email, f"officer, {city.name_en}"))
        return logins

    @staticmethod
    def _second_factor(user: User) -> None:
        from allauth.mfa.models import Authenticator
        from allauth.mfa.totp.internal.auth import TOTP

        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)

    def _user(
        self,
        email: str,
        name: str,
        language: str,
        *,
        is_staff: bool = False,
        superuser: bool = False,
    ) -> User:
        user, _created = User.objects.update_or_create(
            email=email,
            defaults={
                "full_name": name,
                "preferred_language": language,
                "is_staff": is_staff,
                "is_superuser": superuser,
                "is_active": True,
            },
        )
        if user.password != self._password:
            user.password = self._password
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user


def _demo_password_hash() -> str:
    """The hash every demo account gets. Hashing is slow on purpose (about half a second each),
    so it is done once per run, and not at all when the accounts already share one hash: then
    nobody has changed a demo password since the last run, and it still is the demo one. A
    changed password (or a missing account) makes the run hash once and restore them all."""
    emails = ["admin@example.org", *(email for _slug, email, *_ in COORDINATORS)]
    emails += [f"officer.{slug}@example.org" for slug, *_ in OFFICERS]
    hashes = set(User.objects.filter(email__in=emails).values_list("password", flat=True))
    count = User.objects.filter(email__in=emails).count()
    if count == len(emails) and len(hashes) == 1:
        (current,) = hashes
        if current and current[0] != "!":  # "!…" is an unusable password
            return current
    return make_password(DEMO_PASSWORD)


def _unapplied_migrations() -> bool:
    """Whether ``migrate`` has anything to do: reading the plan is quicker than running it
    with nothing to apply (it still sends post_migrate to every app)."""
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
