"""Prove what users read: the numbers in each fact's `en` and `zh`, the direction and basis of its changes,
the qualifiers the article states (首次, 历史最高) and whose figure each is (its `subject`).

`fact_checks.py` proves a fact's quote, raw texts and values; this module proves that the sentences built on them
say the same, both ways: every number a statement holds is a figure of its fact (or a date, an ordinal or part
of a name), every figure is in both statements, and what the article says of a figure (同比, 增长, 首次,
均为历史最高, the figure's owner) is in the data and in the statements. docs/facts-schema.md, "What the
statements must say", lists the rules and the two note sentences that explain an exception."""

from __future__ import annotations

import bisect
import functools
import re
from decimal import Decimal

from baotou_cli.data.characters import HAN, SENTENCE_END
from baotou_cli.data.model import Entity, Fact, FactSet, Quantity, about_entities
from baotou_cli.data.quote_matching import Article, raw_position, squeeze

# Numbers in a Chinese statement: Arabic (1/3 and 2022-2024 one mention each), and the Chinese words that
# fact_checks.CHINESE_NUMBER counts in the article (四大, 前十强, 第十四届, 千亿, 翻番, 数十...).
ZH_NUMBER = re.compile(
    r"(?=[\d第前千翻数二三四五六七八九十两])"  # a cheap first look: most characters start no number
    r"(?:\d+(?:\.\d+)?(?:/\d+)?"
    r"|第[一二三四五六七八九十百]+届|前[一二三四五六七八九十]+(?:强|名)|千亿|翻番|数十"
    r"|[二三四五六七八九十两]+(?:大(?=[" + HAN + "])|个(?=[" + HAN + "])|篇))")
# A date or period in Chinese: its numbers are the fact's time, not figures.
ZH_DATE = re.compile(r"\d{4}(?:-\d{4})?年|\d{1,2}(?:-\d{1,2})?月")
# Numbers in an English statement: 5.15 billion, 150,000, 50.6%, 14th, 1/3; and the words the tool uses.
_EN_NUMBER_WORDS = ("one third", "a third", "doubles", "doubled", "double", "doubling", "twice", "dozens", "two",
                     "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
EN_NUMBER = re.compile(  # case-sensitive but for a word's first letter ("Six of..."): about a third faster
    r"(?=[0-9adefnostADEFNOST])"  # a cheap first look: every number and number word starts with one of these
    r"(?:(?<![\w.])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:/\d+)?)"
    r"(?P<suffix>st|nd|rd|th)?(?P<percent>%)?(?:\s*(?P<scale>billion|million|bn|m)\b)?"
    r"|\b(?P<word>" + "|".join(f"[{w[0]}{w[0].upper()}]{w[1:]}" for w in _EN_NUMBER_WORDS) + r")\b)")
EN_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
            "eleven": 11, "twelve": 12}
EN_YEAR = re.compile(r"(?:19|20)\d\d")
SCALES = {"billion": 10**9, "bn": 10**9, "million": 10**6, "m": 10**6}
# Which way a change goes: in the article and the Chinese statement, and in English.
ZH_WAYS = {"down": re.compile(r"下降|减少|降低|下滑"), "up": re.compile(r"增长|增加|提高|上升|翻番")}
ZH_WAYS_SAID = "增长/增加/提高/翻番 up, 下降/减少 down, right before the figure"
EN_WAYS = {"down": re.compile(r"\b(?:down|fell|fallen|fall|falling|decrease[ds]?|declined?|lower|drop(?:ped)?|shrank)\b",
                              re.I),
           "up": re.compile(r"\b(?:up|rose|risen|rise|rising|increase[ds]?|grew|grown|higher|doubl\w*|twice)\b", re.I)}
# A basis in words: the article's (right before the figure), a Chinese and an English statement's.
BASIS_ZH = {"year-on-year": r"同比", "previous-year": r"(?:较|比)(?:去年|上年)"}
BASIS_BEFORE = re.compile(r"(?P<word>同比|(?:较|比)(?:去年|上年))\w{0,3}$")
BASIS_EN = {"year-on-year": re.compile(r"year[- ]on[- ]year|y/y", re.I),
            "previous-year": re.compile(r"previous year|last year|(?:a|the) year (?:before|earlier)", re.I)}
# What the article says of a figure, in its own sentence: 首次 right before it, 历史最高 after the figures it covers.
FIRST_BEFORE = re.compile(r"首(?:次|家|台|个|批)")
RECORD_WORDS = re.compile(r"历史最高|历史新高|历史最多|创历史新高")
QUALIFIER_WORDS = {"first": (re.compile(r"\bfirst\b(?!-)", re.I), FIRST_BEFORE),  # not "first-class"
                   "record": (re.compile(r"\brecords?\b", re.I), RECORD_WORDS)}


def statement_problems(fact: Fact, factset: FactSet, article: Article | None,
                       spans: list[tuple[int, int]]) -> list[tuple[tuple, str]]:
    """(path within the fact, message) for each way the fact's statements or figures disagree with its quote."""
    linked = about_entities(fact, factset.entity_by_id)
    en_mentions = [(m, *_en_value(m)) for m in EN_NUMBER.finditer(fact.en)]
    found = _zh_numbers(fact, linked) + _en_numbers(fact, linked, en_mentions)
    for index, quantity in enumerate(fact.quantities):
        where = ("quantities", index)
        for name, (en_word, zh_word) in QUALIFIER_WORDS.items():
            if name in quantity.qualifiers and not en_word.search(fact.en):
                found.append((("en",), f"{quantity.raw!r} is {name} but the statement does not say so"))
            if name in quantity.qualifiers and not zh_word.search(fact.zh):
                found.append((("zh",), f"{quantity.raw!r} is {name} but the statement does not say so"))
        at = raw_position(article, spans, quantity.raw) if article is not None and spans else None
        if article is None or at is None:
            continue  # the quote is not in the article: fact_checks.py says so
        # Which way the article says the figure went (增长 up, 下降 down, or neither), right before it.
        way = _way(article.squeezed[max(0, at - 6):at + len(squeeze(quantity.raw))], ZH_WAYS)
        found += [(("zh",), m) for m in _direction_zh(quantity, fact.zh, way)]
        found += [(("en",), m) for m in _direction_en(quantity, fact.en, en_mentions, way)]
        found += [((*where, field), m) for field, m in _article_problems(fact, quantity, article, at)]
        subject = factset.entity_by_id.get(quantity.subject or "")
        message = subject and _subject_problem(fact, quantity, subject, article, spans, at)
        if message:
            found.append(((*where, "subject"), message))
    return found


# 1. Every number accounted for -------------------------------------------------------------------------

def _excused(fact: Fact, raw: str, word: str) -> bool:
    """The note explains it: one of its sentences holds the figure's raw text and `word` ("statement")."""
    return any(raw in sentence and word in sentence.lower() for sentence in re.split(r"(?<=\.)\s", fact.note or ""))


def _covered(text: str, pieces: list[str]) -> list[bool]:
    """Which characters of `text` lie inside an occurrence of one of `pieces`."""
    covered = [False] * len(text)
    for piece in filter(None, pieces):
        at = text.find(piece)
        while at != -1:
            covered[at:at + len(piece)] = [True] * len(piece)
            at = text.find(piece, at + 1)
    return covered


def _time_numbers(fact: Fact) -> set[str]:
    """The years and months of the quote's dates and of the fact's time (context_year too: 截至10月底 of 2022)."""
    numbers = {str(int(n)) for date in ZH_DATE.findall(squeeze(fact.source.quote)) for n in re.findall(r"\d+", date)}
    for part in (fact.period, fact.as_of):
        if part is None:
            continue
        for value in (getattr(part, "start", None), getattr(part, "end", None), getattr(part, "date", None),
                      part.context_year):
            numbers.update(str(int(n)) for n in re.findall(r"\d+", str(value or "")))
    return numbers


def _in_date(text: str, mention: re.Match, times: set[str]) -> bool:
    """Whether a number of a Chinese statement lies in a date (2022年, 10月) of the quote's or the fact's time."""
    return any(date.start() <= mention.start() and mention.end() <= date.end()
               and {str(int(n)) for n in re.findall(r"\d+", date.group())} <= times for date in ZH_DATE.finditer(text))


def _zh_numbers(fact: Fact, linked: list[Entity]) -> list[tuple[tuple, str]]:
    text = squeeze(fact.zh)
    figures = [squeeze(q.raw) for q in fact.quantities]
    cited = figures + [squeeze(x.raw) for x in (*fact.labels, fact.period, fact.as_of) if x is not None]
    by_figure = _covered(text, cited)
    by_name: list[bool] | None = None  # made only when a number is no figure: most are
    found = []
    for mention in ZH_NUMBER.finditer(text):
        span = range(mention.start(), mention.end())
        if all(by_figure[i] for i in span):
            continue
        if by_name is None:
            by_name = _covered(text, [squeeze(n) for e in linked for n in (e.zh, *e.aliases)])
        if all(by_name[i] for i in span) or _in_date(text, mention, _time_numbers(fact)):
            continue
        found.append((("zh",), f"the number {mention.group()!r} is none of the fact's figures (raw texts, labels, "
                               "period, as-of), nor a date, nor part of a linked entity's name"))
    for quantity, raw in zip(fact.quantities, figures, strict=True):
        if raw not in text and not _excused(fact, quantity.raw, "statement"):
            found.append((("zh",), f"the figure {quantity.raw!r} is not in the statement (write it as the article "
                                   "does, or say in the note why the statement leaves it out)"))
    return found


def _phases(fact: Fact, linked: list[Entity]) -> set[int]:
    """The phases (一期 1, 二期 2) the fact, its quote or its linked entities' Chinese names give."""
    texts = [fact.source.quote, *(e.zh for e in linked)]
    found = {"一二三四五".index(m) + 1 for text in texts for m in re.findall(r"([一二三四五])期", text)}
    return found | ({fact.phase} if fact.phase else set())


def _en_value(mention: re.Match) -> tuple[Decimal | None, str]:
    """A mention's number and what kind it is: 'scaled' (5.15 billion), 'ratio', 'times', 'ordinal', 'word',
    'about' (dozens) or 'plain'."""
    word = (mention["word"] or "").lower()
    if word:
        if word.endswith("third"):
            return Decimal(1) / Decimal(3), "ratio"
        if word.startswith("doubl") or word == "twice":
            return Decimal(2), "times"
        if word == "dozens":
            return None, "about"
        return Decimal(EN_WORDS[word]), "word"
    number = mention["num"].replace(",", "")
    if "/" in number:
        top, bottom = number.split("/")
        return Decimal(top) / Decimal(bottom), "ratio"
    value = Decimal(number)
    if mention["scale"]:
        return value * SCALES[mention["scale"].lower()], "scaled"
    return value, "ordinal" if mention["suffix"] else "plain"


def _matches(quantity: Quantity, value: Decimal | None, kind: str) -> bool:
    """Whether an English mention is this figure in a form the tool prints (5.15 billion, 150,000, one third)."""
    if quantity.value is None:
        return kind == "about"
    if value is None:
        return False
    target = Decimal(str(quantity.value))
    if quantity.unit == "ratio":
        return kind == "ratio" and abs(value - target) < Decimal("1e-9")
    if quantity.unit == "times":
        return kind == "times" and value == target
    if quantity.unit == "CNY" and target >= 10**6:
        return kind == "scaled" and value == target
    if quantity.unit == "mu" and kind == "plain" and quantity.hectares is not None \
            and value == Decimal(str(quantity.hectares)):
        return True
    if quantity.unit == "ordinal":
        return kind == "ordinal" and value == target
    return kind in ("plain", "word") and value == target


def _en_numbers(fact: Fact, linked: list[Entity], mentions: list[tuple[re.Match, Decimal | None, str]]
                ) -> list[tuple[tuple, str]]:
    text = fact.en
    by_name: list[bool] | None = None  # made only when a number is no figure: most are
    label_words = " ".join(label.en for label in fact.labels)
    found, seen = [], set()
    for mention, value, kind in mentions:
        figures = {i for i, q in enumerate(fact.quantities) if _matches(q, value, kind)}
        if figures:
            seen |= figures
            continue
        span = range(mention.start(), mention.end())
        if by_name is None:
            by_name = _covered(text, [n for e in linked for n in (e.en, *e.aliases)])
        if all(by_name[i] for i in span) or re.search(rf"(?<![\w.,]){re.escape(mention.group())}(?![\w.,])",
                                                        label_words, re.I):
            continue
        if kind == "plain" and EN_YEAR.fullmatch(mention.group()) and mention.group() in _time_numbers(fact):
            continue
        if kind == "plain" and re.search(r"\bphase $", text[:mention.start()], re.I) \
                and value in _phases(fact, linked):
            continue
        found.append((("en",), f"the number {mention.group()!r} is none of the fact's figures in the forms the tool "
                               "prints (5.15 billion, 150,000, 50.6%, one third), nor a year of its time, nor part "
                               "of a linked entity's name or a label"))
    for index, quantity in enumerate(fact.quantities):
        if index not in seen and not _excused(fact, quantity.raw, "statement"):
            found.append((("en",), f"the figure {quantity.raw!r} is not in the statement (as 5.15 billion, 150,000 "
                                   "tonnes, 50.6%, one third...), and the note does not say why"))
    return found


# 2. Direction and basis -------------------------------------------------------------------------------------

def _way(text: str, ways: dict[str, re.Pattern]) -> str | None:
    """'up', 'down' or None: which way `text` (a figure with the words right before it) says it went."""
    return next((way for way, words in ways.items() if words.search(text)), None)


def _direction_zh(quantity: Quantity, zh: str, way: str | None) -> list[str]:
    text, raw = squeeze(zh), squeeze(quantity.raw)
    at = text.find(raw)
    if at == -1:
        return []
    found = []
    said = _way(text[max(0, at - 6):at + len(raw)], ZH_WAYS)
    if said != way:
        found.append(f"{quantity.raw!r} reads {said or 'as no change'} in the statement but "
                     f"{way or 'as no change'} in the article ({ZH_WAYS_SAID})")
    if not quantity.basis:
        said_basis = BASIS_BEFORE.search(text[max(0, at - 8):at])
        return found + ([f"the statement says {said_basis['word']!r} before {quantity.raw!r}, which has no basis"]
                        if said_basis else [])
    if not re.search(BASIS_ZH[quantity.basis], text[max(0, at - 8):at]):
        found.append(f"{quantity.raw!r} has basis {quantity.basis} but the statement does not say "
                     f"{'同比' if quantity.basis == 'year-on-year' else '较去年'} before it")
    return found


def _direction_en(quantity: Quantity, en: str, mentions: list[tuple[re.Match, Decimal | None, str]],
                  way: str | None) -> list[str]:
    mention = next((m for m, value, kind in mentions if _matches(quantity, value, kind)), None)
    if mention is None:
        return []  # missing altogether: said once, by _en_numbers
    found = []
    said = _way(en[max(0, mention.start() - 14):mention.end()], EN_WAYS)  # "up more than 50%", "double"
    if said != way:
        found.append(f"{mention.group()!r} reads {said or 'as no change'} in the statement but "
                     f"{way or 'as no change'} in the article (up, rose, double; down, fell)")
    if not quantity.basis:
        said_basis = next((b.match(en, mention.end() + 1) for b in BASIS_EN.values()
                           if b.match(en, mention.end() + 1, mention.end() + 16)), None)
        return found + ([f"the statement says {said_basis.group()!r} after {mention.group()!r}, which has no basis"]
                        if said_basis else [])
    if not BASIS_EN[quantity.basis].search(en[mention.start():mention.end() + 40]):
        found.append(f"{mention.group()!r} has basis {quantity.basis} but the statement does not say "
                     f"{'year on year' if quantity.basis == 'year-on-year' else 'against the previous year'} after it")
    return found


# 3. What the article says of the figure, read in its own sentence ----------------------------------------

@functools.lru_cache(maxsize=64)  # one list per article text, not one scan of it per figure
def _sentence_ends(text: str) -> list[int]:
    return [at for at, char in enumerate(text) if char in SENTENCE_END]


def _sentence(text: str, at: int) -> tuple[int, int]:
    """Where the sentence holding `at` starts and ends (just after its 。) in the squeezed article `text`."""
    ends = _sentence_ends(text)
    after = bisect.bisect_left(ends, at)
    return (ends[after - 1] + 1 if after else 0), (ends[after] + 1 if after < len(ends) else len(text))


_ANY_FIGURE = re.compile(r"\d|[一二三四五六七八九十两千]+(?:大|个|亿)|翻番")


def _article_problems(fact: Fact, quantity: Quantity, article: Article, at: int) -> list[tuple[str, str]]:
    text, raw = article.squeezed, squeeze(quantity.raw)
    start, end = _sentence(text, at)
    found = []
    word = BASIS_BEFORE.search(text[start:at])
    if word and not quantity.basis:
        found.append(("basis", f"the article says {word['word']!r} right before {quantity.raw!r}: give it its basis "
                               "(year-on-year for 同比, previous-year for 较去年/比上年)"))
    first = list(FIRST_BEFORE.finditer(text, start, at))
    said_first = bool(first) and not _ANY_FIGURE.search(text, first[-1].end(), at)
    if said_first and "first" not in quantity.qualifiers:
        found.append(("qualifiers", f"the article says {first[-1].group()!r} of {quantity.raw!r}: add first"))
    elif "first" in quantity.qualifiers and not said_first:
        found.append(("qualifiers", f"first, but the article says no 首次/首家/首台 right before {quantity.raw!r}"))
    record = RECORD_WORDS.search(text, at + len(raw), end)
    if record and "record" not in quantity.qualifiers and not _excused(fact, quantity.raw, "record"):
        found.append(("qualifiers", f"the article says {record.group()!r} after {quantity.raw!r} in its sentence: add "
                                    "record, or say in the note why it does not cover this figure"))
    elif "record" in quantity.qualifiers and not record:
        found.append(("qualifiers", f"record, but the article says no 历史最高/创历史新高 after {quantity.raw!r} "
                                    "in its sentence"))
    return found


# 4. Whose figure it is -----------------------------------------------------------------------------------

@functools.lru_cache(maxsize=4096)  # one list per entity, not one per figure: large files have many figures
def _subject_names(names: tuple[str, ...]) -> list[str]:
    return [squeeze(n) for n in names if n]


def _subject_problem(fact: Fact, quantity: Quantity, subject: Entity, article: Article,
                     spans: list[tuple[int, int]], at: int) -> str | None:
    """The subject must be named (name, alias or declared noun) in the figure's sentence as the quote has it,
    or a sentence of the note must say whose figure it is ("whose" and the subject's name)."""
    start, end = _sentence(article.squeezed, at)
    quoted = "".join(article.squeezed[max(a, start):min(b, end)] for a, b in spans if a < end and b > start)
    if any(name in quoted for name in _subject_names((subject.zh, *subject.aliases, *subject.nouns))):
        return None
    for sentence in re.split(r"(?<=\.)\s", fact.note or ""):
        if "whose" in sentence.lower() and any(n and n.lower() in sentence.lower()
                                                for n in (subject.en, *subject.aliases)):
            return None
    return (f"subject {subject.id!r} is not named in the quote's sentence around {quantity.raw!r} (by name, alias or "
            "one of its `nouns`), and no sentence of the note says whose figure it is (\"whose\" and its name)")
