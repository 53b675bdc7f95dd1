"""Tables as a reader sees them, at 40, 80 and 120 columns, in English and Chinese, on a small facts file with
headline ranks, measure labels, subjects and every kind of certainty (tests/labelled_facts.py).

Snapshots live in tests/snapshots/. After a deliberate change to how tables look:

    python -m pytest tests/render/test_tables.py --snapshot-update
    git diff tests/snapshots/        # read every changed table before committing

Beside the snapshots, properties that must hold for any table: lines fit the width, no id, number or word is
split across lines, no Chinese line starts with closing punctuation, and no column is silently dropped.
"""

from __future__ import annotations

import re
import shutil

import pytest
from rich.cells import cell_len

from conftest import ROOT, SEED, run
from labelled_facts import LABELLED_FACTS

SNAPSHOTS = ROOT / "tests" / "snapshots"
COMMANDS = {"summary": [], "projects": [], "investment": [], "industry": [],
            "industry-by-period": ["industry", "--by", "period"]}
WIDTHS = (40, 80, 120)
LANGS = ("en", "zh")
NO_LINE_START = tuple("，。、；：？！）」』】》”")


@pytest.fixture(scope="module")
def labelled_facts(tmp_path_factory):
    folder = tmp_path_factory.mktemp("labelled")
    (folder / "seeds").mkdir()
    shutil.copyfile(SEED, folder / "seeds" / "article.txt")
    path = folder / "facts.yaml"
    path.write_text(LABELLED_FACTS, encoding="utf-8")
    return path


def _table(labelled_facts, name: str, lang: str, width: int) -> str:
    args = COMMANDS[name] or [name]
    result = run(*args, "--lang", lang, "--facts", str(labelled_facts), env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", list(COMMANDS))
def test_table_snapshot(labelled_facts, snapshot_update, name, lang, width):
    text = _table(labelled_facts, name, lang, width)
    path = SNAPSHOTS / f"{name}-{lang}-{width}.txt"
    if snapshot_update:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no snapshot {path.name}: run pytest tests/render/test_tables.py --snapshot-update"
    assert text == path.read_text(encoding="utf-8"), f"{path.name} changed (see the module docstring)"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", list(COMMANDS))
def test_tables_fit_and_never_split_a_unit(labelled_facts, name, lang, width):
    text = _table(labelled_facts, name, lang, width)
    lines = text.splitlines()
    assert max(cell_len(line) for line in lines) <= width
    assert not any(line.lstrip().startswith(NO_LINE_START) for line in lines)
    flat = " ".join(line.strip() for line in lines)
    for unit in ("150,000 t", "¥67.8 bn", "¥5.15 bn", "+50.6% y/y", "51.5亿元", "678亿元", "15万吨"):
        if unit in text.replace("\n", " ") or unit in flat:
            continue
        assert unit not in _joined_anyhow(text), f"{unit!r} split across lines"


def _joined_anyhow(text: str) -> str:
    """The text with every line break and indentation removed: a unit found here but not on one line was split."""
    return re.sub(r"\s*\n\s*", "", text)


@pytest.mark.parametrize("lang", LANGS)
def test_every_column_is_there_at_any_width(labelled_facts, lang):
    headers = {"en": ["Name", "Company", "Industry", "Capacity", "Investment", "Status"],
               "zh": ["名称", "企业", "产业", "产能", "投资", "状态"]}[lang]
    for width in ("40", "80", "120", "0", "1", "abc"):
        text = run("projects", "--lang", lang, "--facts", str(labelled_facts), env={"COLUMNS": width}).stdout
        assert all(header in text for header in headers), width


def test_narrow_tables_switch_to_one_block_per_record(labelled_facts):
    narrow = _table(labelled_facts, "projects", "en", 40)
    assert "\nName:          JL MAG phase 2:\n               12,000 t/year" in narrow
    # A project without a capacity says the article gives none, rather than drop the line.
    assert "\nStatus:        under construction\n" in narrow and "\nCapacity:      not stated\n" in narrow
    wide = _table(labelled_facts, "projects", "en", 160)
    assert wide.splitlines()[1].split() == ["Name", "Company", "Industry", "Capacity", "Investment", "Other",
                                            "figures", "Status"]


def test_summary_shows_what_happened_before_what_is_planned_each_group_in_rank_order(labelled_facts):
    text = _table(labelled_facts, "summary", "en", 120)
    lines = text.splitlines()
    actual = lines.index("What happened: actual figures")
    planned = lines.index("Planned, expected, design or total planned figures: not outcomes")
    assert actual < planned

    def ranks(part: list[str]) -> list[str]:
        return [line.split()[0] for line in part if re.match(r"^\d ", line)]

    assert ranks(lines[actual:planned]) == ["1", "4", "5"] and ranks(lines[planned:]) == ["2", "3", "4"]
    first = next(line for line in lines if line.startswith("1 "))
    assert "magnet capacity" in first and "150,000 t" in first and first.split()[-3:] == ["actual", "not", "stated"]
    # Every figure is the zone's: said once, in the heading, not on every row.
    assert "Headline figures: Baotou Rare Earth Hi-Tech Zone" in lines and "Subject" not in text
    blocks = _table(labelled_facts, "summary", "en", 40)
    assert "#:         1\nMeasure:   magnet capacity\nFigure:    150,000 t\n" in blocks
    total = next(line for line in lines if "¥67.8 bn" in line)
    assert total.split()[-4:] == ["total", "planned", "since", "2022"]  # its certainty in its own column
    # A note that qualifies a headline figure is said under the box, in a few words, marked on the figure.
    assert "¥67.8 bn [2]" in total
    assert "[2] the 125 projects' total planned investment over their lives, not money spent" in text


def test_summary_json_orders_highlights_by_rank(labelled_facts):
    import json

    rows = json.loads(run("summary", "--json", "--facts", str(labelled_facts)).stdout)
    industry = next(r for r in rows if r["topic"] == "industry")
    assert [m["headline"] for m in industry["highlights"]] == [1, 1, 2, 3]  # a y/y change rides with its figure
    assert all(m["subject"] == "zone" for m in industry["highlights"])


@pytest.mark.parametrize("width", ("0", "1", "abc", "-5"))
def test_odd_columns_still_give_a_usable_table(labelled_facts, width):
    result = run("investment", "--facts", str(labelled_facts), env={"COLUMNS": width})
    lines = result.stdout.splitlines()
    # At 80 columns each statement goes under its row, across the width: the header names the short columns.
    assert result.exit_code == 0 and lines[1].split() == ["Subject", "Measure", "Figure", "Period"]
    assert any(line.startswith("  In January-August 2022") for line in lines)
    assert max(cell_len(line) for line in lines) <= 80 and "¥5.15 bn" in result.stdout


def test_chinese_tables_are_chinese_throughout(labelled_facts):
    text = _table(labelled_facts, "industry", "zh", 120)
    for english in ("capacity", "expected", "Jan", "since", "Measure"):
        assert english not in text
    assert "永磁材料产能" in text and "预计" in text and "2022年" in text


def test_a_field_named_in_english_shows_its_english_value_under_lang_zh(labelled_facts):
    text = run("projects", "--fields", "name_en", "--lang", "zh", "--facts", str(labelled_facts)).stdout
    assert "JL MAG phase 2" in text and "金力永磁二期" not in text


def test_charts_name_subject_measure_and_period_and_draw_what_is_not_actual_apart(labelled_facts):
    text = run("chart", "capacity", "--facts", str(labelled_facts), env={"COLUMNS": "80"}).stdout
    lines = text.splitlines()
    design = lines.index("JL MAG phase 2: 12,000 t/year high-performance NdFeB project: magnet capacity")
    assert set(lines[design + 1].split()[0]) == {"~"}  # a design capacity is not an actual one
    actual = lines.index("Baotou Rare Earth Hi-Tech Zone: magnet capacity")  # whose figure, by its short name
    assert set(lines[actual + 1].split()[0]) == {"#"}
    zh = run("chart", "capacity", "--lang", "zh", "--facts", str(labelled_facts), env={"COLUMNS": "80"}).stdout
    assert "高新区：永磁材料产能" in zh and "[吨]" in zh and "capacity" not in zh


def test_a_file_without_headline_ranks_gets_no_guessed_fact_box(tiny_facts):
    import json

    text = run("summary", "--facts", str(tiny_facts)).stdout
    assert "ranks no headline figures" in text and "Headline figures" not in text
    rows = json.loads(run("summary", "--json", "--facts", str(tiny_facts)).stdout)
    assert rows and all(row["highlights"] == [] for row in rows)
