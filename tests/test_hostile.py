"""Issue #13: a facts file and its articles are untrusted input, and output faults get documented exit codes.

Each case failed on the code before the fix (a leak, a hang, a traceback, exit 3 or an escape sequence
reaching the terminal). Real processes where an in-process run would hide the behaviour (closed and full
stdout, pipes, locales, signals)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SEED, TINY_FACTS, run, run_json

from baotou_cli.errors import FactsError
from baotou_cli.data import article_files
from baotou_cli.data.validation import MAX_TEXT_CHARS
from baotou_cli.data.strict_yaml import MAX_DEPTH
from baotou_cli.render import formats, output

BAOTOU = [sys.executable, "-m", "baotou_cli"]
QUOTE = "2022年1-8月，该高新区引进国内(区外)到位资金51.5亿元，同比增长50.6%。"


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def _write(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path


def _one_error(result, *fragments: str) -> str:
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("baotou: error:"), result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


# Where an article may be -----------------------------------------------------------------------------

@pytest.fixture
def secret(tmp_path):
    """A file outside the facts file's directory whose numbers must never be printed."""
    path = tmp_path / "secret.txt"
    path.write_text("password 987654321 uid 4242\n", encoding="utf-8")
    project = tmp_path / "project"
    (project / "seeds").mkdir(parents=True)
    (project / "seeds" / "article.txt").write_bytes(SEED.read_bytes())
    return path, project


@pytest.mark.parametrize("how", ["absolute", "dotdot", "symlink"])
def test_an_article_outside_the_facts_directory_is_refused_and_never_printed(secret, how):
    path, project = secret
    if how == "absolute":
        named = str(path)
    elif how == "dotdot":
        named = "seeds/../../secret.txt"
    else:
        (project / "seeds" / "link.txt").symlink_to(path)
        named = "seeds/link.txt"
    facts = _write(project / "facts.yaml", _replace(TINY_FACTS, "path: seeds/article.txt", f"path: {named}"))
    for command in (["verify"], ["export", "--json"]):
        result = run(*command, "--facts", str(facts))
        line = _one_error(result, "outside the facts file's directory", "--allow-outside-sources")
        assert "987654321" not in result.stdout + line and "4242" not in result.stdout + line


def test_outside_articles_are_allowed_when_the_command_line_says_so(secret):
    _, project = secret
    outside = project.parent / "article.txt"
    outside.write_bytes(SEED.read_bytes())
    facts = _write(project / "facts.yaml", _replace(TINY_FACTS, "path: seeds/article.txt", f"path: {outside}"))
    assert run("export", "--json", "--facts", str(facts)).exit_code == 1
    assert run("--allow-outside-sources", "export", "--json", "--facts", str(facts)).exit_code == 0
    assert run("export", "--json", "--facts", str(facts),
               env={"BAOTOU_ALLOW_OUTSIDE_SOURCES": "1"}).exit_code == 0
    assert run("export", "--json", "--facts", str(facts)).exit_code == 1  # the permission lasts one run


def test_the_permission_lasts_one_command(secret):
    path, project = secret
    facts = _write(project / "facts.yaml", _replace(TINY_FACTS, "path: seeds/article.txt", f"path: {path}"))
    run("--allow-outside-sources", "export", "--json", "--facts", str(facts))
    from baotou_cli.data import loader

    with pytest.raises(FactsError, match="outside the facts file's directory"):
        loader.load(facts, strict=False)


def test_a_nul_in_the_facts_path_is_a_usage_error():
    result = run("export", "--facts", "facts\0.yaml")
    assert result.exit_code == 2 and "NUL" in result.stderr


def test_a_symlink_inside_the_directory_is_fine(tiny_facts):
    (tiny_facts.parent / "seeds" / "link.txt").symlink_to(tiny_facts.parent / "seeds" / "article.txt")
    _write(tiny_facts, _replace(TINY_FACTS, "path: seeds/article.txt", "path: seeds/link.txt"))
    assert run("export", "--json", "--facts", str(tiny_facts)).exit_code == 0


# How an article is read --------------------------------------------------------------------------------

def test_a_fifo_as_article_is_refused_without_hanging(tiny_facts):
    article = tiny_facts.parent / "seeds" / "article.txt"
    article.unlink()
    os.mkfifo(article)
    result = subprocess.run(BAOTOU + ["verify", "--facts", str(tiny_facts)], capture_output=True, timeout=30,
                            env={**os.environ, "BAOTOU_NO_CACHE": "1"})
    assert result.returncode == 1 and b"not a regular file" in result.stderr, result.stderr


def test_dev_zero_as_article_is_refused(tiny_facts):
    _write(tiny_facts, _replace(TINY_FACTS, "path: seeds/article.txt", "path: /dev/zero"))
    _one_error(run("--allow-outside-sources", "verify", "--facts", str(tiny_facts)), "not a regular file")


def test_an_article_over_the_size_limit(tiny_facts, monkeypatch):
    monkeypatch.setattr(article_files, "MAX_ARTICLE_BYTES", 1000)
    _one_error(run("verify", "--facts", str(tiny_facts)), "over the limit of 1,000")


def test_a_nul_in_an_article_path_is_a_clear_error(tiny_facts):
    _write(tiny_facts, _replace(TINY_FACTS, "path: seeds/article.txt", 'path: "seeds/article.txt\\0x"'))
    _one_error(run("verify", "--facts", str(tiny_facts)), "control character U+0000", "field 'path'")


def test_an_article_with_escape_sequences_is_refused(tiny_facts):
    article = tiny_facts.parent / "seeds" / "article.txt"
    article.write_bytes(article.read_bytes() + b"\x1b]52;c;ZWNobyBoaQ==\x07\n")
    _one_error(run("verify", "--facts", str(tiny_facts)), "control character U+001B")


# Terminal injection ------------------------------------------------------------------------------------

@pytest.mark.parametrize("field, old, new", [
    ("en", "en: In January-August 2022", 'en: "\\e]0;owned\\aIn January-August 2022'),
    ("note", "    entities: [zone]\n", '    note: "clear \\e[2J screen"\n    entities: [zone]\n'),
    ("source.quote", f"      quote: {QUOTE}", f'      quote: "{QUOTE}\\u202e"'),
    ("zh", "    zh: 2022年", '    zh: "\\x9b31m2022年'),
])
def test_control_characters_are_refused_naming_file_line_fact_and_field(tiny_facts, field, old, new):
    text = _replace(TINY_FACTS, old, new)
    if field == "en" or field == "zh":
        text = text.replace("year on year.\n", 'year on year."\n', 1) if field == "en" else \
            text.replace("同比增长50.6%。\n    en:", '同比增长50.6%。"\n    en:', 1)
    _write(tiny_facts, text)
    line = _one_error(run("export", "--json", "--facts", str(tiny_facts)), "control character",
                      "fact 'funds-in-place'", f"field '{field}'")
    assert f"{tiny_facts}:" in line and line.split(f"{tiny_facts}:")[1][:1].isdigit()
    assert "\x1b" not in line and "\x9b" not in line


def test_a_search_term_never_reaches_the_terminal_as_an_escape():
    result = run("search", "mag jl\x1b]0;owned\x07", "--format", "table")  # "mag": found, so a title is shown
    assert "\x1b" not in result.stdout + result.stderr and "\x07" not in result.stdout + result.stderr
    assert "\\x1b]0;owned\\x07" in result.stdout


OSC52 = "\x1b]52;c;ZWNobyBoaQ==\x07"


@pytest.mark.parametrize("kind", ["markdown", "csv", "table"])
def test_human_formats_escape_whatever_control_characters_reach_them(kind, monkeypatch):
    from baotou_cli.render import views

    buffer = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(buffer, encoding="utf-8"))
    row = {"id": "x", "record": "fact", "type": "x", "score": 1.0, "matched": [{"field": "en", "snippet": OSC52}],
           "en": OSC52, "zh": OSC52}
    output.emit(views.search([row], OSC52), output.OutputOptions(format=kind))
    sys.stdout.flush()
    text = buffer.getvalue().decode("utf-8")
    assert "\x1b" not in text and "\x07" not in text and "\\x1b]52;c;" in text


def test_escape_controls_keeps_text_and_colour_only_when_asked():
    assert formats.escape_controls("稀土\tA\n\r\nB") == "稀土\tA\n\r\nB"
    assert formats.escape_controls("a\rb\x00\x7f\u2066") == "a\\rb\\x00\\x7f\\u2066"
    assert formats.escape_controls("\x1b[1mbold\x1b[0m", keep_styles=True) == "\x1b[1mbold\x1b[0m"
    assert formats.escape_controls("\x1b[1mbold") == "\\x1b[1mbold"


# Quotes, numbers, nesting, encodings --------------------------------------------------------------------

def test_a_quote_of_only_an_ellipsis_fails(tiny_facts):
    _write(tiny_facts, _replace(TINY_FACTS, f"      quote: {QUOTE}", '      quote: "… …"'))
    _one_error(run("export", "--json", "--facts", str(tiny_facts)), "only '…'", "field 'source.quote'")


def test_an_integer_of_thousands_of_digits_is_a_clear_error(tiny_facts):
    _write(tiny_facts, _replace(TINY_FACTS, "value: 5150000000", "value: " + "9" * 5000))
    _one_error(run("export", "--json", "--facts", str(tiny_facts)), "over the limit of 40")


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 500, 5000])
def test_nesting_past_the_documented_limit_is_refused_with_a_line(tiny_facts, depth):
    _write(tiny_facts, TINY_FACTS + "extra:\n  deep: " + "[" * depth + "]" * depth + "\n")
    line = _one_error(run("export", "--json", "--facts", str(tiny_facts)), "nesting", "deep")
    assert f"{tiny_facts}:" in line and line.split(f"{tiny_facts}:")[1][:1].isdigit()


def test_nesting_within_the_limit_is_read(tiny_facts):
    from baotou_cli.data import strict_yaml

    depth = MAX_DEPTH - 1
    assert strict_yaml.load("a: " + "[" * depth + "]" * depth + "\n")["a"] is not None


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_files_are_named_as_utf16(tiny_facts, encoding):
    tiny_facts.write_bytes(TINY_FACTS.encode(encoding))
    _one_error(run("export", "--json", "--facts", str(tiny_facts)), "UTF-16")


# Denial of service inside the limits ----------------------------------------------------------------------

def test_a_long_line_is_refused_before_parsing(tiny_facts):
    flood = "{" + ", ".join("a: 1" for _ in range(20_000)) + "}"  # 120 KB of duplicate keys on one line
    _write(tiny_facts, TINY_FACTS + "extra: " + flood + "\n")
    line = _one_error(run("export", "--json", "--facts", str(tiny_facts)), "per line")
    assert f"{tiny_facts}:{TINY_FACTS.count(chr(10)) + 1}:" in line


def test_a_text_over_the_per_field_limit_is_refused(tiny_facts):
    note = "    note: |\n" + "".join("      " + "x" * 1000 + "\n" for _ in range(MAX_TEXT_CHARS // 1000 + 1))
    _write(tiny_facts, _replace(TINY_FACTS, "    entities: [zone]\n", note + "    entities: [zone]\n"))
    _one_error(run("show", "funds-in-place", "--facts", str(tiny_facts)), "over the limit of 10,000",
               "field 'note'")


def test_search_words_are_capped_and_repeats_collapse():
    result = run("search", " ".join(f"w{i}" for i in range(60_000)))
    assert result.exit_code == 2 and "characters long" in result.stderr
    result = run("search", " ".join(f"w{i}" for i in range(40)))
    assert result.exit_code == 2 and "40 different words; at most 32" in result.stderr
    # the title shows the query as typed (issue #17), and repeats do not change what is found
    assert run("search", "jl JL jl mag").stdout.splitlines()[0] == "Search: jl JL jl mag"
    assert run_json("search", "jl JL jl mag", "--json") == run_json("search", "jl mag", "--json")


def test_a_huge_terminal_width_is_capped():
    result = subprocess.run(BAOTOU + ["chart", "growth"], capture_output=True, timeout=60,
                            env={**os.environ, "COLUMNS": "99999999"})
    assert result.returncode == 0 and max(map(len, result.stdout.splitlines())) <= output.MAX_WIDTH * 4


@pytest.mark.parametrize("command", ["chart", "projects"])
def test_a_zero_terminal_width_still_prints_everything(command):
    wide = run(command, env={"COLUMNS": "100"}).stdout
    narrow = run(command, env={"COLUMNS": "0"})
    assert narrow.exit_code == 0 and wide.split()[0] in narrow.stdout


# Output faults ----------------------------------------------------------------------------------------------

def _shell(command: str, **env: str) -> subprocess.CompletedProcess:
    baotou = " ".join(BAOTOU)
    return subprocess.run(["bash", "-c", "set -o pipefail; " + command.replace("baotou", baotou)],
                          capture_output=True, cwd=ROOT, timeout=60, env={**os.environ, **env})


@pytest.mark.parametrize("args", ["projects", "projects --json", "export --format csv", "chart growth", "--help"])
def test_a_closed_stdout_is_one_line_and_exit_1(args):
    result = _shell(f"baotou {args} >&-")
    assert result.returncode == 1, result.stderr
    assert result.stderr.decode() == "baotou: error: cannot write the output: stdout is closed\n"


@pytest.mark.slow  # a full disk
@pytest.mark.parametrize("args", ["projects", "projects --json", "export --format csv", "chart growth", "--help"])
def test_a_full_disk_is_one_line_and_exit_1(args):
    result = _shell(f"baotou {args} >/dev/full")
    assert result.returncode == 1, result.stderr
    assert result.stderr.decode() == "baotou: error: cannot write the output: No space left on device\n"


@pytest.mark.parametrize("args", ["projects", "export --json", "show jl-mag", "--help", "projects --help"])
def test_a_reader_already_gone_is_a_quiet_0(args):
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before baotou writes a byte: EPIPE every time
    try:
        result = subprocess.run(BAOTOU + args.split(), stdout=write_end, stderr=subprocess.PIPE, timeout=60)
    finally:
        os.close(write_end)
    assert result.returncode == 0 and result.stderr == b""


@pytest.mark.parametrize("tail", ["head -c1", "true"])
def test_a_reader_that_stops_early_is_a_quiet_0_under_pipefail(tail):
    result = _shell(f"baotou export --json | {tail}")
    assert result.returncode == 0 and result.stderr == b""


def test_a_closed_stderr_does_not_change_the_exit_code():
    assert _shell("baotou projects --industry nope 2>&-").returncode == 2
    assert _shell("baotou projects --industry nope 2>/dev/full").returncode == 2


def test_an_amount_past_decimal_range_is_a_usage_error():
    result = run("projects", "--min-investment", "1e999999999")
    assert result.exit_code == 2 and "out of range" in result.stderr


def test_chinese_arguments_work_under_the_c_locale():
    result = _shell("baotou projects --industry 稀土 --json --fields id", PYTHONUTF8="0", LC_ALL="C")
    assert result.returncode == 0, result.stderr
    assert b'"id"' in result.stdout


def test_ctrl_c_while_importing_exits_130_quietly():
    # A real SIGINT, delivered while the CLI's modules are being imported (deterministic: from an import hook).
    program = (
        "import os, signal, sys, runpy\n"
        "class Interrupt:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'typer':\n"
        "            os.kill(os.getpid(), signal.SIGINT)\n"
        "        return None\n"
        "sys.meta_path.insert(0, Interrupt())\n"
        "runpy.run_module('baotou_cli', run_name='__main__')\n")
    result = subprocess.run([sys.executable, "-c", program, "projects"], capture_output=True, timeout=60)
    assert result.returncode == 130 and result.stderr == b"" and result.stdout == b""


def test_the_value_limit_is_counted_while_parsing_tags_included(tiny_facts, monkeypatch):
    from baotou_cli.data import strict_yaml

    monkeypatch.setattr(strict_yaml, "MAX_VALUES", 500)
    for flood in ("[" + "1," * 1000 + "]", "[" + "!!str 1," * 1000 + "]"):
        _write(tiny_facts, TINY_FACTS + "extra: " + flood + "\n")
        _one_error(run("export", "--json", "--facts", str(tiny_facts)), "more than 500 values")


# The README states every limit the code enforces ----------------------------------------------------------

def _mib_or_count(value: int) -> str:
    return f"{value // 1024 // 1024} MiB" if value % (1024 * 1024) == 0 else f"{value:,}"


def test_the_readme_states_every_limit_truly():
    from baotou_cli.questions import user_words
    from baotou_cli.data import loader, strict_yaml

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Facts files and their limits"):readme.index("### Environment")]
    for value in (loader.MAX_FACTS_BYTES, loader.MAX_LINE_BYTES, MAX_TEXT_CHARS, MAX_DEPTH, article_files.MAX_ARTICLE_BYTES,
                  article_files.MAX_ARTICLES_BYTES,
                  strict_yaml.MAX_VALUES, strict_yaml.MAX_NUMBER_CHARS, user_words.MAX_SEARCH_CHARS,
                  user_words.MAX_SEARCH_WORDS, output.MIN_WIDTH, output.MAX_WIDTH):
        assert _mib_or_count(value) in section, value


def test_a_raw_control_byte_in_the_file_is_refused_with_its_line(tiny_facts):
    text = _replace(TINY_FACTS, "    en: Once built", "    en: Once \x1b]0;owned\x07built")
    _write(tiny_facts, text)
    line = _one_error(run("export", "--json", "--facts", str(tiny_facts)), "control character U+001B")
    assert f"{tiny_facts}:{text[:text.index(chr(27))].count(chr(10)) + 1}:" in line and "\x1b" not in line


def test_on_a_terminal_only_colour_sequences_remain():
    from test_robustness import _on_terminal

    # (with "mag" too, so that the any-word fallback finds something and the title is shown)
    shown = _on_terminal("search", "mag jl\x1b]0;owned\x07\x1b[8m", COLUMNS="100", TERM="xterm-256color")
    assert "\x1b[" in shown  # styled: Rich's colours are kept
    assert "\x1b]" not in shown and "\x07" not in shown and "\x1b[8m" not in shown
    assert "\\x1b]0;owned\\x07\\x1b[8m" in shown


def test_a_cache_never_widens_what_may_be_read(tmp_path):
    project = tmp_path / "project"
    (project / "seeds").mkdir(parents=True)
    outside = tmp_path / "article.txt"
    outside.write_bytes(SEED.read_bytes())
    facts = _write(project / "facts.yaml", _replace(TINY_FACTS, "path: seeds/article.txt", f"path: {outside}"))
    assert run("--allow-outside-sources", "export", "--json", "--facts", str(facts)).exit_code == 0  # cached
    _one_error(run("export", "--json", "--facts", str(facts)), "outside the facts file's directory")


# The tiny facts file's one source, as written: copied under other ids to name many articles.
_SOURCE_AT = TINY_FACTS.index("  - id: article")
_TINY_SOURCE = TINY_FACTS[_SOURCE_AT:TINY_FACTS.index("\n", TINY_FACTS.index("byline_en:", _SOURCE_AT)) + 1]


@pytest.mark.slow  # writes and reads 10 MB of articles
def test_articles_together_have_a_limit(tiny_facts):
    copies_needed = article_files.MAX_ARTICLES_BYTES // article_files.MAX_ARTICLE_BYTES + 1
    for n in range(copies_needed):  # distinct files: sources naming one file share one copy of it
        (tiny_facts.parent / "seeds" / f"big-{n}.txt").write_bytes(
            SEED.read_bytes() * (article_files.MAX_ARTICLE_BYTES // len(SEED.read_bytes())))
    source = _TINY_SOURCE
    copies = "".join(source.replace("id: article", f"id: copy-{n}").replace("seeds/article.txt", f"seeds/big-{n}.txt")
                     for n in range(copies_needed))
    _write(tiny_facts, TINY_FACTS.replace(source, source + copies, 1))
    _one_error(run("verify", "--facts", str(tiny_facts)), "articles together are over the limit")


def test_sources_naming_one_article_share_one_copy_of_it(tiny_facts):
    """Many sources may name the same article (a synthetic file does): it is read and held once, so the
    limit on all articles together counts it once."""
    source = _TINY_SOURCE
    many = article_files.MAX_ARTICLES_BYTES // len(SEED.read_bytes()) + 1
    copies = "".join(source.replace("id: article", f"id: copy-{n}") for n in range(many))
    _write(tiny_facts, TINY_FACTS.replace(source, source + copies, 1))
    result = run("verify", "--facts", str(tiny_facts))
    assert result.stderr == "" and f"sources: {many + 1}, " in result.stdout  # read, checked, never over a limit


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_facts_file_that_is_not_a_regular_file_is_refused_without_hanging(tmp_path, kind):
    target = tmp_path / "facts.yaml"
    if kind == "fifo":
        os.mkfifo(target)  # nobody will ever write to it: reading would wait for ever
    else:
        target = Path("/dev/zero")  # endless
    result = run("summary", "--facts", str(target))
    _one_error(result, "is not a regular file")
