"""Top-3 hit rate of `baotou search` on the relevance set (tests/search_queries.yaml).

    python bench/relevance.py                # the bundled facts.yaml
    python bench/relevance.py --facts FILE --verbose

A query hits when every id it lists comes among the first three results. Prints the misses and the rate;
asserts nothing (tests/test_search_relevance.py does).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
QUERIES = ROOT / "tests" / "search_queries.yaml"


def load_queries(path: Path = QUERIES) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]


def search_function():
    """The search of the code under test (ask/search.py; before it existed, ask/queries.py)."""
    try:
        from baotou_cli.ask.search import search
    except ImportError:
        from baotou_cli.ask.queries import search
    return search


def top_ids(factset, search, text: str, n: int = 3) -> list[str]:
    return [row["id"] for row in search(factset, text)[:n]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=Path, default=ROOT / "facts.yaml")
    parser.add_argument("--verbose", action="store_true", help="print the top 3 of every query")
    args = parser.parse_args()
    from baotou_cli.facts import loader

    factset = loader.load(args.facts).factset
    search = search_function()
    queries = load_queries()
    hits = 0
    for case in queries:
        top = top_ids(factset, search, case["query"])
        hit = all(expected in top for expected in case["top3"])
        hits += hit
        if args.verbose or not hit:
            print(f"{'hit ' if hit else 'MISS'} {case['query']!r}: want {case['top3']}, top 3 {top}")
    print(f"top-3 hit rate: {hits}/{len(queries)} = {hits / len(queries):.0%}")


if __name__ == "__main__":
    main()
