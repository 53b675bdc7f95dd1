"""Every query command and filter, every output format, in both languages, and the usage errors."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
import yaml

from baotou_cli.questions import queries
from baotou_cli.data.model import FACT_FIELDS
from conftest import COMMANDS, LISTING_COMMANDS, VARIANTS, run, run_json

LISTINGS = LISTING_COMMANDS + VARIANTS


def _ids(rows: list[dict]) -> set[str]:
    return {row["id"] for row in rows}


# Projects -------------------------------------------------------------------------------------------

def test_rare_earth_projects_are_jl_mag_and_yunsheng_not_shuangliang():
    ids = _ids(run_json("projects", "--industry", "rare-earth", "--json"))
    assert {"jl-mag-phase2", "yunsheng-15kt"} <= ids
    assert not any(i.startswith("shuangliang") for i in ids)
    assert "pv-modules" not in ids


@pytest.mark.parametrize("spelling", ["rare-earth", "稀土", "稀土新材料", "Rare Earth", "RARE-EARTH", "magnets"])
def test_industry_filter_accepts_slug_chinese_and_aliases(spelling):
    assert _ids(run_json("projects", "-i", spelling, "--json")) == {"jl-mag-phase2", "yunsheng-15kt"}


def test_new_energy_projects_include_photovoltaics():
    ids = _ids(run_json("projects", "--industry", "光伏", "--json"))
    assert {"shuangliang-40gw", "shuangliang-monosilicon-phase1", "pv-modules"} <= ids
    assert "jl-mag-phase2" not in ids


def test_company_filter_matches_names_and_aliases():
    ids = _ids(run_json("projects", "--company", "双良", "--json"))
    assert ids and all(i.startswith("shuangliang") for i in ids)
    assert _ids(run_json("projects", "--company", "jl mag", "--json")) == {"jl-mag-phase2"}


def test_status_filter():
    building = _ids(run_json("projects", "--status", "under-construction", "--json"))
    assert {"jl-mag-phase2", "yunsheng-15kt", "shuangliang-40gw"} <= building
    assert _ids(run_json("projects", "--status", "在建", "--json")) == building
    assert "shuangliang-monosilicon-phase1" in _ids(run_json("projects", "-s", "in-production", "--json"))


@pytest.mark.parametrize("amount", ["100亿", "1e10", "10bn", "10 billion", "10,000,000,000"])
def test_min_investment_in_any_spelling(amount):
    rows = run_json("projects", "--min-investment", amount, "--json")
    assert _ids(rows) == {"shuangliang-40gw"}
    assert rows[0]["planned_investment_cny"] == 13_200_000_000 and rows[0]["invested_cny"] is None


def test_min_investment_leaves_out_projects_without_a_figure():
    assert _ids(run_json("projects", "--min-investment", "1", "--json")) == {"shuangliang-40gw"}


def test_sort_and_limit():
    rows = run_json("projects", "--sort", "-investment", "--json")
    assert rows[0]["id"] == "shuangliang-40gw"
    names = [r["name_en"] for r in run_json("projects", "--sort", "name", "--json")]
    assert names == sorted(names)
    assert len(run_json("projects", "--limit", "2", "--json")) == 2
    assert run_json("projects", "--limit", "0", "--json") == []


def test_project_record_shape():
    for row in run_json("projects", "--json"):
        assert list(row) == queries.PROJECT_FIELDS
    jl = next(r for r in run_json("projects", "--json") if r["id"] == "jl-mag-phase2")
    assert jl["company"] == "jl-mag" and jl["status"] == ["signed", "under-construction"]
    assert {"raw": "1.2万吨", "value": 12000, "unit": "t"}.items() <= jl["capacity"][0].items()


# Investment, industry, training, companies, people ----------------------------------------------------

def test_investment_has_funds_in_place_with_its_change_and_period():
    rows = run_json("investment", "--json")
    funds = next(r for r in rows if r["fact_id"] == "funds-in-place-2022-jan-aug")
    assert funds["value"] == 5_150_000_000 and funds["unit"] == "CNY"
    assert funds["change"]["value"] == 50.6 and funds["change"]["basis"] == "year-on-year"
    assert funds["period"]["start"] == "2022-01" and funds["period"]["end"] == "2022-08"
    assert all(list(r) == queries.METRIC_FIELDS for r in rows)


def test_investment_grouping_totals_only_what_adds_up():
    groups = run_json("investment", "--by", "measure", "--json")
    assert all(list(g) == queries.GROUP_FIELDS for g in groups)
    for group in groups:
        units = {f["unit"] for f in group["figures"]}
        if group["total"] is not None:
            assert len(units) == 1 and units <= queries.ADDITIVE_UNITS
            assert group["total"] == sum(f["value"] for f in group["figures"])
        else:
            assert group["total_note"]
    by_period = run_json("investment", "--by", "period", "--json")
    assert any(g["group"] == "2022-01/2022-08" for g in by_period)  # ISO 8601 interval; words only in tables
    assert all(g["total_note"] in queries.TOTAL_NOTES for g in by_period if g["total"] is None)
    assert all(g["total"] is None for g in by_period if len({f["measure"] for f in g["figures"]}) > 1)


def test_industry_filter_on_industry_figures():
    rows = run_json("industry", "--industry", "rare-earth", "--json")
    assert rows and all("rare-earth" in r["industries"] for r in rows)
    assert any(r["unit"] == "t" for r in rows)


def test_training_lists_the_training_facts():
    rows = run_json("training", "--json")
    exported = run_json("export", "--json")
    assert len(rows) == sum(1 for f in exported if f["topic"] == "training")
    text = json.dumps(rows, ensure_ascii=False)
    assert "清华大学继续教育学院" in text and "89" in text


def test_companies_and_people():
    companies = run_json("companies", "--json")
    assert {"jl-mag", "shuangliang-group", "yunsheng-tech"} <= _ids(companies)
    assert all(list(c) == queries.ENTITY_FIELDS for c in companies)
    people = run_json("people", "--json")
    assert {p["speaker"] for p in people} == {"liu-guoyin", "zhang-yi"}
    assert all(p["quote"] and p["zh"] and p["en"] for p in people)


def test_facts_by_topic():
    rows = run_json("facts", "--topic", "photo", "--json")
    assert rows and all(r["topic"] == "photo" for r in rows)


# Search and show -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["单晶炉", "furnace", "FURNACE", "560"])
def test_search_finds_the_560_furnaces(text):
    rows = run_json("search", text, "--json")
    assert "shuangliang-silicon-560-furnaces" in _ids(rows)
    assert all(r["matched"] for r in rows)


def test_search_ranks_names_first_and_explains_matches():
    rows = run_json("search", "jl mag", "--json")
    assert (rows[0]["record"], rows[0]["type"], rows[0]["id"]) == ("entity", "company", "jl-mag")
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    assert {"field": "aliases", "snippet": "JL MAG"} in rows[0]["matched"]


def test_search_with_no_match_is_an_empty_list_and_a_note_for_tables():
    assert run_json("search", "zzzqqq", "--json") == []
    result = run("search", "zzzqqq")
    assert result.exit_code == 0 and "no results" in result.stderr


def test_show_a_fact_with_its_quote_in_context():
    [record] = run_json("show", "funds-in-place-2022-jan-aug", "--json")
    assert (record["record"], record["type"]) == ("fact", "investment")
    assert record["data"]["quantities"][0]["raw"] == "51.5亿元"
    assert record["data"]["source"]["quote"] in record["context"]["paragraph"]
    assert record["context"]["line"] == 29
    assert record["context"]["paragraph_in_section"] == 3
    table = run("show", "funds-in-place-2022-jan-aug").stdout
    assert "¥5.15 bn [51.5亿元] (actual" in table and "paragraph 3)" in table and "line 29" not in table


def test_show_an_entity_gives_each_fact_with_its_statement_and_figures():
    table = run("show", "jl-mag", "--all", env={"COLUMNS": "120"}).stdout
    assert "jl-mag-phase2-sales-tax-jobs" in table  # ids whole, never split at a hyphen
    assert "the article expects JL MAG to reach annual sales of 5 billion yuan" in table
    assert "• annual sales: ¥5 bn (expected)" in table
    zh = run("show", "jl-mag", "--lang", "zh", env={"COLUMNS": "120"}).stdout
    assert "名称" in zh and "金力永磁" in zh and "statement" not in zh


def test_show_an_entity_says_what_kind_it_is():
    [record] = run_json("show", "jl-mag", "--json")
    assert (record["record"], record["type"], record["data"]["name_en"]) == ("entity", "company", "JL MAG Rare-Earth Co., Ltd.")


def test_show_unknown_id_suggests_close_ones():
    result = run("show", "funds-in-place-2022")
    assert result.exit_code == 2 and "did you mean funds-in-place-2022-jan-aug" in result.stderr


# Summary ---------------------------------------------------------------------------------------------

def test_summary_counts_every_fact():
    rows = run_json("summary", "--json")
    assert sum(r["facts"] for r in rows) == len(run_json("export", "--json"))
    investment = run_json("summary", "investment", "--json")
    assert len(investment) == 1 and investment[0]["topic"] == "investment" and investment[0]["highlights"]


# Formats -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("command", LISTINGS, ids=" ".join)
def test_every_command_json_parses_and_has_stable_keys(command):
    rows = run_json(*command, "--json")
    assert isinstance(rows, list)
    assert len({tuple(r) for r in rows}) <= 1  # every record has the same keys in the same order


@pytest.mark.parametrize("command", LISTINGS, ids=" ".join)
def test_every_command_in_every_format(command):
    records = run_json(*command, "--json")
    assert records, "every listing has records in the bundled facts"

    def output(fmt: str) -> str:
        result = run(*command, "--format", fmt)
        assert result.exit_code == 0, (fmt, result.stderr)
        return result.stdout

    # Machine formats carry exactly the JSON records.
    assert [json.loads(line) for line in output("ndjson").splitlines()] == records
    assert yaml.safe_load(output("yaml")) == records
    # CSV is flat: nested values spread over columns, a row per figure where a record has several; every
    # record is there under its first key, in order.
    table = list(csv.DictReader(io.StringIO(output("csv"))))
    first = next(iter(records[0]))
    assert list(dict.fromkeys(row[first] for row in table)) == list(dict.fromkeys(str(r[first]) for r in records))
    # Human formats: a citation is a Markdown block quote; the rest are tables with a header, a rule and rows.
    markdown = output("markdown").splitlines()
    if command[0] == "cite":
        assert markdown[0] == "> " + records[0]["sentence"]
    elif command[0] == "ask":  # the answer, labelled line by line
        assert markdown[0].startswith("**") and records[0]["id"] in "\n".join(markdown)
    elif command[0] == "summary":  # the fact box, then what each topic holds: titled tables
        assert markdown[0].startswith("**") and "| --- |" in "\n".join(markdown).replace("---:", "---")
    else:
        assert markdown[0].startswith("| ") and set(markdown[1]) <= set("|-: ") and len(markdown) >= 3
    assert output("table").strip()


def test_ndjson_is_one_record_per_line():
    lines = run("projects", "--format", "ndjson").stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [r["id"] for r in run_json("projects", "--json")]


def test_csv_parses_back_with_chinese_text_one_row_per_figure():
    result = run("projects", "--format", "csv")
    assert not result.stdout.startswith("\ufeff") and b"\r\n" not in result.stdout_bytes  # like csvkit writes
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    jl = [r for r in rows if r["id"] == "jl-mag-phase2"]
    assert jl[0]["name_zh"] == "金力永磁二期年产1.2万吨高性能钕铁硼项目"
    assert jl[0]["status"] == "signed; under-construction"
    # One row per figure, one value per cell: JL MAG has two capacities, each with its own certainty.
    assert [(r["figure_of"], r["figure_value"], r["figure_unit"], r["figure_certainty"]) for r in jl
            if r["figure_of"] == "capacity"] == [
        ("capacity", "12000", "t", "design"), ("capacity", "20000", "t", "expected")]
    # Only the project's own figures: the 134 signed projects of a fact naming it are the zone's.
    assert "134" not in {r["figure_value"] for r in jl}
    assert not any(cell.startswith(("{", "[")) for row in rows for cell in row.values())  # no JSON in a cell


def test_csv_for_excel_has_a_bom_and_crlf():
    result = run("investment", "--format", "csv-excel")
    raw = result.stdout_bytes  # (click's Result.stdout turns \r\n into \n)
    assert raw.startswith("\ufeff".encode()) and raw.count(b"\r\n") == raw.count(b"\n") > 1
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    funds = next(r for r in rows if r["fact_id"] == "funds-in-place-2022-jan-aug")
    assert (funds["value"], funds["change_value"], funds["period_start"], funds["period_end"]) == (
        "5150000000", "50.6", "2022-01", "2022-08")


def test_yaml_output_round_trips():
    assert yaml.safe_load(run("projects", "--format", "yaml").stdout) == run_json("projects", "--json")


def test_export_is_every_fact_with_every_field():
    records = run_json("export", "--format", "json")
    assert len(records) > 100 and all(list(r) == FACT_FIELDS for r in records)
    assert "\\u" not in run("export", "--json").stdout  # UTF-8, not escaped


def test_fields_pick_and_order_for_every_format():
    rows = run_json("projects", "--fields", "name_zh,id", "--json")
    assert all(list(r) == ["name_zh", "id"] for r in rows)
    header = run("projects", "--fields", "id,status", "--format", "csv").stdout.lstrip("\ufeff").splitlines()[0]
    assert header == "id,status"
    table = run("projects", "--fields", "id,status").stdout
    assert "jl-mag-phase2" in table and "Capacity" not in table


def test_unknown_field_lists_the_valid_ones():
    result = run("projects", "--fields", "id,colour", "--json")
    assert result.exit_code == 2 and "unknown field 'colour'" in result.stderr and "name_zh" in result.stderr
    assert result.stdout == ""


def test_json_and_format_must_agree():
    assert run("projects", "--json", "--format", "csv").exit_code == 2
    assert run("projects", "--json", "--format", "json").exit_code == 0


def test_empty_results_are_valid_json_and_exit_0():
    result = run("projects", "--industry", "aluminium-copper", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    result = run("projects", "--industry", "aluminium-copper", "--format", "csv")
    header = result.stdout.strip()
    assert "\n" not in header and header.startswith("id,name_en,") and ",figure_value," in header


# Tables --------------------------------------------------------------------------------------------

def test_project_table_in_english_at_80_columns():
    result = run("projects", "--industry", "rare-earth", env={"COLUMNS": "80"})
    lines = result.stdout.splitlines()
    assert lines[0] == "Projects"
    # Seven columns of figures do not fit 80 columns readably: one block per project, every column labelled.
    labels = [line.split(":")[0] for line in lines[1:] if line and not line.startswith(" ")]
    assert labels[:7] == ["Name", "Company", "Industry", "Capacity", "Investment", "Other figures", "Status"]
    assert max(len(line) for line in lines) <= 80
    assert "JL MAG's" in result.stdout and "rare earth" in result.stdout
    capacity = run("projects", "-i", "rare-earth", "--fields", "capacity", env={"COLUMNS": "80"}).stdout
    # two figures in one cell: each says which it is and whose, one per line, so nobody adds them up
    assert ("rare-earth permanent magnet capacity: 12,000 t (design capacity)\n"
            "JL MAG Rare-Earth Co., Ltd.: rare-earth permanent magnet capacity once built:\n"
            "20,000 t (expected, design capacity)") in capacity
    assert all(line == line.rstrip() for line in lines)  # piped: no padding
    assert "\x1b[" not in result.stdout and "─" not in result.stdout  # piped: no colour, no boxes


def test_project_table_in_chinese_counts_wide_characters():
    from rich.cells import cell_len

    result = run("projects", "--industry", "稀土", "--lang", "zh", env={"COLUMNS": "80"})
    lines = result.stdout.splitlines()
    assert lines[0] == "项目"
    labels = [line.split("：")[0] for line in lines[1:] if line and not line.startswith(" ")]
    assert labels[:7] == ["名称", "企业", "产业", "产能", "投资", "其他数据", "状态"]
    assert max(cell_len(line) for line in lines) <= 80
    assert "金力永磁" in result.stdout and "1.2万吨" in result.stdout and "已签约、" in result.stdout


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_tables_still_usable_at_40_columns(lang):
    from rich.cells import cell_len

    result = run("investment", "--lang", lang, env={"COLUMNS": "40"})
    assert result.exit_code == 0
    assert max(cell_len(line) for line in result.stdout.splitlines()) <= 40
    assert len(result.stdout.splitlines()) > 10
    assert "Measure" in result.stdout if lang == "en" else "指标" in result.stdout


def test_exact_markdown_table():
    result = run("projects", "--fields", "id,status", "--format", "markdown", "--industry", "rare-earth")
    assert result.stdout == (
        "| id | status |\n"
        "| --- | --- |\n"
        "| jl-mag-phase2 | signed, under construction |\n"
        "| yunsheng-15kt | signed, under construction |\n"
    )


def test_force_color_draws_colour_and_boxes_even_when_piped():
    result = run("projects", "--industry", "rare-earth", env={"FORCE_COLOR": "1", "COLUMNS": "200"})
    assert "\x1b[" in result.stdout and "─" not in result.stdout  # headers underlined: no ambiguous-width rule


COLOUR = re.compile(r"\x1b\[[0-9;]*(?:3[0-7]|9[0-7])m")


def test_no_color_removes_colour_even_when_forced():
    assert COLOUR.search(run("projects", env={"FORCE_COLOR": "1", "COLUMNS": "100"}).stdout)
    assert not COLOUR.search(run("projects", env={"FORCE_COLOR": "1", "NO_COLOR": "1", "COLUMNS": "100"}).stdout)


# Usage errors ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("args, fragment", [
    (["projects", "--industry", "rare-earht"], "did you mean 'rare-earth'"),
    (["projects", "--industry", "mining"], "valid: rare-earth, intelligent-manufacturing"),
    (["projects", "--status", "dreaming"], "valid: signed, under-construction"),
    (["projects", "--min-investment", "abc"], "not an amount: 'abc'"),
    (["projects", "--limit", "-1"], "-1 is not in the range x>=0"),
    (["projects", "--sort", "colour"], "unknown sort field 'colour'"),
    (["projects", "--format", "xml"], "'xml' is not one of"),
    (["projects", "--bogus"], "No such option '--bogus'"),
    (["nosuchcommand"], "No such command 'nosuchcommand'"),
    (["summary", "gossip"], "unknown topic 'gossip'"),
    (["search", "  "], "the search text is empty"),
    (["show"], "Missing argument 'ID'"),
    (["investment", "--by", "colour"], "'colour' is not one of"),
])
def test_usage_errors_are_one_line_and_exit_2(args, fragment):
    result = run(*args)
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and fragment in result.stderr, result.stderr
    assert result.stderr.startswith("baotou: error: ")


@pytest.mark.parametrize("command", COMMANDS)
def test_short_help_with_examples(command):
    result = run(command, "-h")
    assert result.exit_code == 0 and "Usage: baotou" in result.stdout
    assert "Example" in result.stdout


def test_no_arguments_shows_help():
    result = run()
    assert "Usage: baotou" in result.stdout and "projects" in result.stdout


def test_a_projects_figures_say_when_they_hold():
    [shuangliang] = [r for r in run_json("projects", "--json") if r["id"] == "shuangliang-40gw"]
    year = next(q for q in shuangliang["investment"] if q["raw"] == "70亿元")
    assert year["period"]["start"] == "2022" and year["as_of"] is None
    table = run("projects", "--industry", "new-energy", "--fields", "investment", env={"COLUMNS": "200"}).stdout
    assert "¥7 bn (planned)" in table and "[2022]" in table and "[2022-2024]" in table


def test_a_listing_command_must_declare_the_shared_output_options():
    """listing_command reads --format, --json, --fields and --lang from the command's own signature (where Typer
    reads every option): a command that leaves one out, or gives it another default, fails at import."""
    from baotou_cli.cli import FieldsOption, FormatOption, JsonOption, LangOption, listing_command

    def declared(output_format: FormatOption = "table", json_output: JsonOption = False,
                 fields: FieldsOption = None, lang: LangOption = "en"):
        return None

    def without_fields(output_format: FormatOption = "table", json_output: JsonOption = False,
                       lang: LangOption = "en"):
        return None

    def json_by_default(output_format: FormatOption = "json", json_output: JsonOption = False,
                        fields: FieldsOption = None, lang: LangOption = "en"):
        return None

    listing_command("projects")(declared)
    for func in (without_fields, json_by_default):
        with pytest.raises(TypeError, match="output_format|fields"):
            listing_command("projects")(func)


def test_lang_and_format_accept_any_case_with_a_hint_for_near_misses():
    assert run("projects", "--lang", "ZH", "--limit", "1").exit_code == 0
    assert run("ask", "magnet capacity", "--lang", "ZH", "--limit", "1").exit_code == 0  # ask's --lang too
    result = run("projects", "--lang", "cn")
    assert result.exit_code == 2 and "did you mean 'zh'?" in result.stderr
