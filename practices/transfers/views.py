"""Pages of transfers: a city's interest, the transfer with its stages, plan, KPIs and thread,
the members' list, evidence files and the one-page PDF."""

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import permissions
from accounts.http import AuthenticatedHttpRequest
from cities.forms import organisation_value
from cooperation_portal.forms import add_service_errors
from cooperation_portal.uploads import document_response

from .. import onepager
from ..models import STAGE_ORDER, BestPractice, Transfer, TransferFile, TransferStage, TransferStep
from ..redirects import follows_old_slugs
from . import selectors, services
from .forms import (
    CommentForm,
    DetailsForm,
    InterestForm,
    KPIFormSet,
    MoveForm,
    details_initial,
    interest_cities,
    kpis_initial,
)

PAGE_SIZE = 25


def _transfer_or_404(request: HttpRequest, pk: int) -> Transfer:
    transfer = get_object_or_404(selectors.transfer_for_detail(Transfer.objects.all()), pk=pk)
    if not permissions.can_view_transfer(request.user, transfer):
        raise Http404
    return transfer


@login_required
def transfer_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The transfers a member works on: their cities' (received and given), or all of them."""
    if not permissions.is_member(request.user):
        raise PermissionDenied
    paginator = Paginator(selectors.transfers_for(request.user), PAGE_SIZE)
    status = 200
    try:
        page = paginator.page(request.GET.get("page", "1"))
    except PageNotAnInteger:
        status, page = 400, paginator.page(1)
    except EmptyPage:
        status, page = 404, paginator.page(paginator.num_pages)
    return render(
        request,
        "practices/transfer_list.html",
        {"transfers": page.object_list, "page": page},
        status=status,
    )


@login_required
@follows_old_slugs
def interest(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Mark a published practice "of interest" for a city: the transfer starts."""
    practice = get_object_or_404(
        BestPractice.objects.published().select_related("lead_city", "lead_body"), slug=slug
    )
    if not permissions.can_take_up_practice(request.user, practice):
        raise PermissionDenied
    cities = interest_cities(request.user, practice)
    form = InterestForm(request.POST or None, user=request.user, cities=cities)
    if request.method == "POST" and form.is_valid():
        try:
            transfer = services.transfer_start(by=request.user, data=form.service_data(practice))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "%(city)s is now interested in this practice. Its city and the coordinators "
                    "have been told."
                )
                % {"city": transfer.city.name},
            )
            return redirect(transfer)
    return render(
        request,
        "practices/transfer_interest.html",
        {"practice": practice, "form": form, "cities": cities},
        status=400 if request.method == "POST" else 200,
    )


def _slot_finder_url(transfer: Transfer) -> str:
    """The slot finder with both sides of the transfer filled in, over the next two weeks."""
    today = transfer.city.local_now().date()
    origin = transfer.practice.lead_city or transfer.practice.lead_body
    params = [
        ("participants", organisation_value(transfer.city)),
        ("participants", organisation_value(origin)),
        ("first_day", (today + timedelta(days=1)).isoformat()),
        ("last_day", (today + timedelta(days=14)).isoformat()),
        ("duration", "60"),
    ]
    return reverse("exchanges:slot_finder") + "?" + urlencode(params)


def stage_path(transfer: Transfer, steps: list[TransferStep]) -> list[dict[str, Any]]:
    """The stages as a path: those passed, the current one, those ahead; a stopped transfer
    ends where it stopped."""
    current = transfer.stage
    if current == TransferStage.STOPPED:
        reached = steps[-1].from_stage if steps else TransferStage.INTERESTED
        path = [
            {"label": s.label, "state": "done"}
            for s in STAGE_ORDER[: STAGE_ORDER.index(TransferStage(reached)) + 1]
        ]
        return [*path, {"label": TransferStage.STOPPED.label, "state": "current"}]
    index = STAGE_ORDER.index(TransferStage(current))
    return [
        {
            "label": s.label,
            "state": "done" if n < index else ("current" if n == index else "todo"),
        }
        for n, s in enumerate(STAGE_ORDER)
    ]


def _render_detail(
    request: HttpRequest, transfer: Transfer, *, status: int = 200, **forms: Any
) -> HttpResponse:
    user = request.user
    can_move = permissions.can_move_transfer(user, transfer)
    steps = list(transfer.steps.all())
    context = {
        "transfer": transfer,
        "practice": transfer.practice,
        "steps": steps,
        "stage_path": stage_path(transfer, steps),
        "can_move": can_move,
        "can_edit": permissions.can_edit_transfer(user, transfer),
        "can_comment": permissions.can_comment_on_transfer(user, transfer),
        "can_meet": permissions.is_coordinator(user) or permissions.is_officer(user),
        "slot_finder_url": _slot_finder_url(transfer),
        "comment_form": forms.get("comment_form") or CommentForm(),
    }
    if can_move:
        context["move_form"] = forms.get("move_form") or MoveForm(
            transfer=transfer,
            meetings=selectors.meeting_choices(transfer, user),
            milestones=selectors.milestone_choices(),
            today=transfer.city.local_now().date(),
        )
    return render(request, "practices/transfer_detail.html", context, status=status)


@login_required
def transfer_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The transfer's page, for members (the public sees the receiving cities, stages and
    dates on the practice's page)."""
    return _render_detail(request, _transfer_or_404(request, pk))


@login_required
@require_POST
def transfer_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    transfer = _transfer_or_404(request, pk)
    if not permissions.can_move_transfer(request.user, transfer):
        raise PermissionDenied
    form = MoveForm(
        request.POST,
        request.FILES,
        transfer=transfer,
        meetings=selectors.meeting_choices(transfer, request.user),
        milestones=selectors.milestone_choices(),
        today=transfer.city.local_now().date(),
    )
    if form.is_valid():
        try:
            step = services.transfer_move(
                transfer=transfer, by=request.user, data=form.service_data()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The transfer is now at the stage “%(stage)s”.")
                % {"stage": step.get_to_stage_display()},
            )
            return redirect(transfer)
    return _render_detail(request, transfer, status=400, move_form=form)


@login_required
def transfer_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The adaptation plan, the pilot's dates, the linked meetings and milestones."""
    transfer = _transfer_or_404(request, pk)
    if not permissions.can_edit_transfer(request.user, transfer):
        raise PermissionDenied
    form = DetailsForm(
        request.POST or None,
        initial=details_initial(transfer),
        meetings=selectors.meeting_choices(transfer, request.user),
        milestones=selectors.milestone_choices(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.transfer_update(transfer=transfer, by=request.user, data=form.service_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The plan of the transfer has been saved."))
            return redirect(transfer)
    return render(
        request,
        "practices/transfer_edit.html",
        {"transfer": transfer, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def transfer_kpis(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The practice's KPIs as the receiving city tracks them: baseline, target, measured."""
    transfer = _transfer_or_404(request, pk)
    if not permissions.can_edit_transfer(request.user, transfer):
        raise PermissionDenied
    formset = KPIFormSet(request.POST or None, prefix="kpis", initial=kpis_initial(transfer))
    errors: list[str] = []
    if request.method == "POST" and formset.is_valid():
        rows = [row for form in formset.forms if (row := form.service_data())]
        try:
            services.transfer_kpis_save(transfer=transfer, by=request.user, rows=rows)
        except ValidationError as error:
            errors = [m for messages_ in error.message_dict.values() for m in messages_]
        else:
            messages.success(request, _("The KPIs have been saved."))
            return redirect(transfer)
    return render(
        request,
        "practices/transfer_kpis.html",
        {"transfer": transfer, "formset": formset, "errors": errors},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def transfer_comment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    transfer = _transfer_or_404(request, pk)
    if not permissions.can_comment_on_transfer(request.user, transfer):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.transfer_comment_add(
                transfer=transfer, by=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your message has been added to the thread."))
            return redirect(f"{transfer.get_absolute_url()}#thread")
    return _render_detail(request, transfer, status=400, comment_form=form)


@login_required
def transfer_file(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    item = get_object_or_404(TransferFile.objects.select_related("step"), pk=pk)
    _transfer_or_404(request, item.step.transfer_id)
    return document_response(item)


@login_required
def transfer_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    transfer = _transfer_or_404(request, pk)
    return onepager.pdf_response(
        request,
        kind="transfer",
        obj=transfer,
        filename=f"{transfer.practice.slug[:60]}-{transfer.city.slug}",
        back=transfer.get_absolute_url(),
    )
