"""Fill locale/ja/LC_MESSAGES/django.po from Python files holding a dict ``JA = {msgid: msgstr}``
(a string with a context is keyed ``"context\x04msgid"``).

Used after `make messages`: translators keep their strings in a reviewable file, this writes them
in and reports what is still missing. ``python scripts/translate_po.py path/to/ja.py``
"""

import runpy
import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "locale" / "ja" / "LC_MESSAGES" / "django.po"


def main(sources: list[str]) -> int:
    table: dict[str, str] = {}
    for source in sources:
        table.update(runpy.run_path(source)["JA"])
    catalogue = polib.pofile(str(PO))
    catalogue.metadata_is_fuzzy = False
    catalogue.metadata["Project-Id-Version"] = "cooperation-portal"
    catalogue.metadata["Language"] = "ja"
    catalogue.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    catalogue.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    for entry in catalogue:
        # A string with a context is keyed "context\x04msgid", as gettext stores it.
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if key in table:
            if entry.msgid_plural:
                entry.msgstr_plural = {0: table[key]}
            else:
                entry.msgstr = table[key]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    catalogue.save()
    # A fuzzy entry is msgmerge's guess from a similar string: it counts as missing.
    missing = [e.msgid for e in catalogue.untranslated_entries() + catalogue.fuzzy_entries()]
    for msgid in missing:
        print("missing:", repr(msgid))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
