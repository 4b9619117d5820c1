"""Small pieces of running text built in code, each from the catalogue, so that Japanese gets its
own punctuation: ``主催：鎌倉市``, ``グラスゴー、鎌倉市``, ``日本時間`` where English writes
``Host: Kamakura``, ``Glasgow, Kamakura``, ``Asia/Tokyo`` (see locale/ja/GLOSSARY.md), and
``（2021年度）`` where English writes `` (FY2021)``.

Templates use the same through ``{% load portal %}``: ``{% label_sep %}``, ``{% list_sep %}``,
``|join_list``, ``|in_parens`` and ``|zone_name``."""

from collections.abc import Iterable
from typing import Any

from django.utils.translation import pgettext, pgettext_lazy

# Zones named as people say them (CLDR's "location format": 日本時間, イタリア時間). In English,
# and for a zone not listed here, the IANA id itself is shown, as before.
ZONE_NAMES = {
    "Asia/Tokyo": pgettext_lazy("time zone name", "Asia/Tokyo"),
    "Europe/Amsterdam": pgettext_lazy("time zone name", "Europe/Amsterdam"),
    "Europe/Berlin": pgettext_lazy("time zone name", "Europe/Berlin"),
    "Europe/Brussels": pgettext_lazy("time zone name", "Europe/Brussels"),
    "Europe/Dublin": pgettext_lazy("time zone name", "Europe/Dublin"),
    "Europe/Helsinki": pgettext_lazy("time zone name", "Europe/Helsinki"),
    "Europe/Lisbon": pgettext_lazy("time zone name", "Europe/Lisbon"),
    "Europe/London": pgettext_lazy("time zone name", "Europe/London"),
    "Europe/Madrid": pgettext_lazy("time zone name", "Europe/Madrid"),
    "Europe/Paris": pgettext_lazy("time zone name", "Europe/Paris"),
    "Europe/Prague": pgettext_lazy("time zone name", "Europe/Prague"),
    "Europe/Rome": pgettext_lazy("time zone name", "Europe/Rome"),
    "Europe/Stockholm": pgettext_lazy("time zone name", "Europe/Stockholm"),
    "Europe/Vienna": pgettext_lazy("time zone name", "Europe/Vienna"),
    "Europe/Warsaw": pgettext_lazy("time zone name", "Europe/Warsaw"),
    "UTC": pgettext_lazy("time zone name", "UTC"),
}


def label_separator() -> str:
    """Between a label and its value: ``: `` in English, ``：`` in Japanese."""
    return pgettext("label separator", ": ")


def list_separator() -> str:
    """Between the items of a list: ``, `` in English, ``、`` in Japanese."""
    return pgettext("list separator", ", ")


def join_list(items: Iterable[Any]) -> str:
    return list_separator().join(str(item) for item in items)


def labelled(label: Any, value: Any) -> str:
    """``Host: Kamakura`` / ``主催：鎌倉市``."""
    return f"{label}{label_separator()}{value}"


def in_parentheses(note: Any) -> str:
    """A note after a word: `` (FY2021)`` in English, ``（2021年度）`` in Japanese."""
    return pgettext("a note in parentheses after a word", " (%(note)s)") % {"note": note}


def zone_name(zone: str | None) -> str:
    """A time zone as running text names it: ``日本時間`` for Asia/Tokyo on a Japanese page."""
    if not zone:
        return ""
    name = ZONE_NAMES.get(zone)
    return str(name) if name is not None else zone
