"""The JSON records that scripts rely on: one shape per kind of row, every key always present."""

from __future__ import annotations

from baotou_cli.facts.model import RECORD_FIELDS, FactSet, fact_record
from baotou_cli.show.formats import Column, Listing

FACT_FIELDS = RECORD_FIELDS
__all__ = ["FACT_FIELDS", "fact_record", "export_listing"]


def export_listing(factset: FactSet) -> Listing:
    facts = factset.facts
    return Listing(
        rows=lambda: [fact_record(f) for f in facts],
        encoded=facts.encoded,
        fields=FACT_FIELDS,
        columns=[
            Column("id", "ID", "编号"),
            Column("topic", "Topic", "主题"),
            Column("kind", "Kind", "类型"),
            Column("en", "Statement", "内容", show=lambda v, row, lang: row["zh"] if lang == "zh" else v),
        ],
        title_en=f"All {len(facts)} facts",
        title_zh=f"全部 {len(facts)} 条事实",
    )
