"""Content written in English, Japanese or both: one rule for "the text in either language".

django-modeltranslation gives each translated field a column per language (``title_en``,
``title_ja``) and reads the untranslated name (``title``) in the current language with a
fallback to the other. *Assigning* the untranslated name writes the current language's column,
so services never do that: they write the per-language columns, and use ``either`` where one
text is needed whatever the language (a slug, a label, "is anything written at all?").

The type checker does not see what modeltranslation adds at run time: django-stubs reads the
model class bodies, while the language columns (nullable, so ``str | None``) and the
``MultilingualManager`` that replaces each manager are added when the app registry is ready.
So each translated model declares them, and only them, in one ``if TYPE_CHECKING:`` block
beside its fields, which mirrors its ``translation.py`` entry. Importing ``MultilingualManager``
there also lets django-stubs resolve the managers and the reverse relations of these models.
"""

from collections.abc import Mapping
from typing import Any

LANGUAGE_CODES = ("en", "ja")


def either(source: Any, name: str) -> str:
    """The English text of ``name``, else the Japanese one, else ``""``. ``source`` is a model
    instance, a dataclass or a mapping such as a form's ``cleaned_data``."""
    for code in LANGUAGE_CODES:
        key = f"{name}_{code}"
        value = source.get(key) if isinstance(source, Mapping) else getattr(source, key, "")
        if value and str(value).strip():
            return str(value).strip()
    return ""
