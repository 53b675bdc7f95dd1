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

import functools
import types
import typing
from typing import Any

from baotou_cli.data.model import Quantity

QUANTITY_FIELDS = list(Quantity._fields)


def _nested(hint) -> type | None:
    """The record a field's type holds (Period in `Period | None`), or None for a plain value or a union of two."""
    present = [arg for arg in typing.get_args(hint) if arg is not type(None)] \
        if typing.get_origin(hint) in (typing.Union, types.UnionType) else [hint]
    if len(present) == 1 and (typing.is_typeddict(present[0]) or hasattr(present[0], "_fields")):
        return present[0]
    return None


@functools.cache
def declared_shapes(declared: type | None) -> dict[str, list[str]]:
    """For each field of a declared record that holds a nested record, that record's keys: known even when every
    row has null there, so that the columns are stable (questions/records.py, data/model.py)."""
    if declared is None:
        return {}
    shapes = {}
    for name, hint in typing.get_type_hints(declared).items():
        nested = _nested(hint)
        if nested is not None:
            shapes[name] = list(typing.get_type_hints(nested))
    return shapes


def item_record(declared: type | None, name: str) -> type | None:
    """The record each item of the list field `name` holds (Metric in `list[Metric]`), if declared."""
    if declared is None:
        return None
    args = typing.get_args(typing.get_type_hints(declared).get(name))
    return args[0] if args and _nested(args[0]) is not None else None


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


def _shapes(fields: list[str], rows: list[dict], known: dict[str, list[str]]) -> dict[str, list[str] | None]:
    """For each field, the keys of the record nested there (None: a plain value or a list)."""
    shapes = {}
    for name in fields:
        keys = list(known.get(name, []))
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


def flat_rows(rows: list[dict], fields: list[str], explode: dict[str, list[str]] | None = None,
              declared: type | None = None) -> tuple[list[str], list[list[str]]]:
    """(column names, rows of cells); `declared`: the rows' record, whose nested records' keys are known."""
    explode = {name: keys for name, keys in (explode or {}).items() if name in fields}
    shapes = _shapes([name for name in fields if name not in explode], rows, declared_shapes(declared))
    columns = _columns(shapes)
    if not explode:
        return columns, [_cells(row, shapes) for row in rows]
    items = [item for row in rows for name in explode for item in row.get(name) or []]
    item_fields = list(dict.fromkeys(key for keys in explode.values() for key in keys))
    item_known = {key: keys for name in explode for key, keys in declared_shapes(item_record(declared, name)).items()}
    item_shapes = _shapes(item_fields, items, item_known)
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
