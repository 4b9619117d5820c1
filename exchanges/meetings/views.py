import zoneinfo
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import permissions
from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from cities.forms import organisation_value
from cities.models import City, CoordinatingBody
from cooperation_portal.forms import add_service_errors
from cooperation_portal.links import absolute_url, safe_next
from cooperation_portal.public_cache import public_page
from cooperation_portal.uploads import document_response

from ..models import AgendaItem, Meeting, MeetingAttachment, MeetingStatus
from . import ics, selectors, services
from .filters import MeetingFilter
from .forms import (
    AgendaItemForm,
    AttendanceForm,
    DecisionFormSet,
    MeetingAttachmentForm,
    MeetingForm,
    MinutesForm,
    SlotSearchForm,
    minutes_data,
)
from .slots import Participant, find_slots


def _viewer_zone() -> str:
    return timezone.get_current_timezone_name()


@public_page
def meeting_list(request: HttpRequest) -> HttpResponse:
    base = selectors.with_listing(selectors.visible_meetings(request.user))
    params = request.GET.copy()
    params.setdefault("when", "upcoming")
    filterset = MeetingFilter(params, queryset=base)
    status = 400 if filterset.errors else 200
    paginator = Paginator(filterset.qs, 20)
    try:
        page = paginator.page(params.get("page", "1"))
    except PageNotAnInteger:
        status, page = 400, paginator.page(1)
    except EmptyPage:
        status, page = 404, paginator.page(paginator.num_pages)
    return render(
        request,
        "exchanges/meeting_list.html",
        {
            "filterset": filterset,
            "meetings": page.object_list,
            "page": page,
            "page_query": _without_page(params),
            "when": params["when"],
        },
        status=status,
    )


def _without_page(params: Any) -> str:
    copy = params.copy()
    copy.pop("page", None)
    return copy.urlencode()


def _meeting_or_404(request: HttpRequest, pk: int) -> Meeting:
    meeting = get_object_or_404(selectors.meeting_for_detail(Meeting.objects.all()), pk=pk)
    if not permissions.can_view_meeting(request.user, meeting):
        raise Http404
    return meeting


@public_page
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(request, pk)
    return _render_detail(request, meeting)


def _render_detail(request: HttpRequest, meeting: Meeting, status: int = 200, **forms: Any):
    user = request.user
    mine = next((a for a in meeting.attendance.all() if a.user_id == user.pk), None)
    context = {
        "meeting": meeting,
        "can_edit": permissions.can_edit_meeting(user, meeting),
        "can_cancel": permissions.can_cancel_meeting(user, meeting),
        "can_restore": permissions.can_restore_meeting(user, meeting),
        "can_answer": permissions.can_answer_attendance(user, meeting),
        "can_add_agenda": permissions.can_add_agenda_item(user, meeting),
        "can_reorder_agenda": permissions.can_reorder_agenda(user, meeting),
        "show_link": permissions.can_see_meeting_link(user, meeting),
        "show_attendance": permissions.can_see_attendance(user, meeting),
        "attendance_counts": selectors.attendance_summary(meeting),
        "my_answer": mine,
        "attendance_form": forms.get("attendance_form")
        or AttendanceForm(initial={"response": mine.response if mine else None}),
        "agenda_form": forms.get("agenda_form") or AgendaItemForm(user=user),
        "attachment_form": forms.get("attachment_form") or MeetingAttachmentForm(),
        "agenda_total": sum(item.duration_minutes for item in meeting.agenda.all()),
    }
    return render(request, "exchanges/meeting_detail.html", context, status=status)


@login_required
def meeting_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not (permissions.is_coordinator(request.user) or permissions.is_officer(request.user)):
        raise PermissionDenied
    initial = {"time_zone": _viewer_zone(), "reminder_hours": 24, "languages": "en+ja"}
    for key in ("date", "start_time", "end_time", "time_zone", "host"):
        if key in request.GET:
            initial[key] = request.GET[key]
    initial["cities"] = request.GET.getlist("cities")
    initial["bodies"] = request.GET.getlist("bodies")
    form = MeetingForm(request.POST or None, user=request.user, initial=initial)
    return _save_meeting(request, form, None)


@login_required
def meeting_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(request, pk)
    if not permissions.can_edit_meeting(request.user, meeting):
        raise PermissionDenied
    form = MeetingForm(
        request.POST or None,
        user=request.user,
        meeting=meeting,
        initial={"time_zone": _viewer_zone()},
    )
    return _save_meeting(request, form, meeting)


def _save_meeting(
    request: AuthenticatedHttpRequest, form: MeetingForm, meeting: Meeting | None
) -> HttpResponse:
    """Schedule a new meeting or save an edit; the form again, with a 400, when refused."""
    if request.method == "POST" and form.is_valid():
        try:
            if meeting is None:
                saved = services.meeting_create(by=request.user, data=form.service_data())
                done = _("The meeting has been scheduled.")
            else:
                saved = services.meeting_update(
                    meeting=meeting, by=request.user, data=form.service_data()
                )
                done = _("The meeting has been updated.")
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(saved)
    return render(
        request,
        "exchanges/meeting_form.html",
        {"form": form, "meeting": meeting},
        status=400 if form.errors else 200,
    )


@login_required
def meeting_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """GET asks once (what happens, and a way back); POST cancels."""
    meeting = _meeting_or_404(request, pk)
    if not permissions.can_cancel_meeting(request.user, meeting):
        raise PermissionDenied
    if request.method == "POST":
        services.meeting_cancel(meeting=meeting, by=request.user)
        messages.success(request, _("The meeting has been cancelled."))
        return redirect(meeting)
    consequences = [_("The meeting stays on the portal, marked cancelled.")]
    if meeting.status == MeetingStatus.SCHEDULED:
        consequences.insert(
            0,
            _(
                "Everyone invited is told, and the meeting is taken out of their calendars"
                " (the .ics they received)."
            ),
        )
    consequences.append(_("You can restore it afterwards; the participants are told again."))
    return render(
        request,
        "exchanges/confirm.html",
        {
            "title": _("Cancel “%(title)s”?") % {"title": meeting.title},
            "consequences": consequences,
            "action": reverse("exchanges:meeting_cancel", args=[meeting.pk]),
            "confirm_label": _("Yes, cancel the meeting"),
            "back_url": meeting.get_absolute_url(),
            "back_name": meeting.title,
            "back_label": _("No, keep it"),
        },
    )


@login_required
@require_POST
def meeting_restore(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Undo a cancellation."""
    meeting = _meeting_or_404(request, pk)
    if not permissions.can_restore_meeting(request.user, meeting):
        raise PermissionDenied
    try:
        services.meeting_restore(meeting=meeting, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _render_detail(request, meeting, status=400)
    messages.success(request, _("The meeting has been restored."))
    return redirect(meeting)


@login_required
@require_POST
def attendance(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(request, pk)
    if not permissions.can_answer_attendance(request.user, meeting):
        raise PermissionDenied
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, meeting, status=400, attendance_form=form)
    services.attendance_answer(
        meeting=meeting, by=request.user, response=form.cleaned_data["response"]
    )
    messages.success(request, _("Your answer has been saved."))
    return redirect(safe_next(request) or meeting)


@login_required
@require_POST
def agenda_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(request, pk)
    if not permissions.can_add_agenda_item(request.user, meeting):
        raise PermissionDenied
    form = AgendaItemForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.agenda_item_add(meeting=meeting, by=request.user, data=form.service_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The item has been added to the agenda."))
            return redirect(meeting)
    meeting = _meeting_or_404(request, pk)
    return _render_detail(request, meeting, status=400, agenda_form=form)


@login_required
@require_POST
def agenda_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    if not permissions.can_view_meeting(request.user, item.meeting):
        raise Http404
    services.agenda_item_remove(item=item, by=request.user)
    messages.success(request, _("The item has been removed from the agenda."))
    return redirect(item.meeting)


@login_required
def agenda_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Change an agenda item's title, length or presenter."""
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    meeting = _meeting_or_404(request, item.meeting_id)
    if not permissions.can_edit_agenda_item(request.user, item, meeting):
        raise PermissionDenied
    initial = {
        "title_en": item.title_en,
        "title_ja": item.title_ja,
        "duration_minutes": item.duration_minutes,
        "presenter": organisation_value(item.presenter),
    }
    form = AgendaItemForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_update(item=item, by=request.user, data=form.service_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The agenda item has been changed."))
            return redirect(meeting)
    return render(
        request,
        "exchanges/agenda_item_form.html",
        {"meeting": meeting, "item": item, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def agenda_move(request: AuthenticatedHttpRequest, pk: int, direction: str) -> HttpResponse:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    if direction not in ("up", "down"):
        raise Http404
    meeting = _meeting_or_404(request, item.meeting_id)
    services.agenda_item_move(item=item, by=request.user, direction=direction)
    return redirect(reverse("exchanges:meeting_detail", args=[meeting.pk]) + "#agenda-title")


@login_required
def minutes_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(request, pk)
    if not permissions.can_edit_meeting(request.user, meeting):
        raise PermissionDenied
    initial = {"minutes_en": meeting.minutes_en, "minutes_ja": meeting.minutes_ja}
    decisions_initial = [
        {"text_en": d.text_en, "text_ja": d.text_ja, "milestone": d.milestone_id}
        for d in meeting.decisions.all()
    ]
    form = MinutesForm(request.POST or None, initial=initial)
    decisions = DecisionFormSet(request.POST or None, prefix="decisions", initial=decisions_initial)
    if request.method == "POST" and form.is_valid() and decisions.is_valid():
        try:
            services.minutes_publish(
                meeting=meeting, by=request.user, data=minutes_data(form, decisions)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The minutes have been published."))
            return redirect(meeting)
    return render(
        request,
        "exchanges/minutes_form.html",
        {
            "meeting": meeting,
            "form": form,
            "decisions": decisions,
            "too_early": meeting.ends_at > timezone.now() and services.minutes_too_early_message(),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def meeting_attach(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(request, pk)
    if not permissions.can_edit_meeting(request.user, meeting):
        raise PermissionDenied
    form = MeetingAttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.meeting_attachment_add(
                meeting=meeting,
                by=request.user,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The file has been attached."))
            return redirect(meeting)
    return _render_detail(request, meeting, status=400, attachment_form=form)


def meeting_file(request: HttpRequest, pk: int) -> FileResponse:
    item = get_object_or_404(MeetingAttachment.objects.select_related("meeting"), pk=pk)
    meeting = _meeting_or_404(request, item.meeting_id)
    if not permissions.can_view_meeting(request.user, meeting):
        raise Http404
    return document_response(item)


# --- Calendars -----------------------------------------------------------------------------


def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(request, pk)
    body = ics.calendar_for([meeting], user=request.user, name=str(meeting.title))
    return ics.response(body, f"meeting-{meeting.pk}.ics")


@public_page(clock=False)
def public_feed(request: HttpRequest) -> HttpResponse:
    meetings = selectors.with_listing(selectors.visible_meetings(AnonymousUser()))
    body = ics.calendar_for(
        meetings, user=request.user, name=_("Japan–EU Smart City Cooperation: meetings")
    )
    return ics.response(body, "meetings.ics")


def personal_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A person's meetings at a secret URL that calendar programs poll without logging in."""
    user = selectors.feed_owner(token)
    if user is None:
        raise Http404
    body = ics.calendar_for(selectors.meetings_of(user), user=user, name=_("My programme meetings"))
    return ics.response(body, "my-meetings.ics")


@login_required
def calendar_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The person's secret calendar address: made (or replaced) only when they ask."""
    token = selectors.calendar_token_of(request.user)
    if request.method == "POST":
        services.calendar_token_reset(user=request.user)
        if token is None:
            messages.success(request, _("Your calendar address has been created."))
        else:
            messages.success(
                request, _("Your calendar address has been replaced; the old one no longer works.")
            )
        return redirect("exchanges:calendar")
    feeds = []
    if token:
        feeds.append(
            (
                "feed",
                _("My meetings"),
                absolute_url(reverse("exchanges:personal_feed", args=[token.token])),
            )
        )
        if permissions.can_see_plan_details(request.user):
            feeds.append(
                (
                    "due-dates",
                    _("Due dates of the action plan"),
                    absolute_url(reverse("exchanges:due_dates", args=[token.token])),
                )
            )
    return render(
        request,
        "exchanges/calendar.html",
        {
            "feed_url": feeds[0][2] if feeds else "",
            "feeds": [(key, label, url, webcal(url)) for key, label, url in feeds],
        },
    )


def webcal(url: str) -> str:
    """The subscribe link of a feed: ``webcal://`` makes calendar programs subscribe to the
    address (and poll it) instead of importing it once."""
    return "webcal://" + url.split("://", 1)[1]


# --- The slot finder -----------------------------------------------------------------------


@login_required
def slot_finder(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not (permissions.is_coordinator(request.user) or permissions.is_officer(request.user)):
        raise PermissionDenied
    form = SlotSearchForm(request.GET or None, user=request.user)
    context: dict[str, Any] = {"form": form}
    status = 200
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            organisations = data["organisations"]
            result = find_slots(
                [Participant.of(o) for o in organisations],
                data["first_day"],
                data["last_day"],
                timedelta(minutes=data["duration"]),
            )
            context.update(
                result=result,
                organisations=organisations,
                viewer_zone=_viewer_zone(),
                create_links=_create_links(
                    result,
                    organisations,
                    data["duration"],
                    host=_proposed_host(request.user, organisations),
                ),
            )
        else:
            status = 400
    return render(request, "exchanges/slot_finder.html", context, status=status)


def _proposed_host(user: User, organisations: list) -> City | CoordinatingBody:
    """The host the slot finder proposes: the viewer's own city or body when it takes part,
    otherwise the first participant chosen (never someone who does not take part)."""
    own_cities = permissions.officer_city_ids(user)
    own_bodies = {m.body_id for m in permissions.memberships(user) if m.body_id}
    for organisation in organisations:
        own = own_cities if isinstance(organisation, City) else own_bodies
        if organisation.pk in own:
            return organisation
    return organisations[0]


def _create_links(result: Any, organisations: list, duration: int, *, host: Any) -> dict:
    """For each fitting slot, the new-meeting form pre-filled in the organiser's zone, with
    the proposed host among the participants."""
    zone = zoneinfo.ZoneInfo(_viewer_zone())
    query_cities = [str(o.pk) for o in organisations if isinstance(o, City)]
    query_bodies = [str(o.pk) for o in organisations if isinstance(o, CoordinatingBody)]
    links = {}
    for _day, slots in result.days:
        for slot in slots:
            start = slot.start.astimezone(zone)
            end = (slot.start + timedelta(minutes=duration)).astimezone(zone)
            params = {
                "date": start.date().isoformat(),
                "start_time": f"{start:%H:%M}",
                "end_time": f"{end:%H:%M}",
                "time_zone": zone.key,
                "host": organisation_value(host),
                "cities": query_cities,
                "bodies": query_bodies,
            }
            links[slot.start] = (
                reverse("exchanges:meeting_create") + "?" + urlencode(params, doseq=True)
            )
    return links
