"""The portal's date formats per language: Django's (DATE_FORMAT…) and the portal's own
(WEEKDAY_DATE_FORMAT, ZONED_DATETIME_FORMAT…), all in ``<language>/formats.py``."""

from django.utils import formats
from django.utils.translation import get_language

from .en import formats as english


def get(name: str) -> str:
    """The format ``name`` for the active language (English where a language has none)."""
    for module in formats.get_format_modules(get_language() or "en"):
        if module.__name__.startswith(__name__) and hasattr(module, name):
            return str(getattr(module, name))
    return str(getattr(english, name))
