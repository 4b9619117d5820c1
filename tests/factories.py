import factory
from django.utils import timezone

from accounts.models import Invitation, User
from cities.models import City, CoordinatingBody, Membership

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    preferred_language = "en"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy's signature
        if create:
            obj.save()


def city(slug: str = "rotterdam") -> City:
    return City.objects.get(slug=slug)


def body(slug: str = "isinnova") -> CoordinatingBody:
    return CoordinatingBody.objects.get(slug=slug)


def officer(slug: str = "rotterdam", **kwargs) -> User:
    user = UserFactory(**kwargs)
    Membership.objects.create(user=user, city=city(slug))
    return user


def coordinator(slug: str = "isinnova", **kwargs) -> User:
    user = UserFactory(**kwargs)
    Membership.objects.create(user=user, body=body(slug))
    return user


def site_admin(**kwargs) -> User:
    return UserFactory(is_staff=True, is_superuser=True, **kwargs)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    city = factory.LazyFunction(lambda: City.objects.get(slug="kamakura"))
    body = None
    created_at = factory.LazyFunction(timezone.now)
