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
    subprocess.run(BAOTOU + ["projects", "--json"], env=env, stdout=subprocess.DEVNULL, check=True)  # warm cache
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


def scale(sizes: list[int], rounds: int, env: dict, work: Path) -> list[tuple]:
    rows = []
    for size in sizes:
        path = generate(size, work / f"facts-{size}" / "facts.yaml")
        query = BAOTOU + ["projects", "--industry", "rare-earth", "--json", "--facts", str(path)]
        load = [sys.executable, "-c", "import sys, yaml; yaml.load(open(sys.argv[1], encoding='utf-8'), "
                "Loader=yaml.CSafeLoader)", str(path)]
        first, first_mb, bare, bare_mb, repeat, repeat_mb = [], [], [], [], [], []
        for index in range(max(1, rounds // 5) if size >= 100_000 else max(2, rounds // 2)):
            with path.open("a", encoding="utf-8") as handle:  # a change to the file: new content, new cache key
                handle.write(f"# change {index}\n")
            seconds, mb = timed(query, env)
            first.append(seconds), first_mb.append(mb)
            seconds, mb = timed(load, env)
            bare.append(seconds), bare_mb.append(mb)
        for _ in range(rounds):
            seconds, mb = timed(query, env)
            repeat.append(seconds), repeat_mb.append(mb)
        f, y = statistics.median(first), statistics.median(bare)
        rows.append((size, path.stat().st_size / 1e6, f, y, f / y, max(first_mb), max(bare_mb),
                     statistics.median(repeat), max(repeat_mb)))
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
        print("\nscale: projects --industry rare-earth --json on synthetic facts files")
        print(f"{'facts':>8}{'MB':>7}{'first s':>9}{'yaml s':>8}{'ratio':>7}{'first MB':>10}{'yaml MB':>9}"
              f"{'repeat s':>10}{'repeat MB':>11}")
        for size, mb, first, bare, ratio, first_mb, bare_mb, repeat, repeat_mb in scale(sizes, options.rounds, env,
                                                                                          work):
            print(f"{size:>8,}{mb:>7.1f}{first:>9.2f}{bare:>8.2f}{ratio:>6.2f}x{first_mb:>10}{bare_mb:>9}"
                  f"{repeat:>10.3f}{repeat_mb:>11}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
