"""`verify`: whether a facts file is true to its articles. The checks themselves are data/fact_checks.py's; this
gathers their findings and the verdict. Records only: render/verify_report.py words them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from baotou_cli.data.fact_checks import Coverage
    from baotou_cli.data.loader import LoadedFacts
    from baotou_cli.data.model import FactSet
    from baotou_cli.data.sources import Conflict


@dataclass
class Verification:
    loaded: LoadedFacts  # the file as read, with every problem found in it and its drafts
    coverage: Coverage  # how many of each article's numbers a fact (or a draft) cites
    conflicts: list[Conflict]  # figures two sources give different values for: warnings, not failures
    allow_drafts: bool  # drafts do not fail the file
    ok: bool  # no problem, every number cited, no drafts unless allowed


def verify(path: Path, *, allow_drafts: bool = False, allow_outside_sources: bool = False) -> Verification:
    """Check the facts file at `path` against its articles; a file that fails its checks still gives a
    Verification (loaded with strict=False), only one that cannot be read at all raises FactsError."""
    from baotou_cli.data import loader
    from baotou_cli.data.fact_checks import coverage
    from baotou_cli.data.sources import conflicts

    loaded = loader.load(path, strict=False, allow_outside_sources=allow_outside_sources)
    cover = coverage(with_drafts(loaded.factset, loaded.drafts), loaded.articles or {})
    ok = not loaded.problems and cover.complete and (allow_drafts or not loaded.drafts)
    return Verification(loaded, cover, conflicts(loaded.factset), allow_drafts, ok)


def with_drafts(factset: FactSet, drafts: list) -> FactSet:
    """The facts file with its drafts among the facts: a draft's figures count as cited (it quotes them)."""
    if not drafts:
        return factset
    return factset.with_facts([*factset.facts, *drafts])
