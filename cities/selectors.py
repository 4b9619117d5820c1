from typing import Any

from django.db.models import Q

from .models import ROLE_GROUP_LABELS, City, CoordinatingBody, ProgrammeRole, Region


def cities_by_region_and_role() -> list[dict[str, Any]]:
    """Europe and Japan, each grouped by programme role in the order the programme names them:
    ``[{"code", "label", "groups": [{"role", "label", "cities"}]}]``. One query."""
    cities = list(City.objects.all())
    regions = []
    for region in Region:
        groups = []
        for role in ProgrammeRole:
            members = [c for c in cities if c.region == region and c.programme_role == role]
            if members:
                groups.append({"role": role, "label": ROLE_GROUP_LABELS[role], "cities": members})
        regions.append({"code": region.value, "label": region.label, "groups": groups})
    return regions


def bodies() -> list[CoordinatingBody]:
    return list(CoordinatingBody.objects.all())


def city_officers(city: City) -> list:
    return [m.user for m in city.memberships.select_related("user").filter(user__is_active=True)]


def body_coordinators(body: CoordinatingBody) -> list:
    return [m.user for m in body.memberships.select_related("user").filter(user__is_active=True)]


def counterpart_cities(city: City) -> list[City]:
    """The cities on the other side of the programme (Japan for a European city and back)."""
    return list(City.objects.filter(~Q(region=city.region)))
