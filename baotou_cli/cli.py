"""The command line: parse, call a query, hand the result to the output layer once, map errors to exit codes."""

from __future__ import annotations

import functools
import inspect
import sys
from typing import Annotated, Callable, Optional

import click
import typer

from baotou_cli import __version__
from baotou_cli.errors import EXIT_DATA, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_USAGE, FactsError, QueryError
from baotou_cli.output import OutputError, OutputOptions, emit, note, parse_fields, write_text
from baotou_cli.render import FORMATS, LANGS, Listing

app = typer.Typer(
    name="baotou",
    help="Verified facts about the Baotou Rare Earth Hi-Tech Zone (包头稀土高新区), each one quoted from its source.",
    rich_markup_mode=None,  # plain click help: Rich costs ~80 ms of start-up and the help is read in pipes too
    pretty_exceptions_enable=False,
    add_completion=True,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


def _version(value: bool) -> None:
    if value:
        write_text(f"baotou {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", "-V", help="Print the version and exit.",
                                          callback=_version, is_eager=True)] = False,
) -> None:
    """Verified facts about the Baotou Rare Earth Hi-Tech Zone (包头稀土高新区), each one quoted from its source.

    Every figure comes with the verbatim Chinese sentence it was taken from. Machine-readable output
    (--json, --format csv|ndjson|yaml) is a stable contract; see the README.
    """


# Options shared by every command -------------------------------------------------------------------

FactsOption = Annotated[Optional[str], typer.Option(
    "--facts", metavar="PATH", show_default=False,
    help="Facts file to read instead of the bundled one (also $BAOTOU_FACTS).")]
FormatOption = Annotated[str, typer.Option(
    "--format", "-f", metavar="|".join(FORMATS), help="Output format.",
    click_type=click.Choice(FORMATS))]
JsonOption = Annotated[bool, typer.Option("--json", help="Same as --format json.")]
FieldsOption = Annotated[Optional[str], typer.Option(
    "--fields", metavar="A,B,C", show_default=False, help="Only these fields, in this order (any format).")]
LangOption = Annotated[str, typer.Option(
    "--lang", "-l", metavar="en|zh", help="Language of tables and Markdown.", click_type=click.Choice(LANGS))]

_OUTPUT_PARAMETERS = [
    inspect.Parameter("output_format", inspect.Parameter.KEYWORD_ONLY, default="table", annotation=FormatOption),
    inspect.Parameter("json_output", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=JsonOption),
    inspect.Parameter("fields", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=FieldsOption),
    inspect.Parameter("lang", inspect.Parameter.KEYWORD_ONLY, default="en", annotation=LangOption),
]


def listing_command(func: Callable[..., Listing]) -> Callable[..., None]:
    """Give a command that returns a Listing the output options every listing shares, and print its result.

    Like sqlite-utils' output_options(): one set of flags, one output function, not a copy per command.
    """
    signature = inspect.signature(func)

    @functools.wraps(func)
    def command(**kwargs: object) -> None:
        output_format = kwargs.pop("output_format")
        json_output = kwargs.pop("json_output")
        fields_text = kwargs.pop("fields")
        lang = kwargs.pop("lang")
        if json_output and output_format not in ("table", "json"):
            raise QueryError(f"--json and --format {output_format} disagree: give one of them")
        listing = func(**kwargs)
        options = OutputOptions(format="json" if json_output else output_format,
                                fields=parse_fields(fields_text, listing.fields), lang=lang)
        emit(listing, options)

    command.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*signature.parameters.values(), *_OUTPUT_PARAMETERS])
    command.__annotations__ = {**func.__annotations__, **{p.name: p.annotation for p in _OUTPUT_PARAMETERS}}
    return command


def _load(facts: str | None):  # -> model.FactSet
    from baotou_cli import loader

    return loader.load(loader.resolve_facts_path(facts)).factset


# Commands -------------------------------------------------------------------------------------------

@app.command()
def verify(facts: FactsOption = None) -> None:
    """Prove every fact against its source article, and report.

    Checks that every quote is in its article (ignoring whitespace), every raw number is in its quote,
    every normalized value equals its raw text converted, ids are unique, references resolve, and that
    every number of the article is cited by some fact. Exit 0 only when all of that holds.

    Example: baotou verify --facts my-facts.yaml
    """
    from baotou_cli import loader
    from baotou_cli.report import verify_report

    path = loader.resolve_facts_path(facts)
    loaded = loader.load(path, strict=False)
    text, ok = verify_report(loaded)
    write_text(text)
    if not ok:
        raise typer.Exit(EXIT_DATA)


@app.command()
@listing_command
def export(facts: FactsOption = None) -> Listing:
    """Every fact with every field (the JSON record shape is documented in the README).

    Examples: baotou export --format json | jq length
              baotou export --format csv > facts.csv
    """
    from baotou_cli import records

    return records.export_listing(_load(facts))


# Entry point ----------------------------------------------------------------------------------------

def _one_line(message: str) -> str:
    return " ".join(str(message).split())


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; every failure becomes one line on stderr and a documented exit code."""
    command = typer.main.get_command(app)
    try:
        code = command.main(args=argv, prog_name="baotou", standalone_mode=False)
        code = code if isinstance(code, int) else 0
    except click.UsageError as exc:
        where = exc.ctx.command_path if exc.ctx else "baotou"
        note(f"error: {_one_line(exc.format_message())} (see '{where} --help')")
        code = EXIT_USAGE
    except QueryError as exc:
        note(f"error: {_one_line(str(exc))}")
        code = EXIT_USAGE
    except FactsError as exc:
        note(f"error: {_one_line(str(exc))}")
        code = EXIT_DATA
    except OutputError as exc:
        note(f"error: {_one_line(str(exc))}")
        code = EXIT_DATA
    except click.ClickException as exc:
        note(f"error: {_one_line(exc.format_message())}")
        code = exc.exit_code
    except (click.Abort, KeyboardInterrupt):
        code = EXIT_INTERRUPTED
    except BrokenPipeError:
        code = _quiet_broken_pipe()
    except Exception as exc:  # noqa: BLE001 - a bug must still end in one line, not a traceback
        note(f"internal error: {type(exc).__name__}: {_one_line(str(exc))} (please report this)")
        code = EXIT_INTERNAL
    sys.exit(code)


def _quiet_broken_pipe() -> int:
    """The reader went away (`| head`): stop quietly, and keep Python from complaining at exit."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 0
