"""`ask`: the answer a reader can use at once (its figures with certainty, subject and period; the statement
in the language asked for; the quote; one citation line), then the next facts to see.

Piped or on a terminal the answer is plain lines, wrapped to the width with a hanging indent; --json gives
the records (ASK_RECORD_FIELDS), the statement in the chosen language as `statement`.
"""

from __future__ import annotations

import re

from baotou_cli.errors import FactsError
from baotou_cli.questions.records import AnswerPlace, Metric, fields
from baotou_cli.render.citation import citation_en, citation_zh
from baotou_cli.render.figure_text import certainty_word, metric_figure, period_text, with_certainty
from baotou_cli.render.formats import Column, Document, Records, Table
from baotou_cli.render.views import DisplayNames


class AskRecord(AnswerPlace):
    """`ask --json`: a fact answering the question (questions/records.AskedFact), its statement in the language
    asked (`statement`) and its citation as two lines ready to paste."""
    statement: str
    en: str
    zh: str
    figures: list[Metric]
    quote: str
    citation_en: str
    citation_zh: str


ASK_RECORD_FIELDS = fields(AskRecord)
LABELS = {  # (English, Chinese)
    "answer": ("Answer", "答案"), "quote": ("Quote", "原文"), "source": ("Source", "出处"),
    "see-also": ("See also", "另见"), "no-figure": ("no figure: a statement", "无数字：陈述"),
    "no-period": ("period not stated", "未载明时间"), "partial": ("matches only some of the words",
                                                            "仅匹配部分词语"),
}


def _label(key: str, lang: str) -> str:
    return LABELS[key][1 if lang == "zh" else 0]


_LEADING_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+:")


def _id_too_wide(value: str, room: int) -> bool:
    """Whether the fact id leading `value` (see also) is wider than `room`: an id is copied whole into
    `baotou show ID`, so it gets the whole line rather than be broken beside a label."""
    from baotou_cli.render.table_layout import cells

    first = value.partition(" ")[0]
    return bool(_LEADING_ID.fullmatch(first)) and cells(first) > room


def _partial_note(unmatched: list[str], lang: str) -> str:
    """Why the answer may not be one: the words of the question it does not hold, named, so that a reader
    sees at once that the facts may say nothing about them ('population', 'GDP')."""
    if not unmatched:
        return _label("partial", lang)
    if lang == "zh":
        return f"仅匹配部分词语，未匹配“{'”“'.join(unmatched)}”：请核对答案是否答其所问"
    words = [f"'{word}'" for word in unmatched]
    quoted = ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else words[0]
    return f"matches only some of the words, not {quoted}: check that it answers the question"


def _conflict_lines(conflicts: list, lang: str) -> list[str]:
    """A line for each figure of the answer that another article gives differently (Asked.conflicts)."""
    lines = []
    for quantity, other, theirs in conflicts:
        lines.append(f"另一来源 '{other.source.id}' 给出不同数值：{theirs.raw}（{other.id}），本答案为{quantity.raw}"
                     if lang == "zh" else f"source '{other.source.id}' gives {theirs.raw} ({other.id}) "
                     f"where this answer says {quantity.raw}")
    return lines

# CSV: a row per figure, each with what it measures, whose it is, how certain and when: a Metric's own fields,
# from `measure` to `as_of` (not those of its fact, which the row already has).
_METRIC_FIELDS = fields(Metric)
_FIGURE_COLUMNS = _METRIC_FIELDS[_METRIC_FIELDS.index("measure"):_METRIC_FIELDS.index("as_of") + 1]
MIN_TEXT = 20  # cells of text beside the labels, below which the labels go above the text instead


class Answer(Document):
    """The records of `ask`, the language they are shown in (the question's, or --lang), and the error to exit
    with after printing them when there are none (`failure`). Shown as labelled lines: the answer's figures,
    its statement, quote and source, then the facts to see also."""

    def __init__(self, records: list[dict], title: tuple[str, str], lang: str, names: DisplayNames, notes: list[str],
                 failure: Exception | None) -> None:
        super().__init__(Table(Records(records, ASK_RECORD_FIELDS, declared=AskRecord, csv_explode={"figures": _FIGURE_COLUMNS}), [
            Column("id", "ID", "编号", hyphens=False),
            Column("statement", "Statement", "内容", flex=True, localized=True)], title, notes=notes))
        self.lang = lang  # the answer's language, not --lang's default: cli prints in it
        self.failure = failure
        self.names = names

    def figure_line(self, metric: dict, shown: str) -> str:
        """150,000 t (actual) · capacity for rare-earth permanent magnet materials · the zone · period"""
        sep = "，" if shown == "zh" else " · "
        when = period_text(metric["period"], metric["as_of"], shown) or _label("no-period", shown)
        shown_figure, certainty = metric_figure(metric, shown), certainty_word(metric["qualifiers"], shown)
        if certainty not in shown_figure:  # a figure names its qualifiers (expected, planned) already
            shown_figure = with_certainty(shown_figure, certainty, shown)
        parts = [shown_figure, self.names.measure(metric["measure"], shown)]
        if metric["subject"]:
            parts.append(self.names.entity(metric["subject"], shown, short=True))
        return sep.join([*parts, when])

    def lines(self, shown: str) -> list[tuple[str, str]]:
        """(label, text) pairs; an empty label continues the one before."""
        records = self.records.rows
        if not records:
            return []
        first = records[0]
        out = [(_label("answer", shown), self.figure_line(m, shown)) for m in first["figures"][:1]]
        out += [("", self.figure_line(m, shown)) for m in first["figures"][1:]]
        if not first["figures"]:
            out.append((_label("answer", shown), first["zh"] if shown == "zh" else first["en"]))
        else:
            out.append(("", first["zh"] if shown == "zh" else first["en"]))
        out.append((_label("quote", shown), first["quote"]))
        out.append((_label("source", shown), (first["citation_zh"] if shown == "zh" else first["citation_en"])
                    + f" [{first['id']}]"))
        for record in records[1:]:
            label = _label("see-also", shown) if record["rank"] == 2 else ""
            out.append((label, f"{record['id']}: {record['zh'] if shown == 'zh' else record['en']}"))
        return out

    def draw(self, lang: str, styled: bool, width: int) -> str:
        """On a terminal, wrapped to its width under a hanging indent; piped, one line per item (grep, cut).
        Always in the answer's language."""
        from baotou_cli.render.table_layout import cells, wrap

        shown = self.lang
        pairs = self.lines(shown)
        room = max((cells(label) for label, _ in pairs), default=0) + 2
        narrow = styled and width - room < MIN_TEXT
        out = []
        for number, (label, value) in enumerate(pairs):
            if label == _label("see-also", shown) and number:
                out.append("")
            head = (label + ("：" if shown == "zh" else ":")) if label else ""
            # No room beside the labels (or not for the id this item starts with): the label on a line of its
            # own, the text under it; an id wider than even that breaks after a hyphen, never inside a word.
            if narrow or (styled and _id_too_wide(value, width - room)):
                out += ([head] if head else []) + ["  " + line for line in wrap(value, width - 2)]
                continue
            wrapped = wrap(value, width - room) if styled else [" ".join(value.split())]
            out += [(head if i == 0 else "").ljust(room - (cells(head) - len(head) if i == 0 else 0)) + line
                    for i, line in enumerate(wrapped)]
        return "\n".join(line.rstrip() for line in out) + "\n"

    def write(self, lang: str) -> str:
        colon = "：" if self.lang == "zh" else ":"
        return "  \n".join(f"**{label}{colon}** {value}" if label else value
                           for label, value in self.lines(self.lang)) + "\n"


def answer_view(asked, factset) -> Answer:
    """The Answer of questions.question_kinds.answer's records (an Asked) in the language it chose ("en" or
    "zh"), and how a terminal shows them; with no records, the error to exit with after the (empty) machine
    output, naming the words near the question that the facts know."""
    lang, text = asked.lang, asked.text
    records = [{
        "rank": row["rank"], "role": row["role"], "id": row["id"], "question_kind": row["question_kind"],
        "lang": lang, "partial": row["partial"], "unmatched": row["unmatched"], "score": row["score"],
        "statement": row["zh"] if lang == "zh" else row["en"], "en": row["en"], "zh": row["zh"],
        "figures": row["figures"], "quote": row["quote"],
        "citation_en": citation_en(row["citation"]), "citation_zh": citation_zh(row["citation"]),
    } for row in asked.rows]
    notes = (([_partial_note(records[0]["unmatched"], lang)] if records[0]["partial"] else [])
             + _conflict_lines(asked.conflicts or [], lang)) if records else []
    failure = None if records else FactsError(
        f"nothing in the facts answers {text!r}: {_not_dated(asked.undated)}" if asked.undated is not None else
        f"nothing in the facts answers {text!r}; words it knows that are near: {', '.join(asked.near)}")
    return Answer(records, (f"Ask: {text}", f"提问：{text}"), lang, DisplayNames(factset), notes, failure)


def _not_dated(written: list[tuple[str, str]]) -> str:
    """Why no fact answers a question about the article's date, and when each source says it was written."""
    said = "; ".join((f"{source_id} was " if len(written) > 1 else "it was ") + f"written {when}"
                     for source_id, when in written)
    return "the article is not dated" + (f"; {said}" if said else "") + ". 'baotou cite byline' shows its byline"
