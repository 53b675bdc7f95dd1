"""The README's command reference, generated from `--help` so that it cannot drift.

    python docs/reference.py             # print the reference
    python docs/reference.py --write     # rewrite it in README.md between the markers, and docs/schemas/
    python docs/reference.py --examples  # rerun every '$ baotou ...' example in README.md and rewrite its output

tests/test_docs.py fails when README.md or a JSON Schema in docs/schemas/ differs from what this writes (renaming
a key of a command's --json records is then a visible change to a checked-in file), or an example from its real
output. An example cut short with a '...' line keeps as many lines as it had. Read `git diff README.md` afterwards.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
SCHEMAS = Path(__file__).resolve().parent / "schemas"
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


def schemas() -> dict[str, str]:
    """Each command's JSON Schema as `baotou schema COMMAND` prints it, by file name."""
    import json

    from baotou_cli.render import json_schemas

    return {f"{command}.json": json.dumps(json_schemas.schema_for(command), ensure_ascii=False, indent=2) + "\n"
            for command in [*json_schemas.RECORDS, *json_schemas.OBJECTS]}


def run_example(command: str) -> list[str]:
    """The output lines of one README example, run as tests/test_docs.py runs it (width 100, no colour)."""
    import subprocess

    env = {**os.environ, "COLUMNS": "100", "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"]}
    for name in ("FORCE_COLOR", "NO_COLOR", "BAOTOU_FACTS"):
        env.pop(name, None)
    shell = f"set -o pipefail; {sys.executable} -m baotou_cli {command[len('baotou '):]}"
    result = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, env=env, cwd=README.parent,
                            encoding="utf-8", check=True)
    lines = result.stdout.lstrip("\ufeff").replace("\r\n", "\n").split("\n")
    while lines and not lines[-1]:
        lines.pop()
    return lines


def with_examples(readme: str) -> str:
    import re

    def block(match: re.Match) -> str:
        body = match.group(1)
        if not body.startswith("$ baotou"):
            return match.group(0)
        chunks = []
        for chunk in re.split(r"\n(?=\$ )", body.rstrip("\n")):
            command, *old = chunk.split("\n")
            new = run_example(command[2:])
            if "..." in old:
                new = new[: old.index("...")] + ["..."]
            chunks.append("\n".join([command, *new]))
        return "```text\n" + "\n\n".join(chunks) + "\n```"

    return re.sub(r"```text\n(.*?)```", block, readme, flags=re.S)


if __name__ == "__main__":
    if sys.argv[1:] == ["--examples"]:
        README.write_text(with_examples(README.read_text(encoding="utf-8")), encoding="utf-8")
    elif sys.argv[1:] == ["--write"]:
        README.write_text(with_reference(README.read_text(encoding="utf-8")), encoding="utf-8")
        SCHEMAS.mkdir(exist_ok=True)
        for stale in set(p.name for p in SCHEMAS.glob("*.json")) - set(schemas()):
            (SCHEMAS / stale).unlink()
        for name, text in schemas().items():
            (SCHEMAS / name).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(reference())
