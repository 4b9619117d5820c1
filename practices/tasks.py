from celery import shared_task


@shared_task(time_limit=120, soft_time_limit=90)
def warm_catalogue() -> int:
    """Fill the facet and result counts of the unfiltered catalogue (the costly part of the
    page at 100,000 practices) right after the catalogue changed."""
    from . import selectors
    from .filters import PracticeFilter

    filterset = PracticeFilter(None, queryset=selectors.published_practices())
    selectors.published_total()
    selectors.by_theme_and_city()
    return selectors.facet_counts(filterset, selectors.published_practices())["total"]


@shared_task(time_limit=90, soft_time_limit=60)
def make_attachment_preview(attachment_id: int) -> bool:
    """The first page of an uploaded PDF as a picture (``services.attachment_preview_make``)."""
    from . import services

    return services.attachment_preview_make(attachment_id=attachment_id)


@shared_task(time_limit=120, soft_time_limit=90)
def render_onepager(kind: str, pk: int, language: str) -> str:
    """The one-page PDF of a practice or a transfer (``onepager.onepager_render``)."""
    from . import onepager

    return onepager.onepager_render(kind=kind, pk=pk, language=language)


@shared_task(time_limit=600, soft_time_limit=540)
def reindex_practices(practice_ids: list[int]) -> int:
    """Recompute the search index of these practices (``search.reindex_practices``), e.g.
    after a theme or a city they name was renamed."""
    from . import search

    return search.reindex_practices(practice_ids)
