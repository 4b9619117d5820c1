from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import permissions
from accounts.http import AuthenticatedHttpRequest
from cooperation_portal.dates import fiscal_year
from cooperation_portal.forms import add_service_errors
from cooperation_portal.links import safe_next
from cooperation_portal.public_cache import public_page
from cooperation_portal.spreadsheets import csv_response

from ..meetings import ics
from ..meetings import selectors as meeting_selectors
from ..models import ActionPlan, Milestone, Workstream
from . import selectors, services
from .forms import (
    LinkFormSet,
    MilestoneFilter,
    MilestoneForm,
    PlanForm,
    ProgressForm,
    QuickProgressForm,
)


def _plan_or_404(pk: int | None) -> ActionPlan:
    if pk is None:
        found = selectors.current_plan()
        if found is None:
            raise Http404
        return found
    return get_object_or_404(ActionPlan, pk=pk)


def _page_of(paginator: Paginator, params: QueryDict) -> tuple[Page, int]:
    """The page asked for and the answer's status: page 1 with 400 for a page "number" that
    is not one, the last page with 404 for one past the end (as the meetings list does)."""
    try:
        return paginator.page(params.get("page", "1")), 200
    except PageNotAnInteger:
        return paginator.page(1), 400
    except EmptyPage:
        return paginator.page(paginator.num_pages), 404


def _without_page(params: QueryDict) -> str:
    copy = params.copy()
    copy.pop("page", None)
    return copy.urlencode()


@public_page(clock="day")
def plan_view(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """The plan as a timeline, grouped by workstream, with counts by status: at most
    ``selectors.FOLD`` bars a workstream, the rest on the workstream's page."""
    plans = list(ActionPlan.objects.order_by("-period_start"))  # a few: read with the plan
    plan = next((p for p in plans if (p.pk == pk if pk is not None else p.is_current)), None)
    if plan is None:
        raise Http404
    return render(
        request,
        "exchanges/plan.html",
        {
            "timeline": selectors.timeline(plan),
            "plans": plans,
            "details": permissions.can_see_plan_details(request.user),
            "can_edit": permissions.can_edit_plan(request.user),
        },
    )


@public_page(clock="day")
def workstream_view(request: HttpRequest, pk: int) -> HttpResponse:
    """One workstream's whole timeline, ``selectors.PAGE_SIZE`` bars a page, in the plan's
    order, with the coordinator's ↑/↓ buttons."""
    workstream = get_object_or_404(Workstream.objects.select_related("plan"), pk=pk)
    counted = selectors.tally(workstream.plan)
    counts = counted.by_workstream.get(workstream.pk, selectors.Counts())
    paginator = Paginator(selectors.workstream_milestones(workstream), selectors.PAGE_SIZE)
    page, status = _page_of(paginator, request.GET)
    return render(
        request,
        "exchanges/workstream.html",
        {
            "plan": workstream.plan,
            "workstream": workstream,
            "counts": counts.as_dict(),
            "done_on_time_share": counts.done_on_time_share,
            "scale": counted.scale,
            "bars": counted.scale.bars(page.object_list),
            "page": page,
            "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "details": permissions.can_see_plan_details(request.user),
            "can_edit": permissions.can_edit_plan(request.user),
        },
        status=status,
    )


@public_page(clock="day")
def milestone_list(request: HttpRequest) -> HttpResponse:
    """Every milestone as a table with filters, ``selectors.PAGE_SIZE`` rows a page; the page
    links keep the filters."""
    plan = _plan_or_404(None)
    base = selectors.with_table_rows(plan.milestones.all())
    filterset = MilestoneFilter(request.GET or None, queryset=base, plan=plan, user=request.user)
    paginator = Paginator(filterset.qs.order_by("due_date", "code", "pk"), selectors.PAGE_SIZE)
    page, status = _page_of(paginator, request.GET)
    if filterset.is_bound and filterset.errors:
        status = 400
    return render(
        request,
        "exchanges/milestone_list.html",
        {
            "plan": plan,
            "filterset": filterset,
            "milestones": page.object_list,
            "page": page,
            "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "page_query": _without_page(request.GET),
            "details": permissions.can_see_plan_details(request.user),
        },
        status=status,
    )


@login_required
def our_milestones(request: AuthenticatedHttpRequest) -> HttpResponse:
    plan = _plan_or_404(None)
    return render(
        request,
        "exchanges/our_milestones.html",
        {
            "plan": plan,
            "milestones": selectors.milestones_of(request.user, plan),
        },
    )


@public_page(clock="day")
def milestone_detail(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = get_object_or_404(selectors.milestone_for_detail(Milestone.objects.all()), pk=pk)
    details = permissions.can_see_plan_details(request.user)
    can_report = permissions.can_update_milestone_progress(request.user, milestone)
    return render(
        request,
        "exchanges/milestone_detail.html",
        {
            "milestone": milestone,
            "details": details,
            "history": selectors.history(milestone) if details else [],
            "can_edit": permissions.can_edit_plan(request.user),
            "can_cancel": permissions.can_cancel_milestone(request.user, milestone),
            "can_restore": permissions.can_restore_milestone(request.user, milestone),
            "can_report": can_report,
            **selectors.meetings_on_record(milestone, request.user),
        },
    )


def _save_milestone(
    request: AuthenticatedHttpRequest, plan: ActionPlan, milestone: Milestone | None
) -> HttpResponse:
    if not permissions.can_edit_plan(request.user):
        raise PermissionDenied
    form = MilestoneForm(request.POST or None, plan=plan, milestone=milestone)
    warnings: list[str] = []
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["accept_warnings"]
        try:
            if milestone is None:
                saved = services.milestone_create(
                    plan=plan,
                    by=request.user,
                    data=form.service_data(),
                    accept_warnings=accept,
                )
            else:
                saved = services.milestone_update(
                    milestone=milestone,
                    by=request.user,
                    data=form.service_data(),
                    accept_warnings=accept,
                )
        except services.NeedsConfirmation as confirm:
            warnings = confirm.warnings
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The milestone has been saved."))
            return redirect(saved)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "exchanges/milestone_form.html",
        {"form": form, "milestone": milestone, "plan": plan, "warnings": warnings},
        status=status,
    )


@login_required
def milestone_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _save_milestone(request, _plan_or_404(None), None)


@login_required
def milestone_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    milestone = get_object_or_404(Milestone.objects.select_related("plan"), pk=pk)
    return _save_milestone(request, milestone.plan, milestone)


@login_required
def milestone_progress(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    milestone = get_object_or_404(selectors.milestone_for_detail(Milestone.objects.all()), pk=pk)
    if not permissions.can_update_milestone_progress(request.user, milestone):
        raise PermissionDenied
    can_cancel = permissions.can_edit_plan(request.user)
    initial = {
        "status": milestone.status,
        "progress": milestone.progress,
        "completed_on": milestone.completed_on,
        "progress_note": milestone.progress_note,
    }
    form = ProgressForm(request.POST or None, initial=initial, can_cancel=can_cancel)
    evidence = LinkFormSet(
        request.POST or None,
        prefix="links",
        initial=[{"title": e.title, "url": e.url} for e in milestone.evidence.all()],
    )
    if request.method == "POST" and form.is_valid() and evidence.is_valid():
        rows = [row for f in evidence.forms if (row := f.service_data())]
        try:
            services.milestone_report_progress(
                milestone=milestone, by=request.user, data=form.service_data(rows)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The progress has been recorded."))
            return redirect(milestone)
    return render(
        request,
        "exchanges/milestone_progress.html",
        {"form": form, "evidence": evidence, "milestone": milestone},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def milestone_quick_progress(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Status and percentage in one step (from “My portal”); back to where the form was."""
    milestone = get_object_or_404(selectors.milestone_for_detail(Milestone.objects.all()), pk=pk)
    if not permissions.can_update_milestone_progress(request.user, milestone):
        raise PermissionDenied
    form = QuickProgressForm(request.POST)
    if form.is_valid():
        try:
            services.milestone_report_progress(
                milestone=milestone, by=request.user, data=form.service_data(milestone)
            )
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        # The same one-step form again, with what was wrong, to correct and send again.
        return render(
            request,
            "exchanges/milestone_quick_progress.html",
            {"form": form, "milestone": milestone, "next": safe_next(request)},
            status=400,
        )
    messages.success(
        request, _("The progress of %(code)s has been recorded.") % {"code": milestone.code}
    )
    return redirect(safe_next(request) or milestone)


@login_required
@require_POST
def milestone_move(request: AuthenticatedHttpRequest, pk: int, direction: str) -> HttpResponse:
    milestone = get_object_or_404(Milestone, pk=pk)
    if direction not in ("up", "down"):
        raise Http404
    services.milestone_move(milestone=milestone, by=request.user, direction=direction)
    return redirect(_on_its_timeline(milestone))


def _on_its_timeline(milestone: Milestone) -> str:
    """Where the milestone now is: the plan's page while its workstream is shown whole there,
    else the page of the workstream's timeline that holds it."""
    milestone.refresh_from_db(fields=["position"])
    index, total = selectors.place_in_workstream(milestone)
    anchor = f"#milestone-{milestone.pk}"
    if total <= selectors.FOLD:
        return reverse("exchanges:plan", args=[milestone.plan_id]) + anchor
    page = index // selectors.PAGE_SIZE + 1
    url = reverse("exchanges:workstream", args=[milestone.workstream_id])
    return f"{url}?page={page}{anchor}" if page > 1 else url + anchor


@login_required
def milestone_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """GET asks once (what happens, and a way back); POST cancels."""
    milestone = get_object_or_404(Milestone, pk=pk)
    if not permissions.can_cancel_milestone(request.user, milestone):
        raise PermissionDenied
    if request.method == "POST":
        services.milestone_cancel(milestone=milestone, by=request.user)
        messages.success(request, _("The milestone has been cancelled."))
        return redirect(milestone)
    return render(
        request,
        "exchanges/confirm.html",
        {
            "title": _("Cancel milestone %(code)s “%(title)s”?")
            % {"code": milestone.code, "title": milestone.title},
            "consequences": [
                _("Its owner cities and the coordinators are told."),
                _("It stays in the action plan, marked cancelled, and can be restored."),
            ],
            "action": reverse("exchanges:milestone_cancel", args=[milestone.pk]),
            "confirm_label": _("Yes, cancel the milestone"),
            "back_url": milestone.get_absolute_url(),
            "back_name": milestone.code,
            "back_label": _("No, keep it"),
        },
    )


@login_required
@require_POST
def milestone_restore(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Undo a cancellation."""
    milestone = get_object_or_404(Milestone, pk=pk)
    if not permissions.can_restore_milestone(request.user, milestone):
        raise PermissionDenied
    services.milestone_restore(milestone=milestone, by=request.user)
    messages.success(request, _("The milestone has been restored."))
    return redirect(milestone)


@login_required
def plan_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(ActionPlan, pk=pk)
    if not permissions.can_edit_plan(request.user):
        raise PermissionDenied
    form = PlanForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(plan=plan, by=request.user, data=form.service_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The plan has been saved."))
            return redirect(plan)
    return render(
        request,
        "exchanges/plan_form.html",
        {"form": form, "plan": plan},
        status=400 if request.method == "POST" else 200,
    )


CSV_COLUMNS = [
    "code",
    "title_en",
    "title_ja",
    "workstream",
    "owners",
    "start_date",
    "due_date",
    "due_time_zone",
    "fiscal_year_due",
    "status",
    "progress",
    "completed_on",
    "depends_on",
    "overdue",
]


@login_required
def plan_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The whole plan for members, one row per milestone."""
    if not permissions.can_see_plan_details(request.user):
        raise PermissionDenied
    plan = _plan_or_404(None)
    rows = (
        [
            m.code,
            m.title_en,
            m.title_ja,
            m.workstream.name,
            ";".join(str(o.name) for o in m.owners()),
            m.start_date,
            m.due_date,
            m.due_time_zone,
            f"FY{fiscal_year(m.due_date)}",
            m.status,
            m.progress,
            m.completed_on or "",
            ";".join(d.code for d in m.dependencies.all()),
            "yes" if m.is_overdue else "",
        ]
        for m in selectors.with_rows(plan.milestones.all()).order_by("code")
    )
    return csv_response("action-plan.csv", CSV_COLUMNS, rows)


def due_dates_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The milestones' due dates as all-day events, at the member's secret calendar URL."""
    user = meeting_selectors.feed_owner(token)
    if user is None or not permissions.can_see_plan_details(user):
        raise Http404
    plan = _plan_or_404(None)
    body = ics.calendar_of_due_dates(
        plan.milestones.order_by("due_date"), name=_("Action plan: due dates")
    )
    return ics.response(body, "milestones.ics")
