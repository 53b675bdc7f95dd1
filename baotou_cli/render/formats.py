"""Turn records into text: JSON, NDJSON, CSV, YAML, Markdown, or a Rich table. Returns, never prints.

Records (the rows and their keys) make the machine formats; a Table shows them under columns; a Document
(a chart, a citation, one record, an answer) draws and writes itself. Each does both languages.

Machine formats go through the standard library (never Rich), in UTF-8, with every record carrying the same
keys in the same order, so scripts can rely on them. Rich is imported only when a table is drawn.
"""

from __future__ import annotations

import re
from typing import Any, Literal, NamedTuple
from collections.abc import Callable

from baotou_cli.errors import QueryError
from baotou_cli.data.characters import FORMULA_START, INVISIBLE
from baotou_cli.data.json_text import encode, encode_line, encode_list


FORMATS = ("table", "json", "ndjson", "csv", "csv-excel", "yaml", "markdown")
LANGS = ("en", "zh")


class Column(NamedTuple):
    key: str
    header_en: str
    header_zh: str
    # How a cell reads on screen; JSON and the other machine formats always get the raw record value.
    formatter: Callable[[Any, dict, str], str] | None = None
    min_width: int | None = None
    max_width: int | None = None  # how wide it grows before the flexible columns get the rest
    justify: Literal["left", "right"] = "left"
    flex: bool = False  # the long text of a row (a statement): spare room goes here first
    # The cell shows a sibling field in the language asked for (name_en shows name_zh with --lang zh): with
    # --fields, a column must show its own field, so such a column falls back to the plain value.
    localized: bool = False
    hyphens: bool = True  # words may break after a hyphen; False for ids, which must stay whole to be copied
    # Where the statement would get less than half the width, this column moves under it (an id: it is in
    # --json too), so that what people read gets the room.
    tuck: bool = False
    # The same text on every row (the zone as every figure's subject) says it once, in a heading, not per row.
    collapse: bool = False
    # A statement that would still get less than half the width goes under its row, across the whole width.
    below: bool = False

    def header(self, lang: str) -> str:
        return self.header_zh if lang == "zh" else self.header_en

    def cell(self, row: dict, lang: str) -> str:
        value = row.get(self.key)
        if self.formatter is not None:
            return self.formatter(value, row, lang)
        return plain(value)


class Records:
    """Records and their keys, in order (the contract of --json). JSON, NDJSON, CSV and YAML are made
    straight from them, never from what a table shows."""

    def __init__(self, rows: list[dict] | Callable[[], list[dict]], fields: list[str], *,
                 csv_explode: dict[str, list[str]] | None = None,
                 encoded: Callable[[], list[str]] | None = None, declared: type | None = None) -> None:
        self._rows = rows  # or a function that makes them: not called when stored JSON is printed
        self.fields = fields  # every key of every record, in order
        # The record's declaration (questions/records.py): CSV spreads its nested records over stable columns.
        self.declared = declared
        # Fields holding lists of figures, with their items' keys: CSV gives one row per figure (render/csv_columns.py).
        self.csv_explode = csv_explode or {}
        # A function returning each record as JSON text, as to_json would encode it (two-space indent, not
        # ASCII-escaped), where the store keeps it so: `--json` writes these instead of encoding the rows again.
        self.encoded = encoded

    @property
    def rows(self) -> list[dict]:
        if callable(self._rows):
            self._rows = self._rows()
        return self._rows

    def text(self, kind: str, fields: list[str] | None = None) -> str:
        """The records in a machine format (json, ndjson, csv, csv-excel, yaml), only `fields` where given."""
        if kind == "json" and self.encoded is not None and not fields:
            return to_json_encoded(self.encoded())
        csv_columns = kind in ("csv", "csv-excel") and any(name not in self.fields for name in fields or ())
        rows = pick_fields(self.rows, fields) if fields and not csv_columns else self.rows
        if kind == "json":
            return to_json(rows)
        if kind == "ndjson":
            return to_ndjson(rows)
        if kind in ("csv", "csv-excel"):  # escaped: CSV is opened in terminals too
            text = self._csv(rows, fields, excel=kind == "csv-excel")
            bom = "\ufeff" if text.startswith("\ufeff") else ""  # Excel's byte-order mark: the one U+FEFF kept
            return bom + escape_controls(text[len(bom):])
        if kind == "yaml":
            return to_yaml(rows)
        # the CLI's choices make this unreachable; fail loudly rather than print nothing
        raise QueryError(f"unknown format {kind!r}")

    def _csv(self, rows: list[dict], fields: list[str] | None, *, excel: bool) -> str:
        """CSV of these rows; --fields may name the CSV's own columns (figure_raw, period_start) as well as fields."""
        if not fields or all(name in self.fields for name in fields):
            return to_csv(rows, fields or self.fields, self.csv_explode, excel=excel, declared=self.declared)
        from baotou_cli.render.csv_columns import flat_rows

        columns, _ = flat_rows(rows, self.fields, self.csv_explode, self.declared)
        unknown = [name for name in fields if name not in self.fields and name not in columns]
        if unknown:
            raise QueryError(f"unknown field {unknown[0]!r} for --fields{field_hint(unknown[0], self.fields + columns)}"
                             f"; valid: {', '.join(self.fields)} or a CSV column: {', '.join(columns)}")
        return to_csv(rows, self.fields, self.csv_explode, excel=excel, columns_wanted=fields, declared=self.declared)


def field_hint(name: str, valid: list[str]) -> str:
    """'; did you mean ...?' for a field typed without its language (name -> name_en) or nearly right."""
    import difflib

    close = [f"{name}_en", f"{name}_zh"] if f"{name}_en" in valid else difflib.get_close_matches(name, valid, n=2)
    return f" (did you mean {' or '.join(close)}?)" if close else ""


class Table:
    """Records as rows under columns, headed and titled in either language: what a terminal and Markdown
    show of a listing. A view that shows its records otherwise (one record field by field, a statement said
    once for several figures) overrides table_rows; one that groups rows or adds footnotes, group and
    footnotes."""

    def __init__(self, records: Records, columns: list[Column], title: tuple[str, str] = ("", ""), *,
                 notes: list[str] | None = None, spaced: bool = False) -> None:
        self.records = records
        self.columns = columns  # what a table shows by default
        self.title_en, self.title_zh = title
        self.notes = notes or []  # said on stderr under a table
        self.spaced = spaced  # a blank line between rows of a table (rows of several paragraphs each)

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en

    def table_rows(self) -> list[dict]:
        """The rows a table shows (without --fields): the records, unless the view shows them otherwise."""
        return self.records.rows

    def markdown_rows(self) -> list[dict]:
        """The rows Markdown shows: as the table, unless rows pasted one at a time need more to stand alone."""
        return self.table_rows()

    def group(self, row: dict) -> tuple[str, str] | None:
        """The (English, Chinese) heading a row goes under; rows of a heading are kept together."""
        return None

    def footnotes(self, lang: str) -> list[str]:
        """Lines under the table."""
        return []

    def picture(self, lang: str, styled: bool, width: int, fields: list[str] | None = None) -> Any:
        """The table at `width` (with --fields, a column per field); None when there are no records: no
        header over nothing."""
        if not self.records.rows:
            return None
        rows = self.records.rows if fields else self.table_rows()
        return to_table(self, select_columns(self.columns, fields), rows, lang, boxes=styled, width=width)

    def markdown(self, lang: str, fields: list[str] | None = None) -> str:
        rows = self.records.rows if fields else self.markdown_rows()
        return to_markdown(select_columns(self.columns, fields), rows, lang)


class Document:
    """A result read as a whole rather than row by row: a chart, a citation, one record with its facts, an
    answer. It draws itself (draw) and writes itself as Markdown (write); its records go to the machine
    formats as they are, and with --fields it is the table of them."""

    def __init__(self, table: Table) -> None:
        self.table = table

    @property
    def records(self) -> Records:
        return self.table.records

    @property
    def notes(self) -> list[str]:
        return self.table.notes

    def draw(self, lang: str, styled: bool, width: int) -> Any:
        """What a terminal (or a pipe) shows: a Rich renderable, or text already laid out."""
        raise NotImplementedError

    def write(self, lang: str) -> str:
        """Markdown: the table's, unless the document says otherwise."""
        return self.table.markdown(lang)

    def picture(self, lang: str, styled: bool, width: int, fields: list[str] | None = None) -> Any:
        return self.table.picture(lang, styled, width, fields) if fields else self.draw(lang, styled, width)

    def markdown(self, lang: str, fields: list[str] | None = None) -> str:
        return self.table.markdown(lang, fields) if fields else self.write(lang)


# What a listing command hands to the output layer (render/output.emit).
Listing = Table | Document


# What a terminal would obey rather than show: C0/C1 controls (ESC, and CSI as one byte), DEL, a carriage
# return not ending a line, and the bidirectional overrides. Group 1 is a colour/style (SGR) sequence.
# Invisible characters (zero-width, direction marks, tags: data/characters.py) are shown escaped too.
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
    """A value as text for a table cell: as in CSV (render/csv_columns.py: a record as key=value pairs, never JSON)."""
    from baotou_cli.render.csv_columns import cell

    return cell(value)


def to_json(rows: list[dict]) -> str:
    return encode(rows) + "\n"


def to_json_encoded(records: list[str]) -> str:
    """The same text as to_json, from records each already encoded by data/json_text.encode (as the store
    keeps a fact's row)."""
    return encode_list(records) + "\n"


def to_ndjson(rows: list[dict]) -> str:
    return "".join(encode_line(row) + "\n" for row in rows)


def to_csv(rows: list[dict], fields: list[str], explode: dict[str, list[str]] | None = None, *,
           excel: bool = False, columns_wanted: list[str] | None = None, declared: type | None = None) -> str:
    """Flat CSV: one value per cell, nested records spread over columns, one row per figure. Plain CSV is
    UTF-8 without a byte-order mark and with \\n line ends (as csvkit and sqlite-utils write it); `excel`
    adds the byte-order mark and \\r\\n that spreadsheet programs need to read Chinese text as UTF-8."""
    import csv
    import io

    from baotou_cli.render.csv_columns import flat_rows, pick_columns

    columns, table = flat_rows(rows, fields, explode, declared)
    if columns_wanted is not None:  # --fields named CSV columns (figure_raw): pick them from the whole table
        columns, table = pick_columns(columns, table, columns_wanted)
    buffer = io.StringIO()
    if excel:
        buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n" if excel else "\n")
    writer.writerow(columns)
    writer.writerows([[_inert(text) for text in row] for row in table])
    return buffer.getvalue()


# A cell a spreadsheet would run as a formula (OWASP, "CSV Injection"): =, +, -, @, tab or carriage return
# first. Facts files refuse such text (data/validation.py); whatever reaches CSV anyway is prefixed with a single
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


def to_markdown(columns: list[Column], rows: list[dict], lang: str) -> str:
    lines = ["| " + " | ".join(_markdown_cell(c.header(lang)) for c in columns) + " |",
             "| " + " | ".join("---:" if c.justify == "right" else "---" for c in columns) + " |"]
    for row in rows:
        lines.append("| " + " | ".join(_markdown_cell(c.cell(row, lang)) for c in columns) + " |")
    return "\n".join(lines) + "\n"


def to_table(table: Table, columns: list[Column], rows: list[dict], lang: str, *, boxes: bool,
             width: int) -> Any:
    """A Rich table that fits `width`, wrapped only between words; or, where the columns cannot fit
    without crushing, one block per record (like `kubectl describe`). Rich is imported here only.

    The layout depends on the width alone: on a terminal and piped it is the same, piped output only drops
    colour and the line under the headers."""
    from rich.console import Group
    from rich.text import Text

    from baotou_cli.render import table_layout

    title = table.title(lang)
    columns, said_once = _collapsed(columns, rows, lang)
    if said_once:
        title = f"{title}: {said_once}" if title else said_once
    headers = [column.header(lang) for column in columns]
    body = [[escape_controls(column.cell(row, lang)) for column in columns] for row in rows]
    parts = []
    if title:
        parts.append(Text("\n".join(table_layout.wrap(escape_controls(title), width)), style="bold" if boxes else ""))
    before = len(columns)
    columns, headers, body, widths = _arranged(columns, headers, body, width)
    groups = _groups(table, rows, lang)
    for heading, members in groups:
        if heading:
            parts.append(Text("\n" + "\n".join(table_layout.wrap(escape_controls(heading), width)),
                              style="bold" if boxes else ""))
        chosen = [body[index] for index in members]
        if widths is not None and _statement_below(columns, widths, width):
            parts.append(_rows_with_statement_below(columns, headers, chosen, width, styled=boxes))
        elif widths is None:
            parts.append(_blocks(columns, headers, chosen, width, lang, styled=boxes))
        else:  # with ids under the statements, a blank line between records says which id is whose
            parts.append(_grid(columns, headers, chosen, widths, styled=boxes,
                               spaced=len(columns) < before or table.spaced))
    notes = [line for note in table.footnotes(lang) for line in table_layout.wrap(escape_controls(note), width)]
    if notes:
        parts.append(Text("\n" + "\n".join(notes), style="dim" if boxes else ""))
    return Group(*parts)


GAP = 2  # cells between columns, on a terminal and piped alike


def _collapsed(columns: list[Column], rows: list[dict], lang: str) -> tuple[list[Column], str]:
    """Columns whose text is the same on every row (of two or more) leave the table; that text goes to the title."""
    said = []
    kept = []
    for column in columns:
        texts = {column.cell(row, lang) for row in rows}
        if column.collapse and len(rows) > 1 and len(texts) == 1:
            said += [text for text in texts if text]  # an empty column says nothing: it just goes
        else:
            kept.append(column)
    return (kept or columns), ", ".join(said) if kept else ""


def _arranged(columns: list[Column], headers: list[str], body: list[list[str]], width: int):
    """Columns, headers, cells and widths (None: blocks). Where the statement would get less than half the
    width, the columns that may (ids) move under it, one line below its text."""
    from baotou_cli.render import table_layout

    def widths_of(cols, heads, cells):
        sizes = [_sizing(column, header, [row[index] for row in cells], table_layout)
                 for index, (column, header) in enumerate(zip(cols, heads, strict=True))]
        return table_layout.fit(sizes, width - GAP * (len(cols) - 1)) if cols else None

    widths = widths_of(columns, headers, body)
    flex = next((index for index, column in enumerate(columns) if column.flex), None)
    tucked = [index for index, column in enumerate(columns) if column.tuck]
    if flex is None or not tucked or (widths is not None and widths[flex] * 2 >= width):
        return columns, headers, body, widths
    kept = [index for index in range(len(columns)) if index not in tucked]
    under = headers[tucked[0]]
    new_columns = [columns[index] for index in kept]
    new_headers = [f"{headers[index]} / {under}" if index == flex else headers[index] for index in kept]
    new_body = []
    for row in body:
        # The first (the id) as it is; any other under its own label, its lines joined: "Projects: a, b".
        extra = "\n".join(row[index] if number == 0 else
                          f"{headers[index]}{': ' if headers[index].isascii() else '：'}"
                          f"{', '.join(row[index].splitlines())}"
                          for number, index in enumerate(tucked) if row[index])
        new_body.append([f"{row[index]}\n{extra}" if index == flex and extra else row[index] for index in kept])
    new_widths = widths_of(new_columns, new_headers, new_body)
    if new_widths is None:
        return columns, headers, body, widths
    return new_columns, new_headers, new_body, new_widths


def _statement_below(columns: list[Column], widths: list[int], width: int) -> bool:
    return any(column.below and size * 2 < width for column, size in zip(columns, widths, strict=True)) and len(columns) > 1


def _rows_with_statement_below(columns: list[Column], headers: list[str], body: list[list[str]], width: int, *,
                               styled: bool) -> Any:
    """The short columns as a table, each row followed by its statement across the width (indented two), a
    blank line between records: at 80 columns a statement is read, not squeezed into a fifth of the line."""
    from rich.console import Group
    from rich.text import Text

    from baotou_cli.render import table_layout

    at = next(index for index, column in enumerate(columns) if column.below)
    short = [column for index, column in enumerate(columns) if index != at]
    short_headers = [header for index, header in enumerate(headers) if index != at]
    rows = [[cell for index, cell in enumerate(row) if index != at] for row in body]
    sizes = [_sizing(column, header, [row[index] for row in rows], table_layout)
             for index, (column, header) in enumerate(zip(short, short_headers, strict=True))]
    widths = table_layout.fit(sizes, width - GAP * (len(short) - 1))
    if widths is None:
        return _blocks(columns, headers, body, width, "en" if headers[at].isascii() else "zh", styled=styled)
    parts = []
    for number, (row, cells) in enumerate(zip(body, rows, strict=True)):
        parts.append(_grid(short, short_headers, [cells], widths, styled=styled, show_header=number == 0))
        parts.append(Text("\n".join("  " + line for line in table_layout.wrap(row[at], width - 2, columns[at].hyphens))
                          + ("\n" if number < len(body) - 1 else "")))
    return Group(*parts)


def _groups(table: Table, rows: list[dict], lang: str) -> list[tuple[str, list[int]]]:
    """(heading, row indexes) in order of first appearance; one group without a heading when not grouped."""
    found: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        heading = table.group(row)
        found.setdefault("" if heading is None else heading[lang == "zh"], []).append(index)
    return list(found.items())


def _sizing(column: Column, header: str, texts: list[str], table_layout) -> Any:
    # A short header stays whole (确定性 never stacks one character per line); a long one may wrap at words.
    # Likewise a short cell (实体·产品, 名称、别名) is never broken up.
    least = max([min(table_layout.natural_width(header), 10), table_layout.min_width(header),
                 *(max(table_layout.min_width(text, column.hyphens), _short(table_layout.natural_width(text)))
                   for text in texts)])
    ideal = max([table_layout.natural_width(header), *(table_layout.natural_width(text) for text in texts)])
    readable = min(ideal, column.min_width or 0)
    return table_layout.Sizing(least=max(least, readable), ideal=ideal, flex=column.flex,
                         cap=column.max_width or (ideal if column.flex else 16))


def _short(width: int, most: int = 10) -> int:
    return width if width <= most else 0


def _grid(columns: list[Column], headers: list[str], body: list[list[str]], widths: list[int], *,
          styled: bool, spaced: bool = False, show_header: bool = True) -> Any:
    from rich.table import Table
    from rich.text import Text

    from baotou_cli.render.table_layout import wrap

    # No box-drawing characters: they are of ambiguous width, drawn double on a CJK terminal, and would push
    # every line past its edge. Headers are underlined instead; piped, the same lines without the styles.
    table = Table(box=None, show_edge=False, pad_edge=False, expand=False,
                  header_style="bold cyan underline" if styled else "", padding=(0, 1), show_header=show_header)
    for column, header, size in zip(columns, headers, widths, strict=True):
        table.add_column("\n".join(wrap(header, size)), width=size, no_wrap=True, overflow="ignore",
                         justify=column.justify)
    for number, texts in enumerate(body):
        if spaced and number:
            table.add_row(*("" for _ in columns))
        table.add_row(*(Text("\n".join(wrap(text, size, column.hyphens)))
                        for column, text, size in zip(columns, texts, widths, strict=True)))
    return table


def _blocks(columns: list[Column], headers: list[str], body: list[list[str]], width: int, lang: str, *,
            styled: bool) -> Any:
    """Each record as 'Header: value' lines, values wrapped under each other; records apart by a blank line.
    Where even the labels leave too little room, each value goes under its label."""
    from rich.text import Text

    from baotou_cli.render.table_layout import cells, min_width, wrap

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


def select_columns(columns: list[Column], names: list[str] | None) -> list[Column]:
    """A table's columns: its own, or one per chosen field."""
    if names is None:
        return columns
    # Headed by the field names the user typed, shown the way the table shows them.
    by_key = {c.key: c for c in columns}
    return [Column(name, name, name, formatter=by_key[name].formatter if name in by_key and not by_key[name].localized
                   else None, hyphens=by_key[name].hyphens if name in by_key else False) for name in names]


def pick_fields(rows: list[dict], names: list[str]) -> list[dict]:
    return [{name: row.get(name) for name in names} for row in rows]


# Charts -------------------------------------------------------------------------------------------------

UNIT_NAMES = {"CNY": ("yuan", "元"), "t": ("tonnes", "吨"), "%": ("%", "%"), "GW": ("GW", "GW")}  # (en, zh)
# Figures that are not actual look different. The same glyphs on a terminal (in colour) and piped: █ and ░ are
# of ambiguous width, drawn double on a CJK terminal, where every bar would run past the edge.
ACTUAL, NOT_ACTUAL = ("#", "#"), ("~", "~")  # (styled, plain)


def to_chart(title: str, bars: list[dict], lang: str, *, styled: bool, width: int,
             label: Callable[[dict, str], str], value_text: Callable[[dict, str], str]) -> Any:
    """Horizontal bars, one group per unit (never yuan beside tonnes), scaled within the group.
    Each bar has its label on the line above it, so long names never squeeze the bars, even at 40 columns."""
    from rich.cells import cell_len
    from rich.text import Text

    from baotou_cli.render.table_layout import wrap

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
