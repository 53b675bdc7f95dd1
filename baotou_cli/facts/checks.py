"""Prove each fact against its source: quotes in the article, raw numbers in the quotes, values equal to
the raw text converted, ids unique and references resolved; and measure how many of the article's numbers
the facts cite."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from baotou_cli.errors import FactsError
from baotou_cli.facts.files import MAX_ARTICLES_BYTES, article_text, read_article
from baotou_cli.facts.model import Fact, FactSet
from baotou_cli.facts.schema import field_name
from baotou_cli.facts.numbers import expected_value_problem, raw_is_approximate, read_as_of, read_period
from baotou_cli.facts.terms import PRECISION_QUALIFIERS
from baotou_cli.facts.textmatch import Article, quote_fragments, squeeze

# Arabic numerals as the issue counts them: 51.5 is one mention, 2022-2024 two.
ARABIC_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# Numbers written in Chinese words that the facts must cite (phases, 一期/二期, are cited by `phase`).
CHINESE_NUMBER = re.compile(
    r"第[一二三四五六七八九十百]+届"
    r"|前[一二三四五六七八九十]+(?:强|名)"
    r"|千亿"
    r"|(?<![\d.千万])亿元(?=以上)"  # 投资亿元以上: a threshold of 100 million yuan, written without a 1
    r"|翻番"
    r"|数十"
    r"|[二三四五六七八九十两]+(?:大(?=[\u4e00-\u9fff])|个(?=[\u4e00-\u9fff])|篇)"  # not 一大批, "a great many"
    r"|(?<=“)[一二三四五六七八九十两](?=[最新]”)"
)
APPROXIMATE_QUALIFIERS = set(PRECISION_QUALIFIERS)


@dataclass
class Problem:
    message: str
    path: tuple = ()
    fact_id: str | None = None

    @property
    def field(self) -> str | None:
        return field_name(self.path)


@dataclass
class Coverage:
    arabic_total: int = 0
    arabic_cited: int = 0
    chinese_total: int = 0
    chinese_cited: int = 0
    uncited: list[str] = field(default_factory=list)  # "line 29: 134" style, for the report

    @property
    def complete(self) -> bool:
        return not self.uncited


def read_sources(factset: FactSet) -> tuple[dict[str, Article], list[Problem]]:
    """Each source's article, and a problem for each whose bytes no longer match the recorded sha256.
    A missing or unreadable source makes the facts file unusable: FactsError."""
    articles, problems, total = {}, [], 0
    for index, source in enumerate(factset.sources):
        path = factset.source_path(source)
        data = read_article(factset.path, source.id, source.path)
        total += len(data)
        if total > MAX_ARTICLES_BYTES:  # 10,000 sources naming one large article would hold it 10,000 times
            raise FactsError(f"the articles together are over the limit of {MAX_ARTICLES_BYTES:,} bytes",
                             path=str(factset.path))
        articles[source.id] = Article(article_text(factset.path, source.id, data))
        if hashlib.sha256(data).hexdigest() != source.sha256:
            problems.append(Problem(f"source file {path} does not match its sha256: the article changed",
                                    ("sources", index, "sha256"), source.id))
    return articles, problems


def check_factset(factset: FactSet, articles: dict[str, Article]) -> list[Problem]:
    """Every problem that makes a fact unprovable or a reference dangling."""
    problems = _check_ids(factset)
    for index, entity in enumerate(factset.entities):
        for name in ("company", "parent"):
            target = getattr(entity, name)
            if target is not None and target not in factset.entity_by_id:
                problems.append(Problem(f"unknown entity id {target!r}", ("entities", index, name), entity.id))
    for index, fact in enumerate(factset.facts):
        problems += _check_fact(fact, ("facts", index), factset, articles)
    return problems


def _check_ids(factset: FactSet) -> list[Problem]:
    seen: dict[str, str] = {}
    problems = []
    for section, records in (("sources", factset.sources), ("entities", factset.entities), ("facts", factset.facts)):
        for index, record in enumerate(records):
            if record.id in seen:
                problems.append(Problem(f"duplicate id {record.id!r} (first used in {seen[record.id]})",
                                        (section, index, "id"), record.id))
            else:
                seen[record.id] = section
    return problems


def _check_fact(fact: Fact, path: tuple, factset: FactSet, articles: dict[str, Article]) -> list[Problem]:
    problems = []

    def problem(message: str, *where: object) -> None:
        problems.append(Problem(message, path + where, fact.id))

    for index, entity_id in enumerate(fact.entities):
        if entity_id not in factset.entity_by_id:
            problem(f"unknown entity id {entity_id!r}", "entities", index)
    if fact.speaker is not None and fact.speaker not in factset.entity_by_id:
        problem(f"unknown entity id {fact.speaker!r}", "speaker")

    article = articles.get(fact.source.id)
    if article is None:
        problem(f"unknown source id {fact.source.id!r}", "source", "id")
        return problems
    if not quote_fragments(fact.source.quote):
        problem("the quote has no words, only '…'", "source", "quote")
    _, missing = article.locate(fact.source.quote)
    if missing is not None:
        problem(f"quote not found in source '{fact.source.id}': {missing[:60]!r}", "source", "quote")
    quote = squeeze(fact.source.quote)

    def in_quote(raw: str, *where: object) -> None:
        if squeeze(raw) not in quote:
            problem(f"raw text {raw!r} is not in the quote", *where)

    for index, quantity in enumerate(fact.quantities):
        where = ("quantities", index)
        in_quote(quantity.raw, *where, "raw")
        mismatch = expected_value_problem(quantity.raw, quantity.value, quantity.unit)
        if mismatch:
            problem(mismatch, *where, "value")
        if raw_is_approximate(quantity.raw) and not APPROXIMATE_QUALIFIERS & set(quantity.qualifiers):
            problem(f"raw text {quantity.raw!r} is not exact: add a qualifier (at-least, more-than or about)",
                    *where, "qualifiers")
        if quantity.unit == "count" and not quantity.noun:
            problem("a count needs a noun (what is counted)", *where, "noun")
        if quantity.unit == "mu" and quantity.value is not None:
            if quantity.hectares is None or abs(quantity.hectares - quantity.value / 15) > 0.005:
                problem(f"hectares must be mu / 15 = {quantity.value / 15:.2f}", *where, "hectares")
    if fact.period is not None:
        in_quote(fact.period.raw, "period", "raw")
        try:
            start, end, _ = read_period(fact.period.raw, fact.period.context_year)
        except ValueError as exc:
            problem(str(exc), "period", "raw")
        else:
            if (start, end) != (fact.period.start, fact.period.end):
                problem(f"period {fact.period.raw!r} is {start}..{end}, not {fact.period.start}..{fact.period.end}",
                        "period")
    if fact.as_of is not None:
        in_quote(fact.as_of.raw, "as_of", "raw")
        try:
            date, _ = read_as_of(fact.as_of.raw, fact.as_of.context_year)
        except ValueError as exc:
            problem(str(exc), "as_of", "raw")
        else:
            if date != fact.as_of.date:
                problem(f"as-of {fact.as_of.raw!r} is {date}, not {fact.as_of.date}", "as_of", "date")
    for index, label in enumerate(fact.labels):
        in_quote(label.raw, "labels", index, "raw")
    return problems


def cited_raws(fact: Fact) -> list[str]:
    raws = [q.raw for q in fact.quantities] + [label.raw for label in fact.labels]
    raws += [x.raw for x in (fact.period, fact.as_of) if x is not None]
    return [squeeze(r) for r in raws if squeeze(r)]


def coverage(factset: FactSet, articles: dict[str, Article]) -> Coverage:
    """How many numeric mentions of each article lie inside a raw text that a fact cites there."""
    result = Coverage()
    for source_id, article in articles.items():
        cited = [False] * len(article.squeezed)
        for fact in factset.facts:
            if fact.source.id != source_id:
                continue
            raws = cited_raws(fact)
            for start, end in article.all_spans(fact.source.quote):
                for raw in raws:
                    for at in article.find_all(raw, start, end):
                        cited[at:at + len(raw)] = [True] * len(raw)
        for pattern, chinese in ((ARABIC_NUMBER, False), (CHINESE_NUMBER, True)):
            for match in pattern.finditer(article.squeezed):
                ok = all(cited[match.start():match.end()])
                if chinese:
                    result.chinese_total += 1
                    result.chinese_cited += ok
                else:
                    result.arabic_total += 1
                    result.arabic_cited += ok
                if not ok:
                    line = article.text.count("\n", 0, article.original_offsets[match.start()]) + 1
                    result.uncited.append(f"{source_id} line {line}: {match.group()}")
    return result
