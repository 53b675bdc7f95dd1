"""Find, read, check and cache a facts file. The one place that turns a path into a FactSet.

Lookup order: `--facts PATH`, then `$BAOTOU_FACTS`, then the facts file shipped inside the package.
A file that passed every check is kept compiled in the user's cache directory (see sqlite_store.py): a query
never parses the same YAML twice and never serves facts from a file or article that has since changed.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import NamedTuple

from baotou_cli.errors import FactsError, FailedChecks, QueryError
from baotou_cli.data.model import FactSet, build_fact, build_factset

MAX_FACTS_BYTES = 128 * 1024 * 1024  # a few times a 100,000-fact file; parsing holds many times the size
# Checked before parsing: YAML composes a whole line's flow mapping in memory (over a hundred times its size)
# before any duplicate key is noticed. The real file's lines are far shorter (docs/performance.md).
MAX_LINE_BYTES = 64 * 1024
# Above this size the top level is checked before the document is composed (see _parse): reading it costs
# about a sixth of a parse, too much to pay on the real file (137 KB), little beside what it spares a big one.
EARLY_CHECK_CHARS = 256 * 1024
ENV_FACTS = "BAOTOU_FACTS"
ENV_NO_CACHE = "BAOTOU_NO_CACHE"

_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # baotou_cli/


def bundled_facts_path() -> Path:
    """The facts file shipped in the wheel, or the repository's own when running from a checkout."""
    shipped = _PACKAGE_DIR / "data" / "facts.yaml"
    return shipped if shipped.is_file() else _PACKAGE_DIR.parent / "facts.yaml"


def resolve_facts_path(option: str | None) -> Path:
    """The path given (the CLI's --facts), else $BAOTOU_FACTS (an empty value counts as unset), else the bundled
    file. QueryError for a given path that is empty or holds a NUL (the CLI checks them while parsing)."""
    if option is not None:
        problem = facts_path_problem(option)
        if problem:
            raise QueryError(f"the facts file's {problem}")
        return Path(option)
    return Path(os.environ.get(ENV_FACTS) or bundled_facts_path())


def facts_path_problem(text: str) -> str | None:
    """What is wrong with a facts file's path as given, before any file is looked at; None if nothing."""
    if not text.strip():
        return "path is empty"
    if "\0" in text:
        return "path contains a NUL character"
    return None


class LoadedFacts(NamedTuple):
    factset: FactSet
    problems: list  # fact_checks.Problem: empty unless loaded with strict=False
    articles: dict | None  # source id -> quote_matching.Article; None when served from the cache
    drafts: list = []  # model.Fact: facts marked `draft: true`, never served by queries (data/draft_facts.py)


def load(path: Path, *, strict: bool = True, use_cache: bool = True, allow_outside_sources: bool = False) -> LoadedFacts:
    """Load and check a facts file. With strict, any failed check raises FactsError (the first problem). The
    facts are queried from a compiled SQLite database either way: the cached one, or one compiled now (and
    cached, if strict and allowed). With allow_outside_sources, its articles may lie outside its directory
    (absolute paths, '..', links out); the FactSet keeps the setting for every later read of them."""
    use_cache = use_cache and strict and not os.environ.get(ENV_NO_CACHE)
    if use_cache:
        cached = _cached(path, allow_outside_sources)
        if cached is not None:
            return LoadedFacts(cached, [], None)
    data_bytes = _read_bytes(path)
    digest = hashlib.sha256(data_bytes).hexdigest()
    text = _decode(path, data_bytes)
    data, draft_data = _parse(path, text)
    drafts = [build_fact(d) for d in draft_data]
    factset = build_factset(data, path, allow_outside_sources=allow_outside_sources)
    from baotou_cli.data.fact_checks import check_factset, read_sources

    articles, problems = read_sources(factset)
    problems += check_factset(factset, articles)
    if drafts:
        from baotou_cli.data.draft_facts import check_drafts

        problems += check_drafts(drafts, factset, articles)
    if problems and strict:
        first = problems[0]
        raise FailedChecks(first.message, others=len(problems) - 1, path=str(path), line=_line(text, first.path),
                           fact_id=first.fact_id, field=first.field, record=first.record)
    # Compiled in memory as it was built; a file that passed every check is kept in the cache too.
    factset.store.compiled_from(digest, keep=use_cache)
    return LoadedFacts(factset, problems, articles, drafts)


def _cached(path: Path, allow_outside: bool) -> FactSet | None:
    """The compiled facts of this file, if the articles it names (read from the file, never from the cache)
    still have the sha256 it records, and the cache agrees with the file about them. The file is hashed as it
    is read, never held whole in memory: a cached query on 100,000 facts stays small."""
    found = _fingerprint(path)
    if found is None:
        return None
    head, digest = found
    declared = declared_sources(head)
    # Each article once: sources may share one (a synthetic 100,000-fact file names one article 962 times).
    if declared is None or any(_article_sha256(path, source, allow_outside) != sha256 for source, sha256 in dict.fromkeys(declared)):
        return None
    from baotou_cli.data import sqlite_store

    cached = sqlite_store.open_cached(path, digest, allow_outside_sources=allow_outside)
    if cached is None or [(s.path, s.sha256) for s in cached.sources] != declared:
        return None
    return cached


_HEAD_BYTES = 1024 * 1024  # where a facts file's sources block is looked for; beyond it, the file is parsed


def _fingerprint(path: Path) -> tuple[bytes, str] | None:
    """The first bytes of a regular file within the size limit and the sha256 of all of it, read in chunks;
    None for anything else (for a facts file, the full read then says what is wrong with it)."""
    from baotou_cli.data.article_files import Unreadable, open_regular_file

    try:
        with open_regular_file(path, MAX_FACTS_BYTES) as fd:
            head = os.read(fd, _HEAD_BYTES)
            digest, total = hashlib.sha256(head), len(head)
            while chunk := os.read(fd, _HEAD_BYTES):
                digest.update(chunk)
                total += len(chunk)
                if total > MAX_FACTS_BYTES:
                    return None
            return head, digest.hexdigest()
    except (Unreadable, OSError):
        return None


def _article_sha256(facts_path: Path, relative: str, allow_outside: bool) -> str | None:
    """The sha256 of an article, read as a first load reads it (confined to the facts file's directory unless
    allowed, bounded, regular files only): a cache never widens what may be read. None if it cannot be."""
    from baotou_cli.data.article_files import read_article

    try:
        return hashlib.sha256(read_article(facts_path, "", relative, allow_outside=allow_outside)).hexdigest()
    except FactsError:
        return None  # the full load then says what is wrong


# A facts file's top-level `sources:` block, and each source's path and sha256 in it: read without a YAML
# parser (importing one costs more start-up than a whole cached query). Anything this does not read plainly
# is None: the file is then parsed in full, so a file this misreads is slower, never wrong.
_BLOCK_END = re.compile(rb"^[^ \t\-#\r\n]", re.M)
_KEY_AT = rb"(?:^[ \t]*(?:-[ \t]+)?|[{,][ \t]*)"
_VALUE = rb"[ \t]*(?:\"([^\"\\\n]*)\"|'([^'\n]*)'|([^\s'\"{}\[\],#][^\n,{}\[\]#]*?))[ \t]*(?=$|[,}#])"
# Every `path:` and `sha256:` key of the block, with its value when it is written plainly: one pass (the block
# of a file with many sources is long, and each pass over it costs time on every cached query).
_SOURCE_KEYS = re.compile(_KEY_AT + rb"(path|sha256):(?:" + _VALUE + rb")?", re.M)


def declared_sources(head: bytes) -> list[tuple[str, str]] | None:
    """The (path, sha256) of each source in the first `sources:` block at the start of a line. Whether that is
    the file's real one is settled by comparing with what the full parse compiled (see _cached)."""
    at = 0 if head.startswith(b"sources:") else head.find(b"\nsources:") + 1
    if at == 0 and not head.startswith(b"sources:"):
        return None
    start = at + len(b"sources:")
    end = _BLOCK_END.search(head, start + 1)
    if end is None and len(head) >= _HEAD_BYTES:
        return None  # the block may go on past what was read
    block = head[start:end.start() if end else len(head)]
    found = [(m.group(1), next((g for g in m.groups()[1:] if g is not None), None))
             for m in _SOURCE_KEYS.finditer(block)]
    paths = [value for key, value in found if key == b"path"]
    sha256s = [value for key, value in found if key == b"sha256"]
    pairs = [(p, h) for p, h in zip(paths, sha256s, strict=True) if p is not None and h is not None]
    if not paths or len(paths) != len(sha256s) or len(pairs) != len(paths):
        return None  # a value not written plainly: the full parse decides
    try:
        return [(p.decode("utf-8"), h.decode("ascii")) for p, h in pairs]
    except UnicodeDecodeError:
        return None


def _read_bytes(path: Path) -> bytes:
    """The facts file's bytes, read within its limit (article_files.read_regular_file), or FactsError saying why not."""
    from baotou_cli.data.article_files import Unreadable, read_regular_file

    try:
        data = read_regular_file(path, MAX_FACTS_BYTES)
    except Unreadable as failure:
        if failure.reason == "os-error" and "\0" in str(path):  # no file can have that name
            raise FactsError("the facts file's path contains a NUL byte", path=repr(str(path))) from None
        raise FactsError(_facts_file_problem(failure), path=str(path)) from None
    if not data or data.isspace():
        raise FactsError("facts file is empty", path=str(path))
    return data


def _facts_file_problem(failure) -> str:  # failure: article_files.Unreadable
    if failure.reason == "too-big":
        return f"facts file is {failure.size:,} bytes, over the limit of {failure.limit:,}"
    if failure.reason == "grew":
        return f"facts file is over the limit of {failure.limit:,} bytes"
    return {"missing": "no such facts file", "denied": "permission denied",
            "directory": "is a directory, not a facts file",
            # a FIFO with no writer would wait for ever; a device may never end
            "special": "is not a regular file (a FIFO, device or socket); save the facts to a file first",
            }.get(failure.reason) or f"cannot read the facts file: {failure.strerror}"


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


def _parse(path: Path, text: str) -> tuple[dict, list[dict]]:
    """The validated data of a facts file, and the draft facts taken out of it (data/draft_facts.py)."""
    from baotou_cli.data import validation
    from baotou_cli.data import strict_yaml as yamlsafe

    if "\t" in text:
        line = text[: text.index("\t")].count("\n") + 1
        raise FactsError("tab character: YAML indentation must use spaces", path=str(path), line=line)
    try:
        # The top level first, from the parser's events alone: a file of millions of tiny values without
        # `sources` is refused before it is composed, holding little memory (docs/performance.md).
        top = yamlsafe.top_level(text, validation.REQUIRED_TOP) if len(text) > EARLY_CHECK_CHARS else None
        early = validation.top_level_problem(top.kind, top.keys) if top else None
        if top and early:
            raise FactsError(early.message, path=str(path), line=top.line if early.path else None,
                             field=validation.field_name(early.path), record=validation.record_kind(early.path))
        data, root = yamlsafe.parse(text)
    except yamlsafe.YamlProblem as exc:
        raise FactsError(exc.message, path=str(path), line=exc.line, column=exc.column) from None
    from baotou_cli.data.draft_facts import DraftProblem, take_drafts

    try:
        drafts = take_drafts(data)
        validation.validate(data)
    except (validation.SchemaProblem, DraftProblem) as exc:
        fact_id = _record_id(data, exc.path)
        raise FactsError(exc.message, path=str(path), line=_line(root, exc.path), fact_id=fact_id,
                         field=validation.field_name(exc.path), record=validation.record_kind(exc.path)) from None
    return data, drafts


def _record_id(data: object, path: tuple) -> str | None:
    if len(path) >= 2 and isinstance(data, dict) and isinstance(data.get(path[0]), list):
        record = data[path[0]][path[1]]
        if isinstance(record, dict) and isinstance(record.get("id"), str):
            return record["id"]
    return None


def _line(document, path: tuple) -> int | None:  # document: the YAML text, or its parsed root node
    from baotou_cli.data.strict_yaml import line_of

    return line_of(document, path) if path else None
