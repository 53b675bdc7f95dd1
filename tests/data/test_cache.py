"""The compiled cache: faster, never stale, never a wrong answer, never a reason to fail (issues #12, #13)."""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import stat
import subprocess
import sys
import time
import zlib

import pytest

from baotou_cli.data import fact_checks, loader, sqlite_store
from baotou_cli.data.json_text import encode
from baotou_cli.data.model import FactSet, build_factset, fact_record, fact_row
from conftest import ROOT, run, run_json

pytestmark = pytest.mark.fresh_cache

QUERIES = [
    ["projects", "--json"], ["projects", "--industry", "rare-earth", "--json"], ["investment", "--json"],
    ["investment", "--by", "period", "--json"], ["industry", "--json"], ["training", "--json"],
    ["companies", "--json"], ["people", "--json"], ["facts", "--json"], ["search", "稀土", "--json"],
    ["show", "jl-mag-phase2", "--json"], ["summary", "--json"], ["export", "--json"],
    ["facts", "--industry", "rare-earth", "--format", "csv"], ["timeline", "--json"], ["chart", "capacity"],
]
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _cache_files():
    folder = sqlite_store.cache_dir()
    return sorted(folder.glob("facts-*.sqlite")) if folder.is_dir() else []


def _temporary_files():
    folder = sqlite_store.cache_dir()
    return sorted(folder.glob(".facts-*")) if folder.is_dir() else []


def _investment(facts) -> str:
    result = run("investment", "--json", "--facts", str(facts))
    assert result.exit_code == 0, result.stderr
    return result.stdout


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
    assert len(_cache_files()) == 1 and not _temporary_files()


def test_without_proc_the_cache_is_read_from_its_bytes(tiny_facts, monkeypatch):
    # Where the system cannot name a descriptor (no /proc/self/fd: macOS, the BSDs), the checked file's bytes
    # are loaded into memory instead; the answers are the same.
    first = loader.load(tiny_facts).factset
    isdir = os.path.isdir
    monkeypatch.setattr(os.path, "isdir", lambda path: path != "/proc/self/fd" and isdir(path))
    served = loader.load(tiny_facts)
    assert served.articles is None  # from the cache
    assert [fact_record(f) for f in served.factset.facts] == [fact_record(f) for f in first.facts]


def test_the_cache_file_is_private(tiny_facts):
    loader.load(tiny_facts)
    [cached] = _cache_files()
    assert stat.S_IMODE(cached.stat().st_mode) == 0o600
    assert stat.S_IMODE(cached.parent.stat().st_mode) & 0o077 == 0 or cached.parent.stat().st_mode & stat.S_ISVTX


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


def test_a_deleted_article_is_never_covered_by_the_cache(tiny_facts):
    loader.load(tiny_facts)
    (tiny_facts.parent / "seeds" / "article.txt").unlink()
    result = run("investment", "--json", "--facts", str(tiny_facts))
    assert result.exit_code == 1 and "cannot be read" in result.stderr


def _rewrite_checksum(path):
    """Make a edited database pass the check, as an attacker who can write the cache could."""
    data = bytearray(path.read_bytes())
    data[60:64] = b"\0\0\0\0"
    data[60:64] = zlib.crc32(data).to_bytes(4, "big")
    path.write_bytes(bytes(data))


def test_a_planted_cache_without_sources_is_not_trusted(tiny_facts):
    loader.load(tiny_facts)
    [cached] = _cache_files()
    conn = sqlite3.connect(cached)
    conn.execute("DELETE FROM sources")
    conn.commit()
    conn.close()
    _rewrite_checksum(cached)
    (tiny_facts.parent / "seeds" / "article.txt").unlink()
    result = run("investment", "--json", "--facts", str(tiny_facts))
    assert result.exit_code == 1 and "cannot be read" in result.stderr


def test_the_article_hashed_is_the_article_checked(tiny_facts, monkeypatch):
    """An article swapped after it was checked must not slip into the cache as checked."""
    article = tiny_facts.parent / "seeds" / "article.txt"
    original = fact_checks.read_sources

    def read_then_swap(factset):
        found = original(factset)
        article.write_text(article.read_text(encoding="utf-8").replace("51.5亿元", "41.5亿元"), encoding="utf-8")
        return found

    monkeypatch.setattr(fact_checks, "read_sources", read_then_swap)
    loader.load(tiny_facts)  # checked the original bytes
    monkeypatch.setattr(fact_checks, "read_sources", original)
    with pytest.raises(loader.FactsError, match="does not match its sha256"):
        loader.load(tiny_facts)


@pytest.mark.parametrize("damage", ["empty", "garbage", "truncated", "half-page", "header-only", "directory", "fifo",
                                    "symlink-to-huge-file", "huge-sparse-file", "other-format"])
def test_a_damaged_cache_is_rebuilt_never_served(tiny_facts, tmp_path, damage):
    expected = _investment(tiny_facts)
    [cached] = _cache_files()
    data = cached.read_bytes()
    cached.unlink()
    if damage == "empty":
        cached.write_bytes(b"")
    elif damage == "garbage":
        cached.write_bytes(b"not a database\n" * 1000)
    elif damage == "truncated":
        cached.write_bytes(data[: len(data) // 2])
    elif damage == "half-page":
        cached.write_bytes(data + b"\0" * 100)
    elif damage == "header-only":
        cached.write_bytes(data[:4096])
    elif damage == "directory":
        cached.mkdir()
    elif damage == "fifo":
        os.mkfifo(cached)
    elif damage == "symlink-to-huge-file":
        huge = tmp_path / "huge"
        with huge.open("wb") as handle:
            handle.truncate(8 * 1024 ** 3)  # sparse: costs no disk
        cached.symlink_to(huge)
    elif damage == "huge-sparse-file":
        with cached.open("wb") as handle:
            handle.truncate(sqlite_store.MAX_CACHE_BYTES + 4096)
    elif damage == "other-format":
        cached.write_bytes(data)
        conn = sqlite3.connect(cached)
        conn.execute("UPDATE meta SET value = '4' WHERE key = 'format'")
        conn.commit()
        conn.close()
        _rewrite_checksum(cached)
    loaded = loader.load(tiny_facts)
    assert loaded.articles is not None  # parsed, not served
    assert _investment(tiny_facts) == expected
    if damage != "directory":  # a directory of ours is left alone; every query then runs uncached
        assert cached.is_file() and not cached.is_symlink()
        assert loader.load(tiny_facts).articles is None  # rebuilt: not a lasting error


@pytest.mark.slow
def test_random_damage_never_changes_an_answer(tiny_facts):
    """Flip random bytes of the compiled file: every answer is the uncached one, or the file was rebuilt."""
    uncached = run("investment", "--json", "--facts", str(tiny_facts), env={"BAOTOU_NO_CACHE": "1"}).stdout
    loader.load(tiny_facts)
    [cached] = _cache_files()
    pristine = cached.read_bytes()
    for damaged in _flipped(pristine, random.Random(13), 150):
        cached.write_bytes(damaged)
        served = loader.load(tiny_facts).articles is None
        assert not served, "a damaged cache was served"
        assert cached.read_bytes() == pristine  # rebuilt
        cached.write_bytes(damaged)
        assert _investment(tiny_facts) == uncached


def _flipped(pristine: bytes, rng: random.Random, times: int):
    """Copies of the bytes with a few random bits flipped in each."""
    for _ in range(times):
        damaged = bytearray(pristine)
        for _ in range(rng.choice((1, 1, 2, 8))):
            damaged[rng.randrange(len(damaged))] ^= 1 << rng.randrange(8)
        yield bytes(damaged)


def test_an_unwritable_cache_directory_falls_back_to_parsing(tiny_facts, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory should be")
    monkeypatch.setenv("BAOTOU_CACHE_DIR", str(blocker / "cache"))
    assert run_json("investment", "--json", "--facts", str(tiny_facts))[0]["value"] == 5150000000
    assert loader.load(tiny_facts).articles is not None  # parsed every time, and still right


def _shared(tmp_path, monkeypatch, mode):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(mode)
    monkeypatch.setenv("BAOTOU_CACHE_DIR", str(shared))
    return shared


def test_a_directory_others_can_write_is_refused(tiny_facts, tmp_path, monkeypatch):
    shared = _shared(tmp_path, monkeypatch, 0o777)
    assert run_json("investment", "--json", "--facts", str(tiny_facts))[0]["value"] == 5150000000
    assert list(shared.iterdir()) == []


def test_a_sticky_shared_directory_is_used(tiny_facts, tmp_path, monkeypatch):
    _shared(tmp_path, monkeypatch, 0o1777)
    loader.load(tiny_facts)
    assert loader.load(tiny_facts).articles is None


@pytest.mark.skipif(not IS_ROOT, reason="giving a file to another user needs root")
def test_a_cache_file_of_another_user_is_not_served(tiny_facts, tmp_path, monkeypatch):
    _shared(tmp_path, monkeypatch, 0o1777)
    loader.load(tiny_facts)
    [cached] = _cache_files()
    os.chown(cached, 12345, 12345)
    assert loader.load(tiny_facts).articles is not None


def test_a_symlink_in_place_of_the_cache_file_never_writes_through(tiny_facts, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    sqlite_store.cache_dir().mkdir(parents=True, exist_ok=True)
    digest = loader.hashlib.sha256(tiny_facts.read_bytes()).hexdigest()
    (sqlite_store.cache_dir() / sqlite_store.entry_name(digest)).symlink_to(victim)
    loader.load(tiny_facts)
    assert victim.read_text() == "precious"
    assert loader.load(tiny_facts).articles is None  # a real file of ours replaced the link


def test_temporary_files_of_dead_processes_are_cleaned_up(tiny_facts):
    folder = sqlite_store.cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    dead = folder / f"{sqlite_store.TEMP_PREFIX}999999999-abcdefgh{sqlite_store.TEMP_SUFFIX}"
    old = folder / f"{sqlite_store.TEMP_PREFIX}{os.getpid()}-old_0001{sqlite_store.TEMP_SUFFIX}"
    live = folder / f"{sqlite_store.TEMP_PREFIX}{os.getpid()}-new_0001{sqlite_store.TEMP_SUFFIX}"
    for path in (dead, old, live):
        path.write_bytes(b"partial")
    hours_ago = time.time() - 2 * sqlite_store.STALE_TEMP_SECONDS
    os.utime(old, (hours_ago, hours_ago))
    loader.load(tiny_facts)
    assert not dead.exists() and not old.exists() and live.exists()


def test_old_entries_are_pruned(tiny_facts):
    folder = sqlite_store.cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(sqlite_store.KEEP_ENTRIES + 3):
        old = folder / sqlite_store.entry_name(f"{number:064x}")
        old.write_bytes(b"x")
        os.utime(old, (1_000_000 + number, 1_000_000 + number))
    loader.load(tiny_facts)
    names = {p.name for p in _cache_files()}
    assert len(names) == sqlite_store.KEEP_ENTRIES
    assert sqlite_store.entry_name(loader.hashlib.sha256(tiny_facts.read_bytes()).hexdigest()) in names
    assert sqlite_store.entry_name(f"{0:064x}") not in names


@pytest.mark.slow
@pytest.mark.parametrize("query, files", [(["facts"], 1), (["search", "稀土"], 2)])  # a search builds the index too
def test_twenty_processes_building_at_once_agree(tiny_facts, query, files):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "baotou_cli", *query, "--json", "--facts", str(tiny_facts)]
    processes = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                 for _ in range(20)]
    results = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0] * 20, results[0][1]
    assert len({out for out, _ in results}) == 1 and results[0][0].startswith(b"[")
    assert len(_cache_files()) == files and not _temporary_files()
    assert loader.load(tiny_facts).articles is None


def test_a_fifo_as_the_cache_file_does_not_hang(tiny_facts):
    folder = sqlite_store.cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    digest = loader.hashlib.sha256(tiny_facts.read_bytes()).hexdigest()
    os.mkfifo(folder / sqlite_store.entry_name(digest))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "baotou_cli", "investment", "--json", "--facts", str(tiny_facts)],
                          env=env, capture_output=True, timeout=60)
    assert done.returncode == 0 and b"5150000000" in done.stdout


# Where the cache lives --------------------------------------------------------------------------------

def test_cache_honours_baotou_cache_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("BAOTOU_CACHE_DIR", str(tmp_path / "here"))
    assert sqlite_store.cache_dir() == tmp_path / "here"


def test_cache_honours_an_absolute_xdg_cache_home(monkeypatch, tmp_path):
    monkeypatch.delenv("BAOTOU_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert sqlite_store.cache_dir() == tmp_path / "baotou"


@pytest.mark.parametrize("home", ["", "relative/home", "/"])
def test_no_sane_home_means_the_passwd_entry_or_no_cache(monkeypatch, home):
    monkeypatch.delenv("BAOTOU_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # ignored, as the XDG spec says
    monkeypatch.setenv("HOME", home)
    monkeypatch.setattr(sqlite_store, "_passwd_home", lambda: "")
    assert sqlite_store.cache_dir() is None
    monkeypatch.setattr(sqlite_store, "_passwd_home", lambda: "/home/someone")
    assert sqlite_store.cache_dir() == sqlite_store.Path("/home/someone/.cache/baotou")


def test_no_home_and_no_passwd_entry_runs_without_a_cache(monkeypatch, tiny_facts, tmp_path):
    import pwd

    monkeypatch.delenv("BAOTOU_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("HOME", raising=False)

    def no_entry(uid):
        raise KeyError(uid)

    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    monkeypatch.chdir(tmp_path)
    assert sqlite_store.cache_dir() is None
    assert _investment(tiny_facts).count("5150000000") == 1
    assert loader.load(tiny_facts).articles is not None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["facts.yaml", "seeds"]


# The store behind the FactSet ---------------------------------------------------------------------------

def test_facts_read_back_from_the_database_are_the_facts_compiled():
    """A file just parsed is compiled in memory and keeps its facts built; a cached database decodes them
    from its stored records: both must give every question the same answer."""
    from baotou_cli.data.loader import _decode, _parse

    path = ROOT / "facts.yaml"
    parsed = build_factset(_parse(path, _decode(path, path.read_bytes()))[0], path)
    reopened = sqlite_store.factset_from(parsed.database(), path)
    assert reopened._built == {} and len(parsed._built) == len(parsed)
    assert list(parsed) == list(reopened) and parsed.fact_ids == reopened.fact_ids
    assert parsed.topic_counts() == reopened.topic_counts() and len(parsed) == len(reopened)
    assert parsed.entities == reopened.entities and parsed.sources == reopened.sources
    assert (parsed.measures, parsed.synonyms, parsed.redirects) == (reopened.measures, reopened.synonyms,
                                                                    reopened.redirects)
    for fact_id in (parsed.fact_ids[0], parsed.fact_ids[-1], "no-such-fact"):
        assert parsed.fact(fact_id) == reopened.fact(fact_id)
    entity_ids = [e.id for e in parsed.entities]
    assert parsed.facts_about(entity_ids) == reopened.facts_about(entity_ids)
    for chosen in [{}, {"topic": "industry"}, {"entity": "jl-mag"}, {"topic": "no-such-topic"}]:
        assert list(parsed.select(**chosen)) == list(reopened.select(**chosen)), chosen
        assert parsed.select(**chosen).encoded() == reopened.select(**chosen).encoded(), chosen


def test_facts_that_repeat_an_id_are_all_there_for_the_checks(tiny_facts):
    """A file not yet checked may repeat an id (verify reports it): the database keys on ids, yet every fact
    stays where it was, as written, down to its stored record."""
    factset = loader.load(tiny_facts).factset
    first = factset.facts[0]
    twice = FactSet(factset.path, factset.sources, [*factset.entities, *factset.entities], [first, first, first],
                    measures=[*factset.measures, *factset.measures])
    assert list(twice) == [first] * 3 and len(twice) == 3 and twice.fact(first.id) == first
    assert twice.facts.encoded() == [encode(fact_row(fact_record(first)))] * 3
    assert twice.facts.records() == [fact_record(first)] * 3
    assert [p.path for p in fact_checks._check_ids(twice) if p.path[0] == "facts"] == [("facts", 1, "id"),
                                                                                  ("facts", 2, "id")]


def test_without_any_database_a_query_fails_in_one_line(tiny_facts, monkeypatch):
    sqlite_store.clear(sqlite_store.describe())

    def no_database(*_):
        raise sqlite3.OperationalError("unable to open database")

    monkeypatch.setattr(sqlite3, "connect", no_database)
    result = run("investment", "--json", "--facts", str(tiny_facts))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines() == ["baotou: error: cannot compile the facts into a database: "
                                          "unable to open database"]
    assert _cache_files() == []


def test_measures_synonyms_and_redirects_survive_compiling(tiny_facts):
    extras = """measures:
  - {id: capacity, en: capacity, zh: 产能, note: per year}
  - {id: funds-in-place, en: funds in place, zh: 到位资金}
synonyms:
  - {terms: [solar, 光伏, photovoltaic], note: the zone's new-energy industry}
  - {terms: [jobs, employment]}
redirects:
  - {id: old-funds, to: funds-in-place, note: merged}
  - {id: dropped-fact, note: not in the article}
"""
    text = tiny_facts.read_text(encoding="utf-8")
    start, end = text.index("measures:\n"), text.index("entities:\n")  # the tiny file's own measures give way
    tiny_facts.write_text(text[:start] + extras + text[end:], encoding="utf-8")
    parsed = loader.load(tiny_facts, use_cache=False).factset  # compiled in memory
    cached = (loader.load(tiny_facts), loader.load(tiny_facts))[1]
    assert cached.articles is None
    for compiled in (parsed, cached.factset):
        assert [m.id for m in compiled.measures] == ["capacity", "funds-in-place"]
        assert compiled.measure_by_id["capacity"].note == "per year"
        assert [s.terms for s in compiled.synonyms] == [["solar", "光伏", "photovoltaic"], ["jobs", "employment"]]
        assert compiled.redirect_by_id["old-funds"].to == "funds-in-place"
        assert compiled.redirect_by_id["dropped-fact"].to is None


def test_a_nul_in_the_facts_path_is_one_clear_line():
    result = run("facts", "--json", "--facts", "facts\0.yaml")  # a usage error: no file can have that name
    assert result.exit_code == 2 and "NUL" in result.stderr and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1


def test_a_link_planted_at_the_temporary_name_is_never_followed(tiny_facts, tmp_path, monkeypatch):
    """Even a guessed temporary name is safe: it is created exclusively, so a planted link is skipped."""
    import tempfile

    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    folder = sqlite_store.cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    guessed = folder / f"{sqlite_store.TEMP_PREFIX}{os.getpid()}-guessed{sqlite_store.TEMP_SUFFIX}"
    guessed.symlink_to(victim)
    names = iter(["guessed", "random1", "random2"])
    monkeypatch.setattr(tempfile, "_get_candidate_names", lambda: names)
    loader.load(tiny_facts)
    assert next(names) == "random2"  # the guessed name was tried, refused, and the next one used
    assert victim.read_text() == "precious" and guessed.is_symlink()
    assert loader.load(tiny_facts).articles is None


# The full-text index: a cache file of its own, made by the first search -----------------------------------

def _index_files():
    return [p for p in _cache_files() if p.name.endswith(sqlite_store.FULLTEXT_SUFFIX)]


def _search(facts, env=None) -> str:
    result = run("search", "稀土", "--json", "--facts", str(facts), env=env)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)  # something found: an empty answer would prove nothing
    return result.stdout


def _no_index_build(monkeypatch):
    def refuse(factset, digest):
        raise AssertionError("the index was built again")

    monkeypatch.setattr(sqlite_store, "compile_fulltext", refuse)


def test_a_query_that_does_not_search_makes_no_index_and_never_opens_one(tiny_facts, monkeypatch):
    _investment(tiny_facts)
    _investment(tiny_facts)
    [compiled] = _cache_files()
    assert _index_files() == []
    conn = sqlite3.connect(compiled)
    assert conn.execute("SELECT name FROM sqlite_master WHERE name LIKE '%fts%'").fetchall() == []
    conn.close()
    _search(tiny_facts)
    opened = []
    original = sqlite_store._open_entry
    monkeypatch.setattr(sqlite_store, "_open_entry", lambda name, *args: opened.append(name) or original(name, *args))
    _investment(tiny_facts)
    assert opened == [compiled.name]


def test_the_first_search_makes_the_index_and_later_ones_reuse_it(tiny_facts, monkeypatch):
    uncached = _search(tiny_facts, env={"BAOTOU_NO_CACHE": "1"})
    assert _cache_files() == []
    _investment(tiny_facts)
    assert _search(tiny_facts) == uncached
    [index] = _index_files()
    assert index.name == sqlite_store.fulltext_entry_name(loader.hashlib.sha256(tiny_facts.read_bytes()).hexdigest())
    assert stat.S_IMODE(index.stat().st_mode) == 0o600
    made = index.stat()
    _no_index_build(monkeypatch)
    assert _search(tiny_facts) == uncached
    assert (index.stat().st_ino, index.stat().st_mtime_ns) == (made.st_ino, made.st_mtime_ns)
    assert not _temporary_files()


def test_a_search_on_a_fresh_file_makes_both_files_at_once(tiny_facts):
    uncached = _search(tiny_facts, env={"BAOTOU_NO_CACHE": "1"})
    assert _search(tiny_facts) == uncached  # parses, compiles, indexes
    assert len(_cache_files()) == 2 and len(_index_files()) == 1
    assert loader.load(tiny_facts).articles is None


def _index_of_tiny(tiny_facts):
    _search(tiny_facts)
    [index] = _index_files()
    return index, index.read_bytes()


@pytest.mark.slow
def test_random_damage_to_the_index_never_changes_an_answer(tiny_facts):
    uncached = _search(tiny_facts, env={"BAOTOU_NO_CACHE": "1"})
    index, pristine = _index_of_tiny(tiny_facts)
    digest = loader.hashlib.sha256(tiny_facts.read_bytes()).hexdigest()
    for damaged in _flipped(pristine, random.Random(31), 60):
        index.write_bytes(damaged)
        assert sqlite_store._open_entry(index.name, digest, sqlite_store.FULLTEXT) is None, "a damaged index was served"
        assert not index.exists()  # removed, so the next search builds it again
        index.write_bytes(damaged)
        assert _search(tiny_facts) == uncached
        assert index.read_bytes() == pristine  # rebuilt: not a lasting error


@pytest.mark.parametrize("damage", ["truncated", "garbage", "fifo", "symlink", "the-facts-file", "other-digest"])
def test_a_damaged_or_misplaced_index_is_rebuilt(tiny_facts, tmp_path, damage):
    uncached = _search(tiny_facts, env={"BAOTOU_NO_CACHE": "1"})
    index, pristine = _index_of_tiny(tiny_facts)
    [compiled] = [p for p in _cache_files() if p != index]
    index.unlink()
    if damage == "truncated":
        index.write_bytes(pristine[:len(pristine) // 2])
    elif damage == "garbage":
        index.write_bytes(b"not a database\n" * 1000)
    elif damage == "fifo":
        os.mkfifo(index)
    elif damage == "symlink":
        index.symlink_to(compiled)
    elif damage == "the-facts-file":  # whole and of ours, but not an index
        index.write_bytes(compiled.read_bytes())
    elif damage == "other-digest":  # a whole index of another facts file
        other = tmp_path / "other" / "facts.yaml"
        other.parent.mkdir()
        shutil.copytree(tiny_facts.parent / "seeds", other.parent / "seeds")
        other.write_text(tiny_facts.read_text(encoding="utf-8") + "# another file\n", encoding="utf-8")
        _search(other)
        [other_index] = [p for p in _index_files() if p != index]
        other_index.rename(index)
    assert _search(tiny_facts) == uncached
    assert index.is_file() and not index.is_symlink() and index.read_bytes() == pristine


def test_without_a_cache_the_index_is_built_in_memory(tiny_facts, monkeypatch):
    folder = sqlite_store.cache_dir()
    monkeypatch.setattr(sqlite_store, "cache_dir", lambda: None)
    uncached = _search(tiny_facts, env={"BAOTOU_NO_CACHE": "1"})
    assert _search(tiny_facts) == uncached
    assert not folder.exists() or list(folder.iterdir()) == []


def test_cache_lists_and_clears_the_index(tiny_facts):
    _search(tiny_facts)
    [index] = _index_files()
    listed = {entry["file"] for entry in run_json("cache", "--json")["entries"]}
    assert listed == {p.name for p in _cache_files()} and index.name in listed and len(listed) == 2
    assert index.name in run("cache").stdout
    cleared = {entry["file"] for entry in run_json("cache", "clear", "--json")["entries"]}
    assert cleared == listed and _cache_files() == []


def test_an_index_is_pruned_with_its_compiled_file(tiny_facts):
    folder = sqlite_store.cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(sqlite_store.KEEP_ENTRIES + 3):
        for name in (sqlite_store.entry_name(f"{number:064x}"), sqlite_store.fulltext_entry_name(f"{number:064x}")):
            (folder / name).write_bytes(b"x")
            os.utime(folder / name, (1_000_000 + number, 1_000_000 + number))
    orphan = folder / sqlite_store.fulltext_entry_name(f"{999:064x}")  # its compiled file is gone
    orphan.write_bytes(b"x")
    _search(tiny_facts)
    compiled = {p.name for p in _cache_files() if p not in _index_files()}
    indexes = {p.name for p in _index_files()}
    assert len(compiled) == sqlite_store.KEEP_ENTRIES
    assert indexes == {name.removesuffix(sqlite_store.SUFFIX) + sqlite_store.FULLTEXT_SUFFIX for name in compiled}
    assert not orphan.exists()


@pytest.mark.fresh_cache
def test_a_cache_directory_name_reaches_the_terminal_escaped(tmp_path, monkeypatch):
    monkeypatch.setenv("BAOTOU_CACHE_DIR", str(tmp_path / "\x1b]0;pwned\x07"))
    result = run("cache")
    assert result.exit_code == 0 and "\x1b" not in result.stdout and "\\x1b]0;pwned" in result.stdout


@pytest.mark.fresh_cache
@pytest.mark.parametrize("args", [["cache", "--json"], ["cache", "clear", "--json"]], ids=" ".join)
def test_cache_json_has_one_published_shape(tiny_facts, args):
    import json

    import jsonschema

    run("facts", "--facts", str(tiny_facts))  # something to list or clear
    record = json.loads(run(*args).stdout)
    jsonschema.validate(record, json.loads(run("schema", "cache").stdout))
    assert record["cleared"] == (args[1] == "clear") and record["entries"]


def test_an_empty_directory_at_the_entry_name_does_not_stop_caching(tiny_facts):
    run("facts", "--facts", str(tiny_facts))
    [entry] = [p for p in sqlite_store.cache_dir().iterdir() if p.name.endswith(".sqlite")]
    entry.unlink()
    entry.mkdir()  # where the compiled file goes
    assert run("facts", "--json", "--facts", str(tiny_facts)).exit_code == 0
    assert entry.is_file()  # removed and written again: the next query is served from the cache


@pytest.mark.parametrize("command", [["cache", "--json"], ["cache", "clear", "--json"]])
def test_a_cache_folder_whose_name_is_not_utf8_is_not_an_internal_error(monkeypatch, tmp_path, command):
    """Review of #16: with BAOTOU_CACHE_DIR=$'/tmp/c\\xff' json.dumps let the exit be a one-line error (exit 1);
    orjson refuses the undecodable name and `cache --json` became "internal error: TypeError: str is not valid
    UTF-8: surrogates not allowed" (exit 3)."""
    folder = tmp_path / "c\udcff"  # the byte 0xff, as Python reads it from the environment
    monkeypatch.setenv("BAOTOU_CACHE_DIR", str(folder))
    result = run(*command)
    assert result.exit_code in (0, 1), result.stderr
    assert "internal error" not in result.stderr and result.stderr.count("\n") <= 1, result.stderr
