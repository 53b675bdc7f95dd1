"""The command line: parse, call a query, hand the result to the output layer once, map errors to exit codes."""

# No `from __future__ import annotations` here: Typer evaluates each command's annotations when it builds the
# command (four times over), and string annotations would be compiled anew each time (docs/performance.md).
import errno
import functools
import inspect
import re
import sys
from typing import Annotated, Any, cast
from collections.abc import Callable

import click
import typer

from baotou_cli import __version__
from baotou_cli.questions.queries import CHARTS, GROUPINGS, PROJECT_SORTS
from baotou_cli.errors import (EXIT_DATA, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_USAGE, FactsError, FailedChecks,
                               Interrupted, NotAFact, NotReplaced, OutputError, OutsideDirectory, QueryError,
                               UnknownRecord)
from baotou_cli.interrupts import signal_name, unwind_on_signals
from baotou_cli.render.output import OutputOptions, PipeClosed, discard_output, emit, flush, note, parse_fields, write_text
from baotou_cli.render.formats import FORMATS, LANGS, Listing, escape_controls

# `--help` lists commands in this order: what a newcomer wants first, the tools for the data file last.
COMMAND_ORDER = ("summary", "ask", "search", "projects", "investment", "industry", "companies", "people",
                 "training", "facts", "show", "cite", "timeline", "chart", "export", "schema", "verify", "draft",
                 "cache")


class _CommandsInOrder(typer.core.TyperGroup):
    def list_commands(self, ctx: click.Context) -> list[str]:
        names = super().list_commands(ctx)
        return sorted(names, key=lambda name: COMMAND_ORDER.index(name) if name in COMMAND_ORDER else len(names))


app = typer.Typer(
    name="baotou",
    cls=_CommandsInOrder,
    suggest_commands=False,  # Click already says "Did you mean ...?"; Typer would say it a second time
    help="Verified facts about the Baotou Rare Earth Hi-Tech Zone (包头稀土高新区), each one quoted from its source.",
    rich_markup_mode=None,  # plain click help: Rich would add to start-up, and help is read in pipes too
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
    allow_outside_sources: Annotated[bool, typer.Option(
        "--allow-outside-sources", envvar="BAOTOU_ALLOW_OUTSIDE_SOURCES", show_envvar=False,
        help="Let a facts file name articles outside its own directory (absolute paths, '..', symlinks "
             "out). Off by default: a contributed facts file must not read other files.")] = False,
    no_pager: Annotated[bool, typer.Option(
        "--no-pager", help="Print long output on a terminal straight away, without $BAOTOU_PAGER or $PAGER "
                           "(less by default). Piped output is never paged.")] = False,
) -> None:
    """Verified facts about the Baotou Rare Earth Hi-Tech Zone (包头稀土高新区), each one quoted from its source.

    Every figure comes with the verbatim Chinese sentence it was taken from. Machine-readable output
    (--json, --format csv|ndjson|yaml) is a stable contract; see the README.
    """


def _outside_sources_allowed(ctx: click.Context | None = None) -> bool:
    """The root's --allow-outside-sources (or $BAOTOU_ALLOW_OUTSIDE_SOURCES, read by Typer): passed to every
    facts file the command opens, which keeps it for each later read of its articles. `ctx`: the context
    being completed (completion runs outside a command's own)."""
    ctx = ctx or click.get_current_context(silent=True)
    return bool(ctx and ctx.find_root().params.get("allow_outside_sources"))


# Shell completion: commands and options come from Typer; these complete values -----------------------

def _complete(candidates: list[str], incomplete: str) -> list[str]:
    return [c for c in candidates if c.lower().startswith(incomplete.lower())]


def _complete_industry(incomplete: str) -> list[str]:
    from baotou_cli.data.vocabularies import INDUSTRIES

    return _complete(list(INDUSTRIES), incomplete)


def _complete_status(incomplete: str) -> list[str]:
    from baotou_cli.data.vocabularies import STATUSES

    return _complete(list(STATUSES), incomplete)


def _complete_sort(incomplete: str) -> list[str]:
    keys = [*PROJECT_SORTS, *(f"-{key}" for key in PROJECT_SORTS)]
    return _complete(keys, incomplete)


def _completion_facts(ctx: typer.Context):
    """The facts the command line names, for completing ids; None when they cannot be loaded."""
    try:
        return _load(ctx.params.get("facts"), ctx)
    except Exception:  # noqa: BLE001 - completion must never print an error into the user's shell
        return None


def _complete_company(ctx: typer.Context, incomplete: str) -> list[str]:
    factset = _completion_facts(ctx)
    if factset is None:
        return []
    return _complete([e.id for e in factset.entities if e.type in ("company", "group")], incomplete)


def _complete_topic(incomplete: str) -> list[str]:
    from baotou_cli.data.vocabularies import TOPICS

    return _complete(list(TOPICS), incomplete)


def _complete_id(ctx: typer.Context, incomplete: str) -> list[str]:
    factset = _completion_facts(ctx)
    if factset is None:
        return []
    return _complete(factset.fact_ids + list(factset.entity_by_id), incomplete)


def _complete_json_command(incomplete: str) -> list[str]:
    from baotou_cli.render.json_schemas import OBJECTS, RECORDS

    return _complete([*RECORDS, *OBJECTS], incomplete)


# Parsers: what users type becomes a value while the command line is parsed (Typer's `parser=`), so that every
# usage error is exit 2 before any file is read. A parser raises ValueError; Click prints its message after
# "Invalid value for '--option':".

# Names people type for a format that baotou calls otherwise: the error says which one they mean.
_FORMAT_HINTS = {"jsonl": "ndjson", "jsonlines": "ndjson", "json-lines": "ndjson", "yml": "yaml", "md": "markdown",
                 "excel": "csv-excel", "xlsx": "csv-excel", "text": "table", "txt": "table"}
_LANG_HINTS = {"cn": "zh", "chinese": "zh", "english": "en", "zh-cn": "zh", "zh_cn": "zh"}


def choice(choices: tuple[str, ...], hints: dict[str, str] | None = None) -> Callable[[str], str]:
    """A parser for one of `choices` in any case (--format JSON, --lang ZH, like --industry RARE-EARTH); a near
    miss or a common other name (jsonl) gets a suggestion."""
    def parse(value: str) -> str:
        typed = value.casefold()
        match = next((c for c in choices if c.casefold() == typed), None)
        if match is not None:
            return match
        import difflib

        typed = value.strip().lower()
        hint = (hints or {}).get(typed) or next(iter(difflib.get_close_matches(typed, choices, n=1)), None)
        valid = ", ".join(map(repr, choices))
        raise ValueError(f"{value!r} is not one of {valid}" + (f"; did you mean {hint!r}?" if hint else ""))
    return parse


def completion(choices: tuple[str, ...]) -> Callable[[str], list[str]]:
    """Shell completion for a choice (a parser has no choices of its own to offer)."""
    return lambda incomplete: _complete(list(choices), incomplete)


def _word(resolver: str) -> Callable[[str], str]:
    """A parser for a word of one of the facts' vocabularies, in any of its names (稀土, rare earth -> rare-earth)."""
    def parse(text: str) -> str:
        from baotou_cli.questions import user_words

        try:
            return getattr(user_words, resolver)(text)
        except QueryError as exc:
            raise ValueError(str(exc)) from None
    return parse


def _amount(text: str):  # -> Decimal
    """An amount of yuan as people write it: 10亿, 1e9, 1bn, 500m (ValueError says what is wrong)."""
    from baotou_cli.data.chinese_numbers import parse_amount

    return parse_amount(text)


def _sort_key(value: str) -> str:
    """A field to sort by, with - in front for descending."""
    if value.removeprefix("-") not in PROJECT_SORTS:  # one '-' at most: --name is not a field
        raise ValueError(f"unknown sort field {value!r}; valid: {', '.join(PROJECT_SORTS)}, each with - in front "
                         "for descending")
    return value


def _non_empty(value: str) -> str:
    """Text that must say something (a company name to look for)."""
    if not value.strip():
        raise ValueError("is empty: give part of a name, alias or id")
    return value


def _facts_path(text: str) -> str:
    """A facts file's path: said wrong (empty, a NUL) before any file is looked at."""
    from baotou_cli.data.loader import facts_path_problem

    problem = facts_path_problem(text)
    if problem:
        raise ValueError(f"the {problem}")
    return text


def _slug(text: str) -> str:
    """A new source's id: a slug, as the facts file's ids are."""
    from baotou_cli.data.validation import SLUG

    if not SLUG.match(text):
        raise ValueError(f"{text!r} is not a slug (lowercase letters, digits, single hyphens)")
    return text


def _within_sqlite(limit: int | None) -> int | None:
    """--limit's upper bound, SQLite's largest integer (a larger one was an internal error, issue #20), checked
    after Typer's min=0. Help says x>=0: no one needs to read the nineteen-digit bound, only to be told when
    they pass it."""
    from baotou_cli.data.validation import MAX_INTEGER

    if limit is not None and limit > MAX_INTEGER:
        raise typer.BadParameter(f"{limit} is over the largest limit, {MAX_INTEGER:,}")
    return limit


# Options shared by several commands: each declared once here, used by name in each command's signature ------

FactsOption = Annotated[str | None, typer.Option(
    "--facts", metavar="PATH", show_default=False, parser=_facts_path,
    help="Facts file to read instead of the bundled one (also $BAOTOU_FACTS).")]
SourceOption = Annotated[str | None, typer.Option(
    "--source", metavar="ID", show_default=False,
    help="Only the facts quoting this source (article) id, where the facts file has several.")]
# The output options of every command that prints records. A listing command ends its signature with these
# four, under these names and with these defaults (listing_command checks it when the module is imported).
FormatOption = Annotated[str, typer.Option(
    "--format", "-f", metavar="|".join(FORMATS), help="Output format.", parser=choice(FORMATS, _FORMAT_HINTS),
    autocompletion=completion(FORMATS))]
JsonOption = Annotated[bool, typer.Option("--json", help="Same as --format json.")]
FieldsOption = Annotated[str | None, typer.Option(
    "--fields", metavar="A,B,C", show_default=False, help="Only these fields, in this order (any format).")]
LangOption = Annotated[str, typer.Option(
    "--lang", "-l", metavar="en|zh", help="Language of tables and Markdown.", parser=choice(LANGS, _LANG_HINTS),
    autocompletion=completion(LANGS))]
OUTPUT_DEFAULTS = {"output_format": "table", "json_output": False, "fields": None, "lang": "en"}


def listing_command(record: str) -> Callable[[Callable[..., Listing | None]], Callable[..., None]]:
    """Print what a command returns (a Listing) in the format its output options ask for.

    Like sqlite-utils' output_options(): one set of flags, one output function, not a copy per command.
    The command declares the options itself (FormatOption, JsonOption, FieldsOption, LangOption, or a
    --format or --lang of its own), so that Typer reads them from its signature like any other; this
    decorator only reads their values. `record` names the command's records in the JSON contract
    (render/json_schemas.py), which knows their fields, so that --fields is checked before any data is read.
    """
    def decorate(func: Callable[..., Listing | None]) -> Callable[..., None]:
        declared = inspect.signature(func).parameters
        missing = [name for name, default in OUTPUT_DEFAULTS.items()
                   if name not in declared or (declared[name].default != default and name not in _OWN_DEFAULTS)]
        if missing:
            raise TypeError(f"{func.__name__} lacks the output options {missing} (or their defaults)")

        @functools.wraps(func)
        def command(**kwargs: object) -> None:
            output_format = cast(str, kwargs["output_format"])
            json_output = kwargs["json_output"]
            fields_text = cast("str | None", kwargs["fields"])
            if json_output and output_format not in ("table", "json"):
                raise QueryError(f"--json and --format {output_format} disagree: give one of them")
            if output_format not in FORMATS:  # the command writes it itself
                if fields_text is not None:
                    raise QueryError(f"--fields does not apply to --format {output_format}")
                func(**kwargs)
                return
            fields = None
            if fields_text is not None:
                from baotou_cli.render.json_schemas import fields_of

                fields = parse_fields(fields_text, fields_of(record, grouped=kwargs.get("by") is not None),
                                      csv_columns=not json_output and output_format in ("csv", "csv-excel"))
            listing = func(**kwargs)
            assert listing is not None, "a command in one of FORMATS returns its Listing"
            lang = getattr(listing, "lang", None) or kwargs["lang"]  # the language the command chose
            kind = "json" if json_output else output_format
            failure = getattr(listing, "failure", None)  # nothing to answer: scripts still get valid, empty output
            if failure is None or kind != "table":
                pager = not click.get_current_context().find_root().params.get("no_pager")
                emit(listing, OutputOptions(format=kind, fields=fields, lang=cast(str, lang), pager=pager))
            if failure is not None:
                raise failure

        return command

    return decorate


_OWN_DEFAULTS = {"lang"}  # ask's --lang defaults to the question's language (None), not to English


def _load_source(facts: str | None, source: str | None):  # -> model.FactSet
    """The facts file, or (with --source) the facts file as if it held that one article."""
    from baotou_cli.questions.listings import one_source

    return one_source(_load(facts), source)


def _load(facts: str | None, ctx: click.Context | None = None):  # -> model.FactSet
    from baotou_cli.data import loader

    return loader.load(loader.resolve_facts_path(facts), allow_outside_sources=_outside_sources_allowed(ctx)).factset


# Commands -------------------------------------------------------------------------------------------

@app.command()
def verify(facts: FactsOption = None, allow_drafts: Annotated[bool, typer.Option(
        "--allow-drafts", help="Pass with draft facts (draft: true) still in the file; they are checked and "
                               "listed either way.")] = False) -> None:
    """Prove every fact against its source article, and report.

    Checks that every quote is in its article (ignoring whitespace), every raw number is in its quote,
    every normalized value equals its raw text converted, ids are unique, references resolve, every
    statement stands alone (names its subject, no leading pronoun, no Chinese in English), every figure has a
    subject and a declared measure and is recorded once, and that every number of the article is cited by
    some fact. Exit 0 only when all of that holds (docs/facts-schema.md lists the rules).

    Example: baotou verify --facts my-facts.yaml
    """
    from baotou_cli.questions import verification
    from baotou_cli.data import loader
    from baotou_cli.render.verify_report import verify_report

    verified = verification.verify(loader.resolve_facts_path(facts), allow_drafts=allow_drafts,
                                   allow_outside_sources=_outside_sources_allowed())
    write_text(escape_controls(verify_report(verified)))
    if not verified.ok:
        raise typer.Exit(EXIT_DATA)


# Adding an article ----------------------------------------------------------------------------------

@app.command()
def draft(
    article: Annotated[str, typer.Argument(metavar="ARTICLE", help="The article: a UTF-8 text file.")],
    facts: Annotated[str | None, typer.Option(
        "--facts", metavar="PATH", show_default=False, parser=_facts_path,
        help="The facts file the article will join (its names, measures and directory; also $BAOTOU_FACTS).")] = None,
    source_id: Annotated[str | None, typer.Option(
        "--source-id", metavar="SLUG", parser=_slug, help="The new source's id (default: from the file name).")] = None,
    output: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="FILE", help="Write to FILE instead of stdout.")] = None,
    json_output: Annotated[bool, typer.Option("--json", help="One JSON object: source, entities, facts, report.")] = False,
    report: Annotated[bool, typer.Option(
        "--report", help="List every number of the article and what became of it, instead of the drafts.")] = False,
) -> None:
    """Draft facts from a new article: a source entry and one draft fact per clause with a figure.

    Every figure is found, its value normalised and its qualifiers read from its own words (预计 expected,
    计划 planned, 以上 more-than, 同比 year-on-year...); the curator writes the English and decides. Each fact
    is `draft: true`: verify lists drafts and fails until they are curated, and queries do not show them.
    The article must lie in the facts file's directory (see --allow-outside-sources).

    \b
    Examples:
      baotou draft seeds/new-article.txt > drafts.yaml
      baotou draft seeds/new-article.txt --report
      baotou draft seeds/new-article.txt --json | jq '.facts[].quantities[].raw'
    """
    from baotou_cli.data.draft_input import SourceIdClash, draft_from_file
    from baotou_cli.render import drafts

    try:
        result, shown_path, inputs = draft_from_file(article, facts, source_id,
                                                     allow_outside_sources=_outside_sources_allowed())
    except SourceIdClash as clash:
        raise QueryError(f"{clash}; leave out --source-id or give that id" if clash.already
                         else f"{clash}: give --source-id") from None
    text = drafts.drafts_text(result, shown_path, report=report, as_json=json_output)
    if output is None:
        write_text(text)
        return
    if not output.strip():
        raise QueryError("--output is empty: give a file name, e.g. drafts.yaml")
    from pathlib import Path

    from baotou_cli.data import loader

    if Path(output).resolve() in (Path(article).resolve(), loader.resolve_facts_path(facts).resolve()):
        raise QueryError(f"--output {output} is the article or the facts file: write the drafts beside them")
    from baotou_cli.data.draft_input import write_drafts

    write_drafts(output, text, inputs)


EXPORT_FORMATS = (*FORMATS, "sqlite")


@app.command()
@listing_command("export")
def export(
    facts: FactsOption = None,
    output_format: Annotated[str, typer.Option(
        "--format", "-f", metavar="|".join(EXPORT_FORMATS),
        help="Output format; sqlite writes a database for Datasette and sqlite-utils (needs --output).",
        parser=choice(EXPORT_FORMATS, {**_FORMAT_HINTS, "db": "sqlite", "sqlite3": "sqlite"}),
        autocompletion=completion(EXPORT_FORMATS))] = "table",
    output: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="FILE", show_default=False,
        help="The database file to write (--format sqlite only).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    json_output: JsonOption = False, fields: FieldsOption = None, lang: LangOption = "en",
) -> Listing | None:
    """Every fact with every field ('baotou schema export' prints the JSON Schema of a record), or all of the
    facts file as a SQLite database for Datasette and sqlite-utils.

    \b
    Examples:
      baotou export --format json | jq length
      baotou export --format csv > facts.csv
      baotou export --format csv-excel > facts.csv   # with a byte-order mark, for Excel
      baotou export --format sqlite --output facts.db && datasette facts.db
    """
    if output_format != "sqlite":
        if output is not None or force:
            raise QueryError("--output and --force are for --format sqlite; other formats go to stdout")
        from baotou_cli.render import views

        return views.export(_load(facts))
    if output is None or not output.strip() or output == "-":
        raise QueryError("--format sqlite needs --output FILE: a database is never written to the terminal "
                         "or to stdout")
    from pathlib import Path

    from baotou_cli.questions.export_tables import export_tables
    from baotou_cli.data import sqlite_store

    target = Path(output)
    factset = _load(facts)
    written = sqlite_store.export(factset, target, force=force, tables=export_tables(factset))
    note(f"wrote {target} ({written:,} bytes)")
    return None


IndustryOption = Annotated[str | None, typer.Option(
    "--industry", "-i", metavar="NAME", show_default=False, autocompletion=_complete_industry,
    parser=_word("resolve_industry"),
    help="rare-earth, intelligent-manufacturing, equipment-manufacturing, new-energy, aluminium-copper "
         "(Chinese names and aliases work too: 稀土, 光伏, pv).")]
IdArgument = Annotated[str, typer.Argument(
    metavar="ID", autocompletion=_complete_id,
    help="A fact or entity id (see 'baotou search'), or an entity's name or alias.")]
LimitOption = Annotated[int | None, typer.Option(
    "--limit", "-n", metavar="N", min=0, callback=_within_sqlite, show_default=False, help="At most N rows.")]


@app.command()
@listing_command("projects")
def projects(
    industry: IndustryOption = None,
    company: Annotated[str | None, typer.Option(
        "--company", "-c", metavar="TEXT", show_default=False, parser=_non_empty,
        autocompletion=_complete_company,
        help="Company id, name or alias (part of it is enough: 双良, jl mag).")] = None,
    status: Annotated[str | None, typer.Option(
        "--status", "-s", metavar="STATUS", show_default=False, autocompletion=_complete_status,
        parser=_word("resolve_status"),
        help="signed, under-construction, in-production, completed or delivered.")] = None,
    min_investment: Annotated[Any | None, typer.Option(  # a Decimal, from Amount
        "--min-investment", metavar="AMOUNT", show_default=False, parser=_amount,
        help="Only projects with an investment figure (planned or invested) of at least AMOUNT yuan: 10亿, 1e9, "
             "1bn, 500m.")] = None,
    sort: Annotated[str | None, typer.Option(
        "--sort", metavar="FIELD", show_default=False, parser=_sort_key,
        autocompletion=_complete_sort,
        help="name, company, investment (planned total), invested, status or id; prefix - for descending "
             "(-investment).")] = None,
    limit: LimitOption = None,
    facts: FactsOption = None,
    output_format: FormatOption = "table", json_output: JsonOption = False, fields: FieldsOption = None,
    lang: LangOption = "en",
) -> Listing:
    """Projects named in the article: company, industry, capacity, investment, status and phase.

    \b
    Examples:
      baotou projects --industry rare-earth
      baotou projects --min-investment 10亿 --sort -investment --json
    """
    from baotou_cli.questions import listings
    from baotou_cli.render import views

    factset = _load(facts)
    rows = listings.projects(factset, industry=industry, company=company, status=status,
                             min_investment=min_investment, sort=sort, limit=limit)
    return views.projects(rows, factset)


ByOption = Annotated[str | None, typer.Option(
    "--by", metavar="|".join(GROUPINGS), show_default=False, parser=choice(GROUPINGS),
    autocompletion=completion(GROUPINGS),
    help="Group the figures; a total is given only where adding up is meaningful.")]


def _topic_metrics(topic: str, facts: str | None, *, industry: str | None, by: str | None,
                   limit: int | None) -> Listing:
    """`investment` and `industry`: a topic's figures, or their groups."""
    from baotou_cli.questions import listings
    from baotou_cli.render import views

    factset = _load(facts)
    rows = listings.metrics(factset, topic, industry=industry, by=by, limit=limit)
    return views.topic_metrics(rows, topic, by, factset)


@app.command()
@listing_command("investment")
def investment(by: ByOption = None, industry: IndustryOption = None, limit: LimitOption = None,
               facts: FactsOption = None,
               output_format: FormatOption = "table", json_output: JsonOption = False, fields: FieldsOption = None,
               lang: LangOption = "en",
) -> Listing:
    """Investment and finance figures: funds actually received, signed and major projects, fixed-asset investment,
    budget revenue and forum signings, with periods and year-on-year changes.

    \b
    Examples:
      baotou investment
      baotou investment --by period --json
    """
    return _topic_metrics("investment", facts, industry=industry, by=by, limit=limit)


@app.command()
@listing_command("industry")
def industry(industry: IndustryOption = None, by: ByOption = None, limit: LimitOption = None,
             facts: FactsOption = None,
             output_format: FormatOption = "table", json_output: JsonOption = False, fields: FieldsOption = None,
             lang: LangOption = "en",
) -> Listing:
    """The leading industries: capacities, output values and shares.

    \b
    Examples:
      baotou industry --industry rare-earth
      baotou industry -i 光伏 --lang zh
    """
    return _topic_metrics("industry", facts, industry=industry, by=by, limit=limit)


@app.command()
@listing_command("training")
def training(limit: LimitOption = None, facts: FactsOption = None,
             output_format: FormatOption = "table", json_output: JsonOption = False,
             fields: FieldsOption = None, lang: LangOption = "en") -> Listing:
    """Cadre training: programmes, counts, partners (Tsinghua University), promotions and their rules.

    \b
    Examples:
      baotou training
      baotou training --json | jq length
    """
    from baotou_cli.questions import listings
    from baotou_cli.render import views

    factset = _load(facts)
    chosen = listings.chosen_facts(factset, topic="training", limit=limit)
    return views.topic_facts(chosen, "training", factset)


@app.command()
@listing_command("companies")
def companies(industry: IndustryOption = None, limit: LimitOption = None, facts: FactsOption = None,
              output_format: FormatOption = "table", json_output: JsonOption = False,
              fields: FieldsOption = None, lang: LangOption = "en") -> Listing:
    """Companies and groups named in the article, with their industries and projects.

    \b
    Examples:
      baotou companies
      baotou companies --industry rare-earth --json
    """
    from baotou_cli.questions import listings
    from baotou_cli.render import views

    rows = listings.companies(_load(facts), industry=industry, limit=limit)
    return views.companies(rows)


@app.command()
@listing_command("people")
def people(limit: LimitOption = None, facts: FactsOption = None,
           output_format: FormatOption = "table", json_output: JsonOption = False,
           fields: FieldsOption = None, lang: LangOption = "en") -> Listing:
    """The people quoted in the article, and what they said.

    \b
    Examples:
      baotou people
      baotou people --lang zh
    """
    from baotou_cli.questions import listings
    from baotou_cli.render import views

    return views.quotes(listings.people(_load(facts), limit=limit))


@app.command(name="facts")
@listing_command("facts")
def list_facts(
    topic: Annotated[str | None, typer.Option("--topic", "-t", metavar="TOPIC", show_default=False,
                                                 autocompletion=_complete_topic, parser=_word("resolve_topic"),
                                                 help="Only this topic (see 'baotou summary').")] = None,
    industry: IndustryOption = None,
    limit: LimitOption = None,
    facts: FactsOption = None,
    drafts: Annotated[bool, typer.Option(
        "--drafts", help="List the draft facts (draft: true, not yet curated) instead of the curated ones.")] = False,
    source: SourceOption = None,
    output_format: FormatOption = "table", json_output: JsonOption = False, fields: FieldsOption = None,
    lang: LangOption = "en",
) -> Listing:
    """Every fact, or those of one topic or industry.

    \b
    Examples:
      baotou facts --topic photo
      baotou facts --industry new-energy --format csv
    """
    from baotou_cli.questions import listings
    from baotou_cli.data import loader
    from baotou_cli.render import views

    listed = listings.listed_facts(loader.resolve_facts_path(facts), drafts=drafts, topic=topic, industry=industry,
                                   source=source, limit=limit, allow_outside_sources=_outside_sources_allowed())
    return views.listed_facts(listed)


@app.command()
@listing_command("search")
def search(
    text: Annotated[str, typer.Argument(metavar="TEXT", help=(
        "Words or a question to find (all words, or their synonyms), Chinese or English; at most 32 distinct "
        "words count."))],
    limit: LimitOption = None,
    facts: FactsOption = None,
    source: SourceOption = None,
    output_format: FormatOption = "table", json_output: JsonOption = False, fields: FieldsOption = None,
    lang: LangOption = "en",
) -> Listing:
    """Search statements, quotes, figures, names and aliases; best matches first (bm25), with where each matched.

    English words match whole and in any form (magnets, promoted); Chinese matches any run of characters
    (稀土, 永); full-width and traditional characters count as their plain forms. Quotes and operators are
    ordinary characters. --json gives a score (higher is better, within one search) and the matched fields.
    Questions work too (how much, 多少 and other question words are dropped; "quoted words" stay a phrase);
    when no record has every word, those with some of them come, marked `partial`.

    \b
    Examples:
      baotou search 单晶炉
      baotou search "jl mag" --json
      baotou search "dark factory"
    """
    from baotou_cli.questions import user_words
    from baotou_cli.questions.search import search as find
    from baotou_cli.render import views

    text = user_words.search_text(text)  # checked before any file is read
    return views.search(find(_load_source(facts, source), text, limit), text)


@app.command()
@listing_command("ask")
def ask(
    text: Annotated[str, typer.Argument(metavar="QUESTION", help=(
        "A question in English or Chinese, as you would ask it (how much / 多少, who / 谁, when / 什么时候, "
        "which companies / 哪些企业)."))],
    limit: Annotated[int | None, typer.Option(
        "--limit", "-n", metavar="N", min=1, show_default=False,
        help="The answer and N-1 facts to see also (default: the answer and 4).")] = None,
    lang: Annotated[str | None, typer.Option(
        "--lang", "-l", metavar="en|zh", parser=choice(LANGS, _LANG_HINTS), autocompletion=completion(LANGS),
        show_default=False,
        help="Language of the answer (default: the question's).")] = None,
    facts: FactsOption = None,
    source: SourceOption = None,
    output_format: FormatOption = "table", json_output: JsonOption = False, fields: FieldsOption = None,
) -> Listing:
    """Answer a question with the fact that answers it best: its figures (certainty, subject, period), the
    statement, the quote and a citation line; then the next facts to see.

    Question words and function words are dropped (how much, who, 多少, 的); the kind of question shapes
    the ranking: how much / 多少 favours figures, who / 谁 people, when / 什么时候 dated facts, which
    companies / 哪些企业 companies, which projects / 哪些项目 projects. Nothing found: exit 1, with the
    nearest words the facts know.

    \b
    Examples:
      baotou ask "how much magnet capacity does Baotou have?"
      baotou ask 一般公共预算收入是多少
      baotou ask "who is Zhang Yi" --json
    """
    from baotou_cli.questions import question_kinds, user_words
    from baotou_cli.render.answer import answer_view

    text = user_words.search_text(text)  # checked before any file is read
    factset = _load_source(facts, source)
    asked = question_kinds.answer(factset, text, limit, lang)
    return answer_view(asked, factset)


@app.command()
@listing_command("show")
def show(record_id: IdArgument, facts: FactsOption = None,
         everything: Annotated[bool, typer.Option(
             "--all", help="For an entity: every fact about it with its figures, not the first few, one line "
                           "each.")] = False,
         output_format: FormatOption = "table", json_output: JsonOption = False, fields: FieldsOption = None,
         lang: LangOption = "en",
) -> Listing:
    """One fact (or entity) with every field, and its quote in its paragraph.

    ID may also be a name or alias of an entity (JL MAG, 金力永磁); a name that fits several lists them.
    An entity shows its own fields and its first facts, one line each (--all: every fact with its figures).

    \b
    Examples:
      baotou show funds-in-place-2022-jan-aug
      baotou show "JL MAG"
      baotou show jl-mag --json
    """
    from baotou_cli.questions import lookup
    from baotou_cli.render.record_card import record_card

    factset = _load(facts)
    found = lookup.found_record(factset, record_id)
    return record_card(found, factset, everything)


@app.command()
@listing_command("summary")
def summary(
    topic: Annotated[str | None, typer.Argument(metavar="[TOPIC]", show_default=False,
                                                   autocompletion=_complete_topic, parser=_word("resolve_topic"),
                                                   help="investment, industry, training, ... (none: all).")] = None,
    facts: FactsOption = None,
    source: SourceOption = None,
    output_format: FormatOption = "table", json_output: JsonOption = False, fields: FieldsOption = None,
    lang: LangOption = "en",
) -> Listing:
    """The fact box: the zone's headline figures with subject, certainty and period; then each topic.

    Which figures are headlines is recorded in the facts file (a fact's `headline` rank), not guessed.
    With a TOPIC, every figure of that topic, headlines first.

    \b
    Examples:
      baotou summary
      baotou summary investment --lang zh
    """
    from baotou_cli.questions.summary import overview
    from baotou_cli.render.fact_box import summary_listing

    factset = _load_source(facts, source)
    rows = overview(factset, topic)
    return summary_listing(rows, factset)


FactIdArgument = Annotated[str, typer.Argument(
    metavar="FACT_ID", autocompletion=_complete_id,
    help="A fact id (see 'baotou search'); entities have no quote of their own: 'baotou show ENTITY' lists theirs.")]


@app.command()
@listing_command("cite")
def cite(record_id: FactIdArgument, facts: FactsOption = None,
         output_format: FormatOption = "table", json_output: JsonOption = False,
         fields: FieldsOption = None, lang: LangOption = "en") -> Listing:
    """A fact's quote in its sentence, its English rendering, and citation lines ready to paste.

    The English citation follows the Chicago Manual of Style (notes and bibliography) for a newspaper
    article: author and role, headline in English and Chinese, "n.d." (the article gives no newspaper or
    date), the section and the paragraph within it. Piped output has one line per paragraph.

    \b
    Examples:
      baotou cite funds-in-place-2022-jan-aug
      baotou cite jl-mag-phase2-under-construction --format markdown
    """
    from baotou_cli.questions import lookup
    from baotou_cli.render.citation import citation_listing

    return citation_listing(lookup.cited_fact(_load(facts), record_id))


@app.command()
@listing_command("timeline")
def timeline(facts: FactsOption = None,
             output_format: FormatOption = "table", json_output: JsonOption = False,
             fields: FieldsOption = None, lang: LangOption = "en") -> Listing:
    """Dated periods and as-of dates in order, each with the facts that carry it.

    \b
    Examples:
      baotou timeline
      baotou timeline --json | jq '.[].when'
    """
    from baotou_cli.questions import queries
    from baotou_cli.render import views

    return views.timeline(queries.timeline_rows(_load(facts)))


@app.command()
@listing_command("chart")
def chart(
    name: Annotated[str, typer.Argument(
        metavar="CHART", parser=choice(CHARTS), autocompletion=completion(CHARTS),
        help="growth (year-on-year %), investment (yuan), capacity (t, GW) or output (yuan).")] = "growth",
    facts: FactsOption = None,
    output_format: FormatOption = "table", json_output: JsonOption = False, fields: FieldsOption = None,
    lang: LangOption = "en",
) -> Listing:
    """Bar charts of comparable figures; expected and planned figures are drawn apart from actual ones.

    \b
    Examples:
      baotou chart growth
      baotou chart capacity --lang zh
    """
    from baotou_cli.questions import queries
    from baotou_cli.render import views

    factset = _load(facts)
    return views.chart(queries.chart_bars(factset, name), name, factset)


@app.command()
def schema(
    command: Annotated[str, typer.Argument(metavar="COMMAND", autocompletion=_complete_json_command,
                                           help="The command whose --json records to describe.")],
) -> None:
    """The JSON Schema of the records a command prints with --json (the contract scripts rely on).

    \b
    Examples:
      baotou schema projects
      baotou schema export > facts.schema.json
    """
    from baotou_cli.data.json_text import encode
    from baotou_cli.render import json_schemas

    write_text(encode(json_schemas.schema_for(command)) + "\n")


cache_app = typer.Typer(no_args_is_help=False,
                        context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
app.add_typer(cache_app, name="cache")
CacheJsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object (directory, reason, "
                                                                "entries, total_bytes).")]


@cache_app.callback(invoke_without_command=True)
def cache(ctx: typer.Context, json_output: CacheJsonOption = False) -> None:
    """Where compiled facts files are kept, each entry and its size (exit 0, also when there is no cache).

    A facts file that passed every check is compiled into a SQLite database there, named by the file's sha256,
    so that queries need not parse the YAML again. Safe to delete at any time.

    \b
    Examples:
      baotou cache
      baotou cache clear
    """
    if ctx.invoked_subcommand is not None:
        return
    from baotou_cli.data import sqlite_store
    from baotou_cli.render import cache_report

    record = cache_report.cache_record(sqlite_store.describe())
    write_text(cache_report.cache_json(record) if json_output else cache_report.cache_text(record))


@cache_app.command("clear")
def cache_clear(json_output: CacheJsonOption = False) -> None:
    """Remove every compiled facts file (and temporary file) of yours from the cache directory.

    Exit 0 when all are gone (or there were none), 1 when one could not be removed.
    """
    from baotou_cli.data import sqlite_store
    from baotou_cli.render import cache_report

    info = sqlite_store.describe()
    try:
        removed = sqlite_store.clear(info)
    except OSError as exc:
        raise FactsError(f"cannot clear the cache: {exc.filename}: {exc.strerror or exc}") from None
    record = cache_report.cache_record(info, removed)
    write_text(cache_report.cache_json(record) if json_output else cache_report.cache_text(record))


# Entry point ----------------------------------------------------------------------------------------

_WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EBADF, errno.EFBIG}  # reads are FactsErrors


def _one_line(message: str) -> str:
    """One printable line: newlines folded, control characters (and undecodable bytes) escaped."""
    text = " ".join(str(message).split())
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape", "backslashreplace").decode("ascii")
                   for ch in text)


def _decoded_arguments(argv: list[str]) -> list[str]:
    """The arguments as UTF-8 text. Python decodes argv with the locale's encoding and keeps undecodable
    bytes as lone surrogates, so under LC_ALL=C (with UTF-8 mode off) 稀土 arrives as surrogates: get the
    bytes back and decode them as UTF-8; only bytes that are not UTF-8 either are a usage error."""
    import os

    decoded = []
    for index, arg in enumerate(argv, start=1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            try:
                arg = os.fsencode(arg).decode("utf-8")
            except (UnicodeError, ValueError):
                raise QueryError(f"argument {index} is not valid UTF-8: {_one_line(arg)!r}") from None
        decoded.append(arg)
    return decoded


def _what_the_cli_offers(exc: Exception) -> str:
    """The end of an error line that names the CLI's options or commands: lower layers raise the data, never
    the option or the command (the library raises the same errors)."""
    if isinstance(exc, UnknownRecord) and not exc.close:
        return "; 'baotou search TEXT' finds ids"
    if isinstance(exc, NotAFact):
        return _one_line(f"; 'baotou show {exc.entity_id}' lists its facts")
    if isinstance(exc, NotReplaced):
        return ": add --force to replace it" if exc.reason == "exists" else ": --force replaces only regular files"
    return _how_to_allow(exc)


def _how_to_allow(exc: Exception) -> str:
    """What the CLI offers where a facts file names an article outside its directory (the option is the CLI's)."""
    if not isinstance(exc, OutsideDirectory):
        return ""
    if exc.drafted is not None:
        return (": copy it there, give --facts a facts file in its directory, or run 'baotou "
                "--allow-outside-sources draft ...'")
    return " ('baotou --allow-outside-sources COMMAND' or BAOTOU_ALLOW_OUTSIDE_SOURCES=1 allows it)"


def _internal_error(exc: Exception) -> int:
    note(f"internal error: {type(exc).__name__}: {_one_line(str(exc))} (please report this)")
    return EXIT_INTERNAL


def _click_saw_a_closed_pipe() -> bool:
    """Click answers an EPIPE while it prints (--help) with sys.exit(1) after wrapping sys.stdout: that exit
    is a closed pipe, which baotou ends with 0 like every other."""
    return isinstance(sys.stdout, click.utils.PacifyFlushWrapper)


def click_command(argv: list[str]) -> click.Command:
    """The Click command for this command line (typer.main.get_command). Typer turns every command's signature
    into Click parameters before anything runs (docs/performance.md): when the line names a command, a copy of
    the app that holds that command alone is built. Help for the whole app, an unknown command (it gets
    suggestions) and shell completion get them all."""
    import copy
    import os

    wanted = next((arg for arg in argv if not arg.startswith("-")), None)
    chosen = [info for info in app.registered_commands
              if (info.name or getattr(info.callback, "__name__", None)) == wanted]
    chosen_groups = [info for info in app.registered_groups if info.name == wanted]
    if not (chosen or chosen_groups) or "_BAOTOU_COMPLETE" in os.environ:
        return typer.main.get_command(app)
    one = copy.copy(app)  # the same settings and root callback; `app` itself stays whole
    one.registered_commands, one.registered_groups = chosen, chosen_groups
    return typer.main.get_command(one)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; every failure becomes one line on stderr and a documented exit code."""
    argv = sys.argv[1:] if argv is None else list(argv)
    restore_signals = unwind_on_signals()  # SIGTERM and SIGHUP unwind like Ctrl-C: temporary files go
    try:
        argv = _decoded_arguments(argv)
        code = click_command(argv).main(args=argv, prog_name="baotou", standalone_mode=False)
        code = code if isinstance(code, int) else 0
        if code == EXIT_INTERRUPTED:  # Typer's answer to Ctrl-C inside a command: a return value, not a raise
            note("interrupted (SIGINT)")
        flush()  # a closed pipe or a full disk shows up here at the latest, not in the interpreter's exit
    except SystemExit:
        if not _click_saw_a_closed_pipe():
            restore_signals()
            raise
        discard_output()
        code = 0
    except click.exceptions.NoArgsIsHelpError as exc:
        write_text(exc.ctx.get_help() + "\n")
        code = 0
    except click.UsageError as exc:
        where = exc.ctx.command_path if exc.ctx else "baotou"
        # "-5%" or "-稀土" is text, not an option: say how to pass it (ask, search and show take any text)
        hint = (f" (text starting with '-' goes after '--': {where} -- '-5%')"
                if isinstance(exc, click.NoSuchOption) and not re.fullmatch(r"--?[A-Za-z][\w-]*", exc.option_name)
                else "")
        note(f"error: {_one_line(exc.format_message())}{hint} (see '{where} --help')")
        code = EXIT_USAGE
    except (QueryError, FactsError, OutputError) as exc:
        told = exc.told(how_to_see_them=": run 'baotou verify'") if isinstance(exc, FailedChecks) else str(exc)
        note(f"error: {_one_line(told)}{_what_the_cli_offers(exc)}")
        code = EXIT_USAGE if isinstance(exc, QueryError) else EXIT_DATA
        if isinstance(exc, OutputError):
            discard_output()  # what could not be written must not be retried (and fail) at exit
    except UnicodeEncodeError as exc:
        note(f"error: stdout's encoding ({exc.encoding}) cannot show this text; set a UTF-8 locale "
             "(e.g. PYTHONIOENCODING=utf-8) or use --format json")
        code = EXIT_DATA
    except click.ClickException as exc:
        note(f"error: {_one_line(exc.format_message())}")
        code = exc.exit_code
    except KeyboardInterrupt:
        note("interrupted (SIGINT)")
        code = EXIT_INTERRUPTED
    except click.Abort as exc:  # Typer turns Ctrl-C into Abort, and any EOFError too: only the first is Ctrl-C
        if exc.__cause__ is None or isinstance(exc.__cause__, KeyboardInterrupt):
            note("interrupted (SIGINT)")
            code = EXIT_INTERRUPTED
        else:
            code = _internal_error(exc.__cause__ if isinstance(exc.__cause__, Exception) else exc)
    except Interrupted as exc:  # SIGTERM, SIGHUP (issue #20)
        note(f"interrupted ({signal_name(exc.signum)})")
        code = 128 + exc.signum
    except PipeClosed:  # the reader stopped reading, whenever that happened: always the same quiet 0
        discard_output()
        code = 0
    except OSError as exc:
        if exc.errno in _WRITE_ERRORS:  # Click's own --help, written past the output layer
            note(f"error: cannot write the output: {exc.strerror}")
            discard_output()
            code = EXIT_DATA
        else:
            code = _internal_error(exc)
    except Exception as exc:  # noqa: BLE001 - a bug must still end in one line, not a traceback
        code = _internal_error(exc)
    restore_signals()
    sys.exit(code)

