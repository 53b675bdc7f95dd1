"""Full-text search of a FactSet in SQLite FTS5, ranked by bm25.

What `baotou search` and `ask` rank with (`create_search_index`, in the cache's index file or in memory):
  search_fts           FTS5, contentless, facts and entities in one table (their bm25 compare): a fact's
                       rowid is its position + 1, an entity's ENTITY_ROWIDS + its position + 1
  search_rank          rowid -> weight and RANK_FLAGS (figures, dated, person, ...): what a question favours
  search_links         a fact's rowid -> the entities it is about; search_vocab: the index's words
  facts_fts_phrases    as below

Tables `create_index` makes for `export --format sqlite` (sqlite-utils' naming, so Datasette offers a search
box on `facts`):
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
from baotou_cli.data.characters import HAN
from baotou_cli.data.model import about_entities, about_ids
from baotou_cli.data.vocabularies import certainty

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
# How much a fact's bm25 counts, by what the fact is (ranking: figures and curated headlines first).
LOW_KINDS = {"heading": 0.4, "caption": 0.5, "person": 0.8}
WITH_FIGURES = 1.6
HEADLINE = 1.5
ONLY_FORECASTS = 0.85  # figures the article gives as expected, planned or targets: below what happened
# Each word of the query found in a fact's own figures, or in what they measure or count, makes it count this
# much more (x1.5 for one word, x2 for two...): that fact states the figure, others mention it.
FIGURE_MATCH = 1.5

# The one index `baotou search` ranks with: facts and entities in one FTS5 table, so that their bm25 scores
# (and a word's rarity) are measured on the same records. Contentless: the texts live in the index only.
SEARCH_COLUMNS = ("id", "name", "aliases", "en", "zh", "quote", "figures", "names", "note")
SEARCH_WEIGHTS = (1.0, 4.0, 3.0, 3.0, 3.0, 1.0, 2.0, 0.75, 0.5)
ENTITY_ROWIDS = 1 << 40  # an entity's rowid is this plus its position + 1; a fact's is its position + 1
ENTITY_WEIGHT = 0.9  # an entity as relevant as a plain fact comes after it: the facts are what is asked for
# Added to every bm25 score: a word in nearly every record has an idf of about 0 (FTS5 makes it 1e-6), so a
# query of such words only (稀土, zone) is ranked by what the records are (figures, headlines) rather than noise.
RELEVANCE_FLOOR = 0.01
# What a record is, for the ranking a question asks for (search_rank's columns; questions/question_kinds.py weighs them).
RANK_FLAGS = ("figures", "metric", "forecast", "dated", "person", "company", "project", "entity")
COMPANY_TYPES = frozenset({"company", "group"})
PROJECT_TYPES = frozenset({"project", "project-group", "product"})
# A question asking which companies (or projects) weighs this flag: the entities that have it are its answers.
ANSWER_FLAGS = ("company", "project")
PERSON_KINDS = frozenset({"person"})  # who someone is (a role, a byline); what they said is a quote
NAMED_LINK = 2.0  # facts about the entity the whole query names
# Facts about an entity the query names among other words.
MENTIONED_LINK = 1.3
LINKED_FROM = 20  # which-questions: the companies and projects of this many best facts join the hits
# Any-word matching: records covering the query within a tenth of each other rank by score.
COVERAGE_STEPS = 10
NAMING = 2.0  # any-word matching: a word naming an entity (JL MAG, 双良公司) is what the question is about
# Any-word matching: where a word counts as covered (a note is an editor's remark, not what a record states).
COVERING_COLUMNS = tuple(column for column in SEARCH_COLUMNS if column != "note")
MIN_SPELLING = 0.8  # how close (difflib's ratio) a word of the index must be to stand for a misspelled one
# A hyphenated English word holding one of these stays one word (off-the-job, year-on-year): "job" and "year"
# alone do not match inside it.
JOINING_PARTS = frozenset({"the", "of", "on", "off", "in", "to", "by", "and", "a", "an", "for", "at", "with"})
_HYPHENATED = re.compile(r"[0-9a-z]+(?:-[0-9a-z]+)+")

# "." joins the digits of a decimal into one token (5.15, 50.6): a search for 5 or 15 does not find 5.15.
# Words reach FTS5 already split (`tokens`), so no other "." is left to join anything.
TOKENIZER = "porter unicode61 remove_diacritics 2 tokenchars '.'"
# Each Han character is a token of its own (Chinese has no spaces between words), and so is each kana: wider
# than HAN on purpose, so that Japanese text is not one long "word" either.
SINGLE_CHARACTERS = HAN + "\u3040-\u30ff"
_TOKEN = re.compile(rf"\d+(?:\.\d+)+|[{SINGLE_CHARACTERS}]|[^\W_{SINGLE_CHARACTERS}]+")
_GROUPED_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+")
_TO_SIMPLIFIED: dict | None = None
_TRADITIONAL: frozenset = frozenset()


class Hit(NamedTuple):
    record: str  # "fact" or "entity"
    position: int  # index in factset.facts or factset.entities
    score: float  # -bm25 times the record's weight: higher is better, comparable within one query only
    partial: bool = False  # found by the any-word fallback: matches only some of the query's words


class Query(NamedTuple):
    """A user's text made safe: each group is the alternatives for one word or phrase (all groups must match)."""
    groups: list[list[tuple[str, ...]]]
    expression: str  # the FTS5 MATCH expression
    named: set[int]  # positions of the entities whose name or alias is the whole query (question words aside)
    mentioned: set[int] = set()  # positions of the entities a word or phrase of the query names
    any_expression: str = ""  # any group (long Chinese runs also by pairs of characters): the fallback
    only_question_words: bool = False  # nothing but question and function words ("what is the"), looked for as typed


def fold(text: str) -> str:
    """How text compares: NFKC (full-width ＪＬ), case folded, traditional characters made simplified."""
    global _TO_SIMPLIFIED, _TRADITIONAL
    if _TO_SIMPLIFIED is None:
        from baotou_cli.data.traditional_chars import SIMPLIFIED, TRADITIONAL

        _TO_SIMPLIFIED, _TRADITIONAL = str.maketrans(TRADITIONAL, SIMPLIFIED), frozenset(TRADITIONAL)
    text = unicodedata.normalize("NFKC", text).casefold()
    # Most text has no traditional character: testing for one costs half of translating.
    return text if _TRADITIONAL.isdisjoint(text) else text.translate(_TO_SIMPLIFIED)


def tokens(text: str) -> list[str]:
    """The words of folded text as the index sees them: a decimal whole (5.15), each Han character alone, other
    letters and digits in runs; everything else (punctuation, control characters, FTS5 operators' symbols)
    separates. A hyphenated word with a joining part (off-the-job) is one word."""
    if "-" in text:
        text = _HYPHENATED.sub(_joined, text)
    return _TOKEN.findall(text)


def _joined(match: re.Match) -> str:
    word = match.group()
    return word.replace("-", "") if JOINING_PARTS.intersection(word.split("-")) else word


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
    """)
    conn.executemany(f"INSERT INTO entities_fts (rowid, {', '.join(ENTITY_COLUMNS)}) VALUES (?, ?, ?, ?, ?)", (
        (position + 1, *(index_text(*texts) for texts in entity_fields(entity).values()))
        for position, entity in enumerate(factset.entities)))
    fact_rows, weights = [], []
    for position, fact, texts in _indexed_facts(factset):
        fact_rows.append((position + 1, *texts.values()))
        weights.append((position + 1, fact_weight(fact)))
    conn.executemany(f"INSERT INTO facts_fts (rowid, {', '.join(FACT_COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     fact_rows)
    conn.executemany("INSERT INTO facts_fts_weight VALUES (?, ?)", weights)
    _add_phrases(conn, factset)


def _indexed_facts(factset):
    """(position, fact, {column: the text indexed in it}) for each fact, in FACT_COLUMNS' order."""
    indexed: dict[tuple, str] = {}  # the names of linked entities, as indexed: many facts share them
    for position, fact in enumerate(factset.facts):
        fields = fact_fields(fact, factset.entity_by_id, factset.measure_by_id)
        names = tuple(fields["names"])
        if names not in indexed:
            indexed[names] = index_text(*names)
        # Figures also as written without thousands separators (33,000 -> 33000), as users type them.
        numbers = [m.group().replace(",", "") for text in (fact.en, *fields["figures"])
                   for m in _GROUPED_NUMBER.finditer(text)]
        yield position, fact, {column: indexed[names] if column == "names" else
                               index_text(*values, *(numbers if column == "figures" else ()))
                               for column, values in fields.items()}


def _add_phrases(conn: sqlite3.Connection, factset) -> None:
    """facts_fts_phrases: the synonyms, names and words a query is read with (parse)."""
    conn.executescript("""
        CREATE TABLE facts_fts_phrases (key TEXT NOT NULL, phrase TEXT NOT NULL, grp INTEGER NOT NULL,
                                     entity INTEGER);
    """)
    conn.executemany("INSERT INTO facts_fts_phrases VALUES (?, ?, ?, ?)", _phrases(factset))
    conn.executescript("""
        CREATE INDEX facts_fts_phrases_key ON facts_fts_phrases (key);
        CREATE INDEX facts_fts_phrases_grp ON facts_fts_phrases (grp);
    """)


def fact_fields(fact, entity_by_id: dict, measure_by_id: dict | None = None) -> dict[str, list[str]]:
    """The texts indexed in each column of facts_fts (FACT_COLUMNS), as the facts file has them: `figures`
    holds each figure as written, what it measures in both languages and what it counts."""
    linked = about_entities(fact, entity_by_id)
    measures = [measure_by_id[q.measure] for q in fact.quantities if measure_by_id and q.measure in measure_by_id]
    return dict(zip(FACT_COLUMNS, (
        [fact.id], [fact.en], [fact.zh], [fact.source.quote],
        [q.raw for q in fact.quantities] + [label.raw for label in fact.labels]
        + list(dict.fromkeys(name for m in measures for name in (m.en, m.zh)))
        + list(dict.fromkeys(q.noun for q in fact.quantities if q.noun)),
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
    if fact.headline:  # one boost for every curated headline: the rank orders the fact box (actual figures
        weight *= HEADLINE  # first), it does not say which headline matters more to a search
    return weight


def _phrases(factset):
    """(key, phrase, group, entity position or None) for every synonym group of the data, and every
    entity's names and aliases; then the Chinese names of measures and vocabularies, each a group of its own
    (words a Chinese query is cut into: 一般公共预算收入, 到位资金)."""
    from baotou_cli.data.vocabularies import INDUSTRY_TERMS, STATUS_TERMS, TOPIC_TERMS

    groups = [(list(s.terms), None) for s in factset.synonyms]
    groups += [([e.en, e.zh, *e.aliases], position) for position, e in enumerate(factset.entities)]
    words_only = [m.zh for m in factset.measures] + [name for term in (*INDUSTRY_TERMS, *STATUS_TERMS, *TOPIC_TERMS)
                                                       for name in (term.zh, *term.aliases)]
    groups += [([word], None) for word in dict.fromkeys(words_only)]
    for number, (terms, entity) in enumerate(groups):
        for term in dict.fromkeys(terms):
            words = tuple(tokens(fold(term)))
            if words:
                yield stem_key(words), " ".join(words), number, entity


# Querying ----------------------------------------------------------------------------------------------

_PIECE = re.compile(r'"([^"]+)"|\u201c([^\u201d]+)\u201d|\u300c([^\u300d]+)\u300d|([^\s"\u201c\u201d\u300c\u300d]+)')


def parse(conn: sqlite3.Connection, text: str, stop_words: frozenset[str] = frozenset(),
          stop_han: tuple[str, ...] = ()) -> Query:
    """The user's text as groups of alternative phrases, synonyms and names expanded. Raises QueryError.

    Text in double quotes ("dark factory", “黑灯工厂”) is one phrase, kept whole. Other English words that are
    in `stop_words` (what, how, the...) are dropped unless they belong to a known phrase (year on year); a
    run of Chinese is cut into the data's words (its synonyms, names and measures, longest first), the
    function words of `stop_han` (的, 多少) are dropped, and what is left between them stays a phrase."""
    if not text.strip():
        raise QueryError("the search text is empty")
    items = [item for match in _PIECE.finditer(fold(text[:100_000])) for item in _items(match)]
    items = [item for at, item in enumerate(items) if not at or items[at - 1] != item]  # jl JL jl mag: jl mag
    if len(items) > MAX_TERMS:  # repeats count once (a repeat inside a phrase stays: year on year)
        items = list(dict.fromkeys(items))[:MAX_TERMS]
    if not items:
        raise QueryError(f"nothing to search for in {text.strip()[:40]!r}: give a word or a number")
    groups: list[list[tuple[str, ...]]] = []
    loose: list[list[tuple[str, ...]]] = []  # the same, with long unknown Chinese runs also as pairs of characters
    mentioned: set[int] = set()
    dropped: list[tuple[str, ...]] = []
    start = 0
    while start < len(items):
        kind, words = items[start]
        if kind == "han":
            for piece_kind, piece in _segment(conn, words, stop_han):
                if piece_kind == "stop":
                    dropped.append(piece)
                    continue
                alternatives, entities = _alternatives(conn, piece) if piece_kind == "known" else ([piece], set())
                groups.append(alternatives)
                mentioned |= entities
                loose.append(alternatives + _pairs(piece) if piece_kind == "plain" else alternatives)
            start += 1
            continue
        run = [words]  # consecutive English words: a known phrase may span them
        while kind == "latin" and start + len(run) < len(items) and items[start + len(run)][0] == "latin":
            run.append(items[start + len(run)][1])
        length, alternatives, entities = _longest_phrase(conn, run) if kind == "latin" else (1, None, set())
        if alternatives is None and kind == "latin" and all(word in stop_words for word in words):
            dropped.append(words)
        else:
            alternatives = alternatives or _alternatives(conn, words)[0] + _respelled(conn, words)
            groups.append(alternatives)
            loose.append(alternatives)
            mentioned |= entities
        start += length
    only_question_words = not groups
    if only_question_words:  # only question words: search for them after all
        groups = loose = [[words] for words in dropped]
    groups, loose = _once(groups), _once(loose)
    whole = stem_key(tuple(token for group in groups for token in group[0]))
    named = {row[0] for row in conn.execute(
        "SELECT entity FROM facts_fts_phrases WHERE key = ? AND entity IS NOT NULL", (whole,))}
    return Query(groups, _expression(groups, " AND "), named, mentioned,
                 _expression(loose, " OR ") if len(loose) > 1 or loose != groups else "", only_question_words)


def _once(groups: list[list[tuple[str, ...]]]) -> list[list[tuple[str, ...]]]:
    return [list(group) for group in dict.fromkeys(tuple(group) for group in groups)]


def _items(match: re.Match) -> list[tuple[str, tuple[str, ...]]]:
    """One typed word (or quoted phrase) as ("phrase" | "latin" | "han", tokens) items: a word mixing
    Chinese and English (JL MAG的产能) splits where the script changes; numbers stay with Chinese (15万吨)."""
    quoted = match.group(1) or match.group(2) or match.group(3)
    found = [t for t in tokens(quoted or match.group(4))[:MAX_WORD_TOKENS] if t.replace(".", "").isalnum()]
    if not found:
        return []
    if quoted:
        return [("phrase", tuple(found))]
    if not any(_is_han(token) for token in found):
        return [("latin", tuple(found))]
    runs: list[tuple[str, tuple[str, ...]]] = []
    for token in found:
        kind = "han" if _is_han(token) or token[0].isdigit() else "latin"
        if runs and runs[-1][0] == kind:
            runs[-1] = (kind, runs[-1][1] + (token,))
        else:
            runs.append((kind, (token,)))
    return runs


# SINGLE_CHARACTERS' ranges as code points: a regex of them is slow to compile (docs/performance.md), so it is compiled once.
_HAN_RANGES = tuple((ord(SINGLE_CHARACTERS[i]), ord(SINGLE_CHARACTERS[i + 2]))
                    for i in range(0, len(SINGLE_CHARACTERS), 3))


def _is_han(token: str) -> bool:
    return len(token) == 1 and any(low <= ord(token) <= high for low, high in _HAN_RANGES)


def _segment(conn: sqlite3.Connection, words: tuple[str, ...], stop_han: tuple[str, ...]):
    """A run of Chinese characters (and numbers) as ("known" | "stop" | "plain", tokens) pieces: the data's
    words first (longest first), then function words of two characters or more (多少, 什么), and what lies
    between them as plain phrases. A one-character function word (的, 有, 能) is also part of many words
    (功能, 有限), so it only goes at either end of a plain phrase, or inside one that the index does not hold."""
    single = frozenset(s for s in stop_han if len(s) == 1)
    pieces: list[tuple[str, tuple[str, ...]]] = []
    plain: list[str] = []
    at = 0

    def flush():
        pieces.extend(_plain_pieces(conn, tuple(plain), single))
        plain.clear()

    while at < len(words):
        known = _known_length(conn, words, at)
        stop = 0 if known else next((len(s) for s in stop_han if len(s) > 1
                                     and "".join(words[at:at + len(s)]) == s), 0)
        if known or stop:
            flush()
            pieces.append(("known" if known else "stop", words[at:at + (known or stop)]))
            at += known or stop
        else:
            plain.append(words[at])
            at += 1
    flush()
    return pieces


def _plain_pieces(conn: sqlite3.Connection, run: tuple[str, ...], single: frozenset[str]):
    """A plain run without the one-character function words at its ends (个项目 -> 项目), and cut at those
    inside it when the index does not hold it whole."""
    start, end = 0, len(run)
    while start < end and run[start] in single:
        start += 1
    while end > start and run[end - 1] in single:
        end -= 1
    dropped = [("stop", (word,)) for word in run[:start] + run[end:]]
    core = run[start:end]
    if not core:
        return dropped
    inner = [at for at, word in enumerate(core) if word in single]
    if not inner or conn.execute("SELECT 1 FROM search_fts WHERE search_fts MATCH ? LIMIT 1",
                                 (_quoted(core),)).fetchone():
        return [*dropped, ("plain", core)]
    parts, begin = [], 0
    for at in [*inner, len(core)]:
        if core[begin:at]:
            parts.append(("plain", core[begin:at]))
        begin = at + 1
    return [*dropped, *parts, *(("stop", (core[at],)) for at in inner)]


def _known_length(conn: sqlite3.Connection, words: tuple[str, ...], at: int) -> int:
    """The length of the longest word of the data (two tokens or more) that starts at `at`, or 0."""
    prefix = words[at] + " "
    keys = {key for (key,) in conn.execute("SELECT DISTINCT key FROM facts_fts_phrases WHERE key >= ? AND key < ?",
                                           (prefix, prefix[:-1] + "!"))}
    for length in range(min(len(words) - at, MAX_WORD_TOKENS), 1, -1):
        if stem_key(words[at:at + length]) in keys:
            return length
    return 0


def _pairs(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Each two neighbouring Chinese characters of a plain run of three or more (能提供 -> 能提, 提供): what the
    any-word fallback looks for when the run as a whole is not in the data."""
    if len(words) < 3 or not all(_is_han(word) for word in words):
        return []
    return [words[i:i + 2] for i in range(len(words) - 1)]


def _alternatives(conn: sqlite3.Connection, phrase: tuple[str, ...]):
    """A phrase with its synonyms and the other names of what it names, and the entities it names."""
    rows = conn.execute("SELECT DISTINCT p.phrase, k.entity FROM facts_fts_phrases AS k JOIN facts_fts_phrases AS p "
                        "ON p.grp = k.grp WHERE k.key = ?", (stem_key(phrase),)).fetchall()
    return (list(dict.fromkeys([phrase, *(tuple(row[0].split()) for row in rows)])),
            {row[1] for row in rows if row[1] is not None})


def _longest_phrase(conn: sqlite3.Connection, words: list[tuple[str, ...]]):
    """How many of `words` make the longest known phrase, its alternatives and the entities it names; or
    (1, None, set()) when the first word starts no known phrase."""
    for length in range(min(MAX_PHRASE_WORDS, len(words)), 0, -1):
        phrase = tuple(token for word in words[:length] for token in word)
        alternatives, entities = _alternatives(conn, phrase)
        if len(alternatives) > 1 or entities:
            return length, alternatives, entities
    return 1, None, set()


def _expression(groups: list[list[tuple[str, ...]]], joiner: str) -> str:
    return joiner.join("(" + " OR ".join(_quoted(p) for p in group) + ")" for group in groups)


def _quoted(phrase: tuple[str, ...]) -> str:
    # Tokens hold letters, digits and a decimal's point only; doubling quotes anyway keeps this safe.
    return '"' + " ".join(phrase).replace('"', '""') + '"'


def query(conn: sqlite3.Connection, text: str, limit: int | None = None) -> list[Hit]:
    """Facts and entities matching every word of `text` (or its synonyms), best first. Raises QueryError."""
    return search_parsed(conn, parse(conn, text), limit)


def search_parsed(conn: sqlite3.Connection, parsed: Query, limit: int | None = None,
                  boosts: dict[str, float] | None = None) -> list[Hit]:
    """Facts and entities matching every group of the query, best first; when none does, those matching any
    group (their hits `partial`). `boosts` weighs records by what they are (RANK_FLAGS: a question asking
    how much favours figures): flag -> factor."""
    hits = _ranked(conn, parsed, parsed.expression, limit, boosts or {})
    if not hits and parsed.any_expression:
        hits = [hit._replace(partial=True) for hit in _ranked(conn, parsed, parsed.any_expression, limit, boosts or {})]
    return hits


def _ranked(conn: sqlite3.Connection, parsed: Query, expression: str, limit: int | None,
            boosts: dict[str, float]) -> list[Hit]:
    # Only the flags this question weighs: each CASE costs about a millisecond per thousand hits.
    factors = " * ".join(["1.0", *(f"(CASE WHEN r.{flag} THEN {float(boosts[flag])!r} ELSE 1.0 END)"
                                  for flag in RANK_FLAGS if boosts.get(flag, 1.0) != 1.0)])
    linked = sorted(parsed.named | parsed.mentioned)
    link_factor = (f"(CASE WHEN r.rowid IN (SELECT rowid FROM search_links WHERE entity IN "
                   f"({', '.join(map(str, linked))})) THEN {NAMED_LINK if parsed.named else MENTIONED_LINK!r} "
                   "ELSE 1.0 END)") if linked else "1.0"
    # A fact whose figures (as written, what they measure, what they count) hold words of the query states
    # what is asked, where others mention it: 125 in "125 major projects", "output value" in a measure's name.
    stating = parsed.groups
    figures = " + ".join(["0", *("(s.rowid IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ?))"
                                 for _ in stating)])
    # Any-word matching ranks first by how much of the query a record matches: each word (group) it holds
    # counts by its rarity (idf), so that "under way" does not outweigh "major projects".
    fallback = expression != parsed.expression
    counted = parsed.groups if fallback else []
    rarity = _rarities(conn, counted)
    covered = " + ".join(["0", *(f"{weight!r} * (s.rowid IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ?))"
                                 for weight in rarity)])
    select = (
        f"SELECT s.rowid, (-bm25(search_fts, {', '.join(map(str, SEARCH_WEIGHTS))}) + {RELEVANCE_FLOOR!r}) "
        f"* r.weight * {factors} * {link_factor} * (1 + {FIGURE_MATCH - 1!r} * ({figures})) AS score, "
        f"{covered} AS covered "
        "FROM search_fts AS s JOIN search_rank AS r ON r.rowid = s.rowid WHERE search_fts MATCH ?")
    values = (*(f"figures : {_expression([group], '')}" for group in stating),
              *(f"{{{' '.join(COVERING_COLUMNS)}}} : {_expression([group], '')}" for group in counted), expression)
    rows = conn.execute(f"{select} ORDER BY round({COVERAGE_STEPS} * covered) DESC, score DESC LIMIT ?",
                        (*values, -1 if limit is None else limit)).fetchall()
    if parsed.named:  # the entities the query names, wherever their own score would place them
        found = {row[0] for row in rows}
        rows += [row for row in conn.execute(
            f"{select} AND s.rowid IN ({', '.join(str(ENTITY_ROWIDS + p + 1) for p in sorted(parsed.named))})",
            values) if row[0] not in found]
    hits = [Hit("entity", rowid - ENTITY_ROWIDS - 1, score) if rowid > ENTITY_ROWIDS else Hit("fact", rowid - 1, score)
            for rowid, score, _ in rows]
    answer = next((flag for flag in ANSWER_FLAGS if boosts.get(flag)), None)
    if answer:
        hits = _with_linked(conn, hits, answer, boosts[answer])
    # An entity whose name or alias is the whole query (JL MAG, 刘国银) is what the user looks for: it comes
    # first, scored as the best other hit plus its own (unless the question asks for a figure).
    if parsed.named and not boosts.get("figures"):
        best = max((hit.score for hit in hits if not _is_named(hit, parsed)), default=0.0)
        hits = [hit._replace(score=best + hit.score) if _is_named(hit, parsed) else hit for hit in hits]
    if answer:  # which companies: the companies first, then the facts about them
        answers = _flagged_entities(conn, answer, [hit.position for hit in hits if hit.record == "entity"])
        hits.sort(key=lambda hit: (not (hit.record == "entity" and hit.position in answers), -hit.score, hit.record,
                                   hit.position))
    elif not fallback:
        hits.sort(key=lambda hit: (-hit.score, hit.record, hit.position))
    return hits if limit is None else hits[:limit]


def _with_linked(conn: sqlite3.Connection, hits: list[Hit], flag: str, boost: float) -> list[Hit]:
    """A question asking which companies (or projects) is answered by them: each entity with `flag` that a
    matching fact names joins the hits, scored as its best fact times ENTITY_WEIGHT and `boost`."""
    best: dict[int, Hit] = {}
    facts = {hit.position + 1: hit for hit in hits[:LINKED_FROM] if hit.record == "fact"}
    if not facts:
        return hits
    for rowid, entity in conn.execute(
            f"SELECT l.rowid, l.entity FROM search_links AS l JOIN search_rank AS r ON r.rowid = {ENTITY_ROWIDS} + "
            f"l.entity + 1 WHERE r.{flag} AND l.rowid IN ({', '.join(map(str, facts))})"):
        score = facts[rowid].score * ENTITY_WEIGHT * boost
        if entity not in best or best[entity].score < score:
            best[entity] = Hit("entity", entity, score, facts[rowid].partial)
    others = [hit for hit in hits if not (hit.record == "entity" and hit.position in best)]
    found = {hit.position: hit for hit in hits if hit.record == "entity" and hit.position in best}
    return others + [max(hit, found.get(position, hit), key=lambda h: h.score) for position, hit in best.items()]


def _flagged_entities(conn: sqlite3.Connection, flag: str, positions: list[int]) -> set[int]:
    if not positions:
        return set()
    return {rowid - ENTITY_ROWIDS - 1 for (rowid,) in conn.execute(
        f"SELECT rowid FROM search_rank WHERE {flag} AND rowid IN "
        f"({', '.join(str(ENTITY_ROWIDS + p + 1) for p in positions)})")}


def _rarities(conn: sqlite3.Connection, groups: list[list[tuple[str, ...]]]) -> list[float]:
    """Each group's share of the query by its rarity (bm25's idf, at least a little), summing to 1."""
    if not groups:
        return []
    import math

    total = conn.execute("SELECT count(*) FROM search_rank").fetchone()[0]
    idfs = []
    for group in groups:
        found = conn.execute("SELECT count(*) FROM search_fts WHERE search_fts MATCH ?",
                             (_expression([group], ""),)).fetchone()[0]
        names = conn.execute("SELECT 1 FROM facts_fts_phrases WHERE key = ? AND entity IS NOT NULL LIMIT 1",
                             (stem_key(group[0]),)).fetchone()
        idfs.append(max(math.log((total - found + 0.5) / (found + 0.5)), 0.1) * (NAMING if names else 1.0))
    return [idf / sum(idfs) for idf in idfs]


def _is_named(hit: Hit, parsed: Query) -> bool:
    return hit.record == "entity" and hit.position in parsed.named


def known_words(conn: sqlite3.Connection, near: str, n: int = 5) -> list[str]:
    """The data's words (synonyms, names, measures) closest to the words of `near`, for "nothing found"."""
    import difflib

    candidates = [phrase for (phrase,) in conn.execute("SELECT DISTINCT phrase FROM facts_fts_phrases")]
    found: list[str] = []
    for word in tokens(fold(near)):
        found += difflib.get_close_matches(word, candidates, n=n, cutoff=0.75)
    return list(dict.fromkeys(found))[:n]


def _respelled(conn: sqlite3.Connection, word: tuple[str, ...]) -> list[tuple[str, ...]]:
    """A misspelled English word (one the index does not hold, five letters or more: monocrystaline) as the
    index's nearest words (monocrystallin, as the stemmer keeps it); nothing for a word the index holds."""
    if len(word) != 1 or len(word[0]) < 5 or not word[0].isalpha() or not word[0].isascii():
        return []
    if conn.execute("SELECT 1 FROM search_fts WHERE search_fts MATCH ? LIMIT 1", (_quoted(word),)).fetchone():
        return []
    import difflib

    start = word[0][:2]
    candidates = [term for (term,) in conn.execute(
        "SELECT DISTINCT term FROM search_vocab WHERE term >= ? AND term < ?", (start, start[0] + chr(ord(start[1]) + 1)))]
    return [(term,) for term in difflib.get_close_matches(word[0], candidates, n=2, cutoff=MIN_SPELLING)]


def _about(fact, entity_by_id: dict) -> list[str]:
    """The entities a fact is about: its own and its speaker, and the company or parent of each (a fact about
    JL MAG's phase 2 project is about JL MAG)."""
    own = [i for i in about_ids(fact) if i in entity_by_id]
    return list(dict.fromkeys([*own, *(related for i in own for related in (entity_by_id[i].company,
                                                                             entity_by_id[i].parent) if related)]))


def create_search_index(conn: sqlite3.Connection, factset) -> None:
    """The tables `baotou search` and `ask` rank with (the caller commits): search_fts (facts and entities in one
    contentless FTS5 table), search_rank (each record's weight and RANK_FLAGS), search_links (a fact's rowid ->
    the positions of its entities), search_vocab (the index's words) and facts_fts_phrases."""
    conn.executescript(f"""
        CREATE VIRTUAL TABLE search_fts USING fts5({", ".join(SEARCH_COLUMNS)}, content="",
            tokenize="{TOKENIZER}");
        CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_fts, row);
        CREATE TABLE search_rank (rowid INTEGER PRIMARY KEY, weight REAL NOT NULL,
            {", ".join(f"{flag} INTEGER NOT NULL" for flag in RANK_FLAGS)});
        CREATE TABLE search_links (rowid INTEGER NOT NULL, entity INTEGER NOT NULL);
    """)
    position_of = {e.id: position for position, e in enumerate(factset.entities)}
    rows, ranks, links = [], [], []
    for position, fact, texts in _indexed_facts(factset):
        rows.append((position + 1, *(texts.get(column, "") for column in SEARCH_COLUMNS)))
        ranks.append((position + 1, fact_weight(fact), bool(fact.quantities), fact.kind == "metric",
                      bool(fact.quantities) and all(certainty(q.qualifiers) != "actual" for q in fact.quantities),
                      fact.period is not None or fact.as_of is not None,
                      fact.kind in PERSON_KINDS, fact.kind == "company", fact.kind == "project", False))
        links += [(position + 1, position_of[i]) for i in _about(fact, factset.entity_by_id) if i in position_of]
    for position, entity in enumerate(factset.entities):
        entity_texts = {column: index_text(*values) for column, values in entity_fields(entity).items()}
        rows.append((ENTITY_ROWIDS + position + 1, *(entity_texts.get(column, "") for column in SEARCH_COLUMNS)))
        ranks.append((ENTITY_ROWIDS + position + 1, ENTITY_WEIGHT, False, False, False, False, entity.type == "person",
                      entity.type in COMPANY_TYPES, entity.type in PROJECT_TYPES, True))
    conn.executemany(f"INSERT INTO search_fts (rowid, {', '.join(SEARCH_COLUMNS)}) "
                     f"VALUES ({', '.join('?' * (len(SEARCH_COLUMNS) + 1))})", rows)
    conn.executemany(f"INSERT INTO search_rank VALUES ({', '.join('?' * (len(RANK_FLAGS) + 2))})", ranks)
    conn.executemany("INSERT INTO search_links VALUES (?, ?)", links)
    conn.execute("CREATE INDEX search_links_entity ON search_links (entity)")
    _add_phrases(conn, factset)


def memory_index(factset) -> sqlite3.Connection:
    """A full-text index in memory, for a FactSet whose index is not cached (FactSet.full_text)."""
    import sqlite3

    conn = sqlite3.connect(":memory:")
    create_search_index(conn, factset)
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
