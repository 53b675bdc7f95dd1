"""Turn records into text: JSON, NDJSON, CSV, YAML, Markdown, or a Rich table. Returns, never prints.

Machine formats go through the standard library (never Rich), in UTF-8, with every record carrying the same
keys in the same order, so scripts can rely on them. Rich is imported only when a table is drawn.
"""

from __future__ import annotations

import json
from typing import Any, Callable, NamedTuple

FORMATS = ("table", "json", "ndjson", "csv", "yaml", "markdown")
LANGS = ("en", "zh")


class Column(NamedTuple):
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


class Listing:
    """What a listing command hands to the output layer: records, their keys and how a table shows them."""

    def __init__(self, rows: list[dict] | Callable[[], list[dict]], fields: list[str], columns: list[Column],
                 title_en: str = "", title_zh: str = "", *, notes: list[str] | None = None,
                 table_rows: list[dict] | None = None, text: Callable[[str, bool, int], Any] | None = None,
                 markdown: Callable[[str], str] | None = None,
                 encoded: Callable[[], list[str]] | None = None) -> None:
        self._rows = rows  # or a function that makes them: not called when stored JSON is printed
        self.fields = fields  # every key of every record, in order: the contract of --json
        self.columns = columns  # what a table shows by default
        self.title_en, self.title_zh = title_en, title_zh
        self.notes = notes or []  # said on stderr under a table
        # What a table or Markdown shows when it differs from the records (one record shown field by field).
        self.table_rows = table_rows
        # Commands whose picture is not a table (a chart, a citation) draw it themselves:
        # text(lang, styled, width) returns a Rich renderable; markdown(lang) returns Markdown text.
        self.text = text
        self.markdown = markdown
        # Each record already encoded as to_json would (two-space indent, not ASCII-escaped), when the store
        # keeps it so: `--json` writes these instead of encoding the rows again.
        self.encoded = encoded

    @property
    def rows(self) -> list[dict]:
        if callable(self._rows):
            self._rows = self._rows()
        return self._rows

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


def to_json_encoded(records: list[str]) -> str:
    """The same text as to_json, from records each encoded alone at the outermost level (json.dumps(record,
    indent=2)): JSON strings hold no raw newline, so indenting every line by two nests each record one deeper."""
    if not records:
        return "[]\n"
    return "[\n  " + ",\n  ".join(record.replace("\n", "\n  ") for record in records) + "\n]\n"


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


# Charts -------------------------------------------------------------------------------------------------

ACTUAL, NOT_ACTUAL = ("█", "#"), ("░", "~")  # (styled, plain): expected or planned figures look different
NOT_ACTUAL_QUALIFIERS = {"expected", "planned", "target"}


def to_chart(title: str, bars: list[dict], lang: str, *, styled: bool, width: int,
             label: Callable[[dict, str], str], value_text: Callable[[dict, str], str]) -> Any:
    """Horizontal bars, one group per unit (never yuan beside tonnes), scaled within the group.
    Each bar has its label on the line above it, so long names never squeeze the bars, even at 40 columns."""
    from rich.cells import cell_len
    from rich.text import Text

    out = Text()
    out.append(title + "\n", style="bold" if styled else "")
    glyph = 0 if styled else 1
    value_width = min(width // 2, max((cell_len(value_text(b, lang)) for b in bars), default=8))
    bar_width = max(4, width - value_width - 3)
    for unit in dict.fromkeys(bar["unit"] for bar in bars):
        group = [bar for bar in bars if bar["unit"] == unit]
        top = max(abs(bar["value"]) for bar in group) or 1
        out.append(f"\n[{unit}]\n", style="dim" if styled else "")
        for bar in group:
            length = max(1, round(abs(bar["value"]) / top * bar_width))
            uncertain = bool(NOT_ACTUAL_QUALIFIERS & set(bar["qualifiers"]))
            mark = (NOT_ACTUAL if uncertain else ACTUAL)[glyph]
            out.append(label(bar, lang) + "\n")
            out.append("  " + mark * length, style=("yellow" if uncertain else "cyan") if styled else "")
            out.append(" " + value_text(bar, lang) + "\n")
    legend_en = f"{ACTUAL[glyph]} actual   {NOT_ACTUAL[glyph]} expected, planned or target"
    legend_zh = f"{ACTUAL[glyph]} 实际   {NOT_ACTUAL[glyph]} 预计、计划或目标"
    out.append("\n" + (legend_zh if lang == "zh" else legend_en), style="dim" if styled else "")
    return out
