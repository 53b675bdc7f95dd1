"""The listing commands' questions (questions/listings.py) and `ask`'s answer (questions/question_kinds.answer), on small
hand-built facts: which rows each chooses, filters, sorts and cuts, and what an answer without facts says."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import read_yaml, write_yaml
from baotou_cli.questions import listings, question_kinds
from baotou_cli.errors import FactsError, QueryError
from baotou_cli.data.model import build_factset
from baotou_cli.render.answer import answer_view


def _source(source_id: str) -> dict:
    return {"id": source_id, "path": f"{source_id}.txt", "sha256": "0" * 64, "headline_zh": "标题",
            "headline_en": "Headline", "byline_zh": "作者", "byline_en": "Author", "written": "in 2022"}


def _fact(fact_id: str, topic: str, *quantities: dict, kind: str = "metric", source: str = "article",
          industries=(), entities=(), speaker=None, status=None) -> dict:
    return {"id": fact_id, "topic": topic, "kind": kind, "zh": f"{fact_id}事实。", "en": f"The {fact_id} fact.",
            "quantities": list(quantities), "industries": list(industries), "entities": list(entities),
            "speaker": speaker, "status": status, "source": {"id": source, "quote": f"{fact_id}事实。"}}


def _yuan(value: int, *qualifiers: str, measure: str = "funds") -> dict:
    return {"measure": measure, "raw": f"{value}元", "value": value, "unit": "CNY", "qualifiers": list(qualifiers)}


@pytest.fixture
def factset():
    def entity(entity_id, kind, industries=(), company=None, **more):
        return {"id": entity_id, "type": kind, "zh": entity_id, "en": entity_id.title(),
                "industries": list(industries), "company": company, **more}

    data = {
        "sources": [_source("article"), _source("second")],
        "entities": [entity("magnets-co", "company", ["rare-earth"]), entity("solar-co", "company", ["new-energy"]),
                     entity("group-co", "group", ["rare-earth"]), entity("zhang", "person", role_en="Director"),
                     entity("plant", "project", ["rare-earth"], company="magnets-co"),
                     entity("farm", "project", ["new-energy"], company="solar-co")],
        "facts": [
            _fact("funds-a", "investment", _yuan(300), industries=["rare-earth"]),
            _fact("funds-b", "investment", _yuan(100), _yuan(200, "expected"), industries=["new-energy"]),
            _fact("funds-c", "investment", _yuan(50), source="second", industries=["rare-earth"]),
            _fact("no-figure", "investment", kind="statement"),
            _fact("classes", "training", kind="statement"),
            _fact("promoted", "training", kind="statement", source="second"),
            _fact("said", "training", kind="quote", speaker="zhang"),
            _fact("unsaid", "training", kind="quote"),  # a quote without a speaker is no one's
            _fact("plant-built", "industry", _yuan(900, measure="investment"), kind="project", entities=["plant"], status="in-production"),
            _fact("farm-signed", "industry", _yuan(400, "planned", measure="investment"), kind="project", entities=["farm"], status="signed"),
        ]}
    return build_factset(data, Path("facts.yaml"))


def _ids(rows) -> list[str]:
    return [row["id"] if isinstance(row, dict) else row.id for row in rows]


# projects ---------------------------------------------------------------------------------------------------

def test_projects_filtered_sorted_and_cut(factset):
    assert _ids(listings.projects(factset)) == ["plant", "farm"]
    assert _ids(listings.projects(factset, industry="new-energy")) == ["farm"]
    assert _ids(listings.projects(factset, status="in-production")) == ["plant"]
    assert _ids(listings.projects(factset, company="magnets")) == ["plant"]
    assert _ids(listings.projects(factset, sort="name")) == ["farm", "plant"]
    assert _ids(listings.projects(factset, sort="-name", limit=1)) == ["plant"]
    assert listings.projects(factset, limit=0) == []


def test_projects_by_investment_planned_or_spent(factset):
    assert _ids(listings.projects(factset, min_investment=Decimal("500"))) == ["plant"]  # 900 spent
    assert _ids(listings.projects(factset, min_investment=Decimal("400"))) == ["plant", "farm"]  # 400 planned
    assert _ids(listings.projects(factset, sort="-investment")) == ["farm", "plant"]  # planned; none last
    assert _ids(listings.projects(factset, sort="-invested")) == ["plant", "farm"]


def test_the_limit_cuts_after_sorting(factset):
    """The first N of the sorted rows, not the sorted first N."""
    assert _ids(listings.projects(factset, sort="name", limit=1)) == ["farm"]


# investment and industry --------------------------------------------------------------------------------------

def test_a_topics_figures_one_row_each_facts_without_figures_left_out(factset):
    rows = listings.metrics(factset, "investment")
    assert [(row["fact_id"], row["value"]) for row in rows] == [("funds-a", 300), ("funds-b", 100),
                                                                ("funds-b", 200), ("funds-c", 50)]
    assert [row["fact_id"] for row in listings.metrics(factset, "investment", industry="rare-earth")] == \
           ["funds-a", "funds-c"]
    assert len(listings.metrics(factset, "investment", limit=2)) == 2


def test_grouped_figures_the_limit_counts_groups(factset):
    groups = listings.metrics(factset, "investment", by="industry")
    assert [group["group"] for group in groups] == ["rare-earth", "new-energy"]
    assert groups[0]["total"] == 350  # two actual yuan figures of one measure add up
    assert [group["group"] for group in listings.metrics(factset, "investment", by="industry", limit=1)] == \
           ["rare-earth"]


# companies and people ------------------------------------------------------------------------------------------

def test_companies_and_groups_of_an_industry(factset):
    assert _ids(listings.companies(factset)) == ["magnets-co", "solar-co", "group-co"]
    assert _ids(listings.companies(factset, industry="rare-earth")) == ["magnets-co", "group-co"]
    assert _ids(listings.companies(factset, industry="rare-earth", limit=1)) == ["magnets-co"]


def test_people_are_the_quotes_with_a_speaker(factset):
    rows = listings.people(factset)
    assert [(row["fact_id"], row["speaker"], row["role_en"]) for row in rows] == [("said", "zhang", "Director")]
    assert listings.people(factset, limit=0) == []


# facts --------------------------------------------------------------------------------------------------------

def test_chosen_facts_by_topic_industry_and_limit(factset):
    assert _ids(listings.chosen_facts(factset, topic="training")) == ["classes", "promoted", "said", "unsaid"]
    assert _ids(listings.chosen_facts(factset, industry="rare-earth")) == ["funds-a", "funds-c"]
    assert _ids(listings.chosen_facts(factset, topic="training", limit=2)) == ["classes", "promoted"]


def test_chosen_facts_of_one_source_the_limit_counts_that_sources(factset):
    assert _ids(listings.chosen_facts(factset, source="second")) == ["funds-c", "promoted"]
    assert _ids(listings.chosen_facts(factset, source="second", limit=1)) == ["funds-c"]
    assert _ids(listings.chosen_facts(factset, topic="training", source="second")) == ["promoted"]
    assert _ids(listings.chosen_facts(factset, topic="training", source="article", limit=1)) == ["classes"]


def test_an_unknown_source_is_a_usage_error_naming_the_known_ones(factset):
    with pytest.raises(QueryError, match=r"unknown source 'third'; valid: article, second"):
        listings.chosen_facts(factset, source="third")
    with pytest.raises(QueryError, match=r"unknown source 'third'"):
        listings.one_source(factset, "third")


def test_one_source_is_the_file_as_if_it_held_that_article_only(factset):
    assert listings.one_source(factset, None) is factset
    second = listings.one_source(factset, "second")
    assert _ids(second.facts) == ["funds-c", "promoted"]
    assert [s.id for s in second.sources] == ["second", "article"]  # the one asked for names the titles


def _with_draft(path: Path, quote: str | None = None) -> Path:
    """The tiny facts file with a copy of its capacity fact as a draft (quoting `quote` instead)."""
    data = read_yaml(path.read_text(encoding="utf-8"))
    draft = copy.deepcopy(next(f for f in data["facts"] if f["id"] == "yunsheng-capacity"))
    if quote is not None:
        draft["source"]["quote"] = quote
    data["facts"].append({**draft, "id": "yunsheng-capacity-draft", "draft": True})
    path.write_text(write_yaml(data), encoding="utf-8")
    return path


def test_listed_facts_are_the_curated_ones_unless_drafts_are_asked_for(tiny_facts):
    assert _ids(listings.listed_facts(tiny_facts, drafts=True).facts) == []
    path = _with_draft(tiny_facts)
    listed = listings.listed_facts(path)
    assert not listed.drafts and _ids(listed.facts) == ["funds-in-place", "yunsheng-capacity"]
    assert _ids(listings.listed_facts(path, topic="industry").facts) == ["yunsheng-capacity"]
    drafted = listings.listed_facts(path, drafts=True)
    assert drafted.drafts and _ids(drafted.facts) == ["yunsheng-capacity-draft"]
    assert [e.id for e in drafted.factset.entities] == ["zone", "yunsheng-magnet"]  # names for the table
    assert _ids(listings.listed_facts(path, drafts=True, source="article", limit=0).facts) == []
    with pytest.raises(QueryError, match="unknown source"):
        listings.listed_facts(path, drafts=True, source="nope")


def test_drafts_are_listed_from_a_file_that_fails_its_checks(tiny_facts):
    """A draft the article does not bear out fails the file (curated facts are never served from it), but the
    drafts can still be listed, to be fixed."""
    path = _with_draft(tiny_facts, quote="文章里没有这句话。")
    with pytest.raises(FactsError):
        listings.listed_facts(path)
    assert _ids(listings.listed_facts(path, drafts=True).facts) == ["yunsheng-capacity-draft"]


# ask ----------------------------------------------------------------------------------------------------------

@pytest.fixture
def tiny(tiny_facts):
    """Two facts with their article (an answer cites where its quote stands)."""
    from baotou_cli.data import loader

    return loader.load(tiny_facts, use_cache=False).factset


def test_an_answer_in_the_questions_language_unless_one_is_asked_for(tiny):
    asked = question_kinds.answer(tiny, "how much domestic funds in place?")
    assert [(row["id"], row["role"]) for row in asked.rows][:1] == [("funds-in-place", "answer")]
    assert (asked.text, asked.lang, asked.near, asked.undated) == ("how much domestic funds in place?", "en", [],
                                                                   None)
    assert question_kinds.answer(tiny, "how much domestic funds in place?", lang="zh").lang == "zh"
    assert question_kinds.answer(tiny, "到位资金多少").lang == "zh"
    assert len(question_kinds.answer(tiny, "magnet capacity funds", limit=1).rows) == 1


def test_no_answer_names_the_nearest_words(tiny):
    asked = question_kinds.answer(tiny, "xyzzy plugh")
    assert asked.rows == [] and asked.undated is None
    assert asked.near  # something to try instead, never an empty hint


def test_when_the_article_was_written_no_fact_answers_and_it_says_why(tiny, factset):
    asked = question_kinds.answer(tiny, "when was the article published?")
    assert asked.rows == [] and asked.near
    assert asked.undated == []  # it asks the article's date, and no source says when it was written
    dated = question_kinds.answer(factset, "when was the article published?")  # sources that say when written
    assert dated.undated == [("article", "in 2022"), ("second", "in 2022")]
    assert "article was written in 2022; second was written in 2022. 'baotou cite byline'" in str(
        answer_view(dated, factset).failure)


def test_a_question_of_question_words_only_is_a_usage_error(tiny):
    with pytest.raises(QueryError, match="only question words"):
        question_kinds.answer(tiny, "how much?")
