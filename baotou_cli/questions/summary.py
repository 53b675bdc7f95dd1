"""`summary`: what each topic holds, and the fact box: the figures the facts file ranks as headlines
(`headline: N`), actual figures before planned or expected ones. Records only: render/fact_box.py words them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from baotou_cli.questions import queries
from baotou_cli.questions.records import TopicSummary, fields
from baotou_cli.data.model import FactSet, Source

SUMMARY_FIELDS = fields(TopicSummary)


@dataclass
class Overview:
    rows: list[dict[str, Any]]  # one per topic (SUMMARY_FIELDS): what `summary --json` prints
    box: list[dict]  # the fact box: the highlights of every row, actual first, in rank order
    topic: str | None  # the one topic asked for, if any
    source: Source  # the article the title names
    fact_count: int
    entity_count: int
    kinds: dict[str, int]  # the topic's facts by kind: what a topic without figures holds instead


def overview(factset: FactSet, topic: str | None) -> Overview:
    """Each topic's facts and figures and its headline figures; with a topic, every figure of it."""
    facts_per_topic = factset.topic_counts()
    rows: list[dict[str, Any]] = []
    for name in [topic] if topic else list(facts_per_topic):
        chosen = factset.select(topic=name)
        metrics = queries.metric_rows([f for f in chosen if f.quantities])
        # Which figures are headlines is the facts file's editorial choice (`headline: N`); none is guessed here.
        highlights = metrics if topic else [m for m in metrics if m["headline"] is not None]
        rows.append({"topic": name, "facts": facts_per_topic.get(name, 0),
                     "figures": sum(len(f.quantities) for f in chosen),
                     "highlights": sorted(highlights, key=rank)})
    kinds = dict(Counter(fact.kind for fact in factset.select(topic=topic))) if topic else {}
    return Overview(rows, sorted((m for row in rows for m in row["highlights"]), key=rank), topic,
                    factset.sources[0], len(factset.facts), len(factset.entities), kinds)


def is_actual(metric: dict) -> bool:
    return metric["certainty"] == "actual"


def rank(metric: dict) -> tuple:
    """Actual figures first, then ranked before unranked, by rank."""
    return (not is_actual(metric), metric["headline"] is None, metric["headline"] or 0)
