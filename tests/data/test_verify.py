"""`baotou verify` proves the bundled facts and catches every kind of tampering: each rule on a tiny facts file
(conftest.TINY_FACTS) or on the figure's own sentence, a few runs of the command for its report and exit code."""

from __future__ import annotations

import pytest

from baotou_cli.data import loader
from baotou_cli.data.fact_checks import ARABIC_NUMBER, certainty_problems, coverage, raw_position
from baotou_cli.data.model import Quantity
from baotou_cli.data.quote_matching import Article
from conftest import FACTS, SEED, TINY_FACTS, problems_of, read_yaml, run, write_yaml
from test_statement_checks import BASE as STATEMENT_BASE


def test_bundled_facts_verify_with_every_number_cited():
    result = run("verify")
    assert result.exit_code == 0, result.stdout
    assert "numbers cited: 77/77 in Arabic numerals" in result.stdout
    assert result.stdout.rstrip().splitlines()[-1].startswith("OK: all checks pass")
    assert "FAIL" not in result.stdout and "UNCITED" not in result.stdout


def test_the_article_has_77_arabic_numerals_and_the_copy_is_byte_identical():
    text = SEED.read_text(encoding="utf-8")
    assert len(ARABIC_NUMBER.findall(text)) == 77
    shared = SEED.parents[2] / "shared" / "seeds" / SEED.name
    if shared.exists():  # beside a checkout of the project, as on the developers' machines and CI
        assert shared.read_bytes() == SEED.read_bytes()


def test_every_chinese_word_number_is_cited():
    loaded = loader.load(FACTS, strict=False)
    cover = coverage(loaded.factset, loaded.articles)
    assert cover.chinese_total >= 20 and cover.chinese_cited == cover.chinese_total
    assert cover.arabic_total == cover.arabic_cited == 77


def _tampered(old: str, new: str, text: str = TINY_FACTS) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def _fails(tiny_facts, text: str, message: str) -> list[str]:
    """The checks, called on a tiny facts file with this text, report `message` (one problem's words)."""
    problems = problems_of(tiny_facts, text)
    assert any(message in line for line in problems), problems
    return problems


def test_the_tiny_file_passes_every_check(tiny_facts):
    assert problems_of(tiny_facts, TINY_FACTS) == []


TAMPERING = [
    ("changed number in raw", "raw: 51.5亿元", "raw: 52.5亿元", "raw text '52.5亿元' is not in the quote"),
    ("wrong unit conversion", "value: 5150000000", "value: 515000000", "value 515000000 is not '51.5亿元'"),
    ("quote not in article", "quote: 2022年1-8月，该高新区", "quote: 2021年1-8月，该高新区", "quote not found"),
    ("wrong unit", "unit: CNY", "unit: t", "does not fit raw text"),
    ("duplicate id", "  - id: yunsheng-capacity\n", "  - id: funds-in-place\n", "duplicate id 'funds-in-place'"),
]


@pytest.mark.parametrize("name, old, new, message", TAMPERING, ids=[t[0] for t in TAMPERING])
def test_tampering_fails_a_check(tiny_facts, name, old, new, message):
    _fails(tiny_facts, _tampered(old, new), message)


def test_verify_prints_each_failed_check_and_exits_1(tiny_facts):
    tiny_facts.write_text(_tampered("value: 5150000000", "value: 515000000"), encoding="utf-8")
    result = run("verify", "--facts", str(tiny_facts))
    assert result.exit_code == 1
    assert "FAIL fact 'funds-in-place': field 'quantities[0].value': value 515000000 is not '51.5亿元'" in result.stdout
    assert result.stdout.rstrip().splitlines()[-1].startswith("FAILED:")


def test_a_dropped_fact_leaves_numbers_uncited(facts_copy):
    text = facts_copy.read_text(encoding="utf-8")
    start = text.index("  - id: funds-in-place-2022-jan-aug\n")
    end = text.index("\n  - id: ", start + 1) + 1
    facts_copy.write_text(text[:start] + text[end:], encoding="utf-8")
    result = run("verify", "--facts", str(facts_copy))
    assert result.exit_code == 1
    for number in ("51.5", "50.6"):
        assert f"line 29: {number}" in result.stdout


def test_changed_article_fails_on_its_checksum(tiny_facts):
    article = tiny_facts.parent / "seeds" / "article.txt"
    article.write_bytes(article.read_bytes() + b"\n")
    _fails(tiny_facts, TINY_FACTS, "does not match its sha256")


def test_queries_refuse_a_file_that_fails_a_check(tiny_facts):
    tiny_facts.write_text(_tampered("value: 5150000000", "value: 515000000"), encoding="utf-8")
    result = run("investment", "--json", "--facts", str(tiny_facts))
    assert result.exit_code == 1 and result.stdout == ""
    assert "value 515000000 is not '51.5亿元' = 5150000000" in result.stderr


# Rows that stand alone, and the v2 data rules: each rule fails a tampered tiny file ----------------------

def _edit_fact(text: str, fact_id: str, change) -> str:
    """A facts text with one fact changed (structural edits a text replacement cannot make)."""
    data = read_yaml(text)
    change(next(f for f in data["facts"] if f["id"] == fact_id))
    return write_yaml(data)


FUNDS_EN = "en: In January-August 2022 the Baotou Rare Earth Hi-Tech Zone brought in"
FUNDS_ZH = "zh: 2022年1-8月，包头稀土高新区引进"

STATEMENT_TAMPERING = [
    ("pronoun first", FUNDS_EN, "en: It brought in", "field 'en': does not stand alone: starts with 'It'"),
    ("pronoun before any name", FUNDS_EN, "en: In January-August 2022 it brought in",
     "'it' comes before any of the fact's entities is named"),
    ("once it", FUNDS_EN, "en: Once it had grown, the Baotou Rare Earth Hi-Tech Zone brought in",
     "'it' comes before any of the fact's entities is named"),
    ("pronoun after a lead-in", FUNDS_EN, "en: In January-August 2022, they brought in", "starts with 'they'"),
    ("pointing noun phrase", FUNDS_EN, "en: The zone brought in", "starts with 'The zone'"),
    ("so far", FUNDS_EN, "en: So far the zone brought in", "starts with 'So far'"),
    ("zh demonstrative", FUNDS_ZH, "zh: 该高新区2022年1-8月引进", "field 'zh': does not stand alone: starts with '该'"),
    ("zh lead-in without a subject", FUNDS_ZH, "zh: 2022年1-8月，该高新区引进", "'2022年1-8月，' is not followed by"),
    ("en names no entity", FUNDS_EN, "en: In January-August 2022 the zone brought in",
     "field 'en': names none of the fact's entities (by English name or alias)"),
    ("zh names no entity", FUNDS_ZH, "zh: 2022年1-8月，全区引进",
     "field 'zh': names none of the fact's entities (by Chinese name or alias)"),
    ("Chinese in English", "domestic funds in place, up 50.6%", "domestic funds in place (到位资金), up 50.6%",
     "Chinese text '到' in English"),
    ("a Han character beyond the BMP in English", "domestic funds in place, up 50.6%",  # extension B: 𠀀
     "domestic funds in place (\U00020000), up 50.6%", "Chinese text '\U00020000' in English"),
]


@pytest.mark.parametrize("name, old, new, message", STATEMENT_TAMPERING, ids=[t[0] for t in STATEMENT_TAMPERING])
def test_a_row_that_does_not_stand_alone_fails_verify(tiny_facts, name, old, new, message):
    _fails(tiny_facts, _tampered(old, new), message)


def test_an_alias_counts_as_a_name_only_as_whole_words(tiny_facts):
    # "Baotou" (not a name of the zone) and the zone's alias "GE" inside "change" name nothing.
    text = _tampered("    nouns: [高新区]", "    nouns: [高新区]\n    aliases: [GE]")
    _fails(tiny_facts, _tampered(FUNDS_EN, "en: In January-August 2022 funds in Baotou saw a change and the area "
                                           "brought in", text),
           "names none of the fact's entities (by English name or alias)")


def test_quote_pieces_far_apart_fail_verify(tiny_facts):
    # "目前，" first occurs ~700 characters before the rest: `cite` would show the wrong paragraph.
    far = "quote: 目前，…建成后，包头韵升强磁材料有限公司年产能将达到3.3万吨"
    _fails(tiny_facts, _tampered("quote: 建成后，包头韵升强磁材料有限公司年产能将达到3.3万吨", far),
           "the quote's pieces lie")


def test_a_quote_of_nothing_but_ellipses_fails_verify(tiny_facts):
    _fails(tiny_facts, _edit_fact(TINY_FACTS, "yunsheng-capacity", lambda f: f["source"].update(quote="… …")),
           "the quote has no words")


def test_every_quantity_needs_a_subject_among_its_facts_entities(tiny_facts):
    _fails(tiny_facts, _edit_fact(TINY_FACTS, "funds-in-place", lambda f: f["quantities"][0].pop("subject")),
           "a quantity needs a subject")
    _fails(tiny_facts, _edit_fact(TINY_FACTS, "funds-in-place",
                                  lambda f: f["quantities"][0].update(subject="yunsheng-magnet")),
           "subject 'yunsheng-magnet' is not among the fact's entities")


def test_every_measure_used_is_declared(tiny_facts):
    _fails(tiny_facts, _edit_fact(TINY_FACTS, "funds-in-place", lambda f: f["quantities"][0].update(measure="money")),
           "measure 'money' is not declared under `measures`")


def test_every_measure_declared_is_used(tiny_facts):
    problems = _fails(tiny_facts, _tampered("measures:\n", "measures:\n  - {id: unused-measure, en: nothing, zh: 无}\n"),
                      "measure 'unused-measure' is declared but no quantity uses it")
    assert "measure 'unused-measure': field 'id': measure 'unused-measure' is declared but no quantity uses it" \
        in problems


STATEMENT_FACT = """\
  - id: born-of-rare-earth
    topic: overview
    kind: statement
    zh: 包头稀土高新区因稀土而生，一定也要因稀土而兴。
    en: The Baotou Rare Earth Hi-Tech Zone was born of rare earths and must also prosper through them, the article says.
    entities: [zone]
    source: {id: article, quote: 包头稀土高新区因稀土而生，一定也要因稀土而兴。}
"""


@pytest.mark.parametrize("fact_id, rank, message", [
    ("funds-in-place", 7, "headline rank 7 is also given to fact"),
    ("funds-in-place", 0, "headline rank 0 must be a positive whole number"),
    ("born-of-rare-earth", 7, "a headline fact needs a figure"),
])
def test_headline_ranks_are_unique_positive_and_on_figures(tiny_facts, fact_id, rank, message):
    text = _edit_fact(TINY_FACTS + STATEMENT_FACT, "yunsheng-capacity", lambda f: f.update(headline=7))
    assert problems_of(tiny_facts, text) == []
    _fails(tiny_facts, _edit_fact(text, fact_id, lambda f: f.update(headline=rank)), message)


@pytest.mark.parametrize("entry, message", [
    ("{id: funds-in-place, to: yunsheng-capacity, note: x}", "collides with a live fact or entity id"),
    ("{id: old-funds, to: no-such-fact, note: x}",
     "redirect 'old-funds': field 'to': redirect target 'no-such-fact' is not a fact or entity id"),
])
def test_bad_redirects_fail_verify(tiny_facts, entry, message):
    _fails(tiny_facts, TINY_FACTS + f"redirects:\n  - {entry}\n", message)


def test_one_article_figure_is_a_quantity_of_one_fact_only(tiny_facts):
    # A second fact on the same sentence may cite 3.3万吨 as a label; as a quantity it is a second copy.
    second = """\
  - id: yunsheng-capacity-again
    topic: industry
    kind: metric
    zh: 包头韵升强磁材料有限公司年产能将达到3.3万吨。
    en: Baotou Yunsheng Strong Magnet Materials Co., Ltd. will have an annual capacity of 33,000 tonnes.
    quantities:
      - {measure: capacity, subject: yunsheng-magnet, raw: 3.3万吨, value: 33000, unit: t, qualifiers: [expected]}
    entities: [yunsheng-magnet]
    source: {id: article, quote: 建成后，包头韵升强磁材料有限公司年产能将达到3.3万吨}
"""
    _fails(tiny_facts, TINY_FACTS + second, "figure '3.3万吨' is already a quantity of fact 'yunsheng-capacity'")


def test_a_queried_file_must_pass_the_new_rules_too(tiny_facts):
    tiny_facts.write_text(_tampered(FUNDS_EN, "en: It brought in"), encoding="utf-8")
    result = run("investment", "--json", "--facts", str(tiny_facts))
    assert result.exit_code == 1 and result.stdout == "" and "does not stand alone" in result.stderr


def test_every_fact_of_the_bundled_file_names_its_subject_in_both_languages():
    from baotou_cli.data.fact_checks import en_anaphor, zh_anaphor

    factset = loader.load(FACTS, strict=False).factset
    for fact in factset.facts:
        linked = [factset.entity_by_id[e] for e in fact.entities]
        assert en_anaphor(fact.en, linked) is None and zh_anaphor(fact.zh, linked) is None, fact.id


# Certainty and precision: what the quote says of a figure, its qualifiers must say too ------------------

ARTICLE = Article(SEED.read_text(encoding="utf-8"))


def _certainty(quote: str, raw: str, qualifiers: list[str], basis: str | None = None) -> list[str]:
    """What verify says of the qualifiers of the figure `raw` of a fact with this quote: the figure found in the
    article as the checks find it, and read in its own sentence there."""
    spans, missing = ARTICLE.locate(quote)
    assert missing is None, missing
    at = raw_position(ARTICLE, spans, raw)
    assert at is not None, raw
    figure = Quantity("m", raw=raw, value=1, unit="CNY", qualifiers=qualifiers, basis=basis)
    return certainty_problems(figure, None, ARTICLE.squeezed, at)


OUTPUT = "在重大项目的有力带动下，2022年包头稀土高新区工业总产值有望首次突破千亿元大关，同比增长50%以上。"
JL_MAG = "金力永磁二期年产1.2万吨高性能钕铁硼项目"


CERTAINTY = [
    # 有望首次突破千亿元: an expected floor shown as an actual, exact figure
    (OUTPUT, "千亿元", ["expected", "more-than", "first"], None, None),
    (OUTPUT, "千亿元", ["more-than", "first"], None, "the article says '有望'"),
    (OUTPUT, "千亿元", ["expected", "first"], None, "the article says '突破'"),
    (OUTPUT, "千亿元", ["expected", "about", "first"], None, "add more-than"),
    (OUTPUT, "千亿元", ["design", "more-than", "first"], None, "its certainty is expected"),
    # 总投资678亿元: the projects' total planned investment, not money spent
    ("均为历史最高，总投资678亿元。", "678亿元", [], None, "the article says '总投资'"),
    ("均为历史最高，总投资678亿元。", "678亿元", ["project-total"], None, None),
    # 年产1.2万吨…项目, under construction: a design capacity
    (JL_MAG, "1.2万吨", [], None, "'年产…项目'"),
    (JL_MAG, "1.2万吨", ["design"], None, None),
    # 建成后将具备年产2万吨: the 2 of 1.2万吨 is not this figure; the hedge still is
    (JL_MAG + "…建成后将具备年产2万吨高性能稀土永磁材料的能力", "2万吨", [], None, "its certainty is"),
    (JL_MAG + "…建成后将具备年产2万吨高性能稀土永磁材料的能力", "2万吨", ["expected", "design"], None, None),
    # 建成后…年产能将达到3.3万吨: expected, whatever the plant's design
    ("建成后，包头韵升强磁材料有限公司年产能将达到3.3万吨", "3.3万吨", ["design"], None, "its certainty is expected"),
    # 预计可实现年销售额…，就业岗位5000余个: the hedge covers the whole list
    (JL_MAG + "…预计可实现年销售额50亿元、利税6亿元，就业岗位5000余个。", "5000余个", ["more-than"], None,
     "the article says '预计'"),
    # 同比增长50%以上 of an expected output: the change is as expected as its figure
    (OUTPUT, "50%", ["more-than"], "year-on-year", "the article says '有望'"),
    (OUTPUT, "50%", ["expected", "more-than"], "year-on-year", None),
    # Invented: a certainty, a floor or a basis the article does not give
    ("稀土永磁材料产能达到15万吨", "15万吨", ["target"], None, "the article has no word for it"),
    ("2022年1-8月，该高新区引进国内(区外)到位资金51.5亿元", "51.5亿元", ["more-than"], None, "says nothing of the kind"),
    (OUTPUT, "千亿元", ["expected", "more-than", "first"], "year-on-year", "the article does not say 同比 before '千亿元'"),
]


@pytest.mark.parametrize("quote, raw, qualifiers, basis, message", CERTAINTY,
                         ids=[f"{c[1]} {'+'.join(c[2]) or 'none'} {c[3] or ''}".strip() for c in CERTAINTY])
def test_a_figure_less_certain_or_exact_in_the_article_than_in_the_data_fails(quote, raw, qualifiers, basis, message):
    problems = _certainty(quote, raw, qualifiers, basis)
    if message is None:
        assert problems == []
    else:
        assert any(message in problem for problem in problems), problems


def test_a_quote_cut_short_cannot_hide_a_hedge(tiny_facts):
    """The check reads the figure's sentence in the article, not the quote as written."""
    text = _tampered("qualifiers: [expected, more-than, first]", "qualifiers: [more-than, first]", STATEMENT_BASE)
    assert problems_of(tiny_facts, STATEMENT_BASE) == []
    cut = "source: {id: article, quote: 千亿元大关，同比增长50%以上。}"
    _fails(tiny_facts, _tampered(f"source: {{id: article, quote: {OUTPUT[12:]}}}", cut, text), "the article says '有望'")


def test_a_plan_named_in_the_article_is_not_a_hedge_on_an_actual_share():
    from baotou_cli.data.fact_checks import certainty_problems
    from baotou_cli.data.model import Quantity

    text = "已完成投资193亿元，完成全年计划投资的95%"
    share = Quantity("share-of-annual-plan", raw="95%", value=95, unit="%")
    assert certainty_problems(share, None, text, text.index("95%")) == []
    text = "双良计划总投资132亿元"
    planned = Quantity("investment-total", raw="132亿元", value=13200000000, unit="CNY", qualifiers=["project-total"])
    assert certainty_problems(planned, None, text, text.index("132")) == []
    assert certainty_problems(planned._replace(qualifiers=[]), None, text, text.index("132")) != []


@pytest.mark.parametrize("text, raw", [("某新区预计全年完成投资100亿元，其中已完成60亿元。", "60亿元"),
                                       ("某新区项目总投资50亿元，目前已完成投资20亿元。", "20亿元"),
                                       ("某新区预计今年产值增长20%，而上半年实际增长15%。", "15%")])
def test_what_is_done_after_a_hedge_of_its_sentence_is_actual(text, raw):
    # verify demanded 'expected' (or project-total) of these, so an actual figure could not be curated as one.
    from baotou_cli.data.fact_checks import certainty_problems
    from baotou_cli.data.model import Quantity

    done = Quantity("m", raw=raw, value=1, unit="CNY")
    assert certainty_problems(done, None, text, text.index(raw)) == []
    hedged = text.split("，")[0]  # the hedged figure itself still needs its hedge
    figure = next(word for word in ("100亿元", "50亿元", "20%") if word in hedged)
    assert certainty_problems(Quantity("m", raw=figure, value=1, unit="CNY"), None, text, text.index(figure)) != []


def test_entity_references_name_each_entity_id_a_fact_uses_with_its_field():
    # The one rule the placeholder and draft checks share: entities, then the speaker, then each figure's subject.
    from baotou_cli.data.model import Fact, SourceRef, entity_references

    fact = Fact(id="f", topic="industry", kind="metric", zh="", en="", source=SourceRef("a", "q"),
                entities=["zone", "jl-mag"], speaker="zhang-yi",
                quantities=[Quantity(measure="m", raw="1", value=1, unit="t", subject="jl-mag"),
                            Quantity(measure="m", raw="2", value=2, unit="t")])
    assert entity_references(fact) == [(("entities", 0), "zone"), (("entities", 1), "jl-mag"),
                                       (("speaker",), "zhang-yi"), (("quantities", 0, "subject"), "jl-mag")]
