"""Bad arguments, pipes, signals, terminals and environments: a clear line and a documented exit code,
never a traceback, never mojibake. Real processes where in-process runs would hide the behaviour."""

from __future__ import annotations

import json
import os
import re
import pty
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import COMMANDS as APP_COMMANDS
from conftest import ROOT, read_terminal, run


BAOTOU = [sys.executable, "-m", "baotou_cli"]


def _env(**changes: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR", "COLUMNS", "TERM")}
    env["PAGER"] = "cat"  # on a pseudo-terminal long output would go to less; the pager has tests of its own
    env.update(changes)
    return env


def spawn(*args: str, shell_tail: str = "", **env: str) -> subprocess.CompletedProcess:
    """Run baotou as a real process; with shell_tail, piped into that shell command (e.g. 'head -1')."""
    if shell_tail:
        command = " ".join(map(_quote, BAOTOU + list(args))) + " | " + shell_tail
        return subprocess.run(["bash", "-c", f"set -o pipefail; {command}"], capture_output=True, env=_env(**env),
                              cwd=ROOT, timeout=60)
    return subprocess.run(BAOTOU + list(args), capture_output=True, env=_env(**env), cwd=ROOT, timeout=60)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


# Arguments --------------------------------------------------------------------------------------------

ARGUMENT_CASES = [
    (["projects", "--industry", ""], "unknown industry ''"),
    (["projects", "--company", ""], "'-c': is empty"),
    (["projects", "--sort", ""], "unknown sort field ''"),
    (["projects", "--min-investment", ""], "not an amount"),
    (["projects", "--fields", ""], "--fields is empty"),
    (["show", ""], "no fact or entity with id ''"),
    (["search", ""], "the search text is empty"),
    (["projects", "--industry", "x" * 100_000], "unknown industry"),
    (["search", "x" * 100_000, "--limit", "abc"], "'abc' is not a valid integer"),
    (["projects", "--industry", "rare\x1b[31m-earth"], "unknown industry 'rare\\x1b[31m-earth'"),
    (["projects", "--industry", "稀土\x00"], "unknown industry"),
    (["projects", "--limit", "1.5"], "'1.5' is not a valid integer"),
    (["projects", "--limit", str(2**63 - 1)], ""),
    (["projects", "--limit", "99999999999999999999999"], "is over the largest limit"),  # issue #20: was 0
]


@pytest.mark.parametrize("args, fragment", ARGUMENT_CASES, ids=range(len(ARGUMENT_CASES)))
def test_bad_arguments(args, fragment):
    result = run(*args)
    if args[-1] == str(2**63 - 1):  # a huge limit is a valid limit, up to SQLite's largest integer
        assert result.exit_code == 0
        return
    assert result.exit_code == 2, result.stderr
    assert len(result.stderr.splitlines()) == 1 and fragment in result.stderr, result.stderr
    assert "\x1b" not in result.stderr and "\x00" not in result.stderr  # control characters are escaped
    assert len(result.stderr) < 400 + len(max(args, key=len))  # the line says what is wrong, once


def test_arguments_that_are_not_utf8():
    program = ("import sys; sys.argv[1:] = ['search', b'\\xff\\xfe'.decode('utf-8', 'surrogateescape')]; "
               "from baotou_cli.cli import main; main()")
    result = subprocess.run(BAOTOU[:1] + ["-c", program], capture_output=True, cwd=ROOT, timeout=60)
    assert result.returncode == 2
    assert result.stderr.decode().startswith("baotou: error: argument 2 is not valid UTF-8")
    real = subprocess.run(BAOTOU + [os.fsdecode(b"search"), os.fsdecode(b"\xff\xfe")], capture_output=True,
                          cwd=ROOT, timeout=60)
    assert real.returncode == 2 and b"not valid UTF-8" in real.stderr


# Pipes, signals, terminals, environments ------------------------------------------------------------------

@pytest.mark.parametrize("args, tail", [
    (["projects"], "head -1"),
    (["export", "--format", "json"], "head -c 10"),
    (["export", "--format", "ndjson"], "head -1"),
    (["facts"], "head -3"),
])
def test_closed_pipe_ends_quietly(args, tail):
    result = spawn(*args, shell_tail=tail)
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""


def test_ctrl_c_mid_work_exits_130_without_a_traceback():
    # The process sends itself SIGINT from inside the checks, so the signal lands mid-work on every run:
    # no sleep, no race with how fast the machine is.
    program = ("import os, signal\n"
               "from baotou_cli.data import fact_checks\n"
               "real = fact_checks.check_factset\n"
               "def interrupted(*args):\n"
               "    os.kill(os.getpid(), signal.SIGINT)\n"
               "    return real(*args)\n"
               "fact_checks.check_factset = interrupted\n"
               "from baotou_cli.cli import main\n"
               "main(['projects', '--json'])\n")
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, env=_env(BAOTOU_NO_CACHE="1"),
                            cwd=ROOT, timeout=60)
    assert result.returncode == 130, result.stderr
    assert b"Traceback" not in result.stderr and result.stdout == b""


def _on_terminal(*args: str, **env: str) -> str:
    """Run with stdout on a pseudo-terminal, as a person at a terminal would."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(BAOTOU + list(args), stdout=follower, stderr=subprocess.PIPE,
                               env=_env(**env), cwd=ROOT)
    os.close(follower)
    return read_terminal(leader, process).decode("utf-8")


def test_a_terminal_gets_colour_and_underlined_headers_without_ambiguous_width_box_lines():
    shown = _on_terminal("projects", "--industry", "rare-earth", COLUMNS="200", TERM="xterm-256color")
    assert "\x1b[" in shown and "JL MAG" in shown and "─" not in shown  # ─ is drawn double on a CJK terminal
    assert re.search(r"\x1b\[[0-9;]*4[0-9;]*mName", shown)  # headers underlined instead


def test_term_dumb_and_no_color_on_a_terminal():
    shown = _on_terminal("projects", COLUMNS="100", TERM="dumb")
    assert "\x1b[" not in shown and "JL MAG" in shown
    shown = _on_terminal("projects", COLUMNS="100", TERM="xterm", NO_COLOR="1")
    assert "\x1b[36m" not in shown


# Width and colour settings are read when a command runs: in-process. The locale is read when Python starts.
IN_PROCESS_ENVIRONMENTS = [{"COLUMNS": "20"}, {"TERM": "dumb"}, {"NO_COLOR": "1"}, {"FORCE_COLOR": "1"}]


@pytest.mark.parametrize("env", [*IN_PROCESS_ENVIRONMENTS, {"LANG": "C", "LC_ALL": "C"}, {"LANG": "C.UTF-8"}])
def test_environments_keep_output_correct(env):
    def output(*args: str) -> bytes:
        if env in IN_PROCESS_ENVIRONMENTS:
            result = run(*args, env=env)
            assert result.exit_code == 0, result.stderr
            return result.stdout_bytes
        done = spawn(*args, **env)
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert "金力永磁".encode() in b"".join(output("projects", "--lang", "zh").split())  # however narrow, all there
    assert json.loads(output("projects", "--json").decode("utf-8"))[3]["name_zh"].startswith("金力永磁")


def test_ascii_stdout_says_why_it_cannot_print_chinese_and_machine_formats_stay_utf8():
    table = spawn("projects", "--lang", "zh", PYTHONIOENCODING="ascii")
    assert table.returncode == 1 and table.stdout == b""
    assert table.stderr.decode().startswith("baotou: error: stdout's encoding (ascii) cannot show this text")
    data = spawn("projects", "--json", PYTHONIOENCODING="ascii")
    assert data.returncode == 0 and "金力永磁" in data.stdout.decode("utf-8")
    csv_text = spawn("projects", "--format", "csv", PYTHONIOENCODING="latin-1").stdout.decode("utf-8")
    assert "金力永磁" in csv_text


def test_no_terminal_no_colour_no_boxes():
    result = spawn("projects")
    assert b"\x1b[" not in result.stdout and "─".encode() not in result.stdout


# Property: whatever the arguments, a documented exit code and never a traceback -------------------------

COMMANDS = [*APP_COMMANDS, "nosuch", ""]
OPTIONS = ["--industry", "-i", "--company", "--status", "--min-investment", "--sort", "--limit", "--by",
           "--format", "-f", "--json", "--fields", "--lang", "--topic", "-h", "--version", "--bogus", "--facts"]
VALUES = ["rare-earth", "稀土", "new-energy", "pv", "signed", "在建", "10亿", "1e9", "1bn", "abc", "-1", "0", "3",
          "-investment", "name", "json", "csv", "ndjson", "yaml", "markdown", "table", "xml", "id,name_zh", "id,x",
          "en", "zh", "industry", "period", "measure", "investment", "training", "jl-mag",
          "funds-in-place-2022-jan-aug", "", " ", "\x1b", "\x00", "é" * 50, "/nonexistent.yaml", "."]
TOKENS = st.one_of(st.sampled_from(OPTIONS), st.sampled_from(VALUES), st.text(max_size=12))


@pytest.mark.slow
@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(command=st.sampled_from(COMMANDS), rest=st.lists(TOKENS, max_size=6))
def test_any_arguments_give_a_documented_exit_and_valid_json(command, rest):
    args = ([command] if command else []) + rest
    result = run(*args)
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, (args, result.stderr)
    if result.exit_code:
        assert len(result.stderr.strip().splitlines()) == 1, (args, result.stderr)
    if "--json" in args and result.exit_code == 0 and not {"-h", "--help", "--version"} & set(args) \
            and command not in ("verify", "nosuch", ""):
        json.loads(result.stdout)


def test_an_eof_error_inside_a_command_is_not_called_an_interruption(monkeypatch):
    """Typer wraps an EOFError (a damaged bytecode file raises one at import) in the same Abort as Ctrl-C: it
    must say what went wrong (exit 3), not 'interrupted (SIGINT)' (exit 130)."""
    from baotou_cli.questions import queries

    def broken(*args, **kwargs):
        raise EOFError("marshal data too short")

    monkeypatch.setattr(queries, "project_rows", broken)
    result = run("projects")
    assert result.exit_code == 3, result.stderr
    assert "internal error: EOFError: marshal data too short" in result.stderr
    assert "interrupted" not in result.stderr


def test_a_total_past_64_bits_of_a_verified_file_is_written_not_an_internal_error(tmp_path):
    """Review of #16: three verified figures of 9,000,000,000 billion yuan add up to 2.7e19, past what orjson
    writes (2**64); json.dumps wrote the exact total (exit 0), now `investment --by measure --json` is
    "internal error: TypeError: Integer exceeds 64-bit range" (exit 3). The table, CSV and YAML still work."""
    import hashlib

    years = (2021, 2022, 2023)
    article = "包头稀土高新区：测试\n\n本报特约通讯员 李宝乐\n\n" + "".join(
        f"{y}年，该高新区引进到位资金9000000000000000000元。" for y in years) + "\n"
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text(article, encoding="utf-8")
    facts = f"""\
schema_version: 2
sources:
  - id: article
    path: seeds/a.txt
    sha256: {hashlib.sha256(article.encode()).hexdigest()}
    headline_zh: 包头稀土高新区：测试
    headline_en: "Baotou Rare Earth Hi-Tech Zone: a test"
    byline_zh: 本报特约通讯员 李宝乐
    byline_en: Li Baole, contributing correspondent
measures:
  - {{id: funds-in-place, en: domestic funds in place, zh: 到位资金}}
entities:
  - {{id: zone, type: zone, zh: 包头稀土高新区, en: Baotou Rare Earth Hi-Tech Zone, nouns: [高新区]}}
facts:
""" + "".join(f"""\
  - id: funds-{y}
    topic: investment
    kind: metric
    zh: {y}年，包头稀土高新区引进到位资金9000000000000000000元。
    en: In {y} the Baotou Rare Earth Hi-Tech Zone brought in 9,000,000,000 billion yuan of funds in place.
    quantities:
      - {{measure: funds-in-place, subject: zone, raw: 9000000000000000000元, value: 9000000000000000000, unit: CNY}}
    period: {{raw: {y}年, start: "{y}", end: "{y}"}}
    entities: [zone]
    source: {{id: article, quote: {y}年，该高新区引进到位资金9000000000000000000元。}}
""" for y in years)
    path = tmp_path / "facts.yaml"
    path.write_text(facts, encoding="utf-8")
    assert run("verify", "--facts", str(path)).exit_code == 0
    result = run("investment", "--by", "measure", "--json", "--facts", str(path))
    assert result.exit_code == 0, result.stderr
    assert [group["total"] for group in json.loads(result.stdout)] == [27000000000000000000]
