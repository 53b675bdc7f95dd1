"""The tables `export --format sqlite` adds beside the compiled facts, each filled by the query its command
runs: a Datasette user's `projects` is `baotou projects --json` row for row, never a second version in SQL.

Lists and records in a row are JSON text there; a column a row lacks is derived here (a project's `type`).
"""

from __future__ import annotations

from baotou_cli.questions.queries import PROJECT_FIELDS, QUOTE_FIELDS, project_rows, quote_rows
from baotou_cli.data.model import FactSet
from baotou_cli.data.sqlite_store import ExportTable

# A project row's columns, with the entity's type (project, or a product the article reports progress on)
# where the export has always had it.
PROJECT_COLUMNS = [*PROJECT_FIELDS[:PROJECT_FIELDS.index("name_zh") + 1], "type",
                   *PROJECT_FIELDS[PROJECT_FIELDS.index("name_zh") + 1:]]
# Two sources, one figure (measure, subject, unit, basis, period, as-of), two values: as `verify` warns of them.
CONFLICT_COLUMNS = ["measure", "subject", "unit", "basis", "period_start", "period_end", "as_of_date",
                    "source_a", "fact_a", "raw_a", "value_a", "certainty_a",
                    "source_b", "fact_b", "raw_b", "value_b", "certainty_b"]


def export_tables(factset: FactSet) -> list[ExportTable]:
    """The projects, quotes and conflicts tables of the SQLite export, in the order the commands give them."""
    projects = [{**row, "type": factset.entity_by_id[row["id"]].type} for row in project_rows(factset)]
    return [
        ExportTable("projects", PROJECT_COLUMNS, projects, {"id": "entities", "company": "entities"}),
        ExportTable("quotes", QUOTE_FIELDS, quote_rows(factset), {"fact_id": "facts", "speaker": "entities"}),
        ExportTable("conflicts", CONFLICT_COLUMNS, conflict_rows(factset),
                    {"subject": "entities", "source_a": "sources", "fact_a": "facts", "source_b": "sources",
                     "fact_b": "facts"}),
    ]


def conflict_rows(factset: FactSet) -> list[dict]:
    """Each conflict `data/sources.py` finds, as one row: the earlier fact's figure (a), then the later's (b),
    ordered by the earlier fact and its figure."""
    from baotou_cli.data.sources import conflicts
    from baotou_cli.data.vocabularies import certainty

    found = conflicts(factset)
    if not found:
        return []
    position = {fact_id: at for at, fact_id in enumerate(factset.fact_ids)}
    found.sort(key=lambda c: (position[c.first[0].id], c.first[0].quantities.index(c.first[1])))
    rows = []
    for (fact_a, a), (fact_b, b) in found:
        period = fact_a.period
        rows.append({"measure": a.measure, "subject": a.subject, "unit": a.unit, "basis": a.basis,
                     "period_start": period and period.start, "period_end": period and period.end,
                     "as_of_date": fact_a.as_of and fact_a.as_of.date,
                     **{f"{name}_{side}": value for side, fact, figure in (("a", fact_a, a), ("b", fact_b, b))
                        for name, value in (("source", fact.source.id), ("fact", fact.id), ("raw", figure.raw),
                                            ("value", figure.value), ("certainty", certainty(figure.qualifiers)))}})
    return rows
