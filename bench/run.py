"""Benchmark baotou as users run it: whole processes, alternating with a baseline, medians and ratios.

    python bench/run.py                 # start-up cases and 1,000 / 10,000 facts (about a minute)
    python bench/run.py --sizes 1000,10000,100000 --rounds 15

Prints a table; measures and prints only, asserts nothing (see docs/performance.md for the targets).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402

# The console script users type, beside this Python (pip puts it there).
BAOTOU = [shutil.which("baotou", path=str(Path(sys.executable).parent)) or "baotou"]
BASELINE = [sys.executable, "-c", "pass"]
STARTUP_CASES = [
    ("projects --industry rare-earth --json", ["projects", "--industry", "rare-earth", "--json"], {}),
    ("projects --industry rare-earth (table, FORCE_COLOR)", ["projects", "--industry", "rare-earth"],
     {"FORCE_COLOR": "1", "COLUMNS": "100"}),
    ("search 稀土 --json", ["search", "稀土", "--json"], {}),
    ("search 'how much magnet capacity?' --json", ["search", "how much magnet capacity?", "--json"], {}),
    ("ask 包头有多少稀土永磁产能 (table)", ["ask", "包头有多少稀土永磁产能"], {"COLUMNS": "100"}),
    ("ask 'how much magnet capacity?' --json", ["ask", "how much magnet capacity?", "--json"], {}),
    ("--help", ["--help"], {}),
]


def timed(command: list[str], env: dict) -> tuple[float, int]:
    """Wall time in seconds and peak resident memory in MB of one process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}: {process.stderr.read().decode()[:300]}")
    process.stderr.close()
    return elapsed, usage.ru_maxrss // 1024


def startup(rounds: int, env: dict) -> list[tuple[str, float, float, float]]:
    for warm in (["projects", "--json"], ["search", "稀土", "--json"]):  # the compiled file, then its index
        subprocess.run(BAOTOU + warm, env=env, stdout=subprocess.DEVNULL, check=True)
    rows = []
    for name, args, extra in STARTUP_CASES:
        case_env = {**env, **extra}
        base, case = [], []
        for _ in range(rounds):  # alternate, so a busy moment hits both alike
            base.append(timed(BASELINE, case_env)[0])
            case.append(timed(BAOTOU + args, case_env)[0])
        b, c = statistics.median(base), statistics.median(case)
        rows.append((name, b * 1000, c * 1000, c / b))
    return rows


# Repeated queries on a large file (issue #12's targets): a filter with a limit, a filter printing many rows
# (about 30% of the facts), projects (facts about entities) and search.
SCALE_QUERIES = [
    ("facts --industry rare-earth --limit 50 --json", ["facts", "--industry", "rare-earth", "--limit", "50", "--json"]),
    ("facts --industry rare-earth --json", ["facts", "--industry", "rare-earth", "--json"]),
    ("projects --industry rare-earth --json", ["projects", "--industry", "rare-earth", "--json"]),
    ("search 稀土 --limit 50 --json", ["search", "稀土", "--limit", "50", "--json"]),
    ("ask 'how much magnet capacity?' --json", ["ask", "how much magnet capacity?", "--json"]),
    ("ask 包头有多少稀土永磁产能", ["ask", "包头有多少稀土永磁产能"]),
    ("ask 'who is Zhang Yi?' --json", ["ask", "who is Zhang Yi?", "--json"]),
]


def scale(sizes: list[int], rounds: int, env: dict, work: Path) -> tuple[list[tuple], list[tuple]]:
    first_rows, repeat_rows = [], []
    for size in sizes:
        path = generate(size, work / f"facts-{size}" / "facts.yaml")
        query = BAOTOU + [*SCALE_QUERIES[0][1], "--facts", str(path)]
        load = [sys.executable, "-c", "import sys, yaml; yaml.load(open(sys.argv[1], encoding='utf-8'), "
                "Loader=yaml.CSafeLoader)", str(path)]
        first, first_mb, bare, bare_mb = [], [], [], []
        for index in range(max(1, rounds // 5) if size >= 100_000 else max(2, rounds // 2)):
            with path.open("a", encoding="utf-8") as handle:  # a change to the file: new content, new cache key
                handle.write(f"# change {index}\n")
            seconds, mb = timed(query, env)
            first.append(seconds), first_mb.append(mb)
            seconds, mb = timed(load, env)
            bare.append(seconds), bare_mb.append(mb)
        f, y = statistics.median(first), statistics.median(bare)
        # The first search of the file builds its full-text index (a cache file of its own): timed once, apart.
        index, index_mb = timed(BAOTOU + [*SCALE_QUERIES[-1][1], "--facts", str(path)], env)
        first_rows.append((size, path.stat().st_size / 1e6, f, y, f / y, max(first_mb), max(bare_mb), index,
                           index_mb))
        for name, args in SCALE_QUERIES:
            runs = [timed(BAOTOU + [*args, "--facts", str(path)], env) for _ in range(rounds)]
            repeat_rows.append((size, name, statistics.median(t for t, _ in runs), max(mb for _, mb in runs)))
    return first_rows, repeat_rows


def cache_check(cache: Path) -> list[tuple[str, float, float]]:
    """What the check on every open costs: the CRC-32 of each cached database (median of 5), in-process."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from baotou_cli.data import sqlite_store

    rows = []
    for database in sorted(cache.glob("facts-*.sqlite"), key=lambda p: p.stat().st_size):
        fd = os.open(database, os.O_RDONLY)
        try:
            size = os.fstat(fd).st_size
            times = []
            for _ in range(5):
                started = time.perf_counter()
                sqlite_store.checksum(fd, size)
                times.append(time.perf_counter() - started)
        finally:
            os.close(fd)
        rows.append((database.name[:20] + "…", size / 1e6, statistics.median(times) * 1000))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--sizes", default="1000,10000", help="facts per synthetic file, comma-separated")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="baotou-bench-"))
    env = {**os.environ, "BAOTOU_CACHE_DIR": str(work / "cache")}
    # As users run it: an installed package has compiled bytecode (pip writes it), so let Python keep it.
    for name in ("BAOTOU_FACTS", "BAOTOU_NO_CACHE", "NO_COLOR", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(__file__).resolve().parent.parent
                                                                    / "baotou_cli")], check=True)
    try:
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
              f"{platform.system()} {platform.release()}")
        print(f"\nstart-up, median of {options.rounds} alternating runs")
        print(f"{'case':<55}{'baseline ms':>12}{'case ms':>10}{'ratio':>8}")
        for name, base, case, ratio in startup(options.rounds, env):
            print(f"{name:<55}{base:>12.1f}{case:>10.1f}{ratio:>7.1f}x")
        sizes = [int(s) for s in options.sizes.split(",") if s]
        first_rows, repeat_rows = scale(sizes, options.rounds, env, work)
        print("\nscale: the first query after a change (parse, check, compile) against a bare C YAML load")
        print("and the first search after it (builds the full-text index)")
        print(f"{'facts':>8}{'MB':>7}{'first s':>9}{'yaml s':>8}{'ratio':>7}{'first MB':>10}{'yaml MB':>9}"
              f"{'search s':>10}{'search MB':>11}")
        for size, mb, first, bare, ratio, first_mb, bare_mb, index, index_mb in first_rows:
            print(f"{size:>8,}{mb:>7.1f}{first:>9.2f}{bare:>8.2f}{ratio:>6.2f}x{first_mb:>10}{bare_mb:>9}"
                  f"{index:>10.2f}{index_mb:>11}")
        print(f"\nscale: repeated queries, median of {options.rounds} runs and peak resident memory")
        print(f"{'facts':>8}  {'query':<48}{'repeat s':>10}{'peak MB':>9}")
        for size, name, seconds, peak in repeat_rows:
            print(f"{size:>8,}  {name:<48}{seconds:>10.3f}{peak:>9}")
        print("\ncache check on open: CRC-32 of the whole compiled database (and of the index, on a search)")
        print(f"{'database':<24}{'MB':>8}{'check ms':>10}")
        for name, mb, ms in cache_check(work / "cache"):
            print(f"{name:<24}{mb:>8.1f}{ms:>10.1f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
