from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from accounts import permissions

from . import selectors
from .models import City, CoordinatingBody


def city_list(request: HttpRequest) -> HttpResponse:
    """Europe and Japan side by side, grouped by programme role, with each city's time now."""
    return render(
        request,
        "cities/city_list.html",
        {
            "regions": selectors.cities_by_region_and_role(),
            "bodies": selectors.bodies(),
        },
    )


def city_detail(request: HttpRequest, slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=slug)
    context = {
        "city": city,
        "counterparts": selectors.counterpart_cities(city),
        # The names of the city's officers are for the programme's members, not the public.
        "officers": selectors.city_officers(city) if permissions.is_member(request.user) else None,
    }
    return render(request, "cities/city_detail.html", context)


def body_detail(request: HttpRequest, slug: str) -> HttpResponse:
    body = get_object_or_404(CoordinatingBody, slug=slug)
    context = {
        "body": body,
        "coordinators": (
            selectors.body_coordinators(body) if permissions.is_member(request.user) else None
        ),
    }
    return render(request, "cities/body_detail.html", context)
