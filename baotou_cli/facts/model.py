"""The typed facts model: sources, entities and facts, as the rest of baotou sees them.

Built only from data that `schema.validate` has accepted, so construction here trusts its input.
Records are typed named tuples: immutable, and about four times cheaper to define than dataclasses,
which matters because every query pays for defining them at start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cached_property
from pathlib import Path
from typing import NamedTuple


class Quantity(NamedTuple):
    measure: str
    raw: str
    value: float | int | None = None  # null where the article gives no exact number (数十根)
    unit: str = ""
    qualifiers: list[str] = ()
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
    quantities: list[Quantity] = ()
    period: Period | None = None
    as_of: AsOf | None = None
    status: str | None = None
    phase: int | None = None
    entities: list[str] = ()
    industries: list[str] = ()
    speaker: str | None = None
    labels: list[Label] = ()
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
    aliases: list[str] = ()
    industries: list[str] = ()
    company: str | None = None
    parent: str | None = None
    role_zh: str | None = None
    role_en: str | None = None
    note: str | None = None


class Source(NamedTuple):
    id: str
    path: str
    sha256: str
    headline_zh: str
    headline_en: str
    byline_zh: str
    byline_en: str
    written: str | None = None


# A fact record's keys: the model's fields in order, except that where it comes from goes last.
FACT_FIELDS = [name for name in Fact._fields if name != "source"] + ["source"]


def fact_record(fact: Fact) -> dict:
    """A fact exactly as the facts file has it, with every optional field present (null or empty)."""
    data = as_dict(fact)
    return {name: data[name] for name in FACT_FIELDS}


def as_dict(value):
    """A model record as plain data (nested records too), for JSON and the other machine formats."""
    if isinstance(value, tuple) and hasattr(value, "_asdict"):
        return {name: as_dict(item) for name, item in zip(value._fields, value, strict=True)}
    if isinstance(value, list):
        return [as_dict(item) for item in value]
    return value


# What queries filter on, kept for every fact so that a query builds only the facts it shows:
# (id, topic, kind, entities, industries, speaker, number of quantities).
FactKey = tuple


def fact_key(fact: Fact) -> FactKey:
    return (fact.id, fact.topic, fact.kind, list(fact.entities), list(fact.industries), fact.speaker,
            len(fact.quantities))


def entity_index(keys: list[FactKey]) -> dict[str, list[int]]:
    """Positions of the facts about each entity (listed in `entities` or as the speaker)."""
    found: dict[str, list[int]] = {}
    for index, (_, _, _, entities, _, speaker, _) in enumerate(keys):
        for entity_id in dict.fromkeys([*entities, *([speaker] if speaker else [])]):
            found.setdefault(entity_id, []).append(index)
    return found


class FactSet:
    """Everything one facts file holds. `facts` may build each Fact only when it is first read, and the
    keys and the entity index may be read only when first needed (the cache does both), so queries
    select through `select` and `about` and build only the facts they show."""

    def __init__(self, path: Path, sources: list[Source], entities: list[Entity], facts: Sequence[Fact],
                 keys: Callable[[], list[FactKey]] | None = None,
                 index: Callable[[], dict[str, list[int]]] | None = None, *,
                 measures: list[Measure] = (), synonyms: list[Synonyms] = (),
                 redirects: list[Redirect] = ()) -> None:
        self.path = path
        self.sources = sources
        self.entities = entities
        self.facts = facts
        self.measures = list(measures)
        self.synonyms = list(synonyms)
        self.redirects = list(redirects)
        self.measure_by_id = {m.id: m for m in self.measures}
        self.redirect_by_id = {r.id: r for r in self.redirects}
        self._load_keys = keys or (lambda: [fact_key(f) for f in facts])
        self._load_index = index or (lambda: entity_index(self.keys))
        self.source_by_id = {s.id: s for s in sources}
        self.entity_by_id = {e.id: e for e in entities}

    @cached_property
    def keys(self) -> list[FactKey]:
        return self._load_keys()

    @cached_property
    def _index(self) -> dict[str, list[int]]:
        return self._load_index()

    @cached_property
    def _position(self) -> dict[str, int]:
        return {key[0]: index for index, key in enumerate(self.keys)}

    def source_path(self, source: Source) -> Path:
        return self.path.parent / source.path

    def fact(self, fact_id: str) -> Fact | None:
        position = self._position.get(fact_id)
        return None if position is None else self.facts[position]

    @property
    def fact_ids(self) -> list[str]:
        return [key[0] for key in self.keys]

    def take(self, indexes) -> list[Fact]:
        """The facts at these positions (built together when the facts are built lazily)."""
        take = getattr(self.facts, "take", None)
        return take(indexes) if take else [self.facts[i] for i in indexes]

    def select(self, *, topic: str | None = None, kinds: tuple[str, ...] | None = None, industry: str | None = None,
               with_quantities: bool = False) -> list[Fact]:
        return self.take(index for index, (_, fact_topic, kind, _, industries, _, quantities) in enumerate(self.keys)
                         if (topic is None or fact_topic == topic) and (kinds is None or kind in kinds)
                         and (industry is None or industry in industries) and (quantities or not with_quantities))

    def about(self, entity_ids: set[str]) -> dict[str, list[int]]:
        """Positions of the facts about each of these entities (in `entities` or as the speaker)."""
        return {entity_id: self._index[entity_id] for entity_id in entity_ids if entity_id in self._index}


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
                     "industries": list(data.get("industries") or ())})


def build_factset(data: dict, path: Path) -> FactSet:
    """Turn validated plain data into the model."""
    return FactSet(path, [Source(**s) for s in data["sources"]], [build_entity(e) for e in data.get("entities") or ()],
                   [build_fact(f) for f in data["facts"]], **build_extras(data))


def build_extras(data: dict) -> dict:
    """The measures, synonyms and redirects of a facts file, as FactSet keyword arguments."""
    return {"measures": [Measure(**m) for m in data.get("measures") or ()],
            "synonyms": [Synonyms(terms=list(s["terms"]), note=s.get("note")) for s in data.get("synonyms") or ()],
            "redirects": [Redirect(r["id"], r.get("to"), r["note"]) for r in data.get("redirects") or ()]}
