"""Print once: the one place that writes a command's result to stdout and its notes to stderr."""

from __future__ import annotations

import contextlib
import os
import sys
from typing import NamedTuple

from baotou_cli.facts.files import write_all
from baotou_cli.show import formats
from baotou_cli.errors import OutputError, QueryError
from baotou_cli.show.formats import Listing


# Columns, whatever COLUMNS says: 99999999 made a chart of 286 MB, and 0 printed nothing at all.
MIN_WIDTH, MAX_WIDTH = 20, 1000


class PipeClosed(Exception):
    """The reader of stdout has gone (`| head -1`, `| true`): not an error, stop quietly.

    Deliberately not an OSError: Click turns an EPIPE OSError raised inside a command into exit 1.
    """


@contextlib.contextmanager
def _writing():
    """Every write to stdout: a gone reader is PipeClosed, any other failure (ENOSPC, EBADF, EIO) one
    OutputError; a stdout closed before start (`>&-`) is an error, not an AttributeError."""
    if sys.stdout is None:
        raise OutputError("cannot write the output: stdout is closed")
    try:
        yield sys.stdout
    except BrokenPipeError:
        raise PipeClosed from None
    except OSError as exc:
        raise OutputError(f"cannot write the output: {exc.strerror or exc}") from None


def flush() -> None:
    with _writing() as out:
        out.flush()


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
    twice = next((name for index, name in enumerate(names) if name in names[:index]), None)
    if twice:  # a JSON object cannot hold a key twice: no format may show it twice either
        raise QueryError(f"field {twice!r} is named twice in --fields")
    return names


def write_text(text: str) -> None:
    """Machine formats are UTF-8 whatever the locale says: write bytes."""
    with _writing() as out:
        out.flush()
        _write_all(out, text.encode("utf-8"))
        out.flush()


def _write_all(out, data: bytes) -> None:
    """Every byte, or an OSError: a write may take only part (a disk filling, `ulimit -f`), and a buffered
    writer can drop what a short write left over, which made a truncated file with exit 0 (issue #20)."""
    try:
        fd = out.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (a test's capture): its own write is whole
        out.buffer.write(data)
        return
    write_all(fd, data)


def note(message: str) -> None:
    """One line on stderr, control characters escaped. A closed or full stderr cannot be told about itself:
    its output is dropped, so that it cannot change the exit code either."""
    try:
        sys.stderr.write(f"baotou: {formats.escape_controls(message)}\n")
        sys.stderr.flush()
    except (OSError, AttributeError, ValueError):
        discard_output(2)


def discard_output(fd: int = 1) -> None:
    """Point a failed stdout (or stderr) at /dev/null, so that the interpreter's last flush at exit neither
    fails again nor turns the exit code into 120."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)
    except OSError:
        pass


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
    import os

    from rich.console import Console

    from baotou_cli.show.layout import terminal_width

    out = Console(file=sys.stdout, highlight=False, soft_wrap=False, emoji=False, markup=False)
    # COLUMNS=0, 1 or abc: still readable; 99999999: not hundreds of megabytes of padding.
    out.width = max(MIN_WIDTH, min(terminal_width(os.environ.get("COLUMNS"), out.width), MAX_WIDTH))
    return out


def emit(listing: Listing, options: OutputOptions) -> None:
    fields = options.fields or listing.fields
    kind = options.format
    if kind == "markdown" and listing.markdown is not None and not options.fields:
        write_text(formats.escape_controls(listing.markdown(options.lang)))
    elif kind == "table" and listing.text is not None and not options.fields:
        _print(lambda styled, width: listing.text(options.lang, styled, width))
    elif kind == "table" and not listing.rows:
        pass  # no header over nothing: "no results" is said below
    elif kind == "table" or kind == "markdown":
        columns = formats.select_columns(listing, options.fields)
        # Chosen fields are the records' own; otherwise a listing may show its records another way (field by field).
        rows = listing.rows if options.fields else listing.shown_rows
        if kind == "markdown":
            write_text(formats.to_markdown(listing, columns, rows, options.lang))  # cells escaped
        else:
            _print(lambda styled, width: formats.to_table(listing, columns, rows, options.lang, boxes=styled,
                                                          width=width))
    elif kind == "json" and listing.encoded is not None and not options.fields:
        write_text(formats.to_json_encoded(listing.encoded()))
    else:
        rows = formats.pick_fields(listing.rows, fields) if options.fields else listing.rows
        if kind == "json":
            write_text(formats.to_json(rows))
        elif kind == "ndjson":
            write_text(formats.to_ndjson(rows))
        elif kind in ("csv", "csv-excel"):  # escaped: CSV is opened in terminals too
            text = formats.to_csv(rows, fields, listing.csv_explode, excel=kind == "csv-excel")
            bom = "\ufeff" if text.startswith("\ufeff") else ""  # Excel's byte-order mark: the one U+FEFF kept
            write_text(bom + formats.escape_controls(text[len(bom):]))
        elif kind == "yaml":
            write_text(formats.to_yaml(rows))
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
    with _writing() as stdout:  # Rich itself writes (and flushes) when a capture ends
        out = console()
        renderable = make(out.is_terminal, out.width)
        if isinstance(renderable, str):  # already laid out (a citation piped: one line per paragraph)
            text = renderable
        else:
            with out.capture() as captured:
                out.print(renderable, crop=False)  # an overlong id runs past the edge rather than being cut
            text = captured.get()
        if not stdout_can_encode(text):
            encoding = getattr(sys.stdout, "encoding", None) or "unknown"
            raise OutputError(f"stdout's encoding ({encoding}) cannot show this text; set a UTF-8 locale "
                              "(e.g. PYTHONIOENCODING=utf-8) or use --format json")
        if not out.is_terminal:  # piped: no padding to the terminal's width at the end of lines
            text = "".join(line.rstrip() + "\n" for line in text.splitlines())
        encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
        stdout.flush()
        _write_all(stdout, formats.escape_controls(text, keep_styles=out.is_terminal).encode(encoding))
