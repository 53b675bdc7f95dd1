"""Single-record views: one fact in full with its quote in context (`show`), and the `summary` overview."""

from __future__ import annotations

from baotou_cli.ask import citing
from baotou_cli.ask import queries
from baotou_cli.show.figures import figure, measure_name, metric_figure, period_text
from baotou_cli.facts.model import Entity, Fact, FactSet, as_dict
from baotou_cli.show.records import fact_record
from baotou_cli.show.formats import Column, Listing

SHOW_FIELDS = ["id", "record", "data", "context"]


def quote_context(factset: FactSet, fact: Fact) -> dict:
    source = factset.source_by_id[fact.source.id]
    where = citing.place(citing.article_of(factset, source.id), fact.source.quote)
    return {"source": source.id, "headline_zh": source.headline_zh, "headline_en": source.headline_en,
            "byline_zh": source.byline_zh, "byline_en": source.byline_en,
            "line": where.line if where else None, "paragraph": where.paragraph if where else None}


def show_listing(factset: FactSet, record_id: str) -> Listing:
    record = queries.find_record(factset, record_id)
    if isinstance(record, Fact):
        context = quote_context(factset, record)
        row = {"id": record.id, "record": "fact", "data": fact_record(record), "context": context}
        shown = _fact_lines(record, context)
    else:
        data = next(r for r in queries.entity_rows(factset, (record.type,)) if r["id"] == record.id)
        row = {"id": record.id, "record": f"entity:{record.type}", "data": data, "context": None}
        shown = _entity_lines(record, data)
    columns = [Column("field", "Field", "字段"), Column("value", "Value", "值", show=_value_cell, min_width=20)]
    return Listing([row], SHOW_FIELDS, columns, record.id, record.id, table_rows=shown)


def _value_cell(value, row, lang) -> str:
    if isinstance(value, tuple):  # (English, Chinese)
        return value[1] if lang == "zh" else value[0]
    return "" if value is None else str(value)


def _fact_lines(fact: Fact, context: dict) -> list[dict]:
    lines = [
        {"field": "id", "value": fact.id},
        {"field": "topic / kind", "value": f"{fact.topic} / {fact.kind}"},
        {"field": "statement", "value": (fact.en, fact.zh)},
    ]
    for quantity in fact.quantities:
        data = queries.quantity_record(quantity)
        lines.append({"field": quantity.measure, "value": (f"{figure(data, 'en')}  [{quantity.raw}]",
                                                          figure(data, "zh"))})
    period, as_of = as_dict(fact.period), as_dict(fact.as_of)
    when = period_text(period, as_of, "en")
    if when:
        lines.append({"field": "period", "value": (when, period_text(period, as_of, "zh"))})
    for name in ("status", "phase", "speaker", "note"):
        if getattr(fact, name) is not None:
            lines.append({"field": name, "value": getattr(fact, name)})
    if fact.entities:
        lines.append({"field": "entities", "value": ", ".join(fact.entities)})
    if fact.industries:
        lines.append({"field": "industries", "value": ", ".join(fact.industries)})
    for label in fact.labels:
        lines.append({"field": "label", "value": f"{label.raw}: {label.en}"})
    lines.append({"field": "quote", "value": fact.source.quote})
    lines.append({"field": "in context", "value": f"{context['paragraph']} (line {context['line']})"})
    lines.append({"field": "source", "value": (f"{context['headline_en']}; {context['byline_en']}",
                                               f"{context['headline_zh']}；{context['byline_zh']}")})
    return lines


def _entity_lines(entity: Entity, data: dict) -> list[dict]:
    lines = [{"field": "id", "value": entity.id}, {"field": "type", "value": entity.type},
             {"field": "name", "value": (entity.en, entity.zh)}]
    for name in ("aliases", "industries", "projects", "fact_ids"):
        if data[name]:
            lines.append({"field": name, "value": ", ".join(data[name])})
    for name in ("company", "parent", "note"):
        if data[name]:
            lines.append({"field": name, "value": data[name]})
    if entity.role_en or entity.role_zh:
        lines.append({"field": "role", "value": (entity.role_en or "", entity.role_zh or "")})
    return lines


# Summary ---------------------------------------------------------------------------------------------

SUMMARY_FIELDS = ["topic", "facts", "figures", "highlights"]
HIGHLIGHTS = 4  # figures per topic in the overview: enough to orient, short enough to read at a glance


def summary_listing(factset: FactSet, topic: str | None) -> Listing:
    facts_per_topic = factset.topic_counts()
    topics = [topic] if topic else list(facts_per_topic)
    rows = []
    for name in topics:
        chosen = factset.select(topic=name)
        metrics = queries.metric_rows([f for f in chosen if f.quantities and f.kind in ("metric", "project")])
        rows.append({"topic": name, "facts": facts_per_topic.get(name, 0),
                     "figures": sum(len(f.quantities) for f in chosen),
                     "highlights": metrics if topic else metrics[:HIGHLIGHTS]})
    source = factset.sources[0]
    columns = [Column("topic", "Topic", "主题"), Column("facts", "Facts", "事实", justify="right"),
               Column("highlights", "Headline figures", "主要数据", show=_highlights, min_width=24)]
    title_en = f"{source.headline_en} ({len(factset)} facts, {len(factset.entities)} entities)"
    title_zh = f"{source.headline_zh}（{len(factset)} 条事实，{len(factset.entities)} 个实体）"
    return Listing(rows, SUMMARY_FIELDS, columns, title_en, title_zh)


def _highlights(value, row, lang) -> str:
    parts = []
    for metric in value:
        when = period_text(metric["period"], metric["as_of"], lang)
        parts.append(f"{measure_name(metric['measure'])}: {metric_figure(metric, lang)}"
                     + (f" [{when}]" if when else ""))
    return "\n".join(parts)
