"""Docs that cannot drift: the README's command reference and its examples are checked against the tool."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "docs"))
import reference  # noqa: E402

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_command_reference_is_up_to_date():
    assert reference.with_reference(README) == README, "run: python docs/reference.py --write"


def test_json_schemas_are_pinned():
    checked_in = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "docs" / "schemas").glob("*.json")}
    assert checked_in == reference.schemas(), "the JSON contract changed: run python docs/reference.py --write"


def test_schema_command_prints_the_pinned_schema():
    from conftest import run

    for name, text in reference.schemas().items():
        assert run("schema", name.removesuffix(".json")).stdout == text


def test_every_command_is_in_the_reference_with_its_examples_and_argument_help():
    from conftest import COMMANDS

    text = reference.reference()
    for name in COMMANDS:
        assert f"### baotou {name}" in text
    assert "  Examples:\n    baotou show funds-in-place-2022-jan-aug\n" in text  # example blocks stay unwrapped
    assert "ID  A fact or entity id" in text  # argument help survives (Click 8.5 would drop it)


def _examples() -> list[tuple[str, list[str]]]:
    """(command line, expected output lines) for every '$ baotou ...' in the README's text blocks."""
    found = []
    for block in re.findall(r"```text\n(.*?)```", README, re.S):
        if not block.startswith("$ baotou"):
            continue
        for chunk in re.split(r"\n(?=\$ )", block.rstrip("\n")):
            command, *lines = chunk.split("\n")
            while lines and not lines[-1]:
                lines.pop()
            found.append((command[2:], lines))
    return found


@pytest.mark.parametrize("command, expected", _examples(), ids=[c for c, _ in _examples()])
def test_readme_examples_are_real_output(command, expected):
    bin_dir = os.path.dirname(sys.executable)
    env = {**os.environ, "COLUMNS": "100", "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    for name in ("FORCE_COLOR", "NO_COLOR", "BAOTOU_FACTS"):
        env.pop(name, None)
    if "| jq" in command and subprocess.run(["which", "jq"], capture_output=True).returncode:
        pytest.skip("jq is not installed")
    shell = f"set -o pipefail; {sys.executable} -m baotou_cli {command[len('baotou '):]}"
    result = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, env=env, cwd=ROOT,
                            encoding="utf-8")
    assert result.returncode == 0, result.stderr
    actual = result.stdout.lstrip("\ufeff").replace("\r\n", "\n").split("\n")
    truncated = "..." in expected
    expected = expected[: expected.index("...")] if truncated else expected
    for index, line in enumerate(expected):
        assert actual[index] == line, (command, index)
    if not truncated:
        assert len([line for line in actual if line]) == len([line for line in expected if line]), command
