"""The rows of the listing commands (projects, investment, industry, companies, people, training, facts): what the
facts file holds, chosen, filtered, sorted and cut to a limit. The options' values arrive as arguments, already
resolved (an industry's slug, an amount as a Decimal); records only, render/views.py words them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from baotou_cli.questions import queries
from baotou_cli.data.model import FactList, FactSet

if TYPE_CHECKING:
    from decimal import Decimal
    from pathlib import Path


def _first(rows: list[dict], limit: int | None) -> list[dict]:
    return rows if limit is None else rows[:limit]


def projects(factset: FactSet, *, industry: str | None = None, company: str | None = None,
             status: str | None = None, min_investment: Decimal | None = None, sort: str | None = None,
             limit: int | None = None) -> list[dict]:
    """Project rows that pass every filter given, sorted by `sort` ('-field' descending), the first `limit`."""
    rows = queries.filter_projects(queries.project_rows(factset), factset=factset, company=company,
                                   min_investment=min_investment, industry=industry, status=status)
    return _first(queries.sort_rows(rows, sort), limit)


def metrics(factset: FactSet, topic: str, *, industry: str | None = None, by: str | None = None,
            limit: int | None = None) -> list[dict]:
    """The figures of a topic's facts (of this industry) as metric rows; with `by`, grouped (queries.GROUPINGS).
    `limit` counts what is listed: rows, or groups."""
    rows = queries.metric_rows(factset.select(topic=topic, industry=industry, with_quantities=True))
    return _first(rows if by is None else queries.group_metrics(rows, by), limit)


def companies(factset: FactSet, *, industry: str | None = None, limit: int | None = None) -> list[dict]:
    """Companies and groups (of this industry), with their projects and the facts about them."""
    return _first(queries.entity_rows(factset, queries.COMPANY_TYPES, industry=industry), limit)


def people(factset: FactSet, *, limit: int | None = None) -> list[dict]:
    """What the people quoted in the article said, one row per quote."""
    return _first(queries.quote_rows(factset), limit)


def one_source(factset: FactSet, source: str | None) -> FactSet:
    """The facts file, or (with a source id) the facts file as if it held that one article: its facts only, and
    that source first (titles name it). QueryError for an id the file does not have."""
    if source is None:
        return factset
    from baotou_cli.data.sources import restricted

    return restricted(factset, source)


def chosen_facts(factset: FactSet, *, topic: str | None = None, industry: str | None = None,
                 source: str | None = None, limit: int | None = None) -> FactList:
    """The facts of this topic and industry, quoting this source (an id the file must have: QueryError
    otherwise), in the file's order, the first `limit` of them."""
    if source is None:
        return factset.select(topic=topic, industry=industry, limit=limit)
    from baotou_cli.data.sources import of_source, require_source

    require_source(factset, source)
    return of_source(factset.select(topic=topic, industry=industry), source, limit)


@dataclass
class ListedFacts:
    facts: FactList  # the facts `facts` lists
    factset: FactSet  # the file they come from (its names, measures and sources); its drafts, with `drafts`
    drafts: bool  # draft facts (draft: true, not yet curated) in place of the curated ones


def listed_facts(path: Path, *, drafts: bool = False, topic: str | None = None, industry: str | None = None,
                 source: str | None = None, limit: int | None = None,
                 allow_outside_sources: bool = False) -> ListedFacts:
    """The facts file at `path`, its curated facts or (with `drafts`) its drafts, chosen as chosen_facts does.
    Drafts are read from a file that need not pass verify (a file with drafts never does); curated facts only
    from one that passes."""
    from baotou_cli.data import loader

    if drafts:
        from baotou_cli.data.draft_facts import drafts_only

        factset = drafts_only(loader.load(path, strict=False, allow_outside_sources=allow_outside_sources))
    else:
        factset = loader.load(path, allow_outside_sources=allow_outside_sources).factset
    return ListedFacts(chosen_facts(factset, topic=topic, industry=industry, source=source, limit=limit), factset,
                       drafts)
