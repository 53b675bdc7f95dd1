"""Single-record views: one fact in full with its quote in context (`show`), and the `summary` overview."""

from __future__ import annotations

from collections import Counter

from baotou_cli.ask import citing
from baotou_cli.ask import queries
from baotou_cli.show import views
from baotou_cli.show.figures import certainty_word, figure, period_text
from baotou_cli.facts.model import Entity, Fact, FactSet, as_dict
from baotou_cli.show.records import fact_record
from baotou_cli.show.formats import Column, Listing, to_markdown

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
HIGHLIGHTS = 4  # figures per topic when a facts file ranks no headlines: the first ones, in file order
TOPIC_WORDS = {
    "metadata": ("the article itself", "文章信息"), "overview": ("overview", "概况"),
    "business-environment": ("business environment", "营商环境"), "investment": ("investment and finance", "招商引资与财政"),
    "industry": ("industries", "产业"), "training": ("cadre training", "干部培训"),
    "governance": ("Party building and governance", "党建与治理"), "photo": ("photo captions", "图片说明"),
}


def summary_listing(factset: FactSet, topic: str | None) -> Listing:
    """The fact box first: the figures the facts file ranks as headlines (`headline: N`), in rank order, each
    with its subject, certainty and period; then what each topic holds. With a topic, all its figures."""
    facts_per_topic = Counter(key[1] for key in factset.keys)
    topics = [topic] if topic else list(facts_per_topic)
    ranked = any(f.headline is not None for f in factset.select(with_quantities=True)) if not topic else False
    rows = []
    for name in topics:
        chosen = factset.select(topic=name)
        metrics = queries.metric_rows([f for f in chosen if f.quantities and f.kind in ("metric", "project")])
        if topic:
            highlights = metrics
        elif ranked:
            highlights = [m for m in metrics if m["headline"] is not None]
        else:
            highlights = metrics[:HIGHLIGHTS]
        rows.append({"topic": name, "facts": facts_per_topic.get(name, 0),
                     "figures": sum(len(f.quantities) for f in chosen),
                     "highlights": sorted(highlights, key=_rank)})
    box = sorted((m for row in rows for m in row["highlights"]), key=_rank)
    source = factset.sources[0]
    title_en = f"{source.headline_en} ({len(factset.facts)} facts, {len(factset.entities)} entities)"
    title_zh = f"{source.headline_zh}（{len(factset.facts)} 条事实，{len(factset.entities)} 个实体）"
    names = views.Names(factset)
    figures = Listing(box, queries.METRIC_FIELDS, [
        Column("headline", "#", "序", justify="right"),
        *views.metric_columns(names)[:3],
        Column("certainty", "Certainty", "确定性", show=lambda v, row, lang: certainty_word(row["qualifiers"], lang)),
        views.metric_columns(names)[3],
    ], "Headline figures" if not topic else f"Figures: {topic}", "主要数据" if not topic else "全部数据")
    counts = Listing(rows, SUMMARY_FIELDS, [
        Column("topic", "Topic", "主题"),
        Column("about", "About", "内容", show=lambda v, row, lang: _topic_words(row["topic"], lang)),
        Column("facts", "Facts", "事实", justify="right"), Column("figures", "Figures", "数值", justify="right"),
    ], "What baotou holds (baotou summary TOPIC for all of a topic's figures)",
        "数据概览（baotou summary 主题：该主题全部数据）")
    listing = Listing(rows, SUMMARY_FIELDS, counts.columns, title_en, title_zh, csv_explode=())
    if not ranked and not topic:
        listing.notes.append("this facts file ranks no headline figures: showing the first figures of each topic")

    def text(lang: str, styled: bool, width: int):
        from rich.console import Group
        from rich.text import Text

        from baotou_cli.show.formats import to_table
        from baotou_cli.show.layout import wrap

        parts = [Text("\n".join(wrap(listing.title(lang), width)), style="bold" if styled else ""), Text("")]
        parts.append(to_table(figures, figures.columns, lang, boxes=styled, width=width))
        if not topic:
            parts += [Text(""), to_table(counts, counts.columns, lang, boxes=styled, width=width)]
        return Group(*parts)

    listing.text = text
    listing.markdown = lambda lang: "\n".join(
        [f"**{listing.title(lang)}**", "", to_markdown(figures, figures.columns, lang)]
        + ([] if topic else [to_markdown(counts, counts.columns, lang)]))
    return listing


def _rank(metric: dict) -> tuple:
    return (metric["headline"] is None, metric["headline"] or 0)


def _topic_words(topic: str, lang: str) -> str:
    words = TOPIC_WORDS.get(topic)
    return topic if words is None else words[1] if lang == "zh" else words[0]
