"""Print once: the one place that writes a command's result to stdout and its notes to stderr."""

from __future__ import annotations

import contextlib
import os
import re
import sys
from typing import NamedTuple

from baotou_cli.data.article_files import write_all
from baotou_cli.render import formats
from baotou_cli.errors import OutputError, QueryError
from baotou_cli.render.formats import Listing


# Columns, whatever COLUMNS says: a huge value made a chart of hundreds of megabytes, and 0 printed nothing.
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
    pager: bool = True  # long output on a terminal may go through the pager (`--no-pager`: never)


def parse_fields(text: str | None, valid: list[str], csv_columns: bool = False) -> list[str] | None:
    """The field names of --fields, checked against the records' fields; with `csv_columns` a name may also
    be a column of the CSV (figure_raw), checked once the CSV's columns are known."""
    if text is None:
        return None
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise QueryError(f"--fields is empty; valid fields: {', '.join(valid)}")
    unknown = [name for name in names if name not in valid and not (csv_columns and "_" in name)]
    if unknown:
        raise QueryError(f"unknown field {unknown[0]!r} for --fields{formats.field_hint(unknown[0], valid)}; "
                         f"valid fields: {', '.join(valid)}")
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
    from rich.console import Console

    out = Console(file=sys.stdout, highlight=False, soft_wrap=False, emoji=False, markup=False)
    out.width = _drawing_width(out.width)
    return out


def _drawing_width(detected: int) -> int:
    """COLUMNS, else the detected width, within bounds: COLUMNS=0, 1 or abc still readable; 99999999 not
    hundreds of megabytes of padding."""
    from baotou_cli.render.table_layout import terminal_width

    return max(MIN_WIDTH, min(terminal_width(os.environ.get("COLUMNS"), detected), MAX_WIDTH))


def emit(listing: Listing, options: OutputOptions) -> None:
    """Write a command's result once: machine formats from its records, a table or document as it draws
    itself, Markdown as it writes itself; notes on stderr under a table."""
    kind, lang, fields = options.format, options.lang, options.fields
    if kind == "table":
        _print(lambda styled, width: listing.picture(lang, styled, width, fields), pager=options.pager)
        for message in listing.notes:
            note(message)
        if not listing.records.rows:
            note("no results")
    elif kind == "markdown":
        # A document's text is escaped here; a table's cells were already, and escaping twice changes nothing.
        write_text(formats.escape_controls(listing.markdown(lang, fields)))
    else:
        write_text(listing.records.text(kind, fields))


_TRAILING_SPACE = re.compile(r" +((?:\x1b\[[0-9;]*m)*)$", re.M)


# What makes Rich treat stdout as a terminal whatever it is: then Rich decides, not _plain_width.
_FORCING = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")


def _plain_width() -> int | None:
    """The width console() would give when stdout is not a terminal and nothing asks for colour, found
    without importing Rich: a piped answer or citation is laid out as text already and then costs no Rich at
    all. As Rich does, the width is that of the first of stdin, stdout and stderr that is a terminal (a pipe
    into `less` is laid out for the screen), else 80; COLUMNS goes first. None where Rich must decide."""
    try:
        terminal = sys.stdout.isatty()
    except (AttributeError, ValueError, OSError):  # no stdout, or a closed one: Rich decides (and fails)
        return None
    if terminal or any(os.environ.get(name) for name in _FORCING):
        return None
    detected = 80
    for fd in (0, 1, 2):
        with contextlib.suppress(OSError, ValueError):
            detected = os.get_terminal_size(fd).columns
            break
    return _drawing_width(detected)


def _print(make, *, pager: bool = True) -> None:
    """Print what make(styled, width) returns (None: nothing): styled (colour, boxes) only on a terminal or
    when FORCE_COLOR asks for it; long styled text through the pager unless `pager` is False."""
    with _writing() as stdout:  # Rich itself writes (and flushes) when a capture ends
        width = _plain_width()
        out = None if width is not None else console()
        styled = out is not None and out.is_terminal
        renderable = make(styled, width if out is None else out.width)
        if renderable is None:  # nothing to draw (a table without rows)
            return
        if isinstance(renderable, str):  # already laid out (a citation piped: one line per paragraph)
            text = renderable
        else:
            out = out or console()
            with out.capture() as captured:
                out.print(renderable, crop=False)  # an overlong id runs past the edge rather than being cut
            text = captured.get()
        if not stdout_can_encode(text):
            encoding = getattr(sys.stdout, "encoding", None) or "unknown"
            raise OutputError(f"stdout's encoding ({encoding}) cannot show this text; set a UTF-8 locale "
                              "(e.g. PYTHONIOENCODING=utf-8) or use --format json")
        if not styled:  # piped: no padding to the terminal's width at the end of lines
            text = "".join(line.rstrip() + "\n" for line in text.splitlines())
        else:  # nor on a terminal: padding after “” drawn wide (a CJK terminal) would wrap the line
            text = _TRAILING_SPACE.sub(r"\1", text)
        text = formats.escape_controls(text, keep_styles=styled)
        if styled and pager and _page(text, stdout):
            return
        encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
        stdout.flush()
        _write_all(stdout, text.encode(encoding))


# Long output on a terminal goes through a pager, as git does: $BAOTOU_PAGER, else $PAGER, else less (with
# LESS=FRX unless LESS is set: quit when it fits, keep colours, leave the text on the screen). `--no-pager`,
# an empty or `cat` pager, or output that fits the screen: no pager. Never when piped.

def pager_command() -> str | None:
    """The pager to run, or None for none."""
    import shlex
    import shutil

    command = os.environ.get("BAOTOU_PAGER", os.environ.get("PAGER", "less"))
    try:
        words = shlex.split(command) if command.strip() else []
    except ValueError:  # an unclosed quote: the shell could not run it either
        return None
    if not words or words[0] == "cat" or shutil.which(words[0]) is None:
        return None  # no pager found: print, rather than lose the output
    return command


def _page(text: str, stdout) -> bool:
    """Show text through the pager when it is longer than the screen; False when it was not paged."""
    import shutil
    import subprocess

    try:  # a real terminal, not FORCE_COLOR on a pipe
        terminal = os.isatty(stdout.fileno())
    except (AttributeError, OSError, ValueError):
        terminal = False
    command = pager_command() if terminal else None
    if command is None or text.count("\n") < shutil.get_terminal_size().lines:
        return False
    stdout.flush()
    env = {**os.environ, "LESS": os.environ.get("LESS", "FRX"), "LV": os.environ.get("LV", "-c")}
    try:
        pager = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    try:
        assert pager.stdin is not None
        pager.stdin.write(text.encode("utf-8"))
        pager.stdin.close()
    except BrokenPipeError:  # the reader quit the pager before the end: that is how pagers are used
        pass
    while True:
        try:
            pager.wait()
            return True
        except KeyboardInterrupt:  # Ctrl-C belongs to the pager while it runs (as with git)
            continue
