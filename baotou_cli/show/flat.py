"""Records flattened for CSV: one value per cell, never JSON inside a cell.

- a nested record (period, as_of, change, a show's data) spreads over columns named `field_key`
  (period_start, period_end, change_value...), with the same columns whether or not a row has one;
- a list of plain values is one cell, joined with "; " (ids, industries, qualifiers);
- the lists of figures a listing names (`explode`) give one row per figure, the row's other cells repeated,
  with `figure_of` saying which list the figure came from and `figure_*` its fields;
- any other list of records (a project's phases) is one cell of `key=value` pairs: "phase=1 status=signed".
"""

from __future__ import annotations

from typing import Any

from baotou_cli.facts.model import AsOf, Period, Quantity

# Nested records whose keys are known even when every row has null there (so the columns are stable).
KNOWN_SHAPES = {"period": list(Period._fields), "as_of": list(AsOf._fields), "change": list(Quantity._fields)}
FIGURE_COLUMNS = ["figure_of"] + [f"figure_{name}" for name in Quantity._fields] + ["figure_certainty"]


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict):
        return " ".join(f"{key}={cell(item)}" for key, item in value.items())
    if isinstance(value, list):
        return "; ".join(cell(item) for item in value)
    return str(value)


def _shape(name: str, rows: list[dict]) -> list[str] | None:
    """The keys of the nested record under `name`, or None when it holds no record."""
    keys = list(KNOWN_SHAPES.get(name, []))
    for row in rows:
        value = row.get(name)
        if isinstance(value, dict):
            keys += [key for key in value if key not in keys]
    return keys or None


def flat_rows(rows: list[dict], fields: list[str], explode: tuple[str, ...] = ()) -> tuple[list[str], list[list]]:
    """(column names, rows of cells)."""
    exploding = [name for name in fields if name in explode]
    kept = [name for name in fields if name not in explode]
    shapes = {name: _shape(name, rows) for name in kept}
    columns = []
    for name in kept:
        shape = shapes[name]
        columns += [f"{name}_{key}" for key in shape] if shape else [name]
    if exploding:
        columns += FIGURE_COLUMNS
    table = []
    for row in rows:
        base = []
        for name in kept:
            value, shape = row.get(name), shapes[name]
            if shape:
                value = value if isinstance(value, dict) else {}
                base += [cell(value.get(key)) for key in shape]
            else:
                base.append(cell(value))
        figures = [(name, quantity) for name in exploding for quantity in row.get(name) or []]
        if not exploding:
            table.append(base)
        elif not figures:
            table.append(base + [""] * len(FIGURE_COLUMNS))
        for name, quantity in figures:
            table.append(base + [name] + [cell(quantity.get(key)) for key in Quantity._fields]
                         + [_certainty(quantity)])
    return columns, table


def _certainty(quantity: dict) -> str:
    from baotou_cli.facts.terms import certainty

    return certainty(quantity.get("qualifiers") or ())
