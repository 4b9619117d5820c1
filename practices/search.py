"""Full-text search over both languages.

English: PostgreSQL's ``english`` configuration (stemming: "buses" finds "bus").

Japanese has no spaces between words and PostgreSQL has no Japanese parser, so Japanese text is
cut into words by SudachiPy (split mode A, the shortest units: 防災計画 → 防災 / 計画) before it
reaches PostgreSQL, and indexed with the ``simple`` configuration. A query is cut the same way, so
a two-character word such as 防災 or 交通 matches through the GIN index.

On SQLite (the embedded default of ``make run``) search falls back to a substring match.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import (
    Case,
    DateTimeField,
    ExpressionWrapper,
    F,
    Func,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Left
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

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


#: Weight of the names of a practice's themes, cities and lead (``name_documents``): as much as
#: the summary, so a practice about a theme or a city comes after those that name it in the title.
NAMES_WEIGHT = "b"


def name_documents(
    *, themes: Iterable[Any] = (), cities: Iterable[Any] = (), lead: Any = None
) -> dict[str, str]:
    """The names a practice is found by besides its own text, per language: its themes, its
    cities (the lead included) and its lead city's or body's names, with a city's local spelling
    (Umeå, Gdańsk) in both languages. ``{"en": …, "ja": …}``, one name per line."""
    names: dict[str, list[str]] = {"en": [], "ja": []}
    for item in [*themes, *cities, *([lead] if lead is not None else [])]:
        for language in ("en", "ja"):
            for field in ("name", "short_name"):
                value = getattr(item, f"{field}_{language}", None)
                if value:
                    names[language].append(value)
            local = getattr(item, "local_name", "")
            if local:
                names[language].append(local)
    return {language: "\n".join(dict.fromkeys(found)) for language, found in names.items()}


def index_documents(
    texts: Mapping[str, str], names: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The texts to index, from ``{"title_en": …, "title_ja": …, …}``: ``en_a`` … ``ja_c``,
    with ``names`` (``name_documents``) added to the weight ``NAMES_WEIGHT``.

    English keeps the words as written and adds their singular forms; Japanese is cut into
    words by Sudachi and joined with spaces."""
    documents = {}
    names = names or {}
    for weight, fields in WEIGHTS.items():
        english = "\n".join(texts.get(f"{f}_en") or "" for f in fields).strip()
        japanese = " ".join(texts.get(f"{f}_ja") or "" for f in fields).strip()
        if weight == NAMES_WEIGHT:
            english = f"{english}\n{names.get('en', '')}".strip()
            japanese = f"{japanese} {names.get('ja', '')}".strip()
        documents[f"en_{weight}"] = f"{english}\n{singular_text(english)}" if english else ""
        documents[f"ja_{weight}"] = japanese_index_text(japanese)
    return documents


def practice_documents(practice: Any) -> dict[str, str]:
    """``index_documents`` of a practice: its texts, its themes', cities' and lead's names."""
    from .models import TRANSLATED_FIELDS

    return index_documents(
        {
            f"{field}_{language}": getattr(practice, f"{field}_{language}")
            for field in TRANSLATED_FIELDS
            for language in ("en", "ja")
        },
        name_documents(
            themes=practice.themes.all(),
            cities=practice.cities.all(),
            lead=practice.lead_city or practice.lead_body,
        ),
    )


def update_search_vectors(practice_id: int) -> None:
    """Recompute both tsvectors of one practice."""
    reindex_practices([practice_id])


#: Practices reindexed per UPDATE by ``reindex_practices``.
REINDEX_BATCH = 500

_REINDEX_SQL = """
UPDATE practices_bestpractice p SET
 search_en = setweight(to_tsvector('english', d.en_a), 'A')
  || setweight(to_tsvector('english', d.en_b), 'B')
  || setweight(to_tsvector('english', d.en_c), 'C'),
 search_ja = setweight(to_tsvector('simple', d.ja_a), 'A')
  || setweight(to_tsvector('simple', d.ja_b), 'B')
  || setweight(to_tsvector('simple', d.ja_c), 'C')
FROM jsonb_to_recordset(%s::jsonb)
 AS d(id bigint, en_a text, en_b text, en_c text, ja_a text, ja_b text, ja_c text)
WHERE p.id = d.id
"""


def reindex_practices(practice_ids: Iterable[int], *, model: Any = None) -> int:
    """Recompute both tsvectors of the given practices, ``REINDEX_BATCH`` at a time with one
    UPDATE each; returns how many were reindexed. The one place that writes the columns
    (``model`` is the migrations' historical model; the real one by default)."""
    if not is_postgresql():
        return 0
    if model is None:
        from .models import BestPractice as model

    ids = sorted(set(practice_ids))
    done = 0
    for start in range(0, len(ids), REINDEX_BATCH):
        batch = (
            model.objects.filter(pk__in=ids[start : start + REINDEX_BATCH])
            .select_related("lead_city", "lead_body")
            .prefetch_related("themes", "cities")
        )
        rows = [{"id": practice.pk, **practice_documents(practice)} for practice in batch]
        with connection.cursor() as cursor:
            cursor.execute(_REINDEX_SQL, [json.dumps(rows)])
        done += len(rows)
    return done


def practices_named_by(item: Any) -> list[int]:
    """The practices whose index holds the names of ``item`` (a theme, a city or a body)."""
    from cities.models import City, CoordinatingBody

    from .models import BestPractice, Theme

    originals = BestPractice.objects.originals()
    if isinstance(item, Theme):
        found = originals.filter(themes=item)
    elif isinstance(item, City):
        found = originals.filter(Q(cities=item) | Q(lead_city=item))
    elif isinstance(item, CoordinatingBody):
        found = originals.filter(lead_body=item)
    else:
        raise TypeError(item)
    return sorted(set(found.values_list("pk", flat=True)))


_HAS_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f]")
_JAPANESE_RUNS = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f\u30fc]+")


@dataclass(frozen=True)
class ParsedQuery:
    """A search as each language's index is asked it: the English part (stemmed, singular
    forms) against ``search_en``, the Japanese part (cut by Sudachi) against ``search_ja``."""

    condition: Q
    rank: Any
    #: The English query for highlighting: singular and as typed ("buses" is stemmed to
    #: ``buse``, "bus" to ``bus``; a text says either).
    english_headline: SearchQuery | None
    japanese_terms: frozenset[str]
    latin_words: frozenset[str]


def parse(q: str) -> ParsedQuery | None:
    """``q`` as the two indexes are asked it, or None when it holds no word at all."""
    condition = Q(pk__in=[])
    rank: Any = None
    headline: SearchQuery | None = None
    # Each language's index is asked with that language's part of the query.
    latin = _HAS_JAPANESE.sub(" ", q)
    latin_words = frozenset(singular(w) for w in _WORD.findall(latin))
    if latin_words:
        english = SearchQuery(singular_text(latin), config="english", search_type="websearch")
        condition |= Q(search_en=english)
        rank = SearchRank(F("search_en"), english)
        # Any word of the query, as typed and singular, so that a title holding one of two
        # words is marked too; not the words it excludes ("-cities").
        wanted = [w for w in _WORD.findall(_EXCLUDED.sub(" ", latin)) if w.lower() != "or"]
        # The text is marked as written, where "buses" is stemmed to ``buse``: add plurals.
        singulars = [singular(w) for w in wanted]
        words = dict.fromkeys([*wanted, *singulars, *(p for w in singulars for p in _plurals(w))])
        if words:
            headline = SearchQuery(" or ".join(words), config="english", search_type="websearch")
    terms = japanese_terms(" ".join(_JAPANESE_RUNS.findall(q)))
    if terms:
        japanese = SearchQuery(" ".join(terms), config="simple", search_type="plain")
        condition |= Q(search_ja=japanese)
        japanese_rank = SearchRank(F("search_ja"), japanese)
        rank = japanese_rank if rank is None else rank + japanese_rank
    if rank is None:
        return None
    return ParsedQuery(condition, rank, headline, frozenset(terms), latin_words)


def search(queryset: QuerySet, q: str) -> QuerySet:
    """Filter ``queryset`` to the practices matching ``q`` in either language, annotated with
    ``rank``. The two conditions are OR-ed, so PostgreSQL combines the two GIN indexes.

    Ordering by ``rank`` ranks every match; the catalogue ranks a bounded set instead
    (``relevance_order`` and ``RankedResults``)."""
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
    parsed = parse(q)
    if parsed is None:
        return queryset.none().annotate(rank=Value(0.0))
    return queryset.filter(parsed.condition).annotate(rank=parsed.rank)


# --- Relevance over a bounded set -----------------------------------------------------------

#: How many of the newest matches are ranked by relevance (ten pages of the catalogue).
RANKED_CANDIDATES = 200

_NEWEST = ("-published_at", "-pk")


def relevance_order(matches: QuerySet) -> QuerySet:
    """``matches`` (from ``search``, every other filter applied) in the catalogue's order of
    relevance: the ``RANKED_CANDIDATES`` newest matches by rank, then the others newest first.

    Why bounded: ranking reads and scores the tsvector of every match, and a common word
    matches a large share of the catalogue (a word in 10 % of 100,000 practices took 29 ms
    of SQL, a word in every text 133 ms). The newest matches come from the catalogue's
    newest-first index, so the work no longer grows with the number of matches. The cost: a
    very relevant practice older than the newest ``RANKED_CANDIDATES`` matches is listed
    newest first after them rather than on the first page — only for a query that matches more
    than ``RANKED_CANDIDATES`` practices, where a reader would narrow it anyway. English and
    Japanese are treated alike.

    One SQL order, for exports and anything that iterates every row; the catalogue's pages
    come from ``RankedResults``, which asks for one page without scanning every match."""
    newest = matches.order_by(*_NEWEST).values("pk")[:RANKED_CANDIDATES]
    return matches.alias(
        candidate_rank=Case(When(pk__in=Subquery(newest), then=F("rank")), default=None)
    ).order_by(F("candidate_rank").desc(nulls_last=True), *_NEWEST)


class SearchResults:
    """The results of a search, one page at a time, for a paginator: each page is one query
    that picks the page's ids from the ordered ``matches`` (narrow rows, whatever the offset)
    and loads those rows from ``base`` with their headlines (``with_headlines``), so
    ``ts_headline`` runs for the rows shown only, not for the rows an OFFSET skips."""

    ordered = True

    def __init__(self, matches: QuerySet, *, base: QuerySet, q: str, count: int) -> None:
        self.matches = matches
        self.base = base
        self.q = q
        self._count = count

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, key: slice) -> list:
        if not isinstance(key, slice):
            raise TypeError(f"{type(self).__name__} is read a page at a time")
        start, stop = key.start or 0, key.stop if key.stop is not None else self._count
        return self._page(self.matches, start, stop)

    def _page(self, ordered: QuerySet, start: int, stop: int, rank: Any = None) -> list:
        if stop <= start:
            return []
        page = self.base.filter(pk__in=Subquery(ordered.values("pk")[start:stop]))
        if rank is not None:
            page = page.annotate(rank=rank)
        return list(with_headlines(page, self.q).order_by(*ordered.query.order_by))


class RankedResults(SearchResults):
    """The results of a search in ``relevance_order``, one page at a time.

    A page within the first ``RANKED_CANDIDATES`` ranks only those candidates (the newest
    matches); a later page is a page of the newest-first order itself, since the candidates
    are exactly its first ``RANKED_CANDIDATES`` rows. Neither scores every match.

    The newest matches are found one of two ways, chosen with the number of matches ``count``
    (known from the cached facet counts) and of published practices ``catalogue_size``:
    walking the catalogue's newest-first index and testing each practice, which reads about
    ``needed * catalogue_size / count`` rows, or asking GIN for every match and keeping the
    newest, which reads ``count`` rows. Whichever reads fewer is used, so no search reads more
    than about sqrt(``needed * catalogue_size``) rows (~4,500 at 100,000 for the first ten
    pages). PostgreSQL's planner, left to itself, underestimates what testing a tsvector costs
    and walks the index for words in a few per cent of the texts."""

    def __init__(self, *args: Any, catalogue_size: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.catalogue_size = catalogue_size

    def _newest(self, needed: int) -> QuerySet:
        """The matches newest first, in the order that reads fewer rows for ``needed``."""
        if self._count * self._count < needed * self.catalogue_size:
            # An expression the newest-first index cannot serve: PostgreSQL takes the matches
            # from GIN and sorts them (top-N), the same order.
            published = ExpressionWrapper(
                F("published_at") + Value(timedelta(0)), output_field=DateTimeField()
            )
            return self.matches.order_by(published.desc(), "-pk")
        return self.matches.order_by(*_NEWEST)

    def __getitem__(self, key: slice) -> list:
        if not isinstance(key, slice):
            raise TypeError("RankedResults is read a page at a time")
        start, stop = key.start or 0, key.stop if key.stop is not None else self._count
        rows: list = []
        if start < RANKED_CANDIDATES:
            parsed = parse(self.q) if is_postgresql() else None
            rank = parsed.rank if parsed else Value(1.0)
            newest = self._newest(RANKED_CANDIDATES).values("pk")[:RANKED_CANDIDATES]
            candidates = (
                self.matches.model.objects.filter(pk__in=Subquery(newest))
                .annotate(rank=rank)
                .order_by("-rank", *_NEWEST)
            )
            rows += self._page(candidates, start, min(stop, RANKED_CANDIDATES), rank)
        if stop > RANKED_CANDIDATES:
            rows += self._page(self._newest(stop), max(start, RANKED_CANDIDATES), stop)
        return rows


# --- Highlighting ---------------------------------------------------------------------------

#: Around a match in PostgreSQL's headlines: control characters no text shown keeps (they
#: are removed from the text first), replaced by <mark> once the rest is escaped.
_START, _STOP = "\x02", "\x03"
SUMMARY_LENGTH = 280


def with_headlines(queryset: QuerySet, q: str) -> QuerySet:
    """``queryset`` with the English title and (shortened) summary of each row as PostgreSQL's
    ``ts_headline`` marks the query's words in them (stemmed as the index stems them):
    ``headline_title_en``, ``headline_summary_en``. ``ts_headline`` is costly, so PostgreSQL
    computes it after the LIMIT, for the rows of the page only. Japanese is marked in Python
    (``Highlighter``), since only Sudachi knows where its words are."""
    parsed = parse(q.strip()) if q.strip() and is_postgresql() else None
    query = parsed.english_headline if parsed is not None else None
    if query is None:
        return queryset

    def headline(expression: Any) -> SearchHeadline:
        clean = Func(expression, Value(_START + _STOP), Value(""), function="translate")
        return SearchHeadline(
            clean,
            query,
            config="english",
            start_sel=_START,
            stop_sel=_STOP,
            highlight_all=True,
        )

    return queryset.annotate(
        headline_title_en=headline(F("title_en")),
        headline_summary_en=headline(Left("summary_en", SUMMARY_LENGTH)),
    )


def marked_html(marked: str) -> SafeString:
    """A headline's text escaped, with its marked words in ``<mark>``."""
    out: list[str] = []
    inside = False
    for part in re.split(f"([{_START}{_STOP}])", marked):
        if part == _START and not inside:
            out.append("<mark>")
            inside = True
        elif part == _STOP and inside:
            out.append("</mark>")
            inside = False
        elif part not in (_START, _STOP):
            out.append(conditional_escape(part))
    if inside:
        out.append("</mark>")
    return mark_safe("".join(out))  # noqa: S308 - every part of the text is escaped above


def _shorten_marked(marked: str, length: int) -> str:
    """``marked`` (the start of a longer text) cut to ``length`` visible characters with "…",
    as ``truncatechars`` cuts."""
    out, seen = [], 0
    for char in marked:
        if char in (_START, _STOP):
            out.append(char)
            continue
        if seen == length - 1:
            break
        out.append(char)
        seen += 1
    return "".join(out) + "…"


def _shorten(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


class Highlighter:
    """Marks the words of a search in the titles and summaries of the results.

    English comes marked from PostgreSQL (``with_headlines``), so "sharing" is marked for
    "share" as the index matched it; Japanese is cut by Sudachi and a word is marked when it
    is one of the query's words (防災 in 防災情報); Latin words in a Japanese text (and every
    text on SQLite) are marked when their singular is a word of the query. Everything else is
    escaped."""

    def __init__(self, q: str) -> None:
        q = q.strip()
        parsed = parse(q) if q and is_postgresql() else None
        if parsed is not None:
            self.japanese, self.latin = parsed.japanese_terms, parsed.latin_words
        else:
            self.japanese = frozenset(japanese_terms(q)) if looks_japanese(q) else frozenset()
            self.latin = frozenset(singular(w) for w in _WORD.findall(_HAS_JAPANESE.sub(" ", q)))

    def title(self, practice: Any) -> SafeString:
        language = practice.display_language()
        return self._mark(practice, "title", language, getattr(practice, f"title_{language}"))

    def summary(self, practice: Any) -> SafeString:
        current = (get_language() or "en")[:2]
        other = "ja" if current == "en" else "en"
        language = current if getattr(practice, f"summary_{current}", "") else other
        text = getattr(practice, f"summary_{language}", "") or ""
        return self._mark(practice, "summary", language, text, SUMMARY_LENGTH)

    def _mark(
        self, practice: Any, field: str, language: str, text: str, length: int = 0
    ) -> SafeString:
        text = text or ""
        headline = getattr(practice, f"headline_{field}_en", None) if language == "en" else None
        if headline is not None:
            if length and len(text) > length:
                headline = _shorten_marked(headline, length)
            return marked_html(headline)
        return self.mark_text(_shorten(text, length) if length else text)

    def mark_text(self, text: str) -> SafeString:
        """``text`` escaped, with the query's words marked (Sudachi's words; Latin words by
        their singular)."""
        text = text.replace(_START, "").replace(_STOP, "")
        spans: list[tuple[int, int]] = []
        if self.latin:
            spans += [m.span() for m in _WORD.finditer(text) if singular(m.group(0)) in self.latin]
        if self.japanese and looks_japanese(text):
            spans += [
                span
                for span, terms in _japanese_spans(text)
                if any(term in self.japanese for term in terms)
            ]
        marked, at = [], 0
        for begin, end in _merged(spans):
            marked += [text[at:begin], _START, text[begin:end], _STOP]
            at = end
        marked.append(text[at:])
        return marked_html("".join(marked))


def _japanese_spans(text: str) -> Iterator[tuple[tuple[int, int], tuple[str, ...]]]:
    """Each word Sudachi finds in ``text``: its place and its forms (as ``japanese_terms``)."""
    tokenizer = _tokenizer()
    for start in range(0, len(text), _CHUNK):
        for morpheme in tokenizer.tokenize(text[start : start + _CHUNK]):
            surface = morpheme.surface().lower()
            forms = (surface.strip(), morpheme.normalized_form().lower())
            yield (start + morpheme.begin(), start + morpheme.end()), forms


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans in order, those that touch or overlap joined (防災 and 計画 → one mark)."""
    merged: list[tuple[int, int]] = []
    for begin, end in sorted(spans):
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((begin, end))
    return merged


_WORD = re.compile(r"[^\W\d_]+")
_EXCLUDED = re.compile(r"(?:^|\s)-\S+")
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


def _plurals(word: str) -> tuple[str, ...]:
    """Plurals a text may write ``word`` in, for marking it (bus → buses, city → cities)."""
    if word.endswith("y") and len(word) > 2:
        return (word + "s", word[:-1] + "ies")
    return (word + "s", word + "es")


def singular_text(text: str) -> str:
    """``text`` with every English word in its singular form, other characters kept, so that a
    web-search query keeps its quotes and minus signs."""
    return _WORD.sub(
        lambda m: m.group(0) if looks_japanese(m.group(0)) else singular(m.group(0)), text
    )


def looks_japanese(text: str) -> bool:
    return bool(_HAS_JAPANESE.search(text))


# --- Suggestions as a person types --------------------------------------------------------

#: How many suggestions the search box offers, and the length of what it offers them for.
SUGGESTIONS = 8
SUGGEST_MIN_LENGTH = 2
SUGGEST_MAX_LENGTH = 100
#: How many matches of a prefix are read to pick the newest ``SUGGESTIONS`` from.
SUGGEST_CANDIDATES = 200
#: A term safe to put into a tsquery as it is: letters and digits only.
_TERM = re.compile(r"\w+")


def prefix_query(q: str, language: str) -> str | None:
    """A tsquery asking for titles (weight A) holding every word of ``q``, the last one as a
    prefix (``shelter:A & ma:*A``), for ``language``'s index; None when ``q`` holds no word.

    English words as ``to_tsquery('english', …)`` stems them. The index holds stems
    ("evacuation" → ``evacu``), which a word being typed may run past ("evacua"): the last
    word is asked as typed and with four letters less (not below four: ``evacua:* | evac:*``),
    and ``suggest`` keeps only titles with a word that starts as typed. (Two prefixes, not each
    length: the planner estimates an OR of many prefixes to match so many rows that it reads
    the table instead of the index.) Japanese is cut by Sudachi as the index was
    (a word with its normalised form: シティ or シティー), so 防災計 asks for 防災 and a word
    starting with 計."""
    if language == "ja":
        words = [
            [t for t in dict.fromkeys(forms) if _TERM.fullmatch(t)] for forms in _japanese_words(q)
        ]
        words = [forms for forms in words if forms]
    else:
        words = [[w.lower()] for w in _WORD.findall(_HAS_JAPANESE.sub(" ", q))]
        if words:
            last = words[-1][0]
            words[-1] = list(dict.fromkeys([last, last[: max(4, len(last) - 4)]]))
    if not words:
        return None
    if len(words) > 8:
        words = words[:7] + words[-1:]
    *whole, last_forms = words
    parts = ["(" + " | ".join(f"{t}:A" for t in forms) + ")" for forms in whole]
    parts.append("(" + " | ".join(f"{t}:*A" for t in last_forms) + ")")
    return " & ".join(parts)


def _japanese_words(text: str) -> list[tuple[str, str]]:
    """Each word of ``text`` as ``japanese_terms`` keeps it: its surface and normalised form."""
    words = []
    for morpheme in _tokenizer().tokenize(text[:_CHUNK]):
        if morpheme.part_of_speech()[0] in _SKIPPED_POS:
            continue
        surface = morpheme.surface().strip().lower()
        if surface:
            words.append((surface, morpheme.normalized_form().lower()))
    return words


def _begins_a_word(title: str, q: str) -> bool:
    """Whether the English ``title`` has a word that starts with the last word of ``q``."""
    typed = _WORD.findall(_HAS_JAPANESE.sub(" ", q))
    if not typed:
        return True
    last = typed[-1].lower()
    return any(word.lower().startswith(last) for word in _WORD.findall(title))


def suggest(q: str, language: str) -> list[dict[str, str]]:
    """Up to ``SUGGESTIONS`` completions of ``q`` in ``language``: titles of published practices
    that hold its words (the last one begun), found through that language's GIN index, then
    themes and cities whose name starts with it. ``q`` is already checked (``suggest_error``).

    Three queries, whatever the catalogue's size: the practices (a bitmap scan of the GIN index
    of the language, the newest first), the themes and the cities (a few dozen rows each)."""
    from cities.models import City

    from .models import BestPractice, Theme

    language = "ja" if language == "ja" else "en"
    other = "en" if language == "ja" else "ja"
    labels: dict[str, str] = {}
    tsquery = prefix_query(q, language) if is_postgresql() else None
    practices = BestPractice.objects.published()
    if tsquery is not None:
        column, config = ("search_ja", "simple") if language == "ja" else ("search_en", "english")
        practices = practices.filter(
            **{column: SearchQuery(tsquery, config=config, search_type="raw")}
        )
    elif is_postgresql():
        practices = practices.none()
    else:
        practices = practices.filter(**{f"title_{language}__icontains": q})
    # Any ``SUGGEST_CANDIDATES`` matches, in no order, and the newest of them here: asked for
    # the newest in SQL, the planner may walk the catalogue's newest-first index instead of the
    # GIN index (its estimate of a prefix's matches is a guess), which reads every practice
    # when the word is rare; this way a common prefix ("co") reads no more rows than that.
    candidates = list(
        practices.order_by().values_list(
            "published_at", "pk", f"title_{language}", f"title_{other}"
        )[:SUGGEST_CANDIDATES]
    )
    if tsquery is not None and language == "en":
        candidates = [row for row in candidates if _begins_a_word(row[2] or "", q)]
    newest = sorted(candidates, key=lambda row: (row[0] is not None, row[0] or 0, row[1]))[::-1]
    rows = [(own, fallback) for _, _, own, fallback in newest[:SUGGESTIONS]]
    for own, fallback in rows:
        title = own or fallback or ""
        if title:
            labels.setdefault(title.casefold(), title)
    # Always both queries (a constant count): the names of a theme or a city whose word starts
    # with ``q`` ("mob" → E-mobility).
    for model in (Theme, City):
        field = f"name_{language}"
        starts = (
            Q(**{f"{field}__istartswith": q})
            | Q(**{f"{field}__icontains": f" {q}"})
            | Q(**{f"{field}__icontains": f"-{q}"})
        )
        names = (
            model.objects.filter(starts)
            .order_by("position", "slug")
            .values_list(field, flat=True)[:SUGGESTIONS]
        )
        for name in names:
            if name:
                labels.setdefault(name.casefold(), name)
    return [{"label": label} for label in list(labels.values())[:SUGGESTIONS]]


#: Characters no search is typed with: control characters (a NUL, an escape).
_JUNK = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def suggest_error(q: str) -> str | None:
    """Why ``q`` cannot be completed, or None. (Too short is not an error: no suggestions.)"""
    if len(q) > SUGGEST_MAX_LENGTH:
        return gettext("Type at most %(max)s characters to get suggestions.") % {
            "max": SUGGEST_MAX_LENGTH
        }
    if _JUNK.search(q):
        return gettext("The search holds characters that cannot be typed.")
    return None
