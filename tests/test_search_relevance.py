"""The relevance set (tests/search_queries.yaml): every listed record comes in the top 3 of its query.

A query marked `pending` waits for data (an alias) and is expected to fail until the data has it, so the
test notices when it starts to pass. bench/relevance.py prints the same check as a hit rate.
"""

from __future__ import annotations

import sys

import pytest

from baotou_cli.ask.search import search
from baotou_cli.facts import loader
from conftest import FACTS, ROOT

sys.path.insert(0, str(ROOT / "bench"))
from relevance import load_queries, top_ids  # noqa: E402

QUERIES = load_queries()


@pytest.fixture(scope="module")
def factset():
    return loader.load(FACTS, use_cache=False).factset


def test_the_set_is_large_and_bilingual():
    texts = [case["query"] for case in QUERIES]
    assert len(texts) >= 40 and len(set(texts)) == len(texts)
    chinese = [t for t in texts if any("\u4e00" <= c <= "\u9fff" for c in t)]
    assert len(chinese) >= 15 and len(texts) - len(chinese) >= 15


@pytest.mark.parametrize("case", [
    pytest.param(case, marks=pytest.mark.xfail(reason=case["pending"], strict=True)) if case.get("pending")
    else case for case in QUERIES], ids=[case["query"] for case in QUERIES])
def test_expected_records_come_in_the_top_3(factset, case):
    top = top_ids(factset, search, case["query"])
    assert all(expected in top for expected in case["top3"]), top


def test_every_expected_id_exists(factset):
    known = set(factset.fact_ids) | set(factset.entity_by_id)
    assert not [i for case in QUERIES for i in case["top3"] if i not in known]


def test_every_result_says_where_it_matched(factset):
    unexplained = [(case["query"], row["id"]) for case in QUERIES for row in search(factset, case["query"])
                   if not row["matched"]]
    assert not unexplained
