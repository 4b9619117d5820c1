"""The Japanese catalogue keeps to locale/ja/GLOSSARY.md: one Japanese term per concept, none of
the variants a native reviewer rejected, full-width punctuation between Japanese characters.

Reads the glossary's table and the .po file (what translators commit) and the compiled .mo
(what the portal serves), so a stale .mo fails too."""

import re
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "locale" / "ja" / "GLOSSARY.md"
PO = ROOT / "locale" / "ja" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")

JAPANESE = r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]"
# A half-width colon or comma touching Japanese text on either side (spaces between allowed):
# 主催: グラスゴー, 鎌倉市 — where Japanese writes 主催：グラスゴー、鎌倉市.
HALF_WIDTH_BETWEEN_JAPANESE = re.compile(rf"{JAPANESE}\s*[:,]|[:,]\s*{JAPANESE}")
# A placeholder counting people or things followed by 人: 出席：%(yes)s人 (Japanese writes 名).
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]")
PEOPLE_WITH_NIN = re.compile(r"%\([a-z_]+\)[sd]\s*人")


@dataclass
class Term:
    english: str
    japanese: str
    never: list[str]
    checked: bool

    def pattern(self) -> re.Pattern[str]:
        # Whole words, plural or not: "practice" matches "Practices", not "practical".
        words = r"\s+".join(re.escape(w) for w in self.english.split())
        return re.compile(rf"(?<![\w-]){words}(?:s|es)?(?![\w-])", re.IGNORECASE)


def glossary() -> list[Term]:
    terms = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 5 or cells[0] in ("English", "") or set(cells[0]) <= {"-"}:
            continue
        english, japanese, never, checked, _notes = cells
        terms.append(
            Term(
                english=english,
                japanese=japanese,
                never=[w.strip() for w in never.split(",") if w.strip()],
                checked=checked == "yes",
            )
        )
    return terms


def entries() -> list[tuple[str, str]]:
    """(msgid, msgstr) for every translation, plural forms included."""
    out: list[tuple[str, str]] = []
    for entry in polib.pofile(str(PO)):
        if entry.obsolete:
            continue
        strings = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        out.extend((entry.msgid, s) for s in strings)
    return out


def test_the_glossary_is_read() -> None:
    terms = {t.english: t for t in glossary()}
    assert terms["best practice"].japanese == "事例"
    assert "ベストプラクティス" in terms["best practice"].never
    assert terms["workstream"].checked
    assert len(terms) >= 40


def term_mismatches(pairs: list[tuple[str, str]]) -> list[str]:
    """A checked English term whose translation lacks the glossary's Japanese."""
    wrong = []
    for term in glossary():
        if not term.checked:
            continue
        pattern = term.pattern()
        for msgid, msgstr in pairs:
            # A placeholder's name is not text: "%(practice)s in %(city)s" says no "practice".
            if (
                msgstr
                and pattern.search(PLACEHOLDER.sub(" ", msgid))
                and term.japanese not in msgstr
            ):
                wrong.append(f"{term.english} → {term.japanese}: {msgid!r} = {msgstr!r}")
    return wrong


def rejected_variants(pairs: list[tuple[str, str]]) -> list[str]:
    never = {word: term.english for term in glossary() for word in term.never}
    return [
        f"{word} (for {english}): {msgid!r} = {msgstr!r}"
        for msgid, msgstr in pairs
        for word, english in never.items()
        if word in msgstr
    ]


def punctuation_faults(pairs: list[tuple[str, str]]) -> list[str]:
    return [
        f"{msgid!r} = {msgstr!r}"
        for msgid, msgstr in pairs
        if HALF_WIDTH_BETWEEN_JAPANESE.search(msgstr) or PEOPLE_WITH_NIN.search(msgstr)
    ]


def test_every_glossary_term_is_translated_as_the_glossary_says() -> None:
    wrong = term_mismatches(entries())
    assert not wrong, "\n".join(wrong)


def test_no_translation_uses_a_rejected_variant() -> None:
    wrong = rejected_variants(entries())
    assert not wrong, "\n".join(wrong)


def test_japanese_text_uses_full_width_colons_and_commas_and_counts_people_with_mei() -> None:
    wrong = punctuation_faults(entries())
    assert not wrong, "\n".join(wrong)


def test_the_checks_catch_what_the_reviewer_found() -> None:
    """Each check fails on the kind of translation the native reviewer rejected."""
    assert term_mismatches([("Workstream", "ワークストリーム")])
    assert term_mismatches([("The practice has been archived.", "事例をアーカイブしました。")])
    assert not term_mismatches([("%(practice)s in %(city)s", "%(practice)s（%(city)s）")])
    assert rejected_variants([("Best practices", "ベストプラクティス")])
    assert rejected_variants([("you", "あなた")])
    assert rejected_variants([("Pending", "未使用")])
    assert rejected_variants([("Outbox", "送信箱")])
    assert punctuation_faults([("Host: %(city)s", "主催: %(city)s")])
    assert punctuation_faults([("%(a)s, %(b)s", "グラスゴー, 鎌倉市")])
    assert punctuation_faults([("Attending: %(n)s", "出席：%(n)s人")])
    assert not punctuation_faults([("Host: %(city)s", "主催：%(city)s")])
    assert not punctuation_faults([("At 09:00, JST", "09:00, JST")])


def test_the_compiled_catalogue_is_the_po_file() -> None:
    """The portal serves the .mo: it must hold the same translations as the reviewed .po."""
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(MO)) if not e.msgid_plural}
    stale = [
        entry.msgid
        for entry in polib.pofile(str(PO))
        if not entry.obsolete
        and not entry.msgid_plural
        and "fuzzy" not in entry.flags
        and compiled.get((entry.msgctxt, entry.msgid)) != entry.msgstr
    ]
    assert not stale, f"run `make compilemessages`: {stale[:5]}"


@pytest.mark.parametrize(
    ("english", "japanese"),
    [
        ("Best practices", "事例"),
        ("Pending", "承諾待ち"),
        ("Lead", "主担当"),
        ("end of %(day)s, %(zone)s", "%(day)s中（%(zone)s）"),
        ("Outbox", "送信トレイ"),
        ("Find a time", "日程調整"),
        ("Workstream", "取組分野"),
        ("Archived", "公開終了"),
        ("Lighthouse city", "ライトハウス都市（先導都市）"),
        ("Fellow city", "フェロー都市（追随都市）"),
    ],
)
def test_the_portal_serves_the_glossary_terms(english: str, japanese: str) -> None:
    from django.utils import translation

    with translation.override("ja"):
        assert translation.gettext(english) == japanese
