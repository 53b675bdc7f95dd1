"""Top-1 and top-3 hit rates of `baotou search` on the keyword relevance set (tests/search_queries.yaml) and
on the question set (tests/questions.yaml, tuned and held-out parts apart).

    python bench/relevance.py                # the bundled facts.yaml
    python bench/relevance.py --facts FILE --verbose

A keyword query hits when every id it lists comes among the first three results (top-1: the first of them
comes first). A question hits top-1 when the first result is one of the records that answer it, top-3 when
one of them is among the first three. Prints the misses and the rates; asserts nothing
(tests/questions/test_search_relevance.py does).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
QUERIES = ROOT / "tests" / "search_queries.yaml"
QUESTIONS = ROOT / "tests" / "questions.yaml"


def load_queries(path: Path = QUERIES) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]


def load_questions(path: Path = QUESTIONS) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]


def search_function():
    """The search of the code under test: questions/search.py; in a checkout from before issue #16's renames,
    ask/search.py, and before that existed, ask/queries.py (so that older commits can be measured too)."""
    import importlib

    for module in ("baotou_cli.questions.search", "baotou_cli.ask.search", "baotou_cli.ask.queries"):
        try:
            return importlib.import_module(module).search
        except (ImportError, AttributeError):
            continue
    raise ImportError("no search function in this checkout of baotou_cli")


def top_ids(factset, search, text: str, n: int = 3) -> list[str]:
    return [row["id"] for row in search(factset, text)[:n]]


def question_rank(top: list[str], answers: list[str]) -> int | None:
    """1-based place of the first answer among `top`, or None."""
    return next((place for place, found in enumerate(top, start=1) if found in answers), None)


def _rates(name: str, ranks: list[int | None]) -> None:
    total = len(ranks) or 1
    top1 = sum(rank == 1 for rank in ranks)
    top3 = sum(rank is not None and rank <= 3 for rank in ranks)
    print(f"{name}: top-1 {top1}/{len(ranks)} = {top1 / total:.0%}, top-3 {top3}/{len(ranks)} = {top3 / total:.0%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=Path, default=ROOT / "facts.yaml")
    parser.add_argument("--verbose", action="store_true", help="print the top 3 of every query")
    args = parser.parse_args()
    from baotou_cli.data import loader

    factset = loader.load(args.facts).factset
    search = search_function()
    keyword_ranks = []
    for case in load_queries():
        top = top_ids(factset, search, case["query"])
        hit = all(expected in top for expected in case["top3"])
        keyword_ranks.append((1 if top[:1] == case["top3"][:1] else 3) if hit else None)
        if args.verbose or not hit:
            print(f"{'hit ' if hit else 'MISS'} {case['query']!r}: want {case['top3']}, top 3 {top}")
    question_ranks: dict[bool, list[int | None]] = {False: [], True: []}
    for case in load_questions():
        top = top_ids(factset, search, case["q"])
        rank = question_rank(top, case["answer"])
        question_ranks[bool(case.get("held_out"))].append(rank)
        if args.verbose or rank != 1:
            print(f"{'top' + str(rank) if rank else 'MISS'} {case['q']!r}: want {case['answer']}, top 3 {top}")
    _rates("keyword queries", keyword_ranks)
    _rates("questions (tuned)", question_ranks[False])
    _rates("questions (held out)", question_ranks[True])
    _rates("questions (all)", question_ranks[False] + question_ranks[True])


if __name__ == "__main__":
    main()
