"""What a reader sees, found in a review of every command as analysts, journalists and researchers use them:
figures that say their certainty once, answers to the question asked, and a partial answer that says which
words it leaves out. On the real facts file."""

from __future__ import annotations

import json

import pytest

from conftest import run, run_json


def _screen(*args: str, width: int = 80) -> str:
    result = run(*args, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize(("lang", "said_twice", "said_once"), [
    ("en", "(planned, total planned investment)", "¥13.2 bn (total planned investment)"),
    ("zh", "（计划，计划总投资）", "132亿元（计划总投资）")])
def test_a_total_planned_investment_says_planned_once(lang, said_twice, said_once):
    """Shuangliang's 总投资132亿元 read '(planned, total planned investment)'."""
    for command in ("projects", "investment", "facts"):
        screen = _screen(command, "--lang", lang, width=120)
        assert said_twice not in screen, command
    assert said_once in _screen("projects", "--lang", lang, width=80)  # cards: one figure a line


@pytest.mark.parametrize(("args", "merged"), [
    (("projects",), "50-tonne class (actual, for the first time)"),
    (("projects", "--lang", "zh"), "50吨级（实际，首次）"),
    (("ask", "total investment of the 125 projects?"), "125 major projects (actual, record high)"),
    (("ask", "125个重大项目总投资"), "125个（实际，历史最高）")])
def test_certainty_goes_inside_the_figures_own_brackets(args, merged):
    """'125 major projects (record high) (actual)': two pairs of brackets after one figure."""
    screen = _screen(*args, width=120)
    assert merged in screen
    assert ") (actual)" not in screen and "）（实际）" not in screen


def test_a_figure_with_other_brackets_keeps_them_apart():
    """2,679 mu (178.6 ha): the hectares are not a qualifier, so 'actual' does not go inside them."""
    from baotou_cli.render.figure_text import with_certainty

    assert with_certainty("2,679 mu (178.6 ha)", "actual", "en") == "2,679 mu (178.6 ha) (actual)"
    assert with_certainty("¥5 bn", "actual", "en") == "¥5 bn (actual)"
    assert with_certainty("36个（历史最高）", "实际", "zh") == "36个（实际，历史最高）"


@pytest.mark.parametrize(("question", "word"), [
    ("what is the population of baotou", "population"), ("gdp 2022", "gdp"), ("包头人口多少", "人口")])
def test_a_partial_answer_names_the_words_it_leaves_out(question, word):
    """'gdp 2022' answered with budget revenue under a bare 'matches only some of the words'."""
    result = run("ask", question)
    assert result.exit_code == 0
    note = [line for line in result.stderr.splitlines() if word in line]
    assert len(note) == 1 and len(result.stderr.splitlines()) == 1, result.stderr
    assert ("未匹配" if word == "人口" else "not '") in note[0]
    answer = run_json("ask", question, "--json")[0]
    assert answer["partial"] is True and answer["unmatched"] == [word]


def test_a_full_answer_has_no_unmatched_words_and_no_note():
    result = run("ask", "how much magnet capacity does Baotou have?")
    assert result.exit_code == 0 and result.stderr == ""
    assert all(row["unmatched"] == [] for row in run_json("ask", "magnet capacity", "--json"))


@pytest.mark.parametrize("question", [
    "How many major projects are under way in the zone this year", "今年重大项目有多少个"])
def test_this_year_does_not_keep_the_answer_out(question):
    """'this year' was looked for: the 125 major projects ('since the start of 2022') dropped out and the
    answer led with 95% of a year's planned investment."""
    answer = run_json("ask", question, "--json")[0]
    assert answer["id"] == "major-projects-125"
    assert answer["figures"][0]["measure"] == "major-projects"
    first_line = _screen("ask", question).splitlines()[0]
    assert "125" in first_line and "95%" not in first_line


def test_the_draft_report_has_the_same_columns_on_every_row(tmp_path):
    """A curator's `draft --report | cut -f3` gave 'drafted baotou-...-001' on some rows and 'date' on others:
    the fact id rode in the status column. Now five columns on every row, as in --json."""
    import shutil

    from conftest import ROOT
    from baotou_cli.render.drafts import STATUS_ORDER

    (tmp_path / "seeds").mkdir()
    shutil.copy(ROOT / "seeds" / "000_9b0c7176cb642d6b.txt", tmp_path / "seeds" / "new.txt")
    shutil.copy(ROOT / "facts.yaml", tmp_path / "facts.yaml")
    shutil.copy(ROOT / "seeds" / "000_9b0c7176cb642d6b.txt", tmp_path / "seeds")
    result = run("draft", str(tmp_path / "seeds" / "new.txt"), "--facts", str(tmp_path / "facts.yaml"), "--report")
    assert result.exit_code == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines()[:-1]]
    assert rows and all(len(row) == 5 for row in rows)
    assert {row[2] for row in rows} <= set(STATUS_ORDER)
    assert all(row[3] for row in rows if row[2] in ("drafted", "covered"))
    assert result.stdout.splitlines()[-1].startswith("numbers: ")


@pytest.mark.parametrize("question", ["who", "who?", "how much?", "是什么", "的", "什么"])
def test_a_question_of_question_words_only_says_so(question):
    """'who' answered with a fact on cadres, 是什么 with the conversion rate, 的 with the 125 projects, and
    'how much?' complained about '?', not what was typed."""
    result = run("ask", question)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (f"baotou: error: nothing to ask in {question!r}: only question words; say what you "
                             "want to know (e.g. 'how much magnet capacity', '稀土永磁产能多少')\n")


@pytest.mark.parametrize("question", ["who is Zhang Yi?", "刘国银是谁", "2022", "what is new"])
def test_a_question_with_one_word_to_look_up_is_answered(question):
    assert run("ask", question).exit_code == 0


def test_ask_on_a_narrow_terminal_never_splits_a_fact_id():
    """At 40 columns 'yunsheng-15kt-construction-' ended a line and 'progress:' began the next: an id that
    no longer pastes into `baotou show`."""
    from test_readability import on_terminal

    screen = on_terminal("--no-pager", "ask", "稀土永磁产能多少", width=40)
    assert any(line.strip().startswith("yunsheng-15kt-construction-progress:") for line in screen.splitlines())
    assert not any(line.rstrip().endswith("-construction-") for line in screen.splitlines())


@pytest.mark.parametrize("question", ["when was the article published?", "文章什么时候发表的", "article date",
                                      "When was the report written"])
def test_the_articles_date_is_said_to_be_unknown_not_answered_with_a_figure(question):
    """'when was the article published?' answered with the ¥19.3 bn invested by end-October 2022."""
    result = run("ask", question)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(f"baotou: error: nothing in the facts answers {question!r}: the article is "
                                    "not dated; it was written after 2022-10-31")
    assert result.stderr.rstrip().endswith("'baotou cite byline' shows its byline")
    assert len(result.stderr.splitlines()) == 1
    empty = run("ask", question, "--json")
    assert empty.exit_code == 1 and json.loads(empty.stdout) == []


@pytest.mark.parametrize("question", ["what year were the 89 cadres promoted", "when did JL MAG sign",
                                      "when was the 20th congress report"])
def test_other_when_questions_are_still_answered(question):
    assert run("ask", question).exit_code == 0


@pytest.mark.parametrize("width", [40, 80, 100, 120])
@pytest.mark.parametrize("command", ["summary", "industry", "investment", "facts", "export"])
def test_the_zones_name_is_never_broken_inside_hi_tech(command, width):
    """'Baotou Rare Earth Hi-' / 'Tech Zone' on every row of the summary: a short prefix is not where a
    hyphenated word breaks ('rare-/earth' still may)."""
    screen = _screen(command, width=width)
    assert not any(line.rstrip().endswith((" Hi-", "(Hi-")) for line in screen.splitlines())


def test_a_hyphenated_word_still_breaks_after_a_long_enough_part():
    from baotou_cli.render.table_layout import wrap

    assert wrap("capacity for rare-earth magnets", 18, hyphens=True) == ["capacity for rare-", "earth magnets"]
    assert wrap("the Hi-Tech Zone", 10, hyphens=True) == ["the", "Hi-Tech", "Zone"]


@pytest.mark.parametrize("command", ["summary", "industry", "projects", "ask"])
def test_chinese_says_not_stated_one_way(command):
    """Tables said 未注明, projects 原文未载明 and ask 未载明时间 for the same 'not stated'."""
    args = ("ask", "稀土永磁产能多少") if command == "ask" else (command, "--lang", "zh")
    screen = _screen(*args, width=80)
    assert "未注明" not in screen and "未载明" in screen


@pytest.mark.parametrize(("lang", "shown"), [("en", "7 (row 7 of 'baotou summary')"), ("zh", "7（baotou summary 第7行）")])
def test_show_says_what_a_headline_rank_is(lang, shown):
    """`show magnet-capacity-150kt` printed 'headline  7' with nothing to say what 7 is."""
    screen = _screen("show", "magnet-capacity-150kt", "--lang", lang, width=80)
    assert shown in screen


def test_verify_fits_80_columns_and_ends_with_a_short_verdict():
    """The OK line was 270 characters: on an 80-column terminal the verdict was lost in the list of checks."""
    from baotou_cli.render.table_layout import cells

    lines = _screen("verify", width=80).splitlines()
    assert lines[-1] == "OK: all checks pass; every number is cited"
    assert lines[-2].startswith("  ") and any(line.startswith("checked: quotes") for line in lines)
    assert all(cells(line) <= 80 for line in lines)


def test_draft_of_an_article_elsewhere_names_it_as_typed_and_the_ways_on(tmp_path):
    """The error named '../../tmp/x/a.txt', a path relative to the facts file the curator never typed, and
    offered only the switch that lifts the confinement."""
    article = tmp_path / "a.txt"
    article.write_text("全区投资10亿元。\n", encoding="utf-8")
    result = run("draft", str(article))
    assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1
    assert f"article '{article}' is outside the facts file's directory" in result.stderr
    assert "../" not in result.stderr
    assert "give --facts a facts file in its directory" in result.stderr


def test_several_unmatched_words_read_as_a_list():
    assert "not 'population' or 'gdp':" in run("ask", "population gdp baotou").stderr


@pytest.mark.parametrize(("args", "width", "split"), [
    (("people", "--lang", "zh"), 80, ("总经", "理")), (("industry", "--lang", "zh"), 40, ("走", "廊")),
    (("timeline", "--lang", "zh"), 80, ("改", "革"))])
def test_chinese_lines_do_not_split_these_words(args, width, split):
    """'双良公司总经' / '理刘国银说', '车间中间走' / '廊的架子上' and '深化改' / '革入手'."""
    lines = [line.strip() for line in _screen(*args, width=width).splitlines()]
    assert not any(a.endswith(split[0]) and b.startswith(split[1]) for a, b in zip(lines, lines[1:], strict=False))


def test_a_short_chinese_name_after_english_moves_down_whole():
    """`show jl-mag` at 80 columns: aliases '..., Jinli Permanent Magnet, 金' / '力'."""
    from baotou_cli.render.table_layout import wrap

    assert wrap("Jinli Permanent Magnet, 金力", 25) == ["Jinli Permanent Magnet,", "金力"]
    lines = [line.strip() for line in _screen("show", "jl-mag", width=80).splitlines()]
    assert not any(a.endswith("金") and b.startswith("力") for a, b in zip(lines, lines[1:], strict=False))


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", ["investment", "industry", "training"])
def test_every_markdown_row_carries_its_own_statement(command, lang):
    """A journalist pasting the 83-industrial-projects row from `--format markdown` got '(same statement as
    above)': fine on a screen, meaningless once the row stands alone."""
    text = _screen(command, "--format", "markdown", "--lang", lang)
    assert "(same statement as above)" not in text and "（同上）" not in text
    header = [cell.strip() for cell in text.splitlines()[0].strip("|").split(" | ")]
    column = header.index("Statement" if lang == "en" else "内容")
    rows = [line.strip("|").split(" | ") for line in text.splitlines()[2:] if line.startswith("| ")]
    assert rows and all(len(row) == len(header) and row[column].strip() for row in rows)


def test_the_table_still_says_a_repeated_statement_once():
    assert "(same statement as above)" in _screen("investment", width=80)


def test_show_names_the_source_as_the_citation_does():
    """`show` said 'contributing correspondent of this newspaper' where `cite` says 'newspaper not named'."""
    en = " ".join(_screen("show", "magnet-capacity-150kt", width=120).split())
    assert "of this newspaper" not in en and "Li Baole (contributing correspondent), newspaper not named" in en
    zh = [line.strip() for line in _screen("show", "magnet-capacity-150kt", "--lang", "zh", width=80).splitlines()]
    assert "原文未载明报纸名称与日期" in "".join(zh)
    assert not any(a.endswith("通") and b.startswith("讯员") for a, b in zip(zh, zh[1:], strict=False))


@pytest.mark.parametrize("width", [80, 120])  # at 40 an id wider than the line breaks at a hyphen (table_layout.py)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_timeline_statement_carries_its_own_id(width, lang):
    """The ids came in a list under all of a period's statements: the third id had to be counted out."""
    text = _screen("timeline", "--lang", lang, width=width)
    flat = " ".join(text.split())
    for row in run_json("timeline", "--json"):
        for fact_id in row["fact_ids"]:
            assert f" [{fact_id}]" in flat, fact_id
    assert "\n\n" in text  # the periods apart


def test_a_role_after_a_name_reads_in_lower_case():
    """'Liu Guoyin, General manager of ...': the role now reads as the statements write it."""
    flat = " ".join(_screen("people", width=120).split())
    assert "Liu Guoyin, general manager of the Shuangliang company" in flat
    assert "Zhang Yi, deputy director of the Economic Development Bureau" in flat
    assert ", General manager" not in flat and ", Deputy director" not in flat


def test_a_speaker_without_a_role_has_no_dangling_comma():
    from baotou_cli.render.views import _speaker

    assert _speaker("Li Baole", {"speaker_zh": "李宝乐", "role_en": None, "role_zh": None}, "en") == "Li Baole"
    assert _speaker("X", {"speaker_zh": "某", "role_en": "Baotou city official", "role_zh": "官员"}, "en") == \
        "X, Baotou city official"


def test_among_partial_matches_the_fact_with_most_of_the_words_answers():
    """'how fast did industrial investment grow' answered with 'value added keeps rising' (no figure, score 8)
    ahead of industrial fixed-asset investment, +33.2% y/y (score 306), which holds every word."""
    rows = run_json("ask", "how fast did industrial investment grow", "--json")
    assert rows[0]["id"] == "industrial-fixed-asset-investment-oct"
    assert "value-added-rising" not in [row["id"] for row in rows]
    assert [len(row["unmatched"]) for row in rows] == sorted(len(row["unmatched"]) for row in rows)
