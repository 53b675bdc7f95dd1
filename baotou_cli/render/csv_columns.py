"""Records flattened for CSV: one value per cell, never JSON inside a cell.

- a nested record (period, as_of, change, a show's data) spreads over columns named `field_key`
  (period_start, period_end, change_value...), with the same columns whether or not a row has one;
- a list of plain values is one cell, joined with "; " (ids, industries, qualifiers);
- the lists of figures a listing names (`explode`: field -> the keys of its items) give one row per figure,
  the row's other cells repeated, with `figure_of` naming the list and `figure_*` the figure's fields
  (figure_value, figure_unit, figure_certainty, figure_period_start...);
- any other list of records (a project's phases) is one cell of `key=value` pairs: "phase=1 status=signed".
"""

from __future__ import annotations

from typing import Any

from baotou_cli.data.model import AsOf, Period, Quantity

# Nested records whose keys are known even when every row has null there (so the columns are stable).
KNOWN_SHAPES = {"period": list(Period._fields), "as_of": list(AsOf._fields), "change": list(Quantity._fields)}
QUANTITY_FIELDS = list(Quantity._fields)


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


def _shapes(fields: list[str], rows: list[dict]) -> dict[str, list[str] | None]:
    """For each field, the keys of the record nested there (None: a plain value or a list)."""
    shapes = {}
    for name in fields:
        keys = list(KNOWN_SHAPES.get(name, []))
        for row in rows:
            value = row.get(name)
            if isinstance(value, dict):
                keys += [key for key in value if key not in keys]
        shapes[name] = keys or None
    return shapes


def _columns(shapes: dict[str, list[str] | None], prefix: str = "") -> list[str]:
    # A key that already says it is a figure's (a metric's figure_raw) is not prefixed twice.
    return [f"{'' if name.startswith(prefix) else prefix}{name}_{key}" if shape
            else f"{'' if name.startswith(prefix) else prefix}{name}"
            for name, shape in shapes.items() for key in (shape or [""])]


def _cells(row: dict, shapes: dict[str, list[str] | None]) -> list[str]:
    out = []
    for name, shape in shapes.items():
        value = row.get(name)
        if shape:
            value = value if isinstance(value, dict) else {}
            out += [cell(value.get(key)) for key in shape]
        else:
            out.append(cell(value))
    return out


def flat_rows(rows: list[dict], fields: list[str], explode: dict[str, list[str]] | None = None
              ) -> tuple[list[str], list[list[str]]]:
    """(column names, rows of cells)."""
    explode = {name: keys for name, keys in (explode or {}).items() if name in fields}
    shapes = _shapes([name for name in fields if name not in explode], rows)
    columns = _columns(shapes)
    if not explode:
        return columns, [_cells(row, shapes) for row in rows]
    items = [item for row in rows for name in explode for item in row.get(name) or []]
    item_fields = list(dict.fromkeys(key for keys in explode.values() for key in keys))
    item_shapes = _shapes(item_fields, items)
    with_certainty = "certainty" not in item_fields  # a bare quantity: say how certain it is in words
    columns += ["figure_of", *_columns(item_shapes, "figure_")] + (["figure_certainty"] if with_certainty else [])
    table = []
    for row in rows:
        base = _cells(row, shapes)
        figures = [(name, item) for name in explode for item in row.get(name) or []]
        if not figures:
            table.append(base + [""] * (len(columns) - len(base)))
        for name, item in figures:
            table.append(base + [name] + _cells(item, item_shapes)
                         + ([_certainty(item)] if with_certainty else []))
    return columns, table


def pick_columns(columns: list[str], table: list[list[str]], names: list[str]) -> tuple[list[str], list[list[str]]]:
    """Only these CSV columns, in this order: a record's field stands for every column it spreads over
    (period: period_raw, period_start...), a column name for itself."""
    chosen: list[int] = []
    for name in names:
        exact = [i for i, column in enumerate(columns) if column == name]
        spread = [i for i, column in enumerate(columns) if column.startswith(f"{name}_")]
        chosen += [i for i in (exact or spread) if i not in chosen]
    return [columns[i] for i in chosen], [[row[i] for i in chosen] for row in table]


def _certainty(quantity: dict) -> str:
    from baotou_cli.data.vocabularies import certainty

    return certainty(quantity.get("qualifiers") or ())
