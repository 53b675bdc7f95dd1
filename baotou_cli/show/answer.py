"""`ask`: the answer a reader can use at once (its figures with certainty, subject and period; the statement
in the language asked for; the quote; one citation line), then the next facts to see.

Piped or on a terminal the answer is plain lines, wrapped to the width with a hanging indent; --json gives
the records (ASK_RECORD_FIELDS), the statement in the chosen language as `statement`.
"""

from __future__ import annotations

import re

from baotou_cli.errors import FactsError
from baotou_cli.show.citation import citation_en, citation_zh
from baotou_cli.show.figures import certainty_word, metric_figure, period_text, with_certainty
from baotou_cli.show.formats import Column, Listing
from baotou_cli.show.views import Names

ASK_RECORD_FIELDS = ["rank", "role", "id", "question_kind", "lang", "partial", "unmatched", "score", "statement",
                     "en", "zh", "figures", "quote", "citation_en", "citation_zh"]
LABELS = {  # (English, Chinese)
    "answer": ("Answer", "答案"), "quote": ("Quote", "原文"), "source": ("Source", "出处"),
    "see-also": ("See also", "另见"), "no-figure": ("no figure: a statement", "无数字：陈述"),
    "no-period": ("period not stated", "未载明时间"), "partial": ("matches only some of the words",
                                                            "仅匹配部分词语"),
}


class Answer(Listing):
    """The records of `ask`, the language they are shown in (the question's, or --lang), and the error to exit
    with after printing them when there are none (`failure`)."""
    lang = "en"
    failure: Exception | None = None


def _label(key: str, lang: str) -> str:
    return LABELS[key][1 if lang == "zh" else 0]


_LEADING_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+:")


def _id_too_wide(value: str, room: int) -> bool:
    """Whether the fact id leading `value` (see also) is wider than `room`: an id is copied whole into
    `baotou show ID`, so it gets the whole line rather than be broken beside a label."""
    from baotou_cli.show.layout import cells

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


def _conflicts_of(fact_id: str, factset, lang: str) -> list[str]:
    """A line for each figure of the answer that another article gives differently (facts/sources.py): an
    answer read alone must not hide that the sources disagree."""
    from baotou_cli.facts.sources import conflicts_of

    fact = factset.fact(fact_id)
    lines = []
    for (_, quantity), (other, theirs) in (conflicts_of(factset, fact) if fact is not None else []):
        lines.append(f"另一来源 '{other.source.id}' 给出不同数值：{theirs.raw}（{other.id}），本答案为{quantity.raw}"
                     if lang == "zh" else f"source '{other.source.id}' gives {theirs.raw} ({other.id}) "
                     f"where this answer says {quantity.raw}")
    return lines

def ask_listing(rows: list[dict], text: str, lang: str, factset, near: tuple[str, ...] | list[str] = (),
                why_not: str | None = None) -> Answer:
    """The records of `ask` in `lang` ("en" or "zh"), and how a terminal shows them; with no records, the
    error to exit with after the (empty) machine output, naming the `near` words the facts know."""
    names = Names(factset)
    records = [{
        "rank": row["rank"], "role": row["role"], "id": row["id"], "question_kind": row["question_kind"],
        "lang": lang, "partial": row["partial"], "unmatched": row["unmatched"], "score": row["score"],
        "statement": row["zh"] if lang == "zh" else row["en"], "en": row["en"], "zh": row["zh"],
        "figures": row["figures"], "quote": row["quote"],
        "citation_en": citation_en(row["citation"]), "citation_zh": citation_zh(row["citation"]),
    } for row in rows]

    def figure_line(metric: dict, shown: str) -> str:
        """150,000 t (actual) · capacity for rare-earth permanent magnet materials · the zone · period"""
        sep = "，" if shown == "zh" else " · "
        when = period_text(metric["period"], metric["as_of"], shown) or _label("no-period", shown)
        shown_figure, certainty = metric_figure(metric, shown), certainty_word(metric["qualifiers"], shown)
        if certainty not in shown_figure:  # a figure names its qualifiers (expected, planned) already
            shown_figure = with_certainty(shown_figure, certainty, shown)
        parts = [shown_figure, names.measure(metric["measure"], shown)]
        if metric["subject"]:
            parts.append(names.entity(metric["subject"], shown, short=True))
        return sep.join([*parts, when])

    def lines(shown: str) -> list[tuple[str, str]]:
        """(label, text) pairs; an empty label continues the one before."""
        if not records:
            return []
        first = records[0]
        out = [(_label("answer", shown), figure_line(m, shown)) for m in first["figures"][:1]]
        out += [("", figure_line(m, shown)) for m in first["figures"][1:]]
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

    MIN_TEXT = 20  # cells of text beside the labels, below which the labels go above the text instead

    def render(shown: str, styled: bool, width: int) -> str:
        """On a terminal, wrapped to its width under a hanging indent; piped, one line per item (grep, cut)."""
        from baotou_cli.show.layout import cells, wrap

        pairs = lines(shown)
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

    listing = Answer(records, ASK_RECORD_FIELDS, [
        Column("id", "ID", "编号", hyphens=False),
        Column("statement", "Statement", "内容", flex=True, localized=True)],
        f"Ask: {text}", f"提问：{text}",
        notes=([_partial_note(records[0]["unmatched"], lang)] if records and records[0]["partial"] else [])
        + (_conflicts_of(records[0]["id"], factset, lang) if records else []),
        # CSV: a row per figure, each with what it measures, whose it is, how certain and when
        csv_explode={"figures": ["measure", "subject", "figure_raw", "value", "unit", "noun", "qualifiers",
                                 "certainty", "basis", "change", "period", "as_of"]})
    listing.lang = lang  # the answer's language, not --lang's default: cli prints in it
    if not records:
        listing.failure = FactsError(f"nothing in the facts answers {text!r}: {why_not}" if why_not else
                                     f"nothing in the facts answers {text!r}; words it knows that are near: "
                                     f"{', '.join(near)}")
    listing.text = lambda _lang, styled, width: render(lang, styled, width)
    colon = "：" if lang == "zh" else ":"
    listing.markdown = lambda _lang: "  \n".join(f"**{label}{colon}** {value}" if label else value
                                                 for label, value in lines(lang)) + "\n"
    return listing
