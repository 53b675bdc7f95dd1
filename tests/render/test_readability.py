"""What a reader sees (issue #18): at 40, 80 and 120 columns, piped and on a pseudo-terminal, in English and
Chinese, on the real facts file. Each test names the item of the issue it checks."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import sqlite3
import struct
import subprocess
import sys
import termios

import pytest

from conftest import FACTS, ROOT, complete, read_terminal, run, run_json
from baotou_cli.render.table_layout import cells

WIDTHS = (40, 80, 120)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def table(*args: str, width: int = 80) -> str:
    result = run(*args, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    return result.stdout


def on_terminal(*args: str, width: int = 80, rows: int = 24, **env: str) -> str:
    """Run baotou with stdout on a pseudo-terminal of this size; returns what it drew, styles removed."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, width, 0, 0))
    environment = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR", "COLUMNS", "LINES")}
    environment.update({"TERM": "xterm-256color", "PAGER": "cat", **env})
    process = subprocess.Popen([sys.executable, "-m", "baotou_cli", *args], stdout=follower,
                               stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=environment, cwd=ROOT)
    os.close(follower)
    return ANSI.sub("", read_terminal(leader, process).decode("utf-8")).replace("\r\n", "\n")


def column_width(text: str, header: str) -> int:
    """How wide a table column is: from its header to the next header (or the end of the widest line)."""
    line = next(line for line in text.splitlines() if header in line)
    start = line.index(header)
    rest = re.search(r"\s{2,}(?=\S)", line[start:])
    if rest:
        return rest.end() - 2  # two cells between columns
    return max(len(line) for line in text.splitlines()) - start


# 1. summary TOPIC keeps every figure, and says what a topic without figures holds ------------------------

@pytest.mark.parametrize("topic", ["training", "industry", "governance", "investment"])
def test_summary_topic_keeps_every_figure(topic):
    [row] = run_json("summary", topic, "--json")
    changes = sum(1 for m in row["highlights"] if m["change"] is not None)
    assert len(row["highlights"]) + changes == row["figures"] > 0  # a change rides with its figure
    shown = table("summary", topic, width=120)
    for metric in row["highlights"]:
        assert metric["fact_id"] in {m["fact_id"] for m in row["highlights"]}
    assert "ranks no headline figures" not in shown


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("topic", ["overview", "photo"])
def test_a_topic_without_figures_says_what_it_holds(topic, lang):
    text = "".join(table("summary", topic, "--lang", lang).split())  # whatever the line breaks
    assert "ranksnoheadline" not in text and "未标注要闻" not in text
    if lang == "en":
        assert f"Thetopic{topic}" in text and "holdsnofigures" in text and f"baotoufacts--topic{topic}" in text
    else:
        assert "主题没有数据" in text and f"baotoufacts--topic{topic}" in text


# 2. the fact box: what happened first, then what is planned, grouped, labelled, caveats said -------------

@pytest.mark.parametrize("width", WIDTHS)
def test_fact_box_leads_with_dated_actuals_and_labels_what_is_planned(width):
    text = " ".join(table("summary", width=width).split())  # one line: figures may wrap
    happened = text.index("What happened: actual figures")
    planned = text.index("not outcomes")
    assert happened < planned
    flat = text
    for actual in ("¥19.3 bn", "¥5.5 bn", "¥2.62 bn", "¥5.15 bn"):
        assert happened < text.index(actual) < planned, actual
    for forecast in ("¥67.8 bn", "¥100 bn", "¥45 bn"):
        assert text.index(forecast) > planned, forecast
    assert text.index("¥19.3 bn") < text.index("¥5.15 bn")  # the money actually invested leads
    # A note that qualifies a headline figure is said in a few words, marked on its figure.
    assert "150,000 t [" in flat and "six top-ten magnet makers" in flat
    assert "¥67.8 bn [" in flat and "not money spent" in flat


def test_fact_box_in_chinese_is_grouped_too():
    text = table("summary", "--lang", "zh", width=120)
    assert text.index("实际数据") < text.index("193亿元") < text.index("计划、预计") < text.index("678亿元")
    assert "原文未说明是全区产能还是六家十强企业的产能" in text


def test_summary_json_puts_actual_headlines_first():
    highlights = [m for row in run_json("summary", "--json") for m in row["highlights"]]
    box = sorted(highlights, key=lambda m: (m["certainty"] != "actual", m["headline"]))
    assert box[0]["fact_id"] == "major-projects-investment-completed-oct"


# 3. at 80 columns a statement gets at least half the width; ids are never split ----------------------

@pytest.mark.parametrize("args, header", [
    (["training"], "Statement"), (["facts"], "Statement"), (["search", "稀土"], "Statement"),
    (["companies"], "Name"), (["investment"], None), (["industry"], None),
])
def test_at_80_columns_the_statement_gets_half_the_width(args, header):
    text = table(*args, width=80)
    if header is not None:
        assert column_width(text, header) >= 40, text[:400]
    else:  # figure tables: each statement under its row, across the width
        statement_lines = [line for line in text.splitlines() if line.startswith("  ") and line.strip()]
        assert statement_lines and max(len(line) for line in statement_lines) > 60


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("command", ["training", "facts", "companies"])
def test_ids_are_never_split(command, width):
    text = table(command, width=width)
    lines = {line.strip() for line in text.splitlines()} | set(" ".join(text.split()).split())
    ids = [row["id"] for row in run_json(command, "--json")]
    for record_id in ids:
        if len(record_id) <= width:
            assert any(record_id in line for line in lines), record_id
    assert max(cells(line) for line in text.splitlines()) <= width


# 4. piped and terminal: the same layout; a pager on a terminal only ---------------------------------------

# On a pseudo-terminal (a process each): the quick run checks one width per test, CI all of them.
PTY_WIDTHS = [pytest.param(40, marks=pytest.mark.slow), 80, pytest.param(120, marks=pytest.mark.slow)]


@pytest.mark.parametrize("width", PTY_WIDTHS)
@pytest.mark.parametrize("args", [["projects", "-n", "1"], ["training"], ["summary"], ["search", "稀土"],
                                  ["projects", "--lang", "zh"], ["chart", "growth"], ["show", "jl-mag"]])
def test_piped_and_terminal_output_have_the_same_lines(args, width):
    piped = table(*args, width=width).splitlines()
    shown = on_terminal("--no-pager", *args, width=width).splitlines()
    assert shown == piped


def test_long_terminal_output_goes_through_the_pager_and_short_or_piped_output_does_not():
    paged = on_terminal("training", PAGER="sed s/^/paged:/")
    assert paged.splitlines()[0] == "paged:Cadre training and promotion"
    assert all(line.startswith("paged:") for line in paged.splitlines() if line)
    assert "paged:" not in on_terminal("--no-pager", "training", PAGER="sed s/^/paged:/")
    assert "paged:" not in on_terminal("projects", "-n", "1", "--fields", "id", PAGER="sed s/^/paged:/")
    assert "paged:" not in on_terminal("training", PAGER="sed s/^/paged:/", BAOTOU_PAGER="")
    piped = subprocess.run([sys.executable, "-m", "baotou_cli", "training"], capture_output=True, text=True,
                           env={**os.environ, "PAGER": "sed s/^/paged:/"}, cwd=ROOT)
    assert piped.returncode == 0 and "paged:" not in piped.stdout



@pytest.mark.parametrize("pager", ['less "', "\\", "'"])
def test_a_pager_the_shell_cannot_parse_prints_straight_away(pager):
    # PAGER='less "' was exit 3 (shlex's ValueError); like a pager that is not installed, it prints instead.
    shown = on_terminal("training", PAGER=pager)
    assert shown.splitlines()[0] == "Cadre training and promotion" and "internal error" not in shown



@pytest.mark.parametrize("width", [20, *(pytest.param(w, marks=pytest.mark.slow) for w in (25, 30, 40))])
@pytest.mark.parametrize("question", ["magnet capacity", "稀土永磁产能"])
def test_an_answer_on_a_narrow_terminal_stays_inside_it(question, width):
    # At 20 columns the text beside the labels kept 20 cells of its own, and lines ran to 30.
    shown = on_terminal("--no-pager", "ask", question, "--limit", "2", width=width)
    assert "Answer" in shown or "答案" in shown
    assert max(cells(line) for line in shown.splitlines()) <= width


# 5. the projects table shows what sizes a project, each figure with its certainty -------------------------

@pytest.mark.parametrize("width", WIDTHS)
def test_projects_show_sales_jobs_and_progress_with_certainty(width):
    text = table("projects", "-i", "rare-earth", width=width)
    lines = [line.strip() for line in text.splitlines()]
    for shown in ("¥5 bn", "¥600 m", "5,000", "85%", "70%", "not stated"):
        assert any(shown in line for line in lines), shown
    assert text.count("(expected)") >= 3 and text.count("(actual)") >= 2 and "Other figures" in " ".join(text.split())
    zh = table("projects", "-i", "rare-earth", "--lang", "zh", width=width)
    assert "50亿元" in zh and "5000余个" in zh and zh.count("（实际）") >= 2 and "原文未载明" in zh


# 6. investment split; every schema field described ----------------------------------------------------

def test_planned_investment_and_invested_are_apart():
    rows = {row["id"]: row for row in run_json("projects", "--json")}
    assert "investment_cny" not in rows["shuangliang-40gw"]
    assert rows["shuangliang-40gw"]["planned_investment_cny"] == 13_200_000_000
    assert all(row["invested_cny"] is None for row in rows.values())  # the article gives no project's spending
    assert [r["id"] for r in run_json("projects", "--sort", "-investment", "--json")][0] == "shuangliang-40gw"


def test_every_field_of_every_schema_has_a_description():
    from baotou_cli.render import json_schemas

    def walk(schema, where):
        if isinstance(schema, dict):
            for name, field in schema.get("properties", {}).items():
                assert field.get("description"), f"{where}.{name}"
                walk(field, f"{where}.{name}")
            for value in schema.values():
                if isinstance(value, (dict, list)):
                    walk(value, where)
        elif isinstance(schema, list):
            for item in schema:
                walk(item, where)

    for command in [*json_schemas.RECORDS, *json_schemas.OBJECTS]:
        walk(json_schemas.schema_for(command), command)


# 7. one naming scheme: every CSV column is a --fields name, periods kept, SQLite like the CLI ---------------

@pytest.mark.parametrize("command", [["projects"], ["summary"], ["export"], ["facts"]])
def test_every_csv_column_is_accepted_by_fields(command):
    header = run(*command, "--format", "csv").stdout.splitlines()[0].split(",")
    assert len(header) == len(set(header)) and not any(c.startswith("figure_figure_") for c in header)
    result = run(*command, "--format", "csv", "--fields", ",".join(header))  # an unknown name is exit 2
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0].split(",") == header


def test_projects_csv_keeps_each_figures_period():
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(run("projects", "--format", "csv").stdout)))
    seven = next(r for r in rows if r["figure_raw"] == "70亿元")
    assert seven["figure_period_start"] == "2022" and seven["figure_certainty"] == "planned"


def test_sqlite_views_say_what_the_cli_says(tmp_path):
    target = tmp_path / "facts.db"
    assert run("export", "--format", "sqlite", "--output", str(target)).exit_code == 0
    db = sqlite3.connect(target)
    statuses = dict(db.execute("SELECT id, status FROM projects"))  # named as in --json
    assert json.loads(statuses["shuangliang-40gw"]) == ["under-construction", "in-production"]
    assert all(isinstance(json.loads(industries), list) for (industries,) in db.execute("SELECT industries FROM projects"))
    subjects = {s for (s,) in db.execute("SELECT subject_en FROM figures WHERE subject = 'baotou-hitech-zone'")}
    assert subjects == {"Baotou Rare Earth Hi-Tech Zone"}
    columns = [row[1] for row in db.execute("PRAGMA table_info(figures)")]
    assert {"figure_raw", "en", "zh", "certainty", "period_start"} <= set(columns) and "figure" not in columns


# 8. Chinese on a terminal ---------------------------------------------------------------------------------

@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("command", [["training"], ["summary"], ["projects"], ["show", "magnet-capacity-150kt"],
                                     ["facts", "--topic", "overview"], ["people"]])
def test_chinese_lines_fit_even_when_ambiguous_characters_are_drawn_wide(command, width):
    text = table(*command, "--lang", "zh", width=width)
    for line in text.splitlines():
        assert cells(line) <= width, line  # cells() counts “ ” … — as two: a CJK terminal's width


def test_chinese_keeps_numbers_with_their_measure_words():
    for width in WIDTHS:
        lines = table("training", "--lang", "zh", width=width).splitlines()
        for unit in ("52讲", "6场", "5期", "89名"):
            assert any(unit in line for line in lines), (unit, width)
        assert not any(line.lstrip().startswith(("讲", "场", "。")) for line in lines)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("command", [["training"], ["projects"], ["industry"]])
def test_chinese_lines_do_not_split_common_words(command, width):
    lines = [line.strip() for line in table(*command, "--lang", "zh", width=width).splitlines()]
    for word in ("提升", "参加", "智能", "制造", "稀土", "项目"):
        for upper, lower in zip(lines, lines[1:], strict=False):
            assert not (upper.endswith(word[0]) and lower.startswith(word[1]) and word[0] != word[1]), (word, upper)


def test_chinese_breaks_between_words_where_punctuation_is_near():
    text = table("industry", "--by", "period", "--lang", "zh", width=80)
    assert "未合计：指标或\n" in text or "未合计：\n" in text  # not 未合计：指标或单位不 / 同


def test_show_in_chinese_is_chinese():
    text = table("show", "jl-mag", "--lang", "zh", width=80)
    assert "类型          企业" in text and "产业          稀土新材料" in text
    for english in ("company", "rare-earth\n", "Facts about"):
        assert english not in text
    assert "说明（英文）" in text  # the facts file's notes are English only: the label says so
    fact = table("show", "magnet-capacity-150kt", "--lang", "zh", width=120)
    assert "产业 / 数据" in fact and "包头稀土高新区（baotou-hitech-zone）" in fact


@pytest.mark.parametrize("args", [["training", "--lang", "zh"], ["summary", "--lang", "zh"], ["chart", "output"],
                                  ["show", "magnet-capacity-150kt", "--lang", "zh"]])
@pytest.mark.parametrize("width", [40, pytest.param(80, marks=pytest.mark.slow)])
def test_on_a_terminal_no_line_passes_the_edge_even_with_wide_ambiguous_characters(args, width):
    shown = on_terminal("--no-pager", *args, width=width)
    assert max(cells(line) for line in shown.splitlines()) <= width


# 9. cells that do not puzzle --------------------------------------------------------------------------------

def test_qualifiers_read_as_words_and_labels_are_not_doubled():
    text = table("summary", "--format", "markdown")  # cells unwrapped
    assert "(first)" not in text and "(record)" not in text
    assert "for the first time" in text and "record high" in text
    training = " ".join(table("training", width=120).split())
    assert "classes: 8 off-the-job training classes" not in training and "8 off-the-job training classes" in training


def test_show_names_whose_figure_it_is_by_the_short_name_never_about():
    text = " ".join(table("show", "funds-in-place-2022-jan-aug", width=120).split())
    assert "subject: Baotou Rare Earth Hi-Tech Zone" in text and "; about " not in text


def test_a_subject_on_every_row_is_said_once():
    text = table("industry", "-i", "new-energy", width=120)
    assert "Subject" in text  # several subjects: the column stays
    single = table("investment", "--by", "period", "--limit", "1", width=120)
    assert single.count("Baotou Rare Earth Hi-Tech Zone") >= 1


# 10. show by name or alias; an entity in short -------------------------------------------------------------

@pytest.mark.parametrize("name", ["JL MAG", "金力永磁", "jl mag", "JLMAG", "ＪＬ ＭＡＧ"])  # full-width, as search folds it
def test_show_finds_an_entity_by_name_or_alias(name):
    [record] = run_json("show", name, "--json")
    assert record["id"] == "jl-mag"


def test_show_finds_a_name_written_in_traditional_characters():
    [record] = run_json("show", "包頭稀土高新區", "--json")
    assert record["id"] == "baotou-hitech-zone"


def test_a_name_that_fits_several_lists_them():
    result = run("show", "jl")
    assert result.exit_code == 2 and "names 2 records: jl-mag" in result.stderr and "jl-mag-phase2" in result.stderr


def test_an_entity_shows_a_short_list_of_its_facts_and_all_with_all():
    short = table("show", "baotou-hitech-zone", width=80).splitlines()
    full = table("show", "baotou-hitech-zone", "--all", width=80).splitlines()
    assert len(short) < 40 < len(full)
    heading = next(line for line in short if re.fullmatch(r"Facts about it \(\d+, the first 10\)", line))
    facts = short[short.index(heading) + 1:-1]
    assert len(facts) == 10 and all(cells(line) <= 80 for line in facts)
    assert short[-1] == "Every fact with its figures: baotou show baotou-hitech-zone --all"
    [entity] = run_json("show", "jl-mag", "--json")
    for width in WIDTHS:  # a fact's id is never cut to fit the line: the statement is, with …
        lines = table("show", "jl-mag", width=width).splitlines()
        assert all(any(line.split()[:1] == [fact_id] for line in lines) for fact_id in entity["data"]["fact_ids"])
        assert max(cells(line) for line in lines) <= width


# 11. provenance in facts --json and search --json ----------------------------------------------------------

def test_facts_and_search_records_carry_their_source():
    sources = {row["id"]: row["source"] for row in run_json("export", "--format", "json")}
    for row in run_json("facts", "--json"):
        assert row["source"] == sources[row["id"]]
    for row in run_json("training", "--json"):
        assert row["source"] == sources[row["id"]]
    hits = run_json("search", "永磁", "--json")
    assert all(hit["source"] == (sources[hit["id"]] if hit["record"] == "fact" else None) for hit in hits)
    assert any(hit["record"] == "fact" for hit in hits)


# 12. small things -------------------------------------------------------------------------------------------

def test_option_values_in_any_case_and_suggestions():
    assert run("projects", "--lang", "ZH", "-n", "1").exit_code == 0
    assert json.loads(run("projects", "--format", "JSON", "-n", "1").stdout)
    assert run("investment", "--by", "Period", "--json").exit_code == 0
    result = run("projects", "-f", "jsonl")
    assert result.exit_code == 2 and "did you mean 'ndjson'?" in result.stderr
    result = run("projects", "--fields", "name")
    assert result.exit_code == 2 and "did you mean name_en or name_zh?" in result.stderr


def test_verify_from_the_root_prints_an_absolute_path():
    result = subprocess.run([sys.executable, "-m", "baotou_cli", "verify"], capture_output=True, text=True, cwd="/")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"facts file: {ROOT.resolve() / 'facts.yaml'}"


def test_sort_and_companycomplete():
    assert complete("baotou projects --sort inv") == ["investment", "invested"]
    assert complete("baotou projects --company jl") == ["jl-mag"]


def test_readme_figure_count_matches_verify():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    counts = re.search(r"\((\d+) facts, (\d+) entities,\s+(\d+) figures\)", readme)
    report = run("verify").stdout
    assert counts and f"entities: {counts[2]}, facts: {counts[1]}, quantities: {counts[3]}" in report


def test_each_headline_caveat_names_a_headline_figure_with_a_note():
    # The caveats are keyed by fact id and measure: a renamed fact or measure would drop one silently.
    from baotou_cli.data import loader
    from baotou_cli.render.fact_box import HEADLINE_CAVEATS

    factset = loader.load(FACTS).factset
    for (fact_id, measure), (en, zh) in HEADLINE_CAVEATS.items():
        fact = factset.fact(fact_id)
        assert fact is not None and fact.headline is not None and fact.note, fact_id
        assert measure in [q.measure for q in fact.quantities], (fact_id, measure)
        assert en and zh
