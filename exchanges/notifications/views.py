"""Pages of notifications: a person's inbox and choices, unsubscribing by link, the outbox."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accounts import permissions
from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from cooperation_portal.middleware import private
from cooperation_portal.public_cache import signed_in_page

from ..models import Notification, NotificationCategory
from . import selectors, services
from .emails import LinkExpired, read_unsubscribe_token
from .forms import preference_form


@login_required
@signed_in_page(clock="day")
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The signed-in person's notices, the unread ones marked. Reading the page changes
    nothing; "Mark all as read" does."""
    items = selectors.inbox(request.user)
    unread = {n.pk for n in items if n.read_at is None}
    return render(request, "exchanges/inbox.html", {"items": items, "unread": unread})


@login_required
@require_POST
def inbox_mark_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.notifications_mark_read(user=request.user)
    messages.success(request, _("All notifications are marked as read."))
    return redirect("exchanges:inbox")


@login_required
def settings_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    bound = request.method == "POST"
    forms_by_category = [
        (
            category,
            preference_form(
                category,
                data=request.POST if bound else None,
                prefix=category.value,
                initial={"enabled": current.enabled, "mode": current.mode},
            ),
        )
        for category, current in selectors.preferences_of(request.user).items()
    ]
    # Every form is validated (no short cut), so each shows its own errors.
    valid = [form.is_valid() for _category, form in forms_by_category] if bound else [False]
    if all(valid):
        services.preferences_save(
            user=request.user,
            choices={category: form.to_service() for category, form in forms_by_category},
        )
        messages.success(request, _("Your notification settings have been saved."))
        return redirect("exchanges:notification_settings")
    return render(
        request,
        "exchanges/notification_settings.html",
        {"forms": forms_by_category},
        status=400 if bound else 200,
    )


@login_required
@require_POST
def links_revoke(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.unsubscribe_links_revoke(user=request.user)
    messages.success(
        request, _("The unsubscribe links of the e-mails you received so far no longer work.")
    )
    return redirect("exchanges:notification_settings")


def _foreign_origin(request: HttpRequest) -> bool:
    """An Origin header naming another site than the portal."""
    origin = request.META.get("HTTP_ORIGIN")
    if not origin:
        return False
    ours = {
        f"{request.scheme}://{request.get_host()}",
        "{0.scheme}://{0.netloc}".format(urlsplit(settings.PORTAL_BASE_URL)),
        *settings.CSRF_TRUSTED_ORIGINS,
    }
    return origin not in ours


def _csrf_refusal(request: HttpRequest) -> HttpResponse | None:
    """Django's CSRF check (token and Origin) for the page's own buttons."""
    check = CsrfViewMiddleware(lambda r: HttpResponse())
    return check.process_view(request, _unsubscribe_page, (), {})


def _unsubscribe_page(request: HttpRequest) -> HttpResponse:  # only named by the CSRF check
    raise NotImplementedError


@csrf_exempt  # RFC 8058: mail programs POST here with no session and no CSRF token
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The link in every e-mail, without log-in. Opening it (GET: mail scanners follow links)
    only shows a page with one button; the button, or a mail program's RFC 8058 one-click
    POST (body ``List-Unsubscribe=One-Click``), switches off the e-mails of the one category in
    the token. The page offers undo. The page's own buttons pass Django's CSRF check (token and
    Origin); a one-click POST only unsubscribes, and never from another site's page. The page
    does not show the address, and the links can be revoked by their owner."""
    try:
        found = read_unsubscribe_token(token)
    except LinkExpired:
        response = render(request, "exchanges/unsubscribed.html", {"state": "expired"}, status=410)
        return private(response)
    if found is None:
        raise Http404
    user_id, category = found
    user = get_object_or_404(User, pk=user_id, is_active=True)
    state = "ask"
    if request.method == "POST":
        if _foreign_origin(request):
            raise PermissionDenied
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        if not one_click and (refused := _csrf_refusal(request)) is not None:
            return refused
        enabled = not one_click and request.POST.get("resubscribe") == "1"
        services.subscription_set(user=user, category=category, enabled=enabled)
        state = "resubscribed" if enabled else "unsubscribed"
    response = render(
        request,
        "exchanges/unsubscribed.html",
        {"category": NotificationCategory(category).label, "state": state},
    )
    return private(response)


@login_required
def outbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_manage_outbox(request.user):
        raise PermissionDenied
    status = request.GET.get("status", "")
    return render(
        request,
        "exchanges/outbox.html",
        {
            "rows": [
                (row, permissions.can_retry_notification(request.user, row))
                for row in selectors.outbox_rows(status)[:200]
            ],
            "status": status,
            "counts": selectors.outbox_counts(),
        },
    )


@login_required
@require_POST
def outbox_retry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(Notification, pk=pk)
    services.outbox_retry(notification=notification, by=request.user)
    messages.success(request, _("The e-mail will be sent again."))
    return redirect("exchanges:outbox")
