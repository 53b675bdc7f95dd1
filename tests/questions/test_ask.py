"""`ask` and questions in `search` (issue #17): question words dropped, Chinese cut into the data's words,
the any-word fallback, question kinds, one ranking across facts and entities, and the command itself."""

from __future__ import annotations

import json

import jsonschema
import pytest

from baotou_cli.questions import question_kinds
from baotou_cli.questions.search import search
from baotou_cli.data import search_index, loader
from baotou_cli.render.json_schemas import schema_for
from conftest import FACTS, run, run_json


@pytest.fixture(scope="module")
def factset():
    return loader.load(FACTS, use_cache=False).factset


def top(factset, text: str, n: int = 3) -> list[str]:
    return [row["id"] for row in search(factset, text)[:n]]


# What a question asks for ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, kind", [
    ("how much magnet capacity does Baotou have", "quantity"), ("How many jobs?", "quantity"),
    ("包头有多少稀土永磁产能", "quantity"), ("几家企业落户", "quantity"), ("what share of China's capacity", "quantity"),
    ("who is Zhang Yi?", "who"), ("刘国银是谁", "who"),
    ("when was the TR50E delivered", "when"), ("金力永磁二期什么时候签约的", "when"), ("哪年投产", "when"),
    ("which companies make magnets", "which"), ("哪些企业生产单晶硅", "which"), ("哪几家企业", "which"),
    ("JL MAG", None), ("稀土", None)])
def test_the_kind_of_question(text, kind):
    assert question_kinds.question(text).kind == kind


def test_the_language_of_a_question():
    assert question_kinds.question("一般公共预算收入是多少").lang == "zh"
    assert question_kinds.question("budget revenue?").lang == "en"


# Parsing: question words out, the data's words in --------------------------------------------------------

def _typed(factset, text: str) -> list[tuple[str, ...]]:
    parsed = search_index.parse(factset.full_text(), text, *question_kinds.stop_words(text))
    return [group[0] for group in parsed.groups]


def test_english_question_words_are_dropped_but_phrases_keep_theirs(factset):
    assert _typed(factset, "who is Zhang Yi?") == [("zhang", "yi")]
    assert _typed(factset, "how much is the budget revenue?") == [("budget", "revenue")]
    assert _typed(factset, "year on year") == [("year", "on", "year")]  # a synonym of 同比, y/y, yoy


def test_chinese_is_cut_into_the_data_words_and_function_words_dropped(factset):
    assert _typed(factset, "包头有多少稀土永磁产能") == [("包", "头"), tuple("稀土永磁"), ("产", "能")]
    assert _typed(factset, "一般公共预算收入是多少") == [tuple("一般公共预算收入")]
    assert _typed(factset, "单晶炉") == [tuple("单晶炉")]  # not a word of the data: the run stays a phrase


def test_quoted_text_is_one_phrase(factset):
    assert _typed(factset, '"the rare earth"') == [("the", "rare", "earth")]
    assert _typed(factset, "“黑灯工厂” jobs")[0] == tuple("黑灯工厂")


def test_only_question_words_are_searched_after_all(factset):
    assert _typed(factset, "what is it?")


# Matching and ranking on the real facts --------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("how much magnet capacity does Baotou have", "magnet-capacity-150kt"),
    ("包头有多少稀土永磁产能", "magnet-capacity-150kt"),
    ("一般公共预算收入是多少", "budget-revenue-oct"),
    ("who is Zhang Yi?", "zhang-yi"),
    ("刘国银是谁", "liu-guoyin"),
])
def test_questions_find_their_answer_first(factset, text, expected):
    assert top(factset, text, 1) == [expected]


def test_english_matches_whole_words_only(factset):
    assert search_index.tokens("off-the-job training") == ["offthejob", "training"]
    assert search_index.tokens("rare-earth") == ["rare", "earth"]
    assert "training-classes-held-6" not in [row["id"] for row in search(factset, "jobs")]


def test_a_word_in_nearly_every_record_does_not_sink_facts(factset):
    rows = search(factset, "稀土")
    assert rows[0]["id"] == "magnet-capacity-150kt"  # the headline figure, not the Rare Earth Building
    assert [row["record"] for row in rows[:5]] == ["fact"] * 5
    assert search(factset, "zone")[0]["record"] == "fact"


def test_an_exact_name_puts_its_entity_and_then_its_facts_first(factset):
    for name in ("JL MAG", "金力永磁"):
        rows = search(factset, name)
        assert rows[0]["id"] == "jl-mag" and rows[1]["record"] == "fact" and "jl-mag" in rows[1]["id"]
    # a name in nearly every record still names its entity, whatever the limit
    for name in ("包头稀土高新区", "Baotou Rare Earth Hi-Tech Zone"):
        assert [row["id"] for row in search(factset, name, limit=1)] == ["baotou-hitech-zone"]


@pytest.mark.parametrize("name, entity", [
    ("Qinghua", "tsinghua-sce"), ("Jinli", "jl-mag"), ("Shuangliang", "shuangliang-group"),
    ("Baotou", "baotou-city")])
def test_romanised_names_find_their_entity(factset, name, entity):
    assert entity in top(factset, name)


@pytest.mark.parametrize("name", ["Yunsheng", "韵升"])
def test_a_name_two_companies_share_finds_both(factset, name):
    # 韵升 (Yunsheng) is in the names of two companies: a synonym, not an alias of either, so
    # neither company is preferred and both come first among the entities found.
    entities = [row["id"] for row in search(factset, name) if row["record"] == "entity"]
    assert set(entities[:2]) == {"yunsheng-tech", "yunsheng-magnet"}


@pytest.mark.parametrize("words, expected", [
    ("capacity", "magnet-capacity-150kt"), ("产能", "magnet-capacity-150kt"),
    ("output value", "rare-earth-output-2022-expected"), ("产值", "rare-earth-output-2022-expected"),
    ("budget revenue", "budget-revenue-oct"), ("预算收入", "budget-revenue-oct"),
    ("funds", "funds-in-place-2022-jan-aug"), ("资金", "funds-in-place-2022-jan-aug"),
    ("jobs", "jl-mag-phase2-sales-tax-jobs"), ("就业岗位", "jl-mag-phase2-sales-tax-jobs"),
    ("employment", "jl-mag-phase2-sales-tax-jobs"), ("promoted", "cadres-promoted-2022-89"),
    ("提拔", "cadres-promoted-2022-89"), ("磁材", "magnet-capacity-150kt"),
    ("investment", "major-projects-investment-completed-oct"), ("投资", "major-projects-investment-completed-oct")])
def test_the_words_of_the_data_are_searchable(factset, words, expected):
    assert expected in [row["id"] for row in search(factset, words)[:10]]


def test_the_fallback_marks_hits_that_match_only_some_words(factset):
    full = search(factset, "magnet capacity")
    assert full and not any(row["partial"] for row in full)
    some = search(factset, "magnet capacity xylophone")
    assert some and all(row["partial"] for row in some) and some[0]["id"] == "magnet-capacity-150kt"
    assert search(factset, "xylophone") == []


# The commands ----------------------------------------------------------------------------------------

def test_search_title_shows_the_whole_query_and_no_header_over_nothing():
    assert run("search", "year on year").stdout.startswith("Search: year on year\n")
    empty = run("search", "xylophone")
    assert empty.exit_code == 0 and empty.stdout == "" and "no results" in empty.stderr
    rows = run_json("search", "magnet xylophone", "--json")
    assert rows and all(row["partial"] for row in rows)
    assert "match only some of them" in run("search", "magnet xylophone").stderr


def test_ask_answers_first_with_figures_quote_and_citation():
    rows = run_json("ask", "how much magnet capacity does Baotou have?", "--json")
    jsonschema.validate(rows, schema_for("ask"))
    answer = rows[0]
    assert answer["role"] == "answer" and answer["id"] == "magnet-capacity-150kt"
    assert answer["question_kind"] == "quantity" and answer["lang"] == "en" and answer["statement"] == answer["en"]
    figure = answer["figures"][0]
    assert (figure["figure_raw"], figure["value"], figure["unit"], figure["certainty"]) == ("15万吨", 150000, "t",
                                                                                            "actual")
    assert answer["quote"] in answer["citation_zh"] or "para." in answer["citation_en"]
    assert [row["role"] for row in rows[1:]] == ["see-also"] * (len(rows) - 1) and 2 <= len(rows) <= 5
    assert all(row["score"] >= question_kinds.SEE_ALSO_SHARE * answer["score"] for row in rows[1:])


def test_ask_speaks_the_question_language_unless_told():
    zh = run_json("ask", "一般公共预算收入是多少？", "--json")
    assert zh[0]["id"] == "budget-revenue-oct" and zh[0]["lang"] == "zh" and zh[0]["statement"] == zh[0]["zh"]
    assert run_json("ask", "一般公共预算收入是多少？", "--lang", "en", "--json")[0]["statement"] == zh[0]["en"]
    shown = run("ask", "一般公共预算收入是多少？").stdout
    assert shown.startswith("答案：26.2亿元") and "原文：" in shown and "出处：" in shown
    english = run("ask", "budget revenue?", "--limit", "1").stdout
    assert english.startswith("Answer:") and "as of end-Oct 2022" in english and "See also" not in english


def test_ask_with_nothing_relevant_exits_1_naming_near_words(factset):
    result = run("ask", "how many xylophones?")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "nothing in the facts answers" in result.stderr
    assert "investment" in result.stderr  # no word near: the topics the facts know
    assert "magnets" in search_index.known_words(factset.full_text(), "magnetts")
    piped = run("ask", "how many xylophones?", "--json")  # scripts still get valid JSON, and the exit code
    assert piped.exit_code == 1 and json.loads(piped.stdout) == [] and piped.stderr.count("\n") == 1
    csv_out = run("ask", "how many xylophones?", "--format", "csv")
    assert csv_out.exit_code == 1 and csv_out.stdout.startswith("rank,role,id")


def test_a_misspelled_word_finds_what_the_right_one_does(factset):
    assert "shuangliang-silicon-560-furnaces" in top(factset, "monocrystaline furnaces")
    assert top(factset, "magnett capacty", 1) == ["magnet-capacity-150kt"]


def test_ask_usage_errors_are_exit_2():
    assert run("ask", "").exit_code == 2
    assert run("ask", "magnet", "--limit", "0").exit_code == 2
    assert run("ask", "magnet", "--lang", "fr").exit_code == 2


def test_ask_json_is_valid_when_piped_into_a_script():
    rows = json.loads(run("ask", "who is Zhang Yi", "--format", "json").stdout)
    assert rows[0]["id"] == "zhang-yi-role" and rows[0]["question_kind"] == "who"


@pytest.mark.parametrize("group, message", [
    ({"terms": ["solar"]}, "needs at least 2 items"),
    ({"terms": ["solar", "—"]}, "a letter or digit"),
    ({"terms": "solar, PV"}, "expected a list")])
def test_a_synonym_group_is_validated(group, message):
    from baotou_cli.data import validation

    with pytest.raises(validation.SchemaProblem, match=message) as problem:
        validation._check(group, validation.SYNONYMS, ("synonyms", 0))
    assert problem.value.path[:2] == ("synonyms", 0)


def test_first_per_quote_gives_each_heading_or_caption_once(factset):
    from baotou_cli.data.model import FactSet

    for kinds in (("heading",), ("caption",), ("heading", "caption")):
        # the bundled file repeats no quote: every heading or caption, once
        assert [f.id for f in factset.first_per_quote(kinds, "baotou-hitech-article")] == [
            f.id for f in factset.select(kinds=kinds)]
    assert list(factset.first_per_quote(("heading",), "no-such-source")) == []
    headings = list(factset.select(kinds=("heading",)))
    again = [f._replace(id=f"{f.id}-again") for f in headings]  # the same quotes, cited by other facts
    twice = FactSet(factset.path, factset.sources, factset.entities, [*headings, *again])
    assert list(twice.first_per_quote(("heading",), "baotou-hitech-article")) == headings


def test_how_and_its_adjective_are_not_looked_for(factset):
    assert question_kinds.lookup_text("How big is the magnet capacity?") == "  is the magnet capacity?"
    assert question_kinds.lookup_text("how many") == "how many"  # nothing else: looked for after all
    assert top(factset, "how big is the magnet capacity", 1) == ["magnet-capacity-150kt"]


def test_a_one_character_function_word_stays_inside_a_word(factset):
    assert _typed(factset, "功能材料有哪些") == [tuple("功能材料")]  # 能 of 功能 stays
    assert _typed(factset, "签约了多少个项目") == [("签", "约"), ("项", "目")]  # 了 and 个 at the ends go
    assert _typed(factset, "清华大学的培训计划是什么")[1] == ("大", "学")  # 大 of 大学 stays


def test_ask_piped_gives_one_line_per_item():
    lines = run("ask", "budget revenue?", "--limit", "1").stdout.splitlines()
    source = next(line for line in lines if line.startswith("Source:"))
    assert "para. 6." in source and source.endswith("[budget-revenue-oct]")
    assert lines[0].startswith("Answer:") and lines[0].endswith("as of end-Oct 2022")


def test_a_piped_answer_is_written_without_loading_rich_console():
    """A piped answer is laid out as text already: Rich's Console (most of a table's start-up) is not loaded,
    and the text is the same as the one Rich's width rules give (COLUMNS here)."""
    import subprocess
    import sys

    from conftest import ROOT

    command = [sys.executable, "-X", "importtime", "-m", "baotou_cli", "ask", "how much magnet capacity?"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "rich.console" not in result.stderr
    assert result.stdout == run("ask", "how much magnet capacity?").stdout


@pytest.mark.parametrize("text, answer", [
    ("when was the forum held?", "zhang-yi-quote-forum-signings"),
    ("when did the forum take place", "zhang-yi-quote-forum-signings"),
])
def test_a_verb_of_the_question_does_not_outrank_what_it_asks_about(text, answer):
    # "held" is rarer in the facts than "forum": the answer was 6 training classes "held".
    assert run_json("ask", "--json", "--limit", "1", text)[0]["id"] == answer


@pytest.mark.parametrize("command", ["ask", "search"])
@pytest.mark.parametrize("text", ["5%", "-5%", "15%"])
def test_a_percentage_asked_is_not_answered_in_full_by_the_same_digits(command, text):
    # The index has no '%': 5% found "5 thematic lectures" and called it a full match.
    rows = run_json(command, "--json", "--", text)
    assert rows and all(row["partial"] for row in rows)


def test_a_percentage_the_facts_give_is_still_a_full_answer():
    rows = run_json("ask", "--json", "--limit", "1", "33.2%")
    assert rows[0]["id"] == "industrial-fixed-asset-investment-oct" and rows[0]["partial"] is False


@pytest.mark.parametrize("text", ["what is the", "的 是 多少", "how much", "how much?", "What is it?"])
def test_a_question_of_question_words_only_is_answered_by_nothing(text):
    # "what is the" was answered, in full, by the 125 major projects: every fact holds "the". Nothing is
    # asked: a usage error (exit 2), one line naming what was typed, nothing on stdout.
    result = run("ask", "--json", text)
    assert result.exit_code == 2 and result.stdout == ""
    assert f"nothing to ask in {text!r}: only question words" in result.stderr
    assert result.stderr.count("\n") == 1


def test_search_still_finds_a_question_word_searched_on_its_own():
    assert run_json("search", "--json", "--limit", "1", "the")


@pytest.mark.parametrize("command, text", [("ask", "-5%"), ("search", "-稀土")])
def test_text_starting_with_a_dash_says_how_to_pass_it(command, text):
    result = run(command, text)
    assert result.exit_code == 2 and f"goes after '--': baotou {command} -- " in result.stderr
    assert result.stderr.count("\n") == 1
    assert run(command, "--json", "--", text).exit_code in (0, 1)
