"""`show` and `cite`: one record by id, name or alias, and what is known around it (an entity's facts, where
a fact's quote stands, the old id it was asked by). Records only: render/record_card.py words them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from baotou_cli.questions import quote_location, queries
from baotou_cli.questions.records import ShownRecord, fields
from baotou_cli.errors import NotAFact
from baotou_cli.data.model import Entity, Fact, FactSet, Redirect, fact_record

SHOW_FIELDS = fields(ShownRecord)


@dataclass
class FoundRecord:
    row: dict[str, Any]  # the record `show --json` prints (SHOW_FIELDS)
    record: Fact | Entity
    about: list[Fact] = field(default_factory=list)  # an entity's facts, in the facts file's order
    context: dict[str, Any] | None = None  # a fact's quote in its article (quote_location.quote_context)
    asked_as: str | None = None  # the old id it was asked by, merged into this record
    redirect: Redirect | None = None  # and the note saying so


def found_record(factset: FactSet, record_id: str) -> FoundRecord:
    """The fact or entity `record_id` names (an id, an old id merged into another, a name or an alias)."""
    record = queries.find_record(factset, record_id)
    if isinstance(record, Fact):
        context = quote_location.quote_context(factset, record)
        found = FoundRecord({"id": record.id, "record": "fact", "type": record.topic, "data": fact_record(record),
                             "context": context}, record, context=context)
    else:
        data = next(r for r in queries.entity_rows(factset, (record.type,)) if r["id"] == record.id)
        found = FoundRecord({"id": record.id, "record": "entity", "type": record.type, "data": data,
                             "context": None}, record, about=factset.facts_about({record.id}).get(record.id, []))
    if record.id != record_id and record_id in factset.redirect_by_id:  # an old id, merged into this one
        found.asked_as, found.redirect = record_id, factset.redirect_by_id[record_id]
        found.row["context"] = {**(found.row["context"] or {}), "redirected_from": record_id,
                                "redirect_note": found.redirect.note}
    return found


def cited_fact(factset: FactSet, record_id: str) -> dict:
    """Where the fact `record_id` names stands in its article (quote_location.citation); an entity has no quote."""
    record = queries.find_record(factset, record_id)
    if not isinstance(record, Fact):
        raise NotAFact(f"{record_id!r} is an entity, not a fact: only facts have a quote to cite",
                       entity_id=record_id)
    return quote_location.citation(factset, record)
