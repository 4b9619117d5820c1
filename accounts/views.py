from allauth.account.utils import perform_login
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, translate_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cooperation_portal.forms import add_service_errors
from cooperation_portal.public_cache import signed_in_page

from . import dashboards, permissions, services
from .forms import AcceptInvitationForm, InvitationForm, PreferencesForm
from .http import AuthenticatedHttpRequest
from .models import Invitation
from .tokens import invitation_from_token


@login_required
@signed_in_page
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """“My portal”: the signed-in person's organisations and, by role, what to see first."""
    from exchanges.models import AttendanceResponse, MilestoneStatus

    user = request.user
    return render(
        request,
        "accounts/dashboard.html",
        {
            "memberships": permissions.memberships(user),
            "officer": dashboards.officer(user) if permissions.is_officer(user) else None,
            "coordinator": (
                dashboards.coordinator(user) if permissions.is_coordinator(user) else None
            ),
            "answers": AttendanceResponse.choices,
            "statuses": [c for c in MilestoneStatus.choices if c[0] != MilestoneStatus.CANCELLED],
            "here": request.get_full_path(),
        },
    )


@login_required
def preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    member_of = permissions.memberships(user)
    default_zone = member_of[0].organisation.time_zone if member_of else None
    form = PreferencesForm(request.POST or None, instance=user, default_zone=default_zone)
    if request.method == "POST" and form.is_valid():
        services.user_update_preferences(user=user, **form.cleaned_data)
        language = form.cleaned_data["preferred_language"]
        messages.success(request, _("Your preferences have been saved."))
        response = redirect(translate_url(request.path, language))
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        )
        return response
    status = 400 if form.errors else 200
    return render(request, "accounts/preferences.html", {"form": form}, status=status)


@login_required
def invitation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_manage_invitations(request.user):
        raise PermissionDenied
    form = InvitationForm(request.POST or None, initial={"language": get_language()})
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        is_city = organisation._meta.model_name == "city"
        try:
            invitation = services.invitation_create(
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                language=form.cleaned_data["language"],
                city=organisation if is_city else None,
                body=None if is_city else organisation,
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("An invitation has been sent to %(email)s.") % {"email": invitation.email},
            )
            return redirect("accounts:invitation_list")
    invitations = [
        (invitation, permissions.can_revoke_invitation(request.user, invitation))
        for invitation in Invitation.objects.select_related(
            "city", "body", "invited_by", "accepted_user"
        ).order_by("-created_at")[:200]
    ]
    return render(
        request,
        "accounts/invitation_list.html",
        {"form": form, "invitations": invitations},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def invitation_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation, pk=pk)
    if not permissions.can_manage_invitations(request.user):
        raise PermissionDenied
    if invitation.status != Invitation.Status.PENDING:
        messages.error(request, _("Only a pending invitation can be revoked."))
        return redirect("accounts:invitation_list")
    services.invitation_revoke(invitation=invitation, by=request.user)
    messages.success(
        request, _("The invitation to %(email)s has been revoked.") % {"email": invitation.email}
    )
    return redirect("accounts:invitation_list")


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitation_from_token(token)
    if invitation is None:
        return render(
            request, "accounts/invitation_unavailable.html", {"reason": "invalid"}, status=404
        )
    if invitation.status != Invitation.Status.PENDING:
        return _unavailable(request, invitation.status)
    if request.user.is_authenticated:
        return render(
            request, "accounts/invitation_signed_in.html", {"invitation": invitation}, status=409
        )
    form = AcceptInvitationForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                invitation=invitation,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
                language=get_language(),
            )
        except services.InvitationUnavailable as gone:
            return _unavailable(request, gone.status)
        messages.success(request, _("Welcome to the Japan–EU Smart City Cooperation portal."))
        return perform_login(request, user, redirect_url=reverse("accounts:dashboard"))
    return render(
        request,
        "accounts/invitation_accept.html",
        {"invitation": invitation, "form": form},
        status=400 if form.errors else 200,
    )


def _unavailable(request: HttpRequest, status: str) -> HttpResponse:
    # 410 Gone: the link existed and will never work again.
    return render(request, "accounts/invitation_unavailable.html", {"reason": status}, status=410)


def admin_login(request: HttpRequest, extra_context: object = None) -> HttpResponse:
    """The admin's log-in page, replaced: the admin has no password form of its own. Everyone
    signs in through the portal's log-in (rate-limited, with the second factor), then comes back;
    a signed-in person who may not use the admin is refused, not shown another form."""
    wanted = request.GET.get(REDIRECT_FIELD_NAME, "")
    if not url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        wanted = ""
    wanted = wanted or reverse("admin:index")
    if request.user.is_authenticated:
        if admin.site.has_permission(request):
            return redirect(wanted)
        raise PermissionDenied
    return redirect_to_login(wanted, login_url=reverse("account_login"))


def email_management_closed(request: HttpRequest) -> HttpResponse:
    """An invitation-only portal: the account's address is the one invited. Adding another
    (someone else's, or a pending invitee's) is not offered; coordinators change addresses."""
    raise Http404
