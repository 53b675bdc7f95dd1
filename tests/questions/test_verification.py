"""`verify`'s findings and verdict (questions/verification.py) on the tiny facts file and small changes to it."""

from __future__ import annotations

import copy

from conftest import FACTS, read_yaml, write_yaml
from baotou_cli.questions.verification import verify


def _edit(path, change) -> None:
    data = read_yaml(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(write_yaml(data), encoding="utf-8")


def _draft_of_capacity(data) -> None:
    draft = copy.deepcopy(next(f for f in data["facts"] if f["id"] == "yunsheng-capacity"))
    data["facts"].append({**draft, "id": "capacity-draft", "draft": True})


def test_the_bundled_file_passes():
    verified = verify(FACTS)
    assert verified.ok and verified.coverage.complete and not verified.loaded.problems


def test_true_facts_that_leave_numbers_uncited_fail(tiny_facts):
    verified = verify(tiny_facts)
    assert verified.loaded.problems == [] and verified.conflicts == [] and verified.loaded.drafts == []
    # Two sentences of a long article: its other numbers are cited by no fact.
    assert verified.coverage.arabic_cited > 0 and verified.coverage.uncited
    assert not verified.ok


def test_a_wrong_value_is_a_problem_and_fails(tiny_facts):
    _edit(tiny_facts, lambda data: data["facts"][0]["quantities"][0].update(value=5160000000))
    verified = verify(tiny_facts)
    assert {p.fact_id for p in verified.loaded.problems} == {"funds-in-place"}
    assert not verified.ok


def test_drafts_fail_unless_allowed_and_their_figures_count_as_cited(tiny_facts):
    before = verify(tiny_facts).coverage.arabic_cited
    _edit(tiny_facts, lambda data: [_draft_of_capacity(data),
                                    data["facts"].remove(next(f for f in data["facts"]
                                                              if f["id"] == "yunsheng-capacity"))])
    verified = verify(tiny_facts)
    assert [fact.id for fact in verified.loaded.drafts] == ["capacity-draft"] and not verified.allow_drafts
    assert verified.coverage.arabic_cited == before  # the draft cites 3.3万吨 as the curated fact did
    assert verify(tiny_facts, allow_drafts=True).allow_drafts
