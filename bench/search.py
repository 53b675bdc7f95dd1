"""Search speed on synthetic facts files: building the FTS5 index, and queries on a built index.

    python bench/search.py                       # 1,000 and 10,000 facts
    python bench/search.py --sizes 1000,10000,100000

In-process timings (the index in memory, as search builds it until the SQLite store keeps it on disk).
Prints only; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402

QUERIES = ["稀土", "永磁", "magnet", "JL MAG", "dark factory", "15万吨", "rare earth output value", "zzzqqq"]


def timed(function, rounds: int = 5) -> float:
    """Median seconds of `rounds` calls."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--limit", type=int, default=50, help="rows a query returns (as --limit)")
    options = parser.parse_args()
    from baotou_cli.questions import search
    from baotou_cli.data import search_index, loader

    with tempfile.TemporaryDirectory() as work:
        for size in [int(s) for s in options.sizes.split(",") if s]:
            path = generate(size, Path(work) / f"facts-{size}.yaml")
            factset = loader.load(path, use_cache=False).factset
            started = time.perf_counter()
            conn = factset.full_text()  # built in memory (no cache): kept by the FactSet for the searches below
            build = time.perf_counter() - started
            print(f"{size:>7} facts: index built in {build:.2f} s ({build / size * 1000 * 1000:.1f} ms per 1,000)")
            for text in QUERIES:
                hits = timed(lambda conn=conn, text=text: search_index.query(conn, text, options.limit))
                rows = timed(lambda factset=factset, text=text: search.search(factset, text, options.limit))
                count = len(search_index.query(conn, text))
                print(f"    {text!r:<28} {count:>7} hits   index query {hits * 1000:7.1f} ms"
                      f"   with records and snippets (--limit {options.limit}) {rows * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
