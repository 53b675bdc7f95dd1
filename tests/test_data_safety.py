"""Issue #20: faults that lost data. Each test failed on the code before the fix.

Real processes where the behaviour is the process's own: a file size limit (`ulimit -f`, the stand-in for a
disk that fills; never a real device node), signals, exit codes."""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, run

from baotou_cli.data import sqlite_store

BAOTOU = [sys.executable, "-m", "baotou_cli"]


def _env(**extra: str) -> dict:
    # The test's own cache directory stays (no test touches the user's cache). No bytecode is written: a
    # process under a file size limit would leave a cut .pyc that breaks every later import of that module.
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("BAOTOU_") or key == "BAOTOU_CACHE_DIR"}
    env.update(PYTHONUTF8="1", COLUMNS="100", PYTHONDONTWRITEBYTECODE="1", **extra)
    return env


def _one_line(stderr: bytes | str, *fragments: str) -> str:
    text = stderr.decode("utf-8") if isinstance(stderr, bytes) else stderr
    lines = text.splitlines()
    assert len(lines) == 1 and lines[0].startswith("baotou: "), text
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


# 1. A disk that fills mid-write --------------------------------------------------------------------------

def _file_size_limit(limit: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


@pytest.mark.slow  # a full disk (ulimit -f)
@pytest.mark.parametrize("fmt", ["json", "ndjson", "csv", "csv-excel", "yaml", "markdown", "table"])
def test_output_cut_short_by_a_full_disk_is_exit_1(fmt, tmp_path):
    # `ulimit -f 10`: the file may hold 10 KiB; the export is ~100 KiB or more in every format.
    target = tmp_path / "out"
    with target.open("wb") as out:
        result = subprocess.run([*BAOTOU, "export", "--format", fmt], stdout=out, stderr=subprocess.PIPE,
                                env=_env(), cwd=ROOT, timeout=120, preexec_fn=_file_size_limit(10 * 1024))
    assert result.returncode == 1, (result.returncode, result.stderr)
    _one_line(result.stderr, "error: cannot write the output: File too large")
    assert target.stat().st_size == 10 * 1024


def test_the_whole_output_is_written_when_there_is_room(tmp_path):
    target = tmp_path / "out"
    with target.open("wb") as out:
        result = subprocess.run([*BAOTOU, "export", "--format", "json"], stdout=out, stderr=subprocess.PIPE,
                                env=_env(), cwd=ROOT, timeout=120, preexec_fn=_file_size_limit(64 * 1024 * 1024))
    assert result.returncode == 0 and result.stderr == b""
    assert target.read_bytes() == run("export", "--format", "json").stdout_bytes


@pytest.mark.slow  # a full disk (ulimit -f)
def test_a_database_export_cut_short_by_a_full_disk_leaves_nothing(tmp_path):
    target = tmp_path / "facts.db"
    result = subprocess.run([*BAOTOU, "export", "--format", "sqlite", "--output", str(target)],
                            capture_output=True, env=_env(), cwd=ROOT, timeout=120,
                            preexec_fn=_file_size_limit(64 * 1024))
    assert result.returncode == 1
    _one_line(result.stderr, f"error: cannot write {target}")
    assert os.listdir(tmp_path) == []


# 2, 3, 11. What --force replaces --------------------------------------------------------------------------

def _export(target: Path, *extra: str):
    return run("export", "--format", "sqlite", "--output", str(target), *extra)


@pytest.mark.parametrize("kind", ["fifo", "socket"])
def test_force_replaces_regular_files_only(kind, tmp_path):
    import socket

    target = tmp_path / "special"
    if kind == "fifo":
        os.mkfifo(target)
    else:
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(target))
    result = _export(target, "--force")
    assert result.exit_code == 1
    _one_line(result.stderr, "is not a regular file", "--force replaces only regular files")
    assert not target.is_file() and not target.is_symlink() and target.exists()
    assert sorted(os.listdir(tmp_path)) == ["special"]


def test_force_never_replaces_a_link_to_a_device(tmp_path):
    # export --force --output /dev/stdout replaced the system's /dev/stdout link with a database file.
    target = tmp_path / "stdout"
    target.symlink_to("/dev/null")
    result = _export(target, "--force")
    assert result.exit_code == 1
    _one_line(result.stderr, "is not a regular file", "--force replaces only regular files")
    assert target.is_symlink() and os.readlink(target) == "/dev/null"
    assert sorted(os.listdir(tmp_path)) == ["stdout"]


@pytest.mark.parametrize("which", ["facts file", "article", "another name of the facts file",
                                   "a link to the article"])
def test_export_never_overwrites_its_own_inputs(which, tiny_facts):
    article = tiny_facts.parent / "seeds" / "article.txt"
    before = {tiny_facts: tiny_facts.read_bytes(), article: article.read_bytes()}
    target = {"facts file": tiny_facts, "article": article}.get(which, tiny_facts.parent / "other.db")
    if which == "another name of the facts file":
        os.link(tiny_facts, target)
    elif which == "a link to the article":
        target.symlink_to(article)
    for force in ([], ["--force"]):
        result = run("export", "--facts", str(tiny_facts), "--format", "sqlite", "--output", str(target), *force)
        assert result.exit_code == 1
        _one_line(result.stderr, "which this command reads: choose another file")
    assert {path: path.read_bytes() for path in before} == before


def test_force_with_a_name_of_250_bytes(tmp_path):
    target = tmp_path / ("f" * 247 + ".db")
    assert len(target.name.encode()) == 250
    assert _export(target).exit_code == 0
    result = _export(target, "--force")
    assert result.exit_code == 0, result.stderr
    assert sorted(os.listdir(tmp_path)) == [target.name]


def test_a_file_made_while_exporting_without_force_is_kept(tmp_path, monkeypatch):
    # Without --force the database is linked into place only if nothing is there by then.
    target = tmp_path / "facts.db"
    real = sqlite_store._check_export_target

    def late_arrival(path, force, inputs, *example):
        real(path, force, inputs, *example)
        if not path.exists():
            path.write_bytes(b"someone else's")
    monkeypatch.setattr(sqlite_store, "_check_export_target", late_arrival)
    result = _export(target)
    assert result.exit_code == 1 and "exists" in result.stderr
    assert target.read_bytes() == b"someone else's" and os.listdir(tmp_path) == ["facts.db"]


# 4. Interrupted exports -------------------------------------------------------------------------------------

# The process signals itself at a set moment: the same on every run, however fast the machine.
_INTERRUPT_MID_WRITE = """
import os, signal, sys
from baotou_cli.data import article_files
real = article_files.write_all
def interrupted(fd, data):
    real(fd, data[: len(data) // 2])
    os.kill(os.getpid(), signal.{name})
    real(fd, data[len(data) // 2:])
article_files.write_all = interrupted
from baotou_cli.cli import main
main(sys.argv[1:-1])
"""
# Just after the file that will hold the database is created (how the code before the fix was caught).
_INTERRUPT_ON_CREATE = """
import os, signal, sys
real = os.open
def opened(path, flags, *args, **kwargs):
    fd = real(path, flags, *args, **kwargs)
    if flags & os.O_CREAT and os.path.dirname(os.path.abspath(path)) == sys.argv[-1]:
        os.kill(os.getpid(), signal.{name})
    return fd
os.open = opened
from baotou_cli.cli import main
main(sys.argv[1:-1])
"""


@pytest.mark.slow  # signals
@pytest.mark.parametrize("when", ["on create", "mid-write"])
@pytest.mark.parametrize("name, code", [("SIGTERM", 143), ("SIGHUP", 129), ("SIGINT", 130)])
@pytest.mark.parametrize("force", [False, True])
def test_a_signal_mid_export_leaves_no_file(when, name, code, force, tmp_path):
    target = tmp_path / "facts.db"
    if force:
        target.write_bytes(b"the previous export")
    program = (_INTERRUPT_ON_CREATE if when == "on create" else _INTERRUPT_MID_WRITE).format(name=name)
    result = subprocess.run([sys.executable, "-c", program, "export", "--format", "sqlite", "--output", str(target),
                             *(["--force"] if force else []), str(tmp_path)],
                            capture_output=True, env=_env(), cwd=ROOT, timeout=120)
    assert result.returncode == code, result.stderr
    assert _one_line(result.stderr) == f"baotou: interrupted ({name})"
    assert os.listdir(tmp_path) == (["facts.db"] if force else [])
    if force:
        assert target.read_bytes() == b"the previous export"


@pytest.mark.slow  # signals
def test_nohup_keeps_sighup_ignored(tmp_path):
    target = tmp_path / "facts.db"
    result = subprocess.run([sys.executable, "-c", _INTERRUPT_ON_CREATE.format(name="SIGHUP"), "export",
                             "--format", "sqlite", "--output", str(target), str(tmp_path)], capture_output=True, env=_env(),
                            cwd=ROOT, timeout=120, preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN))
    assert result.returncode == 0, result.stderr
    assert sqlite3.connect(target).execute("SELECT count(*) FROM facts").fetchone()[0] > 100


# 5, 9. What the cache touches -------------------------------------------------------------------------------

def _digest(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.fresh_cache
def test_cache_clear_and_prune_touch_only_the_caches_own_names(tiny_facts, tmp_path, monkeypatch):
    # A shared folder (sticky, like /tmp) holding other files whose names look like the cache's.
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o1777)
    os.chmod(folder, 0o1777)
    monkeypatch.setenv("BAOTOU_CACHE_DIR", str(folder))
    others = ["facts-2022.sqlite", "facts-export.sqlite", f"facts-{'0' * 64}.sqlite", ".facts-report.tmp",
              f"facts-{'0' * 64}-1.0-7.sqlite.bak", ".facts-1-short.tmp"]
    for name in others:
        (folder / name).write_bytes(b"a user's own file")
        os.utime(folder / name, (1_000_000, 1_000_000))  # old: the first to go if prune took them
    for number in range(sqlite_store.KEEP_ENTRIES + 2):  # enough of the cache's own to make prune remove some
        own = folder / sqlite_store.entry_name(f"{number + 1:064x}")
        own.write_bytes(b"x")
        os.utime(own, (2_000_000 + number, 2_000_000 + number))
    assert run("facts", "--facts", str(tiny_facts)).exit_code == 0  # saves, then prunes
    assert all((folder / name).exists() for name in others)
    assert len([p for p in folder.iterdir() if p.name not in others]) == sqlite_store.KEEP_ENTRIES
    assert run("cache", "clear").exit_code == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted(others)


@pytest.mark.fresh_cache
def test_cache_clear_leaves_other_users_files(tiny_facts, tmp_path):
    # Root owns whatever it makes: the other user's entry is given away with chown.
    folder = sqlite_store.cache_dir()
    assert run("facts", "--facts", str(tiny_facts)).exit_code == 0
    theirs = folder / sqlite_store.entry_name("f" * 64)
    theirs.write_bytes(b"another user's entry")
    os.chown(theirs, 12345, 12345)
    os.chmod(folder, 0o1777)
    assert run("cache", "clear").exit_code == 0
    assert [p.name for p in folder.iterdir()] == [theirs.name]


@pytest.mark.fresh_cache
def test_entries_dated_in_the_future_never_push_new_ones_out(tiny_facts):
    folder = sqlite_store.cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    future = time.time() + 10 * 365 * 24 * 3600
    for number in range(sqlite_store.KEEP_ENTRIES + 1):
        skewed = folder / sqlite_store.entry_name(f"{number + 1:064x}")
        skewed.write_bytes(b"x")
        os.utime(skewed, (future, future))
    assert run("facts", "--facts", str(tiny_facts)).exit_code == 0
    mine = folder / sqlite_store.entry_name(_digest(tiny_facts))
    assert mine.exists()
    from baotou_cli.data import loader

    assert loader.load(tiny_facts).articles is None  # served from the cache: caching works again
    assert len(list(folder.glob("facts-*.sqlite"))) == sqlite_store.KEEP_ENTRIES


# 7. Spreadsheet formulas ----------------------------------------------------------------------------------

@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_facts_text_that_a_spreadsheet_would_run_is_refused(start, tiny_facts):
    text = tiny_facts.read_text(encoding="utf-8")
    written = '"\\t' if start == "\t" else '"\\r' if start == "\r" else f'"{start}'
    tampered = text.replace("    en: In January-August 2022", f"    en: {written}HYPERLINK(1)\" #", 1)
    assert tampered != text
    tiny_facts.write_text(tampered, encoding="utf-8")
    result = run("verify", "--facts", str(tiny_facts))
    assert result.exit_code == 1
    # A carriage return is a control character: refused as one, before its place is looked at.
    why = "control character U+000D" if start == "\r" else "a spreadsheet would run it as a formula"
    _one_line(result.stderr, "fact 'funds-in-place': field 'en':", why)


@pytest.mark.parametrize("excel", [False, True])
def test_csv_neutralises_a_formula_that_reaches_it(excel):
    from baotou_cli.render import formats

    rows = [{"id": "a", "text": value, "number": number} for value, number in
            [("=HYPERLINK(\"http://x\")", -12.5), ("+1+1", 3), ("-2+3", -4), ("@SUM(A1)", 0), ("\tx", 1),
             ("\rx", 1), ("plain", 1)]]
    written = formats.to_csv(rows, ["id", "text", "number"], excel=excel)
    import csv
    import io

    assert "'\rx" in written  # (plain CSV does not quote a lone CR; the output escapes it: escape_controls)
    cells = list(csv.reader(io.StringIO(written.lstrip("\ufeff").replace("'\rx", "'CR"), newline="")))[1:]
    assert [row[1] for row in cells] == ["'=HYPERLINK(\"http://x\")", "'+1+1", "'-2+3", "'@SUM(A1)", "'\tx", "'CR",
                                         "plain"]
    assert [row[2] for row in cells] == ["-12.5", "3", "-4", "0", "1", "1", "1"]  # numbers stay numbers


# 10. Invisible characters -----------------------------------------------------------------------------------

INVISIBLE = ["\u200b", "\u200d", "\u2060", "\ufeff", "\u200f", "\u061c", "\U000e0041", "\U000e007f"]


@pytest.mark.parametrize("char", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_invisible_characters_are_refused_in_text(char, tiny_facts):
    text = tiny_facts.read_text(encoding="utf-8")
    tiny_facts.write_text(text.replace("en: Li Baole", f"en: Li{char} Baole", 1), encoding="utf-8")
    result = run("verify", "--facts", str(tiny_facts))
    assert result.exit_code == 1
    _one_line(result.stderr, "source 'article': field 'byline_en':", f"invisible character U+{ord(char):04X}")


@pytest.mark.parametrize("char", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_invisible_characters_are_refused_in_ids_and_keys(char, tiny_facts):
    text = tiny_facts.read_text(encoding="utf-8")
    for tampered in (text.replace("  - id: zone\n", f"  - id: zone{char}\n", 1),
                     text.replace("    type: zone\n", f"    type{char}: zone\n", 1)):
        tiny_facts.write_text(tampered, encoding="utf-8")
        result = run("verify", "--facts", str(tiny_facts))
        assert result.exit_code == 1
        line = _one_line(result.stderr, "entity 'zone")
        assert char not in line  # the error shows it escaped


@pytest.mark.parametrize("char", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_invisible_characters_reaching_the_output_are_shown_escaped(char):
    from baotou_cli.render import formats

    shown = formats.escape_controls(f"51.5{char}亿元")
    assert char not in shown and shown == "51.5" + char.encode("unicode_escape").decode("ascii") + "亿元"


def test_an_article_with_an_invisible_character_is_refused(tiny_facts):
    article = tiny_facts.parent / "seeds" / "article.txt"
    article.write_bytes(article.read_bytes().replace("高新区".encode(), "高新\u200b区".encode(), 1))
    result = run("verify", "--facts", str(tiny_facts))
    assert result.exit_code == 1 and "invisible character U+200B" in result.stderr


# 8. Integers past 64 bits -----------------------------------------------------------------------------------

@pytest.mark.parametrize("old, new, field", [
    ("    entities: [zone]\n", "    entities: [zone]\n    headline: 9223372036854775808\n", "headline"),
    ("    entities: [zone]\n", "    entities: [zone]\n    phase: 9223372036854775808\n", "phase"),
    ("    entities: [zone]\n", "    entities: [zone]\n    headline: -9223372036854775809\n", "headline"),
    ("value: 33000,", "value: 100000000000000000000000000000,", "quantities[0].value"),
    ('end: "2022-08"}', 'end: "2022-08", context_year: 99999999999999999999}', "period.context_year"),
])
def test_integers_out_of_range_in_a_facts_file_are_exit_1(old, new, field, tiny_facts):
    text = tiny_facts.read_text(encoding="utf-8")
    assert old in text
    tiny_facts.write_text(text.replace(old, new, 1), encoding="utf-8")
    for command in (["verify"], ["facts"], ["export", "--format", "json"]):  # each was exit 0 or 3
        result = run(*command, "--facts", str(tiny_facts))
        assert result.exit_code == 1, (command, result.stderr)
        _one_line(result.stderr, f"field '{field}':", "is out of range")


def test_a_large_figure_written_as_a_decimal_still_fits():
    # The bound is on whole numbers only (SQLite's INTEGER): 1e30 is stored as a REAL, as any large figure may be.
    from baotou_cli.data import validation

    kind = validation.QUANTITY.fields["value"][0]
    validation._check(1e30, kind, ("value",))
    validation._check(2**63 - 1, kind, ("value",))
    with pytest.raises(validation.SchemaProblem, match="out of range.*1e30"):
        validation._check(2**63, kind, ("value",))


@pytest.mark.parametrize("command", [["facts"], ["search", "稀土"], ["projects"], ["companies"]])
@pytest.mark.parametrize("limit", ["9223372036854775808", "99999999999999999999999999"])
def test_a_limit_out_of_range_is_exit_2(command, limit):
    result = run(*command, "--limit", limit, "--json")
    assert result.exit_code == 2 and result.stdout == ""
    _one_line(result.stderr, "--limit", "is over the largest limit, 9,223,372,036,854,775,807")


def test_the_largest_limit_works():
    assert run("facts", "--limit", "9223372036854775807", "--json").exit_code == 0


# 6. A symlink swapped in between the check and the read ----------------------------------------------------

SECRET = b"password 987654321 uid 4242\n"


def _swap_after_the_check(monkeypatch, project: Path, outside: Path, what: str) -> None:
    """After article_path has checked (and resolved) the path, replace a part of it by a link out of the
    folder: the moment a racing attacker aims for, made certain."""
    from baotou_cli.data import article_files

    real = article_files.article_path

    def checked_then_swapped(facts_path, relative, *, allow_outside):
        resolved = real(facts_path, relative, allow_outside=allow_outside)
        if what == "folder":
            (project / "seeds").rename(project / "seeds-moved")
            (project / "seeds").symlink_to(outside, target_is_directory=True)
        else:
            (project / "seeds" / "article.txt").rename(project / "seeds" / "moved.txt")
            (project / "seeds" / "article.txt").symlink_to(outside / "article.txt")
        return resolved
    monkeypatch.setattr(article_files, "article_path", checked_then_swapped)


@pytest.mark.parametrize("what", ["folder", "file"])
def test_a_link_swapped_in_after_the_check_is_never_followed(what, tiny_facts, tmp_path, monkeypatch):
    from baotou_cli.errors import FactsError
    from baotou_cli.data import article_files

    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    (outside / "article.txt").write_bytes(SECRET)
    _swap_after_the_check(monkeypatch, tiny_facts.parent, outside, what)
    with pytest.raises(FactsError, match="a symbolic link appeared in its path after it was checked"):
        article_files.read_article(tiny_facts, "article", "seeds/article.txt", allow_outside=False)


def test_verify_never_prints_an_article_swapped_in_after_the_check(tiny_facts, tmp_path, monkeypatch):
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    (outside / "article.txt").write_bytes(SECRET)
    _swap_after_the_check(monkeypatch, tiny_facts.parent, outside, "folder")
    result = run("verify", "--facts", str(tiny_facts))
    assert result.exit_code == 1 and "987654321" not in result.stdout + result.stderr
    assert "a symbolic link appeared" in result.stdout + result.stderr


def test_a_file_replaced_after_the_first_look_is_refused(tiny_facts, monkeypatch):
    # Not a link at all: another file renamed into the checked place between the look and the open.
    from baotou_cli.errors import FactsError
    from baotou_cli.data import article_files

    seeds = tiny_facts.parent / "seeds"
    (seeds / "other.txt").write_bytes(SECRET)
    real_open = article_files._open_without_links

    def replaced_first(path, flags):
        os.replace(seeds / "other.txt", path)
        return real_open(path, flags)
    monkeypatch.setattr(article_files, "_open_without_links", replaced_first)
    with pytest.raises(FactsError, match="it was replaced after it was checked"):
        article_files.read_article(tiny_facts, "article", "seeds/article.txt", allow_outside=False)


def test_links_inside_the_folder_still_work(tiny_facts):
    from baotou_cli.data import article_files

    seeds = tiny_facts.parent / "seeds"
    (seeds / "article.txt").rename(seeds / "real.txt")
    (seeds / "article.txt").symlink_to("real.txt")
    assert article_files.read_article(tiny_facts, "article", "seeds/article.txt", allow_outside=False) == (seeds / "real.txt").read_bytes()


# 12. The top level before the rest ---------------------------------------------------------------------------

def _tiny_values(lines: int) -> str:
    return "schema_version: 2\nfacts: [\n" + ("1," * 500 + "\n") * lines + "1]\n"


@pytest.fixture
def composing_forbidden(monkeypatch):
    """Composing the document (what held 1.75 GB for a 9.9 MB file) fails the test if it happens."""
    from baotou_cli.data import loader, strict_yaml

    def composed(text):
        raise AssertionError("the document was composed")
    monkeypatch.setattr(strict_yaml, "parse", composed)
    monkeypatch.setattr(loader, "EARLY_CHECK_CHARS", 0)  # small files too (the first case is big enough anyway)


@pytest.mark.parametrize("text, field, message", [
    (_tiny_values(300), "sources", "field 'sources': required field is missing"),
    ("# a comment\n\nschema_version: 2\nsources: [1, 2]\n", "facts", "field 'facts': required field is missing"),
    ("facts: []\nsources: []\n", "schema_version", "field 'schema_version': required field is missing"),
    ("- 1\n- [2, 3]\n", None, "the top level must be a mapping with sources and facts, got a list"),
])
def test_the_top_level_is_checked_before_the_document_is_composed(text, field, message, tmp_path,
                                                                  composing_forbidden):
    path = tmp_path / "facts.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("verify", "--facts", str(path))
    assert result.exit_code == 1
    line = _one_line(result.stderr, message)
    where = {"facts": ":3:", "sources": ":1:", "schema_version": ":1:"}.get(field, ": the top level")
    assert line.startswith(f"baotou: error: {path}{where}"), line


@pytest.mark.parametrize("text, message", [
    ("schema_version: 2\nsources: []\nfacts: []\nextra: 1\n", "unknown field"),  # reported first, at its value
    ("schema_version: 2\n[a]: 1\n", ""),  # a key that is a list: for the real parse to refuse
    ("schema_version: 2\nsources: [}\n", "did not find expected node content"),  # a syntax error: the same
])
def test_what_the_top_level_does_not_settle_is_left_to_the_full_parse(text, message, tmp_path, monkeypatch):
    from baotou_cli.data import loader

    monkeypatch.setattr(loader, "EARLY_CHECK_CHARS", 0)
    path = tmp_path / "facts.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("verify", "--facts", str(path))
    assert result.exit_code == 1
    assert message in _one_line(result.stderr)


def test_the_value_limit_holds_while_the_top_level_is_read(tmp_path, monkeypatch, composing_forbidden):
    from baotou_cli.data import strict_yaml

    monkeypatch.setattr(strict_yaml, "MAX_VALUES", 100)
    path = tmp_path / "facts.yaml"
    path.write_text(_tiny_values(1), encoding="utf-8")
    _one_line(run("verify", "--facts", str(path)).stderr, "more than 100 values in one file")


def test_a_valid_file_is_composed_once(tiny_facts, monkeypatch):
    from baotou_cli.data import strict_yaml

    calls = []
    real = strict_yaml.parse
    monkeypatch.setattr(strict_yaml, "parse", lambda text: calls.append(1) or real(text))
    monkeypatch.setenv("BAOTOU_NO_CACHE", "1")
    result = run("facts", "--facts", str(tiny_facts), "--json")
    assert result.exit_code == 0 and '"funds-in-place"' in result.stdout
    assert calls == [1]


def test_a_big_file_of_tiny_values_is_refused_before_it_is_composed(tmp_path, monkeypatch):
    from baotou_cli.data import loader, strict_yaml

    def composed(text):
        raise AssertionError("the document was composed")
    monkeypatch.setattr(strict_yaml, "parse", composed)
    path = tmp_path / "facts.yaml"
    path.write_text(_tiny_values(600), encoding="utf-8")
    assert path.stat().st_size > loader.EARLY_CHECK_CHARS  # the size at which the early check starts
    _one_line(run("verify", "--facts", str(path)).stderr, "field 'sources': required field is missing")
