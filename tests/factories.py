import factory
from django.utils import timezone

from accounts.models import Invitation, User
from cities.models import City, CoordinatingBody, Membership

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    preferred_language = "en"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj: User, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            obj.save()


def city(slug: str = "rotterdam") -> City:
    return City.objects.get(slug=slug)


def body(slug: str = "isinnova") -> CoordinatingBody:
    return CoordinatingBody.objects.get(slug=slug)


def officer(slug: str = "rotterdam", **kwargs) -> User:
    user = UserFactory.create(**kwargs)
    Membership.objects.create(user=user, city=city(slug))
    return user


#: The secret of the authenticator app that ``enrol_totp`` gives a test user (base 32).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def enrol_totp(user: User, secret: str = TOTP_SECRET) -> User:
    """Give ``user`` an authenticator app, as the enrolment page would."""
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(user, secret)
    return user


def coordinator(slug: str = "isinnova", *, mfa: bool = True, **kwargs) -> User:
    """A coordinator of ``slug``; enrolled in a second factor, as every acting coordinator is,
    unless ``mfa=False``."""
    user = UserFactory.create(**kwargs)
    Membership.objects.create(user=user, body=body(slug))
    return enrol_totp(user) if mfa else user


def site_admin(*, mfa: bool = True, **kwargs) -> User:
    user = UserFactory.create(is_staff=True, is_superuser=True, **kwargs)
    return enrol_totp(user) if mfa else user


class InvitationFactory(factory.django.DjangoModelFactory[Invitation]):
    class Meta:
        model = Invitation

    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    city = factory.LazyFunction(lambda: City.objects.get(slug="kamakura"))
    body = None
    created_at = factory.LazyFunction(timezone.now)


def practice_content(
    *,
    city: str | None = "rotterdam",
    body: str | None = None,
    themes: tuple[str, ...] = ("energy",),
    partners: tuple[str, ...] = (),
    sdgs: tuple[int, ...] = (),
    stage: str = "pilot",
    start_year: int = 2022,
    end_year: int | None = None,
    original_language: str = "en",
    contact_name: str = "Contact Person",
    contact_email: str = "contact@example.org",
    results: list | None = None,
    links: list | None = None,
    **texts: str,
):
    from practices.models import TRANSLATED_FIELDS, SustainableDevelopmentGoal, Theme
    from practices.services import PracticeData

    texts.setdefault("title_en", "A practice" if original_language == "en" else "")
    unknown = set(texts) - {f"{f}_{lang}" for f in TRANSLATED_FIELDS for lang in ("en", "ja")}
    assert not unknown, f"not a text of a practice: {sorted(unknown)}"
    return PracticeData(
        texts={
            f"{f}_{lang}": texts.get(f"{f}_{lang}", "")
            for f in TRANSLATED_FIELDS
            for lang in ("en", "ja")
        },
        original_language=original_language,
        stage=stage,
        start_year=start_year,
        end_year=end_year,
        lead_city=City.objects.get(slug=city) if city else None,
        lead_body=CoordinatingBody.objects.get(slug=body) if body else None,
        partner_cities=list(City.objects.filter(slug__in=partners)),
        themes=list(Theme.objects.filter(slug__in=themes)),
        sdgs=list(SustainableDevelopmentGoal.objects.filter(number__in=sdgs)),
        contact_name=contact_name,
        contact_email=contact_email,
        results=results or [],
        links=links or [],
    )


def practice(*, status: str = "published", author=None, reviewer=None, **kwargs):
    """A practice made through the services, so it is exactly what the portal would store."""
    from practices import services

    city = kwargs.get("city", "rotterdam")
    author = author or (officer(city) if city else coordinator(kwargs.get("body") or "isinnova"))
    created = services.practice_create(by=author, data=practice_content(**kwargs))
    if status in ("submitted", "published", "archived"):
        services.practice_submit(practice=created, by=author)
    if status in ("published", "archived"):
        reviewer = reviewer or coordinator()
        created = services.practice_publish(practice=created, by=reviewer)
    if status == "archived":
        created = services.practice_archive(practice=created, by=reviewer)
    created.refresh_from_db()
    return created


def meeting(
    *,
    host: str = "glasgow",
    host_body: str | None = None,
    cities: tuple[str, ...] = ("glasgow", "kamakura"),
    bodies: tuple[str, ...] = (),
    starts_at=None,
    minutes: int = 60,
    by=None,
    **fields,
):
    """A meeting made through the service (validated, as the portal would store it)."""
    from datetime import timedelta

    from exchanges.meetings import services

    starts_at = starts_at or (timezone.now() + timedelta(days=10)).replace(
        hour=8, minute=0, second=0, microsecond=0
    )
    host_city = None if host_body else City.objects.get(slug=host)
    body_obj = CoordinatingBody.objects.get(slug=host_body) if host_body else None
    data = services.MeetingData(
        title_en=fields.pop("title_en", "Kamakura–Glasgow exchange"),
        title_ja=fields.pop("title_ja", "鎌倉・グラスゴー交流"),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        time_zone=(host_city or body_obj).time_zone,
        host_city=host_city,
        host_body=body_obj,
        cities=list(City.objects.filter(slug__in=cities)),
        bodies=list(CoordinatingBody.objects.filter(slug__in=bodies)),
        **fields,
    )
    return services.meeting_create(by=by or coordinator(), data=data)


def long_workstream(extra: int = 60):
    """``extra`` more milestones in the current plan's first workstream, enough that the plan's
    page folds it and its own timeline and the milestone list have page links. Returns the
    workstream."""
    from datetime import date, timedelta

    from cooperation_portal.public_cache import pages_changed
    from exchanges.models import ActionPlan, Milestone

    plan = ActionPlan.objects.get(is_current=True)
    workstream = plan.workstreams.order_by("position")[0]
    Milestone.objects.bulk_create(
        Milestone(
            plan=plan, code=f"LONG-{n}", title_en=f"A long milestone title number {n}",
            title_ja=f"長いマイルストーン名の例{n}", workstream=workstream,
            start_date=date(2024, 4, 1), due_date=date(2026, 4, 1) + timedelta(days=n),
            status="in_progress", progress=n % 100, position=100 + n,
        )
        for n in range(extra)
    )  # fmt: skip
    pages_changed()  # bulk_create sends no signal
    return workstream
