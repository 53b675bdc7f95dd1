"""How fast `baotou draft` is: on the bundled article against 15x `python -c pass`, and on an article of
100,000 characters against 2 s. Prints a table.

The long article is made of the three fixture articles of tests/fixtures/articles, each copy's figures changed
(so that no clause repeats and every figure is drafted again), until it has 100,000 characters. Each command
runs as users run it (a new process, `python -m baotou_cli draft ...`), median of several runs.

Usage: python bench/draft_speed.py [RUNS]
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "fixtures" / "articles"
LONG_CHARS = 100_000


def timed(args: list[str], runs: int, cwd: Path, env: dict) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(args, cwd=cwd, check=True, stdout=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def long_article() -> str:
    bodies = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))]
    parts, copy = [], 0
    while sum(len(p) for p in parts) < LONG_CHARS:
        copy += 1
        for body in bodies:  # 12.6% -> 12.7%, 58个 -> 59个: new figures, new clauses
            parts.append(re.sub(r"\d+", lambda m, step=copy: str(int(m.group()) + step), body))
    return "".join(parts)[:LONG_CHARS]


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        # As users run it (as bench/run.py does): an installed package has compiled bytecode, and a cache dir.
        env = {**os.environ, "BAOTOU_CACHE_DIR": str(work / "cache")}
        for name in ("BAOTOU_FACTS", "BAOTOU_NO_CACHE", "PYTHONDONTWRITEBYTECODE"):
            env.pop(name, None)
        subprocess.run([python, "-m", "compileall", "-q", str(ROOT / "baotou_cli")], check=True)
        shutil.copy(ROOT / "facts.yaml", work / "facts.yaml")
        (work / "seeds").mkdir()
        for path in (ROOT / "seeds").glob("*.txt"):
            shutil.copy(path, work / "seeds" / path.name)
        (work / "long.txt").write_text(long_article(), encoding="utf-8")
        # The same characters as one paragraph with no full stop: lookbacks must stay bounded.
        (work / "one-paragraph.txt").write_text(re.sub(r"\s+|[。！？]", "", long_article()) + "。", encoding="utf-8")
        env_cmd = [python, "-m", "baotou_cli"]
        subprocess.run([*env_cmd, "facts", "--facts", "facts.yaml"], cwd=work, stdout=subprocess.DEVNULL, env=env)
        baseline = timed([python, "-c", "pass"], runs, work, env)
        query = timed([*env_cmd, "facts", "--json", "--facts", "facts.yaml"], runs, work, env)
        bundled = timed([*env_cmd, "draft", "seeds/000_9b0c7176cb642d6b.txt", "--facts", "facts.yaml"], runs, work, env)
        fresh = work / "seeds" / "fresh-copy.txt"  # the bundled article as a new source: every figure drafted
        fresh.write_text((ROOT / "seeds" / "000_9b0c7176cb642d6b.txt").read_text(encoding="utf-8") + "\n",
                         encoding="utf-8")
        as_new = timed([*env_cmd, "draft", str(fresh.relative_to(work)), "--facts", "facts.yaml"], runs, work, env)
        long = timed([*env_cmd, "draft", "long.txt", "--facts", "facts.yaml"], max(1, runs // 2), work, env)
        flat = timed([*env_cmd, "draft", "one-paragraph.txt", "--facts", "facts.yaml"], max(1, runs // 2), work, env)
    budget = 15 * baseline
    print(f"{'case':<52} {'median':>9} {'target':>9}  met")
    print(f"{'python -c pass':<52} {baseline * 1000:>7.0f}ms")
    print(f"{'facts --json (for comparison, no target here)':<52} {query * 1000:>7.0f}ms")
    for label, seconds, target in (("draft, bundled article (already a source)", bundled, budget),
                                   ("draft, bundled article as a new source", as_new, budget),
                                   (f"draft, {LONG_CHARS:,}-character article", long, 2.0),
                                   ("draft, the same as one paragraph, no full stop", flat, 2.0)):
        print(f"{label:<52} {seconds * 1000:>7.0f}ms {target * 1000:>7.0f}ms  {'yes' if seconds <= target else 'NO'}")
    print(f"(cpus: {os.cpu_count()}; machine load changes these numbers; rerun to compare)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
