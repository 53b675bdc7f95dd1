"""The text `baotou verify` prints: what was checked, what failed, and how much of each article is cited."""

from __future__ import annotations

from baotou_cli.facts.checks import coverage
from baotou_cli.facts.loader import Loaded

MAX_LISTED = 50


def verify_report(loaded: Loaded) -> tuple[str, bool]:
    """The report, and whether every check holds (every number cited included)."""
    factset = loaded.factset
    cover = coverage(factset, loaded.articles or {})
    quantities = sum(len(f.quantities) for f in factset.facts)
    lines = [
        f"facts file: {_shown_path(factset.path)}",
        f"sources: {len(factset.sources)}, entities: {len(factset.entities)}, facts: {len(factset.facts)}, "
        f"quantities: {quantities}",
    ]
    for problem in loaded.problems[:MAX_LISTED]:
        where = f"{problem.record} '{problem.fact_id}': " if problem.fact_id else ""
        where += f"field '{problem.field}': " if problem.field else ""
        lines.append(f"FAIL {where}{problem.message}")
    if len(loaded.problems) > MAX_LISTED:
        lines.append(f"... and {len(loaded.problems) - MAX_LISTED} more problems")
    for mention in cover.uncited[:MAX_LISTED]:
        lines.append(f"UNCITED {mention}")
    lines.append(f"numbers cited: {cover.arabic_cited}/{cover.arabic_total} in Arabic numerals, "
                 f"{cover.chinese_cited}/{cover.chinese_total} in Chinese words")
    ok = not loaded.problems and cover.complete
    checks = ("quotes, raw numbers, conversions, periods, ids and references; statements that stand alone and "
              "say what their quotes say (numbers, changes, first, record), subjects named in their quotes, "
              "measures, headlines, redirects, each figure once")
    lines.append(f"OK: all checks pass ({checks}); every number is cited" if ok
                 else f"FAILED: {len(loaded.problems)} problems, {len(cover.uncited)} numbers not cited")
    return "\n".join(lines) + "\n", ok


def _shown_path(path) -> str:
    """The facts file as the user would type it: relative to the working directory when inside it (so the
    report reads the same on any machine), else in full."""
    from pathlib import Path

    try:
        cwd = Path.cwd().resolve()
        if cwd == Path(cwd.anchor):  # from / a relative path (work/...) reads as if it were under the user's
            return str(Path(path).resolve())  # own directory: print it in full
        return str(Path(path).resolve().relative_to(cwd))
    except (ValueError, OSError):
        return str(Path(path).absolute())
