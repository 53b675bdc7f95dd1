"""The typed facts model: sources, entities and facts, as the rest of baotou sees them.

Built only from data that `validation.validate` has accepted, so construction here trusts its input.
Records are typed named tuples: immutable, and about four times cheaper to define than dataclasses,
which matters because every query pays for defining them at start-up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TypedDict

if TYPE_CHECKING:
    import sqlite3

    from baotou_cli.data.sqlite_store import SqliteStore


class Quantity(NamedTuple):
    measure: str
    raw: str
    value: float | int | None = None  # null where the article gives no exact number (数十根)
    unit: str = ""
    qualifiers: Sequence[str] = ()
    noun: str | None = None
    basis: str | None = None
    hectares: float | None = None
    subject: str | None = None  # the entity the figure is about (a company's capacity, the zone's output)


class Period(NamedTuple):
    raw: str
    start: str | None = None
    end: str | None = None
    context_year: int | None = None


class AsOf(NamedTuple):
    raw: str
    date: str | None = None
    context_year: int | None = None


class Label(NamedTuple):
    raw: str
    en: str


class SourceRef(NamedTuple):
    id: str
    quote: str


class Fact(NamedTuple):
    id: str
    topic: str
    kind: str
    zh: str
    en: str
    source: SourceRef
    quantities: Sequence[Quantity] = ()
    period: Period | None = None
    as_of: AsOf | None = None
    status: str | None = None
    phase: int | None = None
    entities: Sequence[str] = ()
    industries: Sequence[str] = ()
    speaker: str | None = None
    labels: Sequence[Label] = ()
    note: str | None = None
    headline: int | None = None  # rank in the summary's fact box (1 first): an editorial choice, kept in the data


class Measure(NamedTuple):
    """What a quantity measures, named in both languages for tables and charts."""
    id: str
    en: str
    zh: str
    note: str | None = None


class Synonyms(NamedTuple):
    """Words that mean the same to a searcher (solar, 光伏, photovoltaic): finding one finds the others."""
    terms: list[str]
    note: str | None = None


class Redirect(NamedTuple):
    """An id that was merged or dropped: `show OLD-ID` still answers, with this note."""
    id: str
    to: str | None
    note: str


class Entity(NamedTuple):
    id: str
    type: str
    zh: str
    en: str
    aliases: Sequence[str] = ()
    industries: Sequence[str] = ()
    company: str | None = None
    parent: str | None = None
    role_zh: str | None = None
    role_en: str | None = None
    note: str | None = None
    nouns: Sequence[str] = ()  # common nouns the article uses for it (项目 for a project group): the subject rule reads them


def short_name_en(entity: Entity) -> str:
    """The English name tables and statements use: for the zone, its first English alias (Baotou Rare Earth
    Hi-Tech Zone rather than its full official name); for anything else, its name."""
    if entity.type == "zone":
        return next((alias for alias in entity.aliases if alias.isascii()), entity.en)
    return entity.en


class Source(NamedTuple):
    id: str
    path: str
    sha256: str
    headline_zh: str
    headline_en: str
    byline_zh: str
    byline_en: str
    written: str | None = None


def as_dict(value):
    """A model record as plain data (nested records too), for JSON and the other machine formats."""
    if isinstance(value, tuple) and hasattr(value, "_asdict"):
        return {name: as_dict(item) for name, item in zip(value._fields, value, strict=True)}
    if isinstance(value, list):
        return [as_dict(item) for item in value]
    return value


# The order of a fact record's keys (the JSON contract of `export`): the model's, with where it comes from last.
FACT_FIELDS = [name for name in Fact._fields if name != "source"] + ["source"]


def fact_record(fact: Fact) -> dict:
    """A fact exactly as the facts file has it, with every optional field present (null or empty): what
    `export --json` and `show --json` print."""
    return {name: as_dict(getattr(fact, name)) for name in FACT_FIELDS}


class FactRow(TypedDict):
    """A fact in brief, as lists of facts print it (`facts`, `training`): fields of its record, `quantities`
    named `figures`. Declared here, beside the record, because a compiled store keeps each fact as its row
    (ready to print) and the rest of its record (FACT_REST_FIELDS)."""
    id: str
    topic: str
    kind: str
    en: str
    zh: str
    figures: list[Quantity]
    period: Period | None
    as_of: AsOf | None
    entities: list[str]
    industries: list[str]
    source: SourceRef


FACT_ROW_FIELDS = list(FactRow.__annotations__)
_IN_RECORD = {"figures": "quantities"}  # a row's field -> the record's, where the names differ
FACT_REST_FIELDS = [name for name in FACT_FIELDS if name not in {_IN_RECORD.get(f, f) for f in FACT_ROW_FIELDS}]


def fact_row(record: dict) -> dict:
    """A fact's row, from its record (fact_record)."""
    return {name: record[_IN_RECORD.get(name, name)] for name in FACT_ROW_FIELDS}


# Each field of a fact's record, and its name in the row (None: in the rest).
_JOIN = [(name, next((f for f in FACT_ROW_FIELDS if _IN_RECORD.get(f, f) == name), None)) for name in FACT_FIELDS]


def joined_record(row: dict, rest: dict) -> dict:
    """A fact's record again, from its row and the rest of it (FACT_REST_FIELDS)."""
    return {name: rest[name] if in_row is None else row[in_row] for name, in_row in _JOIN}


def entity_roles(fact: Fact) -> list[tuple[str, str]]:
    """Each entity a fact names and how: ('entity', once each, as listed), then ('speaker')."""
    return [(e, "entity") for e in dict.fromkeys(fact.entities)] + ([(fact.speaker, "speaker")] if fact.speaker else [])


def about_ids(fact: Fact) -> list[str]:
    """The entities a fact is about: those it lists, then its speaker (each once)."""
    return list(dict.fromkeys(entity_id for entity_id, _ in entity_roles(fact)))


def about_entities(fact: Fact, entity_by_id: Mapping[str, Entity]) -> list[Entity]:
    """The entities a fact is about (about_ids) that the file declares: an unknown id is the checks' to report."""
    return [entity_by_id[i] for i in about_ids(fact) if i in entity_by_id]


def entity_references(fact: Fact) -> list[tuple[tuple, str]]:
    """(field path within the fact, entity id) for every entity id a fact names: each of its entities, its
    speaker, each figure's subject. Each must exist, in a curated fact and in a draft alike."""
    return [*((("entities", i), e) for i, e in enumerate(fact.entities)),
            *([(("speaker",), fact.speaker)] if fact.speaker is not None else []),
            *((("quantities", i, "subject"), q.subject) for i, q in enumerate(fact.quantities)
              if q.subject is not None)]


class FactList(Sequence):
    """Facts chosen by a query, built from their store only when first read (a query that prints stored JSON
    never builds them)."""

    def __init__(self, factset: FactSet, positions: list[int]) -> None:
        self._factset = factset
        self._positions = positions
        self._facts: list[Fact] | None = None

    def __len__(self) -> int:
        return len(self._positions)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return FactList(self._factset, self._positions[index])
        if self._facts is None:  # one fact: build that one only
            return self._factset._build([self._positions[index]])[0]
        return self._facts[index]

    def __iter__(self):
        return iter(self._all())

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    def __repr__(self) -> str:
        return f"FactList({[f.id for f in self]!r})"

    def _all(self) -> list[Fact]:
        if self._facts is None:
            self._facts = self._factset._build(self._positions)
        return self._facts

    def encoded(self) -> list[str]:
        """Each fact's row (fact_row) as `--json` prints it, as the store keeps it: no Fact is built."""
        return self._factset.store.encoded(self._positions)

    def records(self) -> list[dict]:
        """Each fact's record (fact_record) as plain values: from the store's JSON, no Fact is built."""
        return self._factset.store.records(self._positions)


class FactSet:
    """Everything one facts file holds, and the one way to ask for its facts. The facts live in a SQLite
    database (data/sqlite_store.py), whatever made the FactSet: a cached compiled file, or facts at hand (a file
    just parsed, drafts, a test's hand-built facts) compiled into one in memory. One engine answers every
    question, in `verify` as in a query."""

    def __init__(self, path: Path, sources: list[Source], entities: list[Entity],
                 facts: Sequence[Fact] | SqliteStore, *, measures: Sequence[Measure] = (),
                 synonyms: Sequence[Synonyms] = (), redirects: Sequence[Redirect] = (),
                 allow_outside_sources: bool = False) -> None:
        self.path = path
        # How the file was opened: may its articles lie outside its directory (read later: cite, export, checks)?
        self.allow_outside_sources = allow_outside_sources
        self.sources = sources
        self.entities = entities
        self._built: dict[int, Fact] = {}
        self._full_text: sqlite3.Connection | None = None  # made on the first search
        self.measures = list(measures)
        self.synonyms = list(synonyms)
        self.redirects = list(redirects)
        self.measure_by_id = {m.id: m for m in self.measures}
        self.redirect_by_id = {r.id: r for r in self.redirects}
        self.source_by_id = {s.id: s for s in sources}
        self.entity_by_id = {e.id: e for e in entities}
        if isinstance(facts, Sequence):
            from baotou_cli.data import sqlite_store

            facts = list(facts)
            facts_store = sqlite_store.SqliteStore(sqlite_store.compile_factset(
                sqlite_store.Records(sources, entities, facts, self.measures, self.synonyms, self.redirects), ""))
            # The facts at hand stay built: reading them back from the database would decode each one again.
            self._built = dict(enumerate(facts))
        else:
            facts_store = facts
        # Where the facts live: for data/ modules (sqlite_store, search_index) only; queries use the methods below.
        self.store: SqliteStore = facts_store

    def with_facts(self, facts: Sequence[Fact], *, sources: list[Source] | None = None) -> FactSet:
        """The same facts file (names, measures, how it was opened) holding other facts: one source's, drafts."""
        return FactSet(self.path, self.sources if sources is None else sources, self.entities, facts,
                       measures=self.measures, synonyms=self.synonyms, redirects=self.redirects,
                       allow_outside_sources=self.allow_outside_sources)

    def __len__(self) -> int:
        return self.store.count()

    def __iter__(self):
        return iter(self.facts)

    @property
    def facts(self) -> FactList:
        """Every fact, in the file's order."""
        return FactList(self, list(range(len(self))))

    @cached_property
    def fact_ids(self) -> list[str]:
        return self.store.ids()

    def topic_counts(self) -> dict[str, int]:
        """How many facts each topic has, topics in the order the file first names them."""
        return self.store.topic_counts()

    def source_path(self, source: Source) -> Path:
        return self.path.parent / source.path

    def fact(self, fact_id: str) -> Fact | None:
        position = self.store.position(fact_id)
        return None if position is None else self._build([position])[0]

    def entity(self, entity_id: str) -> Entity | None:
        return self.entity_by_id.get(entity_id)

    def select(self, *, topic: str | None = None, kinds: tuple[str, ...] | None = None, industry: str | None = None,
               entity: str | None = None, with_quantities: bool = False, limit: int | None = None) -> FactList:
        """The facts that match every filter given, in the file's order (the first `limit` of them). `entity`:
        facts about it (listed in `entities` or as the speaker)."""
        return FactList(self, self.store.select(topic, tuple(kinds) if kinds is not None else None, industry,
                                                 entity, with_quantities, limit))

    def first_per_quote(self, kinds: tuple[str, ...], source_id: str) -> FactList:
        """Of the facts of these kinds citing this source, the first with each quote, in the file's order (the
        headings and captions of an article, each once however many facts repeat them)."""
        return FactList(self, self.store.first_per_quote(tuple(kinds), source_id))

    def with_figure(self, measure: str, subject: str | None) -> list[Fact]:
        """The facts with a figure of this measure and subject, in file order (an index look-up once compiled:
        an answer is checked against other sources without reading every fact)."""
        return self._build(self.store.with_figure(measure, subject))

    def facts_about(self, entity_ids) -> dict[str, list[Fact]]:
        """The facts about each of these entities (listed in `entities` or as the speaker), in file order;
        entities no fact is about are left out."""
        about = self.store.about(set(entity_ids))
        self._build(sorted({p for positions in about.values() for p in positions}))  # one batch, not one each
        return {entity_id: self._build(positions) for entity_id, positions in about.items()}

    def at(self, positions: list[int]) -> list[Fact]:
        """Facts by their place in the file, as full-text hits name them (data/search_index.py), built in one batch."""
        return self._build(positions)

    def database(self) -> sqlite3.Connection:
        """A copy, in memory, of the database these facts are compiled into: to add tables to and write out
        (`export --format sqlite`), leaving the one queries read untouched."""
        return self.store.copy()

    def full_text(self) -> sqlite3.Connection:
        """The SQLite connection that holds this file's full-text index (data/search_index.py), from its store
        (a cached file beside the compiled one, or built in memory), once per FactSet."""
        if self._full_text is None:
            self._full_text = self.store.full_text(self)
        return self._full_text

    def _build(self, positions: list[int]) -> list[Fact]:
        missing = [p for p in dict.fromkeys(positions) if p not in self._built]
        if missing:
            self._built.update(zip(missing, self.store.facts(missing), strict=True))
        return [self._built[p] for p in positions]


def _quantity(data: dict) -> Quantity:
    return Quantity(**{**data, "qualifiers": list(data.get("qualifiers") or ())})


def build_fact(data: dict) -> Fact:
    values = dict(data)
    values["source"] = SourceRef(**data["source"])
    values["quantities"] = [_quantity(q) for q in data.get("quantities") or ()]
    values["labels"] = [Label(**label) for label in data.get("labels") or ()]
    if data.get("period") is not None:
        values["period"] = Period(**data["period"])
    if data.get("as_of") is not None:
        values["as_of"] = AsOf(**data["as_of"])
    for name in ("entities", "industries"):
        values[name] = list(data.get(name) or ())
    return Fact(**values)


def build_entity(data: dict) -> Entity:
    return Entity(**{**data, "aliases": list(data.get("aliases") or ()),
                     "industries": list(data.get("industries") or ()), "nouns": list(data.get("nouns") or ())})


def build_factset(data: dict, path: Path, *, allow_outside_sources: bool = False) -> FactSet:
    """Turn validated plain data into the model."""
    return FactSet(path, [Source(**s) for s in data["sources"]], [build_entity(e) for e in data.get("entities") or ()],
                   [build_fact(f) for f in data["facts"]], **build_extras(data),
                   allow_outside_sources=allow_outside_sources)


def build_extras(data: dict) -> dict:
    """The measures, synonyms and redirects of a facts file, as FactSet keyword arguments."""
    return {"measures": [Measure(**m) for m in data.get("measures") or ()],
            "synonyms": [Synonyms(terms=list(s["terms"]), note=s.get("note")) for s in data.get("synonyms") or ()],
            "redirects": [Redirect(**{"to": None, **r}) for r in data.get("redirects") or ()]}  # `to` is optional
