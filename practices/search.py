"""Full-text search over both languages.

English: PostgreSQL's ``english`` configuration (stemming: "buses" finds "bus").

Japanese has no spaces between words and PostgreSQL has no Japanese parser, so Japanese text is
cut into words by SudachiPy (split mode A, the shortest units: 防災計画 → 防災 / 計画) before it
reaches PostgreSQL, and indexed with the ``simple`` configuration. A query is cut the same way, so
a two-character word such as 防災 or 交通 matches through the GIN index.

On SQLite (the embedded default of ``make run``) search falls back to a substring match.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, Value
from django.db.models.expressions import CombinedExpression

if TYPE_CHECKING:
    from django.db.models import QuerySet

#: Parts of speech that carry no meaning for search (particles, auxiliaries, punctuation).
_SKIPPED_POS = frozenset({"助詞", "助動詞", "補助記号", "空白"})
# Sudachi refuses inputs over ~49 kB; cut long texts into pieces well below that.
_CHUNK = 4000
MAX_QUERY_LENGTH = 200


@lru_cache(maxsize=1)
def _tokenizer():
    from sudachipy import Dictionary, SplitMode

    return Dictionary(dict="core").tokenizer(mode=SplitMode.A)


def japanese_terms(text: str) -> list[str]:
    """The words of ``text`` as Sudachi cuts them, with their normalised forms
    (シティ → シティー), lower-cased, without particles and punctuation."""
    terms: list[str] = []
    tokenizer = _tokenizer()
    for start in range(0, len(text), _CHUNK):
        for morpheme in tokenizer.tokenize(text[start : start + _CHUNK]):
            if morpheme.part_of_speech()[0] in _SKIPPED_POS:
                continue
            surface = morpheme.surface().strip().lower()
            if not surface:
                continue
            terms.append(surface)
            normalized = morpheme.normalized_form().lower()
            if normalized != surface:
                terms.append(normalized)
    return terms


def japanese_index_text(text: str) -> str:
    return " ".join(japanese_terms(text))


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


#: Weighted documents of a practice: the title weighs most, then the summary, then the text.
WEIGHTS = {
    "a": ("title",),
    "b": ("summary",),
    "c": (
        "problem",
        "solution",
        "partners",
        "costs",
        "outcomes",
        "transferability",
        "lessons_learned",
    ),
}


def index_documents(texts: Mapping[str, str]) -> dict[str, str]:
    """The texts to index, from ``{"title_en": …, "title_ja": …, …}``: ``en_a`` … ``ja_c``.

    English keeps the words as written and adds their singular forms; Japanese is cut into
    words by Sudachi and joined with spaces."""
    documents = {}
    for weight, fields in WEIGHTS.items():
        english = "\n".join(texts.get(f"{f}_en") or "" for f in fields).strip()
        japanese = " ".join(texts.get(f"{f}_ja") or "" for f in fields).strip()
        documents[f"en_{weight}"] = f"{english}\n{singular_text(english)}" if english else ""
        documents[f"ja_{weight}"] = japanese_index_text(japanese)
    return documents


def update_search_vectors(practice_id: int) -> None:
    """Recompute both tsvectors of one practice."""
    if not is_postgresql():
        return
    from .models import TRANSLATED_FIELDS, BestPractice

    practice = BestPractice.objects.get(pk=practice_id)
    docs = index_documents(
        {
            f"{field}_{language}": getattr(practice, f"{field}_{language}")
            for field in TRANSLATED_FIELDS
            for language in ("en", "ja")
        }
    )

    def vector(language: str, config: str) -> CombinedExpression:
        parts = [
            SearchVector(Value(docs[f"{language}_{w}"]), weight=w.upper(), config=config)
            for w in WEIGHTS
        ]
        return parts[0] + parts[1] + parts[2]

    BestPractice.objects.filter(pk=practice_id).update(
        search_en=vector("en", "english"), search_ja=vector("ja", "simple")
    )


_HAS_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f]")
_JAPANESE_RUNS = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f\u30fc]+")


def search(queryset: QuerySet, q: str) -> QuerySet:
    """Filter ``queryset`` to the practices matching ``q`` in either language, annotated with
    ``rank``. The two conditions are OR-ed, so PostgreSQL combines the two GIN indexes."""
    q = q.strip()
    if not q:
        return queryset
    if not is_postgresql():
        matches = Q()
        from .models import TRANSLATED_FIELDS

        for field in TRANSLATED_FIELDS:
            for language in ("en", "ja"):
                matches |= Q(**{f"{field}_{language}__icontains": q})
        return queryset.filter(matches).annotate(rank=Value(1.0))
    condition = Q(pk__in=[])
    rank: SearchRank | CombinedExpression | None = None
    # Each language's index is asked with that language's part of the query.
    latin = _HAS_JAPANESE.sub(" ", q)
    if _WORD.search(latin):
        english = SearchQuery(singular_text(latin), config="english", search_type="websearch")
        condition |= Q(search_en=english)
        rank = SearchRank(F("search_en"), english)
    terms = japanese_terms(" ".join(_JAPANESE_RUNS.findall(q)))
    if terms:
        japanese = SearchQuery(" ".join(terms), config="simple", search_type="plain")
        condition |= Q(search_ja=japanese)
        japanese_rank = SearchRank(F("search_ja"), japanese)
        rank = japanese_rank if rank is None else rank + japanese_rank
    if rank is None:
        return queryset.none().annotate(rank=Value(0.0))
    return queryset.filter(condition).annotate(rank=rank)


_WORD = re.compile(r"[^\W\d_]+")
_KEEP_FINAL_S = ("ss", "us", "is", "ous")


def singular(word: str) -> str:
    """A crude English singular: buses → bus, cities → city, parks → park.

    PostgreSQL's Snowball stemmer does not conflate every plural with its singular ("buses" →
    "buse" but "bus" → "bus"), so both the index and the query also carry singular forms."""
    lower = word.lower()
    if len(lower) > 4 and lower.endswith("ies"):
        return lower[:-3] + "y"
    if len(lower) > 4 and lower.endswith(("ses", "xes", "zes", "ches", "shes")):
        return lower[:-2]
    if len(lower) > 3 and lower.endswith("s") and not lower.endswith(_KEEP_FINAL_S):
        return lower[:-1]
    return lower


def singular_text(text: str) -> str:
    """``text`` with every English word in its singular form, other characters kept, so that a
    web-search query keeps its quotes and minus signs."""
    return _WORD.sub(
        lambda m: m.group(0) if looks_japanese(m.group(0)) else singular(m.group(0)), text
    )


def looks_japanese(text: str) -> bool:
    return bool(_HAS_JAPANESE.search(text))
