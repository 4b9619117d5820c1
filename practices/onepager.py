"""One-page PDFs of a practice and of a transfer, in the reader's language.

WeasyPrint lays the page out with Pango, which shapes Japanese with Noto Sans CJK JP (Debian's
fonts-noto-cjk) and embeds the subset of the font the page uses, so the PDF reads the same on a
computer without Japanese fonts. A worker renders the file (``tasks.render_onepager``, a thin
wrapper of ``onepager_render``); it is stored under a name made of what it shows — the
practice's (or transfer's) last change, the language, the template version — so a change
gives a new name, and the file is kept until then.

The page that asks for it does not wait for the worker: when the file is not there yet it says
"being prepared" (HTTP 202) and a small script asks again every two seconds, then starts the
download. Rendering takes about a second, but a web process held for every PDF would be one
less for pages, and a worker that is down would hang the request; without a broker
(``make run``) the task runs in the request and the file comes at once.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from typing import Any

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Count, Max
from django.http import FileResponse, HttpRequest, HttpResponseBase
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import get_language

from cooperation_portal.links import absolute_url

from .models import BestPractice, Transfer

log = logging.getLogger(__name__)

#: Raise when the templates or their styles change: every cached PDF is then made anew.
TEMPLATE_VERSION = "1"
FOLDER = "onepagers"
KINDS = ("practice", "transfer")
LANGUAGES = ("en", "ja")
#: How long one request for a file keeps others from asking the workers again.
PENDING_SECONDS = 120


def _practice(pk: int) -> BestPractice:
    return (
        BestPractice.objects.select_related("lead_city", "lead_body")
        .prefetch_related("themes", "cities", "sdgs", "results", "images")
        .get(pk=pk)
    )


def _transfer(pk: int) -> Transfer:
    return (
        Transfer.objects.select_related("practice__lead_city", "practice__lead_body", "city")
        .prefetch_related("kpis", "steps__by", "practice__images")
        .get(pk=pk)
    )


def fingerprint(kind: str, obj: BestPractice | Transfer, language: str) -> str:
    """What the page shows, as a short hash: it changes when the practice (or the transfer)
    does, and with it the file's name."""
    if isinstance(obj, BestPractice):
        taken_up = obj.transfers.aggregate(n=Count("pk"), last=Max("updated_at"))
        parts: list[Any] = [obj.pk, obj.updated_at, taken_up["n"], taken_up["last"]]
    else:
        parts = [obj.pk, obj.updated_at, obj.practice.updated_at]
    seed = ":".join(str(p) for p in [TEMPLATE_VERSION, kind, language, *parts, absolute_url("/")])
    return hashlib.sha256(seed.encode()).hexdigest()[:20]


def storage_name(kind: str, obj: BestPractice | Transfer, language: str) -> str:
    return f"{FOLDER}/{kind}-{obj.pk}/{language}-{fingerprint(kind, obj, language)}.pdf"


def _only_data_urls() -> Any:
    """WeasyPrint may read nothing from outside the page: the cover comes as a data: URL, and a
    link or an address in user text must not make the worker fetch anything."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=("data",), timeout=5)


def _data_url(image: Any) -> str:
    with image.display.open("rb") as handle:
        encoded = base64.b64encode(handle.read()).decode("ascii")
    return f"data:image/webp;base64,{encoded}"


def _context(kind: str, obj: BestPractice | Transfer, language: str) -> dict[str, Any]:
    practice = obj if isinstance(obj, BestPractice) else obj.practice
    cover = practice.cover()
    context: dict[str, Any] = {
        "practice": practice,
        "shown": practice.display_language(),
        "cover": cover,
        "cover_url": _data_url(cover) if cover else "",
        "generated_on": timezone.localdate(),
    }
    if isinstance(obj, BestPractice):
        context |= {
            "url": absolute_url(practice.get_absolute_url()),
            "taken_up": list(obj.transfers.select_related("city").order_by("city__position")),
        }
    else:
        context |= {
            "transfer": obj,
            "url": absolute_url(obj.get_absolute_url()),
            "practice_url": absolute_url(practice.get_absolute_url()),
        }
    return context


def render_html(kind: str, obj: BestPractice | Transfer, language: str) -> str:
    """The HTML page WeasyPrint lays out (checked as HTML by the conformance tests)."""
    with translation.override(language):
        return render_to_string(f"practices/onepager_{kind}.html", _context(kind, obj, language))


def render_pdf(kind: str, obj: BestPractice | Transfer, language: str) -> bytes:
    """The PDF itself, laid out by WeasyPrint in ``language``."""
    from weasyprint import HTML

    html = render_html(kind, obj, language)
    return HTML(string=html, url_fetcher=_only_data_urls()).write_pdf()


def onepager_render(*, kind: str, pk: int, language: str) -> str:
    """Make the PDF of a practice or a transfer unless its current version is there, drop the
    older versions, and return the stored file's name."""
    if kind not in KINDS or language not in LANGUAGES:
        raise ValueError(f"No one-page PDF of kind {kind!r} in {language!r}")
    obj: BestPractice | Transfer = _practice(pk) if kind == "practice" else _transfer(pk)
    with translation.override(language):
        name = storage_name(kind, obj, language)
    if not default_storage.exists(name):
        data = render_pdf(kind, obj, language)
        saved = default_storage.save(name, ContentFile(data))
        if saved != name:  # another worker was quicker: keep its file
            default_storage.delete(saved)
    folder = name.rsplit("/", 1)[0]
    try:
        _dirs, files = default_storage.listdir(folder)
    except FileNotFoundError:  # pragma: no cover - the file was just saved there
        files = []
    prefix = f"{language}-"
    for other in files:
        if other.startswith(prefix) and f"{folder}/{other}" != name:
            default_storage.delete(f"{folder}/{other}")
    return name


def pdf_response(
    request: HttpRequest, *, kind: str, obj: BestPractice | Transfer, filename: str, back: str
) -> HttpResponseBase:
    """The PDF when it is ready; otherwise ask a worker for it once and answer 202 with a page
    that says it is being prepared."""
    language = (get_language() or "en")[:2]
    name = storage_name(kind, obj, language)
    if not default_storage.exists(name) and cache.add(
        f"onepager-pending:{name}", 1, PENDING_SECONDS
    ):
        _ask_for(kind, obj.pk, language, name)
    if default_storage.exists(name):
        pdf = FileResponse(
            default_storage.open(name, "rb"),
            content_type="application/pdf",
            as_attachment=True,
            filename=f"{filename}-{language}.pdf",
        )
        pdf["Cache-Control"] = "private, no-cache"
        return pdf
    response = render(
        request,
        "practices/onepager_wait.html",
        {"pdf_url": request.get_full_path(), "back": back},
        status=202,
    )
    response["Retry-After"] = "2"
    response["Cache-Control"] = "no-store"
    return response


def _ask_for(kind: str, pk: int, language: str, name: str) -> None:
    from .tasks import render_onepager

    try:
        render_onepager.apply_async((kind, pk, language), retry=False)
    except Exception:  # a broker that is down, or (in-process) a failed rendering
        log.exception("The one-page PDF %s could not be asked for", name)
        cache.delete(f"onepager-pending:{name}")
