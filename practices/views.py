from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import transaction
from django.db.models import Count
from django.forms import BaseFormSet
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
    QueryDict,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import permissions
from accounts.http import AuthenticatedHttpRequest
from cities.models import Region
from cooperation_portal.forms import add_service_errors
from cooperation_portal.public_cache import public_page, signed_in_page
from cooperation_portal.uploads import document_response

from . import onepager, search, selectors, services
from .filters import PracticeFilter
from .forms import (
    AttachmentForm,
    ImageForm,
    KeyResultFormSet,
    LinkFormSet,
    PracticeForm,
    SendBackForm,
    ThemeForm,
    links_initial,
    results_initial,
)
from .models import (
    MARKDOWN_FIELDS,
    BestPractice,
    PracticeAttachment,
    PracticeImage,
    Stage,
    Status,
    Theme,
    Transition,
    TranslationState,
)
from .redirects import follows_old_slugs
from .transfers import selectors as transfer_selectors
from .transfers.forms import interest_cities

PAGE_SIZE = 20


class KnownCountPaginator(Paginator):
    """A paginator told its count (cached with the facet counts) instead of asking for it."""

    def __init__(self, *args: Any, count: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.__dict__["count"] = count  # fills Paginator.count, a cached_property


# --- The public catalogue ------------------------------------------------------------------


@public_page(clock=False)
def catalogue(request: HttpRequest) -> HttpResponse:
    base = selectors.published_practices()
    params = request.GET.copy()
    filterset = PracticeFilter(params or None, queryset=base)
    status = 200
    notices: list[str] = []
    if filterset.is_bound and filterset.errors:
        status = 400
        for name, errors in filterset.errors.items():
            label = filterset.form.fields[name].label if name in filterset.form.fields else name
            notices.append(
                _("%(filter)s: %(error)s This filter was ignored.")
                % {"filter": label, "error": " ".join(errors)}
            )
    counts = selectors.facet_counts(filterset, base)
    valid = filterset.form.cleaned_data if filterset.is_bound else {}
    query, sort = valid.get("q", ""), valid.get("sort", "")
    results: Any = filterset.qs
    if query and not sort:
        results = search.RankedResults(
            results,
            base=base,
            q=query,
            count=counts["total"],
            catalogue_size=selectors.published_total(),
        )
    elif query:
        results = search.SearchResults(results, base=base, q=query, count=counts["total"])
    paginator = KnownCountPaginator(results, PAGE_SIZE, count=counts["total"])
    requested = params.get("page", "1")
    try:
        page = paginator.page(requested)
    except PageNotAnInteger:
        status = 400
        notices.append(_("“%(page)s” is not a page number.") % {"page": requested[:20]})
        page = paginator.page(1)
    except EmptyPage:
        status = 404
        notices.append(
            _("There is no page %(page)s: the results end at page %(last)s.")
            % {"page": requested[:20], "last": paginator.num_pages}
        )
        page = paginator.page(paginator.num_pages)
    facets = _facets(params, counts)
    context = {
        "filterset": filterset,
        "page": page,
        "practices": page.object_list,
        "notices": notices,
        "facets": facets,
        "facets_selected": sum(o["selected"] for f in facets for o in f["options"]),
        "query": query,
        "sort": sort,
        "highlighter": search.Highlighter(query) if query else None,
        "export_query": _without(params, "page"),
        "page_query": _without(params, "page"),
    }
    return render(request, "practices/catalogue.html", context, status=status)


@require_GET
@public_page(clock=False)
def suggest(request: HttpRequest) -> JsonResponse:
    """Completions for the catalogue's search box as a person types: ``{"suggestions":
    [{"label": …}, …]}``, titles of published practices and names of themes and cities in the
    request's language. Fewer than two characters: none; too long or junk: 400 with a message.
    Kept for visitors like the catalogue (``public_page``), so a practice archived or published
    is offered or not from the next keystroke on, and a second visitor typing the same runs no
    query."""
    q = request.GET.get("q", "").strip()
    error = search.suggest_error(q)
    if error is not None:
        return JsonResponse({"error": error, "suggestions": []}, status=400)
    if len(q) < search.SUGGEST_MIN_LENGTH:
        return JsonResponse({"suggestions": []})
    language = (get_language() or "en")[:2]
    return JsonResponse({"suggestions": search.suggest(q, language)})


def _without(params: QueryDict, *keys: str) -> str:
    copy = params.copy()
    for key in keys:
        copy.pop(key, None)
    return copy.urlencode()


def _toggle(params: QueryDict, key: str, value: str, *, single: bool = False) -> str:
    """The query string with ``key=value`` switched on or off, back to page 1."""
    copy = params.copy()
    copy.pop("page", None)
    current = copy.getlist(key)
    if value in current:
        current.remove(value)
    elif single:
        current = [value]
    else:
        current.append(value)
    copy.setlist(key, current)
    return "?" + copy.urlencode()


def _facets(params: QueryDict, counts: dict[str, Any]) -> list[dict[str, Any]]:
    options = selectors.facet_options()

    def facet(
        key: str, label: str, items: list[tuple[str, str | Promise]], *, single: bool = False
    ) -> dict:
        chosen = set(params.getlist(key))
        rows = [
            {
                "value": value,
                "label": text,
                "count": counts[key].get(_typed(key, value), 0),
                "selected": value in chosen,
                "url": _toggle(params, key, value, single=single),
            }
            for value, text in items
        ]
        return {
            "key": key,
            "label": label,
            "options": [r for r in rows if r["count"] or r["selected"]],
        }

    years = sorted(counts["year"], reverse=True)
    return [
        facet("theme", _("Theme"), [(t.slug, t.name) for t in options["themes"]]),
        facet("region", _("Region"), [(r.value, r.label) for r in Region], single=True),
        facet("city", _("City"), [(c.slug, c.name) for c in options["cities"]]),
        facet("stage", _("Stage"), [(s.value, s.label) for s in Stage]),
        facet("sdg", _("SDG"), [(str(g.number), str(g)) for g in options["sdgs"]]),
        facet("year", _("Start year"), [(str(y), str(y)) for y in years], single=True),
    ]


def _typed(key: str, value: str) -> Any:
    return int(value) if key in ("sdg", "year") and value.isdigit() else value


@public_page(clock=False)
@follows_old_slugs
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    practice = get_object_or_404(
        selectors.practice_for_detail(BestPractice.objects.originals()), slug=slug
    )
    if not permissions.can_view_practice(request.user, practice):
        raise Http404
    return _render_detail(request, practice, original=practice)


@follows_old_slugs
def pending(request: HttpRequest, slug: str) -> HttpResponse:
    """The pending revision of a published practice, for its team and the coordinators."""
    original = get_object_or_404(BestPractice.objects.originals(), slug=slug)
    revision = selectors.practice_for_detail(
        BestPractice.objects.filter(revision_of=original)
    ).first()
    if revision is None or not permissions.can_view_practice(request.user, revision):
        raise Http404
    return _render_detail(request, revision, original=original)


def _render_detail(request: HttpRequest, practice: BestPractice, *, original: BestPractice):
    user = request.user
    working = services.working_copy(original) if permissions.is_member(user) else original
    transitions = list(original.transitions.all()) if permissions.is_member(user) else []
    context = {
        "practice": practice,
        "original": original,
        "working": working,
        "has_pending": working.pk != original.pk,
        "is_pending_view": practice.pk != original.pk,
        "related": selectors.related_from_other_region(original)
        if practice.status == Status.PUBLISHED
        else [],
        "show_contact": permissions.can_see_practice_contact(user),
        "can_edit": permissions.can_edit_practice(user, working),
        "lock": _edit_lock(user, working, transitions)
        if permissions.can_view_practice(user, working)
        else None,
        "can_submit": permissions.can_submit_practice(user, working),
        "can_review": permissions.can_review_practice(user, working),
        "can_archive": permissions.can_archive_practice(user, original),
        "send_back_form": SendBackForm(),
        "columns": _columns(practice),
        "transitions": transitions,
        "taken_up": transfer_selectors.taken_up_in(original.pk, viewer=user),
        "show_transfer_links": permissions.is_member(user),
        "can_take_up": permissions.can_take_up_practice(user, original)
        and bool(interest_cities(user, original)),  # type: ignore[arg-type]
        "can_pair": permissions.can_pair_cities(user),
    }
    return render(request, "practices/detail.html", context)


def _columns(practice: BestPractice) -> list[dict[str, Any]]:
    """The English and Japanese texts side by side, each field with its translation state."""
    from .forms import FIELD_LABELS, LANGUAGE_NAMES

    columns = []
    for code in ("en", "ja"):
        fields = []
        for name, label in FIELD_LABELS.items():
            # A section written in neither language is left out, not shown as "missing".
            if name == "title" or not any(
                getattr(practice, f"{name}_{other}") for other in ("en", "ja")
            ):
                continue
            state = practice.translation_state(name, code)
            fields.append(
                {
                    "label": label,
                    "value": getattr(practice, f"{name}_{code}"),
                    "state": state,
                    "state_label": TranslationState(state).label,
                    "markdown": name in MARKDOWN_FIELDS,
                }
            )
        columns.append(
            {
                "code": code,
                "name": LANGUAGE_NAMES[code],
                "title": getattr(practice, f"title_{code}"),
                "empty": not practice.has_language(code),
                "fields": fields,
            }
        )
    return columns


@login_required
def themes(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Coordinators add themes to the seven the programme started with."""
    if not permissions.can_manage_themes(request.user):
        raise PermissionDenied
    form = ThemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            theme = services.theme_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The theme “%(name)s” has been added.") % {"name": theme})
            return redirect("practices:themes")
    return render(
        request,
        "practices/themes.html",
        {"form": form, "themes": Theme.objects.annotate(n=Count("practices"))},
        status=400 if form.errors else 200,
    )


# --- Writing and the workflow --------------------------------------------------------------


@login_required
@signed_in_page(clock="day")
def workspace(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_create_practice(request.user):
        raise PermissionDenied
    return render(request, "practices/workspace.html", selectors.workspace(request.user))


@login_required
def create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_create_practice(request.user):
        raise PermissionDenied
    return _edit(request, practice=None)


@login_required
@follows_old_slugs
def edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    original = get_object_or_404(BestPractice.objects.originals(), slug=slug)
    working = services.working_copy(original)
    if not permissions.can_view_practice(request.user, working):
        raise Http404
    if not permissions.can_edit_practice(request.user, working):
        return _edit_refused(request, working)
    return _edit(request, practice=working)


def _edit_lock(
    user: Any, working: BestPractice, transitions: list[Transition] | None = None
) -> dict[str, Any] | None:
    """Why ``user`` may not edit ``working`` now, or None when they may: ``submitted``
    (waiting for a coordinator), ``archived`` or ``not_team`` (another city's officer), with
    when it was last submitted. ``transitions`` are the original's, when already loaded."""
    if permissions.can_edit_practice(user, working):
        return None
    if working.status == Status.SUBMITTED:
        reason = "submitted"
    elif working.status == Status.ARCHIVED:
        reason = "archived"
    else:
        reason = "not_team"
    submitted_at = None
    if reason == "submitted":
        if transitions is None:
            transitions = list((working.revision_of or working).transitions.all())
        submitted_at = next(
            (t.at for t in reversed(transitions) if t.to_status == Status.SUBMITTED), None
        )
    return {
        "reason": reason,
        "is_revision": working.is_revision,
        "submitted_at": submitted_at,
        "is_coordinator": permissions.is_coordinator(user),
    }


def _edit_refused(request: AuthenticatedHttpRequest, working: BestPractice) -> HttpResponse:
    """The editor refused (403), saying why and what the person can do instead."""
    original = working.revision_of or working
    return render(
        request,
        "practices/edit_refused.html",
        {
            "practice": working,
            "original": original,
            "lock": _edit_lock(request.user, working),
            "can_create": permissions.can_create_practice(request.user),
        },
        status=403,
    )


def _edit(request: AuthenticatedHttpRequest, *, practice: BestPractice | None) -> HttpResponse:
    user = request.user
    posted = request.POST if request.method == "POST" else None
    form = PracticeForm(posted, user=user, instance=practice)
    results = KeyResultFormSet(
        posted, prefix="results", initial=results_initial(practice) if practice else None
    )
    links = LinkFormSet(
        posted, prefix="links", initial=links_initial(practice) if practice else None
    )
    if posted is not None and form.is_valid() and results.is_valid() and links.is_valid():
        data = form.service_data(
            results=[row for f in results.forms if (row := f.service_data())],
            links=[row for f in links.forms if (row := f.service_data())],
        )
        try:
            if practice is None:
                saved = services.practice_create(by=user, data=data)
            else:
                saved = services.practice_update(practice=practice, by=user, data=data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            original = saved.revision_of or saved
            if practice is None:
                # Documents, images and submitting need a saved practice: say they are here now.
                messages.success(
                    request,
                    _(
                        "The practice has been saved as a draft. You can now add documents and "
                        "images to it and, when it is complete, submit it for review: see “Next "
                        "steps” below."
                    ),
                )
                return redirect("practices:edit", slug=original.slug)
            messages.success(request, _("The practice has been saved as a draft."))
            return redirect("practices:edit", slug=original.slug)
    status = 400 if posted is not None else 200
    return _render_edit(request, practice, form, results, links, AttachmentForm(), status)


def _render_edit(
    request: AuthenticatedHttpRequest,
    practice: BestPractice | None,
    form: PracticeForm,
    results: BaseFormSet,
    links: BaseFormSet,
    attachment_form: AttachmentForm,
    status: int,
    image_form: ImageForm | None = None,
) -> HttpResponse:
    return render(
        request,
        "practices/edit.html",
        {
            "practice": practice,
            "form": form,
            "results": results,
            "links": links,
            "attachment_form": attachment_form,
            "image_form": image_form or ImageForm(),
            "translated_rows": _translated_rows(form),
            "can_submit": practice is not None
            and permissions.can_submit_practice(request.user, practice),
            "can_remove_attachments": practice is not None
            and permissions.can_remove_practice_attachment(request.user, practice),
            "can_manage_images": practice is not None
            and permissions.can_manage_practice_images(request.user, practice),
        },
        status=status,
    )


def _translated_rows(form: PracticeForm) -> list[dict[str, Any]]:
    """Pairs of EN/JA fields with their translation state, for the side-by-side editor."""
    from .forms import FIELD_LABELS

    original = form["original_language"].value() or "en"
    rows = []
    for field, label in FIELD_LABELS.items():
        cells = []
        for language in ("en", "ja"):
            bound = form[f"{field}_{language}"]
            value = (bound.value() or "").strip()
            state = (
                "missing" if not value else ("original" if language == original else "translated")
            )
            cells.append({"field": bound, "state": state})
        rows.append({"label": label, "cells": cells})
    return rows


@login_required
@require_POST
def attach(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    original = get_object_or_404(BestPractice.objects.originals(), slug=slug)
    working = services.working_copy(original)
    if not permissions.can_edit_practice(request.user, working):
        if permissions.can_view_practice(request.user, working):
            return _edit_refused(request, working)
        raise PermissionDenied
    attachment_form = AttachmentForm(request.POST, request.FILES)
    if attachment_form.is_valid():
        try:
            services.attachment_add(
                practice=working,
                by=request.user,
                upload=attachment_form.cleaned_data["file"],
                title=attachment_form.cleaned_data["title"],
            )
        except ValidationError as error:
            add_service_errors(attachment_form, error)
        else:
            messages.success(request, _("The file has been attached."))
            return redirect("practices:edit", slug=original.slug)
    return _render_edit_again(request, original, attachment_form=attachment_form)


@login_required
@require_POST
def detach(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(PracticeAttachment.objects.select_related("practice"), pk=pk)
    services.attachment_remove(attachment=attachment, by=request.user)
    messages.success(request, _("The file has been removed."))
    practice = attachment.practice
    return redirect("practices:edit", slug=(practice.revision_of or practice).slug)


def _render_edit_again(
    request: AuthenticatedHttpRequest, original: BestPractice, **forms: Any
) -> HttpResponse:
    """The editor again (400) after a refused upload, with the refused form's errors."""
    working = services.working_copy(original)
    form = PracticeForm(user=request.user, instance=working)
    results = KeyResultFormSet(prefix="results", initial=results_initial(working))
    links = LinkFormSet(prefix="links", initial=links_initial(working))
    return _render_edit(
        request,
        working,
        form,
        results,
        links,
        forms.get("attachment_form") or AttachmentForm(),
        400,
        image_form=forms.get("image_form"),
    )


@login_required
@require_POST
def add_image(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    original = get_object_or_404(BestPractice.objects.originals(), slug=slug)
    working = services.working_copy(original)
    if not permissions.can_edit_practice(request.user, working):
        if permissions.can_view_practice(request.user, working):
            return _edit_refused(request, working)
        raise PermissionDenied
    image_form = ImageForm(request.POST, request.FILES)
    if image_form.is_valid():
        try:
            services.image_add(practice=working, by=request.user, data=image_form.service_data())
        except ValidationError as error:
            add_service_errors(image_form, error)
        else:
            messages.success(request, _("The image has been added."))
            return redirect("practices:edit", slug=original.slug)
    return _render_edit_again(request, original, image_form=image_form)


def _image_or_404(request: HttpRequest, pk: int) -> PracticeImage:
    image = get_object_or_404(PracticeImage.objects.select_related("practice__revision_of"), pk=pk)
    if not permissions.can_view_practice(request.user, image.practice):
        raise Http404
    return image


def image(request: HttpRequest, pk: int, size: str) -> FileResponse:
    """An image as the server made it (WebP, without the upload's metadata): ``thumbnail``
    or ``display``. The uploaded file itself is not served."""
    if size not in ("thumbnail", "display"):
        raise Http404
    item = _image_or_404(request, pk)
    response = FileResponse(getattr(item, size).open("rb"), content_type="image/webp")
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_POST
def image_cover(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _image_or_404(request, pk)
    services.image_make_cover(image=item, by=request.user)
    messages.success(request, _("The cover image has been changed."))
    return redirect("practices:edit", slug=(item.practice.revision_of or item.practice).slug)


@login_required
@require_POST
def image_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _image_or_404(request, pk)
    services.image_remove(image=item, by=request.user)
    messages.success(request, _("The image has been removed."))
    return redirect("practices:edit", slug=(item.practice.revision_of or item.practice).slug)


def attachment_preview(request: HttpRequest, pk: int) -> FileResponse:
    """The picture of a PDF attachment's first page."""
    item = get_object_or_404(
        PracticeAttachment.objects.select_related("practice__revision_of"), pk=pk
    )
    if not item.preview or not permissions.can_view_practice(request.user, item.practice):
        raise Http404
    response = FileResponse(item.preview.open("rb"), content_type="image/png")
    response["Content-Security-Policy"] = "sandbox"
    return response


@follows_old_slugs
def practice_pdf(request: HttpRequest, slug: str) -> HttpResponseBase:
    """The practice on one page ("Download as PDF"), in the reader's language."""
    practice = get_object_or_404(BestPractice.objects.originals(), slug=slug)
    if not permissions.can_view_practice(request.user, practice):
        raise Http404
    return onepager.pdf_response(
        request,
        kind="practice",
        obj=practice,
        filename=practice.slug[:80],
        back=practice.get_absolute_url(),
    )


def attachment(request: HttpRequest, pk: int) -> FileResponse:
    """Files are served through here, not from MEDIA_URL, so a draft's files stay private."""
    item = get_object_or_404(
        PracticeAttachment.objects.select_related("practice__revision_of"), pk=pk
    )
    if not permissions.can_view_practice(request.user, item.practice):
        raise Http404
    return document_response(item)


def _transition(request: AuthenticatedHttpRequest, slug: str, action: str) -> HttpResponse:
    original = get_object_or_404(BestPractice.objects.originals(), slug=slug)
    working = services.working_copy(original)
    user = request.user
    if not permissions.can_view_practice(user, working):
        raise Http404
    with transaction.atomic():
        if action == "submit":
            services.practice_submit(practice=working, by=user)
            messages.success(request, _("The practice has been submitted for review."))
        elif action == "publish":
            services.practice_publish(practice=working, by=user)
            messages.success(request, _("The practice has been published."))
        elif action == "archive":
            services.practice_archive(practice=original, by=user)
            messages.success(request, _("The practice has been archived."))
        elif action == "send_back":
            form = SendBackForm(request.POST)
            if not permissions.can_review_practice(user, working):
                raise PermissionDenied
            if not form.is_valid():
                messages.error(request, _("Say what the author should change."))
                response = _render_detail(request, working, original=original)
                response.status_code = 400
                return response
            services.practice_send_back(
                practice=working, by=user, comment=form.cleaned_data["comment"]
            )
            messages.success(request, _("The practice has been sent back to its author."))
    return redirect(original.get_absolute_url())


@login_required
@require_POST
def submit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    return _transition(request, slug, "submit")


@login_required
@require_POST
def publish(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    return _transition(request, slug, "publish")


@login_required
@require_POST
def send_back(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    return _transition(request, slug, "send_back")


@login_required
@require_POST
def archive(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    return _transition(request, slug, "archive")
