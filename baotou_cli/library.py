"""baotou as a Python library: the records each command prints with --json, as plain Python values.

    from baotou_cli import open_facts
    facts = open_facts()                        # the bundled facts file, or open_facts("path/to/facts.yaml")
    facts.projects(industry="稀土")              # the words users type are resolved as on the command line
    facts.search("magnet", limit=5)
    facts.fact("magnet-capacity-150kt")

Every method returns what the matching command prints with --json (a list of dicts; `fact` one dict), built by
the same query functions (baotou_cli/questions/). Words are resolved as the CLI resolves them; an unknown word raises
`baotou_cli.errors.QueryError`, a facts file that fails verification raises `baotou_cli.errors.FactsError`.
Nothing is written to the user's cache unless `open_facts(..., cache=True)`.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

from baotou_cli.questions import listings, queries, user_words
from baotou_cli.errors import QueryError
from baotou_cli.data import loader
from baotou_cli.data.model import FactSet


ENV_ALLOW_OUTSIDE = "BAOTOU_ALLOW_OUTSIDE_SOURCES"


def open_facts(path: str | os.PathLike[str] | None = None, *, cache: bool = False,
               allow_outside_sources: bool | None = None) -> Facts:
    """Load and verify a facts file (None: the bundled file; unlike the CLI, $BAOTOU_FACTS is not read, so a
    program gets the file it names whatever its environment). With `cache`, a file that
    passed its checks is kept compiled in the user's cache directory, as the CLI keeps it.
    allow_outside_sources: may its articles lie outside its directory (absolute paths, '..', links out)?
    None: as $BAOTOU_ALLOW_OUTSIDE_SOURCES says, read as the CLI reads it (1/true/yes/on; unset, empty,
    0/false/no/off: no; anything else: QueryError)."""
    if allow_outside_sources is None:
        allow_outside_sources = _environment_allows_outside()
    resolved = loader.bundled_facts_path() if path is None else loader.resolve_facts_path(os.fspath(path))
    return Facts(loader.load(Path(resolved), use_cache=cache, allow_outside_sources=allow_outside_sources).factset)


_TRUE_WORDS, _FALSE_WORDS = ("1", "true", "t", "yes", "y", "on"), ("", "0", "false", "f", "no", "n", "off")


def _environment_allows_outside() -> bool:
    """$BAOTOU_ALLOW_OUTSIDE_SOURCES as a yes or no, with the words the CLI's option takes from it (Click's)."""
    value = os.environ.get(ENV_ALLOW_OUTSIDE, "").strip().lower()
    if value not in (*_TRUE_WORDS, *_FALSE_WORDS):
        raise QueryError(f"${ENV_ALLOW_OUTSIDE}: {value!r} is not a yes or no (1/true/yes/on or 0/false/no/off)")
    return value in _TRUE_WORDS


def _resolved(text: str | None, resolve) -> str | None:
    return None if text is None else resolve(text)


def _amount(value: str | int | float | Decimal | None) -> Decimal | None:
    """An amount of yuan as the CLI takes it (10亿, 1bn, 500m) or as a number."""
    if value is None:
        return None
    if isinstance(value, str):
        from baotou_cli.data.chinese_numbers import parse_amount

        try:
            return parse_amount(value)
        except ValueError as exc:
            raise QueryError(f"min_investment: {exc}") from None
    return Decimal(str(value))


def _check_limit(limit: int | None) -> None:
    from baotou_cli.data.validation import MAX_INTEGER

    if limit is not None and limit < 0:
        raise QueryError("limit: must be 0 or more")
    if limit is not None and limit > MAX_INTEGER:  # SQLite's largest integer, as the CLI's --limit
        raise QueryError(f"limit: {limit} is over the largest limit, {MAX_INTEGER:,}")


class Facts:
    """One verified facts file. Methods mirror the commands of the same names."""

    def __init__(self, factset: FactSet) -> None:
        self.factset = factset

    def projects(self, *, industry: str | None = None, company: str | None = None, status: str | None = None,
                 min_investment: str | int | float | Decimal | None = None, sort: str | None = None,
                 limit: int | None = None) -> list[dict]:
        amount = _amount(min_investment)
        industry, status = _resolved(industry, user_words.resolve_industry), _resolved(status, user_words.resolve_status)
        if sort is not None:
            queries.check_sort(sort)
        _check_limit(limit)
        return listings.projects(self.factset, industry=industry, company=company, status=status,
                                 min_investment=amount, sort=sort, limit=limit)

    def _metrics(self, topic: str, industry: str | None, limit: int | None) -> list[dict]:
        industry = _resolved(industry, user_words.resolve_industry)
        _check_limit(limit)
        return listings.metrics(self.factset, topic, industry=industry, limit=limit)

    def investment(self, *, industry: str | None = None, limit: int | None = None) -> list[dict]:
        return self._metrics("investment", industry, limit)

    def industry(self, *, industry: str | None = None, limit: int | None = None) -> list[dict]:
        return self._metrics("industry", industry, limit)

    def facts(self, *, topic: str | None = None, industry: str | None = None,
              limit: int | None = None) -> list[dict]:
        _check_limit(limit)
        topic, industry = _resolved(topic, user_words.resolve_topic), _resolved(industry, user_words.resolve_industry)
        chosen = listings.chosen_facts(self.factset, topic=topic, industry=industry, limit=limit)
        return queries.fact_rows(chosen)

    def training(self, *, limit: int | None = None) -> list[dict]:
        return self.facts(topic="training", limit=limit)

    def companies(self, *, industry: str | None = None, limit: int | None = None) -> list[dict]:
        industry = _resolved(industry, user_words.resolve_industry)
        _check_limit(limit)
        return listings.companies(self.factset, industry=industry, limit=limit)

    def people(self, *, limit: int | None = None) -> list[dict]:
        _check_limit(limit)
        return listings.people(self.factset, limit=limit)

    def search(self, text: str, *, limit: int | None = None) -> list[dict]:
        from baotou_cli.questions.search import search

        _check_limit(limit)
        return search(self.factset, user_words.search_text(text), limit)

    def fact(self, record_id: str) -> dict:
        """One fact or entity by id, as `baotou show ID --json` prints it (its one record)."""
        from baotou_cli.questions.lookup import found_record

        return found_record(self.factset, record_id).row
