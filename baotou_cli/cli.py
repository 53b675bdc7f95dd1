"""The command line: parse, call a query, hand the result to the output layer once, map errors to exit codes."""

from __future__ import annotations

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
from baotou_cli.ask.queries import CHARTS, GROUPINGS, PROJECT_SORTS
from baotou_cli.errors import (EXIT_DATA, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_USAGE, FactsError, Interrupted,
                               OutputError, QueryError)
from baotou_cli.interrupts import signal_name, unwind_on_signals
from baotou_cli.show.output import OutputOptions, PipeClosed, discard_output, emit, flush, note, parse_fields, write_text
from baotou_cli.show.formats import FORMATS, LANGS, Listing, escape_controls

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
    from baotou_cli.facts import files

    files.allow_outside_sources(True if allow_outside_sources else None)
    if no_pager:
        from baotou_cli.show.output import allow_pager

        allow_pager(False)
        click.get_current_context().call_on_close(lambda: allow_pager(True))
    click.get_current_context().call_on_close(lambda: files.allow_outside_sources(None))  # this run only


# Shell completion: commands and options come from Typer; these complete values -----------------------

def _complete(candidates: list[str], incomplete: str) -> list[str]:
    return [c for c in candidates if c.lower().startswith(incomplete.lower())]


def _complete_industry(incomplete: str) -> list[str]:
    from baotou_cli.facts.terms import INDUSTRIES

    return _complete(list(INDUSTRIES), incomplete)


def _complete_status(incomplete: str) -> list[str]:
    from baotou_cli.facts.terms import STATUSES

    return _complete(list(STATUSES), incomplete)


def _complete_sort(incomplete: str) -> list[str]:
    keys = [*PROJECT_SORTS, *(f"-{key}" for key in PROJECT_SORTS)]
    return _complete(keys, incomplete)


def _complete_company(ctx: typer.Context, incomplete: str) -> list[str]:
    try:
        factset = _load(ctx.params.get("facts"))
    except Exception:  # noqa: BLE001 - completion must never print an error into the user's shell
        return []
    return _complete([e.id for e in factset.entities if e.type in ("company", "group")], incomplete)


def _complete_topic(incomplete: str) -> list[str]:
    from baotou_cli.facts.terms import TOPICS

    return _complete(list(TOPICS), incomplete)


def _complete_id(ctx: typer.Context, incomplete: str) -> list[str]:
    try:
        factset = _load(ctx.params.get("facts"))
    except Exception:  # noqa: BLE001 - completion must never print an error into the user's shell
        return []
    return _complete(factset.fact_ids + list(factset.entity_by_id), incomplete)


def _complete_json_command(incomplete: str) -> list[str]:
    from baotou_cli.show.contract import OBJECTS, RECORDS

    return _complete([*RECORDS, *OBJECTS], incomplete)


# Options shared by every command -------------------------------------------------------------------

# Names people type for a format that baotou calls otherwise: the error says which one they mean.
_FORMAT_HINTS = {"jsonl": "ndjson", "jsonlines": "ndjson", "json-lines": "ndjson", "yml": "yaml", "md": "markdown",
                 "excel": "csv-excel", "xlsx": "csv-excel", "text": "table", "txt": "table"}


class Choice(click.Choice):
    """A choice in any case (--format JSON, --lang ZH, like --industry RARE-EARTH); a near miss or a common
    other name (jsonl) gets a suggestion."""

    def __init__(self, choices, hints: dict[str, str] | None = None) -> None:
        super().__init__(choices, case_sensitive=False)
        self.hints = hints or {}

    def convert(self, value, param, ctx):
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            import difflib

            typed = str(value).strip().lower()
            hint = self.hints.get(typed) or next(iter(difflib.get_close_matches(typed, self.choices, n=1)), None)
            valid = ", ".join(map(repr, self.choices))
            self.fail(f"{value!r} is not one of {valid}" + (f"; did you mean {hint!r}?" if hint else ""), param, ctx)


FactsOption = Annotated[str | None, typer.Option(
    "--facts", metavar="PATH", show_default=False,
    help="Facts file to read instead of the bundled one (also $BAOTOU_FACTS).")]
FormatOption = Annotated[str, typer.Option(
    "--format", "-f", metavar="|".join(FORMATS), help="Output format.",
    click_type=Choice(FORMATS, _FORMAT_HINTS))]
JsonOption = Annotated[bool, typer.Option("--json", help="Same as --format json.")]
FieldsOption = Annotated[str | None, typer.Option(
    "--fields", metavar="A,B,C", show_default=False, help="Only these fields, in this order (any format).")]
LangOption = Annotated[str, typer.Option(
    "--lang", "-l", metavar="en|zh", help="Language of tables and Markdown.", click_type=Choice(LANGS, {"cn": "zh", "chinese": "zh", "english": "en", "zh-cn": "zh", "zh_cn": "zh"}))]

_OUTPUT_PARAMETERS = [
    inspect.Parameter("output_format", inspect.Parameter.KEYWORD_ONLY, default="table", annotation=FormatOption),
    inspect.Parameter("json_output", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=JsonOption),
    inspect.Parameter("fields", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=FieldsOption),
    inspect.Parameter("lang", inspect.Parameter.KEYWORD_ONLY, default="en", annotation=LangOption),
]


def listing_command(record: str) -> Callable[[Callable[..., Listing | None]], Callable[..., None]]:
    """Give a command that returns a Listing the output options every listing shares, and print its result.

    Like sqlite-utils' output_options(): one set of flags, one output function, not a copy per command.
    `record` names the command's records in the JSON contract (show/contract.py), which knows their fields,
    so that --fields is checked before any data is read.
    """
    def decorate(func: Callable[..., Listing | None]) -> Callable[..., None]:
        signature = inspect.signature(func, eval_str=True)
        own_format = "output_format" in signature.parameters  # formats of its own too (export: sqlite)
        own_lang = "lang" in signature.parameters  # a language of its own by default (ask: the question's)

        @functools.wraps(func)
        def command(**kwargs: object) -> None:
            output_format = kwargs["output_format"] if own_format else kwargs.pop("output_format")
            json_output = kwargs.pop("json_output")
            fields_text = cast("str | None", kwargs.pop("fields"))
            lang = cast(str, kwargs["lang"] if own_lang else kwargs.pop("lang"))
            if json_output and output_format not in ("table", "json"):
                raise QueryError(f"--json and --format {output_format} disagree: give one of them")
            if output_format not in FORMATS:  # the command writes it itself
                if fields_text is not None:
                    raise QueryError(f"--fields does not apply to --format {output_format}")
                func(**kwargs)
                return
            fields = None
            if fields_text is not None:
                from baotou_cli.show.contract import fields_of

                fields = parse_fields(fields_text, fields_of(record, grouped=kwargs.get("by") is not None),
                                      csv_columns=not json_output and output_format in ("csv", "csv-excel"))
            listing = func(**kwargs)
            assert listing is not None, "a command in one of FORMATS returns its Listing"
            lang = getattr(listing, "lang", None) or lang  # the language the command chose
            kind = "json" if json_output else output_format
            failure = getattr(listing, "failure", None)  # nothing to answer: scripts still get valid, empty output
            if failure is None or kind != "table":
                emit(listing, OutputOptions(format=kind, fields=fields, lang=lang))
            if failure is not None:
                raise failure

        with_output = signature.replace(parameters=[
            *signature.parameters.values(), *(p for p in _OUTPUT_PARAMETERS if p.name not in signature.parameters)])
        command.__signature__ = with_output  # type: ignore[attr-defined]
        command.__annotations__ = {p.name: p.annotation for p in with_output.parameters.values()}
        return command

    return decorate


# Parameter types: what users type becomes a value while the command line is parsed, so that every usage
# error is exit 2 before any file is read.

class Word(click.ParamType):
    """A word from one of the facts' vocabularies, in any of its names (稀土, rare earth -> rare-earth)."""

    def __init__(self, name: str, resolve: Callable[[str], str]) -> None:
        self.name = name
        self._resolve = resolve

    def convert(self, value, param, ctx):
        try:
            return self._resolve(value)
        except QueryError as exc:
            self.fail(str(exc), param, ctx)


def _resolver(name: str) -> Callable[[str], str]:
    def resolve(text: str) -> str:
        from baotou_cli.ask import words

        return getattr(words, name)(text)
    return resolve


INDUSTRY = Word("industry", _resolver("resolve_industry"))
STATUS = Word("status", _resolver("resolve_status"))
TOPIC = Word("topic", _resolver("resolve_topic"))


class Amount(click.ParamType):
    """An amount of yuan as people write it: 10亿, 1e9, 1bn, 500m."""

    name = "amount"

    def convert(self, value, param, ctx):
        from baotou_cli.facts.numbers import parse_amount

        try:
            return parse_amount(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


class SortKey(click.ParamType):
    """A field to sort by, with - in front for descending."""

    name = "sort"

    def __init__(self, keys: tuple[str, ...]) -> None:
        self.keys = keys

    def convert(self, value, param, ctx):
        if value.removeprefix("-") not in self.keys:  # one '-' at most: --name is not a field
            self.fail(f"unknown sort field {value!r}; valid: {', '.join(self.keys)}, each with - in front "
                      "for descending", param, ctx)
        return value


class NonEmpty(click.ParamType):
    """Text that must say something (a company name to look for)."""

    name = "text"

    def convert(self, value, param, ctx):
        if not value.strip():
            self.fail("is empty: give part of a name, alias or id", param, ctx)
        return value


class Limit(click.IntRange):
    """--limit: 0 up to SQLite's largest integer; a larger one was an internal error (issue #20). Help says
    x>=0: no one needs to read the nineteen-digit bound, only to be told when they pass it."""

    MAX = 2**63 - 1

    def __init__(self) -> None:
        super().__init__(min=0, max=self.MAX)

    def _describe_range(self) -> str:
        return "x>=0"

    def convert(self, value, param, ctx):
        number = click.INT.convert(value, param, ctx)
        if number > self.MAX:
            self.fail(f"{number} is over the largest limit, {self.MAX:,}", param, ctx)
        return super().convert(number, param, ctx)


SourceOption = Annotated[str | None, typer.Option(
    "--source", metavar="ID", show_default=False,
    help="Only the facts quoting this source (article) id, where the facts file has several.")]


def _load_source(facts: str | None, source: str | None):  # -> model.FactSet
    """The facts file, or (with --source) the facts file as if it held that one article."""
    factset = _load(facts)
    if source is None:
        return factset
    from baotou_cli.facts.sources import restricted

    return restricted(factset, source)


def _load(facts: str | None):  # -> model.FactSet
    from baotou_cli.facts import loader

    return loader.load(loader.resolve_facts_path(facts)).factset


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
    from baotou_cli.facts import loader
    from baotou_cli.show.verify_report import verify_report

    path = loader.resolve_facts_path(facts)
    loaded = loader.load(path, strict=False)
    text, ok = verify_report(loaded, allow_drafts)
    write_text(escape_controls(text))
    if not ok:
        raise typer.Exit(EXIT_DATA)


# Adding an article ----------------------------------------------------------------------------------

@app.command()
def draft(
    article: Annotated[str, typer.Argument(metavar="ARTICLE", help="The article: a UTF-8 text file.")],
    facts: Annotated[str | None, typer.Option(
        "--facts", metavar="PATH", show_default=False,
        help="The facts file the article will join (its names, measures and directory; also $BAOTOU_FACTS).")] = None,
    source_id: Annotated[str | None, typer.Option(
        "--source-id", metavar="SLUG", help="The new source's id (default: from the file name).")] = None,
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
    import json

    from baotou_cli.facts.draft_input import draft_from_file
    from baotou_cli.show import drafts

    result, shown_path = draft_from_file(article, facts, source_id)
    if report:
        text = json.dumps(drafts.report_records(result), ensure_ascii=False, indent=2) + "\n" if json_output \
            else drafts.report_text(result)
    else:
        text = drafts.draft_json(result) if json_output else drafts.draft_yaml(result, shown_path)
    if output is None:
        write_text(text)
        return
    from pathlib import Path

    from baotou_cli.facts import loader

    if Path(output).resolve() in (Path(article).resolve(), loader.resolve_facts_path(facts).resolve()):
        raise QueryError(f"--output {output} is the article or the facts file: write the drafts beside them")
    from baotou_cli.facts.draft_input import write_drafts

    write_drafts(output, text, article, facts)


EXPORT_FORMATS = (*FORMATS, "sqlite")


@app.command()
@listing_command("export")
def export(
    facts: FactsOption = None,
    output_format: Annotated[str, typer.Option(
        "--format", "-f", metavar="|".join(EXPORT_FORMATS),
        help="Output format; sqlite writes a database for Datasette and sqlite-utils (needs --output).",
        click_type=Choice(EXPORT_FORMATS, {**_FORMAT_HINTS, "db": "sqlite", "sqlite3": "sqlite"}))] = "table",
    output: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="FILE", show_default=False,
        help="The database file to write (--format sqlite only).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
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
        from baotou_cli.show import views

        return views.export(_load(facts))
    if output is None or not output.strip() or output == "-":
        raise QueryError("--format sqlite needs --output FILE: a database is never written to the terminal "
                         "or to stdout")
    from pathlib import Path

    from baotou_cli.ask.export_tables import export_tables
    from baotou_cli.facts import store

    target = Path(output)
    factset = _load(facts)
    written = store.export(factset, target, force=force, tables=export_tables(factset))
    note(f"wrote {target} ({written:,} bytes)")
    return None


IndustryOption = Annotated[str | None, typer.Option(
    "--industry", "-i", metavar="NAME", show_default=False, autocompletion=_complete_industry, click_type=INDUSTRY,
    help="rare-earth, intelligent-manufacturing, equipment-manufacturing, new-energy, aluminium-copper "
         "(Chinese names and aliases work too: 稀土, 光伏, pv).")]
IdArgument = Annotated[str, typer.Argument(
    metavar="ID", autocompletion=_complete_id,
    help="A fact or entity id (see 'baotou search'), or an entity's name or alias.")]
LimitOption = Annotated[int | None, typer.Option(
    "--limit", "-n", metavar="N", click_type=Limit(), show_default=False, help="At most N rows.")]


def _limit(rows: list, limit: int | None) -> list:
    return rows if limit is None else rows[:limit]


@app.command()
@listing_command("projects")
def projects(
    industry: IndustryOption = None,
    company: Annotated[str | None, typer.Option(
        "--company", "-c", metavar="TEXT", show_default=False, click_type=NonEmpty(),
        autocompletion=_complete_company,
        help="Company id, name or alias (part of it is enough: 双良, jl mag).")] = None,
    status: Annotated[str | None, typer.Option(
        "--status", "-s", metavar="STATUS", show_default=False, autocompletion=_complete_status, click_type=STATUS,
        help="signed, under-construction, in-production, completed or delivered.")] = None,
    min_investment: Annotated[Any | None, typer.Option(  # a Decimal, from Amount
        "--min-investment", metavar="AMOUNT", show_default=False, click_type=Amount(),
        help="Only projects with an investment figure (planned or invested) of at least AMOUNT yuan: 10亿, 1e9, "
             "1bn, 500m.")] = None,
    sort: Annotated[str | None, typer.Option(
        "--sort", metavar="FIELD", show_default=False, click_type=SortKey(PROJECT_SORTS),
        autocompletion=_complete_sort,
        help="name, company, investment (planned total), invested, status or id; prefix - for descending "
             "(-investment).")] = None,
    limit: LimitOption = None,
    facts: FactsOption = None,
) -> Listing:
    """Projects named in the article: company, industry, capacity, investment, status and phase.

    \b
    Examples:
      baotou projects --industry rare-earth
      baotou projects --min-investment 10亿 --sort -investment --json
    """
    from baotou_cli.ask import queries
    from baotou_cli.show import views

    factset = _load(facts)
    rows = queries.filter_projects(queries.project_rows(factset), factset=factset, company=company,
                                   min_investment=min_investment, industry=industry, status=status)
    return views.projects(_limit(queries.sort_rows(rows, sort), limit), factset)


def _metrics_command(topic: str, industry: str | None, by: str | None, limit: int | None, facts: str | None,
                     title_en: str, title_zh: str) -> Listing:
    from baotou_cli.ask import queries
    from baotou_cli.show import views

    factset = _load(facts)
    rows = queries.metric_rows(factset.select(topic=topic, industry=industry, with_quantities=True))
    if by is not None:
        return views.metric_groups(_limit(queries.group_metrics(rows, by), limit), by, factset)
    return views.metrics(_limit(rows, limit), title_en, title_zh, factset)


ByOption = Annotated[str | None, typer.Option(
    "--by", metavar="|".join(GROUPINGS), show_default=False, click_type=Choice(GROUPINGS),
    help="Group the figures; a total is given only where adding up is meaningful.")]


@app.command()
@listing_command("investment")
def investment(by: ByOption = None, industry: IndustryOption = None, limit: LimitOption = None,
               facts: FactsOption = None) -> Listing:
    """Investment and finance figures: funds actually received, signed and major projects, fixed-asset investment,
    budget revenue and forum signings, with periods and year-on-year changes.

    \b
    Examples:
      baotou investment
      baotou investment --by period --json
    """
    return _metrics_command("investment", industry, by, limit, facts, "Investment and finance", "招商引资与财政")


@app.command()
@listing_command("industry")
def industry(industry: IndustryOption = None, by: ByOption = None, limit: LimitOption = None,
             facts: FactsOption = None) -> Listing:
    """The leading industries: capacities, output values and shares.

    \b
    Examples:
      baotou industry --industry rare-earth
      baotou industry -i 光伏 --lang zh
    """
    return _metrics_command("industry", industry, by, limit, facts, "Industry", "产业")


@app.command()
@listing_command("training")
def training(limit: LimitOption = None, facts: FactsOption = None) -> Listing:
    """Cadre training: programmes, counts, partners (Tsinghua University), promotions and their rules.

    \b
    Examples:
      baotou training
      baotou training --json | jq length
    """
    from baotou_cli.show import views

    factset = _load(facts)
    chosen = factset.select(topic="training", limit=limit)
    return views.facts(chosen, "Cadre training and promotion", "干部培训与选拔", factset)


@app.command()
@listing_command("companies")
def companies(industry: IndustryOption = None, limit: LimitOption = None, facts: FactsOption = None) -> Listing:
    """Companies and groups named in the article, with their industries and projects.

    \b
    Examples:
      baotou companies
      baotou companies --industry rare-earth --json
    """
    from baotou_cli.ask import queries
    from baotou_cli.show import views
    rows = queries.entity_rows(_load(facts), queries.COMPANY_TYPES, industry=industry)
    return views.entities(_limit(rows, limit), "Companies", "企业")


@app.command()
@listing_command("people")
def people(limit: LimitOption = None, facts: FactsOption = None) -> Listing:
    """The people quoted in the article, and what they said.

    \b
    Examples:
      baotou people
      baotou people --lang zh
    """
    from baotou_cli.ask import queries
    from baotou_cli.show import views

    return views.quotes(_limit(queries.quote_rows(_load(facts)), limit))


@app.command(name="facts")
@listing_command("facts")
def list_facts(
    topic: Annotated[str | None, typer.Option("--topic", "-t", metavar="TOPIC", show_default=False,
                                                 autocompletion=_complete_topic, click_type=TOPIC,
                                                 help="Only this topic (see 'baotou summary').")] = None,
    industry: IndustryOption = None,
    limit: LimitOption = None,
    facts: FactsOption = None,
    drafts: Annotated[bool, typer.Option(
        "--drafts", help="List the draft facts (draft: true, not yet curated) instead of the curated ones.")] = False,
    source: SourceOption = None,
) -> Listing:
    """Every fact, or those of one topic or industry.

    \b
    Examples:
      baotou facts --topic photo
      baotou facts --industry new-energy --format csv
    """
    from baotou_cli.show import views
    if drafts:
        from baotou_cli.facts import drafts as draft_facts, loader

        factset = draft_facts.drafts_only(loader.load(loader.resolve_facts_path(facts), strict=False))
    else:
        factset = _load(facts)
    if source is not None:
        from baotou_cli.facts.sources import of_source, require_source

        require_source(factset, source)
        chosen = of_source(factset.select(topic=topic, industry=industry), source, limit)
    else:
        chosen = factset.select(topic=topic, industry=industry, limit=limit)
    if drafts:
        return views.facts(chosen, "Draft facts (not yet curated)", "草稿事实（尚未审定）", factset)
    return views.facts(chosen, "Facts", "事实", factset)


@app.command()
@listing_command("search")
def search(
    text: Annotated[str, typer.Argument(metavar="TEXT", help=(
        "Words or a question to find (all words, or their synonyms), Chinese or English; at most 32 distinct "
        "words count."))],
    limit: LimitOption = None,
    facts: FactsOption = None,
    source: SourceOption = None,
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
    from baotou_cli.ask import words
    from baotou_cli.ask.search import search as find
    from baotou_cli.show import views

    text = words.search_text(text)  # checked before any file is read
    listing = views.search(find(_load_source(facts, source), text, limit), text)
    if listing.rows and listing.rows[0]["partial"]:
        listing.notes.append("no result has every word: these match only some of them")
    return listing


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
        "--lang", "-l", metavar="en|zh", click_type=click.Choice(LANGS), show_default=False,
        help="Language of the answer (default: the question's).")] = None,
    facts: FactsOption = None,
    source: SourceOption = None,
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
    from baotou_cli.ask import questions, words
    from baotou_cli.show.answer import ask_listing

    text = words.search_text(text)  # checked before any file is read
    factset = _load_source(facts, source)
    rows = questions.ask(factset, text, limit)
    return ask_listing(rows, text, lang or questions.question(text).lang, factset,
                       near=[] if rows else questions.closest(factset, text),
                       why_not=None if rows else questions.unanswerable(factset, text))


@app.command()
@listing_command("show")
def show(record_id: IdArgument, facts: FactsOption = None,
         everything: Annotated[bool, typer.Option(
             "--all", help="For an entity: every fact about it with its figures, not the first few, one line "
                           "each.")] = False) -> Listing:
    """One fact (or entity) with every field, and its quote in its paragraph.

    ID may also be a name or alias of an entity (JL MAG, 金力永磁); a name that fits several lists them.
    An entity shows its own fields and its first facts, one line each (--all: every fact with its figures).

    \b
    Examples:
      baotou show funds-in-place-2022-jan-aug
      baotou show "JL MAG"
      baotou show jl-mag --json
    """
    from baotou_cli.show import details

    return details.show_listing(_load(facts), record_id, everything)


@app.command()
@listing_command("summary")
def summary(
    topic: Annotated[str | None, typer.Argument(metavar="[TOPIC]", show_default=False,
                                                   autocompletion=_complete_topic, click_type=TOPIC,
                                                   help="investment, industry, training, ... (none: all).")] = None,
    facts: FactsOption = None,
    source: SourceOption = None,
) -> Listing:
    """The fact box: the zone's headline figures with subject, certainty and period; then each topic.

    Which figures are headlines is recorded in the facts file (a fact's `headline` rank), not guessed.
    With a TOPIC, every figure of that topic, headlines first.

    \b
    Examples:
      baotou summary
      baotou summary investment --lang zh
    """
    from baotou_cli.show import details

    return details.summary_listing(_load_source(facts, source), topic)


FactIdArgument = Annotated[str, typer.Argument(
    metavar="FACT_ID", autocompletion=_complete_id,
    help="A fact id (see 'baotou search'); entities have no quote of their own: 'baotou show ENTITY' lists theirs.")]


@app.command()
@listing_command("cite")
def cite(record_id: FactIdArgument, facts: FactsOption = None) -> Listing:
    """A fact's quote in its sentence, its English rendering, and citation lines ready to paste.

    The English citation follows the Chicago Manual of Style (notes and bibliography) for a newspaper
    article: author and role, headline in English and Chinese, "n.d." (the article gives no newspaper or
    date), the section and the paragraph within it. Piped output has one line per paragraph.

    \b
    Examples:
      baotou cite funds-in-place-2022-jan-aug
      baotou cite jl-mag-phase2-under-construction --format markdown
    """
    from baotou_cli.ask import citing
    from baotou_cli.ask import queries
    from baotou_cli.show.citation import citation_listing
    from baotou_cli.facts.model import Fact

    factset = _load(facts)
    record = queries.find_record(factset, record_id)
    if not isinstance(record, Fact):
        raise QueryError(f"{record_id!r} is an entity, not a fact: only facts have a quote to cite; "
                         f"'baotou show {record_id}' lists its facts")
    return citation_listing(citing.citation(factset, record))


@app.command()
@listing_command("timeline")
def timeline(facts: FactsOption = None) -> Listing:
    """Dated periods and as-of dates in order, each with the facts that carry it.

    \b
    Examples:
      baotou timeline
      baotou timeline --json | jq '.[].when'
    """
    from baotou_cli.ask import queries
    from baotou_cli.show import views

    return views.timeline(queries.timeline_rows(_load(facts)))


@app.command()
@listing_command("chart")
def chart(
    name: Annotated[str, typer.Argument(
        metavar="CHART", click_type=Choice(CHARTS),
        help="growth (year-on-year %), investment (yuan), capacity (t, GW) or output (yuan).")] = "growth",
    facts: FactsOption = None,
) -> Listing:
    """Bar charts of comparable figures; expected and planned figures are drawn apart from actual ones.

    \b
    Examples:
      baotou chart growth
      baotou chart capacity --lang zh
    """
    from baotou_cli.ask import queries
    from baotou_cli.show import views

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
    import json

    from baotou_cli.show import contract

    write_text(json.dumps(contract.schema_for(command), ensure_ascii=False, indent=2) + "\n")


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
    from baotou_cli.facts import store
    from baotou_cli.show import cache_report

    record = cache_report.cache_record(store.describe())
    write_text(cache_report.cache_json(record) if json_output else cache_report.cache_text(record))


@cache_app.command("clear")
def cache_clear(json_output: CacheJsonOption = False) -> None:
    """Remove every compiled facts file (and temporary file) of yours from the cache directory.

    Exit 0 when all are gone (or there were none), 1 when one could not be removed.
    """
    from baotou_cli.facts import store
    from baotou_cli.show import cache_report

    info = store.describe()
    try:
        removed = store.clear(info)
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


def _internal_error(exc: Exception) -> int:
    note(f"internal error: {type(exc).__name__}: {_one_line(str(exc))} (please report this)")
    return EXIT_INTERNAL


def _click_saw_a_closed_pipe() -> bool:
    """Click answers an EPIPE while it prints (--help) with sys.exit(1) after wrapping sys.stdout: that exit
    is a closed pipe, which baotou ends with 0 like every other."""
    return isinstance(sys.stdout, click.utils.PacifyFlushWrapper)


def click_command(argv: list[str]) -> click.Command:
    """The Click command for this command line. Typer turns every command's signature into Click parameters
    before anything runs (docs/performance.md): when the line names a command, only that one is built.
    Help for the whole app, an unknown command (it gets suggestions) and shell completion get them all."""
    import os

    wanted = next((arg for arg in argv if not arg.startswith("-")), None)
    commands, groups = app.registered_commands, app.registered_groups
    chosen = [info for info in commands if (info.name or getattr(info.callback, "__name__", None)) == wanted]
    chosen_groups = [info for info in groups if info.name == wanted]
    if not (chosen or chosen_groups) or "_BAOTOU_COMPLETE" in os.environ:
        return typer.main.get_command(app)
    app.registered_commands, app.registered_groups = chosen, chosen_groups
    try:
        return typer.main.get_command(app)
    finally:
        app.registered_commands, app.registered_groups = commands, groups


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
        note(f"error: {_one_line(str(exc))}")
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

