from django.conf import settings
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import check_for_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accounts.services import user_set_language
from cities.models import City, CoordinatingBody
from practices.selectors import published_practices, published_total

from . import figures as charts
from .public_cache import public_page


@public_page
def home(request: HttpRequest) -> HttpResponse:
    """The programme's front door: what it is, its numbers, the map, the next meetings, the
    newest practices and how far the action plan has come."""
    from cities.selectors import held_meetings, partner_map
    from exchanges.meetings.selectors import visible_meetings, with_listing
    from exchanges.plan.selectors import current_plan, tally

    cities = list(City.objects.all())
    plan = current_plan()
    # The plan's counts only, in SQL: not its timeline.
    plan_counts = tally(plan).plan.as_dict() if plan else None
    context = {
        "numbers": {
            "cities": len(cities),
            "practices": published_total(),
            "meetings_held": held_meetings(request.user).count(),
            "milestones_done": plan_counts["done"] if plan_counts else 0,
        },
        "map": partner_map(request.user),
        "next_meetings": list(
            with_listing(visible_meetings(request.user)).upcoming().exclude(status="draft")[:3]
        ),
        "plan_counts": plan_counts,
        "european_cities": [c for c in cities if c.region == "europe"],
        "japanese_cities": [c for c in cities if c.region == "japan"],
        "bodies": list(CoordinatingBody.objects.all()),
        "newest_practices": list(published_practices().order_by("-published_at")[:4]),
    }
    return render(request, "home.html", context)


@public_page(clock="day")
def figures(request: HttpRequest) -> HttpResponse:
    """The programme in figures: the charts, each with its table and CSV."""
    return render(
        request,
        "figures.html",
        {"charts": _charts(request), "heat": charts.practices_by_theme_and_city()},
    )


def _charts(request: HttpRequest) -> list:
    from exchanges.plan.selectors import current_plan

    plan = current_plan()
    plan_charts = [charts.milestone_status(plan), charts.done_on_time(plan)] if plan else []
    return [*plan_charts, charts.meetings_per_month(request.user)]


def figure_csv(request: HttpRequest, slug: str) -> HttpResponse:
    if slug == "practices-by-theme-and-city":
        return charts.practices_by_theme_and_city().csv_response()
    found = next((c for c in _charts(request) if c.slug == slug), None)
    if found is None:
        raise Http404
    return found.csv_response()


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database (and the broker, when one is configured) answer; 503 otherwise."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as error:  # any failure is the answer
        checks["database"] = f"error: {type(error).__name__}"
    if settings.REDIS_URL:
        checks["broker"] = _ping_redis(settings.REDIS_URL)
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )


def _ping_redis(url: str) -> str:
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        try:
            client.ping()
        finally:
            client.close()
    except redis.RedisError as error:
        return f"error: {type(error).__name__}"
    return "ok"


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's ``set_language`` (which keeps the current page), remembered for signed-in users."""
    language = request.POST.get("language", "")
    if (
        request.user.is_authenticated
        and language in dict(settings.LANGUAGES)
        and check_for_language(language)
    ):
        user_set_language(user=request.user, language=language)
    return django_set_language(request)
