"""Print once: the one place that writes a command's result to stdout and its notes to stderr."""

from __future__ import annotations

import sys
from typing import NamedTuple

from baotou_cli.show import formats as render
from baotou_cli.errors import QueryError
from baotou_cli.show.formats import Listing


class OutputError(Exception):
    """The result cannot be printed here (for example Chinese text on an ASCII-only stdout)."""


class OutputOptions(NamedTuple):
    format: str = "table"
    fields: list[str] | None = None
    lang: str = "en"


def parse_fields(text: str | None, valid: list[str]) -> list[str] | None:
    if text is None:
        return None
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise QueryError(f"--fields is empty; valid fields: {', '.join(valid)}")
    unknown = [name for name in names if name not in valid]
    if unknown:
        raise QueryError(f"unknown field {unknown[0]!r} for --fields; valid fields: {', '.join(valid)}")
    return names


def write_text(text: str) -> None:
    """Machine formats are UTF-8 whatever the locale says: write bytes."""
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.flush()


def note(message: str) -> None:
    sys.stderr.write(f"baotou: {message}\n")


def stdout_can_encode(text: str) -> bool:
    encoding = getattr(sys.stdout, "encoding", None) or "ascii"
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def console():  # -> rich.console.Console
    """A Console that honours NO_COLOR, FORCE_COLOR, TERM=dumb and COLUMNS like Rich does, and draws
    neither colour nor boxes when stdout is not a terminal (unless FORCE_COLOR asks for them)."""
    from rich.console import Console

    return Console(file=sys.stdout, highlight=False, soft_wrap=False, emoji=False, markup=False)


def emit(listing: Listing, options: OutputOptions) -> None:
    fields = options.fields or listing.fields
    kind = options.format
    if kind == "markdown" and listing.markdown is not None and not options.fields:
        write_text(listing.markdown(options.lang))
    elif kind == "table" and listing.text is not None and not options.fields:
        _print(lambda styled, width: listing.text(options.lang, styled, width))
    elif kind == "table" or kind == "markdown":
        columns = render.select_columns(listing, options.fields)
        if kind == "markdown":
            write_text(render.to_markdown(listing, columns, options.lang))
        else:
            _print(lambda styled, width: render.to_table(listing, columns, options.lang, boxes=styled))
    elif kind == "json" and listing.encoded is not None and not options.fields:
        write_text(render.to_json_encoded(listing.encoded()))
    else:
        rows = render.pick_fields(listing.rows, fields) if options.fields else listing.rows
        if kind == "json":
            write_text(render.to_json(rows))
        elif kind == "ndjson":
            write_text(render.to_ndjson(rows))
        elif kind == "csv":
            write_text(render.to_csv(rows, fields))
        elif kind == "yaml":
            write_text(render.to_yaml(rows))
        else:  # the CLI's choices make this unreachable; fail loudly rather than print nothing
            raise QueryError(f"unknown format {kind!r}")
    if kind == "table":
        for message in listing.notes:
            note(message)
        if not listing.rows:
            note("no results")


def _print(make) -> None:
    """Print what make(styled, width) returns: styled (colour, boxes) only on a terminal or when FORCE_COLOR
    asks for it."""
    out = console()
    renderable = make(out.is_terminal, out.width)
    with out.capture() as captured:
        out.print(renderable)
    text = captured.get()
    if not stdout_can_encode(text):
        encoding = getattr(sys.stdout, "encoding", None) or "unknown"
        raise OutputError(f"stdout's encoding ({encoding}) cannot show this text; set a UTF-8 locale "
                          "(e.g. PYTHONIOENCODING=utf-8) or use --format json")
    if not out.is_terminal:  # piped: no padding to the terminal's width at the end of lines
        text = "".join(line.rstrip() + "\n" for line in text.splitlines())
    sys.stdout.write(text)

