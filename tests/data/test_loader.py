"""The loader: a good file loads; every kind of bad facts file gets one clear line and exit code 1."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from baotou_cli.data import loader
from baotou_cli.errors import FactsError
from conftest import TINY_FACTS, run


def test_tiny_file_loads_into_the_model(tiny_facts):
    factset = loader.load(tiny_facts).factset
    assert [f.id for f in factset.facts] == ["funds-in-place", "yunsheng-capacity"]
    funds = factset.fact("funds-in-place")
    assert funds.quantities[0].value == 5150000000 and funds.quantities[0].unit == "CNY"
    assert funds.period.start == "2022-01" and funds.period.end == "2022-08"
    assert factset.entity_by_id["zone"].en == "Baotou Rare Earth Hi-Tech Zone"


def test_lookup_order_option_then_environment_then_bundled(tiny_facts, monkeypatch):
    assert loader.resolve_facts_path(str(tiny_facts)) == tiny_facts
    monkeypatch.setenv("BAOTOU_FACTS", str(tiny_facts))
    assert loader.resolve_facts_path(None) == tiny_facts
    monkeypatch.delenv("BAOTOU_FACTS")
    assert loader.resolve_facts_path(None) == loader.bundled_facts_path()
    assert loader.bundled_facts_path().is_file()


def test_environment_variable_is_used_by_commands(tiny_facts):
    result = run("export", "--json", env={"BAOTOU_FACTS": str(tiny_facts)})
    assert result.exit_code == 0
    assert '"funds-in-place"' in result.stdout


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


# (name, how to make the file from the tiny one, fragment of the message, expect a line number)
BAD_FILES = [
    ("empty", lambda t: "", "empty", False),
    ("whitespace only", lambda t: "  \n\n", "empty", False),
    ("not yaml", lambda t: "this is : not : yaml : [", "mapping values are not allowed", True),
    ("yaml syntax error", lambda t: t + "  - [unclosed\n", "", True),
    ("tabs", lambda t: _replace(t, "  - id: zone", "\t- id: zone"), "tab character", True),
    ("top level list", lambda t: "- 1\n- 2\n", "top level must be a mapping", False),
    ("top level text", lambda t: "hello\n", "top level must be a mapping", False),
    ("missing facts", lambda t: t.split("facts:\n")[0], "field 'facts': required field is missing", False),
    ("missing required field", lambda t: _replace(t, "    topic: investment\n", ""),
     "fact 'funds-in-place': field 'topic': required field is missing", True),
    ("wrong type", lambda t: _replace(t, "value: 5150000000", "value: [1]"),
     "field 'quantities[0].value': expected a number, got a list", True),
    ("text where number", lambda t: _replace(t, "value: 5150000000", 'value: "5150000000"'),
     "expected a number, got text", True),
    ("unknown topic", lambda t: _replace(t, "topic: investment", "topic: gossip"),
     "unknown value 'gossip'; valid: metadata", True),
    ("unknown unit", lambda t: _replace(t, "unit: CNY", "unit: USD"), "unknown value 'USD'", True),
    ("unknown field", lambda t: _replace(t, "    kind: metric\n", "    kind: metric\n    colour: red\n"),
     "field 'colour': unknown field", True),
    ("duplicate ids", lambda t: _replace(t, "id: yunsheng-capacity", "id: funds-in-place"),
     "duplicate id 'funds-in-place'", True),
    ("unknown entity reference", lambda t: _replace(t, "entities: [zone]", "entities: [nowhere]"),
     "unknown entity id 'nowhere'", True),
    ("quote not in source", lambda t: _replace(t, "      quote: 2022年1-8月", "      quote: 2021年1-8月"),
     "quote not found in source", True),
    ("raw not in quote", lambda t: _replace(t, "raw: 51.5亿元", "raw: 52.5亿元"), "is not in the quote", True),
    ("wrong conversion", lambda t: _replace(t, "value: 5150000000", "value: 515000000"),
     "value 515000000 is not '51.5亿元' = 5150000000", True),
    ("wrong unit", lambda t: _replace(t, "value: 33000, unit: t", "value: 33000, unit: CNY"),
     "unit 'CNY' does not fit", True),
    ("wrong period", lambda t: _replace(t, 'end: "2022-08"', 'end: "2022-09"'), "is 2022-01..2022-08", True),
    ("missing source file", lambda t: _replace(t, "path: seeds/article.txt", "path: seeds/gone.txt"),
     "source 'article' cannot be read", False),
    ("unknown source id", lambda t: _replace(t, "      id: article\n      quote: 2022",
                                             "      id: other\n      quote: 2022"), "unknown source id 'other'", True),
    ("yaml 1.1 boolean", lambda t: _replace(t, "kind: metric", "kind: no"),
     "unquoted value 'no' is a word YAML 1.1 reads as true or false", True),
    ("yaml 1.1 on", lambda t: _replace(t, "byline_en: Li", "byline_en: on\n    written: Li"), "'on'", True),
    ("unquoted date", lambda t: _replace(t, 'start: "2022-01"', "start: 2022-01-01"), "an unquoted date", True),
    ("leading zero", lambda t: _replace(t, "value: 33000", "value: 033000"), "leading zero", True),
    ("nan", lambda t: _replace(t, "value: 50.6", "value: .nan"), "not a finite number", True),
    ("infinity", lambda t: _replace(t, "value: 50.6", "value: -.inf"), "not a finite number", True),
    ("duplicate key", lambda t: _replace(t, "    kind: metric\n", "    kind: metric\n    kind: project\n"),
     "duplicate key 'kind'", True),
    ("python tag", lambda t: _replace(t, "kind: metric", "kind: !!python/object:os.system ls"),
     "is not allowed in a facts file", True),
    ("custom tag", lambda t: _replace(t, "kind: metric", "kind: !secret metric"), "tag '!secret' is not allowed", True),
    ("alias", lambda t: _replace(t, "entities: [zone]", "entities: &z [zone]\n    industries: *z"),
     "aliases (*name) are not allowed", True),
    ("unsupported schema version", lambda t: _replace(t, "schema_version: 2", "schema_version: 3"),
     "unsupported schema version 3", True),
    ("bad slug", lambda t: _replace(t, "id: yunsheng-capacity", "id: Yunsheng Capacity"), "is not a slug", True),
]


@pytest.mark.parametrize("name, mutate, fragment, has_line", BAD_FILES, ids=[case[0] for case in BAD_FILES])
def test_bad_facts_file_is_one_clear_line_and_exit_1(tiny_facts, name, mutate, fragment, has_line):
    tiny_facts.write_text(mutate(TINY_FACTS), encoding="utf-8")
    result = run("export", "--json", "--facts", str(tiny_facts))
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert lines[0].startswith(f"baotou: error: {tiny_facts}")
    assert fragment in lines[0]
    if has_line:
        assert f"{tiny_facts}:" in lines[0] and lines[0].split(str(tiny_facts) + ":")[1][:1].isdigit(), lines[0]


def test_yaml_error_positions_are_one_based(tiny_facts):
    tiny_facts.write_text("a: 1\nb: [unclosed\n", encoding="utf-8")
    with pytest.raises(FactsError) as caught:
        loader.load(tiny_facts)
    assert (caught.value.line, caught.value.column) == (3, 1)


def test_schema_error_names_line_fact_and_field(tiny_facts):
    tiny_facts.write_text(_replace(TINY_FACTS, "unit: CNY", "unit: USD"), encoding="utf-8")
    with pytest.raises(FactsError) as caught:
        loader.load(tiny_facts)
    error = caught.value
    expected_line = TINY_FACTS.splitlines().index(
        "      - {measure: funds-in-place, subject: zone, raw: 51.5亿元, value: 5150000000, unit: CNY}") + 1
    assert (error.fact_id, error.field, error.line) == ("funds-in-place", "quantities[0].unit", expected_line)


@pytest.mark.parametrize("content, fragment", [
    (b"\x00\x01\x02binary", "binary content"),
    ("schema_version: 2\nzh: caf\u00e9\n".encode("latin-1"), "invalid UTF-8 (byte 0xe9)"),
])
def test_binary_and_invalid_utf8(tiny_facts, content, fragment):
    tiny_facts.write_bytes(content)
    result = run("export", "--facts", str(tiny_facts))
    assert result.exit_code == 1 and fragment in result.stderr and ":" in result.stderr


def test_bom_and_crlf_are_accepted(tiny_facts):
    tiny_facts.write_bytes(b"\xef\xbb\xbf" + TINY_FACTS.replace("\n", "\r\n").encode("utf-8"))
    assert len(loader.load(tiny_facts).factset.facts) == 2


def test_missing_file_directory_and_empty_path(tmp_path):
    assert "no such facts file" in run("export", "--facts", str(tmp_path / "nope.yaml")).stderr
    result = run("export", "--facts", str(tmp_path))
    assert result.exit_code == 1 and "is a directory" in result.stderr
    result = run("export", "--facts", "")
    assert result.exit_code == 2 and "path is empty" in result.stderr
    assert run("export", "--json", env={"BAOTOU_FACTS": ""}).exit_code == 0  # empty means unset


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file(tiny_facts):
    tiny_facts.chmod(0)
    result = run("export", "--facts", str(tiny_facts))
    assert result.exit_code == 1 and "permission denied" in result.stderr


def test_unreadable_file_as_root_is_simulated(tiny_facts, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)  # article_files.read_regular_file opens with os.open
    with pytest.raises(FactsError, match="permission denied"):
        loader.load(tiny_facts, use_cache=False)  # the read itself, not a compiled copy from an earlier test


def test_read_regular_file_says_why_as_data(tmp_path):
    from baotou_cli.data.article_files import Unreadable, read_regular_file

    (tmp_path / "ok").write_bytes(b"12345")
    assert read_regular_file(tmp_path / "ok", 5) == b"12345"
    os.mkfifo(tmp_path / "fifo")  # no writer: a blocking open would wait for ever
    for path, limit, reason in [(tmp_path / "ok", 4, "too-big"), (tmp_path / "none", 5, "missing"),
                                (tmp_path, 5, "directory"), (tmp_path / "fifo", 5, "special"),
                                (Path("/dev/zero"), 5, "special")]:
        with pytest.raises(Unreadable) as caught:
            read_regular_file(path, limit)
        assert (caught.value.path, caught.value.reason) == (path, reason)
    with pytest.raises(Unreadable) as caught:
        read_regular_file(tmp_path / "ok", 4)
    assert (caught.value.size, caught.value.limit) == (5, 4)


def test_file_over_the_size_limit(tiny_facts, monkeypatch):
    monkeypatch.setattr(loader, "MAX_FACTS_BYTES", 1000)
    result = run("export", "--facts", str(tiny_facts))
    assert result.exit_code == 1 and "over the limit of 1,000" in result.stderr


def test_billion_laughs_is_refused_fast(tiny_facts):
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for index in range(1, 10):
        prev, name = chr(96 + index), chr(97 + index)
        levels.append(f"{name}: &{name} [" + ",".join(f"*{prev}" for _ in range(9)) + "]")
    tiny_facts.write_text("\n".join(levels) + "\n", encoding="utf-8")
    result = run("export", "--facts", str(tiny_facts))
    # Refused at the first anchor (line 1), before anything is expanded: no clock needed to tell.
    assert result.exit_code == 1 and "aliases (*name) are not allowed" in result.stderr
    assert f"{tiny_facts}:1:" in result.stderr


def test_deep_nesting_is_refused(tiny_facts):
    tiny_facts.write_text("a: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    result = run("export", "--facts", str(tiny_facts))
    assert result.exit_code == 1 and "nesting" in result.stderr


@pytest.mark.parametrize("old, new, tag", [
    ("value: 5150000000", "value: !!float 5150000000", "!!float"),  # would print 5150000000.0
    ("schema_version: 2", "schema_version: !!str 2", "!!str"),
    ("unit: CNY", "unit: !!binary Q05Z", "!!binary"),
])
def test_a_tag_that_changes_a_value_is_refused(tiny_facts, old, new, tag):
    tiny_facts.write_text(_replace(TINY_FACTS, old, new), encoding="utf-8")
    result = run("export", "--json", "--facts", str(tiny_facts))
    assert result.exit_code == 1 and f"tag {tag!r} is not allowed" in result.stderr, result.stderr
