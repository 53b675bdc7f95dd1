"""The typed facts model: sources, entities and facts, as the rest of baotou sees them.

Built only from data that `schema.validate` has accepted, so construction here trusts its input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(slots=True, kw_only=True)
class Quantity:
    measure: str
    raw: str
    value: float | int | None = None  # null where the article gives no exact number (数十根)
    unit: str
    qualifiers: list[str] = field(default_factory=list)
    noun: str | None = None
    basis: str | None = None
    hectares: float | None = None


@dataclass(slots=True, kw_only=True)
class Period:
    raw: str
    start: str | None = None
    end: str | None = None
    context_year: int | None = None


@dataclass(slots=True, kw_only=True)
class AsOf:
    raw: str
    date: str | None = None
    context_year: int | None = None


@dataclass(slots=True, kw_only=True)
class Label:
    raw: str
    en: str


@dataclass(slots=True, kw_only=True)
class SourceRef:
    id: str
    quote: str


@dataclass(slots=True, kw_only=True)
class Fact:
    id: str
    topic: str
    kind: str
    zh: str
    en: str
    source: SourceRef
    quantities: list[Quantity] = field(default_factory=list)
    period: Period | None = None
    as_of: AsOf | None = None
    status: str | None = None
    phase: int | None = None
    entities: list[str] = field(default_factory=list)
    industries: list[str] = field(default_factory=list)
    speaker: str | None = None
    labels: list[Label] = field(default_factory=list)
    note: str | None = None


@dataclass(slots=True, kw_only=True)
class Entity:
    id: str
    type: str
    zh: str
    en: str
    aliases: list[str] = field(default_factory=list)
    industries: list[str] = field(default_factory=list)
    company: str | None = None
    parent: str | None = None
    role_zh: str | None = None
    role_en: str | None = None
    note: str | None = None


@dataclass(slots=True, kw_only=True)
class Source:
    id: str
    path: str
    sha256: str
    headline_zh: str
    headline_en: str
    byline_zh: str
    byline_en: str
    written: str | None = None


@dataclass
class FactSet:
    """Everything one facts file holds, with indexes by id."""

    path: Path
    sources: list[Source]
    entities: list[Entity]
    facts: list[Fact]

    def __post_init__(self) -> None:
        self.source_by_id = {s.id: s for s in self.sources}
        self.entity_by_id = {e.id: e for e in self.entities}
        self.fact_by_id = {f.id: f for f in self.facts}

    def source_path(self, source: Source) -> Path:
        return self.path.parent / source.path


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


def build_factset(data: dict, path: Path) -> FactSet:
    """Turn validated plain data into the model."""
    return FactSet(
        path=path,
        sources=[Source(**s) for s in data["sources"]],
        entities=[Entity(**{**e, "aliases": list(e.get("aliases") or ()), "industries": list(e.get("industries") or ())})
                  for e in data.get("entities") or ()],
        facts=[build_fact(f) for f in data["facts"]],
    )
