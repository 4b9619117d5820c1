from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from accounts.models import User
from cities.models import City, CoordinatingBody
from cities.services import membership_ensure
from exchanges.meetings.demo import seed_meetings
from exchanges.notifications import services as notifications
from exchanges.plan.demo import seed_due_soon, seed_plan
from practices.demo import seed_practices

#: Printed by ``make run`` and given in the README. Demo data only: never on a real server.
DEMO_PASSWORD = "smartcities-demo"  # noqa: S105 - published on purpose, demo only

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

    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a published password and is refused when DEBUG "
                "is off. Use --force if this really is a demo or test server."
            )
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
        if created:
            self.stdout.write(f"Created {created} demo best practices.")
        if meetings:
            self.stdout.write(f"Created {meetings} demo meetings.")
        if milestones:
            self.stdout.write(f"Created an action plan with {milestones} milestones.")
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Demo logins:"))
        for email, role in logins:
            self.stdout.write(f"  {email:<40} {role}")
        self.stdout.write(f"  Password for all demo accounts: {DEMO_PASSWORD}")

    def seed_accounts(self) -> list[tuple[str, str]]:
        logins: list[tuple[str, str]] = []
        admin = self._user("admin@example.org", "Site admin", "en", is_staff=True, superuser=True)
        logins.append((admin.email, "site admin"))
        for slug, email, name, language in COORDINATORS:
            body = CoordinatingBody.objects.get(slug=slug)
            user = self._user(email, name, language)
            membership_ensure(user=user, body=body)
            logins.append((email, f"coordinator, {body.short_name_en}"))
        for slug, name, language in OFFICERS:
            city = City.objects.get(slug=slug)
            email = f"officer.{slug}@example.org"
            user = self._user(email, name, language)
            membership_ensure(user=user, city=city)
            logins.append((email, f"officer, {city.name_en}"))
        return logins

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
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user
