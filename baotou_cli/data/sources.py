"""Several articles in one facts file: where two of them give different values for the same measured thing.

Two quantities measure the same thing when they have the same measure, subject, unit and basis and their facts
the same period and as-of date (`_measured`; not `queries.figure_identity`, which says when two facts quote one
figure of one article). Different values from different sources are a conflict to show, not an error:
a later article may correct an earlier one, and both stay quoted as they are (`verify` warns; the SQLite
export's `conflicts` table lists them side by side).
"""

from __future__ import annotations

from typing import NamedTuple

from baotou_cli.data.model import Fact, FactList, FactSet, Quantity


class Conflict(NamedTuple):
    first: tuple[Fact, Quantity]
    second: tuple[Fact, Quantity]


def _measured(fact: Fact, quantity: Quantity) -> tuple:
    """What a figure measures, whose, and when (see the module's docstring)."""
    period = (fact.period.start, fact.period.end) if fact.period else None
    return (quantity.measure, quantity.subject, quantity.unit, quantity.basis, period,
            fact.as_of.date if fact.as_of else None)


def conflicts(factset: FactSet) -> list[Conflict]:
    """Pairs of figures from different sources that measure the same thing with different values."""
    if len(factset.sources) < 2:
        return []
    seen: dict[tuple, list[tuple[Fact, Quantity]]] = {}
    found = []
    for fact in factset.facts:
        for quantity in fact.quantities:
            key = _measured(fact, quantity)
            for other_fact, other in seen.get(key, ()):
                if other_fact.source.id != fact.source.id and other.value != quantity.value:
                    found.append(Conflict((other_fact, other), (fact, quantity)))
            seen.setdefault(key, []).append((fact, quantity))
    return found


def conflicts_of(factset: FactSet, fact: Fact) -> list[Conflict]:
    """The conflicts that involve this fact's figures (as `conflicts` finds them), looking only at the facts
    that share a figure's measure and subject: an answer is checked without reading the whole file."""
    if len(factset.sources) < 2:
        return []
    found = []
    for quantity in fact.quantities:
        key = _measured(fact, quantity)
        for other in factset.with_figure(quantity.measure, quantity.subject):
            if other.source.id == fact.source.id:
                continue
            found += [Conflict((fact, quantity), (other, theirs)) for theirs in other.quantities
                      if _measured(other, theirs) == key and theirs.value != quantity.value]
    return found


def of_source(chosen: FactList, source_id: str | None, limit: int | None) -> FactList:
    """The chosen facts that quote this source (all of them for None), the first `limit` of them."""
    if source_id is None:
        return chosen if limit is None else chosen[:limit]
    keep = [index for index, fact in enumerate(chosen) if fact.source.id == source_id]
    positions = chosen._positions  # noqa: SLF001 - a FactList of the same file, fewer facts
    return FactList(chosen._factset, [positions[i] for i in (keep[:limit] if limit is not None else keep)])


def require_source(factset: FactSet, source_id: str) -> None:
    """Raise QueryError unless the facts file has a source of this id (a word the user typed)."""
    from baotou_cli.errors import QueryError

    if source_id not in factset.source_by_id:
        raise QueryError(f"unknown source {source_id!r}; valid: {', '.join(factset.source_by_id)}")


def restricted(factset: FactSet, source_id: str) -> FactSet:
    """The facts file as if it held one article: that source's facts (and that source first, for titles)."""
    require_source(factset, source_id)
    sources = [factset.source_by_id[source_id], *(s for s in factset.sources if s.id != source_id)]
    return factset.with_facts([f for f in factset.facts if f.source.id == source_id], sources=sources)
