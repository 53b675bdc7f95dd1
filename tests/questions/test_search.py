"""Search: the normalizer, tokenizer and query builder on their own, ranking on a small facts set, and the
`search` command with hostile input."""

from __future__ import annotations

import functools
import json
import re
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baotou_cli.questions.search import MATCH_FIELDS, search
from baotou_cli.errors import QueryError
from baotou_cli.data import search_index
from baotou_cli.data.model import Entity, Fact, FactSet, Label, Quantity, SourceRef, Synonyms
from conftest import run, run_json


def fact(fact_id: str, en: str, zh: str, *, kind: str = "statement", quantities=(), headline=None, entities=(),
         labels=()) -> Fact:
    return Fact(fact_id, "industry", kind, zh, en, SourceRef("article", zh), quantities=list(quantities),
                headline=headline, entities=list(entities), labels=list(labels))


CAPACITY = Quantity("capacity", "15万吨", 150000, "t")
SMALL = FactSet(Path("facts.yaml"), [], [
    Entity("jl-mag", "company", "金力永磁", "JL MAG Rare-Earth Co., Ltd.", aliases=["JL MAG", "金力"]),
    Entity("pv-modules", "project", "光伏组件", "Photovoltaic modules project"),
], [
    fact("heading-magnetic", 'Section heading: a "magnetic field effect" for magnet makers', "创造“磁场效应”",
         kind="heading"),
    fact("magnet-capacity", "Permanent magnet capacity reached 150,000 tonnes.", "稀土永磁材料产能达到15万吨",
         kind="metric", quantities=[CAPACITY]),
    fact("development", "Development and revenue rose in the zone.", "发展和收入增长"),
    fact("pv", "Photovoltaics also did well.", "光伏等产业领域也可圈可点", entities=["pv-modules"]),
    fact("jl-mag-phase2", "JL MAG phase 2 is being built.", "金力永磁二期现场施工正酣", entities=["jl-mag"]),
    fact("promotions", "89 cadres were promoted in 2022.", "2022年提拔晋升的89名干部",
         labels=[Label("数字化车间", "digital workshop")]),
], synonyms=[Synonyms(["solar", "photovoltaic", "光伏"], "the article says 光伏"),
             Synonyms(["employment", "jobs", "就业岗位"])])


def ids(text: str, factset: FactSet = SMALL) -> list[str]:
    return [row["id"] for row in search(factset, text)]


# Normalizer and tokenizer -----------------------------------------------------------------------------

@pytest.mark.parametrize("typed, folded", [
    ("ＪＬ ＭＡＧ", "jl mag"), ("JL Mag", "jl mag"), ("包頭", "包头"), ("產能", "产能"), ("稀土", "稀土"),
    ("Straße", "strasse"), ("１５万吨", "15万吨"),
])
def test_fold_makes_full_width_case_and_traditional_plain(typed, folded):
    assert search_index.fold(typed) == folded


@pytest.mark.parametrize("text, expected", [
    ("稀土永磁", ["稀", "土", "永", "磁"]),
    ("jl mag 永磁", ["jl", "mag", "永", "磁"]),
    ("15万吨", ["15", "万", "吨"]),
    ("150,000 t", ["150", "000", "t"]),
    ('"a" OR b* NEAR(c, 2) -d ^e {en}: f', ["a", "or", "b", "near", "c", "2", "d", "e", "en", "f"]),
    ("x\x00\x1b[31my", ["x", "31my"]),
    ("lights-out_factory", ["lights", "out", "factory"]),
])
def test_tokens_are_han_characters_alone_and_runs_of_letters_and_digits(text, expected):
    assert search_index.tokens(search_index.fold(text)) == expected


def test_synonym_keys_ignore_plurals_not_meaning():
    assert search_index.stem_key(("factories",)) == search_index.stem_key(("factory",))
    assert search_index.stem_key(("jobs",)) == search_index.stem_key(("job",))
    assert search_index.stem_key(("glass",)) == "glass" and search_index.stem_key(("ev",)) == "ev"


# Query building: every term quoted, nothing typed reaches FTS5 as syntax ----------------------------------

@functools.cache
def small_index() -> sqlite3.Connection:
    return search_index.memory_index(SMALL)


@pytest.fixture
def conn() -> sqlite3.Connection:
    return small_index()


WORD = r"[^\W_]+(?:\.[^\W_]+)*"  # a decimal (5.15) is one token
PHRASE = rf'"{WORD}(?: {WORD})*"'
EXPRESSION = re.compile(rf"\((?:{PHRASE})(?: OR {PHRASE})*\)(?: AND \((?:{PHRASE})(?: OR {PHRASE})*\))*")


@pytest.mark.parametrize("text", ['"', "*", "NEAR(", "a OR", "-", "\x01\x02", 'en: "x', "a AND", "(", ")",
                                  "^", "{en zh}: x", "NOT", "x NEAR/3 y", "'", "[", "\\"])
def test_operators_are_words_or_nothing(conn, text):
    try:
        parsed = search_index.parse(conn, text)
    except QueryError as error:
        assert "nothing to search for" in str(error)
        return
    assert EXPRESSION.fullmatch(parsed.expression), parsed.expression
    search_index.search_parsed(conn, parsed)  # FTS5 accepts it


@pytest.mark.slow  # fuzzing
@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_text_is_a_valid_query_or_a_usage_error(text):
    conn = small_index()
    try:
        parsed = search_index.parse(conn, text)
    except QueryError:
        return
    assert EXPRESSION.fullmatch(parsed.expression)
    search_index.search_parsed(conn, parsed)


def test_empty_text_is_a_usage_error(conn):
    for text in ("", "   ", "\t\n"):
        with pytest.raises(QueryError, match="empty"):
            search_index.parse(conn, text)


def test_long_queries_collapse_repeats_and_keep_the_first_words(conn):
    assert len(search_index.parse(conn, "magnet " * 10_000).groups) == 1
    many = search_index.parse(conn, " ".join(f"w{i}" for i in range(10_000)))
    assert len(many.groups) == search_index.MAX_TERMS and many.groups[0] == [("w0",)]
    long_word = search_index.parse(conn, "稀" * 10_000)
    assert len(long_word.groups[0][0]) == search_index.MAX_WORD_TOKENS


# Matching on a small facts set ------------------------------------------------------------------------

def test_english_matches_word_forms_but_not_inside_words():
    assert "magnet-capacity" in ids("magnets") and "promotions" in ids("promote")
    assert ids("EV") == [] and ids("rev") == []  # not inside "development" or "revenue"


def test_chinese_matches_any_number_of_characters():
    assert "magnet-capacity" in ids("永磁") and "magnet-capacity" in ids("永")
    assert "magnet-capacity" in ids("稀土永磁材料产能") and "magnet-capacity" not in ids("永土")


def test_mixed_full_width_and_traditional_queries():
    assert set(ids("ＪＬ ＭＡＧ 永磁")) == {"jl-mag", "jl-mag-phase2"}
    assert "magnet-capacity" in ids("產能")


def test_synonyms_and_aliases_come_from_the_data():
    assert set(ids("solar")) == {"pv-modules", "pv"}
    assert ids("jobs") == [] and ids("金力") == ["jl-mag", "jl-mag-phase2"]
    without = FactSet(Path("facts.yaml"), [], SMALL.entities, SMALL.facts)
    assert ids("solar", without) == []


def test_figures_rank_above_headings_and_headlines_above_both():
    assert ids("magnet")[:2] == ["magnet-capacity", "heading-magnetic"]
    rows = search(SMALL, "magnet")
    assert rows[0]["score"] > rows[1]["score"] > 0
    headline = fact("headline-fact", "Magnet makers came.", "磁材企业落户", headline=1)
    plain = fact("plain-fact", "Magnet makers came.", "磁材企业落户")
    both = FactSet(Path("facts.yaml"), [], [], [plain, headline])
    assert ids("magnet makers", both) == ["headline-fact", "plain-fact"]


def test_an_exact_name_puts_its_entity_first():
    assert ids("JL MAG")[0] == "jl-mag" and ids("金力永磁")[0] == "jl-mag"


def test_matched_fields_say_where_with_snippets_once():
    row = next(r for r in search(SMALL, "15万吨 magnet") if r["id"] == "magnet-capacity")
    assert {"field": "figures", "snippet": "15万吨"} in row["matched"]
    assert {"field": "zh", "snippet": "稀土永磁材料产能达到15万吨"} in row["matched"]
    assert all(m["field"] in MATCH_FIELDS for m in row["matched"])
    assert len({(m["field"], m["snippet"]) for m in row["matched"]}) == len(row["matched"])


def test_index_layout_follows_sqlite_utils():
    # How Datasette finds a table's full-text index (datasette.utils.detect_fts_sql), so it shows a search box
    # (the tables `export --format sqlite` writes beside its `facts` and `entities`).
    conn = sqlite3.connect(":memory:")
    conn.executescript("CREATE TABLE facts (id TEXT); CREATE TABLE entities (id TEXT);")
    search_index.create_index(conn, SMALL)
    detect = ("SELECT name FROM sqlite_master WHERE rootpage = 0 AND (sql LIKE '%VIRTUAL TABLE%USING FTS%content=\"'"
              " || :table || '\"%' OR sql LIKE '%VIRTUAL TABLE%USING FTS%content=[' || :table || ']%')")
    assert conn.execute(detect, {"table": "facts"}).fetchall() == [("facts_fts",)]
    assert conn.execute(detect, {"table": "entities"}).fetchall() == [("entities_fts",)]
    rowid = conn.execute("SELECT rowid FROM facts_fts WHERE facts_fts MATCH '\"永 磁\"'").fetchone()[0]
    assert SMALL.facts[rowid - 1].id == "magnet-capacity"


# The command -------------------------------------------------------------------------------------------

HOSTILE = ['"', "*", "NEAR(", "a OR", "-", "\x01\x1b[2J", "稀土 AND", 'magnet" OR "x', "(稀土", "{en}: magnet",
           "x" * 5000, " ".join(["magnet"] * 10_000), " ".join(f"w{i}" for i in range(10_000))]


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: repr(t[:20]))
def test_hostile_queries_answer_or_say_why_in_one_line(text):
    result = run("search", text, "--json")
    if result.exit_code == 2:  # nothing searchable, or over the documented limits of a search text
        assert result.stderr.startswith(("baotou: error: nothing to search for", "baotou: error: the search text"))
        assert len(result.stderr.splitlines()) == 1 and "\x1b" not in result.stderr
        return
    assert result.exit_code == 0, result.stderr
    assert isinstance(json.loads(result.stdout), list)


@pytest.mark.parametrize("text", ["", " ", "\t"])
def test_empty_search_is_a_usage_error(text):
    result = run("search", text)
    assert result.exit_code == 2 and "the search text is empty" in result.stderr


def test_search_json_shape():
    rows = run_json("search", "永磁", "--json")
    assert rows[0]["id"] == run_json("search", "magnet", "--json")[0]["id"] == "magnet-capacity-150kt"
    for row in rows:
        assert list(row) == ["id", "record", "type", "score", "partial", "matched", "en", "zh", "source"]
        assert row["record"] in {"fact", "entity"} and isinstance(row["score"], float)
        assert row["matched"] and all(set(m) == {"field", "snippet"} for m in row["matched"])
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    assert run_json("search", "永磁", "--json", "--limit", "2") == rows[:2]


def test_issue_examples_find_what_users_mean():
    def found(text):
        return {r["id"] for r in run_json("search", text, "--json")}

    assert len(found("rare earths")) == len(found("rare earth")) > 50
    assert not any("development" in r["en"].lower() and "electric" not in r["en"].lower()
                   for r in run_json("search", "EV", "--json"))
    assert "trading-centre" in found("trading center")
    assert "yunsheng-15kt-first-lights-out" in found("dark factory")
    assert "jl-mag-phase2-sales-tax-jobs" in found("employment")


@pytest.mark.parametrize("text, found, not_found", [
    ("5.15", "funds-in-place-2022-jan-aug", None),
    ("50.6%", "funds-in-place-2022-jan-aug", None),
    ("5", "buke-chongdian-lectures-5", "funds-in-place-2022-jan-aug"),  # a whole number is not part of 5.15
    ("6", "banyuetan-lectures-6", "funds-in-place-2022-jan-aug"),  # nor of 50.6
])
def test_a_decimal_is_one_number(text, found, not_found):
    ids = [row["id"] for row in run_json("search", text, "--json")]
    assert found in ids[:3]
    assert not_found is None or not_found not in ids
