"""Prove each fact against its source: quotes in the article, raw numbers in the quotes, values equal to
the raw text converted, ids unique and references resolved; and measure how many of the article's numbers
the facts cite."""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Sequence
from typing import Any
from dataclasses import dataclass, field

from baotou_cli.errors import FactsError
from baotou_cli.data.characters import HAN, SEGMENT_END
from baotou_cli.data.article_files import MAX_ARTICLES_BYTES, article_text, read_article
from baotou_cli.data.model import Entity, Fact, FactSet, about_entities, entity_references
from baotou_cli.data.validation import field_name, record_kind
from baotou_cli.data.statement_checks import statement_problems
from baotou_cli.data.chinese_numbers import expected_value_problem, raw_is_approximate, read_as_of, read_period
from baotou_cli.data.vocabularies import CERTAINTY_QUALIFIERS, PRECISION_QUALIFIERS, certainty
from baotou_cli.data.quote_matching import Article, quote_fragments, raw_position, squeeze

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
    r"|[二三四五六七八九十两]+(?:大(?=[" + HAN + "])|个(?=[" + HAN + "])|篇)"  # not 一大批, "a great many"
    r"|(?<=“)[一二三四五六七八九十两](?=[最新]”)"
)
APPROXIMATE_QUALIFIERS = set(PRECISION_QUALIFIERS)

# Rows are read one at a time, so `en` and `zh` must name what they are about (docs/facts-schema.md,
# "Statements that stand alone"). No kind is exempt today: captions, headings and quotes can all name theirs.
NAME_EXEMPT_KINDS: tuple[str, ...] = ()
_PRONOUN = r"(?:it|its|it's|they|their|them|this|these|that|those|he|she|his|her|we|our|us)"
# What an English statement must not start with (after quotation marks or brackets): a pronoun, or a noun
# phrase that points back to a sentence the reader of one row has not seen.
EN_ANAPHOR = re.compile(
    rf"^{_PRONOUN}\b|^(?:such|also|so far|in particular|the (?:project|company|plant|zone|group|programme|"
    r"training|courses?|measures|forum|latter|former)s?)\b(?!\s+of\b)", re.I)
# A personal pronoun among a statement's first words, before any linked entity is named ("In 2022 it...").
EN_EARLY_PRONOUN = re.compile(r"\b(?:it|its|it's|they|their|them|he|she|his|her|we|our|us)\b", re.I)
LEAD_IN_WORDS = 8  # "By the end of October 2022, it...": a comma this early ends a lead-in
# What a Chinese statement must not start with: a demonstrative or pronoun (该项目, 这个企业, 其, 我们).
ZH_ANAPHOR = re.compile(r"^(?:该|这|那|其|此|它|他们|她们|我们|上述)")
# A time or connective lead-in (目前，/截至10月底，/2022年): what follows it must be a linked entity's name.
ZH_LEAD_IN = re.compile(
    r"^(?:目前|截至目前|截至\d{4}年\d{1,2}月底|截至\d{1,2}月底|接下来|同时|此外|另外|其中|特别是|建成后|近年来"
    r"|自\d{4}年以来|\d{4}年以来|\d{4}年\d{1,2}-\d{1,2}月|\d{4}年)[，,]?")
_QUOTES = "\"'“”‘’「」『』(（[ "
# Chinese in English text: Han characters (data/characters.py, beyond the BMP too), and the CJK radicals,
# punctuation, kana, symbols, hexagrams and full-width forms around them.
CJK = re.compile(f"[{HAN}\u2e80-\u33ff\u4dc0-\u4dff\uff00-\uffef]")
# The quote's pieces must lie close together: at most this many characters (whitespace ignored) between
# one piece and the next. About one paragraph of the article; the longest honest gap today is 88.
MAX_QUOTE_GAP = 200


# What the article's words before a figure, in its sentence, make it: the nearest such word decides, and the
# figure's certainty qualifiers must include one of its readings. Verbs only: 将 as "will" (将达到), not the
# object marker of 将资源优势向经济优势转变; 计划 as "plans to", not the noun of 全年计划投资的95% (95% of the
# year's plan, an actual share) or of a programme's name (…培训计划等专题讲座5期).
HEDGES = {
    "expected": r"有望|预计|预期|建成后|将(?:达到|具备|实现|形成|突破|超过|新增|建成)",
    "planned": r"拟|计划(?:建设|新增|实施|完成|引进)|计划投资(?!的)",
    "planned-total": r"计划总投资",
    "project-total": r"(?<!计划)总投资",
    "target": r"力争|目标(?:是|为|达到)",
}
# Words that say a figure has happened (已完成, 实际增长): after the nearest hedge of its sentence (预计全年完成
# 100亿元，其中已完成60亿元), they make the figure actual again.
ACTUAL = re.compile(r"已(?:经)?(?:完成|实现|达到|建成|投产|签约|落地|引进|累计)|实际(?!到位)|实现了")
HEDGE = re.compile("|".join(f"(?P<{name.replace('-', '_')}>{pattern})" for name, pattern in HEDGES.items()))
READINGS = {"expected": {"expected"}, "planned": {"planned"}, "planned_total": {"planned", "project-total"},
            "project_total": {"project-total"}, "target": {"target"}}
# A capacity in a project's name (年产1.2万吨…项目) is what the plant is designed for, not what it makes.
NAMEPLATE = re.compile(r"年产$")
# Words that make a figure a floor (more than it), right before or after it: 突破千亿元, 50%以上, 5000余个.
FLOOR_BEFORE = re.compile(r"(?:突破|超过|逾|超)$")
FLOOR_AFTER = re.compile(r"^(?:以上|余|多)")
# What must stand right before a change: 同比增长50.6%, 较去年实现翻番.
BASIS_BEFORE = {"year-on-year": re.compile(r"同比\w{0,2}$"), "previous-year": re.compile(r"(?:较|比)(?:去年|上年)\w{0,3}$")}
# How a note explains a certainty the article only implies (no word for it in the sentence).
CERTAINTY_NOTES = {"expected": "expect", "planned": "plan", "target": "target", "design": "design",
                   "project-total": "total"}


def certainty_problems(quantity, note: str | None, text: str, at: int) -> list[str]:
    """What the article says of a figure at `at` in its squeezed `text` that its qualifiers do not, or the
    other way round: read in the article's own sentence, so a quote cut short cannot hide a hedge."""
    raw = squeeze(quantity.raw)
    start = max(text.rfind(mark, 0, at) for mark in SEGMENT_END) + 1
    before, qualifiers = text[start:at], set(quantity.qualifiers)
    certain = qualifiers & set(CERTAINTY_QUALIFIERS)
    found = []
    word: str | None
    if NAMEPLATE.search(before) and "项目" in text[at:text.find("。", at) % len(text) + 1]:
        word, readings = "年产…项目", {"design", "planned"}
    else:
        hedges = list(HEDGE.finditer(before))
        nearest = hedges[-1] if hedges else None  # the nearest before the figure
        if nearest and any(m.start() >= nearest.end() for m in ACTUAL.finditer(before)):
            nearest = None  # 其中已完成: done, whatever was expected of the whole
        word, readings = ((nearest.group(), READINGS[nearest.lastgroup]) if nearest and nearest.lastgroup
                          else (None, set()))
    if word and not certain & readings:
        found.append(f"the article says {word!r} before {quantity.raw!r}: its certainty is "
                     f"{' or '.join(sorted(readings))}")
    elif not word and certain and not any(CERTAINTY_NOTES[q] in (note or "").lower() for q in certain):
        found.append(f"{', '.join(sorted(certain))} but the article has no word for it before {quantity.raw!r}: "
                     "say why in the fact's note")
    floor = FLOOR_BEFORE.search(text[:at]) or FLOOR_AFTER.search(text[at + len(raw):])
    if floor and "more-than" not in qualifiers:
        found.append(f"the article says {floor.group()!r} of {quantity.raw!r}: add more-than")
    elif not floor and "more-than" in qualifiers and not raw_is_approximate(quantity.raw):
        found.append(f"more-than, but the article says nothing of the kind around {quantity.raw!r}")
    if quantity.basis and not BASIS_BEFORE[quantity.basis].search(before):
        found.append(f"basis {quantity.basis}, but the article does not say "
                     f"{'同比' if quantity.basis == 'year-on-year' else '较去年'} before {quantity.raw!r}")
    return found


def change_problems(fact: Fact) -> list[tuple[int, str]]:
    """A change (同比, 较去年) is as certain as the figure it changes: 'up 50% (expected)' of an expected output."""
    figures = {q.measure: certainty(q.qualifiers) for q in fact.quantities if not q.basis}
    return [(index, f"the change {q.raw!r} is {certainty(q.qualifiers)} but its figure is {figures[q.measure]}: "
                    "give them the same certainty")
            for index, q in enumerate(fact.quantities)
            if q.basis and q.measure in figures and certainty(q.qualifiers) != figures[q.measure]]


@dataclass
class Problem:
    message: str
    path: tuple = ()
    fact_id: str | None = None

    @property
    def field(self) -> str | None:
        return field_name(self.path)

    @property
    def record(self) -> str:
        return record_kind(self.path)


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
    read: dict[str, tuple[bytes, Article]] = {}  # by path: sources naming one article share one copy of it
    for index, source in enumerate(factset.sources):
        path = factset.source_path(source)
        if source.path not in read:
            data = read_article(factset.path, source.id, source.path,
                                allow_outside=factset.allow_outside_sources)
            total += len(data)
            if total > MAX_ARTICLES_BYTES:
                raise FactsError(f"the articles together are over the limit of {MAX_ARTICLES_BYTES:,} bytes",
                                 path=str(factset.path))
            read[source.path] = data, Article(article_text(factset.path, source.id, data))
        data, articles[source.id] = read[source.path]
        if hashlib.sha256(data).hexdigest() != source.sha256:
            problems.append(Problem(f"source file {path} does not match its sha256: the article changed",
                                    ("sources", index, "sha256"), source.id))
    return articles, problems


def check_factset(factset: FactSet, articles: dict[str, Article]) -> list[Problem]:
    """Every problem that makes a fact unprovable, a reference dangling or a row unreadable on its own."""
    problems = _check_ids(factset)
    for index, entity in enumerate(factset.entities):
        for name in ("company", "parent"):
            target = getattr(entity, name)
            if target is not None and target not in factset.entity_by_id:
                problems.append(Problem(f"unknown entity id {target!r}", ("entities", index, name), entity.id))
    for index, fact in enumerate(factset.facts):
        problems += _check_fact(fact, ("facts", index), factset, articles)
        problems += _check_statement(fact, ("facts", index), factset)
        problems += _check_what_statements_say(fact, ("facts", index), factset, articles)
    problems += _check_measures(factset)
    problems += _check_headlines(factset)
    problems += _check_redirects(factset)
    problems += _check_figures_once(factset, articles)
    problems += _check_placeholders(factset)
    return problems


def _check_placeholders(factset: FactSet) -> list[Problem]:
    """Text `baotou draft` left for the curator to write, still there in a curated fact or in a source or
    entity a curated fact cites or names (its citation or row would read it). Stubs only drafts use may
    keep it until they are curated, like the drafts themselves."""
    from baotou_cli.data.draft_facts import TO_WRITE

    facts = list(factset.facts)
    cited = {fact.source.id for fact in facts}
    named = {entity_id for fact in facts for _, entity_id in entity_references(fact)}
    records: list[tuple[str, Sequence[Any], set | None]] = [
        ("sources", factset.sources, cited), ("entities", factset.entities, named), ("facts", facts, None)]
    return [Problem(f"still reads {TO_WRITE!r}: write it (baotou draft left it for the curator)",
                    (key, index, name), record.id)
            for key, items, used in records for index, record in enumerate(items) if used is None or record.id in used
            for name, value in record._asdict().items() if isinstance(value, str) and TO_WRITE in value]


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

    for where, entity_id in entity_references(fact):
        # A figure's subject must be one of the fact's entities: that is checked with the figure, below.
        if where[0] != "quantities" and entity_id not in factset.entity_by_id:
            problem(f"unknown entity id {entity_id!r}", *where)

    article = articles.get(fact.source.id)
    if article is None:
        problem(f"unknown source id {fact.source.id!r}", "source", "id")
        return problems
    spans, missing = article.locate(fact.source.quote)
    if not quote_fragments(fact.source.quote):
        problem("the quote has no words, only '…' and whitespace", "source", "quote")
    elif missing is not None:
        problem(f"quote not found in source '{fact.source.id}': {missing[:60]!r}", "source", "quote")
    else:
        for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
            if start - end > MAX_QUOTE_GAP:
                problem(f"the quote's pieces lie {start - end} characters apart in the article (at most "
                        f"{MAX_QUOTE_GAP}): a piece first occurs far from the rest; quote more of its own sentence",
                        "source", "quote")
                break
    quote = squeeze(fact.source.quote)

    def in_quote(raw: str, *where: object) -> None:
        if squeeze(raw) not in quote:
            problem(f"raw text {raw!r} is not in the quote", *where)

    for index, quantity in enumerate(fact.quantities):
        where = ("quantities", index)
        in_quote(quantity.raw, *where, "raw")
        if quantity.subject is None:
            problem("a quantity needs a subject: the id of the entity the figure is about", *where, "subject")
        elif quantity.subject not in fact.entities:
            problem(f"subject {quantity.subject!r} is not among the fact's entities", *where, "subject")
        if quantity.measure not in factset.measure_by_id:
            problem(f"measure {quantity.measure!r} is not declared under `measures`", *where, "measure")
        mismatch = expected_value_problem(quantity.raw, quantity.value, quantity.unit)
        if mismatch:
            problem(mismatch, *where, "value")
        if raw_is_approximate(quantity.raw) and not APPROXIMATE_QUALIFIERS & set(quantity.qualifiers):
            problem(f"raw text {quantity.raw!r} is not exact: add a qualifier (at-least, more-than or about)",
                    *where, "qualifiers")
        at = raw_position(article, spans, quantity.raw) if spans and missing is None else None
        if at is not None:
            problems.extend(Problem(message, path + where + ("qualifiers",), fact.id)
                            for message in certainty_problems(quantity, fact.note, article.squeezed, at))
        if quantity.unit == "count" and not quantity.noun:
            problem("a count needs a noun (what is counted)", *where, "noun")
        if quantity.unit == "mu" and quantity.value is not None and (
                quantity.hectares is None or abs(quantity.hectares - quantity.value / 15) > 0.005):
            problem(f"hectares must be mu / 15 = {quantity.value / 15:.2f}", *where, "hectares")
    for index, message in change_problems(fact):
        problem(message, "quantities", index, "qualifiers")
    if fact.period is not None:
        in_quote(fact.period.raw, "period", "raw")
        try:
            first, last, _ = read_period(fact.period.raw, fact.period.context_year)
        except ValueError as exc:
            problem(str(exc), "period", "raw")
        else:
            if (first, last) != (fact.period.start, fact.period.end):
                problem(f"period {fact.period.raw!r} is {first}..{last}, not {fact.period.start}..{fact.period.end}",
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


# Statements that stand alone ------------------------------------------------------------------------

def _check_statement(fact: Fact, path: tuple, factset: FactSet) -> list[Problem]:
    problems = []
    linked = about_entities(fact, factset.entity_by_id)
    for language, text in (("en", fact.en), ("zh", fact.zh)):
        reason = (en_anaphor if language == "en" else zh_anaphor)(text, linked)
        if reason:
            problems.append(Problem(f"does not stand alone: {reason}", path + (language,), fact.id))
    if fact.kind not in NAME_EXEMPT_KINDS:
        if not any(_names_in_en(fact.en, e) for e in linked):
            problems.append(Problem("names none of the fact's entities (by English name or alias)",
                                    path + ("en",), fact.id))
        if not any(_names_in_zh(fact.zh, e) for e in linked):
            problems.append(Problem("names none of the fact's entities (by Chinese name or alias)",
                                    path + ("zh",), fact.id))
    english = [(("en",), fact.en), *((("labels", i, "en"), label.en) for i, label in enumerate(fact.labels))]
    for where, text in english:
        found = CJK.search(text)
        if found:
            problems.append(Problem(f"Chinese text {found.group()!r} in English: put the original wording in "
                                    "`note` or an alias", path + where, fact.id))
    return problems


def _check_what_statements_say(fact: Fact, path: tuple, factset: FactSet,
                               articles: dict[str, Article]) -> list[Problem]:
    """Numbers, changes, qualifiers and subjects of the statements against the quote (statement_checks.py)."""
    article = articles.get(fact.source.id)
    spans, missing = article.locate(fact.source.quote) if article is not None else ([], None)
    usable = article if missing is None else None
    return [Problem(message, path + where, fact.id)
            for where, message in statement_problems(fact, factset, usable, spans if usable else [])]


def en_anaphor(text: str, linked: Sequence[Entity] = ()) -> str | None:
    """Why an English statement leans on a sentence the reader has not seen (None when it does not): it starts
    with a pronoun or a pointing noun phrase ("The project", "So far"), or so does what follows a lead-in (at
    most LEAD_IN_WORDS words up to a comma, naming none of `linked`), or a personal pronoun comes among the
    first LEAD_IN_WORDS words before any of `linked` is named ("Once it is built", "In 2022 it...")."""
    start = text.lstrip(_QUOTES)
    head = " ".join(start.split()[:LEAD_IN_WORDS])
    candidates = [start]
    if "," in head and not any(_names_in_en(start[:start.index(",")], e) for e in linked):
        candidates.append(start[start.index(",") + 1:].lstrip(_QUOTES))
    for candidate in candidates:
        found = EN_ANAPHOR.match(candidate)
        if found:
            return f"starts with {found.group()!r}, which points back to a sentence the reader has not seen"
    found = EN_EARLY_PRONOUN.search(head)
    if found and not any(_names_in_en(head[:found.start()], e) for e in linked):
        return f"{found.group()!r} comes before any of the fact's entities is named"
    return None


def zh_anaphor(text: str, linked: Sequence[Entity] = ()) -> str | None:
    """The same for Chinese: a leading 该/这/其…, or a time lead-in (目前，) not followed by a linked entity's name."""
    start = text.lstrip(_QUOTES)
    found = ZH_ANAPHOR.match(start)
    if found:
        return f"starts with {found.group()!r}, which points back to a sentence the reader has not seen"
    lead_in = ZH_LEAD_IN.match(start)
    if lead_in and lead_in.end():
        rest = start[lead_in.end():].lstrip(_QUOTES)
        if ZH_ANAPHOR.match(rest) or not any(rest.startswith(name) for e in linked for name in _zh_names(e)):
            return f"{lead_in.group()!r} is not followed by the name of one of the fact's entities"
    return None


def _zh_names(entity: Entity) -> list[str]:
    return [entity.zh, *entity.aliases]


def _names_in_zh(text: str, entity: Entity) -> bool:
    return any(name and name in text for name in _zh_names(entity))


def _names_in_en(text: str, entity: Entity) -> bool:
    """The entity's English name or a Latin-script alias as whole words, any case ("GE" is not in "change")."""
    pattern = _en_names_pattern((entity.en, *entity.aliases))
    return pattern is not None and pattern.search(text) is not None


@functools.lru_cache(maxsize=4096)  # one pattern per entity, not one per fact: large files have many facts
def _en_names_pattern(names: tuple[str, ...]) -> re.Pattern | None:
    latin = sorted({n for n in names if n and not CJK.search(n)}, key=len, reverse=True)
    if not latin:
        return None
    return re.compile(r"(?<![A-Za-z0-9])(?:" + "|".join(map(re.escape, latin)) + r")(?![A-Za-z0-9])", re.I)


# Measures, headlines, redirects, figures --------------------------------------------------------------

def _check_measures(factset: FactSet) -> list[Problem]:
    problems, seen = [], set()
    used = {q.measure for f in factset.facts for q in f.quantities}
    for index, measure in enumerate(factset.measures):
        if measure.id in seen:
            problems.append(Problem(f"measure {measure.id!r} is declared twice", ("measures", index, "id"), measure.id))
        seen.add(measure.id)
        if measure.id not in used:
            problems.append(Problem(f"measure {measure.id!r} is declared but no quantity uses it",
                                    ("measures", index, "id"), measure.id))
        found = CJK.search(measure.en)
        if found:
            problems.append(Problem(f"Chinese text {found.group()!r} in English: the English label must be English",
                                    ("measures", index, "en"), measure.id))
    return problems


def _check_headlines(factset: FactSet) -> list[Problem]:
    problems: list[Problem] = []
    ranks: dict[int, str] = {}
    for index, fact in enumerate(factset.facts):
        if fact.headline is None:
            continue
        where = ("facts", index, "headline")
        if fact.headline < 1:
            problems.append(Problem(f"headline rank {fact.headline} must be a positive whole number (1 first)",
                                    where, fact.id))
        elif fact.headline in ranks:
            problems.append(Problem(f"headline rank {fact.headline} is also given to fact {ranks[fact.headline]!r}",
                                    where, fact.id))
        else:
            ranks[fact.headline] = fact.id
        if not fact.quantities:
            problems.append(Problem("a headline fact needs a figure (quantities)", where, fact.id))
    return problems


def _check_redirects(factset: FactSet) -> list[Problem]:
    problems, seen = [], set()
    live = set(factset.fact_ids) | set(factset.entity_by_id)
    for index, redirect in enumerate(factset.redirects):
        if redirect.id in live:
            problems.append(Problem(f"redirect {redirect.id!r} collides with a live fact or entity id",
                                    ("redirects", index, "id"), redirect.id))
        if redirect.id in seen:
            problems.append(Problem(f"redirect {redirect.id!r} is listed twice", ("redirects", index, "id"),
                                    redirect.id))
        seen.add(redirect.id)
        if redirect.to is not None and redirect.to not in live:
            problems.append(Problem(f"redirect target {redirect.to!r} is not a fact or entity id",
                                    ("redirects", index, "to"), redirect.id))
    return problems


def _check_figures_once(factset: FactSet, articles: dict[str, Article]) -> list[Problem]:
    """Each figure written in an article is a quantity of one fact only (a second mention is a label)."""
    problems, owner = [], {}
    for index, fact in enumerate(factset.facts):
        article = articles.get(fact.source.id)
        if article is None:
            continue
        spans, missing = article.locate(fact.source.quote)
        if missing is not None:
            continue
        for q_index, quantity in enumerate(fact.quantities):
            raw = squeeze(quantity.raw)
            # A quote may hold another fact's figure too: this quantity is the first mention no fact owns yet.
            mentions = [(fact.source.id, i) for start, end in spans for i in article.find_all(raw, start, end)
                        if i + len(raw) <= end]
            free = next((m for m in mentions if m not in owner), None)
            if free is not None:
                owner[free] = fact.id
            elif mentions:
                problems.append(Problem(f"figure {quantity.raw!r} is already a quantity of fact "
                                        f"{owner[mentions[0]]!r}: record an article figure once (cite it here "
                                        "as a label)", ("facts", index, "quantities", q_index, "raw"), fact.id))
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
