"""The library API (baotou_cli.library): the records --json prints, the words users type, no cache unless asked."""

from __future__ import annotations

import json

import pytest

from conftest import FACTS, run_json
from baotou_cli import open_facts
from baotou_cli.errors import FactsError, QueryError


@pytest.fixture(scope="module")
def facts():
    return open_facts()


def _as_json(value):
    return json.loads(json.dumps(value, ensure_ascii=False))


@pytest.mark.parametrize(("method", "kwargs", "argv"), [
    ("projects", {"industry": "稀土"}, ["projects", "--industry", "稀土"]),
    ("projects", {"min_investment": "10亿", "sort": "-investment"},
     ["projects", "--min-investment", "10亿", "--sort", "-investment"]),
    ("projects", {"status": "under construction", "limit": 1}, ["projects", "--status", "under construction", "-n", "1"]),
    ("investment", {}, ["investment"]),
    ("industry", {"industry": "光伏"}, ["industry", "--industry", "光伏"]),
    ("training", {}, ["training"]),
    ("companies", {"industry": "rare earth"}, ["companies", "--industry", "rare earth"]),
    ("people", {}, ["people"]),
    ("facts", {"topic": "photo"}, ["facts", "--topic", "photo"]),
    ("facts", {"limit": 3}, ["facts", "-n", "3"]),
])
def test_each_method_gives_what_json_prints(facts, method, kwargs, argv):
    records = getattr(facts, method)(**kwargs)
    assert records, f"{method}{kwargs} found nothing"
    assert _as_json(records) == run_json(*argv, "--json")


def test_search_and_fact_are_the_cli_records(facts):
    assert _as_json(facts.search("magnet", limit=5)) == run_json("search", "magnet", "-n", "5", "--json")
    record = facts.fact("magnet-capacity-150kt")
    assert record["id"] == "magnet-capacity-150kt" and record["record"] == "fact"
    assert _as_json(record) == run_json("show", "magnet-capacity-150kt", "--json")[0]


def test_chinese_industry_words_resolve(facts):
    """The issue's example: industry="稀土" silently returned nothing before there was one resolver."""
    assert [row["id"] for row in facts.projects(industry="稀土")] == \
           [row["id"] for row in facts.projects(industry="rare-earth")] != []


@pytest.mark.parametrize(("call", "message"), [
    (lambda f: f.projects(industry="steel"), "industry"),
    (lambda f: f.projects(sort="colour"), "sort"),
    (lambda f: f.projects(min_investment="lots"), "min_investment"),
    (lambda f: f.facts(topic="weather"), "topic"),
    (lambda f: f.facts(limit=-1), "limit"),
    (lambda f: f.fact("no-such-fact"), "no-such-fact"),
])
def test_bad_words_raise_query_error(facts, call, message):
    with pytest.raises(QueryError, match=message):
        call(facts)


def test_a_bad_file_raises_facts_error(tmp_path):
    bad = tmp_path / "facts.yaml"
    bad.write_text("facts: [\n", encoding="utf-8")
    with pytest.raises(FactsError):
        open_facts(bad)


def test_no_cache_is_written_unless_asked(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("BAOTOU_CACHE_DIR", str(cache))
    facts = open_facts(FACTS)
    facts.search("稀土")
    assert not cache.exists() or not any(cache.iterdir())
    open_facts(FACTS, cache=True).search("稀土")
    assert any(cache.iterdir())


def test_open_facts_without_a_path_is_the_bundled_file_whatever_the_environment(monkeypatch, tiny_facts):
    """Review of #16: the README says `open_facts()` is "the bundled file", but it reads $BAOTOU_FACTS (the
    command line's setting) when set, so a program's answers change with its user's shell environment."""
    bundled = [fact["id"] for fact in open_facts().facts()]
    monkeypatch.setenv("BAOTOU_FACTS", str(tiny_facts))
    assert [fact["id"] for fact in open_facts().facts()] == bundled
