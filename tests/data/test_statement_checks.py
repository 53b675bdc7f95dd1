"""`baotou verify` proves what users read (statement_checks.py): every number in `en` and `zh` is a figure of its
fact, changes go the article's way with its basis, 首次 and 历史最高 are in the data and the statements, and each
figure's subject is named in its quote. One passing and one failing small file per rule, the checks called
directly (tests/data/test_verify.py runs the command). The tampering issue #19 found in the real file (91.5亿元,
9.99 billion, down for up, the basis deleted, a figure given to the zone, first dropped) is among the cases."""

from __future__ import annotations

import pytest

from conftest import TINY_FACTS, problems_of

# The tiny facts file, with a forecast that is a first (首次) and two record figures (均创历史新高) added.
MEASURES = """\
  - {id: output, en: gross industrial output value, zh: 工业总产值}
  - {id: projects, en: rare-earth projects being carried out, zh: 实施的稀土产业项目}
  - {id: investment-total, en: total planned investment, zh: 总投资}
"""
ENTITIES = """\
  - id: rare-earth-projects
    type: project-group
    zh: 包头稀土高新区实施的稀土产业项目
    en: Baotou Rare Earth Hi-Tech Zone rare-earth industry projects
    aliases: [稀土产业项目, rare-earth industry projects]
"""
FACTS = """\
  - id: output-2022
    topic: industry
    kind: metric
    zh: 2022年包头稀土高新区工业总产值有望首次突破千亿元大关，同比增长50%以上。
    en: The Baotou Rare Earth Hi-Tech Zone's gross industrial output value for 2022 is expected to exceed 100 billion yuan for the first time, up more than 50% year on year.
    quantities:
      - {measure: output, subject: zone, raw: 千亿元, value: 100000000000, unit: CNY, qualifiers: [expected, more-than, first]}
      - {measure: output, subject: zone, raw: 50%, value: 50, unit: "%", qualifiers: [expected, more-than], basis: year-on-year}
    period: {raw: 2022年, start: "2022", end: "2022"}
    entities: [zone]
    source: {id: article, quote: 2022年包头稀土高新区工业总产值有望首次突破千亿元大关，同比增长50%以上。}
  - id: rare-earth-projects-36
    topic: investment
    kind: metric
    zh: 包头稀土高新区实施稀土产业项目36个，总投资98.8亿元，稀土产业在建项目数量、投资额均创历史新高。
    en: The Baotou Rare Earth Hi-Tech Zone is carrying out 36 rare-earth industry projects with a total planned investment of 9.88 billion yuan, both record highs.
    quantities:
      - {measure: projects, subject: rare-earth-projects, raw: 36个, value: 36, unit: count, noun: projects, qualifiers: [record]}
      - {measure: investment-total, subject: rare-earth-projects, raw: 98.8亿元, value: 9880000000, unit: CNY, qualifiers: [project-total, record]}
    entities: [zone, rare-earth-projects]
    source: {id: article, quote: 实施稀土产业项目36个，总投资98.8亿元，稀土产业在建项目数量、投资额均创历史新高。}
"""
BASE = (TINY_FACTS.replace("measures:\n", "measures:\n" + MEASURES, 1)
        .replace("entities:\n", "entities:\n" + ENTITIES, 1) + FACTS)
FUNDS_NOTE = "      quote: 2022年1-8月，该高新区引进国内(区外)到位资金51.5亿元，同比增长50.6%。\n"


def _with_note(note: str) -> tuple[str, str]:
    """An edit that gives the funds fact a note."""
    return FUNDS_NOTE, FUNDS_NOTE + f"    note: \"{note}\"\n"


# (case, edits as (old, new) pairs, the failure expected as (fact, field, words of the message), or None: passes)
CASES = [
    # 1. every number accounted for, both ways
    ("a year of its period and a name's number are not figures", [], None),
    ("zh: a number that is no figure", [("资金51.5亿元", "资金91.5亿元")], ("funds-in-place", "zh", "the number '91.5'")),
    ("en: a number that is no figure", [("5.15 billion", "9.99 billion")],
     ("funds-in-place", "en", "the number '9.99 billion'")),
    ("en: a figure left out", [(", up 50.6% year on year.", ".")],
     ("funds-in-place", "en", "the figure '50.6%' is not in the statement")),
    ("en: a figure left out, the note says why",
     [(", up 50.6% year on year.", "."), _with_note("The English statement leaves out 50.6%, for this test.")], None),
    # 2. direction and basis, both ways
    ("en: down for the article's up", [("up 50.6%", "down 50.6%")], ("funds-in-place", "en", "reads down in the statement but up in the article")),
    ("zh: 下降 for the article's 增长", [("同比增长50.6%。\n    en", "同比下降50.6%。\n    en")],
     ("funds-in-place", "zh", "reads down in the statement but up in the article")),
    ("en: a rise the article does not say", [("a total planned investment of 9.88", "a total planned investment that rose to 9.88")],
     ("rare-earth-projects-36", "en", "reads up in the statement but as no change in the article")),
    ("data: 同比 in the article, no basis", [("basis: year-on-year, raw: 50.6%", "raw: 50.6%")],
     ("funds-in-place", "quantities[1].basis", "the article says '同比' right before '50.6%'")),
    ("zh: a basis the statement does not say", [("同比增长50.6%。\n    en", "增长50.6%。\n    en")],
     ("funds-in-place", "zh", "does not say 同比 before it")),
    # 3. qualifiers the article states, both ways
    ("data: 首次 in the article, no first", [("qualifiers: [expected, more-than, first]", "qualifiers: [expected, more-than]")],
     ("output-2022", "quantities[0].qualifiers", "the article says '首次' of '千亿元': add first")),
    ("data: first with no 首次 right before it",
     [("qualifiers: [expected, more-than], basis", "qualifiers: [expected, more-than, first], basis")],
     ("output-2022", "quantities[1].qualifiers", "first, but the article says no")),
    ("data: 均创历史新高 covers a figure without record",
     [("noun: projects, qualifiers: [record]", "noun: projects, qualifiers: []")],
     ("rare-earth-projects-36", "quantities[0].qualifiers", "add record")),
    ("data: 均创历史新高 left off one figure, the note says why",
     [("noun: projects, qualifiers: [record]", "noun: projects, qualifiers: []"),
      ("投资额均创历史新高。}\n", "投资额均创历史新高。}\n    note: The record phrase is not read as covering 36个, for this test.\n")],
     None),
    ("en: a record the statement does not say", [(", both record highs.", ".")],
     ("rare-earth-projects-36", "en", "is record but the statement does not say so")),
    # 4. the subject is named in the quote
    ("subject: a figure given to the zone that its sentence does not name",
     [("subject: rare-earth-projects, raw: 98.8亿元", "subject: zone, raw: 98.8亿元")],
     ("rare-earth-projects-36", "quantities[1].subject", "subject 'zone' is not named")),
    ("subject: 该高新区 names the zone only through its declared noun", [("    nouns: [高新区]", "")],
     ("funds-in-place", "quantities[0].subject", "subject 'zone' is not named")),
    ("subject: not named in the quote, the note says whose",
     [("    nouns: [高新区]", ""), _with_note("Whose funds: the Baotou Rare Earth Hi-Tech Zone's (该高新区).")], None),
]


@pytest.mark.parametrize("case, edits, failure", CASES, ids=[c[0] for c in CASES])
def test_statement_rule(tiny_facts, case, edits, failure):
    text = BASE
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    problems = problems_of(tiny_facts, text)
    if failure is None:
        assert problems == []
        return
    fact, field, words = failure
    assert any(line.startswith(f"fact '{fact}': field '{field}': ") and words in line for line in problems), problems
