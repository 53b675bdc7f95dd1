"""Turn records into text: JSON, NDJSON, CSV, YAML, Markdown, or a Rich table. Returns, never prints.

Machine formats go through the standard library (never Rich), in UTF-8, with every record carrying the same
keys in the same order, so scripts can rely on them. Rich is imported only when a table is drawn.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable

FORMATS = ("table", "json", "ndjson", "csv", "yaml", "markdown")
LANGS = ("en", "zh")


@dataclass
class Column:
    key: str
    header_en: str
    header_zh: str
    # How a cell reads on screen; JSON and the other machine formats always get the raw record value.
    show: Callable[[Any, dict, str], str] | None = None
    min_width: int | None = None
    max_width: int | None = None
    justify: str = "left"

    def header(self, lang: str) -> str:
        return self.header_zh if lang == "zh" else self.header_en

    def cell(self, row: dict, lang: str) -> str:
        value = row.get(self.key)
        if self.show is not None:
            return self.show(value, row, lang)
        return plain(value)


@dataclass
class Listing:
    """What a listing command hands to the output layer: records, their keys and how a table shows them."""

    rows: list[dict]
    fields: list[str]  # every key of every record, in order: the contract of --json
    columns: list[Column]  # what a table shows by default
    title_en: str = ""
    title_zh: str = ""
    notes: list[str] = field(default_factory=list)  # said on stderr under a table
    # What a table or Markdown shows when it differs from the records (one record shown field by field).
    table_rows: list[dict] | None = None

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en

    @property
    def shown_rows(self) -> list[dict]:
        return self.rows if self.table_rows is None else self.table_rows


def plain(value: Any) -> str:
    """A value as one line of text for a table or CSV cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return "; ".join(plain(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=False)
    return str(value)


def to_json(rows: list[dict]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def to_ndjson(rows: list[dict]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def to_csv(rows: list[dict], fields: list[str]) -> str:
    # The byte-order mark is what makes spreadsheet programs read the Chinese text as UTF-8.
    import csv
    import io

    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow([plain(row.get(name)) for name in fields])
    return buffer.getvalue()


def to_yaml(rows: list[dict]) -> str:
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(rows, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1000)


def _markdown_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def to_markdown(listing: Listing, columns: list[Column], lang: str) -> str:
    lines = ["| " + " | ".join(_markdown_cell(c.header(lang)) for c in columns) + " |",
             "| " + " | ".join("---:" if c.justify == "right" else "---" for c in columns) + " |"]
    for row in listing.shown_rows:
        lines.append("| " + " | ".join(_markdown_cell(c.cell(row, lang)) for c in columns) + " |")
    return "\n".join(lines) + "\n"


def to_table(listing: Listing, columns: list[Column], lang: str, *, boxes: bool) -> Any:
    """A Rich Table (imported here: start-up pays for Rich only when a table is drawn)."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=listing.title(lang) or None,
        box=box.SIMPLE_HEAD if boxes else None,
        show_edge=False,
        pad_edge=False,
        expand=False,
        title_justify="left",
        header_style="bold cyan" if boxes else "",
    )
    for column in columns:
        table.add_column(column.header(lang), min_width=column.min_width, max_width=column.max_width,
                         justify=column.justify, overflow="fold")
    for row in listing.shown_rows:
        table.add_row(*(Text(column.cell(row, lang)) for column in columns))
    return table


def select_columns(listing: Listing, names: list[str] | None) -> list[Column]:
    """The table's columns: the listing's own, or one per chosen field."""
    if names is None:
        return listing.columns
    # Headed by the field names the user typed, shown the way the listing shows them.
    by_key = {c.key: c for c in listing.columns}
    return [Column(name, name, name, show=by_key[name].show if name in by_key else None) for name in names]


def pick_fields(rows: list[dict], names: list[str]) -> list[dict]:
    return [{name: row.get(name) for name in names} for row in rows]
