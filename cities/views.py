from datetime import timedelta

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from accounts import permissions
from cooperation_portal.public_cache import public_page
from cooperation_portal.spreadsheets import csv_response
from exchanges.meetings.slots import days_off
from practices.transfers.selectors import transfers_of

from . import selectors
from .forms import PartnershipFilterForm
from .models import City, CoordinatingBody, Region

MATRIX_COLUMNS = [
    "european_city",
    "japanese_city",
    "meetings_held",
    "shared_milestones",
    "practices_taken_up",
]
#: How far ahead a city's page lists its days off.
DAYS_OFF_AHEAD = 60


@public_page
def city_list(request: HttpRequest) -> HttpResponse:
    """Europe and Japan side by side, grouped by programme role, with each city's time now."""
    return render(
        request,
        "cities/city_list.html",
        {
            "regions": selectors.cities_by_region_and_role(),
            "bodies": selectors.bodies(),
            "map": selectors.partner_map(request.user),
        },
    )


def _days_off(place: City | CoordinatingBody) -> list:
    today = place.local_now().date()
    return days_off(place, today, today + timedelta(days=DAYS_OFF_AHEAD))


@public_page
def city_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Everything about a city: facts, contact, practices, meetings, milestones, partners."""
    city = get_object_or_404(City, slug=slug)
    members = permissions.is_member(request.user)
    transfers = list(transfers_of(city, viewer=request.user))
    context = {
        "city": city,
        "overview": selectors.overview(request.user, city),
        "days_off": _days_off(city),
        "days_off_ahead": DAYS_OFF_AHEAD,
        # Practices the city takes up, and the city's practices taken up elsewhere.
        "transfers_in": [t for t in transfers if t.city_id == city.pk],
        "transfers_out": [t for t in transfers if t.city_id != city.pk],
        "show_transfer_links": members,
        # The names of the city's officers are for the programme's members, not the public.
        "officers": selectors.city_contacts(city) if members else None,
        "details": permissions.can_see_plan_details(request.user),
    }
    return render(request, "cities/city_detail.html", context)


@public_page
def body_detail(request: HttpRequest, slug: str) -> HttpResponse:
    body = get_object_or_404(CoordinatingBody, slug=slug)
    members = permissions.is_member(request.user)
    context = {
        "body": body,
        "overview": selectors.overview(request.user, body),
        "partners": selectors.body_partners(request.user, body),
        "days_off": _days_off(body),
        "days_off_ahead": DAYS_OFF_AHEAD,
        "coordinators": selectors.body_contacts(body) if members else None,
        "details": permissions.can_see_plan_details(request.user),
    }
    return render(request, "cities/body_detail.html", context)


def _filters(request: HttpRequest) -> tuple[PartnershipFilterForm, int]:
    form = PartnershipFilterForm(request.GET or None)
    return form, 400 if form.is_bound and not form.is_valid() else 200


@public_page
def partnerships(request: HttpRequest) -> HttpResponse:
    """The EU–Japan pair matrix: what each pair has done together."""
    form, status = _filters(request)
    return render(
        request,
        "cities/partnerships.html",
        {
            "form": form,
            "filters": form.filters(),
            "matrix": selectors.pair_matrix(request.user, form.filters()),
            "query": request.GET.urlencode(),
        },
        status=status,
    )


def partnerships_csv(request: HttpRequest) -> HttpResponse:
    """The matrix as CSV, one row per pair, with the page's filters."""
    form, status = _filters(request)
    if status != 200:
        return HttpResponse(status=400)
    matrix = selectors.pair_matrix(request.user, form.filters())
    return csv_response(
        "partnerships.csv",
        MATRIX_COLUMNS,
        (
            [cell.eu.name, cell.jp.name, cell.meetings, cell.milestones, cell.transfers]
            for cell in matrix.cells()
        ),
    )


@public_page
def pair_detail(request: HttpRequest, eu: str, jp: str) -> HttpResponse:
    """One European and one Japanese city: what they did together, in time order."""
    european = get_object_or_404(City, slug=eu)
    japanese = get_object_or_404(City, slug=jp)
    if european.region != Region.EUROPE or japanese.region != Region.JAPAN:
        raise Http404
    form, status = _filters(request)
    pair = selectors.pair_detail(request.user, european, japanese, form.filters())
    return render(
        request,
        "cities/pair.html",
        {
            "pair": pair,
            "form": form,
            "filters": form.filters(),
            "details": permissions.can_see_plan_details(request.user),
            "today": timezone.localdate(),
        },
        status=status,
    )
