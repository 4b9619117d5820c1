"""Compile locale/*/LC_MESSAGES/django.po into django.mo with polib (pure Python), so that
neither ``make run`` nor ``make test`` needs GNU gettext's msgfmt on the machine.

``python scripts/compile_messages.py`` — writes a .mo only where the .po is newer.
"""

import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def main() -> int:
    for po_path in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        catalogue = polib.pofile(str(po_path))
        # Like msgfmt: fuzzy entries are guesses and stay out of the compiled catalogue.
        for entry in catalogue.fuzzy_entries():
            catalogue.remove(entry)
        catalogue.save_as_mofile(str(mo_path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
