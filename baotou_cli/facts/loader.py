"""Find, read, check and cache a facts file. The one place that turns a path into a FactSet.

Lookup order: `--facts PATH`, then `$BAOTOU_FACTS`, then the facts file shipped inside the package.
A file that passed every check is kept compiled in the user's cache directory (see store.py): a query
never parses the same YAML twice and never serves facts from a file or article that has since changed.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path
from typing import NamedTuple

from baotou_cli.facts import store
from baotou_cli.errors import FactsError, QueryError
from baotou_cli.facts.model import FactSet, build_factset

MAX_FACTS_BYTES = 128 * 1024 * 1024  # about 3.5x a 100,000-fact file; parsing costs ~40x the size in memory
# Checked before parsing: YAML composes a whole line's flow mapping in memory (~115x its size) before any
# duplicate key is noticed. The longest line of the real file is ~500 bytes.
MAX_LINE_BYTES = 64 * 1024
ENV_FACTS = "BAOTOU_FACTS"
ENV_NO_CACHE = "BAOTOU_NO_CACHE"

_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # baotou_cli/


def bundled_facts_path() -> Path:
    """The facts file shipped in the wheel, or the repository's own when running from a checkout."""
    shipped = _PACKAGE_DIR / "data" / "facts.yaml"
    return shipped if shipped.is_file() else _PACKAGE_DIR.parent / "facts.yaml"


def resolve_facts_path(option: str | None) -> Path:
    """--facts, else $BAOTOU_FACTS (an empty value counts as unset), else the bundled file."""
    if option is not None:
        if not option.strip():
            raise QueryError("--facts: the path is empty")
        if "\0" in option:
            raise QueryError("--facts: the path contains a NUL character")
        return Path(option)
    return Path(os.environ.get(ENV_FACTS) or bundled_facts_path())


class Loaded(NamedTuple):
    factset: FactSet
    problems: list  # checks.Problem: empty unless loaded with strict=False
    articles: dict | None  # source id -> textmatch.Article; None when served from the cache


def load(path: Path, *, strict: bool = True, use_cache: bool = True) -> Loaded:
    """Load and check a facts file. With strict, any failed check raises FactsError (the first problem)."""
    data_bytes = _read_bytes(path)
    use_cache = use_cache and strict and not os.environ.get(ENV_NO_CACHE)
    digest = hashlib.sha256(data_bytes).hexdigest()
    if use_cache:
        cached = store.read(path, digest)
        if cached is not None:
            return Loaded(cached, [], None)
    text = _decode(path, data_bytes)
    data = _parse(path, text)
    factset = build_factset(data, path)
    from baotou_cli.facts.checks import check_factset, read_sources

    articles, problems = read_sources(factset)
    problems += check_factset(factset, articles)
    if problems and strict:
        first = problems[0]
        others = len(problems) - 1
        more = f" (and {others} more: run 'baotou verify')" if others else ""
        raise FactsError(first.message + more, path=str(path), line=_line(text, first.path),
                         fact_id=first.fact_id, field=first.field)
    if use_cache:
        store.write(path, digest, data, factset)
    return Loaded(factset, problems, articles)


def _read_bytes(path: Path) -> bytes:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise FactsError("no such facts file", path=str(path)) from None
    except OSError as exc:
        raise FactsError(f"cannot read the facts file: {exc.strerror or exc}", path=str(path)) from None
    if stat.S_ISDIR(info.st_mode):
        raise FactsError("is a directory, not a facts file", path=str(path))
    if info.st_size > MAX_FACTS_BYTES:
        raise FactsError(f"facts file is {info.st_size:,} bytes, over the limit of {MAX_FACTS_BYTES:,}",
                         path=str(path))
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FACTS_BYTES + 1)  # a FIFO or device has no honest size: read a bounded amount
    except PermissionError:
        raise FactsError("permission denied", path=str(path)) from None
    except OSError as exc:
        raise FactsError(f"cannot read the facts file: {exc.strerror or exc}", path=str(path)) from None
    if len(data) > MAX_FACTS_BYTES:
        raise FactsError(f"facts file is over the limit of {MAX_FACTS_BYTES:,} bytes", path=str(path))
    if not data or data.isspace():
        raise FactsError("facts file is empty", path=str(path))
    return data


def _decode(path: Path, data: bytes) -> str:
    if b"\0" in data:
        if _looks_utf16(data):
            raise FactsError("UTF-16 text: save the facts file as UTF-8", path=str(path))
        line = data[: data.index(b"\0")].count(b"\n") + 1
        raise FactsError("binary content (a NUL byte): not a YAML text file", path=str(path), line=line)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FactsError("UTF-16 text (a UTF-16 byte-order mark): save the facts file as UTF-8", path=str(path))
    _check_line_lengths(path, data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FactsError(f"invalid UTF-8 (byte 0x{data[exc.start]:02x})", path=str(path), line=line) from None
    return text.removeprefix("\ufeff")


def _looks_utf16(data: bytes) -> bool:
    """A UTF-16 file (with or without a byte-order mark) has a NUL in every other byte of ASCII text."""
    sample = data[:4096]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    half = len(sample) // 2
    return half > 0 and max(sample[0::2].count(0), sample[1::2].count(0)) >= half * 0.4


def _check_line_lengths(path: Path, data: bytes) -> None:
    """Refuse a line over MAX_LINE_BYTES without splitting the file into lines (67 million short lines
    would cost gigabytes): windows of half the limit tile the data, a line over the limit holds a whole
    window without a newline, and only such a window's line is measured."""
    step = MAX_LINE_BYTES // 2
    at = 0
    while at < len(data):
        if data.find(b"\n", at, at + step) != -1:
            at += step
            continue
        start = data.rfind(b"\n", 0, at) + 1
        end = data.find(b"\n", at)
        end = len(data) if end == -1 else end
        if end - start > MAX_LINE_BYTES:
            raise FactsError(f"line of {end - start:,} bytes is over the limit of {MAX_LINE_BYTES:,} per line",
                             path=str(path), line=data.count(b"\n", 0, start) + 1)
        at = end + 1


def _parse(path: Path, text: str) -> dict:
    from baotou_cli.facts import schema
    from baotou_cli.facts import strict_yaml as yamlsafe

    if "\t" in text:
        line = text[: text.index("\t")].count("\n") + 1
        raise FactsError("tab character: YAML indentation must use spaces", path=str(path), line=line)
    try:
        data, root = yamlsafe.parse(text)
    except yamlsafe.YamlProblem as exc:
        raise FactsError(exc.message, path=str(path), line=exc.line, column=exc.column) from None
    try:
        schema.validate(data)
    except schema.SchemaProblem as exc:
        fact_id = _record_id(data, exc.path)
        raise FactsError(exc.message, path=str(path), line=_line(root, exc.path), fact_id=fact_id,
                         field=schema.field_name(exc.path)) from None
    return data


def _record_id(data: object, path: tuple) -> str | None:
    if len(path) >= 2 and isinstance(data, dict) and isinstance(data.get(path[0]), list):
        record = data[path[0]][path[1]]
        if isinstance(record, dict) and isinstance(record.get("id"), str):
            return record["id"]
    return None


def _line(document, path: tuple) -> int | None:  # document: the YAML text, or its parsed root node
    from baotou_cli.facts.strict_yaml import line_of

    return line_of(document, path) if path else None
