"""`baotou search`: the user's text as a full-text query, and its hits as records with why each matched.

The index and ranking live in data/search_index.py (SQLite FTS5, bm25); this module turns hits into rows:
id, record ("fact" or "entity"), type (the fact's topic or the entity's type), score (higher is better,
comparable within one search only), matched ([{field, snippet}], one per field and snippet), en, zh.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from baotou_cli.questions import question_kinds, records
from baotou_cli.questions.records import fields
from baotou_cli.data import search_index
from baotou_cli.data.model import Fact, FactSet

if TYPE_CHECKING:
    import sqlite3

SEARCH_FIELDS = fields(records.SearchHit)  # the record's one declaration: questions/records.py
# The fields a match is reported in: the index's columns.
MATCH_FIELDS = list(dict.fromkeys(search_index.FACT_COLUMNS + search_index.ENTITY_COLUMNS))
SNIPPET_ROOM = 24  # characters of context either side of a match
# A letter or digit of a word that is not Han (Han characters stand alone): the Latin script, as the facts'
# English and romanisations are written. A small class on purpose: one with the Han ranges is slow to compile,
# and a search compiles one pattern per word and synonym.
_LETTER = r"[0-9A-Za-z\u00c0-\u024f]"


def search(factset: FactSet, text: str, limit: int | None = None) -> list[dict]:
    """Facts and entities matching every word of `text` (or a synonym of it), best first; when none matches
    them all, those matching some (`partial`). Question words are dropped and the kind of question shapes
    the ranking (questions/question_kinds.py). Raises QueryError."""
    conn, parsed, boosts, patterns = _query(factset, text)
    hits = search_index.search_parsed(conn, parsed, limit, boosts)
    facts = _facts_at(factset, hits)
    hits = _percents_asked(factset, text, hits, facts)
    rows = []
    for hit in hits:
        found = facts[hit.position] if hit.record == "fact" else factset.entities[hit.position]
        fields = (search_index.fact_fields(found, factset.entity_by_id, factset.measure_by_id) if hit.record == "fact"
                  else search_index.entity_fields(found))
        rows.append({"id": found.id, "record": hit.record,
                     "type": found.topic if isinstance(found, Fact) else found.type,
                     "score": round(hit.score, 4), "partial": hit.partial, "matched": _matched(fields, patterns),
                     "en": found.en,
                     "zh": found.zh,
                     # A fact's provenance travels with it (an entity has no quote of its own: null).
                     "source": {"id": found.source.id, "quote": found.source.quote} if isinstance(found, Fact) else None})
    return rows


def fact_hits(factset: FactSet, text: str, limit: int
              ) -> tuple[list[search_index.Hit], list[list[re.Pattern]], list[str]]:
    """The first `limit` facts of the search for `text` (entities left out), best first, the patterns of
    the query's words (one list per word, its synonyms too) for finding them in texts, and those words as
    looked up (one per list of patterns). Raises QueryError."""
    conn, parsed, boosts, patterns = _query(factset, text)
    if parsed.only_question_words:  # "what is the": a fact holding those words does not answer anything
        return [], patterns, []
    facts: list[search_index.Hit] = []
    for room in (limit * 4, None):  # entities take places among the first hits: look further only if needed
        hits = search_index.search_parsed(conn, parsed, room, boosts)
        facts = [hit for hit in hits if hit.record == "fact"]
        if len(facts) >= limit or room is None or len(hits) < room:
            break
    facts = _percents_asked(factset, text, facts)
    return facts[:limit], patterns, [_word(group[0]) for group in parsed.groups]


def _query(factset: FactSet, text: str
           ) -> tuple[sqlite3.Connection, search_index.Query, dict[str, float], list[list[re.Pattern]]]:
    """The full-text connection, `text` parsed as a query, the boosts its kind of question gives and the
    patterns of its words (one list per word, its synonyms too). Raises QueryError."""
    conn = factset.full_text()
    parsed = search_index.parse(conn, question_kinds.lookup_text(text), *question_kinds.stop_words(text))
    return conn, parsed, question_kinds.boosts(text), [[_pattern(phrase) for phrase in group] for group in parsed.groups]


def _facts_at(factset: FactSet, hits: list[search_index.Hit]) -> dict[int, Fact]:
    """The facts of the fact hits, by position."""
    positions = [hit.position for hit in hits if hit.record == "fact"]
    return dict(zip(positions, factset.at(positions), strict=True))


def unmatched(factset: FactSet, fact: Fact, words: list[str], patterns: list[list[re.Pattern]]) -> list[str]:
    """The query's words (of `words`, with their `patterns`) that nowhere in `fact` stand, nor a synonym."""
    fields = search_index.fact_fields(fact, factset.entity_by_id, factset.measure_by_id)
    text = " ".join(value for values in fields.values() for value in values)
    return [word for word, group in zip(words, patterns, strict=True) if not mentions(text, [group])]


def _word(phrase: tuple[str, ...]) -> str:
    """A phrase of index tokens as the user reads it: English words spaced, Han characters run together."""
    return "".join(token if not token.isascii() or not at or not phrase[at - 1].isascii() else " " + token
                   for at, token in enumerate(phrase))


# A number asked as a percentage (5%, 33.2 percent) is looked up by its digits alone (the index has no '%'),
# so 5% finds 5 lectures: a hit that does not give the number as a percentage answers only part of the
# question, and says so (partial, after the hits that do).
_PERCENT_ASKED = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:%|percent\b|per cent\b)")


def _percents_asked(factset: FactSet, text: str, hits: list[search_index.Hit],
                    facts: dict[int, Fact] | None = None) -> list[search_index.Hit]:
    """`hits` with those that do not give a percentage `text` asks for made partial, after the others.
    `facts`: _facts_at(factset, hits), when the caller has them (built here only when a percentage is asked)."""
    asked = [re.compile(rf"(?<![\d.]){re.escape(number)}\s*(?:%|percent|per cent)")
             for number in _PERCENT_ASKED.findall(search_index.fold(text))]
    if not asked:
        return hits
    facts = _facts_at(factset, hits) if facts is None else facts

    def answers(hit: search_index.Hit) -> bool:
        fields = (search_index.fact_fields(facts[hit.position], factset.entity_by_id, factset.measure_by_id)
                  if hit.record == "fact" else search_index.entity_fields(factset.entities[hit.position]))
        said = search_index.fold(" ".join(value for values in fields.values() for value in values))
        return all(pattern.search(said) for pattern in asked)

    checked = [hit if hit.partial or answers(hit) else hit._replace(partial=True) for hit in hits]
    return sorted(checked, key=lambda hit: hit.partial)  # stable: the ranking holds within each part


def mentions(text: str, patterns: list[list[re.Pattern]]) -> int:
    """How many of the query's words (groups of patterns) `text` holds."""
    folded = _folded(text)
    return sum(any(pattern.search(folded) for pattern in group) for group in patterns)


def _matched(fields: dict[str, list[str]], patterns: list[list[re.Pattern]]) -> list[dict]:
    """For each field, the first place any query word (or its synonym) stands, as a snippet."""
    matched: dict[tuple[str, str], dict] = {}
    for name, values in fields.items():
        folded = [(value, _folded(value)) for value in values if value]
        for group in patterns:
            snippet = next((s for value, text in folded for s in [_find(value, text, group)] if s), None)
            if snippet is not None:
                matched.setdefault((name, snippet), {"field": name, "snippet": snippet})
    return list(matched.values())


def _pattern(phrase: tuple[str, ...]) -> re.Pattern:
    """Where a phrase of index tokens stands in folded text: Han characters as they are, other words from
    their start with any ending (the index stems them: magnets, promoted), short words whole (EV)."""
    parts = []
    for token in phrase:
        if search_index.tokens(token) == [token] and len(token) == 1 and not token.isascii():
            parts.append(re.escape(token))
        elif token.isdigit():  # 33000 also stands as 33,000 (the index has both)
            parts.append(rf"(?<![\d.]){',?'.join(token)}(?![\d])")
        else:
            root = _root(token)
            parts.append(rf"(?<!{_LETTER}){re.escape(root)}{_LETTER}*" if len(root) >= 3
                         else rf"(?<!{_LETTER}){re.escape(token)}(?!{_LETTER})")
    return re.compile(r"[\W_]*".join(parts))


def _root(word: str) -> str:
    for ending in ("ies", "es", "ing", "ed", "s", "e", "y"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[:-len(ending)]
    return word


@functools.lru_cache(maxsize=4096)  # the same names and aliases stand in many hits
def _folded(value: str) -> str:
    """`value` folded as the index folds it, each character where it stood (snippets cut the original)."""
    folded = search_index.fold(value)
    if len(folded) != len(value):  # NFKC or case folding changed the length: fold each character alone
        folded = "".join(search_index.fold(char)[:1] or " " for char in value)
    return folded


def _find(value: str, folded: str, group: list[re.Pattern]) -> str | None:
    for pattern in group:
        match = pattern.search(folded)
        if match:
            return _snippet(value, match.start(), match.end())
    return None


def _snippet(value: str, start: int, end: int) -> str:
    left, right = max(0, start - SNIPPET_ROOM), min(len(value), end + SNIPPET_ROOM)
    return ("…" if left else "") + " ".join(value[left:right].split()) + ("…" if right < len(value) else "")
