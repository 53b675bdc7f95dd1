"""Find, read, check and cache a facts file. The one place that turns a path into a FactSet.

Lookup order: `--facts PATH`, then `$BAOTOU_FACTS`, then the facts file shipped inside the package.
Parsing YAML is slow (about 25 s for 100,000 facts even with the C parser), so a file that passed every
check is kept as JSON in the user's cache directory, keyed by the sha256 of its bytes and of its sources:
a query never parses the same YAML twice and never serves facts from a file that has since changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from baotou_cli import __version__
from baotou_cli.errors import FactsError, QueryError
from baotou_cli.model import FactSet, build_factset

MAX_FACTS_BYTES = 128 * 1024 * 1024  # about 3.5x a 100,000-fact file; parsing costs ~40x the size in memory
ENV_FACTS = "BAOTOU_FACTS"
ENV_CACHE_DIR = "BAOTOU_CACHE_DIR"
ENV_NO_CACHE = "BAOTOU_NO_CACHE"
CACHE_FORMAT = 1

_PACKAGE_DIR = Path(__file__).resolve().parent


def bundled_facts_path() -> Path:
    """The facts file shipped in the wheel, or the repository's own when running from a checkout."""
    shipped = _PACKAGE_DIR / "data" / "facts.yaml"
    return shipped if shipped.is_file() else _PACKAGE_DIR.parent / "facts.yaml"


def resolve_facts_path(option: str | None) -> Path:
    """--facts, else $BAOTOU_FACTS (an empty value counts as unset), else the bundled file."""
    if option is not None:
        if not option.strip():
            raise QueryError("--facts: the path is empty")
        return Path(option)
    return Path(os.environ.get(ENV_FACTS) or bundled_facts_path())


@dataclass
class Loaded:
    factset: FactSet
    problems: list  # checks.Problem: empty unless loaded with strict=False
    articles: dict | None  # source id -> textmatch.Article; None when served from the cache


def load(path: Path, *, strict: bool = True, use_cache: bool = True) -> Loaded:
    """Load and check a facts file. With strict, any failed check raises FactsError (the first problem)."""
    data_bytes = _read_bytes(path)
    use_cache = use_cache and strict and not os.environ.get(ENV_NO_CACHE)
    digest = hashlib.sha256(data_bytes).hexdigest()
    if use_cache:
        cached = _read_cache(path, digest)
        if cached is not None:
            return Loaded(cached, [], None)
    text = _decode(path, data_bytes)
    data = _parse(path, text)
    factset = build_factset(data, path)
    from baotou_cli.checks import check_factset, read_sources

    articles, problems = read_sources(factset)
    problems += check_factset(factset, articles)
    if problems and strict:
        first = problems[0]
        others = len(problems) - 1
        more = f" (and {others} more: run 'baotou verify')" if others else ""
        raise FactsError(first.message + more, path=str(path), line=_line(text, first.path),
                         fact_id=first.fact_id, field=first.field)
    if use_cache:
        _write_cache(path, digest, data, factset)
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
    if not data.strip():
        raise FactsError("facts file is empty", path=str(path))
    return data


def _decode(path: Path, data: bytes) -> str:
    if b"\0" in data:
        line = data[: data.index(b"\0")].count(b"\n") + 1
        raise FactsError("binary content (a NUL byte): not a YAML text file", path=str(path), line=line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FactsError(f"invalid UTF-8 (byte 0x{data[exc.start]:02x})", path=str(path), line=line) from None
    return text.removeprefix("\ufeff")


def _parse(path: Path, text: str) -> dict:
    from baotou_cli import schema, yamlsafe

    if "\t" in text:
        line = text[: text.index("\t")].count("\n") + 1
        raise FactsError("tab character: YAML indentation must use spaces", path=str(path), line=line)
    try:
        data = yamlsafe.load(text)
    except yamlsafe.YamlProblem as exc:
        raise FactsError(exc.message, path=str(path), line=exc.line, column=exc.column) from None
    try:
        schema.validate(data)
    except schema.SchemaProblem as exc:
        fact_id = _record_id(data, exc.path)
        raise FactsError(exc.message, path=str(path), line=_line(text, exc.path), fact_id=fact_id,
                         field=schema.field_name(exc.path)) from None
    return data


def _record_id(data: object, path: tuple) -> str | None:
    if len(path) >= 2 and isinstance(data, dict) and isinstance(data.get(path[0]), list):
        record = data[path[0]][path[1]]
        if isinstance(record, dict) and isinstance(record.get("id"), str):
            return record["id"]
    return None


def _line(text: str, path: tuple) -> int | None:
    from baotou_cli.yamlsafe import line_of

    return line_of(text, path) if path else None


# The cache ------------------------------------------------------------------------------------------

def cache_dir() -> Path:
    explicit = os.environ.get(ENV_CACHE_DIR)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "baotou"


def _cache_file(digest: str) -> Path:
    return cache_dir() / f"facts-{digest}-{__version__}-{CACHE_FORMAT}.json"


def _source_digests(factset: FactSet) -> dict[str, str]:
    digests = {}
    for source in factset.sources:
        try:
            digests[source.id] = hashlib.sha256(factset.source_path(source).read_bytes()).hexdigest()
        except OSError:
            digests[source.id] = ""
    return digests


def _read_cache(path: Path, digest: str) -> FactSet | None:
    """The cached FactSet, or None when there is none or it cannot be trusted (then the file is parsed)."""
    try:
        with _cache_file(digest).open("rb") as handle:
            cached = json.load(handle)
        factset = build_factset(cached["data"], path)
        # The quotes were checked against these exact sources; a changed source means checking again.
        if cached["sources"] != _source_digests(factset):
            return None
        return factset
    except Exception:  # noqa: BLE001 - any unreadable or corrupted cache entry just means "parse again"
        return None


def _write_cache(path: Path, digest: str, data: dict, factset: FactSet) -> None:
    target = _cache_file(digest)
    payload = {"facts_file": str(path), "sources": _source_digests(factset), "data": data}
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        with temporary.open("w", encoding="utf-8") as handle:
            json.dump(payload, handle, ensure_ascii=False, separators=(",", ":"))
        os.replace(temporary, target)
    except OSError:
        pass  # an unwritable cache costs speed, never correctness
