"""The questions' logic on small hand-built facts: totals, sorting and filters that the real file never reaches."""

from __future__ import annotations

from pathlib import Path

import pytest

from baotou_cli.questions import queries
from baotou_cli.data.model import Fact, Period, Quantity, SourceRef, build_factset


def _fact(fact_id: str, *quantities: Quantity, period: Period | None = None, industries=(), entities=(),
          status=None, phase=None) -> Fact:
    return Fact(id=fact_id, topic="investment", kind="metric", zh="某事实。", en="A fact.",
                source=SourceRef("article", "某事实。"), quantities=list(quantities), period=period,
                industries=list(industries), entities=list(entities), status=status, phase=phase)


def _yuan(measure: str, value: int, *qualifiers: str, basis=None) -> Quantity:
    return Quantity(measure, raw=f"{value}元", value=value, unit="CNY", qualifiers=list(qualifiers), basis=basis)


def _groups(facts: list[Fact], by: str) -> dict[str, dict]:
    return {group["group"]: group for group in queries.group_metrics(queries.metric_rows(facts), by)}


# --by totals ------------------------------------------------------------------------------------------

def test_exact_figures_of_one_measure_add_up():
    facts = [_fact("a", _yuan("funds-in-place", 100), industries=["rare-earth"]),
             _fact("b", _yuan("funds-in-place", 250), industries=["rare-earth"])]
    group = _groups(facts, "industry")["rare-earth"]
    assert (group["total"], group["total_unit"]) == (350, "CNY")
    assert group["fact_ids"] == ["a", "b"]


def test_decimal_totals_have_no_float_noise():
    facts = [_fact("a", Quantity("share", raw="0.1万吨", value=1000.1, unit="t")),
             _fact("b", Quantity("share", raw="0.2万吨", value=2000.2, unit="t"))]
    assert _groups(facts, "measure")["share"]["total"] == 3000.3


@pytest.mark.parametrize("second", [
    _yuan("funds-in-place", 5, "expected"),        # not actual
    _yuan("funds-in-place", 5, "design"),
    _yuan("funds-in-place", 5, "project-total"),
    _yuan("funds-in-place", 5, "more-than"),       # not exact
    Quantity("funds-in-place", raw="5吨", value=5, unit="t"),  # another unit
    Quantity("funds-in-place", raw="数十", value=None, unit="CNY", qualifiers=["about"]),
], ids=["expected", "design", "project-total", "more-than", "other-unit", "no-value"])
def test_no_total_where_adding_up_means_nothing(second):
    group = _groups([_fact("a", _yuan("funds-in-place", 100)), _fact("b", second)], "measure")["funds-in-place"]
    assert group["total"] is None and group["total_unit"] is None and group["total_note"]


def test_a_rate_is_never_added():
    facts = [_fact("a", Quantity("growth", raw="5%", value=5, unit="%")),
             _fact("b", Quantity("growth", raw="6%", value=6, unit="%"))]
    assert _groups(facts, "measure")["growth"]["total"] is None


def test_a_change_rides_with_its_figure_and_is_not_a_row():
    fact = _fact("a", _yuan("funds-in-place", 100), Quantity("funds-in-place", raw="50.6%", value=50.6, unit="%",
                                                                 basis="year-on-year"))
    rows = queries.metric_rows([fact])
    assert len(rows) == 1 and rows[0]["change"]["value"] == 50.6


def test_grouping_by_period_keeps_periods_apart():
    facts = [_fact("a", _yuan("funds", 1), period=Period("2022年1-8月", "2022-01", "2022-08")),
             _fact("b", _yuan("funds", 2), period=Period("2021年", "2021", "2021")),
             _fact("c", _yuan("funds", 3))]
    assert len(_groups(facts, "period")) == 3


# Sorting ------------------------------------------------------------------------------------------------

def test_sort_by_status_follows_a_project_life_and_puts_unknown_last():
    rows = [{"id": "a", "status": ["signed"]}, {"id": "b", "status": []},
            {"id": "c", "status": ["signed", "in-production"]}, {"id": "d", "status": ["under-construction"]}]
    assert [r["id"] for r in queries.sort_rows(rows, "status")] == ["a", "d", "c", "b"]
    assert [r["id"] for r in queries.sort_rows(rows, "-status")] == ["c", "d", "a", "b"]


def test_sort_by_investment_descending_keeps_missing_values_last():
    rows = [{"id": "a", "planned_investment_cny": 5}, {"id": "b", "planned_investment_cny": None},
            {"id": "c", "planned_investment_cny": 9}]
    assert [r["id"] for r in queries.sort_rows(rows, "-investment")] == ["c", "a", "b"]
    assert [r["id"] for r in queries.sort_rows(rows, "investment")] == ["a", "c", "b"]


# Companies and projects on a hand-built FactSet ------------------------------------------------------------

@pytest.fixture
def factset():
    source = {"id": "article", "path": "a.txt", "sha256": "0" * 64, "headline_zh": "标题", "headline_en": "Headline",
              "byline_zh": "作者", "byline_en": "Author"}

    def entity(entity_id, kind, industries=(), company=None):
        return {"id": entity_id, "type": kind, "zh": entity_id, "en": entity_id.title(),
                "industries": list(industries), "company": company}

    def fact(fact_id, entities, status=None, phase=None, quantities=()):
        return {"id": fact_id, "topic": "industry", "kind": "project", "zh": "某事实。", "en": "A fact.",
                "entities": entities, "status": status, "phase": phase, "quantities": list(quantities),
                "source": {"id": "article", "quote": "某事实。"}}

    data = {"sources": [source],
            "entities": [entity("magnets-co", "company", ["rare-earth"]), entity("solar-co", "company", ["new-energy"]),
                         entity("group-co", "group", ["rare-earth", "new-energy"]),
                         entity("plant", "project", ["rare-earth"], company="magnets-co"),
                         entity("farm", "project", ["new-energy"], company="solar-co")],
            "facts": [fact("plant-1", ["plant"], "in-production", 1),
                      fact("plant-2", ["plant"], "under-construction", 2,
                           [{"measure": "capacity", "raw": "1万吨", "value": 10000, "unit": "t",
                             "qualifiers": ["design"]}]),
                      fact("farm-signed", ["farm", "solar-co"], "signed")]}
    return build_factset(data, Path("facts.yaml"))


def test_companies_of_an_industry(factset):
    rows = queries.entity_rows(factset, queries.COMPANY_TYPES, industry="rare-earth")
    assert [r["id"] for r in rows] == ["magnets-co", "group-co"]
    assert rows[0]["projects"] == ["plant"]
    assert [r["id"] for r in queries.entity_rows(factset, queries.COMPANY_TYPES)] == ["magnets-co", "solar-co",
                                                                                        "group-co"]


def test_projects_carry_each_phase_with_its_status(factset):
    plant = next(r for r in queries.project_rows(factset) if r["id"] == "plant")
    assert plant["phases"] == [{"phase": 1, "status": ["in-production"]}, {"phase": 2, "status": ["under-construction"]}]
    assert plant["status"] == ["under-construction", "in-production"]
    assert plant["capacity"][0]["qualifiers"] == ["design"]


def test_project_filters(factset):
    rows = queries.project_rows(factset)
    assert [r["id"] for r in queries.filter_projects(rows, status="signed")] == ["farm"]
    assert [r["id"] for r in queries.filter_projects(rows, industry="rare-earth")] == ["plant"]
    assert [r["id"] for r in queries.filter_projects(rows, company="solar", factset=factset)] == ["farm"]


def test_an_unknown_id_is_a_usage_error_with_close_suggestions(factset):
    from baotou_cli.errors import QueryError

    assert queries.find_record(factset, "plant").id == "plant"
    with pytest.raises(QueryError, match="did you mean plant"):
        queries.find_record(factset, "plnat")

