"""Full-text search of a FactSet in SQLite FTS5, ranked by bm25.

Tables `create_index` makes in a connection (sqlite-utils' naming, so Datasette offers a search box on `facts`):
  facts_fts            FTS5, external content on the `facts` table: rowid = the fact's position + 1
  entities_fts         FTS5, external content on `entities`: rowid = the entity's position + 1
  facts_fts_weight     rowid -> how much a fact's bm25 counts (figures and headlines up, headings down)
  facts_fts_phrases    synonym groups and entity names: a phrase users type -> the group it belongs to

How text is indexed: NFKC, case folded, traditional Chinese characters made simplified, and every Han
character a token of its own, so that a query of any length (稀土, 永) matches as a phrase of single
characters; other words go through FTS5's porter stemmer (magnets -> magnet) and match whole words only
(EV never matches inside "development"). FTS5 never reads the content tables: the indexed text is kept in
the index alone, and callers make snippets from the FactSet. Typed FTS5 syntax is never passed through:
every term is rebuilt from letters and digits and quoted, so quotes, AND/OR/NEAR, *, -, ^, parentheses and
column filters are plain words.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, NamedTuple

from baotou_cli.errors import QueryError
from baotou_cli.facts.terms import certainty

if TYPE_CHECKING:
    import sqlite3

# At most this many distinct words count in a query (repeats collapse first); longer queries keep the first.
MAX_TERMS = 32
# A single word keeps at most this many tokens (each Han character is one): nobody types a longer one.
MAX_WORD_TOKENS = 64
# Longest synonym or name looked up in the query, in words.
MAX_PHRASE_WORDS = 6

FACT_COLUMNS = ("id", "en", "zh", "quote", "figures", "names", "note")
ENTITY_COLUMNS = ("id", "name", "aliases", "note")
# bm25 column weights: the statement and its figures say what a fact is about; a quote or note only mentions.
FACT_WEIGHTS = (1.0, 3.0, 3.0, 1.0, 2.0, 0.75, 0.5)
ENTITY_WEIGHTS = (2.0, 5.0, 4.0, 0.5)
# How much a fact's bm25 counts, by what the fact is (ranking: figures and curated headlines first).
LOW_KINDS = {"heading": 0.4, "caption": 0.5, "person": 0.8}
WITH_FIGURES = 1.6
ONLY_FORECASTS = 0.85  # figures the article gives as expected, planned or targets: below what happened
# A number of the query that is one of a fact's own figures (125 in "125 major projects"): that fact states
# the figure, where others only mention it.
FIGURE_MATCH = 1.5

# "." joins the digits of a decimal into one token (5.15, 50.6): a search for 5 or 15 does not find 5.15.
# Words reach FTS5 already split (`tokens`), so no other "." is left to join anything.
TOKENIZER = "porter unicode61 remove_diacritics 2 tokenchars '.'"
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f\u3040-\u30ff"
_TOKEN = re.compile(rf"\d+(?:\.\d+)+|[{HAN}]|[^\W_{HAN}]+")
_GROUPED_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+")
_TO_SIMPLIFIED: dict | None = None
_TRADITIONAL: frozenset = frozenset()


class Hit(NamedTuple):
    record: str  # "fact" or "entity"
    position: int  # index in factset.facts or factset.entities
    score: float  # -bm25 times the fact's weight: higher is better, comparable within one query only


class Query(NamedTuple):
    """A user's text made safe: each group is the alternatives for one word or phrase (all groups must match)."""
    groups: list[list[tuple[str, ...]]]
    expression: str  # the FTS5 MATCH expression
    named: set[int]  # positions of the entities whose name or alias is the whole query


def fold(text: str) -> str:
    """How text compares: NFKC (full-width ＪＬ), case folded, traditional characters made simplified."""
    global _TO_SIMPLIFIED, _TRADITIONAL
    if _TO_SIMPLIFIED is None:
        from baotou_cli.facts.simplified import SIMPLIFIED, TRADITIONAL

        _TO_SIMPLIFIED, _TRADITIONAL = str.maketrans(TRADITIONAL, SIMPLIFIED), frozenset(TRADITIONAL)
    text = unicodedata.normalize("NFKC", text).casefold()
    # Most text has no traditional character: testing for one costs half of translating.
    return text if _TRADITIONAL.isdisjoint(text) else text.translate(_TO_SIMPLIFIED)


def tokens(text: str) -> list[str]:
    """The words of folded text as the index sees them: a decimal whole (5.15), each Han character alone, other
    letters and digits in runs; everything else (punctuation, control characters, FTS5 operators' symbols)
    separates."""
    return _TOKEN.findall(text)


def index_text(*texts: str | None) -> str:
    return " ".join(tokens(fold("\n".join(text for text in texts if text))))


def stem_key(words: tuple[str, ...]) -> str:
    """A phrase as looked up among synonyms: plural and case aside (factories ~ factory, Jobs ~ job)."""
    return " ".join(_singular(word) for word in words)


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


# Building the index -------------------------------------------------------------------------------------

def create_index(conn: sqlite3.Connection, factset) -> None:
    """Create and fill the search tables for this FactSet in `conn` (the caller commits)."""
    conn.executescript(f"""
        CREATE VIRTUAL TABLE facts_fts USING fts5({", ".join(FACT_COLUMNS)}, content="facts",
            tokenize="{TOKENIZER}");
        CREATE VIRTUAL TABLE entities_fts USING fts5({", ".join(ENTITY_COLUMNS)}, content="entities",
            tokenize="{TOKENIZER}");
        CREATE TABLE facts_fts_weight (rowid INTEGER PRIMARY KEY, weight REAL NOT NULL);
        CREATE TABLE facts_fts_phrases (key TEXT NOT NULL, phrase TEXT NOT NULL, grp INTEGER NOT NULL,
                                     entity INTEGER);
    """)
    conn.executemany(f"INSERT INTO entities_fts (rowid, {', '.join(ENTITY_COLUMNS)}) VALUES (?, ?, ?, ?, ?)", (
        (position + 1, *(index_text(*texts) for texts in entity_fields(entity).values()))
        for position, entity in enumerate(factset.entities)))
    indexed: dict[tuple, str] = {}  # the names of linked entities, as indexed: many facts share them
    fact_rows, weights = [], []
    for position, fact in enumerate(factset.facts):
        fields = fact_fields(fact, factset.entity_by_id)
        names = tuple(fields["names"])
        if names not in indexed:
            indexed[names] = index_text(*names)
        # Figures also as written without thousands separators (33,000 -> 33000), as users type them.
        numbers = [m.group().replace(",", "") for text in (fact.en, *fields["figures"])
                   for m in _GROUPED_NUMBER.finditer(text)]
        fact_rows.append((position + 1, *(indexed[names] if column == "names" else
                                          index_text(*texts, *(numbers if column == "figures" else ()))
                                          for column, texts in fields.items())))
        weights.append((position + 1, fact_weight(fact)))
    conn.executemany(f"INSERT INTO facts_fts (rowid, {', '.join(FACT_COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     fact_rows)
    conn.executemany("INSERT INTO facts_fts_weight VALUES (?, ?)", weights)
    conn.executemany("INSERT INTO facts_fts_phrases VALUES (?, ?, ?, ?)", _phrases(factset))
    conn.execute("CREATE INDEX facts_fts_phrases_key ON facts_fts_phrases (key)")
    conn.execute("CREATE INDEX facts_fts_phrases_grp ON facts_fts_phrases (grp)")


def fact_fields(fact, entity_by_id: dict) -> dict[str, list[str]]:
    """The texts indexed in each column of facts_fts (FACT_COLUMNS), as the facts file has them."""
    linked = [entity_by_id[i] for i in dict.fromkeys([*fact.entities, fact.speaker]) if i in entity_by_id]
    return dict(zip(FACT_COLUMNS, (
        [fact.id], [fact.en], [fact.zh], [fact.source.quote],
        [q.raw for q in fact.quantities] + [label.raw for label in fact.labels],
        [name for e in linked for name in (e.en, e.zh, *e.aliases)],
        [fact.note or "", *(label.en for label in fact.labels)]), strict=True))


def entity_fields(entity) -> dict[str, list[str]]:
    """The texts indexed in each column of entities_fts (ENTITY_COLUMNS)."""
    return dict(zip(ENTITY_COLUMNS, (
        [entity.id], [entity.en, entity.zh], list(entity.aliases),
        [entity.note or "", entity.role_en or "", entity.role_zh or ""]), strict=True))


def fact_weight(fact) -> float:
    """Figures and curated headline facts count more; headings, captions and bylines less."""
    weight = LOW_KINDS.get(fact.kind, 1.0)
    if fact.quantities:
        weight *= WITH_FIGURES
        if all(certainty(q.qualifiers) != "actual" for q in fact.quantities):
            weight *= ONLY_FORECASTS
    if fact.headline:
        weight *= 1 + 1 / fact.headline
    return weight


def _phrases(factset):
    """(key, phrase, group, entity position or None) for every synonym group of the data, and every
    entity's names and aliases."""
    groups = [(list(s.terms), None) for s in factset.synonyms]
    groups += [([e.en, e.zh, *e.aliases], position) for position, e in enumerate(factset.entities)]
    for number, (terms, entity) in enumerate(groups):
        for term in dict.fromkeys(terms):
            words = tuple(tokens(fold(term)))
            if words:
                yield stem_key(words), " ".join(words), number, entity


# Querying ----------------------------------------------------------------------------------------------

def parse(conn: sqlite3.Connection, text: str) -> Query:
    """The user's text as groups of alternative phrases, synonyms and names expanded. Raises QueryError."""
    if not text.strip():
        raise QueryError("the search text is empty")
    words = list(dict.fromkeys(tuple(t for t in tokens(word)[:MAX_WORD_TOKENS] if t.replace(".", "").isalnum())
                               for word in fold(text[:100_000]).split()))
    words = [word for word in words if word][:MAX_TERMS]
    if not words:
        raise QueryError(f"nothing to search for in {text.strip()[:40]!r}: give a word or a number")
    groups, start = [], 0
    while start < len(words):
        length, alternatives = _longest_phrase(conn, words, start)
        groups.append(alternatives)
        start += length
    whole = stem_key(tuple(token for word in words for token in word))
    named = {row[0] for row in conn.execute(
        "SELECT entity FROM facts_fts_phrases WHERE key = ? AND entity IS NOT NULL", (whole,))}
    return Query(groups, " AND ".join("(" + " OR ".join(_quoted(p) for p in group) + ")" for group in groups),
                 named)


def _longest_phrase(conn: sqlite3.Connection, words: list[tuple[str, ...]], start: int):
    """How many words from `start` make the longest known phrase, with its synonyms (else one word alone)."""
    for length in range(min(MAX_PHRASE_WORDS, len(words) - start), 0, -1):
        phrase = tuple(token for word in words[start:start + length] for token in word)
        rows = conn.execute("SELECT DISTINCT p.phrase FROM facts_fts_phrases AS k JOIN facts_fts_phrases AS p "
                            "ON p.grp = k.grp WHERE k.key = ?", (stem_key(phrase),)).fetchall()
        if rows:
            return length, list(dict.fromkeys([phrase, *(tuple(row[0].split()) for row in rows)]))
    return 1, [words[start]]


def _quoted(phrase: tuple[str, ...]) -> str:
    # Tokens hold letters, digits and a decimal's point only; doubling quotes anyway keeps this safe.
    return '"' + " ".join(phrase).replace('"', '""') + '"'


def query(conn: sqlite3.Connection, text: str, limit: int | None = None) -> list[Hit]:
    """Facts and entities matching every word of `text` (or its synonyms), best first. Raises QueryError."""
    return search_parsed(conn, parse(conn, text), limit)


def search_parsed(conn: sqlite3.Connection, parsed: Query, limit: int | None = None) -> list[Hit]:
    cap = -1 if limit is None else limit
    facts = conn.execute(
        f"SELECT f.rowid, -bm25(facts_fts, {', '.join(map(str, FACT_WEIGHTS))}) * w.weight AS score "
        "FROM facts_fts AS f JOIN facts_fts_weight AS w ON w.rowid = f.rowid "
        "WHERE facts_fts MATCH ? ORDER BY score DESC LIMIT ?", (parsed.expression, cap)).fetchall()
    entities = conn.execute(
        f"SELECT rowid, -bm25(entities_fts, {', '.join(map(str, ENTITY_WEIGHTS))}) AS score "
        "FROM entities_fts WHERE entities_fts MATCH ? ORDER BY score DESC", (parsed.expression,)).fetchall()
    stating = _stating_figures(conn, parsed)
    hits = [Hit("fact", rowid - 1, score * (FIGURE_MATCH if rowid in stating else 1.0)) for rowid, score in facts]
    hits += [Hit("entity", rowid - 1, score) for rowid, score in entities if rowid - 1 not in parsed.named]
    # An entity whose name or alias is the whole query (JL MAG, 刘国银) is what the user looks for: it comes
    # first, scored as the best other hit plus its own bm25.
    best = max((hit.score for hit in hits), default=0.0)
    hits += [Hit("entity", rowid - 1, best + score) for rowid, score in entities if rowid - 1 in parsed.named]
    hits.sort(key=lambda hit: (-hit.score, hit.record, hit.position))
    return hits if limit is None else hits[:limit]


def _stating_figures(conn: sqlite3.Connection, parsed: Query) -> set[int]:
    """Rowids of the facts whose own figures hold a number of the query."""
    numbers = sorted({token for group in parsed.groups for phrase in group for token in phrase
                      if token.replace(".", "").isdigit()})
    if not numbers:
        return set()
    expression = "figures : (" + " OR ".join(f'"{number}"' for number in numbers) + ")"
    return {rowid for (rowid,) in conn.execute("SELECT rowid FROM facts_fts WHERE facts_fts MATCH ?", (expression,))}


def memory_index(factset) -> sqlite3.Connection:
    """A full-text index in memory, for a FactSet whose index is not cached (FactSet.full_text)."""
    import sqlite3

    conn = sqlite3.connect(":memory:")
    index_into(conn, factset)
    return conn


def add_content_columns(conn: sqlite3.Connection, factset) -> None:
    """Give the content tables (`facts`, `entities`) every column their full-text tables name, holding the texts
    those columns index (joined by " · "): tools that read an FTS table's rows (sqlite-utils' counts, Datasette's
    snippets) read them there. For an exported database, whose readers are other tools."""
    for table, columns, rows in (
            ("facts", FACT_COLUMNS, [fact_fields(f, factset.entity_by_id) for f in factset.facts]),
            ("entities", ENTITY_COLUMNS, [entity_fields(e) for e in factset.entities])):
        present = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        missing = [column for column in columns if column not in present]
        for column in missing:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")
        if missing:
            conn.executemany(
                f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in missing)} WHERE rowid = ?",
                ([*(" · ".join(t for t in fields[c] if t) for c in missing), position + 1]
                 for position, fields in enumerate(rows)))


def index_into(conn: sqlite3.Connection, factset) -> None:
    """The search tables of a FactSet in a database of their own: FTS5 names its external content tables
    (`facts`, `entities`) and never reads them for MATCH, rowid and bm25, so stubs holding ids stand in."""
    conn.executescript("CREATE TABLE facts (id TEXT); CREATE TABLE entities (id TEXT);")
    conn.executemany("INSERT INTO facts (rowid, id) VALUES (?, ?)",
                     ((position + 1, fact_id) for position, fact_id in enumerate(factset.fact_ids)))
    conn.executemany("INSERT INTO entities (rowid, id) VALUES (?, ?)",
                     ((position + 1, e.id) for position, e in enumerate(factset.entities)))
    create_index(conn, factset)
