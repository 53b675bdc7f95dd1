"""Charts, citations, the timeline, the JSON Schema contract and shell completion, in both languages."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import jsonschema
import pytest
from rich.cells import cell_len

from baotou_cli.render import json_schemas
from conftest import LISTING_COMMANDS, ROOT, TINY_FACTS, VARIANTS, complete, run, run_json

JSON_COMMANDS = LISTING_COMMANDS + VARIANTS


@pytest.mark.parametrize("command", JSON_COMMANDS, ids=" ".join)
def test_real_output_matches_the_published_schema(command):
    schema = json.loads(run("schema", command[0]).stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(run_json(*command, "--json"), schema)


def test_schema_rejects_a_changed_record():
    rows = run_json("projects", "--json")
    rows[0]["surprise"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(rows, json_schemas.schema_for("projects"))


# Charts ---------------------------------------------------------------------------------------------------

def test_growth_chart_in_english_piped_at_80_columns():
    lines = run("chart", "growth", env={"COLUMNS": "80"}).stdout.splitlines()
    assert lines[0] == "Chart: year-on-year growth rates (%)"
    assert max(cell_len(line) for line in lines) <= 80
    # whose figure (the zone, by its short name), what, when; then the bar
    funds = lines.index("Baotou Rare Earth Hi-Tech Zone: domestic funds actually received from outside")
    assert lines[funds + 1] == "the region (Jan-Aug 2022)"
    assert lines[funds + 2].startswith("  ###") and lines[funds + 2].endswith(" +50.6% y/y")
    output = next(line for line in lines if line.endswith("more than +50% y/y (expected)"))
    assert set(output.split()[0]) == {"~"}  # an expected figure is drawn apart from actual ones
    assert lines[-3:] == ["# actual", "~ not actual: expected, planned, target, design capacity or total planned",
                          "investment"]
    assert "\x1b" not in "\n".join(lines) and "█" not in "\n".join(lines)


def test_bars_are_scaled_within_their_unit():
    text = run("chart", "capacity", env={"COLUMNS": "80"}).stdout
    groups = {group.split("]")[0]: group for group in text.split("\n[")[1:]}
    assert set(groups) == {"GW", "tonnes"}  # tonnes and GW never share a scale
    bar_of = {line.split(" ", 3)[-1]: len(line.split()[0]) for line in groups["tonnes"].splitlines()
              if line.startswith("  ")}
    assert bar_of["150,000 t"] == max(bar_of.values())  # the longest bar is the largest figure
    assert bar_of["150,000 t"] > bar_of["15,000 t (design capacity)"] > bar_of["12,000 t (design capacity)"]
    assert abs(bar_of["150,000 t"] / bar_of["15,000 t (design capacity)"] - 10) < 1.5


def test_chart_in_chinese_at_40_columns():
    result = run("chart", "growth", "--lang", "zh", env={"COLUMNS": "40"})
    lines = result.stdout.splitlines()
    assert lines[0] == "同比增速（%）" and lines[-3] == "# 实际" and lines[-2].startswith("~ 非实际：预计")
    assert "包头稀土高新区：引进国内(区外)到位资金" in result.stdout  # the chart's labels in Chinese
    assert max(cell_len(line) for line in lines) <= 40
    assert "同比增长50.6%" in result.stdout  # as the article says it, not "同比50.6%"


def test_chart_on_a_forced_terminal_has_colour_and_the_same_glyphs_of_one_cell():
    result = run("chart", "growth", env={"FORCE_COLOR": "1", "COLUMNS": "80"})
    assert "#" in result.stdout and "~" in result.stdout and "\x1b[" in result.stdout
    assert "█" not in result.stdout and "░" not in result.stdout  # ambiguous width: double on a CJK terminal


def test_chart_json_is_like_with_like():
    for name in ("growth", "investment", "capacity", "output"):
        bars = run_json("chart", name, "--json")
        assert bars and all(b["chart"] == name for b in bars)
    assert {b["unit"] for b in run_json("chart", "growth", "--json")} == {"%"}
    assert {b["unit"] for b in run_json("chart", "investment", "--json")} == {"CNY"}
    assert {b["unit"] for b in run_json("chart", "capacity", "--json")} == {"t", "GW"}


# Citations -------------------------------------------------------------------------------------------------

def test_cite_in_english_and_chinese():
    [record] = run_json("cite", "funds-in-place-2022-jan-aug", "--json")
    assert record["sentence"] == "2022年1-8月，该高新区引进国内(区外)到位资金51.5亿元，同比增长50.6%。"  # verbatim
    assert record["line"] == 29 and record["section_zh"] == "创造招商营商“磁场效应”"
    assert record["en"].startswith("In January-August 2022 the Baotou Rare Earth Hi-Tech Zone brought in 5.15 billion")
    # Chicago notes style: section and paragraph, not a line of a file; no straight quotes inside quotes
    assert record["citation_style"] == "chicago-notes" and record["paragraph_in_section"] == 3
    assert record["citation_en"].startswith("Li Baole (contributing correspondent), “Baotou Rare Earth")
    assert "‘high-tech’" in record["citation_en"] and '"' not in record["citation_en"]
    assert record["citation_en"].endswith("n.d., section “Creating a ‘magnetic field effect’ for investment and "
                                          "business,” para. 3.")
    assert "line" not in record["citation_en"]
    assert record["citation_zh"] == ("李宝乐（本报特约通讯员）：《包头稀土高新区：在高质量发展中展现“高新”作为》，"
                                     "“创造招商营商‘磁场效应’”部分第3段（原文未载明报纸名称与日期）。")
    # Piped: one line per paragraph whatever the width, so a paste never breaks inside a sentence
    for width in ("40", "2000"):
        text = run("cite", "funds-in-place-2022-jan-aug", env={"COLUMNS": width}).stdout.splitlines()
        assert text[0] == record["sentence"] and text[2].endswith(record["en"])
        assert text[4] == "Paragraph: " + record["paragraph"]
        assert text[6] == "Citation (Chicago): " + record["citation_en"] and text[7] == record["citation_zh"]
    assert record["sentence"] in record["paragraph"] and record["paragraph"].startswith("自2020年以来")
    zh = run("cite", "funds-in-place-2022-jan-aug", "--lang", "zh", env={"COLUMNS": "40"}).stdout.splitlines()
    assert zh[2].startswith("英文") and zh[4].startswith("段落：") and zh[6] == "引用：" + record["citation_zh"]


def test_cite_of_the_lead_counts_paragraphs_from_the_top():
    [record] = run_json("cite", "byline", "--json")
    assert record["section_zh"] is None and "opening section" in record["citation_en"]


def test_cite_highlights_the_quote_on_a_terminal_and_drops_interrupting_captions():
    [record] = run_json("cite", "yunsheng-magnet-capacity-33kt", "--json")
    assert "国家双创示范基地" not in record["sentence"]  # the photo captions inside the sentence
    assert record["sentence"].endswith("成为全球单体规模最大的稀土永磁材料生产基地。")
    styled = run("cite", "yunsheng-magnet-capacity-33kt", env={"FORCE_COLOR": "1", "COLUMNS": "200"}).stdout
    assert "\x1b[1;33m" in styled


def test_cite_markdown():
    text = run("cite", "funds-in-place-2022-jan-aug", "--format", "markdown").stdout
    assert text.startswith("> 2022年1-8月，") and "\n> English (baotou's rendering" in text
    assert "\n\nLi Baole (contributing correspondent)" in text and "第3段" in text


def test_cite_an_entity_is_a_usage_error():
    result = run("cite", "jl-mag")
    assert result.exit_code == 2 and "is an entity, not a fact" in result.stderr


# Timeline ---------------------------------------------------------------------------------------------

def test_timeline_is_in_order_and_linked_to_facts():
    rows = run_json("timeline", "--json")
    whens = [r["when"] for r in rows]
    assert whens[0] == "2020/.." and whens[-1] == "../writing"  # ISO 8601 intervals; words only in tables
    assert whens.index("2022-01/2022-08") < whens.index("../2022-10-31")
    assert "2022/2024" in whens
    exported = {f["id"] for f in run_json("export", "--json")}
    assert all(set(r["fact_ids"]) <= exported for r in rows)
    as_of = next(r for r in rows if r["when"] == "../2022-10-31")
    assert set(as_of["raw"]) == {"截至2022年10月底", "截至10月底"}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_timeline_table_fits(lang):
    lines = run("timeline", "--lang", lang, env={"COLUMNS": "80"}).stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    assert ("截至2022年10月底" if lang == "zh" else "as of end-Oct 2022") in "\n".join(lines)


# Shell completion ------------------------------------------------------------------------------------------

def test_completion_of_commands_industries_topics_and_ids():
    offered = complete("baotou ti")  # in-process; once in a real process too, as a shell runs it
    assert "timeline" in offered and complete("baotou ti", in_a_process=True) == offered
    assert complete("baotou projects --industry ra") == ["rare-earth"]
    assert complete("baotou summary inv") == ["investment"]
    assert "jl-mag-phase2" in complete("baotou show jl-mag")
    assert "funds-in-place-2022-jan-aug" in complete("baotou cite funds")
    assert complete("baotou schema pro") == ["projects"]


def test_show_completion_prints_a_script():
    result = subprocess.run([sys.executable, "-c", "from baotou_cli.cli import main; main()",
                             "--show-completion", "bash"], capture_output=True, text=True, cwd=ROOT, timeout=60,
                            env={**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"})
    assert result.returncode == 0, result.stderr
    # The script asks baotou itself for candidates and registers that function for the `baotou` command.
    assert "_BAOTOU_COMPLETE=complete_bash" in result.stdout
    assert "complete -o default -F _baotou_completion baotou" in result.stdout


# Groups: each figure once, and a code word for why there is no total -------------------------------------

def _fact(fact_id: str, *quantities, entities=("zone",)):
    from baotou_cli.data.model import Fact, Quantity, SourceRef

    return Fact(fact_id, "industry", "metric", "zh", "en", SourceRef("article", "quote"),
                quantities=[Quantity(**{"unit": "t", "subject": "zone", **q}) for q in quantities],
                entities=list(entities))


def _groups(*facts):
    from baotou_cli.questions import queries

    return {g["group"]: g for g in queries.group_metrics(queries.metric_rows(list(facts)), "measure")}


def test_a_figure_carried_by_two_facts_is_counted_once():
    figure = {"measure": "capacity", "raw": "1.5万吨", "value": 15000}
    group = _groups(_fact("a", figure), _fact("b", figure))["capacity"]
    assert len(group["figures"]) == 1 and group["total"] is None and group["total_note"] == "one-figure"


def test_distinct_actual_figures_of_one_measure_add_up():
    group = _groups(_fact("a", {"measure": "capacity", "raw": "1万吨", "value": 10000, "subject": "x"}),
                    _fact("b", {"measure": "capacity", "raw": "2万吨", "value": 20000, "subject": "y"}))["capacity"]
    assert (group["total"], group["total_unit"], group["total_note"]) == (30000, "t", None)


@pytest.mark.parametrize("second, note", [
    ({"qualifiers": ["design"]}, "not-actual"),
    ({"qualifiers": ["project-total"]}, "not-actual"),
    ({"qualifiers": ["expected"]}, "not-actual"),
    ({"qualifiers": ["more-than"]}, "inexact"),
    ({"value": None, "raw": "数万吨", "qualifiers": ["about"]}, "inexact"),
    ({"unit": "GW", "raw": "2GW", "value": 2}, "mixed-measures"),
    ({"unit": "%", "raw": "2%", "value": 2}, "mixed-measures"),
])
def test_groups_without_a_total_say_why_in_a_code_word(second, note):
    first = {"measure": "capacity", "raw": "1万吨", "value": 10000, "subject": "x"}
    group = _groups(_fact("a", first), _fact("b", {**first, "raw": "2万吨", "value": 20000, "subject": "y",
                                                   **second}))["capacity"]
    assert group["total"] is None and group["total_note"] == note


def test_rates_do_not_add_up():
    rate = {"measure": "share", "unit": "%", "raw": "5%", "value": 5}
    group = _groups(_fact("a", {**rate, "subject": "x"}), _fact("b", {**rate, "subject": "y"}))["share"]
    assert group["total_note"] == "not-additive"


def test_by_measure_on_the_real_file_never_adds_a_figure_twice_and_says_why_in_words():
    from baotou_cli.questions import queries

    for command in (["industry", "--industry", "intelligent-manufacturing"], ["investment"], ["industry"]):
        groups = run_json(*command, "--by", "measure", "--json")
        jsonschema.validate(groups, json_schemas.schema_for(command[0]))
        for group in groups:
            figures = [(f["subject"], f["measure"], f["figure_raw"], f["value"]) for f in group["figures"]]
            assert len(figures) == len(set(figures)), group["group"]
            assert (group["total"] is None) == (group["total_note"] in queries.TOTAL_NOTES)
    table = run("industry", "--industry", "intelligent-manufacturing", "--by", "measure").stdout
    assert "15,000 t; 15,000 t" not in table and "30,000" not in table
    assert "one figure" in table and "one-figure" not in table  # people read words, scripts the code word
    assert "仅一项数据" in run("industry", "--by", "measure", "--lang", "zh").stdout


# Redirects: an old id still answers ------------------------------------------------------------------------

def test_show_of_a_redirected_id_answers_with_its_target_and_says_so(tiny_facts):
    tiny_facts.write_text(TINY_FACTS + "redirects:\n  - {id: funds-2022, to: funds-in-place, note: merged into the "
                          "January-August figure}\n", encoding="utf-8")
    rows = run_json("show", "funds-2022", "--facts", str(tiny_facts), "--json")
    jsonschema.validate(rows, json_schemas.schema_for("show"))
    assert rows[0]["id"] == "funds-in-place"
    assert rows[0]["context"]["redirected_from"] == "funds-2022"
    table = run("show", "funds-2022", "--facts", str(tiny_facts))
    assert table.exit_code == 0 and "'funds-2022' is now 'funds-in-place'" in table.stderr
    assert "merged into the January-August figure" in table.stdout


def test_show_of_a_dropped_id_explains_why(tiny_facts):
    tiny_facts.write_text(TINY_FACTS + "redirects:\n  - {id: old-fact, note: a duplicate}\n", encoding="utf-8")
    result = run("show", "old-fact", "--facts", str(tiny_facts))
    assert result.exit_code == 2 and "fact 'old-fact' was dropped: a duplicate" in result.stderr


# Hints that name commands: the CLI words them; the library raises the same errors without them -----------

def test_cli_hints_name_commands_the_library_does_not(tiny_facts):
    from baotou_cli import open_facts
    from baotou_cli.errors import FailedChecks, NotAFact, UnknownRecord
    from baotou_cli.questions import lookup

    assert run("cite", "jl-mag").stderr == ("baotou: error: 'jl-mag' is an entity, not a fact: only facts have a quote to "
                                            "cite; 'baotou show jl-mag' lists its facts\n")
    assert run("show", "zzqqxxvv").stderr == ("baotou: error: no fact or entity with id 'zzqqxxvv'; 'baotou search TEXT' "
                                              "finds ids\n")
    assert "'baotou search" not in run("show", "funds-in-plac").stderr  # close ids are the hint instead
    facts = open_facts()
    with pytest.raises(NotAFact) as not_a_fact:
        lookup.cited_fact(facts.factset, "jl-mag")
    with pytest.raises(UnknownRecord) as unknown:
        facts.fact("zzqqxxvv")
    tiny_facts.write_text(TINY_FACTS.replace("raw: 51.5亿元", "raw: 52.5亿元").replace("value: 33000, unit: t",
                                                                                     "value: 33000, unit: CNY"),
                          encoding="utf-8")
    with pytest.raises(FailedChecks) as failed:
        open_facts(tiny_facts)
    assert failed.value.others >= 1 and str(failed.value).endswith(f"(and {failed.value.others} more)")
    for error in (not_a_fact.value, unknown.value, failed.value):
        assert "baotou" not in str(error), error
    stderr = run("projects", "--facts", str(tiny_facts)).stderr
    assert stderr.endswith(f"(and {failed.value.others} more: run 'baotou verify')\n") and stderr.count("\n") == 1
