"""Turn records into text: JSON, NDJSON, CSV, YAML, Markdown, or a Rich table. Returns, never prints.

Machine formats go through the standard library (never Rich), in UTF-8, with every record carrying the same
keys in the same order, so scripts can rely on them. Rich is imported only when a table is drawn.
"""

from __future__ import annotations

import json
import re
from typing import Any, Literal, NamedTuple
from collections.abc import Callable

from baotou_cli.facts.characters import FORMULA_START, INVISIBLE


FORMATS = ("table", "json", "ndjson", "csv", "csv-excel", "yaml", "markdown")
LANGS = ("en", "zh")


class Column(NamedTuple):
    key: str
    header_en: str
    header_zh: str
    # How a cell reads on screen; JSON and the other machine formats always get the raw record value.
    show: Callable[[Any, dict, str], str] | None = None
    min_width: int | None = None
    max_width: int | None = None  # how wide it grows before the flexible columns get the rest
    justify: Literal["left", "right"] = "left"
    flex: bool = False  # the long text of a row (a statement): spare room goes here first
    # The cell shows a sibling field in the language asked for (name_en shows name_zh with --lang zh): with
    # --fields, a column must show its own field, so such a column falls back to the plain value.
    localized: bool = False
    hyphens: bool = True  # words may break after a hyphen; False for ids, which must stay whole to be copied

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
                 markdown: Callable[[str], str] | None = None, csv_explode: dict[str, list[str]] | None = None,
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
        # Fields holding lists of figures, with their items' keys: CSV gives one row per figure (show/flat.py).
        self.csv_explode = csv_explode or {}
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


# What a terminal would obey rather than show: C0/C1 controls (ESC, and CSI as one byte), DEL, a carriage
# return not ending a line, and the bidirectional overrides. Group 1 is a colour/style (SGR) sequence.
# Invisible characters (zero-width, direction marks, tags: facts/characters.py) are shown escaped too.
_CONTROLS = re.compile("(\x1b\\[[0-9;]*m)|\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
                       + INVISIBLE + "]")


def escape_controls(text: str, *, keep_styles: bool = False) -> str:
    """Text safe for a terminal: every control character shown as an escape (ESC as \\x1b), so no text can
    set a window title, write the clipboard (OSC 52), clear the screen or hide itself. With keep_styles,
    colour sequences stay (they are Rich's own, on a terminal: text cells are escaped before drawing)."""
    def shown(match: re.Match) -> str:
        if match.group(1) and keep_styles:
            return match.group()
        return match.group().encode("unicode_escape").decode("ascii")

    return _CONTROLS.sub(shown, text)


def plain(value: Any) -> str:
    """A value as text for a table cell: as in CSV (show/flat.py: a record as key=value pairs, never JSON)."""
    from baotou_cli.show.flat import cell

    return cell(value)


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


def to_csv(rows: list[dict], fields: list[str], explode: dict[str, list[str]] | None = None, *,
           excel: bool = False) -> str:
    """Flat CSV: one value per cell, nested records spread over columns, one row per figure. Plain CSV is
    UTF-8 without a byte-order mark and with \\n line ends (as csvkit and sqlite-utils write it); `excel`
    adds the byte-order mark and \\r\\n that spreadsheet programs need to read Chinese text as UTF-8."""
    import csv
    import io

    from baotou_cli.show.flat import flat_rows

    columns, table = flat_rows(rows, fields, explode)
    buffer = io.StringIO()
    if excel:
        buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n" if excel else "\n")
    writer.writerow(columns)
    writer.writerows([[_inert(text) for text in row] for row in table])
    return buffer.getvalue()


# A cell a spreadsheet would run as a formula (OWASP, "CSV Injection"): =, +, -, @, tab or carriage return
# first. Facts files refuse such text (facts/schema.py); whatever reaches CSV anyway is prefixed with a single
# quote, which spreadsheets show and do not run. A plain number (-12.5) is no formula and stays a number.
_PLAIN_NUMBER = re.compile(r"[-+]?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")


def _inert(text: str) -> str:
    if text.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def to_yaml(rows: list[dict]) -> str:
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(rows, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1000)


def _markdown_cell(text: str) -> str:
    return escape_controls(text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>"))  # several figures: one a line


def to_markdown(listing: Listing, columns: list[Column], rows: list[dict], lang: str) -> str:
    lines = ["| " + " | ".join(_markdown_cell(c.header(lang)) for c in columns) + " |",
             "| " + " | ".join("---:" if c.justify == "right" else "---" for c in columns) + " |"]
    for row in rows:
        lines.append("| " + " | ".join(_markdown_cell(c.cell(row, lang)) for c in columns) + " |")
    return "\n".join(lines) + "\n"


def to_table(listing: Listing, columns: list[Column], rows: list[dict], lang: str, *, boxes: bool,
             width: int) -> Any:
    """A Rich table that fits `width`, wrapped only between words; or, where the columns cannot fit
    without crushing, one block per record (like `kubectl describe`). Rich is imported here only."""
    from rich.console import Group
    from rich.text import Text

    from baotou_cli.show import layout

    headers = [column.header(lang) for column in columns]
    body = [[escape_controls(column.cell(row, lang)) for column in columns] for row in rows]
    parts = []
    title = listing.title(lang)
    if title:
        parts.append(Text("\n".join(layout.wrap(escape_controls(title), width)), style="bold" if boxes else ""))
    gap = 3 if boxes else 2
    sizes = [_sizing(column, header, [row[index] for row in body], layout)
             for index, (column, header) in enumerate(zip(columns, headers, strict=True))]
    widths = layout.fit(sizes, width - gap * (len(columns) - 1)) if columns else None
    if widths is None:
        parts.append(_blocks(columns, headers, body, width, lang, styled=boxes))
    else:
        parts.append(_grid(columns, headers, body, widths, styled=boxes))
    return Group(*parts)


def _sizing(column: Column, header: str, texts: list[str], layout) -> Any:
    # A short header stays whole (确定性 never stacks one character per line); a long one may wrap at words.
    # Likewise a short cell (实体·产品, 名称、别名) is never broken up.
    least = max([min(layout.natural_width(header), 10), layout.min_width(header),
                 *(max(layout.min_width(text, column.hyphens), _short(layout.natural_width(text)))
                   for text in texts)])
    ideal = max([layout.natural_width(header), *(layout.natural_width(text) for text in texts)])
    readable = min(ideal, column.min_width or 0)
    return layout.Sizing(least=max(least, readable), ideal=ideal, flex=column.flex,
                         cap=column.max_width or (ideal if column.flex else 16))


def _short(width: int, most: int = 10) -> int:
    return width if width <= most else 0


def _grid(columns: list[Column], headers: list[str], body: list[list[str]], widths: list[int], *,
          styled: bool) -> Any:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from baotou_cli.show.layout import wrap

    table = Table(box=box.SIMPLE_HEAD if styled else None, show_edge=False, pad_edge=False, expand=False,
                  header_style="bold cyan" if styled else "")
    for column, header, size in zip(columns, headers, widths, strict=True):
        table.add_column("\n".join(wrap(header, size)), width=size, no_wrap=True, overflow="ignore",
                         justify=column.justify)
    for texts in body:
        table.add_row(*(Text("\n".join(wrap(text, size, column.hyphens)))
                        for column, text, size in zip(columns, texts, widths, strict=True)))
    return table


def _blocks(columns: list[Column], headers: list[str], body: list[list[str]], width: int, lang: str, *,
            styled: bool) -> Any:
    """Each record as 'Header: value' lines, values wrapped under each other; records apart by a blank line.
    Where even the labels leave too little room, each value goes under its label."""
    from rich.text import Text

    from baotou_cli.show.layout import cells, min_width, wrap

    colon = "：" if lang == "zh" else ": "
    labels = [header.replace("\n", " ") + colon for header in headers]
    label_width = max((cells(label) for label in labels), default=0)
    out = Text(no_wrap=True, overflow="ignore")  # wrapped here; Rich must not fold an id that overflows
    for number, texts in enumerate(body):
        if number:
            out.append("\n")
        for column, label, text in zip(columns, labels, texts, strict=True):
            text = text or "—"
            out.append(label, style="bold cyan" if styled else "")
            # Beside its label when there is room for it; under it when an id or word would not fit there.
            if width - label_width >= max(16, min_width(text, column.hyphens)):
                lines = wrap(text, width - label_width, column.hyphens)
                pad = " " * label_width
                out.append(" " * (label_width - cells(label)) + f"\n{pad}".join(lines) + "\n")
            else:
                indent = "  " if min_width(text, column.hyphens) <= width - 2 else ""  # a long id: every cell
                out.append("\n" + "".join(f"{indent}{line}\n"
                                          for line in wrap(text, width - len(indent), column.hyphens)))
    out.rstrip()
    return out


def select_columns(listing: Listing, names: list[str] | None) -> list[Column]:
    """The table's columns: the listing's own, or one per chosen field."""
    if names is None:
        return listing.columns
    # Headed by the field names the user typed, shown the way the listing shows them.
    by_key = {c.key: c for c in listing.columns}
    return [Column(name, name, name, show=by_key[name].show if name in by_key and not by_key[name].localized
                   else None, hyphens=by_key[name].hyphens if name in by_key else False) for name in names]


def pick_fields(rows: list[dict], names: list[str]) -> list[dict]:
    return [{name: row.get(name) for name in names} for row in rows]


# Charts -------------------------------------------------------------------------------------------------

UNIT_NAMES = {"CNY": ("yuan", "元"), "t": ("tonnes", "吨"), "%": ("%", "%"), "GW": ("GW", "GW")}  # (en, zh)
ACTUAL, NOT_ACTUAL = ("█", "#"), ("░", "~")  # (styled, plain): figures that are not actual look different


def to_chart(title: str, bars: list[dict], lang: str, *, styled: bool, width: int,
             label: Callable[[dict, str], str], value_text: Callable[[dict, str], str]) -> Any:
    """Horizontal bars, one group per unit (never yuan beside tonnes), scaled within the group.
    Each bar has its label on the line above it, so long names never squeeze the bars, even at 40 columns."""
    from rich.cells import cell_len
    from rich.text import Text

    from baotou_cli.show.layout import wrap

    out = Text()
    out.append("\n".join(wrap(title, width)) + "\n", style="bold" if styled else "")
    glyph = 0 if styled else 1
    value_width = min(width // 2, max((cell_len(value_text(b, lang)) for b in bars), default=8))
    bar_width = max(4, width - value_width - 3)
    for unit in dict.fromkeys(bar["unit"] for bar in bars):
        group = [bar for bar in bars if bar["unit"] == unit]
        top = max(abs(bar["value"]) for bar in group) or 1
        out.append(f"\n[{UNIT_NAMES.get(unit, (unit, unit))[lang == 'zh']}]\n", style="dim" if styled else "")
        for bar in group:
            length = max(1, round(abs(bar["value"]) / top * bar_width))
            uncertain = bar["certainty"] != "actual"
            mark = (NOT_ACTUAL if uncertain else ACTUAL)[glyph]
            out.append("\n".join(wrap(label(bar, lang), width)) + "\n")
            out.append("  " + mark * length, style=("yellow" if uncertain else "cyan") if styled else "")
            value = value_text(bar, lang)
            beside = wrap(value, max(1, width - 3 - length))
            if len(beside) == 1:
                out.append(" " + value + "\n")
            else:  # too long to stand beside its bar: below it, wrapped by the same rules as tables
                out.append("\n" + "\n".join("    " + line for line in wrap(value, width - 4)) + "\n")
    legend = ((f"{ACTUAL[glyph]} 实际", f"{NOT_ACTUAL[glyph]} 非实际：预计、计划、目标、设计产能或计划总投资")
              if lang == "zh" else (f"{ACTUAL[glyph]} actual", f"{NOT_ACTUAL[glyph]} not actual: expected, planned, "
                                    "target, design capacity or total planned investment"))
    out.append("\n" + "\n".join(line for text in legend for line in wrap(text, width)), style="dim" if styled else "")
    return out
