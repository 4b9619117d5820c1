"""Time zones as people choose them: the canonical IANA zones only (one per place; no obsolete
aliases such as Africa/Asmera), each named by its city and country in the reader's language
(CLDR, through Babel), with the partner cities' own zones first."""

import functools
import zoneinfo
from importlib import resources
from pathlib import Path

from babel import Locale
from babel.dates import get_timezone_location
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .validators import available_time_zones


def _zone_tab() -> str:
    """IANA's zone.tab (one line per canonical zone, with its country), where zoneinfo reads
    its zones from: the system's tz database, else the tzdata package."""
    for root in zoneinfo.TZPATH:
        path = Path(root) / "zone.tab"
        if path.exists():
            return path.read_text(encoding="utf-8")
    return (resources.files("tzdata") / "zoneinfo" / "zone.tab").read_text(encoding="utf-8")


@functools.cache
def canonical_zones() -> dict[str, str]:
    """Canonical zone → its ISO 3166 country code (``Asia/Tokyo`` → ``JP``), plus UTC."""
    zones: dict[str, str] = {}
    known = available_time_zones()
    for line in _zone_tab().splitlines():
        if not line or line.startswith("#"):
            continue
        code, _coordinates, zone = line.split("\t")[:3]
        if zone in known:
            zones.setdefault(zone, code)
    zones["UTC"] = ""
    return zones


@functools.cache
def zone_label(zone: str, language: str) -> str:
    """``Tokyo, Japan`` / ``日本・東京``; UTC as itself."""
    code = canonical_zones().get(zone)
    if not code:
        return zone.replace("_", " ")
    locale = Locale.parse(language.split("-")[0])
    city = get_timezone_location(zone, locale=locale, return_city=True)
    country = locale.territories.get(code, code)
    with translation.override(language):
        return _("%(city)s, %(country)s") % {"city": city, "country": country}


def zone_choices(partner_zones: dict[str, list[str]]) -> list:
    """The canonical zones as grouped choices: the partners' zones first (each with the
    partners that use it), then every other zone by its name."""
    language = translation.get_language() or "en"
    partners = [
        (
            zone,
            _("%(zone)s — %(names)s")
            % {
                "zone": zone_label(zone, language),
                "names": pgettext("list separator", ", ").join(names),
            },
        )
        for zone, names in partner_zones.items()
        if zone in canonical_zones()
    ]
    others = sorted(
        (
            (zone, zone_label(zone, language))
            for zone in canonical_zones()
            if zone not in partner_zones
        ),
        key=lambda choice: choice[1],
    )
    return [(_("The partners’ time zones"), partners), (_("Every time zone"), others)]
