"""A file export would replace: data/ says why it was left alone as data (NotReplaced), the CLI names --force."""

from __future__ import annotations

import os

import pytest

from conftest import run
from baotou_cli.data.sqlite_store import write_file
from baotou_cli.errors import NotReplaced


def test_an_existing_file_is_left_alone_without_force(tmp_path):
    target = tmp_path / "x.db"
    target.write_bytes(b"keep")
    with pytest.raises(NotReplaced) as raised:
        write_file(target, b"new", {}, force=False)
    assert (raised.value.reason, raised.value.target) == ("exists", str(target))
    assert "--" not in str(raised.value) and target.read_bytes() == b"keep"  # the option is the CLI's to name
    write_file(target, b"new", {}, force=True)
    assert target.read_bytes() == b"new"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_never_replaced(tmp_path):
    target = tmp_path / "pipe"
    os.mkfifo(target)
    with pytest.raises(NotReplaced) as raised:
        write_file(target, b"new", {}, force=True)
    assert raised.value.reason == "special" and "--" not in str(raised.value)


def test_the_command_line_words_it_with_its_option(tmp_path):
    target = tmp_path / "x.db"
    target.write_bytes(b"keep")
    result = run("export", "--format", "sqlite", "--output", str(target))
    assert result.exit_code == 1
    assert result.stderr == f"baotou: error: {target} exists: add --force to replace it\n"
