"""The compiled store: stored records read back as the facts they were made from, `export --format sqlite` opens in any
SQLite tool with its foreign keys and views, and `baotou cache` shows and clears the cache."""

from __future__ import annotations

import json
import os
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baotou_cli.questions import queries
from baotou_cli.data import loader, sqlite_store
from baotou_cli.data import json_text
from baotou_cli.data.validation import MAX_INTEGER
from baotou_cli.data.model import (FACT_REST_FIELDS, AsOf, Fact, Label, Period, Quantity, SourceRef, fact_record,
                                    fact_row, joined_record)
from baotou_cli.render import formats, views
from conftest import FACTS, run, run_json



def _factset():
    return loader.load(FACTS).factset


# Stored JSON ------------------------------------------------------------------------------------------

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
NUMBER = st.one_of(st.none(), st.integers(-10**15, 10**15), st.floats(allow_nan=False, allow_infinity=False))
YEAR = st.one_of(st.none(), st.integers(-MAX_INTEGER, MAX_INTEGER))  # the facts file's whole numbers (validation.py)
QUANTITY = st.builds(Quantity, measure=TEXT, raw=TEXT, value=NUMBER, unit=TEXT, qualifiers=st.lists(TEXT, max_size=3),
                     noun=st.one_of(st.none(), TEXT), basis=st.one_of(st.none(), TEXT),
                     hectares=st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False)))
FACT = st.builds(Fact, id=TEXT, topic=TEXT, kind=TEXT, zh=TEXT, en=TEXT, source=st.builds(SourceRef, TEXT, TEXT),
                 quantities=st.lists(QUANTITY, max_size=3),
                 period=st.one_of(st.none(), st.builds(Period, TEXT, st.one_of(st.none(), TEXT), context_year=YEAR)),
                 as_of=st.one_of(st.none(), st.builds(AsOf, TEXT, context_year=YEAR)), phase=st.one_of(st.none(), st.integers(0, 9)),
                 entities=st.lists(TEXT, max_size=3), labels=st.lists(st.builds(Label, TEXT, TEXT), max_size=2),
                 headline=st.one_of(st.none(), st.integers(1, 5)))


def _plain(value):
    """A value as any JSON encoder sees it (tuples are lists)."""
    return json.loads(json.dumps(value))


@pytest.mark.slow  # fuzzing
@settings(max_examples=300, deadline=None)
@given(FACT)
def test_the_one_encoder_writes_what_json_dumps_means(fact):
    record = fact_record(fact)
    printed = json_text.encode(record)
    assert json.loads(printed) == _plain(record)  # same keys, order and values
    assert json_text.decode(json_text.encode_line(record)) == _plain(record)  # what the store keeps reads back


def test_the_one_encoder_writes_the_text_of_json_dumps_for_every_fact():
    records = [fact_record(f) for f in _factset().facts]
    assert json_text.encode(records) == json.dumps(records, ensure_ascii=False, indent=2)


@pytest.mark.parametrize("topic", [None, "no-such-topic"])
def test_stored_fact_rows_are_the_rows_of_the_built_facts(topic):
    chosen = _factset().select(topic=topic)
    made = views.fact_table(chosen, "Facts", "事实")
    assert made.records.rows == _plain(queries.fact_rows(list(chosen)))  # decoded from the store = made from facts
    assert made.records.encoded is not None
    assert formats.to_json_encoded(made.records.encoded()) == formats.to_json(made.records.rows)  # printed alike


def test_a_fact_is_its_row_and_the_rest_of_its_record():
    for fact in _factset().facts:
        record = fact_record(fact)
        rest = {name: record[name] for name in FACT_REST_FIELDS}
        assert joined_record(fact_row(record), rest) == record


def test_a_query_builds_only_the_facts_it_reads():
    _factset()  # compiled and cached, if no test did that yet
    factset = _factset()  # from the cache: no fact built yet
    chosen = factset.select(industry="rare-earth")
    queries.fact_rows(chosen)  # what `facts --json` prints: from the stored records, no fact built
    assert factset._built == {}
    first = chosen[0]
    assert list(factset._built.values()) == [first] and factset.fact(first.id) is first
    assert len(factset.select(industry="rare-earth", limit=3)) == 3


# export --format sqlite ---------------------------------------------------------------------------------

@pytest.fixture
def exported(tmp_path):
    target = tmp_path / "facts.db"
    result = run("export", "--format", "sqlite", "--output", str(target))
    assert result.exit_code == 0 and result.stdout == "", result.stderr
    conn = sqlite3.connect(target)
    yield conn
    conn.close()


def test_export_holds_every_fact_entity_and_source(exported):
    facts = run_json("export", "--json")
    assert [row[0] for row in exported.execute("SELECT id FROM facts ORDER BY rowid")] == [f["id"] for f in facts]
    assert [json.loads(row[0]) for row in exported.execute("SELECT record FROM facts ORDER BY rowid")] == facts
    figures = sum(len(f["quantities"]) for f in facts)
    assert exported.execute("SELECT count(*) FROM quantities").fetchone()[0] == figures
    assert exported.execute("SELECT count(*) FROM entities").fetchone()[0] == len(run_json("companies", "--json")) + \
        exported.execute("SELECT count(*) FROM entities WHERE type NOT IN ('company', 'group')").fetchone()[0]
    assert exported.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_export_has_foreign_keys_that_hold(exported):
    def targets(table):
        return {(row[2], row[3], row[4]) for row in exported.execute(f"PRAGMA foreign_key_list({table})")}

    assert ("sources", "source_id", "id") in targets("facts")
    assert ("entities", "speaker", "id") in targets("facts")
    assert ("facts", "fact_id", "id") in targets("quantities")
    assert {("facts", "fact_id", "id"), ("entities", "entity_id", "id")} <= targets("fact_entities")
    assert ("entities", "company", "id") in targets("entities")
    assert exported.execute("PRAGMA foreign_key_check").fetchall() == []


def test_export_has_an_index_for_every_filter(exported):
    # (table, first column of an index): what a filter on that column can use
    indexed = set(exported.execute(
        "SELECT m.name, ii.name FROM sqlite_master m, pragma_index_list(m.name) i, pragma_index_info(i.name) ii "
        "WHERE m.type = 'table' AND ii.seqno = 0"))
    for needed in [("facts", "topic"), ("facts", "kind"), ("facts", "status"), ("facts", "speaker"),
                   ("fact_industries", "industry"), ("fact_entities", "entity_id"), ("entities", "type"),
                   ("quantities", "measure"), ("facts", "id")]:
        assert needed in indexed, needed


def test_the_figures_view_gives_each_figure_with_its_certainty(exported):
    rows = exported.execute("SELECT fact_id, figure_raw, value, unit, certainty, period_start FROM figures "
                            "WHERE fact_id = 'funds-in-place-2022-jan-aug'").fetchall()
    metrics = [m for m in run_json("investment", "--json") if m["fact_id"] == "funds-in-place-2022-jan-aug"]
    assert {(r[1], r[2], r[3]) for r in rows} >= {(m["figure_raw"], m["value"], m["unit"]) for m in metrics}
    assert {r[4] for r in rows} == {"actual"}
    expected = exported.execute("SELECT count(*) FROM figures WHERE certainty = 'expected'").fetchone()[0]
    assert expected == exported.execute("SELECT count(*) FROM quantities WHERE qualifiers LIKE '%\"expected\"%'"
                                        ).fetchone()[0] > 0


@pytest.mark.parametrize("table, command", [("projects", "projects"), ("quotes", "people")])
def test_a_command_s_table_holds_its_json_row_for_row(exported, table, command):
    """Tables `projects` and `quotes` hold the rows of `projects` and `people` (lists as JSON text): a
    Datasette query and `baotou projects --json` cannot disagree."""
    answered = run_json(command, "--json")
    keys = list(answered[0])
    rows = exported.execute(f"SELECT {', '.join(keys)} FROM {table} ORDER BY rowid").fetchall()
    assert [dict(zip(keys, [json.loads(v) if isinstance(v, str) and v[:1] in "[{" else v for v in row], strict=True))
             for row in rows] == answered


def test_the_export_s_tables_and_views_are_what_datasette_lists(exported):
    listed = dict(exported.execute("SELECT name, type FROM sqlite_master WHERE name IN "
                                   "('projects', 'quotes', 'conflicts', 'figures', 'short_names')"))
    assert listed == {"projects": "table", "quotes": "table", "conflicts": "table", "figures": "view",
                      "short_names": "table"}
    project_columns = [row[1] for row in exported.execute("PRAGMA table_info(projects)")]
    assert project_columns[:4] == ["id", "name_en", "name_zh", "type"]  # the old view's columns, in its order
    assert {"company", "company_en", "company_zh", "industries", "status", "note"} <= set(project_columns)
    links = {(row[3], row[2]) for row in exported.execute("PRAGMA foreign_key_list(projects)")}
    assert links == {("id", "entities"), ("company", "entities")}
    assert exported.execute("PRAGMA foreign_key_check").fetchall() == []
    types = dict(exported.execute("SELECT id, type FROM projects"))
    assert types["jl-mag-phase2"] == "project" and set(types.values()) <= {"project", "product"}


def test_export_full_text_search_finds_the_right_facts(exported):
    # Datasette's own test for "this table has full-text search" (datasette/utils detect_fts): it then shows a
    # search box. content="facts" is what every Datasette version recognises; content=[facts] newer ones.
    detected = exported.execute(
        "SELECT name FROM sqlite_master WHERE rootpage = 0 AND (sql LIKE :quoted OR sql LIKE :bracketed "
        "OR (tbl_name = 'facts' AND sql LIKE '%VIRTUAL TABLE%USING FTS%'))",
        {"quoted": '%VIRTUAL TABLE%USING FTS%content="facts"%', "bracketed": "%VIRTUAL TABLE%USING FTS%content=[facts]%"})
    assert [row[0] for row in detected] == ["facts_fts"]
    found = [row[0] for row in exported.execute(
        "SELECT f.record FROM facts_fts JOIN facts f ON f.rowid = facts_fts.rowid WHERE facts_fts MATCH 'magnet'")]
    assert found  # (a fact may match through the names of what it links to, not only its own words)
    ids = {json.loads(record)["id"] for record in found}
    assert ids >= {f["id"] for f in run_json("export", "--json") if "magnet" in f["en"].lower()}


def test_export_refuses_to_overwrite_without_force(tmp_path):
    target = tmp_path / "facts.db"
    target.write_bytes(b"my own work")
    result = run("export", "--format", "sqlite", "--output", str(target))
    assert result.exit_code == 1 and "--force" in result.stderr and target.read_bytes() == b"my own work"
    assert run("export", "--format", "sqlite", "--output", str(target), "--force").exit_code == 0
    assert sqlite3.connect(target).execute("SELECT count(*) FROM facts").fetchone()[0] > 100


def test_export_force_replaces_a_link_without_writing_through_it(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    target = tmp_path / "facts.db"
    target.symlink_to(victim)
    assert run("export", "--format", "sqlite", "--output", str(target)).exit_code == 1
    assert run("export", "--format", "sqlite", "--output", str(target), "--force").exit_code == 0
    assert victim.read_text() == "precious" and not target.is_symlink()
    assert [name for name in os.listdir(tmp_path) if name.endswith(sqlite_store.TEMP_SUFFIX)] == []


@pytest.mark.parametrize("args, code, message", [
    (["--format", "sqlite"], 2, "needs --output"),
    (["--format", "sqlite", "--output", ""], 2, "needs --output"),
    (["--format", "sqlite", "--output", "-"], 2, "needs --output"),
    (["--json", "--output", "x.db"], 2, "--output and --force are for --format sqlite"),
    (["--format", "sqlite", "--output", "x.db", "--fields", "id"], 2, "--fields does not apply"),
    (["--format", "sqlite", "--output", "x.db", "--json"], 2, "disagree"),
])
def test_export_usage_errors(args, code, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("export", *args)
    assert result.exit_code == code and message in result.stderr and result.stdout == ""
    assert not (tmp_path / "x.db").exists()


def test_export_into_a_missing_directory_is_one_line(tmp_path):
    result = run("export", "--format", "sqlite", "--output", str(tmp_path / "missing" / "facts.db"))
    assert result.exit_code == 1 and result.stderr.startswith("baotou: error: cannot write")


# baotou cache -----------------------------------------------------------------------------------------

@pytest.mark.fresh_cache
def test_cache_shows_its_entries_and_clears_them(tiny_facts):
    assert run_json("cache", "--json")["entries"] == []
    run("investment", "--json", "--facts", str(tiny_facts))
    shown = run_json("cache", "--json")
    assert shown["directory"] == str(sqlite_store.cache_dir()) and shown["reason"] is None
    [entry] = shown["entries"]
    assert entry["file"].startswith("facts-") and entry["bytes"] == shown["total_bytes"] > 0
    assert entry["file"] in run("cache").stdout
    cleared = run_json("cache", "clear", "--json")
    assert [e["file"] for e in cleared["entries"]] == [entry["file"]]
    assert run_json("cache", "--json")["entries"] == []
    assert run("cache", "clear").exit_code == 0  # nothing left to clear is fine


def test_cache_says_why_there_is_none(monkeypatch, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("BAOTOU_CACHE_DIR", str(shared))
    shown = run_json("cache", "--json")
    assert shown["entries"] == [] and "writable by other users" in shown["reason"]
    monkeypatch.setattr(sqlite_store, "cache_dir", lambda: None)
    result = run("cache")
    assert result.exit_code == 0 and "no cache directory" in result.stdout


def test_export_full_text_tables_read_like_any_table(exported):
    """sqlite-utils (`tables --counts`) and Datasette read an FTS table's rows through its content table:
    every column the index names is there, with the text it indexes."""
    for table in ("facts_fts", "entities_fts"):
        assert exported.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0
        assert exported.execute(f"SELECT * FROM {table} LIMIT 1").fetchone()
    figures = exported.execute("SELECT figures FROM facts WHERE id = 'funds-in-place-2022-jan-aug'").fetchone()[0]
    assert "51.5亿元" in figures


def test_conflicts_are_the_ones_verify_finds_ordered_by_the_earlier_figure():
    """The export's `conflicts` rows come from data/sources.conflicts (what `verify` warns of): each pair once,
    the earlier fact's figure first, ordered by the earlier fact and its figure, whichever fact came later."""
    from baotou_cli.questions.export_tables import CONFLICT_COLUMNS, conflict_rows
    from baotou_cli.data.model import FactSet, SourceRef

    factset = _factset()
    funds = factset.fact("funds-in-place-2022-jan-aug")
    other = factset.sources[0]._replace(id="second-article")

    def elsewhere(fact_id, value):
        return funds._replace(id=fact_id, source=SourceRef("second-article", funds.source.quote),
                              quantities=[funds.quantities[0]._replace(raw=f"{value}亿元", value=value * 10**8)])

    rest = [f for f in factset.facts if f.id != funds.id]
    again = funds._replace(id="funds-again")  # the same figure from the same source: no conflict between them
    facts = [elsewhere("second-52", 52), elsewhere("second-53", 53), *rest[:3], funds, again]
    two = FactSet(factset.path, [*factset.sources, other], factset.entities, facts)
    rows = conflict_rows(two)
    assert [(r["fact_a"], r["fact_b"]) for r in rows] == [
        ("second-52", funds.id), ("second-52", "funds-again"), ("second-53", funds.id), ("second-53", "funds-again")]
    assert [(r["raw_a"], r["raw_b"]) for r in rows[1:3]] == [("52亿元", "51.5亿元"), ("53亿元", "51.5亿元")]
    assert all(list(r) == CONFLICT_COLUMNS for r in rows)
    assert {(r["certainty_a"], r["source_a"], r["source_b"], r["period_start"]) for r in rows} == {
        ("actual", "second-article", "baotou-hitech-article", "2022-01")}
