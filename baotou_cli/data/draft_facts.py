"""Draft facts in a facts file (`draft: true`, as `baotou draft` writes them): kept apart from curated facts.

A draft is checked like a curated fact where it can be proved against its article (quote, raw numbers,
values, periods), but its statements are not written yet, so it is never served by queries and `verify`
lists it as not yet curated. Nothing may depend on a draft: no headline rank, no redirect.
"""

from __future__ import annotations

from baotou_cli.data.model import Fact, FactSet, entity_references

DRAFT_FIELD = "draft"
# What `baotou draft` writes where the curator must write text (English names, headline, byline): a curated
# record that still holds it fails `verify`, so a citation never reads "(to be written by the curator)".
TO_WRITE = "(to be written by the curator)"


class DraftProblem(Exception):
    def __init__(self, path: tuple, message: str) -> None:
        super().__init__(message)
        self.path, self.message = path, message


def take_drafts(data: object) -> list[dict]:
    """Remove the facts marked `draft: true` from parsed facts-file data and return them, each checked
    against the fact schema. `draft: false` is dropped (a curated fact). Raises DraftProblem or
    validation.SchemaProblem."""
    from baotou_cli.data import validation

    if not isinstance(data, dict) or not isinstance(data.get("facts"), list):
        return []  # validation.validate says what is wrong
    curated, drafts = [], []
    for index, fact in enumerate(data["facts"]):
        if not isinstance(fact, dict) or DRAFT_FIELD not in fact:
            curated.append(fact)
            continue
        flag = fact.pop(DRAFT_FIELD)
        if not isinstance(flag, bool):
            raise DraftProblem(("facts", index, DRAFT_FIELD), "expected true or false")
        if flag:
            validation._check(fact, _draft_schema(validation), ("facts", index))
            drafts.append(fact)
        else:
            curated.append(fact)
    data["facts"] = curated
    return drafts


def _draft_schema(validation):
    """The fact schema with a quantity's measure left open: the curator picks it when none matched."""
    quantity = validation.Record({**validation.QUANTITY.fields, "measure": (validation.QUANTITY.fields["measure"][0], False)})
    return validation.Record({**validation.FACT.fields, "quantities": (validation.ListOf(quantity), False)})


def check_drafts(drafts: list[Fact], factset: FactSet, articles: dict) -> list:
    """What makes a draft unprovable (its quote, raws, values, periods), and anything that leans on a draft."""
    from baotou_cli.data.fact_checks import Problem

    problems = []
    taken = {s.id for s in factset.sources} | set(factset.entity_by_id) | set(factset.fact_ids)
    draft_ids = set()
    for index, fact in enumerate(drafts):
        path = ("drafts", index)
        if fact.id in taken or fact.id in draft_ids:
            problems.append(Problem(f"duplicate id {fact.id!r}", path + ("id",), fact.id))
        draft_ids.add(fact.id)
        if fact.headline is not None:
            problems.append(Problem("a draft cannot carry a headline rank: curate it first", path + ("headline",),
                                    fact.id))
        problems += [Problem(message, path + where, fact.id) for message, where in
                     quote_problems(fact, articles.get(fact.source.id))]
        # A draft names entities that must exist (a stub `baotou draft` wrote, or one the file has), as a
        # curated fact's do: a dangling id would only surface once the draft is curated.
        problems += [Problem(f"unknown entity id {target!r}", path + where, fact.id)
                     for where, target in entity_references(fact) if target not in factset.entity_by_id]
    for index, redirect in enumerate(factset.redirects):
        if redirect.to in draft_ids:
            problems.append(Problem(f"redirect target {redirect.to!r} is a draft: curate it first",
                                    ("redirects", index, "to"), redirect.id))
    return problems


def quote_problems(fact: Fact, article) -> list[tuple[str, tuple]]:
    """(message, field path) for what in a draft the article does not bear out: the quote, each raw text in
    it, each value its raw converted, the period and as-of date read from their raw text."""
    from baotou_cli.data.fact_checks import MAX_QUOTE_GAP
    from baotou_cli.data.chinese_numbers import expected_value_problem, read_as_of, read_period
    from baotou_cli.data.quote_matching import quote_fragments, squeeze

    if article is None:
        return [(f"unknown source id {fact.source.id!r}", ("source", "id"))]
    spans, missing = article.locate(fact.source.quote)
    if not quote_fragments(fact.source.quote) or missing is not None:
        return [(f"quote not found in source '{fact.source.id}': {(missing or '')[:60]!r}", ("source", "quote"))]
    found: list[tuple[str, tuple]] = []
    if any(start - end > MAX_QUOTE_GAP for (_, end), (start, _) in zip(spans, spans[1:], strict=False)):
        found.append((f"the quote's pieces lie more than {MAX_QUOTE_GAP} characters apart", ("source", "quote")))
    quote = squeeze(fact.source.quote)
    raws: list[tuple[str, tuple]] = [(q.raw, ("quantities", i, "raw")) for i, q in enumerate(fact.quantities)]
    raws += [(x.raw, (name, "raw")) for name, x in (("period", fact.period), ("as_of", fact.as_of)) if x]
    found += [(f"raw text {raw!r} is not in the quote", where) for raw, where in raws if squeeze(raw) not in quote]
    for index, quantity in enumerate(fact.quantities):
        mismatch = expected_value_problem(quantity.raw, quantity.value, quantity.unit)
        if mismatch:
            found.append((mismatch, ("quantities", index, "value")))
    try:
        if fact.period and read_period(fact.period.raw, fact.period.context_year)[:2] != (fact.period.start,
                                                                                          fact.period.end):
            found.append((f"period {fact.period.raw!r} does not read as {fact.period.start}..{fact.period.end}",
                          ("period",)))
        if fact.as_of and read_as_of(fact.as_of.raw, fact.as_of.context_year)[0] != fact.as_of.date:
            found.append((f"as-of {fact.as_of.raw!r} does not read as {fact.as_of.date}", ("as_of", "date")))
    except ValueError as exc:
        found.append((str(exc), ("period" if fact.period else "as_of", "raw")))
    return found


def drafts_only(loaded) -> FactSet:
    """The facts file with its drafts in place of its curated facts: what `facts --drafts` lists."""
    factset = loaded.factset
    return factset.with_facts(list(loaded.drafts))
