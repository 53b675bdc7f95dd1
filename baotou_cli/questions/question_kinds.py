"""Questions as people type them: the words that carry no meaning for a lookup, and what kind of answer a
question asks for (a figure, a person, a date, companies), which shapes the ranking (data/search_index.py).

Nothing here knows the facts: the lists are of English and Chinese question and function words.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from baotou_cli.data.characters import HAN
from baotou_cli.data.model import Fact, Quantity

# English words that say nothing about what is looked for (question words, articles, auxiliaries,
# prepositions, pronouns). Kept when they belong to a known phrase ("year on year", "one third").
STOP_WORDS = frozenset(re.findall(r"\S+", """
a an the of in on at to for by with from into about as than and or but not no nor so
what what's whats which who whom whose when where why how
is are was were be been being am do does did doing done have has had having will would shall should can could
may might must there here this that these those it its it's they them their we our us you your i me my he his
she her one ones any some much many more most number amount
tell show give given find know please list get got make makes made take taken come came happen happened
hold holds held took occur occurs occurred
s
"""))
# The kind of record a "which" question names (which companies, 哪些企业): the ranking favours those records
# (BOOSTS), so the word itself is not looked for.
WHICH_WORDS = frozenset({"company", "companies", "firm", "firms", "enterprise", "enterprises", "business",
                         "businesses"})
WHICH_HAN = ("企业", "公司")

# Chinese function and question words, longest first (a run is cut at the first that fits). Words of the
# data (their synonyms, names and measures) are cut out of a run before these are looked for; a word of one
# character is dropped only where it cannot be part of a word (search_index._segment).
STOP_HAN = tuple(sorted(re.findall(r"\S+", """
的 了 是 有 吗 呢 吧 啊 呀 么 嘛 多少 什么 哪些 哪个 哪家 哪几家 哪里 哪儿 哪 几 几个 怎么 怎样 怎么样 如何 为什么
谁 什么时候 何时 哪年 哪一年 请问 一下 告诉 我 我们 你 你们 能 会 可以 个 共 一共 总共 都 还 也 将 被 把 对 在 从
到底 现在 目前 多大 多高 多久 情况 关于 给 让 要
"""), key=len, reverse=True))


class Question(NamedTuple):
    kind: str | None  # "quantity", "who", "when", "which", or None (not a question of these kinds)
    lang: str  # "zh" when the question has Chinese characters, else "en"


# Tried in this order: "哪几家" asks which, "几月" asks when, before 几 asks how many.
KIND_PATTERNS = (
    ("who", re.compile(r"\bwho(?:m|se)?\b|\bwhich (?:official|person|people|manager|director|reporter)|谁|哪位")),
    ("when", re.compile(r"\bwhen\b|\b(?:what|which) (?:year|month|date|time)\b|什么时候|何时|哪年|哪一年|几月|"
                        r"什么时间|哪天|哪一天")),
    ("which", re.compile(r"\b(?:which|what) (?:compan|firm|enterprise|project|business|maker|manufacturer|"
                         r"investor|plant|factor|product|group)|哪些(?:企业|公司|项目|厂)|哪家|哪几家|哪个项目|"
                         r"什么(?:企业|公司|项目)")),
    ("quantity", re.compile(r"\bhow (?:much|many|big|large|high|fast)\b|\bwhat(?:'s| is| was| are| were)? (?:the )?"
                            r"(?:total|share|percentage|proportion|amount|number|value|rate|size|capacity|output|"
                            r"revenue|investment|growth)\b|多少|几|多大|多高|多快|占比|比例|规模")),
)

# How much each kind of question favours what a record is (search_index.RANK_FLAGS): flag -> factor.
BOOSTS = {
    "quantity": {"figures": 2.0, "metric": 1.3, "entity": 0.5},
    "who": {"person": 2.5},
    "when": {"dated": 1.6, "entity": 0.6},
    "which": {"company": 1.8},
    "which-project": {"project": 1.8},
}


_HAN = re.compile(f"[{HAN}]+")


def question(text: str) -> Question:
    """What kind of answer `text` asks for, and its language."""
    folded = " ".join(text.casefold().split())
    kind = next((name for name, pattern in KIND_PATTERNS if pattern.search(folded)), None)
    return Question(kind, "zh" if _HAN.search(text) else "en")


# "which projects", "哪些项目": projects and products answer it, where "which companies" asks for companies.
WHICH_PROJECT = re.compile(r"\b(?:project|plant|factor|product)|项目|产品")

# A question about what is to come (will, expected, 预计) favours facts whose figures are all forecasts.
FUTURE = re.compile(r"\b(?:will|expect(?:ed|s)?|forecast|plan(?:ned|s)?|going to|target)\b|预计|将|计划|有望|目标|将要")
FUTURE_BOOST = {"forecast": 1.5}


def boosts(text: str) -> dict[str, float]:
    """How much the kind and tense of a question favour what a record is (search_index.RANK_FLAGS)."""
    kind = question(text).kind
    if kind == "which" and WHICH_PROJECT.search(text.casefold()):
        kind = "which-project"
    found = dict(BOOSTS.get(kind, {})) if kind else {}
    if FUTURE.search(" ".join(text.casefold().split())):
        found.update(FUTURE_BOOST)
    return found


# "how big", "how high": the adjective only says a figure is asked for (the kind says so already).
HOW_ADJECTIVE = re.compile(r"\bhow\s+(?:big|large|high|long|fast|far|old|much|many)\b", re.IGNORECASE)


# "this year", 今年: the reader's year, which the article does not name (it says 2022); looked for, it would
# keep out the facts that say "since the start of 2022" and let in any that says "full year".
THIS_YEAR = re.compile(r"\b(?:this|the current)\s+year(?:'s)?(?![\w-])|今年|本年度?", re.IGNORECASE)


def lookup_text(text: str) -> str:
    """The part of a question that is looked up: `text` without "how big", "this year" and the like."""
    looked_up = THIS_YEAR.sub(" ", HOW_ADJECTIVE.sub(" ", text))
    return looked_up if any(char.isalnum() for char in looked_up) else text  # "how much?": not just "?"


def stop_words(text: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """The English and Chinese words not looked for in this question (search_index.parse's stop lists)."""
    if question(text).kind == "which":
        return STOP_WORDS | WHICH_WORDS, tuple(sorted((*STOP_HAN, *WHICH_HAN), key=len, reverse=True))
    return STOP_WORDS, STOP_HAN


# `baotou ask`: the best fact first, then the next ones ---------------------------------------------------

SEE_ALSO = 4  # facts listed after the answer when no --limit is given
SEE_ALSO_SHARE = 0.15  # a fact to see also scores at least this share of the best


# When the article itself came out: no fact can answer it (the text names neither newspaper nor date), and
# the facts that mention "article" or a date would answer something else.
ARTICLE_DATE = re.compile(r"\b(?:publish\w*|publication|print(?:ed)?)\b|\breport\b.*\bwritten\b|\b(?:article|story|piece)\b.*"
                          r"\b(?:date[ds]?|when|written|year)\b|\b(?:date[ds]?|when)\b.*\b(?:article|story|piece)\b|"
                          r"(?:发表|刊发|刊登|刊出|见报|出版|发布).*(?:时间|日期|什么时候|何时|哪天|哪年)|"
                          r"(?:时间|日期|什么时候|何时|哪天|哪年).*(?:发表|刊发|刊登|刊出|见报|出版|发布)|"
                          r"(?:文章|报道|稿件).*(?:日期|哪天|哪年|什么时候|何时)", re.IGNORECASE)


def unanswerable(factset, text: str) -> list[tuple[str, str]] | None:
    """When `text` asks what the article does not say (its date), what the sources say instead: (source id,
    when it was written) for each that says so, maybe none. None when `text` asks something else."""
    if not ARTICLE_DATE.search(" ".join(text.split())):
        return None
    return [(source.id, source.written) for source in factset.sources if source.written]


def only_question_words(text: str) -> bool:
    """True when `text` has nothing but question and function words (who, how much?, 是什么, 的)."""
    folded = lookup_text(text).casefold()
    han = "".join(_HAN.findall(folded))
    for word in STOP_HAN:
        han = han.replace(word, "")
    return not han and all(word in STOP_WORDS for word in re.findall(r"[^\W_]+", _HAN.sub(" ", folded)))


def ask(factset, text: str, limit: int | None = None) -> list[dict]:
    """Facts answering `text`, best first: the first is the answer (role "answer"), the rest "see-also". Each
    with its figures (metric rows), quote and where the quote stands (`citation`: quote_location.citation).
    An empty list when nothing matches. Raises QueryError for text with nothing to look up."""
    return _ask(factset, text, limit, unanswerable(factset, text), question(text))


def _ask(factset, text: str, limit: int | None, undated: list[tuple[str, str]] | None, asked: Question) -> list[dict]:
    """ask(), given `text`'s unanswerable() and question(), which answer() needs again."""
    from baotou_cli.questions.quote_location import citations
    from baotou_cli.questions.queries import metric_rows
    from baotou_cli.questions.search import fact_hits, mentions, unmatched

    if only_question_words(text):  # searched for after all, 'who' or 的 would answer with any fact
        from baotou_cli.errors import QueryError

        raise QueryError(f"nothing to ask in {' '.join(text.split())[:40]!r}: only question words; say what you "
                         "want to know (e.g. 'how much magnet capacity', '稀土永磁产能多少')")
    if undated:
        return []
    wanted = SEE_ALSO + 1 if limit is None else limit
    hits, patterns, words = fact_hits(factset, text, wanted)
    facts = factset.at([hit.position for hit in hits])
    # The words a partial match leaves out: what the facts may say nothing about. Among partial matches the
    # fact that holds the most of the question's words (anywhere in it) answers: 'how fast did industrial
    # investment grow' is the +33.2% of industrial investment, not a figureless line on output growing fast.
    missing = [unmatched(factset, fact, words, patterns) if hit.partial else [] for hit, fact in zip(hits, facts, strict=True)]
    if hits and hits[0].partial:
        order = sorted(range(len(hits)), key=lambda i: len(missing[i]))  # stable: the search's order within
        hits, facts, missing = [hits[i] for i in order], [facts[i] for i in order], [missing[i] for i in order]
    # See also: the next facts, down to a share of the best score (an any-word match of one common word is
    # not worth reading).
    best = max((hit.score for hit in hits), default=0.0)
    kept = [0, *(i for i in range(1, len(hits)) if hits[i].score >= SEE_ALSO_SHARE * best)][:len(hits)]
    hits, facts, missing = [hits[i] for i in kept], [facts[i] for i in kept], [missing[i] for i in kept]

    def figures(fact) -> list[dict]:
        """The fact's figures, those whose measure or noun the question names first (jobs before sales)."""
        rows = metric_rows([fact])
        measures = factset.measure_by_id
        return sorted(rows, key=lambda row: -mentions(" ".join(filter(None, (
            getattr(measures.get(row["measure"]), "en", row["measure"]),
            getattr(measures.get(row["measure"]), "zh", ""), row["noun"]))), patterns))

    return [{
        "rank": rank, "role": "answer" if rank == 1 else "see-also", "id": fact.id, "question_kind": asked.kind,
        "lang": asked.lang, "partial": hit.partial, "unmatched": left_out, "score": round(hit.score, 4),
        "en": fact.en, "zh": fact.zh, "figures": figures(fact), "quote": fact.source.quote, "citation": cited,
    } for rank, (hit, fact, left_out, cited) in enumerate(
        zip(hits, facts, missing, citations(factset, facts), strict=True), start=1)]


def closest(factset, text: str, n: int = 5) -> list[str]:
    """Words and topics the facts know that are nearest to `text` (for "nothing found")."""
    from baotou_cli.data import search_index
    from baotou_cli.data.vocabularies import TOPIC_TERMS

    words = search_index.known_words(factset.full_text(), " ".join(
        word for word in text.casefold().split() if word.strip("?？!.,") not in STOP_WORDS), n)
    return words or [term.en for term in TOPIC_TERMS if term.slug not in ("metadata", "photo")]


class Asked(NamedTuple):
    """`ask`'s answer records, and what an answer without any needs to say why."""

    rows: list[dict]  # ask(): the answer, then the facts to see also; empty when nothing answers
    text: str  # the question
    lang: str  # the answer's language: the one asked for, else the question's
    near: list[str]  # with no rows: words and topics the facts know that are nearest to the question's
    # With no rows, when it asks the article's date (no fact can answer that): when each source that says so
    # was written, (id, written); else None.
    undated: list[tuple[str, str]] | None
    # The answer's figures that another article gives differently (data/sources.py): an answer read alone must
    # not hide that the sources disagree. Each (the answer's figure, the other fact, its figure).
    conflicts: list[tuple[Quantity, Fact, Quantity]]


def answer(factset, text: str, limit: int | None = None, lang: str | None = None) -> Asked:
    """The facts answering `text` (see ask), in `lang` or the question's language; with none, why not."""
    undated, asked = unanswerable(factset, text), question(text)
    rows = _ask(factset, text, limit, undated, asked)
    return Asked(rows, text, lang or asked.lang, near=[] if rows else closest(factset, text),
                 undated=None if rows else undated, conflicts=_conflicts(factset, rows))


def _conflicts(factset, rows: list[dict]) -> list[tuple[Quantity, Fact, Quantity]]:
    """The conflicts of the answer's figures (the first row's), as Asked.conflicts holds them."""
    from baotou_cli.data.sources import conflicts_of

    fact = factset.fact(rows[0]["id"]) if rows else None
    return [(quantity, other, theirs) for (_, quantity), (other, theirs) in
            (conflicts_of(factset, fact) if fact is not None else [])]
