"""The JSON records that scripts rely on: one shape per kind of row, every key always present."""

from __future__ import annotations

from baotou_cli.facts.model import Fact, FactSet, as_dict
from baotou_cli.show.flat import QUANTITY_FIELDS
from baotou_cli.show.formats import Column, Listing

# The order of a fact record's keys: the model's, except that where it comes from goes last.
FACT_FIELDS = [name for name in Fact._fields if name != "source"] + ["source"]


def fact_record(fact: Fact) -> dict:
    """A fact exactly as the facts file has it, with every optional field present (null or empty)."""
    data = as_dict(fact)
    return {name: data[name] for name in FACT_FIELDS}


def export_listing(factset: FactSet) -> Listing:
    return Listing(
        rows=[fact_record(f) for f in factset.facts],
        fields=FACT_FIELDS,
        columns=[
            Column("id", "ID", "编号", hyphens=False),
            Column("topic", "Topic", "主题"),
            Column("kind", "Kind", "类型"),
            Column("en", "Statement", "内容", show=lambda v, row, lang: row["zh"] if lang == "zh" else v),
        ],
        title_en=f"All {len(factset.facts)} facts",
        title_zh=f"全部 {len(factset.facts)} 条事实",
        csv_explode={"quantities": QUANTITY_FIELDS},  # CSV: one row per figure
    )
