"""Propose draft facts from a new article: every figure found, normalised and pre-qualified from its own words.

The machine does the finding and the reading; a person writes the statements and decides. So a draft never
says more than the article: its quote is verbatim, its raw is the figure as written, its value is what
`chinese_numbers.read_raw` (the reader `verify` uses) makes of the raw, and its qualifiers come from words that stand
in the figure's own sentence. Everything else (English, the measure when no label matches, the subject when no
name is near) is left for the curator. `report` says what became of every number in the article.

Layout: newspaper text breaks lines inside sentences, drops photo captions into the middle of a sentence and
repeats paragraphs. Lines are joined back into paragraphs, a short unpunctuated line inside an open sentence
is a caption (the quote skips it with '…'), and a clause seen before is not drafted twice.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import Counter
from decimal import Decimal
from dataclasses import dataclass, field
from typing import Literal, TypedDict, get_args

from baotou_cli.data.fact_checks import ACTUAL, ARABIC_NUMBER, BASIS_BEFORE, CHINESE_NUMBER, FLOOR_AFTER, FLOOR_BEFORE, HEDGE, READINGS
from baotou_cli.data.chinese_numbers import format_decimal, read_as_of, read_period, read_raw
from baotou_cli.data.characters import HAN, SEGMENT_END, SENTENCE_END
from baotou_cli.data.quote_matching import Article, squeeze
from baotou_cli.data.vocabularies import CERTAINTY_QUALIFIERS

# Where clauses end (sentences and segments: data/characters.py). Times are read per sentence, so that
# 目前，…6期；…6场 dates both.
CLAUSE_END = "，；,;：:" + SENTENCE_END  # a clause ends at a comma, semicolon or colon too
_CLOSERS = "”’」』)）"
OPEN_END = set(SENTENCE_END) | {"…", "；", ";"}
PUNCTUATION = re.compile(r"[，。、；：！？,;:!?“”‘’「」]")
MAX_CAPTION_CHARS = 30  # a photo caption or section heading is one short line without punctuation
MAX_LEAD_GAP = 200  # as `verify` allows between the pieces of a quote
LOOKBACK = 300  # how far a figure's reading looks for its hedges, times and names: a long sentence, and more

_CN = "[零〇一二两三四五六七八九十百千]+(?:万[零〇一二两三四五六七八九十百千]+)?"
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# Unit words after a number, longest first. Those `chinese_numbers.read_raw` does not know make a count.
_UNITS = ("个百分点", "美元", "欧元", "港元", "日元", "英镑", "GWh", "MWh", "kWh", "万千瓦时", "千瓦时", "平方公里", "平方米", "立方米", "吨级", "千瓦", "兆瓦", "吉瓦",
          "公里", "家", "名", "人", "根", "棵", "只", "头", "张", "部", "份", "栋", "处", "株", "单", "项", "台", "套", "辆", "座", "条", "期", "场", "讲", "次", "批", "户", "所",
          "位", "件", "款", "种", "类", "篇", "个", "成", "元", "吨", "亩", "倍", "GW", "MW", "kW", "%", "％", "米",
          "型", "强", "届", "年", "月", "日", "天", "号", "岁")
_UNIT = "|".join(re.escape(u) for u in _UNITS)
FIGURE = re.compile(
    rf"(?P<prefix>第|前)?"
    rf"(?:(?P<part>(?:\d+|{_CN})分之(?:{_NUM}|{_CN}))"
    rf"|(?P<multiple>翻了?[一两]?番)"
    rf"|(?P<rough>数十|数百|数千|几十|几百|上百|上千)(?P<rough_unit>{_UNIT})?"
    rf"|(?P<num>{_NUM}(?:/\d+)?|{_CN})(?:(?P<dash>[-—–~～])(?P<num2>{_NUM}))?"
    rf"(?P<approx>多|余)?(?P<mult>万亿|亿|万)?(?P<unit>{_UNIT}|大(?=[{HAN}]))?)"
)
DATE_UNITS = {"年", "月", "日", "天", "号", "岁"}
FOREIGN_CURRENCIES = {"美元", "欧元", "港元", "日元", "英镑", "GWh", "MWh", "kWh"}  # no unit in the facts file
COUNTED_NOUN = re.compile(rf"[{HAN}]{{1,8}}?(?=[，。、；：！？”」\s]|等|的|$)")  # 四大|主导产业
# Numbers that name something rather than measure it.
POLITICAL_NAME = re.compile(r"(?:党的)?[一二三四五六七八九十]+大(?=精神|报告|代表|会议|胜利|召开|以来|的)")
ENGLISH_NOUNS = {"个百分点": "percentage points"}

# Time phrases: as-of dates and periods, as `chinese_numbers` reads them.
AS_OF = re.compile(r"(?:截至|截止(?:到|至)?)(?:\d{4}年)?\d{1,2}月(?:[底末]|\d{1,2}日)|截至目前|目前")
PERIOD = re.compile(  # not a base of comparison: 比一季度, 较2020年
    r"(?<![较比与])(?:(?:\d{4}年|今年)?\d{1,2}[-—–~～至]\d{1,2}月"
    r"|(?:\d{4}年|今年)?(?:前三季度|上半年|下半年|第一季度|一季度)"
    r"|\d{4}年?[-—–~～至]\d{4}年"
    r"|自\d{4}年以来|\d{4}年以来|\d{4}年\d{1,2}月(?!底)"
    r"|(?<![较比是与])\d{4}年(?![\d一二三四五六七八九十]{1,2}[-—–~～至]?\d*月|度|的|同期)"
    r"|全年(?!计划|目标|任务)|今年以来|今年)")
# A sentence that names a time of its own the drafter cannot date (“十四五”期间, 明年, 到2025年) takes no time
# from its paragraph's lead.
OWN_TIME = re.compile(r"期间|明年|后年|今后|未来|到\d{4}年|十[一二三四五]五")
YEAR = re.compile(r"(?<!\d)(20\d{2}|19\d{2})年")
BUILD_PERIOD = re.compile(r"建设(?:年限|期|周期)")  # 建设年限为2022-2024年: the horizon of a project's 总投资

# Qualifiers from the figure's own words (the hedges `verify` reads come from fact_checks.HEDGE).
ABOUT_BEFORE = re.compile(r"(?:约|大约|近|接近)(?:占|为|达)?$")  # 约占百分之四十
ABOUT_AFTER = re.compile(r"^左右")
NAMEPLATE = re.compile(r"年产(?!值)")
GROWTH_BEFORE = re.compile(r"(?:增长|增加|提高|提升|扩大)了?$")
FALL_BEFORE = re.compile(r"(?:下降|减少|回落|下滑|降低)了?$")
# Forecasts fact_checks.HEDGE does not list: once a plant runs at full capacity, or is in production.
EXPECTED_MORE = re.compile(r"达产后|投产后|届时|可望|将(?:再|陆续|全面|新|在|于)|将由[^，。；]{0,30}(?:提高|增加|扩大|提升|增长|达)(?:到|至)$")  # 将由5万吨提高到8万吨: the 8
# A change against something the schema has no basis for: month on month, against the last quarter.
OTHER_BASIS = re.compile(r"(?:环比|比上月|比上季度|较上月|(?:比|较)(?:上年|去年)同期)\w{0,3}$")
CAPACITY = re.compile(r"年产(?!值)|产能")
# 计划 as "plans to" before a date or a verb fact_checks.HEDGE does not list (计划2023年底前完成, 计划新建); not the
# noun of 全年计划投资的95% or of a programme's name (…培训计划等).
PLANNED_MORE = re.compile(r"计划(?=[新建在于到开推用再将\d])|规划(?:建设|新建|实施|布局)")
RECORD = re.compile(r"历史(?:最高|新高)|创(?:历史)?新高")
FIRST = re.compile(r"首次|首家|首台|首个|首批")
CUMULATIVE = re.compile(r"累计")

# New names the facts file does not know: companies and public bodies.
COMPANY = re.compile(rf"[{HAN}A-Za-z()（）]{{2,24}}?(?:股份有限公司|有限责任公司|有限公司|集团|公司|股份)")
BODY = re.compile(rf"[{HAN}]{{2,16}}?(?:委员会|管委会|办公室|局|委)(?!员)")
NOT_BODY = re.compile(r"(?:举办|主办|承办|创办|开办|督办|协办|格局|布局|结局|大局|全局|开局|当局|党委|不办|要办|好办)$")
NAME_LEAD = re.compile(r"^(?:[在与和同由对向将把从据让使被为是的及、经]|作为|其中|包括|目前|已有|依托|通过|围绕|组织|推动|联合|会同|"
                       r"协调|落实|举办|开展)+")

TOPIC_WORDS = (  # topic: the words that point to it, most specific first
    ("training", r"培训|讲座|干部|课程|党校|学习"),
    ("governance", r"排名|考核|试点|入选|位列|称号"),
    ("business-environment", r"营商环境|审批|服务企业"),
    ("investment", r"投资|招商|签约|资金|预算收入|财政|税收"),
    ("industry", r"产能|产值|年产|生产|产业|产量|销售|就业|企业"),
)


@dataclass
class Paragraph:
    """Body text joined across its line breaks, with the original offset of each character."""

    text: str
    offsets: list[int]
    breaks: set[int] = field(default_factory=set)  # positions where a caption interrupted the sentence


# What became of a number of the article, in the order the report counts them.
MentionStatus = Literal["drafted", "covered", "repeated", "date", "not-a-figure", "not-understood"]
MENTION_STATUSES: tuple[str, ...] = get_args(MentionStatus)


class DraftSource(TypedDict):
    """The `sources` entry a draft proposes: what the curator writes (English, date of writing) is null."""
    id: str
    path: str
    sha256: str
    headline_zh: str | None
    headline_en: None
    byline_zh: str | None
    byline_en: None
    written: None


class EntityStub(TypedDict):
    """An entity a draft proposes for a name the facts file does not know; its English is left to the curator."""
    id: str
    draft: Literal[True]
    type: Literal["company", "body"]
    zh: str
    en: None
    note: str


@dataclass
class Mention:
    """A number in the article and what became of it."""

    raw: str
    line: int
    status: str  # one of MENTION_STATUSES
    why: str = ""
    fact_id: str | None = None


@dataclass
class Draft:
    source: dict
    facts: list[dict]
    entities: list[dict]
    mentions: list[Mention]


@dataclass
class Vocabulary:
    """What the facts file already knows: names (with their entity ids), measures, the zone."""

    names: list[tuple[str, str]] = field(default_factory=list)  # (Chinese name or alias, entity id)
    measures: list[tuple[str, str]] = field(default_factory=list)  # (id, zh label)
    zone: str | None = None
    types: dict[str, str] = field(default_factory=dict)  # entity id -> type
    covered: list[tuple[str, list[tuple[int, int]], list[str]]] = field(default_factory=list)  # fact, spans, raws


def vocabulary_of(factset, article: Article | None = None, source_id: str | None = None) -> Vocabulary:
    """The names and measures of a loaded facts file; with an article that is already one of its sources,
    where its curated facts quote it (so figures they already hold are not drafted again)."""
    vocab = Vocabulary()
    for entity in factset.entities:
        for name in (entity.zh, *entity.aliases):
            if re.search(f"[{HAN}]", name) and len(name) >= 2:
                vocab.names.append((name, entity.id))
        vocab.types[entity.id] = entity.type
        if entity.type == "zone" and vocab.zone is None:
            vocab.zone = entity.id
    vocab.names.sort(key=lambda pair: -len(pair[0]))
    vocab.measures = [(m.id, m.zh) for m in factset.measures]
    if article is not None and source_id is not None:
        from baotou_cli.data.fact_checks import cited_raws

        for fact in factset.facts:
            if fact.source.id == source_id:
                vocab.covered.append((fact.id, article.all_spans(fact.source.quote), cited_raws(fact)))
    return vocab


# Reading the article's layout ---------------------------------------------------------------------------

DATELINE_BYLINE = re.compile(r"[（(]((?:本报)?(?:特约)?(?:记者|通讯员)[^）()]{1,40})[）)]")


def header(text: str) -> tuple[str | None, str | None, int]:
    """The headline and byline as the first lines give them, and how many lines they take."""
    lines = [(no, line.strip()) for no, line in enumerate(text.splitlines()) if line.strip()][:4]
    headline = byline = None
    last = -1
    for no, line in lines:
        cleaned = re.sub(r"^[▶►■●◆★\-—·\s]+", "", line)
        if re.match(r"^(?:本报(?:特约)?(?:记者|通讯员)|特约通讯员|通讯员|记者)", cleaned):
            byline, last = cleaned, no
            break
        title_like = not PUNCTUATION.search(re.sub("[：“”]", "", cleaned)) or (
            len(line) <= 60 and not line.endswith(tuple(SENTENCE_END)))
        if headline is None and title_like:
            headline, last = line, no
        else:
            break
    if byline is None:  # a dateline's byline: 本报讯（记者 张三）, 新华社北京6月1日电（记者 李四 王五）
        found = DATELINE_BYLINE.search(text[:400])
        byline = found.group(1).strip() if found else None
    return headline, byline, last + 1


def paragraphs(text: str, skip_lines: int) -> tuple[list[Paragraph], list[tuple[int, str]]]:
    """The body's paragraphs, and the standalone short lines (headings, captions) with their offsets."""
    found: list[Paragraph] = []
    standalone: list[tuple[int, str]] = []
    current: Paragraph | None = None
    pending: list[tuple[int, str]] = []  # short lines met inside an open sentence: captions, if text follows
    offset = 0
    for no, line in enumerate(text.splitlines(keepends=True)):
        start = offset
        offset += len(line)
        stripped = line.strip()
        if no < skip_lines or not stripped:
            continue
        at = start + line.index(stripped[0])
        short = len(stripped) <= MAX_CAPTION_CHARS and not PUNCTUATION.search(stripped)
        if current is not None and not _closed(current.text):
            if short:
                pending.append((at, stripped))
                continue
            if pending:
                current.breaks.add(len(current.text))
                pending = []
            current.text += stripped
            current.offsets += range(at, at + len(stripped))
            continue
        standalone += pending
        pending = []
        if short:
            standalone.append((at, stripped))
            current = None
            continue
        current = Paragraph(stripped, list(range(at, at + len(stripped))))
        found.append(current)
    standalone += pending
    return found, standalone


def _closed(text: str) -> bool:
    return text.rstrip(_CLOSERS)[-1:] in OPEN_END


def _segments(text: str, ends: str) -> list[tuple[int, int]]:
    """(start, end) of each piece of `text` ending in one of `ends` (closing quotation marks kept with it)."""
    pieces, start, i = [], 0, 0
    while i < len(text):
        if text[i] in ends and not (text[i] == "," and text[i - 1:i].isdigit() and text[i + 1:i + 2].isdigit()):
            while i + 1 < len(text) and text[i + 1] in _CLOSERS:
                i += 1
            pieces.append((start, i + 1))
            start = i + 1
        i += 1
    if start < len(text):
        pieces.append((start, len(text)))
    return pieces


class Spans(list[tuple[int, int]]):
    """(start, end) pieces of a paragraph with their starts indexed: the piece around a position in log time."""

    def __init__(self, pieces: list[tuple[int, int]]) -> None:
        super().__init__(pieces)
        self.starts = [start for start, _ in pieces]

    def piece(self, at: int) -> tuple[int, int]:
        """The piece holding `at`, whole."""
        return self[max(bisect.bisect_right(self.starts, at) - 1, 0)]

    def around(self, at: int) -> tuple[int, int]:
        """The piece holding `at`, cut to LOOKBACK characters on either side: a "sentence" of thousands of
        characters without a full stop must not make each figure's reading cost the whole paragraph."""
        start, end = self.piece(at)
        return max(start, at - LOOKBACK), min(end, at + LOOKBACK)

    def between(self, start: int, end: int) -> list[tuple[int, int]]:
        """The pieces that start in [start, end)."""
        return self[bisect.bisect_left(self.starts, start):bisect.bisect_left(self.starts, end)]


# Reading one figure --------------------------------------------------------------------------------------

@dataclass
class Figure:
    start: int
    end: int
    raw: str
    value: object = None
    unit: str = "count"
    noun: str | None = None
    qualifiers: list[str] = field(default_factory=list)
    basis: str | None = None
    note: str | None = None


_CN_DIGITS = frozenset("零〇一二两三四五六七八九十百千万")


def _cut_number(text: str, start: int, end: int) -> str | None:
    """Why the number at text[start:end] is only a piece of what the article writes, or None: drafting a
    piece would change its value (1.2.3亿元 as 3亿元, 三点五亿元 as 5亿元, 百分之十二点五 as 12%) or its sign."""
    b1, b2 = text[start - 1:start], text[max(0, start - 2):max(0, start - 1)]
    a1, a2 = text[end:end + 1], text[end + 1:end + 2]
    if b1.isdigit() or (b1 in (".", ",", "．") and b2.isdigit()) or (a1 in (".", "．") and a2.isdigit()):
        return "part of a longer number (1.2.3, 1,2345): not one figure"
    if (b1 == "点" and (b2.isdigit() or b2 in _CN_DIGITS)) or (a1 == "点" and (a2.isdigit() or a2 in _CN_DIGITS)):
        return "a decimal in Chinese words (三点五): not read; write the figure by hand"
    if b1 == "负" or (b1 in ("-", "−", "－") and not (b2.isascii() and b2.isalnum())):
        return "a negative number (-5%, 负3%): the sign is not drafted; write the figure by hand"
    return None


def read_figure(match: re.Match, text: str) -> tuple[Figure | None, str, str]:
    """A figure, or None with a status and a reason: what `draft --report` says of a number it does not draft."""
    raw, start, end = match.group(), match.start(), match.end()
    unit_word = match["unit"] or match["rough_unit"] or ""
    prefix = match["prefix"]
    if prefix == "前" and unit_word not in ("名", "强"):  # 目前1,280亿元: 前 is not 前三名's
        raw, start, prefix = raw[1:], start + 1, None
    cut = _cut_number(text, start, end)
    if cut:
        return None, "not-understood", cut
    before, after = text[max(0, start - 1):start], text[end:end + 1]
    if re.match(r"[A-Za-z]", before) or re.match(r"[A-Za-z]", after) and not re.match(r"[GMk]W", text[end - 2:end]):
        return None, "not-a-figure", "part of a code or model name"
    if prefix == "第":
        return None, "not-a-figure", "an ordinal (第…): a name or a phase; cite it as a label"
    if unit_word in ("型",):
        return None, "not-a-figure", "a model number (…型): cite it as a label"
    if unit_word == "强":
        return None, "not-a-figure", "a ranking band or list name (…强): cite it as a label"
    if unit_word == "届":
        return None, "not-a-figure", "an edition of an event (…届): cite it as a label"
    if unit_word in FOREIGN_CURRENCIES:
        return None, "not-understood", f"an amount in {unit_word}: the facts file has no unit for it"
    if unit_word in DATE_UNITS:
        return None, "date", "a date or length of time"
    if unit_word == "成" and not re.fullmatch(r"[一二两三四五六七八九]|\d", match["num"] or ""):
        return None, "not-understood", "…成 after a number that is not one digit"
    if match["num"] and not match["num"][0].isdigit():
        if unit_word == "期" and not prefix:
            return None, "not-a-figure", "a phase (一期, 二期): record it as the fact's phase"
        if match["num"] == "一" and not match["mult"]:
            return None, "not-a-figure", "一 + counter reads as 'a', not a figure"
        if not unit_word and not match["mult"]:
            return None, "word", "a Chinese numeral with no unit after it: a word or a name (九原区, 百业旺)"
    if match["num"] and match["num"][0].isdigit() and not (unit_word or match["mult"] or match["dash"]) \
            and "/" not in match["num"]:
        if re.fullmatch(r"(?:19|20)\d\d", match["num"]):
            return None, "date", "a year (in a name: 2022中国包头·稀土产业论坛)"
        if re.match(r"[、.．)）]", after) and (start == 0 or text[start - 1] in "（(，。；：\n"):
            return None, "not-a-figure", "the number of an item in a list"
        return None, "not-understood", "no unit word after the number"
    if unit_word == "大":  # 四大主导产业: the count names its noun up to the next punctuation
        tail = COUNTED_NOUN.match(text[end:end + 10])
        if not tail:
            return None, "not-understood", "…大 without the noun it counts"
        end += tail.end()
        raw = text[start:end]
    figure = Figure(start, end, raw)
    try:
        read = read_raw(raw)
    except ValueError as exc:
        return None, "not-understood", str(exc)
    if prefix == "前":
        figure.unit, figure.value = "rank", _plain(read.value)
    else:
        figure.value = None if read.value is None else _plain(read.value)
        figure.unit = read.unit or "count"
    if figure.unit == "count":
        figure.noun = ENGLISH_NOUNS.get(unit_word)
    if match["dash"]:
        low, high = (read_raw(f"{n}{match['mult'] or ''}") for n in (match["num"], match["num2"]))
        figure.note = (f"a range, {format_decimal(low.value or Decimal(0))} to {format_decimal(high.value or Decimal(0))}; "
                       "the schema holds one value")
    if unit_word and unit_word not in ("元", "吨", "亩", "%", "％", "GW", "倍", "吨级", "大", "个百分点") \
            and figure.unit == "count" and read.unit is None:
        figure.note = _join(figure.note, f"unit word {unit_word!r}: say what is counted in `noun`")
    return figure, "drafted", ""


def _plain(number) -> int | float:
    """A Decimal as the facts file writes it: a whole number as int, else float."""
    if number == number.to_integral_value():
        return int(number)
    return float(number)


def _join(first: str | None, second: str) -> str:
    return f"{first}; {second}" if first else second


def qualify(figure: Figure, text: str, segment: tuple[int, int], clause: tuple[int, int]) -> None:
    """The qualifiers and basis the figure's own words give it."""
    qualifiers: list[str] = []
    before = text[segment[0]:figure.start]
    clause_before = text[clause[0]:figure.start]
    near_before, near_after = text[max(0, figure.start - 4):figure.start], text[figure.end:figure.end + 4]
    if figure.unit != "times" and (FLOOR_BEFORE.search(near_before) or FLOOR_AFTER.search(near_after)
                                   or re.search(r"(?:多|余)", figure.raw) or figure.raw.endswith("以上")):
        qualifiers.append("more-than")
    if figure.unit == "times" and GROWTH_BEFORE.search(before):  # 增长1倍 is twice the base, not once
        figure.note = _join(figure.note, "an increase by that many times (增长1倍 doubles: the base times one "
                                         "more); say so in the statement")
    fall = FALL_BEFORE.search(before)
    if fall:
        figure.note = _join(figure.note, f"a fall ({fall.group()}): the value is its size")
    if figure.value is None or ABOUT_BEFORE.search(near_before) or ABOUT_AFTER.search(near_after):
        qualifiers.append("about")
    hedges = list(HEDGE.finditer(before))
    hedge = hedges[-1] if hedges else None  # the nearest before the figure decides, as in `verify`
    readings = set(READINGS[hedge.lastgroup or ""]) if hedge else set()
    # 预计全年完成100亿元，其中已完成60亿元: what has been done, said after the hedge, is actual.
    done = [m for m in ACTUAL.finditer(before) if hedge is None or m.start() >= hedge.end()]
    if done:
        readings = set()
    if not readings and not done and PLANNED_MORE.search(before):
        readings.add("planned")
    if not readings and not done and EXPECTED_MORE.search(before):
        readings.add("expected")
    if NAMEPLATE.search(clause_before) and "项目" in text[figure.end:segment[1]]:
        readings.add("design")
    elif readings == {"expected"} and CAPACITY.search(clause_before):
        readings.add("design")  # a capacity once built is expected and design
    qualifiers += [q for q in CERTAINTY_QUALIFIERS if q in readings]
    for name, pattern in BASIS_BEFORE.items():
        if pattern.search(before):
            figure.basis = name
    other = OTHER_BASIS.search(before)
    if other and not figure.basis:
        figure.note = _join(figure.note, f"a change ({other.group()}): no basis drafted (the schema's bases are "
                                         "同比 year-on-year and 较去年 previous-year, read right before the figure)")
    if FIRST.search(clause_before):
        qualifiers.append("first")
    if CUMULATIVE.search(clause_before):
        qualifiers.append("cumulative")
    if RECORD.search(text[clause[0]:clause[1]]):
        qualifiers.append("record")
    figure.qualifiers = qualifiers


# The whole article -----------------------------------------------------------------------------------------

def draft_article(text: str, data: bytes, *, source_id: str, path: str, vocab: Vocabulary) -> Draft:
    """Draft facts for every figure of an article, and say what became of every number in it."""
    headline, byline, header_lines = header(text)
    source = {"id": source_id, "path": path, "sha256": hashlib.sha256(data).hexdigest(),
              "headline_zh": headline, "headline_en": None, "byline_zh": byline, "byline_en": None,
              "written": None}
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    article = Article(text) if vocab.covered else None
    squeezed_at = {orig: i for i, orig in enumerate(article.original_offsets)} if article else {}

    def line_of(offset: int) -> int:
        return bisect.bisect_right(line_starts, offset)

    drafter = _Drafter(source_id, vocab, line_of)
    paras, standalone = paragraphs(text, header_lines)
    for at, line_text in standalone:
        for match in FIGURE.finditer(line_text):
            if match.group():
                drafter.mentions.append(Mention(match.group(), line_of(at), "not-a-figure",
                                                "in a heading, photo caption or credit line"))
    context_year = None
    for para in paras:
        context_year = drafter.paragraph(para, context_year, article, squeezed_at)
    drafter.account_for_all(text, header_lines, line_of)
    return Draft(source, drafter.facts, drafter.new_entities, sorted(drafter.mentions, key=lambda m: m.line))


class _Drafter:
    def __init__(self, source_id: str, vocab: Vocabulary, line_of) -> None:
        self.source_id, self.vocab, self.line_of = source_id, vocab, line_of
        self.facts: list[dict] = []
        self.new_entities: list[dict] = []
        self.mentions: list[Mention] = []
        self.seen_clauses: dict[str, int] = {}
        self.seen_paragraphs: dict[str, int] = {}
        self.years: Counter[int] = Counter()  # years named in the paragraphs drafted so far
        self.seen_mentions: dict[str, int] = {}  # a figure with its words around it: the same mention repeated
        self.names = re.compile("|".join(re.escape(n) for n, _ in vocab.names)) if vocab.names else None
        self.name_ids = dict(vocab.names)
        self.measure_grams = [(mid, zh, set(zh)) for mid, zh in vocab.measures]

    # one paragraph
    def paragraph(self, para: Paragraph, context_year: int | None, article, squeezed_at) -> int | None:
        text = para.text
        whole = squeeze(text)
        if len(whole) >= 12 and whole in self.seen_paragraphs:  # a paragraph printed twice
            for match in FIGURE.finditer(text):
                if match.group() and not read_figure(match, text)[2].startswith("一 + counter"):
                    self._mention(match.group(), para.offsets[match.start()], "repeated",
                                  f"the paragraph repeats the one at line {self.seen_paragraphs[whole]}")
            return context_year
        self.seen_paragraphs[whole] = self.line_of(para.offsets[0])
        self._new_names(text)  # every unknown company or body gets a stub, named in a figure's fact or not
        sentences = Spans(_segments(text, SENTENCE_END))
        segments = Spans(_segments(text, SEGMENT_END))
        clauses = Spans(_segments(text, CLAUSE_END))
        self.clauses, self.sentences = clauses, sentences  # of the paragraph being drafted
        lead = self._time_in(text, sentences[0][0], sentences[0][1], stop=self._first_figure(text)) if sentences \
            else None
        names = [(m.start(), m.end(), self.name_ids[m.group()]) for m in self.names.finditer(text)] if self.names else []
        groups: list[dict] = []  # one per fact: clause span, figures
        for clause in clauses:
            clause_text = text[clause[0]:clause[1]]
            key = squeeze(clause_text.rstrip(CLAUSE_END))
            figures = []
            for match in FIGURE.finditer(text, clause[0], clause[1]):
                if not match.group() or POLITICAL_NAME.match(text, match.start()):
                    if match.group():
                        self._mention(match.group(), para.offsets[match.start()], "not-a-figure",
                                      "the name of a party congress (二十大)")
                    continue
                if self._in_quoted_slogan(text, match.start(), match.end()):
                    self._mention(match.group(), para.offsets[match.start()], "not-a-figure",
                                  "a slogan in quotation marks, not a figure")
                    continue
                figure, status, why = read_figure(match, text)
                line = self.line_of(para.offsets[match.start()])
                if figure is None and (why.startswith("一 + counter") or status == "word"):
                    continue  # 一个, 一大批, 九原区: words, not numbers (verify does not count them either)
                if figure is None:
                    if self._time_at(text, match.start()):
                        status, why = "date", "a period or as-of date"
                    self._mention(match.group(), para.offsets[match.start()], status, why)
                    continue
                if len(key) >= 12 and key in self.seen_clauses:
                    self._mention(figure.raw, para.offsets[figure.start], "repeated",
                                  f"the same clause stands at line {self.seen_clauses[key]}: one statement, not two")
                    continue
                covered = self._covered_by(figure, para, squeezed_at)
                if covered:
                    self._mention(figure.raw, para.offsets[figure.start], "covered", "", covered)
                    continue
                context = squeeze(text[max(clause[0], figure.start - 2):figure.end + 6])
                if len(context) >= len(figure.raw) + 6 and context in self.seen_mentions:
                    self._mention(figure.raw, para.offsets[figure.start], "repeated",
                                  f"the same words stand at line {self.seen_mentions[context]}: one figure, "
                                  "cite it there as a label")
                    continue
                self.seen_mentions[context] = line
                qualify(figure, text, segments.around(figure.start), clause)
                figures.append(figure)
            if len(key) >= 12:
                self.seen_clauses.setdefault(key, self.line_of(para.offsets[clause[0]]))
            if not figures:
                self._record_back(text, clause, groups)
                continue
            changes_only = all(f.basis or (f.unit in ("%", "ratio") and re.search("占|比重", text[clause[0]:f.start]))
                               for f in figures)
            if changes_only and groups and groups[-1]["sentence_id"] == sentences.piece(clause[0]):
                groups[-1]["figures"] += figures
                groups[-1]["end"] = clause[1]
            else:
                groups.append({"start": clause[0], "end": clause[1], "figures": figures,
                               "sentence": sentences.around(clause[0]), "sentence_id": sentences.piece(clause[0])})
        years_here = [(m.start(), int(m.group(1))) for m in YEAR.finditer(text)]
        seen_here: Counter[int] = Counter()
        index = 0
        for group in groups:  # in the paragraph's order: the years before each, counted as they come
            while index < len(years_here) and years_here[index][0] < group["start"]:
                seen_here[years_here[index][1]] += 1
                index += 1
            self._fact(para, group, lead, names, self._context_year(seen_here))
        self.years.update(year for _, year in years_here)
        return context_year

    def _record_back(self, text: str, clause: tuple[int, int], groups: list[dict]) -> None:
        """创历史最高 / 均为历史最高 in a clause of its own: the record of the figures just before it (均: all of
        the sentence's, back to a 其中 that lists them)."""
        words = text[clause[0]:clause[1]]
        if not RECORD.search(words) or not groups:
            return
        sentence = self.sentences.around(clause[0])
        chosen = [groups[-1]] if groups[-1]["end"] == clause[0] else []
        if chosen and "均" in words:
            chosen = []
            for group in reversed(groups):
                if group["start"] < sentence[0]:
                    break
                chosen.append(group)
                if text[group["start"]:group["start"] + 2] == "其中":
                    break
        for group in chosen:
            for figure in group["figures"]:
                if "record" not in figure.qualifiers:
                    figure.qualifiers.append("record")

    def _first_figure(self, text: str) -> int:
        for match in FIGURE.finditer(text):
            if match.group() and read_figure(match, text)[0] is not None:
                return match.start()
        return len(text)

    def _in_quoted_slogan(self, text: str, start: int, end: int) -> bool:
        """“五个牢牢把握”, “六最”, “两新”: a number that opens a short phrase in quotation marks."""
        if start == 0 or text[start - 1] not in "“‘「":
            return False
        close = re.search("[”’」]", text[end:end + 12])
        return bool(close) and not re.match(r"\d", text[start])

    def _context_year(self, here: Counter[int]) -> int | None:
        """The year the article writes of: the one it names most often up to here (a target year such as
        到2025年 or a base year such as 较2020年 is named once), the first one met on a tie (the article's lead usually dates it)."""
        years = self.years.copy()
        years.update(here)
        first = {year: index for index, year in enumerate(years)}  # Counter keeps the order years were met
        return max(years, key=lambda year: (years[year], -first[year])) if years else None

    def _time_in(self, text: str, start: int, end: int, stop: int | None = None) -> tuple[str, int, str] | None:
        """The first as-of or period phrase in text[start:end] (before `stop`): (kind, position, raw)."""
        limit = min(end, stop) if stop is not None else end
        found = []
        for kind, pattern in (("as_of", AS_OF), ("period", PERIOD)):
            match = pattern.search(text, start, limit)
            if match:
                found.append((match.start(), kind, match.group()))
        if not found:
            return None
        position, kind, raw = min(found)
        return kind, position, raw

    def _time_at(self, text: str, at: int) -> bool:
        return any(m.start() <= at < m.end() for p in (AS_OF, PERIOD)
                   for m in p.finditer(text, max(0, at - 12), min(len(text), at + 14)))

    def _covered_by(self, figure: Figure, para: Paragraph, squeezed_at) -> str | None:
        if not self.vocab.covered:
            return None
        at = squeezed_at.get(para.offsets[figure.start])
        raw = squeeze(figure.raw)
        for fact_id, spans, raws in self.vocab.covered:
            if any(start <= at < end for start, end in spans) and any(raw in r or r in raw for r in raws):
                return fact_id
        return None

    def _mention(self, raw: str, offset: int, status: str, why: str = "", fact_id: str | None = None) -> None:
        self.mentions.append(Mention(raw, self.line_of(offset), status, why, fact_id))

    # one draft fact
    def _fact(self, para: Paragraph, group: dict, lead, names, context_year: int | None) -> None:
        text = para.text
        start, end = group["start"], group["end"]
        sentence = group["sentence"]
        notes: list[str] = []
        own = self._time_in(text, start, end)
        time = own
        pieces = [(start, end)]
        if time is None:  # a lead-in of the sentence: its first clause, or a clause that is only a time
            for clause in reversed(self.clauses.between(sentence[0], start)):
                found = self._time_in(text, *clause)
                bare = found and len(squeeze(text[clause[0]:clause[1]]).strip("，；,;：:“")) - len(found[2]) <= 2
                if found and (bare or clause[0] == sentence[0]):
                    time, pieces = found, [clause, (start, end)]
                    break
        if time is None and lead is not None and lead[1] < start and start - lead[1] <= MAX_LEAD_GAP \
                and not OWN_TIME.search(text, sentence[0], end):
            time = lead
            lead_end = lead[1] + len(lead[2])
            pieces = [(lead[1], lead_end), (start, end)]
            notes.append(f"time from the paragraph's lead ({lead[2]}): check it applies")
        if any(f.qualifiers and "project-total" in f.qualifiers for f in group["figures"]) and time is None:
            build = BUILD_PERIOD.search(text, sentence[0], sentence[1])
            if build:
                time = self._time_in(text, build.end(), sentence[1])
                if time:
                    pieces = [(start, end), (time[1], time[1] + len(time[2]))]
                    notes.append(f"period of the total investment from {text[build.start():time[1] + len(time[2])]}")
        period = as_of = None
        if time is not None:
            period, as_of, why = _read_time(time, context_year)
            if why:
                notes.append(why)
        quote = self._quote(para, pieces)
        zh = "…".join(text[s:e].rstrip("，；,;：:") for s, e in _merge(pieces))
        subject, entities = self._subjects(text, group, names)
        fact_id = f"{self.source_id}-draft-{len(self.facts) + 1:03d}"
        quantities = []
        measures: list[tuple[Figure, str | None]] = []
        previous_end = start
        for figure in group["figures"]:
            if figure.basis:  # a change is of the figure before it that is not itself a share or rate
                whole = [m for f, m in measures if f.unit not in ("%", "ratio")]
                measure = (whole or [m for _, m in measures] or [None])[-1]
            else:
                after = PUNCTUATION.search(text, figure.end, figure.end + 4)  # 560台单晶炉: its noun follows
                measure = self._measure(text[max(start, previous_end):after.start() if after else
                                             min(end, figure.end + 4)])
                measures.append((figure, measure))
            previous_end = figure.end
            hectares = round(figure.value / 15, 2) if figure.unit == "mu" and figure.value is not None else None
            quantities.append({  # every field of a quantity, in the model's order: a stable --json record
                "measure": measure, "raw": figure.raw, "value": figure.value, "unit": figure.unit,
                "qualifiers": figure.qualifiers, "noun": figure.noun, "basis": figure.basis, "hectares": hectares,
                "subject": _counted(figure, names) or subject})
            if figure.note:
                notes.append(f"{figure.raw}: {figure.note}")
            self._mention(figure.raw, para.offsets[figure.start], "drafted", "", fact_id)
        self.facts.append({
            "id": fact_id, "draft": True, "topic": _topic(text[sentence[0]:sentence[1]]), "kind": "metric",
            "zh": zh, "en": None, "quantities": quantities, "period": period, "as_of": as_of, "status": None,
            "phase": None, "entities": entities, "industries": [], "speaker": None, "labels": [],
            "note": "; ".join(notes) or None, "headline": None, "source": {"id": self.source_id, "quote": quote},
        })

    def _quote(self, para: Paragraph, pieces: list[tuple[int, int]]) -> str:
        """The pieces verbatim, joined with '…' where they are apart or a caption stands inside them."""
        parts = []
        for start, end in _merge(pieces):
            cuts = [start] + sorted(b for b in para.breaks if start < b < end) + [end]
            parts += [para.text[a:b].rstrip("，；,;：:") for a, b in zip(cuts, cuts[1:], strict=False) if para.text[a:b].strip()]
        return "…".join(p for p in parts if p)

    def _subjects(self, text: str, group: dict, names) -> tuple[str | None, list[str]]:
        """The entity named nearest before the figures (in the sentence, else the paragraph), and every entity the
        clause names; unknown companies and bodies become draft stubs."""
        start, end = group["start"], group["end"]
        first = group["figures"][0].start
        near = names[bisect.bisect_left(names, (first - LOOKBACK,)):bisect.bisect_left(names, (end,))]
        in_clause = [eid for s, e, eid in near if start <= s < end]
        before = [eid for s, e, eid in near if s < first]
        in_sentence = [eid for s, e, eid in near if group["sentence"][0] <= s < first]
        after = [eid for s, e, eid in near if first <= s < end]
        new = self._new_names(text[group["sentence"][0]:end])
        anaphor = self.vocab.zone if self.vocab.zone in before and re.search(
            r"该(?:高新)?区|该园区|全区", text[group["sentence"][0]:first]) else None
        candidates = (_counted(group["figures"][0], names), _nearest(in_sentence, self.vocab.types),
                      new[-1] if new else None, after[0] if after else None, anaphor,
                      _nearest(before, self.vocab.types))
        subject = next((c for c in candidates if c), None)
        entities = list(dict.fromkeys([*in_clause, *new, *([subject] if subject else []),
                                       *filter(None, (_counted(f, names) for f in group["figures"]))]))
        return subject, entities

    def _new_names(self, text: str) -> list[str]:
        ids = []
        for pattern, kind in ((COMPANY, "company"), (BODY, "body")):
            for match in pattern.finditer(text):
                name = NAME_LEAD.sub("", match.group())
                if len(name) < 3 or (kind == "body" and NOT_BODY.search(name)):
                    continue
                if any(name == known for known, _ in self.vocab.names):
                    continue
                known = next((e for e in self.new_entities if e["zh"] == name), None)
                if known is None:
                    known = {"id": f"{self.source_id}-entity-{len(self.new_entities) + 1:02d}", "draft": True,
                             "type": kind, "zh": name, "en": None,
                             "note": "draft: a name the facts file does not know; check it, its type and its "
                                     "English name"}
                    self.new_entities.append(known)
                ids.append(known["id"])
        return ids

    def _measure(self, words: str) -> str | None:
        """The declared measure whose Chinese label the figure's words spell most of (in order), if any does
        at least half of and three characters of."""
        chars = set(words)
        best, best_score = None, (0, 0.0)
        for measure_id, zh, zh_chars in self.measure_grams:
            shared = chars & zh_chars
            if len(shared) < 3:
                continue
            label = "".join(c for c in zh if c in shared)  # only shared characters can be in common
            if len(label) < best_score[0]:
                continue
            if not _shares_a_run(zh, words):
                continue
            length = _common_subsequence(label, "".join(c for c in words if c in shared))
            score = (length, length / len(zh))
            if length >= 3 and score[1] >= 0.4 and score > best_score:
                best, best_score = measure_id, score
        return best

    # nothing silently skipped
    def account_for_all(self, text: str, header_lines: int, line_of) -> None:
        """Every number `verify` counts (Arabic numerals, Chinese number words) has a line in the report."""
        reported: set[tuple[int, str]] = set()  # (line, every piece of a reported raw): 2022年1-8月 reports 2022, 1 and 8
        for mention in self.mentions:
            raw = squeeze(mention.raw)[:40]
            reported.update((mention.line, raw[i:j]) for i in range(len(raw)) for j in range(i + 1, len(raw) + 1))
        squeezed, offsets = _squeezed(text)
        for pattern in (ARABIC_NUMBER, CHINESE_NUMBER):
            for match in pattern.finditer(squeezed):
                line = line_of(offsets[match.start()])
                if (line, match.group()) in reported:
                    continue
                status, why = ("not-a-figure", "in the headline or byline") if line <= header_lines else \
                    ("not-understood", "a number the drafter found no figure in")
                self.mentions.append(Mention(match.group(), line, status, why))


def _counted(figure: Figure, names: list[tuple[int, int, str]]) -> str | None:
    """The entity named right after a count (8期脱产培训班: the classes): what the figure counts."""
    index = bisect.bisect_left(names, (figure.end,))
    return next((eid for start, _, eid in names[index:index + 2] if start <= figure.end + 1), None)


def _nearest(ids: list[str], types: dict[str, str]) -> str | None:
    """The last of the ids that names something figures belong to (a company, project, zone), else the last."""
    owners = [i for i in ids if types.get(i) in ("company", "group", "project", "zone", "project-group", "body")]
    chosen = owners or ids
    return chosen[-1] if chosen else None


def _squeezed(text: str) -> tuple[str, list[int]]:
    """The text without whitespace and each character's offset in the original (as quote_matching.Article has
    them, built a run of characters at a time rather than one character at a time: see docs/performance.md)."""
    runs = list(re.finditer(r"\S+", text))
    offsets: list[int] = []
    for run in runs:
        offsets.extend(range(run.start(), run.end()))
    return "".join(run.group() for run in runs), offsets


def _merge(pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(pieces):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _read_time(time: tuple[str, int, str], context_year: int | None) -> tuple[dict | None, dict | None, str | None]:
    kind, _, raw = time
    try:
        if kind == "as_of":
            date, needs = read_as_of(raw, context_year)
            return None, {"raw": raw, "date": date, "context_year": context_year if needs else None}, \
                (f"year {context_year} inferred from the article for {raw}" if needs else None)
        start, end, needs = read_period(raw, context_year)
        return {"raw": raw, "start": start, "end": end, "context_year": context_year if needs else None}, None, \
            (f"year {context_year} inferred from the article for {raw}" if needs else None)
    except ValueError as exc:
        return None, None, f"time {raw!r} not read: {exc}"


def _topic(sentence: str) -> str:
    scores = [(len(re.findall(pattern, sentence)), -index, topic) for index, (topic, pattern) in enumerate(TOPIC_WORDS)]
    best = max(scores)
    return best[2] if best[0] else "overview"


def _shares_a_run(label: str, words: str) -> bool:
    """Whether the words hold four of the label's characters together (计划投资), or the last three, its head
    noun (单晶炉 of 运转中的单晶炉): not only scattered ones (稀土…材料…产)."""
    return label[-3:] in words or any(label[i:i + 4] in words for i in range(len(label) - 3))


def _common_subsequence(a: str, b: str) -> int:
    """How many characters of `a` appear in `b` in the same order (longest common subsequence)."""
    previous = [0] * (len(b) + 1)
    for char in a:
        current = [0]
        for j, other in enumerate(b, start=1):
            current.append(previous[j - 1] + 1 if char == other else max(previous[j], current[j - 1]))
        previous = current
    return previous[-1]


def source_id_for(stem: str) -> str:
    """A slug from the article's file name (000_9b0c… -> 000-9b0c…), or 'article' when it has no Latin letters."""
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return slug or "article"
