from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts import permissions
from accounts.models import User
from cooperation_portal.forms import PortalForm

from . import notify
from .emails import read_unsubscribe_token
from .models import (
    DeliveryStatus,
    Notification,
    NotificationCategory,
    NotificationMode,
    NotificationPreference,
)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The signed-in person's notices; opening the page marks them read."""
    items = list(
        Notification.objects.filter(recipient=request.user)
        .exclude(kind="digest")
        .select_related("meeting", "milestone", "practice")[:100]
    )
    unread = [n.pk for n in items if n.read_at is None]
    if unread:
        Notification.objects.filter(pk__in=unread).update(read_at=timezone.now())
    return render(request, "exchanges/inbox.html", {"items": items, "unread": set(unread)})


class PreferenceForm(PortalForm):
    enabled = forms.BooleanField(label=gettext_lazy("Send me these e-mails"), required=False)
    mode = forms.ChoiceField(
        label=pgettext_lazy("notification mode", "When"),
        choices=NotificationMode.choices,
        widget=forms.RadioSelect,
    )


@login_required
def settings_view(request: HttpRequest) -> HttpResponse:
    forms_by_category = []
    saved = {p.category: p for p in request.user.notification_preferences.all()}
    valid = True
    for category in NotificationCategory:
        current = saved.get(category) or NotificationPreference(category=category)
        form = PreferenceForm(
            request.POST or None,
            prefix=category.value,
            initial={"enabled": current.enabled, "mode": current.mode},
        )
        valid = form.is_valid() and valid if request.method == "POST" else valid
        forms_by_category.append((category, form))
    if request.method == "POST" and valid:
        with transaction.atomic():
            for category, form in forms_by_category:
                NotificationPreference.objects.update_or_create(
                    user=request.user, category=category, defaults=form.cleaned_data
                )
        messages.success(request, _("Your notification settings have been saved."))
        return redirect("exchanges:notification_settings")
    return render(
        request,
        "exchanges/notification_settings.html",
        {"forms": forms_by_category},
        status=400 if request.method == "POST" else 200,
    )


@csrf_exempt  # RFC 8058: mail programs POST here with no session and no CSRF token
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One click, no log-in: switches off the e-mails of the one category in the token."""
    found = read_unsubscribe_token(token)
    if found is None:
        raise Http404
    user_id, category = found
    user = get_object_or_404(User, pk=user_id)
    resubscribe = request.method == "POST" and request.POST.get("resubscribe") == "1"
    NotificationPreference.objects.update_or_create(
        user=user, category=category, defaults={"enabled": resubscribe}
    )
    return render(
        request,
        "exchanges/unsubscribed.html",
        {
            "category": NotificationCategory(category).label,
            "resubscribed": resubscribe,
            "token": token,
            "email": user.email,
        },
    )


@login_required
def outbox(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_outbox(request.user):
        raise PermissionDenied
    status = request.GET.get("status", "")
    rows = Notification.objects.select_related("recipient", "meeting", "milestone", "practice")
    if status in DeliveryStatus.values:
        rows = rows.filter(status=status)
    counts = {
        s: Notification.objects.filter(status=s).count()
        for s in (DeliveryStatus.PENDING, DeliveryStatus.SENT, DeliveryStatus.FAILED)
    }
    return render(
        request,
        "exchanges/outbox.html",
        {"rows": rows[:200], "status": status, "counts": counts, "statuses": DeliveryStatus},
    )


@login_required
@require_POST
def outbox_retry(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_manage_outbox(request.user):
        raise PermissionDenied
    with transaction.atomic():
        row = get_object_or_404(Notification.objects.select_for_update(), pk=pk)
        if row.status == DeliveryStatus.FAILED:
            row.status = DeliveryStatus.PENDING
            row.last_error = ""
            row.save(update_fields=["status", "last_error"])
            transaction.on_commit(lambda: notify.enqueue([row.pk]))
    messages.success(request, _("The e-mail will be sent again."))
    return redirect("exchanges:outbox")
