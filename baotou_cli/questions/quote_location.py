"""Where a fact stands in its article: its sentence, paragraph and section, and a citation ready to paste."""

from __future__ import annotations

import re
from dataclasses import dataclass

from baotou_cli.questions import records
from baotou_cli.questions.records import fields
from baotou_cli.errors import FactsError
from baotou_cli.data.characters import SENTENCE_END
from baotou_cli.data.model import Fact, FactSet
from baotou_cli.data.quote_matching import Article, squeeze

# "Section heading in the article on ...: "Title"" -> Title
_HEADING_PREFIX = re.compile(r"^(?:section heading|heading|headline)[^:]*:\s*", re.I)
# One declaration (questions/records.py); citation_* are worded in render/citation.py from the rest of the record.
CITE_FIELDS = fields(records.Citation)


@dataclass
class Place:
    start: int  # offsets of the quote in the article's original text
    end: int
    line: int
    sentence: str
    paragraph: str


def _is_paragraph_break(text: str, at: int) -> bool:
    """A blank line ends a paragraph after a finished sentence or a short line of its own (a heading,
    byline or caption), not inside a sentence: the article breaks lines mid-sentence."""
    before = text[:at].rstrip()
    if not before or before[-1] in SENTENCE_END + "”":
        return True
    line = before[before.rfind("\n") + 1:]
    return len(line) <= 30 and not any(mark in line for mark in "，；。")


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = start
    while (boundary := text.rfind("\n\n", 0, left)) != -1:
        left = boundary
        if _is_paragraph_break(text, boundary):
            left = boundary + 2
            break
    else:
        left = 0
    right = end
    while (boundary := text.find("\n\n", right)) != -1:
        right = boundary + 2
        if _is_paragraph_break(text, boundary):
            right = boundary
            break
    else:
        right = len(text)
    return left, right


def sentence_bounds(text: str, start: int, end: int, left: int, right: int) -> tuple[int, int]:
    """The whole sentences around text[start:end], within its paragraph [left, right)."""
    begin = max((text.rfind(mark, left, start) for mark in SENTENCE_END), default=-1)
    begin = left if begin < left else begin + 1
    finish = min((i for i in (text.find(mark, max(end - 1, left), right) for mark in SENTENCE_END) if i != -1),
                 default=right - 1)
    return begin, min(finish + 1, right)


_LATIN_GAP = re.compile(r"(?<=[A-Za-z0-9,.;:])\s+(?=[A-Za-z0-9(])")
_ANY_GAP = re.compile(r"\s+")


def _flat(text: str) -> str:
    """One line: the article's line breaks fall inside Chinese sentences, where they stand for nothing."""
    text = _LATIN_GAP.sub(" ", text.strip())
    return _ANY_GAP.sub(lambda gap: " " if gap.group() == " " else "", text)


def place(article: Article, quote: str, drop: tuple[str, ...] = ()) -> Place | None:
    """Where the quote stands; `drop` removes texts (photo captions) that interrupt its sentence."""
    found = article.context(quote)
    if found is None:
        return None
    start, end = found
    left, right = paragraph_bounds(article.text, start, end)
    begin, finish = sentence_bounds(article.text, start, end, left, right)

    def clean(text: str) -> str:
        for caption in drop:
            text = text.replace(caption, "")
        return _flat(text)

    return Place(start, end, article.text.count("\n", 0, start) + 1, clean(article.text[begin:finish]),
                 clean(article.text[left:right]))


def article_of(factset: FactSet, source_id: str) -> Article:
    source = factset.source_by_id[source_id]
    from baotou_cli.data.article_files import article_text, read_article

    data = read_article(factset.path, source_id, source.path, allow_outside=factset.allow_outside_sources)
    return Article(article_text(factset.path, source_id, data))


def section_of(factset: FactSet, article: Article, position: int, source_id: str,
               headings: list[Fact] | None = None) -> Fact | None:
    """The heading fact of the section holding `position` (None in the lead, before the first heading).
    `headings`: heading_facts(factset, source_id), when citing several facts of one file."""
    best, best_at = None, -1
    headline = factset.source_by_id[source_id].headline_zh
    for heading in heading_facts(factset, source_id) if headings is None else headings:
        if squeeze(heading.source.quote) == squeeze(headline):
            continue
        found = article.context(heading.source.quote)
        if found and best_at < found[0] <= position:
            best, best_at = heading, found[0]
    return best


def paragraph_in_section(text: str, section_start: int, position: int) -> int:
    """Which paragraph of its section `position` falls in (1 first), counting body paragraphs only: short
    lines of their own (headings, the byline, photo captions) are not paragraphs a reader counts."""
    number, cursor = 0, section_start
    while True:
        while cursor < len(text) and text[cursor].isspace():
            cursor += 1
        if cursor >= len(text):
            return max(number, 1)
        left, right = paragraph_bounds(text, cursor, cursor + 1)
        block = text[left:right].strip()
        if len(block) > 30 or any(mark in block for mark in SENTENCE_END):
            number += 1
        if right > position:
            return max(number, 1)
        cursor = max(right, cursor + 1)


def heading_facts(factset: FactSet, source_id: str) -> list[Fact]:
    """The headings of an article, each once."""
    return list(factset.first_per_quote(("heading",), source_id))


def caption_quotes(factset: FactSet, source_id: str) -> tuple[str, ...]:
    """The quotes of an article's photo captions (a quote is placed in the text around them), each once."""
    return tuple(c.source.quote for c in factset.first_per_quote(("caption",), source_id))


def citations(factset: FactSet, facts: list[Fact]) -> list[dict]:
    """citation() of each of `facts`, each article (its text, captions and headings) read once for all."""
    read = {source: (caption_quotes(factset, source), heading_facts(factset, source), article_of(factset, source))
            for source in dict.fromkeys(fact.source.id for fact in facts)}
    return [citation(factset, fact, *read[fact.source.id]) for fact in facts]


def citation(factset: FactSet, fact: Fact, captions: tuple[str, ...] | None = None,
             headings: list[Fact] | None = None, article: Article | None = None) -> dict:
    """Where the fact's quote stands (sentence, paragraph, section, paragraph number) and what it cites.
    `captions`, `headings` and `article` (caption_quotes, heading_facts, article_of): when citing several
    facts of one file."""
    article = article or article_of(factset, fact.source.id)
    captions = tuple(quote for quote in (caption_quotes(factset, fact.source.id) if captions is None else captions)
                     if quote != fact.source.quote or fact.kind != "caption")
    where = place(article, fact.source.quote, captions)
    if where is None:
        raise FactsError(f"quote of fact '{fact.id}' is not in its source", path=str(factset.path))
    source = factset.source_by_id[fact.source.id]
    heading = section_of(factset, article, where.start, source.id, headings)
    heading_at = article.context(heading.source.quote) if heading else None
    section_start = heading_at[1] if heading_at else 0
    return {
        "id": fact.id,
        "quote": fact.source.quote,
        "en": fact.en,
        "sentence": where.sentence,
        "paragraph": where.paragraph,
        "line": where.line,
        "section_zh": heading.source.quote if heading else None,  # None: the lead, before the first heading
        "section_en": _HEADING_PREFIX.sub("", heading.en).strip('"') if heading else None,
        "paragraph_in_section": paragraph_in_section(article.text, section_start, where.start),
        "source": source,
    }


def quote_context(factset: FactSet, fact: Fact) -> dict:
    """The fact's source and where its quote stands (line, paragraph, section): the context of `show --json`."""
    source = factset.source_by_id[fact.source.id]
    article = article_of(factset, source.id)
    where = place(article, fact.source.quote)
    cited = citation(factset, fact, article=article) if where else {}
    return {"source": source.id, "headline_zh": source.headline_zh, "headline_en": source.headline_en,
            "byline_zh": source.byline_zh, "byline_en": source.byline_en,
            "line": where.line if where else None, "paragraph": where.paragraph if where else None,
            "section_zh": cited.get("section_zh"), "section_en": cited.get("section_en"),
            "paragraph_in_section": cited.get("paragraph_in_section")}
