"""The compiled cache: faster, and never stale, never a reason to fail."""

from __future__ import annotations

import os

import pytest

from baotou_cli.facts import loader
from baotou_cli.facts import store
from conftest import run, run_json

pytestmark = pytest.mark.fresh_cache

QUERIES = [
    ["projects", "--json"], ["projects", "--industry", "rare-earth", "--json"], ["investment", "--json"],
    ["investment", "--by", "period", "--json"], ["industry", "--json"], ["training", "--json"],
    ["companies", "--json"], ["people", "--json"], ["facts", "--json"], ["search", "稀土", "--json"],
    ["show", "jl-mag-phase2", "--json"], ["summary", "--json"], ["export", "--json"],
]


def _cache_files():
    folder = store.cache_dir()
    return sorted(folder.glob("facts-*.jsonl")) if folder.is_dir() else []


@pytest.mark.parametrize("query", QUERIES, ids=" ".join)
def test_same_answers_with_and_without_the_cache(query):
    fresh = run(*query, env={"BAOTOU_NO_CACHE": "1"})
    first = run(*query)  # parses and writes the cache
    cached = run(*query)  # reads the cache
    assert fresh.exit_code == first.exit_code == cached.exit_code == 0
    assert fresh.stdout == first.stdout == cached.stdout
    assert _cache_files()


def test_a_repeated_load_comes_from_the_cache(tiny_facts):
    assert loader.load(tiny_facts).articles is not None  # parsed
    assert loader.load(tiny_facts).articles is None  # served from the cache
    assert len(_cache_files()) == 1


def test_changed_content_is_never_served_stale_even_with_the_same_size_and_mtime(tiny_facts):
    loader.load(tiny_facts)
    before = tiny_facts.stat()
    text = tiny_facts.read_text(encoding="utf-8")
    changed = text.replace("Once built, Baotou", "When built, Baotou")  # same length in bytes
    assert len(changed.encode()) == len(text.encode())
    tiny_facts.write_text(changed, encoding="utf-8")
    os.utime(tiny_facts, ns=(before.st_atime_ns, before.st_mtime_ns))
    loaded = loader.load(tiny_facts)
    assert loaded.articles is not None  # parsed again
    assert loaded.factset.fact("yunsheng-capacity").en.startswith("When built")


def test_a_changed_article_is_checked_again(tiny_facts):
    loader.load(tiny_facts)
    article = tiny_facts.parent / "seeds" / "article.txt"
    article.write_text(article.read_text(encoding="utf-8").replace("51.5亿元", "52.5亿元"), encoding="utf-8")
    result = run("investment", "--json", "--facts", str(tiny_facts))
    assert result.exit_code == 1 and "does not match its sha256" in result.stderr


@pytest.mark.parametrize("damage", [b"", b"not json\n", b'{"keys": []}\n', None])
def test_a_corrupted_cache_falls_back_to_parsing(tiny_facts, damage):
    loader.load(tiny_facts)
    [cached] = _cache_files()
    data = cached.read_bytes()
    cached.write_bytes(data[: len(data) // 2] if damage is None else damage)
    loaded = loader.load(tiny_facts)
    assert loaded.articles is not None and [f.id for f in loaded.factset.facts] == ["funds-in-place",
                                                                                   "yunsheng-capacity"]


def test_an_unwritable_cache_directory_falls_back_to_parsing(tiny_facts, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory should be")
    monkeypatch.setenv("BAOTOU_CACHE_DIR", str(blocker / "cache"))
    assert run_json("investment", "--json", "--facts", str(tiny_facts))[0]["value"] == 5150000000
    assert loader.load(tiny_facts).articles is not None  # parsed every time, and still right


def test_cache_honours_xdg_cache_home(monkeypatch, tmp_path):
    monkeypatch.delenv("BAOTOU_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert store.cache_dir() == tmp_path / "baotou"


def test_lazy_facts_build_only_what_is_read(tiny_facts):
    loader.load(tiny_facts)
    factset = loader.load(tiny_facts).factset
    assert isinstance(factset.facts, store.LazyFacts)
    assert factset.facts._built == [None, None]
    assert factset.select(topic="industry")[0].id == "yunsheng-capacity"
    assert factset.facts._built[0] is None and factset.facts._built[1] is not None
    assert [f.id for f in factset.facts[:]] == ["funds-in-place", "yunsheng-capacity"]
