"""Keep the catalogue's cached counts honest whatever changes a published practice: the
services, the Django admin, a shell; and the search index when a theme, a city or a body that
practices are found by is renamed."""

import logging
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from cities.models import City, CoordinatingBody

from . import search, selectors
from .models import BestPractice, Theme

log = logging.getLogger(__name__)

VISIBLE = ("published", "archived")


def _changed(instance: BestPractice) -> None:
    if instance.status in VISIBLE and not instance.revision_of_id:
        transaction.on_commit(selectors.catalogue_changed)


@receiver(post_save, sender=BestPractice)
def practice_saved(sender: Any, instance: BestPractice, **kwargs: Any) -> None:
    _changed(instance)


@receiver(post_delete, sender=BestPractice)
def practice_deleted(sender: Any, instance: BestPractice, **kwargs: Any) -> None:
    _changed(instance)


@receiver(m2m_changed, sender=BestPractice.themes.through)
@receiver(m2m_changed, sender=BestPractice.cities.through)
@receiver(m2m_changed, sender=BestPractice.sdgs.through)
def practice_relations_changed(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if action.startswith("post_") and isinstance(instance, BestPractice):
        _changed(instance)


# --- Names in the search index ----------------------------------------------------------------

#: The fields of a theme, a city or a body that the search index of its practices holds
#: (``search.name_documents``).
INDEXED_NAMES: dict[type, tuple[str, ...]] = {
    Theme: ("name_en", "name_ja"),
    City: ("name_en", "name_ja", "local_name"),
    CoordinatingBody: ("name_en", "name_ja", "short_name_en", "short_name_ja"),
}
#: Practices per reindexing task, so that each finishes well inside its time limit.
REINDEX_TASK_SIZE = 2000


@receiver(pre_save, sender=Theme)
@receiver(pre_save, sender=City)
@receiver(pre_save, sender=CoordinatingBody)
def names_before_save(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.pk is None:
        return
    fields = INDEXED_NAMES[sender]
    instance._indexed_names_before = (
        sender._default_manager.filter(pk=instance.pk).values_list(*fields).first()
    )


@receiver(post_save, sender=Theme)
@receiver(post_save, sender=City)
@receiver(post_save, sender=CoordinatingBody)
def names_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """A renamed theme, city or body: its practices are found by the new name, in a worker
    (after the commit, in chunks), and the catalogue's cached labels are dropped."""
    before = getattr(instance, "_indexed_names_before", None)
    if created or before is None:
        return
    if tuple(getattr(instance, f) for f in INDEXED_NAMES[sender]) == tuple(before):
        return
    ids = search.practices_named_by(instance)
    for start in range(0, len(ids), REINDEX_TASK_SIZE):
        transaction.on_commit(partial(_ask_for_reindex, ids[start : start + REINDEX_TASK_SIZE]))
    transaction.on_commit(selectors.catalogue_changed)


def _ask_for_reindex(practice_ids: list[int]) -> None:
    from .tasks import reindex_practices

    try:
        reindex_practices.delay(practice_ids)
    except Exception:  # the rename is saved; say loudly what is left to do
        log.exception(
            "Could not ask a worker to reindex %d practices after a rename; run "
            "practices.tasks.reindex_practices with their ids",
            len(practice_ids),
        )
