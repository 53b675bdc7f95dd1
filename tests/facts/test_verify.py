"""`baotou verify` proves the bundled facts and catches every kind of tampering."""

from __future__ import annotations

import re

import pytest

from baotou_cli.facts import loader
from baotou_cli.facts.checks import ARABIC_NUMBER, coverage
from conftest import FACTS, SEED, read_yaml, run, write_yaml


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


def _tamper(path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


TAMPERING = [
    ("changed number in raw", "raw: 51.5亿元", "raw: 52.5亿元", "raw text '52.5亿元' is not in the quote"),
    ("wrong unit conversion", "value: 5150000000", "value: 515000000", "value 515000000 is not '51.5亿元'"),
    ("quote not in article", "quote: 2022年1-8月，该高新区", "quote: 2021年1-8月，该高新区", "quote not found"),
    ("wrong unit", "unit: CNY", "unit: t", "does not fit raw text"),
]


@pytest.mark.parametrize("name, old, new, message", TAMPERING, ids=[t[0] for t in TAMPERING])
def test_tampered_copy_fails_verify(facts_copy, name, old, new, message):
    _tamper(facts_copy, old, new)
    result = run("verify", "--facts", str(facts_copy))
    assert result.exit_code == 1
    assert "FAIL" in result.stdout and message in result.stdout
    assert result.stdout.rstrip().splitlines()[-1].startswith("FAILED:")


def test_duplicate_id_fails_verify(facts_copy):
    text = facts_copy.read_text(encoding="utf-8")
    second_id = re.findall(r"^  - id: (\S+)$", text, re.M)[-1]
    _tamper(facts_copy, f"  - id: {second_id}\n", "  - id: funds-in-place-2022-jan-aug\n")
    result = run("verify", "--facts", str(facts_copy))
    assert result.exit_code == 1 and "duplicate id 'funds-in-place-2022-jan-aug'" in result.stdout


def test_a_dropped_fact_leaves_numbers_uncited(facts_copy):
    text = facts_copy.read_text(encoding="utf-8")
    start = text.index("  - id: funds-in-place-2022-jan-aug\n")
    end = text.index("\n  - id: ", start + 1) + 1
    facts_copy.write_text(text[:start] + text[end:], encoding="utf-8")
    result = run("verify", "--facts", str(facts_copy))
    assert result.exit_code == 1
    for number in ("51.5", "50.6"):
        assert f"line 29: {number}" in result.stdout


def test_changed_article_fails_on_its_checksum(facts_copy):
    article = facts_copy.parent / "seeds" / SEED.name
    article.write_bytes(article.read_bytes() + b"\n")
    result = run("verify", "--facts", str(facts_copy))
    assert result.exit_code == 1 and "does not match its sha256" in result.stdout


def test_queries_refuse_a_file_that_fails_a_check(facts_copy):
    _tamper(facts_copy, "value: 5150000000", "value: 515000000")
    result = run("investment", "--json", "--facts", str(facts_copy))
    assert result.exit_code == 1 and result.stdout == ""
    assert "value 515000000 is not '51.5亿元' = 5150000000" in result.stderr


# Rows that stand alone, and the v2 data rules: each rule fails a tampered copy --------------------------

def _edit_fact(path, fact_id: str, change) -> None:
    """Change one fact of a facts file in place (structural edits a text replacement cannot make)."""
    data = read_yaml(path.read_text(encoding="utf-8"))
    change(next(f for f in data["facts"] if f["id"] == fact_id))
    path.write_text(write_yaml(data), encoding="utf-8")


def _verify_fails(path, message: str) -> str:
    result = run("verify", "--facts", str(path))
    assert result.exit_code == 1, result.stdout
    assert message in result.stdout, result.stdout
    return result.stdout


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
    ("Chinese in English", "funds actually received from outside the region, up 50.6%",
     "funds actually received (到位资金) from outside the region, up 50.6%", "Chinese text '到' in English"),
]


@pytest.mark.parametrize("name, old, new, message", STATEMENT_TAMPERING, ids=[t[0] for t in STATEMENT_TAMPERING])
def test_a_row_that_does_not_stand_alone_fails_verify(facts_copy, name, old, new, message):
    _tamper(facts_copy, old, new)
    _verify_fails(facts_copy, message)


def test_an_alias_counts_as_a_name_only_as_whole_words(facts_copy):
    # "Baotou" (an alias of Baotou City, not linked here) and "GE" inside "change" name nothing.
    _tamper(facts_copy, FUNDS_EN, "en: In January-August 2022 funds in Baotou saw a change and the area brought in")
    _verify_fails(facts_copy, "names none of the fact's entities (by English name or alias)")


def test_quote_pieces_far_apart_fail_verify(facts_copy):
    # "目前，" first occurs ~1,500 characters before the rest: `cite` would show the wrong paragraph.
    _edit_fact(facts_copy, "banyuetan-lectures-6", lambda f: f["source"].update(
        quote="目前，…组织落实内蒙古自治区干部能力持续提升工程培训“半月谈”讲座6场"))
    _verify_fails(facts_copy, "the quote's pieces lie")


def test_a_quote_of_nothing_but_ellipses_fails_verify(facts_copy):
    _edit_fact(facts_copy, "born-of-rare-earth", lambda f: f["source"].update(quote="… …"))
    _verify_fails(facts_copy, "the quote has no words")


def test_every_quantity_needs_a_subject_among_its_facts_entities(facts_copy):
    _edit_fact(facts_copy, "funds-in-place-2022-jan-aug", lambda f: f["quantities"][0].pop("subject"))
    _verify_fails(facts_copy, "a quantity needs a subject")
    _edit_fact(facts_copy, "funds-in-place-2022-jan-aug", lambda f: f["quantities"][0].update(subject="jl-mag"))
    _verify_fails(facts_copy, "subject 'jl-mag' is not among the fact's entities")


def test_every_measure_used_is_declared(facts_copy):
    _edit_fact(facts_copy, "funds-in-place-2022-jan-aug", lambda f: f["quantities"][0].update(measure="money"))
    _verify_fails(facts_copy, "measure 'money' is not declared under `measures`")


def test_every_measure_declared_is_used(facts_copy):
    _tamper(facts_copy, "measures:\n", "measures:\n  - {id: unused-measure, en: nothing, zh: 无}\n")
    _verify_fails(facts_copy, "FAIL measure 'unused-measure': field 'id': measure 'unused-measure' is declared but "
                              "no quantity uses it")


@pytest.mark.parametrize("fact_id, rank, message", [
    ("local-conversion-rate-85", 7, "headline rank 7 is also given to fact 'magnet-capacity-150kt'"),
    ("local-conversion-rate-85", 0, "headline rank 0 must be a positive whole number"),
    ("born-of-rare-earth", 7, "a headline fact needs a figure"),
])
def test_headline_ranks_are_unique_positive_and_on_figures(facts_copy, fact_id, rank, message):
    _edit_fact(facts_copy, fact_id, lambda f: f.update(headline=rank))
    _verify_fails(facts_copy, message)


@pytest.mark.parametrize("entry, message", [
    ("{id: funds-in-place-2022-jan-aug, to: budget-revenue-oct, note: x}", "collides with a live fact or entity id"),
    ("{id: old-funds, to: no-such-fact, note: x}",
     "FAIL redirect 'old-funds': field 'to': redirect target 'no-such-fact' is not a fact or entity id"),
])
def test_bad_redirects_fail_verify(facts_copy, entry, message):
    _tamper(facts_copy, "redirects: []", f"redirects:\n  - {entry}")
    _verify_fails(facts_copy, message)


def test_one_article_figure_is_a_quantity_of_one_fact_only(facts_copy):
    # The 15,000 t in the second Yunsheng sentence is cited there as a label; as a quantity it is a second copy
    # only when it claims the mention another fact already owns: here, the first sentence's.
    def also_claim(fact):
        fact["source"]["quote"] = "包头韵升科技发展有限公司年产1.5万吨高性能稀土永磁材料智能制造项目车间主体结构已完成85%"
        fact["labels"] = []
        fact["quantities"] = [{"measure": "capacity-magnets", "subject": "yunsheng-15kt", "raw": "1.5万吨",
                               "value": 15000, "unit": "t", "qualifiers": ["design"]}]
    _edit_fact(facts_copy, "yunsheng-15kt-high-per-mu", also_claim)
    _verify_fails(facts_copy, "figure '1.5万吨' is already a quantity of fact 'yunsheng-15kt-construction-progress'")


def test_a_queried_file_must_pass_the_new_rules_too(facts_copy):
    _tamper(facts_copy, FUNDS_EN, "en: It brought in")
    result = run("investment", "--json", "--facts", str(facts_copy))
    assert result.exit_code == 1 and result.stdout == "" and "does not stand alone" in result.stderr


def test_every_fact_of_the_bundled_file_names_its_subject_in_both_languages():
    from baotou_cli.facts.checks import en_anaphor, zh_anaphor

    factset = loader.load(FACTS, strict=False).factset
    for fact in factset.facts:
        linked = [factset.entity_by_id[e] for e in fact.entities]
        assert en_anaphor(fact.en, linked) is None and zh_anaphor(fact.zh, linked) is None, fact.id


# Certainty and precision: what the quote says of a figure, its qualifiers must say too ------------------

def _set_qualifiers(path, fact_id: str, raw: str, qualifiers: list[str]) -> None:
    def change(fact):
        next(q for q in fact["quantities"] if q["raw"] == raw)["qualifiers"] = qualifiers
    _edit_fact(path, fact_id, change)


@pytest.mark.parametrize("fact_id, raw, qualifiers, message", [
    # 有望首次突破千亿元: an expected floor shown as an actual, exact figure
    ("gross-industrial-output-2022-expected", "千亿元", ["more-than", "first"], "the article says '有望'"),
    ("gross-industrial-output-2022-expected", "千亿元", ["expected", "first"], "the article says '突破'"),
    ("gross-industrial-output-2022-expected", "千亿元", ["expected", "about", "first"], "add more-than"),
    ("gross-industrial-output-2022-expected", "千亿元", ["design", "more-than", "first"], "its certainty is expected"),
    # 总投资678亿元: the projects' total planned investment, not money spent
    ("major-projects-125", "678亿元", [], "the article says '总投资'"),
    # 年产1.2万吨…项目, under construction: a design capacity
    ("jl-mag-phase2-under-construction", "1.2万吨", [], "'年产…项目'"),
    # 建成后将具备年产2万吨: the 2 of 1.2万吨 is not this figure; the hedge still is
    ("jl-mag-phase2-capacity-20kt", "2万吨", [], "its certainty is"),
    # 建成后…年产能将达到3.3万吨: expected, whatever the plant's design
    ("yunsheng-magnet-capacity-33kt", "3.3万吨", ["design"], "its certainty is expected"),
    # 预计可实现年销售额…，就业岗位5000余个: the hedge covers the whole list
    ("jl-mag-phase2-sales-tax-jobs", "5000余个", ["more-than"], "the article says '预计'"),
    # 同比增长50%以上 of an expected output: the change is as expected as its figure
    ("gross-industrial-output-2022-expected", "50%", ["more-than"], "the article says '有望'"),
    # Invented: a certainty or a floor the article does not give
    ("magnet-capacity-150kt", "15万吨", ["target"], "the article has no word for it"),
    ("funds-in-place-2022-jan-aug", "51.5亿元", ["more-than"], "says nothing of the kind"),
])
def test_a_figure_less_certain_or_exact_in_the_article_than_in_the_data_fails(facts_copy, fact_id, raw, qualifiers,
                                                                               message):
    _set_qualifiers(facts_copy, fact_id, raw, qualifiers)
    _verify_fails(facts_copy, message)


def test_a_quote_cut_short_cannot_hide_a_hedge(facts_copy):
    """The check reads the figure's sentence in the article, not the quote as written."""
    _tamper(facts_copy, "quote: 在重大项目的有力带动下，2022年包头稀土高新区工业总产值有望首次突破千亿元大关，同比增长50%以上。",
            "quote: 千亿元大关，同比增长50%以上。")
    _set_qualifiers(facts_copy, "gross-industrial-output-2022-expected", "千亿元", ["more-than", "first"])
    _verify_fails(facts_copy, "the article says '有望'")


def test_a_made_up_basis_does_not_switch_the_check_off(facts_copy):
    def change(fact):
        figure = next(q for q in fact["quantities"] if q["raw"] == "千亿元")
        figure["basis"], figure["qualifiers"] = "year-on-year", ["more-than", "first"]
    _edit_fact(facts_copy, "gross-industrial-output-2022-expected", change)
    _verify_fails(facts_copy, "basis year-on-year, but the article does not say 同比 before '千亿元'")


def test_a_plan_named_in_the_article_is_not_a_hedge_on_an_actual_share():
    from baotou_cli.facts.checks import certainty_problems
    from baotou_cli.facts.model import Quantity

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
    from baotou_cli.facts.checks import certainty_problems
    from baotou_cli.facts.model import Quantity

    done = Quantity("m", raw=raw, value=1, unit="CNY")
    assert certainty_problems(done, None, text, text.index(raw)) == []
    hedged = text.split("，")[0]  # the hedged figure itself still needs its hedge
    figure = next(word for word in ("100亿元", "50亿元", "20%") if word in hedged)
    assert certainty_problems(Quantity("m", raw=figure, value=1, unit="CNY"), None, text, text.index(figure)) != []
