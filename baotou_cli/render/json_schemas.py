"""The JSON Schema of every command's --json records: the contract scripts rely on.

Tests validate the real output of every command against these schemas, so the two cannot drift apart.
"""

from __future__ import annotations

from baotou_cli.questions import queries, records
from baotou_cli.questions.search import MATCH_FIELDS
from baotou_cli.render.answer import AskRecord
import functools

from baotou_cli.render.cache_report import CacheReport
from baotou_cli.errors import QueryError
from baotou_cli.data.model import FACT_FIELDS, AsOf, Fact, Period, Quantity, SourceRef
from baotou_cli.data.vocabularies import BASES, CERTAINTIES, INDUSTRIES, KINDS, QUALIFIERS, STATUSES, TOPICS, UNITS

TEXT = {"type": "string"}
NUMBER = {"type": "number"}
INTEGER = {"type": "integer"}
TEXTS = {"type": "array", "items": TEXT}


def nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def enum(values) -> dict:
    return {"type": "string", "enum": list(values)}


# What each field means, said once: a field of the same name means the same thing in every record (a
# record may say more about its own, with `described`). Every field of every schema gets one; record() refuses
# a field without it, so a new field cannot reach the contract undescribed.
DESCRIPTIONS = {
    "id": "Stable id of the record (a fact or entity id: `baotou show ID`).",
    "topic": "The fact's topic (see `baotou summary`).",
    "kind": "What sort of fact: metric, project, statement, quote, caption...",
    "zh": "The fact's statement in Chinese, standing alone (names who or what and when).",
    "en": "The fact's statement in English, standing alone: baotou's rendering, not a published translation.",
    "quantities": "The fact's figures as the article gives them, each with its raw text and normalized value.",
    "figures": "Figures, each as the article gives it: raw text, normalized value, unit and qualifiers.",
    "measure": "What a figure measures (a measure id of the facts file, e.g. funds-in-place).",
    "raw": "The figure or date exactly as the article writes it (51.5亿元, 2022年1-8月).",
    "value": "The normalized value in base units (yuan, tonnes, percent numbers); null where the article gives "
             "no exact number.",
    "unit": "Unit of the value: CNY (yuan), t (tonnes), % (percent number), GW, mu and others.",
    "qualifiers": "What the article says about the figure: at-least, more-than, about, expected, planned, target, "
                  "design, project-total, record, first, cumulative. Expected or planned is not an outcome.",
    "noun": "What is counted, for counts (projects, classes); null otherwise.",
    "basis": "For a change: what it is measured against (year-on-year, previous-year); null for a level.",
    "hectares": "For an area in mu: the same area in hectares (mu / 15); null otherwise.",
    "subject": "Id of the entity the figure is about; null where the facts file cannot say.",
    "period": "When the figure holds: raw text and ISO start and end (2022-01, 2022); null if not stated.",
    "start": "First month or year of the period, ISO 8601 (2022-01); null if open.",
    "end": "Last month or year of the period, ISO 8601; null if open-ended (since 2020).",
    "context_year": "A year the facts file took from the article's context, not from this sentence; null if none.",
    "as_of": "The date a figure stands at (截至2022年10月底: as of 2022-10-31); null if none.",
    "date": "ISO 8601 date; null for 'at the time of writing'.",
    "status": "A project's status as the article gives it: signed, under-construction, in-production, completed, "
              "delivered.",
    "phase": "The project phase a fact is about; null if none.",
    "entities": "Ids of the entities the fact names.",
    "industries": "Industry slugs: rare-earth, intelligent-manufacturing, equipment-manufacturing, new-energy, "
                  "aluminium-copper.",
    "speaker": "Id of the person quoted; null if the fact is not a quote.",
    "labels": "Names the article gives in Chinese, with their English.",
    "note": "The facts file's note: how a reading was made and what the article does not say.",
    "headline": "Rank in the fact box (1 first); null if not a headline figure.",
    "source": "Where the fact comes from: the source id and the verbatim quote of the article.",
    "quote": "The article's sentence, verbatim (Chinese).",
    "name_en": "Name in English (the official name where there is one).",
    "name_zh": "Name in Chinese, as the article writes it.",
    "company": "Id of the company the project belongs to; null if the article names none.",
    "company_en": "The company's name in English; null if none.",
    "company_zh": "The company's name in Chinese; null if none.",
    "phases": "Each phase the article names, with its statuses.",
    "capacity": "The project's capacity figures, each with its period and as-of date.",
    "investment": "The project's investment figures (yuan), each with its certainty, period and as-of date.",
    "planned_investment_cny": "The largest investment figure that is planned, expected or a total planned "
                              "investment, in yuan: money planned, not spent. Null if none.",
    "invested_cny": "The largest investment figure the article gives as actually invested, in yuan. Null if none.",
    "fact_ids": "Ids of the facts this record is built from.",
    "fact_id": "Id of the fact the figure comes from.",
    "figure_raw": "The figure exactly as the article writes it.",
    "certainty": "One word for how certain the figure is: actual, expected, planned, target, design or "
                 "project-total.",
    "change": "A change of the figure (year-on-year), as a figure of its own; null if none.",
    "group": "The group's key: an industry slug, ISO period, measure id or unit.",
    "total": "The figures added up, only where that means something; else null (see total_note).",
    "total_unit": "Unit of the total; null when there is no total.",
    "total_note": "Why there is no total: one-figure, mixed-measures, not-additive, not-actual, inexact; null "
                  "when there is one.",
    "type": "An entity's type (company, zone, project...) or a fact's topic.",
    "aliases": "Other names the entity goes by, in both languages.",
    "parent": "Id of the entity this one belongs to; null if none.",
    "role_en": "A person's role in English; null if not a person.",
    "role_zh": "A person's role in Chinese; null if not a person.",
    "projects": "Ids of the projects of this company.",
    "speaker_en": "The speaker's name in English.",
    "speaker_zh": "The speaker's name in Chinese.",
    "record": "fact or entity.",
    "score": "bm25 relevance (higher is better), comparable within one search only.",
    "matched": "Where the search text matched: one entry per field and snippet.",
    "field": "The field that matched.",
    "snippet": "The text around the match.",
    "data": "The fact (as export gives it) or the entity.",
    "context": "Where the quote stands in its article (section, paragraph, line); null for an entity.",
    "facts": "How many facts the topic holds.",
    "highlights": "The topic's headline figures (all its figures with `summary TOPIC`), actual ones first.",
    "when": "ISO 8601 interval: 2022-01/2022-08, 2022, 2020/.. (since), ../2022-10-31 (as of), ../writing, undated.",
    "chart": "The chart the bar belongs to.",
    "label": "The measure's English label.",
    "owner_en": "English name of the entity the bar is about; null if none.",
    "owner_zh": "Chinese name of the entity the bar is about; null if none.",
    "sentence": "The whole sentence of the article that holds the quote.",
    "paragraph": "The whole paragraph of the article that holds the quote.",
    "line": "Line number of the paragraph in the article file.",
    "section_zh": "The section heading in Chinese; null in the opening section.",
    "section_en": "The section heading in English; null in the opening section.",
    "paragraph_in_section": "The paragraph's number within its section (1 first).",
    "citation_style": "The style of the citation lines (chicago-notes).",
    "citation_zh": "A citation line in Chinese, ready to paste.",
    "citation_en": "A citation line in English (Chicago notes style), ready to paste.",
    "directory": "The cache directory; null if there is none.",
    "reason": "Why there is no cache directory; null if there is one.",
    "entries": "The compiled facts files in the cache.",
    "total_bytes": "Bytes of all entries together.",
    "cleared": "True after `cache clear`.",
    "file": "The entry's file name.",
    "bytes": "The entry's size in bytes.",
    "temporary": "True for a temporary file left by an interrupted compile.",
    "modified": "When the entry was last written, ISO 8601.",
    "rank": "Place in the answer (1 first).",
    "role": "answer (the facts that answer the question) or see-also (related facts).",
    "question_kind": "What the question asks for: quantity, who, when or which; null if not recognised.",
    "lang": "The language of the question and of `statement`: en or zh.",
}


def record(fields: list[str], types: dict[str, dict], described: dict[str, str] | None = None,
           described_after: dict[str, str] | None = None) -> dict:
    """An object with exactly these keys, all present, in the order the CLI prints them, each described.
    `described_after`: descriptions that stand after their field's type (as first pinned)."""
    missing = [name for name in fields if name not in types]
    if missing:
        raise ValueError(f"no type for {missing}")  # a field added to a record must be described here
    texts = {**DESCRIPTIONS, **(described or {})}
    after = described_after or {}
    undescribed = [name for name in fields if name not in texts and name not in after
                   and "description" not in types[name]]
    if undescribed:
        raise ValueError(f"no description for {undescribed}: add it to DESCRIPTIONS")
    return {"type": "object",
            "properties": {name: types[name] if "description" in types[name]
                           else {**types[name], "description": after[name]} if name in after
                           else {"description": texts[name], **types[name]} for name in fields},
            "required": list(fields), "additionalProperties": False}


# What a text field holds when its name is a vocabulary's: one of its words (in every record alike).
VOCABULARIES = {"topic": TOPICS, "kind": KINDS, "status": STATUSES, "industries": INDUSTRIES, "unit": UNITS,
                "total_unit": UNITS, "qualifiers": QUALIFIERS, "basis": BASES, "certainty": CERTAINTIES,
                "chart": queries.CHARTS, "total_note": queries.TOTAL_NOTES, "field": MATCH_FIELDS}
# What a record says of its own fields, beyond DESCRIPTIONS (wherever the record stands, nested too).
DESCRIBED: dict[type, dict[str, str]] = {
    records.Project: {
        "status": "Every status the article gives the project (signed, under-construction, in-production...), "
                  "in that order.",
        "figures": "The project's other figures: expected sales, profits and taxes, jobs, construction progress; "
                   "each with its certainty (qualifiers), period and as-of date."},
    records.Metric: {"headline": "The fact's rank in the fact box (1 first); null if not a headline."},
    records.Group: {"figures": "The group's figures (as the ungrouped records), each article figure once."},
    records.QuoteRow: {"fact_id": "Id of the quote's fact.", "speaker": "Id of the person quoted."},
    records.TopicSummary: {"figures": "How many figures the topic's facts hold."},
    records.TimelineEntry: {
        "start": "Start of the period, ISO 8601; null for an as-of date.",
        "end": "End of the period, ISO 8601; null if open or an as-of date.",
        "as_of": "The as-of date, ISO 8601 (writing: at the time of writing); null for a period.",
        "raw": "The date as the article writes it, each way it does.",
        "figures": "The figures of the facts that carry this date, each with its fact_id.",
        "en": "The English statements of those facts, in order.",
        "zh": "The Chinese statements of those facts, in order."},
}

# Descriptions that the pinned schemas (docs/schemas/) print after the field's type: the same text, in that
# place, so that the contract's text does not change.
DESCRIBED_AFTER: dict[type, dict[str, str]] = {
    records.SearchHit: {
        "score": "bm25 relevance (higher is better), comparable within one search only",
        "partial": "true when no record matched every word and this one matches only some of them"},
    AskRecord: {
        "partial": "true when no fact matched every word of the question and this one matches only some of them",
        "unmatched": "the question's words (as looked up: folded, question words dropped) that this fact does not "
                     "hold, nor any synonym of them; empty unless `partial`",
        "score": "relevance (higher is better), comparable within one question only",
        "statement": "the fact in the language of `lang` (en or zh)"},
}


def schema_of(kind: type, fields: list[str] | None = None) -> dict:
    """The JSON Schema of a declared record (a TypedDict of questions/records.py or a model NamedTuple), from its
    types: the one declaration of its fields. `fields`: another order of the same fields."""
    import typing

    hints = typing.get_type_hints(kind)
    if fields is not None and sorted(fields) != sorted(hints):
        raise ValueError(f"{kind.__name__}: {fields} are not its fields")
    names = list(hints) if fields is None else fields
    return record(names, {name: _json_type(name, hints[name]) for name in names}, DESCRIBED.get(kind),
                  DESCRIBED_AFTER.get(kind))


def _json_type(name: str, hint) -> dict:
    import types
    import typing
    from collections.abc import Sequence

    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        present = [arg for arg in args if arg is not type(None)]
        inner = NUMBER if set(present) == {float, int} else _json_type(name, present[0]) if len(present) == 1 \
            else {"anyOf": [_json_type(name, arg) for arg in present]}
        return nullable(inner) if len(present) < len(args) else inner
    if origin is typing.Literal:
        return {"const": args[0]} if args == (True,) else enum(args)
    if hint is type(None):
        return {"type": "null"}
    if origin in (list, Sequence):
        return {"type": "array", "items": _json_type(name, args[0])}
    simple = {str: enum(VOCABULARIES[name]) if name in VOCABULARIES else TEXT, int: INTEGER, float: NUMBER,
              bool: {"type": "boolean"}, dict: {"type": "object"}}
    if hint in simple:
        return simple[hint]
    if typing.is_typeddict(hint) or hasattr(hint, "_fields"):
        return schema_of(hint, FACT_FIELDS if hint is Fact else None)
    raise TypeError(f"{name}: no JSON type for {hint!r}")


QUANTITY = schema_of(Quantity)
PERIOD = nullable(schema_of(Period))
AS_OF = nullable(schema_of(AsOf))
SOURCE = schema_of(SourceRef)
FACT = schema_of(Fact, FACT_FIELDS)
PROJECT = schema_of(records.Project)
METRIC = schema_of(records.Metric)
GROUP = schema_of(records.Group)
FACT_ROW = schema_of(records.FactRow)
ENTITY = schema_of(records.EntityRow)
QUOTE = schema_of(records.QuoteRow)
SEARCH = schema_of(records.SearchHit)
# As pinned (docs/schemas/search.json): no snippet twice in `matched`.
_HIT = SEARCH["properties"]
_HIT.update(matched={"description": _HIT["matched"]["description"], "type": "array", "uniqueItems": True,
                     "items": _HIT["matched"]["items"]})
ASK = schema_of(AskRecord)
SHOW = schema_of(records.ShownRecord)
SUMMARY = schema_of(records.TopicSummary)
TIMELINE = schema_of(records.TimelineEntry)
BAR = schema_of(records.Bar)
CITE = schema_of(records.Citation)

RECORDS = {
    "projects": PROJECT, "investment": {"anyOf": [METRIC, GROUP]}, "industry": {"anyOf": [METRIC, GROUP]},
    "training": FACT_ROW, "facts": FACT_ROW, "companies": ENTITY, "people": QUOTE, "search": SEARCH, "ask": ASK, "show": SHOW,
    "summary": SUMMARY, "export": FACT, "timeline": TIMELINE, "chart": BAR, "cite": CITE,
}



# `draft --json`: what a draft proposes. Made on first use, not at import: the draft's records are declared
# beside the drafting code (data/drafting.py, render/drafts.py), which `--fields` and `schema` need not load.
@functools.cache
def _draft_schemas() -> dict[str, dict]:
    from baotou_cli.data.drafting import DraftSource, EntityStub
    from baotou_cli.render.drafts import DraftDocument, ReportRow

    # `draft --json`: English, measures and subjects may be null (left to the curator).
    mark = {"draft": "Always true: a draft proposed by `baotou draft`, not yet curated (verify fails on it "
                     "unless --allow-drafts)."}
    DESCRIBED.update({
        ReportRow: {
            "line": "Line of the article (1-based) where the number stands.",
            "raw": "The number exactly as the article writes it.",
            "status": "What became of it: drafted (a draft fact holds it), covered (a curated fact already cites it), "
                      "repeated (drafted where it first stands whole), date, not-a-figure, or not-understood.",
            "fact_id": "The draft or curated fact that holds the number; null if none.",
            "why": "Why the number was not drafted, or how it was read; null when nothing needs saying."},
        DraftSource: {
            "id": "The source id the new facts cite (--source-id, or one made from the article's file name).",
            "path": "The article's path, relative to the facts file it will join.",
            "sha256": "SHA-256 of the article's bytes, which verify checks.",
            "headline_zh": "The headline as the article gives it (its first line); null if none was found.",
            "headline_en": "Null: the English headline is left for the curator.",
            "byline_zh": "The byline as the article gives it (本报记者 / 特约通讯员 / 通讯员 ...); null if none.",
            "byline_en": "Null: the English byline is left for the curator.",
            "written": "Null: the date of writing is left for the curator."},
        DraftDocument: {
            "source": "The `sources` entry to add to the facts file.",
            "entities": "Entity stubs for names the facts file does not know yet.",
            "facts": "One draft fact for each clause that carries a figure.",
            "report": "Every number in the article and what became of it (as `draft --report --json` lists them)."},
        EntityStub: {
            **mark, "type": "company (a name ending in 公司/集团/股份) or body (局/委/办).",
            "zh": "The name as the article writes it.", "en": "Null: the English name is left for the curator.",
            "note": "Why the stub was proposed."},
    })
    draft_fact = record(["id", "draft", *FACT_FIELDS[1:]], {
        **FACT["properties"], "draft": {"const": True}, "en": nullable(TEXT),
        "quantities": {"type": "array", "items": record(list(Quantity._fields), {
            **QUANTITY["properties"], "measure": nullable(TEXT)})}}, {
        **mark, "en": "Null: the English statement is left for the curator to write."})
    draft = schema_of(DraftDocument)
    draft["properties"]["facts"]["items"] = draft_fact  # a fact, as the facts file has it, but a draft
    # Commands whose --json is one object, not an array of records.
    objects = {"cache": schema_of(CacheReport), "draft": draft}
    return {"DRAFT_REPORT": schema_of(ReportRow), "DRAFT_FACT": draft_fact, "DRAFT": draft, "OBJECTS": objects}


def __getattr__(name: str) -> dict:
    if name in ("DRAFT_REPORT", "DRAFT_FACT", "DRAFT", "OBJECTS"):
        return _draft_schemas()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def schema_for(command: str) -> dict:
    """The JSON Schema of `baotou COMMAND --json`: an array of records (one object for `cache`). Raises
    QueryError."""
    objects = _draft_schemas()["OBJECTS"]
    if command in objects:
        return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": f"baotou {command} --json",
                **objects[command]}
    if command not in RECORDS:
        raise QueryError(f"no JSON records for {command!r}; commands with --json: "
                         f"{', '.join([*RECORDS, *objects])}")
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
