"""What commands hand to render/ and how it renders them, on small hand-built facts: the summary's choice of
figures and the record `show` finds are made in questions/; Records, Table and Document render every format."""

from __future__ import annotations

from pathlib import Path

import pytest

from baotou_cli.questions import lookup, queries
from baotou_cli.questions.summary import overview
from baotou_cli.errors import QueryError
from baotou_cli.data.model import build_factset
from baotou_cli.render.figure_text import when_text
from baotou_cli.render.formats import Column, Document, Records, Table


def _figure(value: int, *qualifiers: str) -> dict:
    return {"measure": "funds", "raw": f"{value}元", "value": value, "unit": "CNY", "qualifiers": list(qualifiers)}


@pytest.fixture
def factset():
    source = {"id": "article", "path": "a.txt", "sha256": "0" * 64, "headline_zh": "标题", "headline_en": "Headline",
              "byline_zh": "作者", "byline_en": "Author"}

    def fact(fact_id, topic, kind="metric", headline=None, quantities=(), entities=()):
        return {"id": fact_id, "topic": topic, "kind": kind, "zh": "某事实。", "en": "A fact.", "headline": headline,
                "entities": list(entities), "quantities": list(quantities),
                "source": {"id": "article", "quote": "某事实。"}}

    data = {"sources": [source],
            "entities": [{"id": "magnets-co", "type": "company", "zh": "磁材公司", "en": "Magnets Co"}],
            "facts": [fact("planned", "investment", headline=1, quantities=[_figure(9, "planned")]),
                      fact("received", "investment", headline=2, quantities=[_figure(5)]),
                      fact("unranked", "investment", quantities=[_figure(3)], entities=["magnets-co"]),
                      fact("said", "training", kind="statement"), fact("quoted", "training", kind="quote")],
            "redirects": [{"id": "old-magnets", "to": "magnets-co", "note": "merged"}]}
    return build_factset(data, Path("facts.yaml"))


def test_the_fact_box_holds_ranked_figures_actual_first(factset):
    found = overview(factset, None)
    assert [m["fact_id"] for m in found.box] == ["received", "planned"]  # rank 2 is actual, rank 1 is planned
    assert [(row["topic"], row["facts"], row["figures"]) for row in found.rows] == [("investment", 3, 3),
                                                                                  ("training", 2, 0)]


def test_a_topic_lists_every_figure_and_counts_its_kinds(factset):
    assert [m["fact_id"] for m in overview(factset, "investment").box] == ["received", "unranked", "planned"]
    assert overview(factset, "training").kinds == {"statement": 1, "quote": 1}


def test_an_old_id_finds_its_record_and_says_so(factset):
    found = lookup.found_record(factset, "old-magnets")
    assert found.row["id"] == "magnets-co" and found.asked_as == "old-magnets"
    assert found.row["context"] == {"redirected_from": "old-magnets", "redirect_note": "merged"}
    assert [fact.id for fact in found.about] == ["unranked"]


def test_an_entity_has_no_quote_to_cite(factset):
    with pytest.raises(QueryError, match="is an entity, not a fact"):
        lookup.cited_fact(factset, "magnets-co")


@pytest.mark.parametrize(("period", "as_of", "en", "zh"), [
    ({"start": "2022-01", "end": "2022-08"}, None, "Jan-Aug 2022", "2022年1-8月"),
    ({"start": "2020", "end": None}, None, "since 2020", "2020年以来"),
    (None, {"date": "2022-10-31"}, "as of end-Oct 2022", "截至2022年10月底"),
    (None, {"date": None}, "at the time of writing", ""),
    ({"start": None, "end": None}, None, "undated", "无日期"),
    (None, None, "undated", "无日期"),
])
def test_a_period_is_read_from_its_parts(period, as_of, en, zh):
    parts = queries.period_parts(period, as_of)
    assert (when_text(*parts, "en"), when_text(*parts, "zh")) == (en, zh)


def _never() -> list[dict]:
    raise AssertionError("rows were built although stored JSON was printed")


def test_stored_json_is_printed_without_building_rows():
    records = Records(_never, ["id"], encoded=lambda: ['{\n  "id": "a"\n}'])
    assert records.text("json") == '[\n  {\n    "id": "a"\n  }\n]\n'


def test_machine_formats_come_from_the_records_not_the_table():
    class Shown(Table):
        def table_rows(self) -> list[dict]:
            return [{"id": "shown"}]

    table = Shown(Records([{"id": "a", "n": 1}], ["id", "n"]), [Column("id", "ID", "编号")], ("T", "表"))
    assert table.records.text("csv") == "id,n\na,1\n"
    assert table.records.text("ndjson", ["n"]) == '{"n":1}\n'
    assert "shown" in table.markdown("en") and "| a |" in table.markdown("en", ["id"])
    with pytest.raises(QueryError, match="unknown field 'n_x'.*or a CSV column: id, n"):  # a CSV column? no
        table.records.text("csv", ["n_x"])


def test_a_table_without_rows_draws_nothing_and_a_document_draws_itself():
    table = Table(Records([], ["id"]), [Column("id", "ID", "编号")])
    assert table.picture("en", False, 80) is None

    class Note(Document):
        def draw(self, lang: str, styled: bool, width: int) -> str:
            return "说明\n" if lang == "zh" else "note\n"

    note = Note(Table(Records([{"id": "a"}], ["id"]), [Column("id", "ID", "编号")]))
    assert note.picture("zh", False, 80) == "说明\n"
    assert note.picture("en", False, 80, ["id"]) is not None  # --fields: the table of its records
    assert note.markdown("en") == "| ID |\n| --- |\n| a |\n"


def test_cite_prints_its_fields_in_the_contract_order():
    from baotou_cli.data import loader
    from baotou_cli.render.citation import CITE_FIELDS, citation_listing

    factset = loader.load(loader.resolve_facts_path(None), use_cache=False).factset
    cited = citation_listing(lookup.cited_fact(factset, "funds-in-place-2022-jan-aug"))
    assert list(cited.records.rows[0]) == CITE_FIELDS
