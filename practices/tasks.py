from celery import shared_task


@shared_task(time_limit=120, soft_time_limit=90)
def warm_catalogue() -> int:
    """Fill the facet and result counts of the unfiltered catalogue (the costly part of the
    page at 100,000 practices) right after the catalogue changed."""
    from . import selectors
    from .filters import PracticeFilter

    filterset = PracticeFilter(None, queryset=selectors.published_practices())
    return selectors.facet_counts(filterset, selectors.published_practices())["total"]
