"""Keep the catalogue's cached counts honest whatever changes a published practice: the
services, the Django admin, a shell."""

from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from . import selectors
from .models import BestPractice

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
