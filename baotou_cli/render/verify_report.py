"""The text `baotou verify` prints: what was checked, what failed, and how much of each article is cited."""

from __future__ import annotations

from baotou_cli.questions.verification import Verification

MAX_LISTED = 50


def verify_report(verified: Verification) -> str:
    """The report: what was checked, each problem, draft, conflict and uncited number, and the verdict."""
    loaded, cover, ok = verified.loaded, verified.coverage, verified.ok
    factset = loaded.factset
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
    lines += _draft_lines(loaded.drafts, verified.allow_drafts)
    lines += _conflict_lines(verified.conflicts)
    for mention in cover.uncited[:MAX_LISTED]:
        lines.append(f"UNCITED {mention}")
    lines.append(f"numbers cited: {cover.arabic_cited}/{cover.arabic_total} in Arabic numerals, "
                 f"{cover.chinese_cited}/{cover.chinese_total} in Chinese words")
    checks = ("quotes, raw numbers, conversions, periods, ids and references; statements that stand alone and "
              "say what their quotes say (numbers, changes, first, record), subjects named in their quotes, "
              "measures, headlines, redirects, each figure once")
    drafts = f"; {len(loaded.drafts)} drafts not yet curated (allowed)" if loaded.drafts and ok else ""
    if ok:  # what was checked, wrapped for an 80-column reader; the verdict stays the last, short line
        from baotou_cli.render.table_layout import wrap

        lines += [("checked: " if not at else "  ") + line for at, line in enumerate(wrap(checks, 70))]
    lines.append(f"OK: all checks pass; every number is cited{drafts}" if ok
                 else f"FAILED: {len(loaded.problems)} problems, {len(cover.uncited)} numbers not cited"
                      + (f", {len(loaded.drafts)} drafts not yet curated" if loaded.drafts else ""))
    return "\n".join(lines) + "\n"


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


def _draft_lines(drafts: list, allowed: bool) -> list[str]:
    """One line per draft fact: checked against its article, but its statements are not written yet."""
    word = "DRAFT" if allowed else "FAIL DRAFT"
    lines = [f"{word} fact '{fact.id}': draft, not yet curated ({len(fact.quantities)} figures; quote, raw "
             "numbers and values checked)" for fact in drafts[:MAX_LISTED]]
    if len(drafts) > MAX_LISTED:
        lines.append(f"... and {len(drafts) - MAX_LISTED} more drafts")
    if drafts and not allowed:
        lines.append("drafts make verify fail until they are curated (remove `draft: true`); "
                     "'baotou verify --allow-drafts' accepts them meanwhile")
    return lines


def _conflict_lines(conflicts: list) -> list[str]:
    """A warning (not a failure) for each figure two sources give different values for."""
    lines = []
    for conflict in conflicts[:MAX_LISTED]:
        (fact_a, a), (fact_b, b) = conflict
        lines.append(f"WARN conflict: {a.measure} of {a.subject}: source '{fact_a.source.id}' says {a.raw} "
                     f"(fact '{fact_a.id}'), source '{fact_b.source.id}' says {b.raw} (fact '{fact_b.id}')")
    return lines
