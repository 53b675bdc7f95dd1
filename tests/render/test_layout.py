"""Unit tests of the pieces tables and CSV are made of: line-breaking units, wrapping, column fitting, the width
to draw at, and flat CSV rows."""

from __future__ import annotations

import pytest

from baotou_cli.render import table_layout
from baotou_cli.render.csv_columns import flat_rows


@pytest.mark.parametrize("text, unbroken", [
    ("JL MAG 12,000 t; 20,000 t (expected)", ["12,000 t;", "20,000 t", "(expected)"]),
    ("¥13.2 bn, +50.6% y/y", ["¥13.2 bn,", "+50.6% y/y"]),
    ("132亿元（计划）", ["132亿元", "（计划）"]),
    ("项目134个。2022年1-8月", ["134个。", "2022年", "1-8月"]),
    ("online-training-5-sessions-52-lectures", ["online-training-5-sessions-52-lectures"]),
])
def test_numbers_with_units_ids_and_bracketed_notes_are_one_unit(text, unbroken):
    found = [unit.text for unit in table_layout.units(text)]
    assert all(piece in found for piece in unbroken), found


def test_hyphenated_words_may_break_after_the_hyphen_ids_never():
    assert [u.text for u in table_layout.units("high-performance", hyphens=True)] == ["high-", "performance"]
    assert [u.text for u in table_layout.units("jl-mag-phase2")] == ["jl-mag-phase2"]
    assert [u.text for u in table_layout.units("2022-2024", hyphens=True)] == ["2022-2024"]  # a number stays whole


@pytest.mark.parametrize("width", range(4, 30))
def test_chinese_lines_never_start_with_closing_punctuation(width):
    text = "“我们在这里投资建厂，看中的是包头稀土高新区丰富的资源、优越的区位优势和一流的营商环境。”（双良）"
    lines = table_layout.wrap(text, width)
    assert "".join(lines) == text
    assert not any(line[0] in table_layout.NO_LINE_START for line in lines[1:])
    assert not any(line[-1] in table_layout.NO_LINE_END for line in lines)


def test_wrap_breaks_an_overlong_id_only_after_a_hyphen():
    assert table_layout.wrap("see business-environment-full-lifecycle now", 10) == [
        "see", "business-", "environment-", "full-", "lifecycle", "now"]
    assert table_layout.wrap("see business-environment-full-lifecycle now", 40) == [
        "see business-environment-full-lifecycle", "now"]


def test_wrap_keeps_an_overlong_word_without_hyphen_whole_on_its_own_line():
    assert table_layout.wrap("see supercalifragilistic now", 10) == ["see", "supercalifragilistic", "now"]


def test_fit_gives_short_columns_their_cap_then_the_rest_to_the_flexible_one():
    sizes = [table_layout.Sizing(least=4, ideal=30, flex=False, cap=10), table_layout.Sizing(least=10, ideal=200, flex=True,
                                                                                  cap=200)]
    assert table_layout.fit(sizes, 60) == [10, 50]
    assert table_layout.fit(sizes, 13) is None  # cannot fit: the caller draws blocks instead
    assert table_layout.fit(sizes, 500) == [30, 200]


@pytest.mark.parametrize("columns, detected, expected", [
    ("120", 80, 120), ("0", 80, table_layout.DEFAULT_WIDTH), ("1", 80, table_layout.DEFAULT_WIDTH),
    ("abc", 80, table_layout.DEFAULT_WIDTH), ("-5", 80, table_layout.DEFAULT_WIDTH), (None, 100, 100), ("", 100, 100),
])
def test_width_ignores_columns_no_terminal_could_have(columns, detected, expected, monkeypatch):
    def no_terminal(fd):
        raise OSError("not a terminal")

    monkeypatch.setattr("os.get_terminal_size", no_terminal)
    assert table_layout.terminal_width(columns, detected) == expected


def test_flat_rows_spread_records_over_columns_and_give_one_row_per_figure():
    rows = [{"id": "p", "period": {"raw": "2022年", "start": "2022", "end": "2022", "context_year": None},
             "phases": [{"phase": 1, "status": ["signed"]}], "ids": ["a", "b"],
             "capacity": [{"measure": "capacity", "raw": "1.2万吨", "value": 12000.0, "unit": "t",
                           "qualifiers": ["design"]}],
             "investment": []},
            {"id": "q", "period": None, "phases": [], "ids": [], "capacity": [], "investment": []}]
    columns, table = flat_rows(rows, ["id", "period", "phases", "ids", "capacity", "investment"],
                               {"capacity": ["measure", "raw", "value", "unit", "qualifiers"],
                                "investment": ["measure", "raw", "value", "unit", "qualifiers"]})
    assert columns == ["id", "period_raw", "period_start", "period_end", "period_context_year", "phases", "ids",
                       "figure_of", "figure_measure", "figure_raw", "figure_value", "figure_unit",
                       "figure_qualifiers", "figure_certainty"]
    assert table == [
        ["p", "2022年", "2022", "2022", "", "phase=1 status=signed", "a; b",
         "capacity", "capacity", "1.2万吨", "12000", "t", "design", "design"],
        ["q", "", "", "", "", "", "", "", "", "", "", "", "", ""]]


def test_wrap_styled_keeps_the_text_and_its_styles():
    from rich.text import Text

    text = Text("看中的是包头稀土高新区丰富的资源。")
    text.stylize("bold", 4, 11)  # 包头稀土高新区
    wrapped = table_layout.wrap_styled(text, 8)
    assert wrapped.plain.replace("\n", "") == text.plain
    assert all(not line.startswith(tuple(table_layout.NO_LINE_START)) for line in wrapped.plain.split("\n"))
    bold = "".join(wrapped.plain[span.start:span.end] for span in wrapped.spans if span.style == "bold")
    assert bold.replace("\n", "") == "包头稀土高新区"


def test_csv_columns_come_from_the_declared_record_not_the_field_name():
    """A nested record's columns are its declaration's, even when every row has null there (search hits on
    entities alone: source_id, source_quote as when a fact is among them); a field that shares a name with a
    nested record elsewhere but holds text keeps its text (timeline's as_of: 2022-10-31, not three empty cells)."""
    from baotou_cli.questions import records

    hit = {"id": "jl-mag", "record": "entity", "type": "company", "score": 1.0, "partial": False, "matched": [],
           "en": "JL MAG", "zh": "金力永磁", "source": None}
    columns, table = flat_rows([hit], list(hit), declared=records.SearchHit)
    assert columns[-2:] == ["source_id", "source_quote"] and table[0][-2:] == ["", ""]
    entry = {"when": "../2022-10-31", "start": None, "end": None, "as_of": "2022-10-31", "raw": ["截至10月底"],
             "fact_ids": ["f"], "figures": [], "en": ["e"], "zh": ["z"]}
    columns, table = flat_rows([entry], list(entry), {"figures": ["raw", "fact_id"]}, declared=records.TimelineEntry)
    assert columns[:5] == ["when", "start", "end", "as_of", "raw"] and table[0][3] == "2022-10-31"
