"""The JSON Schema of every command's --json records: the contract scripts rely on.

Tests validate the real output of every command against these schemas, so the two cannot drift apart.
"""

from __future__ import annotations

from baotou_cli.ask import queries
from baotou_cli.ask.citing import CITE_FIELDS
from baotou_cli.ask.search import MATCH_FIELDS, SEARCH_FIELDS
from baotou_cli.show.cache_report import CACHE_FIELDS, ENTRY_FIELDS
from baotou_cli.show.details import SHOW_FIELDS, SUMMARY_FIELDS
from baotou_cli.errors import QueryError
from baotou_cli.facts.model import FACT_FIELDS, Quantity
from baotou_cli.facts.terms import BASES, CERTAINTIES, INDUSTRIES, KINDS, QUALIFIERS, STATUSES, TOPICS, UNITS

TEXT = {"type": "string"}
NUMBER = {"type": "number"}
INTEGER = {"type": "integer"}
TEXTS = {"type": "array", "items": TEXT}


def nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def enum(values) -> dict:
    return {"type": "string", "enum": list(values)}


def record(fields: list[str], types: dict[str, dict]) -> dict:
    """An object with exactly these keys, all present, in the order the CLI prints them."""
    missing = [name for name in fields if name not in types]
    if missing:
        raise ValueError(f"no type for {missing}")  # a field added to a record must be described here
    return {"type": "object", "properties": {name: types[name] for name in fields}, "required": list(fields),
            "additionalProperties": False}


QUANTITY = record(list(Quantity._fields), {
    "measure": TEXT, "raw": TEXT, "value": nullable(NUMBER), "unit": enum(UNITS),
    "qualifiers": {"type": "array", "items": enum(QUALIFIERS)}, "noun": nullable(TEXT),
    "basis": nullable(enum(BASES)), "hectares": nullable(NUMBER), "subject": nullable(TEXT)})
PERIOD = nullable(record(["raw", "start", "end", "context_year"], {
    "raw": TEXT, "start": nullable(TEXT), "end": nullable(TEXT), "context_year": nullable(INTEGER)}))
AS_OF = nullable(record(["raw", "date", "context_year"], {
    "raw": TEXT, "date": nullable(TEXT), "context_year": nullable(INTEGER)}))
QUANTITIES = {"type": "array", "items": QUANTITY}
INDUSTRY_LIST = {"type": "array", "items": enum(INDUSTRIES)}

FACT = record(FACT_FIELDS, {
    "id": TEXT, "topic": enum(TOPICS), "kind": enum(KINDS), "zh": TEXT, "en": TEXT, "quantities": QUANTITIES,
    "period": PERIOD, "as_of": AS_OF, "status": nullable(enum(STATUSES)), "phase": nullable(INTEGER),
    "entities": TEXTS, "industries": INDUSTRY_LIST, "speaker": nullable(TEXT),
    "labels": {"type": "array", "items": record(["raw", "en"], {"raw": TEXT, "en": TEXT})},
    "note": nullable(TEXT), "headline": nullable(INTEGER),
    "source": record(["id", "quote"], {"id": TEXT, "quote": TEXT})})
# A project's figure: the quantity, and when it holds (the period and as-of date of the fact it comes from).
PROJECT_FIGURES = {"type": "array", "items": record([*QUANTITY["properties"], "period", "as_of"],
                                                    {**QUANTITY["properties"], "period": PERIOD, "as_of": AS_OF})}
PROJECT = record(queries.PROJECT_FIELDS, {
    "id": TEXT, "name_en": TEXT, "name_zh": TEXT, "company": nullable(TEXT), "company_en": nullable(TEXT),
    "company_zh": nullable(TEXT), "industries": INDUSTRY_LIST, "status": {"type": "array", "items": enum(STATUSES)},
    "phases": {"type": "array", "items": record(["phase", "status"], {
        "phase": INTEGER, "status": {"type": "array", "items": enum(STATUSES)}})},
    "capacity": PROJECT_FIGURES, "investment": PROJECT_FIGURES, "investment_cny": nullable(NUMBER),
    "figures": PROJECT_FIGURES,
    "fact_ids": TEXTS, "note": nullable(TEXT)})
METRIC = record(queries.METRIC_FIELDS, {
    "fact_id": TEXT, "topic": enum(TOPICS), "measure": TEXT, "subject": nullable(TEXT), "figure_raw": TEXT,
    "value": nullable(NUMBER), "unit": enum(UNITS), "noun": nullable(TEXT),
    "qualifiers": {"type": "array", "items": enum(QUALIFIERS)}, "certainty": enum(CERTAINTIES),
    "basis": nullable(enum(BASES)), "change": nullable(QUANTITY), "period": PERIOD, "as_of": AS_OF,
    "industries": INDUSTRY_LIST, "entities": TEXTS, "headline": nullable(INTEGER), "en": TEXT, "zh": TEXT})
GROUP = record(queries.GROUP_FIELDS, {
    "group": TEXT, "figures": {"type": "array", "items": METRIC}, "fact_ids": TEXTS, "total": nullable(NUMBER),
    "total_unit": nullable(enum(UNITS)), "total_note": nullable(enum(queries.TOTAL_NOTES))})
FACT_ROW = record(queries.FACT_ROW_FIELDS, {
    "id": TEXT, "topic": enum(TOPICS), "kind": enum(KINDS), "en": TEXT, "zh": TEXT, "figures": QUANTITIES,
    "period": PERIOD, "as_of": AS_OF, "entities": TEXTS, "industries": INDUSTRY_LIST})
ENTITY = record(queries.ENTITY_FIELDS, {
    "id": TEXT, "type": TEXT, "name_en": TEXT, "name_zh": TEXT, "aliases": TEXTS, "industries": INDUSTRY_LIST,
    "parent": nullable(TEXT), "company": nullable(TEXT), "role_en": nullable(TEXT), "role_zh": nullable(TEXT),
    "note": nullable(TEXT), "projects": TEXTS, "fact_ids": TEXTS})
QUOTE = record(queries.QUOTE_FIELDS, {name: nullable(TEXT) if name.startswith("role") else TEXT
                                      for name in queries.QUOTE_FIELDS})
SEARCH = record(SEARCH_FIELDS, {
    "id": TEXT, "record": enum(["fact", "entity"]), "type": TEXT,
    "score": {**NUMBER, "description": "bm25 relevance (higher is better), comparable within one search only"},
    "matched": {"type": "array", "uniqueItems": True, "items": record(["field", "snippet"], {
        "field": enum(MATCH_FIELDS), "snippet": TEXT})},
    "en": TEXT, "zh": TEXT})
SHOW = record(SHOW_FIELDS, {"id": TEXT, "record": enum(("fact", "entity")), "type": TEXT,
                            "data": {"anyOf": [FACT, ENTITY]},
                            "context": nullable({"type": "object"})})
SUMMARY = record(SUMMARY_FIELDS, {"topic": enum(TOPICS), "facts": INTEGER, "figures": INTEGER,
                                  "highlights": {"type": "array", "items": METRIC}})
TIMELINE = record(queries.TIMELINE_FIELDS, {
    "when": TEXT, "start": nullable(TEXT), "end": nullable(TEXT), "as_of": nullable(TEXT), "raw": TEXTS,
    "fact_ids": TEXTS, "figures": {"type": "array", "items": {"type": "object"}}, "en": TEXTS, "zh": TEXTS})
BAR = record(queries.BAR_FIELDS, {
    "chart": enum(queries.CHARTS), "label": TEXT, "value": NUMBER, "unit": enum(UNITS), "raw": TEXT,
    "qualifiers": {"type": "array", "items": enum(QUALIFIERS)}, "certainty": enum(CERTAINTIES),
    "basis": nullable(enum(BASES)), "measure": TEXT, "subject": nullable(TEXT), "period": PERIOD, "as_of": AS_OF,
    "fact_id": TEXT, "owner_en": nullable(TEXT), "owner_zh": nullable(TEXT), "zh": TEXT})
CITE = record(CITE_FIELDS, {name: INTEGER if name in ("line", "paragraph_in_section") else
                            nullable(TEXT) if name.startswith("section_") else TEXT for name in CITE_FIELDS})

RECORDS = {
    "projects": PROJECT, "investment": {"anyOf": [METRIC, GROUP]}, "industry": {"anyOf": [METRIC, GROUP]},
    "training": FACT_ROW, "facts": FACT_ROW, "companies": ENTITY, "people": QUOTE, "search": SEARCH, "show": SHOW,
    "summary": SUMMARY, "export": FACT, "timeline": TIMELINE, "chart": BAR, "cite": CITE,
}


# `draft --json`: what a draft proposes. English, measures and subjects may be null (left to the curator).
DRAFT_REPORT = record(["line", "raw", "status", "fact_id", "why"], {
    "line": INTEGER, "raw": TEXT, "status": enum(("drafted", "covered", "repeated", "date", "not-a-figure",
                                                  "not-understood")),
    "fact_id": nullable(TEXT), "why": nullable(TEXT)})
DRAFT_FACT = record(["id", "draft", *FACT_FIELDS[1:]], {
    **FACT["properties"], "draft": {"const": True}, "en": nullable(TEXT),
    "quantities": {"type": "array", "items": record(list(Quantity._fields), {
        **QUANTITY["properties"], "measure": nullable(TEXT)})}})
DRAFT = record(["source", "entities", "facts", "report"], {
    "source": record(["id", "path", "sha256", "headline_zh", "headline_en", "byline_zh", "byline_en", "written"], {
        "id": TEXT, "path": TEXT, "sha256": TEXT, "headline_zh": nullable(TEXT), "headline_en": {"type": "null"},
        "byline_zh": nullable(TEXT), "byline_en": {"type": "null"}, "written": {"type": "null"}}),
    "entities": {"type": "array", "items": record(["id", "draft", "type", "zh", "en", "note"], {
        "id": TEXT, "draft": {"const": True}, "type": enum(("company", "body")), "zh": TEXT, "en": {"type": "null"},
        "note": TEXT})},
    "facts": {"type": "array", "items": DRAFT_FACT},
    "report": {"type": "array", "items": DRAFT_REPORT}})

# Commands whose --json is one object, not an array of records.
OBJECTS = {"cache": record(CACHE_FIELDS, {
    "directory": nullable(TEXT), "reason": nullable(TEXT), "total_bytes": INTEGER, "cleared": {"type": "boolean"},
    "entries": {"type": "array", "items": record(ENTRY_FIELDS, {
        "file": TEXT, "bytes": INTEGER, "temporary": {"type": "boolean"}, "modified": TEXT})}}),
    "draft": DRAFT}


def schema_for(command: str) -> dict:
    """The JSON Schema of `baotou COMMAND --json`: an array of records (one object for `cache`). Raises
    QueryError."""
    if command in OBJECTS:
        return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": f"baotou {command} --json",
                **OBJECTS[command]}
    if command not in RECORDS:
        raise QueryError(f"no JSON records for {command!r}; commands with --json: "
                         f"{', '.join([*RECORDS, *OBJECTS])}")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"baotou {command} --json",
        "type": "array",
        "items": RECORDS[command],
    }


def fields_of(command: str, grouped: bool = False) -> list[str]:
    """The keys of a command's --json records, in order; `grouped` picks the --by shape where there is one."""
    schema = RECORDS[command]
    if "anyOf" in schema:
        schema = schema["anyOf"][1 if grouped else 0]
    return list(schema["properties"])
