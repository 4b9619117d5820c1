"""Choosing a city or a coordinating body in one field, as ``city:<slug>`` or ``body:<slug>``."""

from django.utils.translation import gettext_lazy as _

from accounts import permissions
from accounts.permissions import Viewer

from .models import City, CoordinatingBody


def organisation_choices(user: Viewer, *, for_host: bool) -> list:
    """Cities and bodies, grouped. With ``for_host``, an officer may choose only their own
    cities (they host meetings and lead practices for their city alone)."""
    cities = list(City.objects.all())
    if for_host and not permissions.is_coordinator(user):
        own = permissions.officer_city_ids(user)
        return [(f"city:{c.slug}", c.name) for c in cities if c.pk in own]
    return [
        (_("Cities"), [(f"city:{c.slug}", c.name) for c in cities]),
        (
            _("Coordinating bodies"),
            [(f"body:{b.slug}", b.name) for b in CoordinatingBody.objects.all()],
        ),
    ]


def organisation_value(organisation: City | CoordinatingBody | None) -> str:
    """The choice (``city:<slug>`` or ``body:<slug>``) that names ``organisation``."""
    if organisation is None:
        return ""
    kind = "city" if isinstance(organisation, City) else "body"
    return f"{kind}:{organisation.slug}"


def resolve_organisation(value: str) -> City | CoordinatingBody | None:
    """The city or body a ``city:<slug>`` / ``body:<slug>`` value names, or None."""
    kind, _sep, slug = (value or "").partition(":")
    if kind == "city":
        return City.objects.filter(slug=slug).first()
    if kind == "body":
        return CoordinatingBody.objects.filter(slug=slug).first()
    return None
