"""Shared fixtures: an isolated cache, pinned terminal settings, the real facts file and a tiny one."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import typer
from click.testing import CliRunner

from baotou_cli import cli

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "facts.yaml"
SEED = ROOT / "seeds" / "000_9b0c7176cb642d6b.txt"
SEED_SHA256 = "aeab91d246956828081ca2bf54a06d1a33eeede9d5aeadf591303e0e38216e43"

TINY_FACTS = f"""\
schema_version: 2
sources:
  - id: article
    path: seeds/article.txt
    sha256: {SEED_SHA256}
    headline_zh: 包头稀土高新区：在高质量发展中展现“高新”作为
    headline_en: "Baotou Rare Earth Hi-Tech Zone: showing what 'high-tech' means in high-quality development"
    byline_zh: 本报特约通讯员 李宝乐
    byline_en: Li Baole, contributing correspondent
measures:
  - {{id: funds-in-place, en: domestic funds in place, zh: 到位资金}}
  - {{id: capacity, en: annual capacity, zh: 年产能}}
entities:
  - id: zone
    type: zone
    zh: 包头稀土高新区
    en: Baotou Rare Earth Hi-Tech Zone
    nouns: [高新区]  # 该高新区 in a quote names it (the subject rule)
  - id: yunsheng-magnet
    type: company
    zh: 包头韵升强磁材料有限公司
    en: Baotou Yunsheng Strong Magnet Materials Co., Ltd.
    industries: [rare-earth]
facts:
  - id: funds-in-place
    topic: investment
    kind: metric
    zh: 2022年1-8月，包头稀土高新区引进国内(区外)到位资金51.5亿元，同比增长50.6%。
    en: In January-August 2022 the Baotou Rare Earth Hi-Tech Zone brought in 5.15 billion yuan of domestic funds in place, up 50.6% year on year.
    quantities:
      - {{measure: funds-in-place, subject: zone, raw: 51.5亿元, value: 5150000000, unit: CNY}}
      - {{measure: funds-in-place, subject: zone, basis: year-on-year, raw: 50.6%, value: 50.6, unit: "%"}}
    period: {{raw: 2022年1-8月, start: "2022-01", end: "2022-08"}}
    entities: [zone]
    source:
      id: article
      quote: 2022年1-8月，该高新区引进国内(区外)到位资金51.5亿元，同比增长50.6%。
  - id: yunsheng-capacity
    topic: industry
    kind: metric
    zh: 建成后，包头韵升强磁材料有限公司年产能将达到3.3万吨，成为全球单体规模最大的稀土永磁材料生产基地。
    en: Once built, Baotou Yunsheng Strong Magnet Materials Co., Ltd. will have an annual capacity of 33,000 tonnes.
    quantities:
      - {{measure: capacity, subject: yunsheng-magnet, raw: 3.3万吨, value: 33000, unit: t, qualifiers: [expected]}}
    entities: [yunsheng-magnet]
    industries: [rare-earth]
    source:
      id: article
      quote: 建成后，包头韵升强磁材料有限公司年产能将达到3.3万吨，成为全球单体规模最大的…稀土永磁材料生产基地。
"""


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory) -> Path:
    """One compiled cache for the whole run: the bundled facts file is parsed and checked once, not per test."""
    return tmp_path_factory.mktemp("shared-cache")


@pytest.fixture(autouse=True)
def isolated_environment(request, shared_cache, tmp_path_factory, monkeypatch):
    """No test reads the user's cache or environment; terminal width and colour are pinned.
    Tests marked `fresh_cache` (the cache's own tests) start from an empty cache of their own."""
    fresh = request.node.get_closest_marker("fresh_cache") is not None
    monkeypatch.setenv("BAOTOU_CACHE_DIR", str(tmp_path_factory.mktemp("cache") if fresh else shared_cache))
    for name in ("BAOTOU_FACTS", "BAOTOU_NO_CACHE", "BAOTOU_ALLOW_OUTSIDE_SOURCES", "FORCE_COLOR", "NO_COLOR", "CI", "GITHUB_ACTIONS", "TERM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("TERMINAL_WIDTH", "100")


@pytest.fixture
def tiny_facts(tmp_path) -> Path:
    """A two-fact facts file beside a copy of the article."""
    (tmp_path / "seeds").mkdir()
    shutil.copyfile(SEED, tmp_path / "seeds" / "article.txt")
    path = tmp_path / "facts.yaml"
    path.write_text(TINY_FACTS, encoding="utf-8")
    return path


def problems_of(facts: Path, text: str) -> list[str]:
    """Every problem the checks find in a facts file with this text, each as `verify` words it after "FAIL "
    ("fact 'x': field 'en': ..."): the checks called directly, without the command or the cache."""
    from baotou_cli.data import loader

    facts.write_text(text, encoding="utf-8")
    lines = []
    for problem in loader.load(facts, strict=False, use_cache=False).problems:
        where = f"{problem.record} '{problem.fact_id}': " if problem.fact_id else ""
        where += f"field '{problem.field}': " if problem.field else ""
        lines.append(where + problem.message)
    return lines


@pytest.fixture
def facts_copy(tmp_path) -> Path:
    """A copy of the real facts file and its seeds, for tampering with."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    target = tmp_path / "facts.yaml"
    shutil.copyfile(FACTS, target)
    return target


# Every command, read from the app itself so that no test's list can miss one.
APP = typer.main.get_command(cli.app)
COMMANDS = sorted(APP.commands)
# An argument for each command that needs one (test_commands_lists_cover_the_app checks none is missing).
ARGUMENTS = {"search": ["稀土"], "ask": ["how much magnet capacity?"], "show": ["jl-mag"],
             "cite": ["funds-in-place-2022-jan-aug"], "schema": ["projects"],
             "draft": [str(Path(__file__).resolve().parent.parent / "seeds" / "000_9b0c7176cb642d6b.txt")]}
# Commands that print records (they take the listing options: --json, --format, --fields, --lang), and a few
# variants whose records differ. (`cache --json` prints one object of its own: not a listing.)
LISTING_COMMANDS = [[name, *ARGUMENTS.get(name, [])] for name in COMMANDS
                    if any(p.name == "fields" for p in APP.commands[name].params)]
VARIANTS = [["investment", "--by", "period"], ["industry", "--by", "unit"], ["summary", "investment"],
            ["show", "funds-in-place-2022-jan-aug"], ["chart", "capacity"]]


class _Entry:
    """Lets click's CliRunner drive baotou's own main(), error handling and exit codes included."""

    name = "baotou"

    def main(self, args=(), prog_name=None, **extra):
        cli.main(list(args))


def run(*args: str, env: dict | None = None):
    """Run baotou in-process; returns click's Result (stdout, stderr, exit_code)."""
    return CliRunner().invoke(_Entry(), list(args), env=env, catch_exceptions=False)


def run_json(*args: str):
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def pytest_addoption(parser):
    parser.addoption("--snapshot-update", action="store_true", default=False,
                     help="rewrite tests/snapshots/ from the current output (review the diff by eye before committing)")


@pytest.fixture
def snapshot_update(request) -> bool:
    return request.config.getoption("--snapshot-update")


def read_terminal(leader: int, process) -> bytes:
    """All that a process wrote to the pseudo-terminal whose leader end is `leader`, until it closed; then wait
    for the process. The caller has closed the follower end, so the read ends when the process does."""
    import select

    chunks = []
    while select.select([leader], [], [], 30)[0]:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the process closed its end
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=30)
    os.close(leader)
    return b"".join(chunks)


def complete(words: str, *, in_a_process: bool = False) -> list[str]:
    """What bash completion offers for this command line: in-process (baotou's main() answers the completion
    request as in a shell), or in a new Python process where the test is about the process."""
    env = {"_BAOTOU_COMPLETE": "complete_bash", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1))}
    if not in_a_process:
        result = run(env=env)
        assert result.exit_code == 0, result.stderr
        return result.stdout.split()
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", "from baotou_cli.cli import main; main()"],
                          env={**os.environ, **env}, capture_output=True, text=True, cwd=ROOT, timeout=60)
    return done.stdout.split()


def read_yaml(text: str):
    """YAML read as yaml.safe_load reads it, with PyYAML's C loader where it is built (the facts file in about a
    tenth of the time: tests that edit a copy of it read and write it often)."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def write_yaml(data) -> str:
    """YAML written as yaml.safe_dump writes it (C dumper where built), Chinese as it is, keys in order."""
    import yaml

    return yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=True,
                     sort_keys=False, width=10**6)
