"""The README's command reference, generated from `--help` so that it cannot drift.

    python docs/reference.py          # print the reference
    python docs/reference.py --write  # rewrite it in README.md between the markers

tests/test_docs.py fails when README.md differs from what this prints.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- reference:start -->", "<!-- reference:end -->"


def help_text(args: list[str]) -> str:
    import typer
    from click.testing import CliRunner

    from baotou_cli.cli import app

    os.environ["COLUMNS"] = "100"  # click wraps help to the terminal: pin it, as the README is read anywhere
    result = CliRunner().invoke(typer.main.get_command(app), [*args, "--help"], prog_name="baotou",
                                env={"COLUMNS": "100", "TERMINAL_WIDTH": "100"})
    return result.output.rstrip() + "\n"


def reference() -> str:
    import typer

    from baotou_cli.cli import app

    names = sorted(typer.main.get_command(app).commands)
    parts = ["## Command reference", "", "Generated from `--help` by `python docs/reference.py --write`.", "",
             "```text", help_text([]).rstrip(), "```"]
    for name in names:
        parts += ["", f"### baotou {name}", "", "```text", help_text([name]).rstrip(), "```"]
        for sub in sorted(getattr(typer.main.get_command(app).commands[name], "commands", {})):
            parts += ["", f"### baotou {name} {sub}", "", "```text", help_text([name, sub]).rstrip(), "```"]
    return "\n".join(parts) + "\n"


def with_reference(readme: str) -> str:
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{reference()}{END}{tail}"


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        README.write_text(with_reference(README.read_text(encoding="utf-8")), encoding="utf-8")
    else:
        sys.stdout.write(reference())
