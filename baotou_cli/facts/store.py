"""The compiled copy of a facts file kept in the user's cache directory, read lazily.

Parsing YAML is slow (about 35 s for 100,000 facts even with the C parser), and so is decoding and building
every fact of a large file on every query. The compiled copy is a few JSON lines of indexes followed by one
JSON line per fact, so a query decodes and builds only the facts it shows.

It is named by the sha256 of the facts file's bytes, and records the sha256 of each source, so it is never
served for a file or an article that has changed since. Anything wrong with it means: parse the YAML again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import mmap
import os
from collections.abc import Sequence
from pathlib import Path

from baotou_cli import __version__
from baotou_cli.errors import FactsError
from baotou_cli.facts.model import Fact, FactSet, Source, build_entity, build_extras, build_fact, entity_index

ENV_CACHE_DIR = "BAOTOU_CACHE_DIR"
FORMAT = 4


class LazyFacts(Sequence):
    """Facts built from their JSON lines on first access. The file is mapped, not read: the pages of
    facts a query never looks at are never loaded."""

    def __init__(self, data: mmap.mmap | bytes, offsets: list[int]) -> None:
        self._data = data
        self._offsets = offsets  # where each fact's line starts; one more for the end of the last
        self._built: list[Fact | None] = [None] * (len(offsets) - 1)

    def __len__(self) -> int:
        return len(self._built)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return self.take(range(*index.indices(len(self))))
        fact = self._built[index]
        if fact is None:
            fact = self._built[index] = build_fact(json.loads(self._line(index)))
        return fact

    def __iter__(self):
        return iter(self.take(range(len(self))))  # reading them all: one decode, not one per fact

    def _line(self, index: int) -> bytes:
        return self._data[self._offsets[index]:self._offsets[index + 1]]

    def take(self, indexes) -> list[Fact]:
        """Several facts at once: one JSON decode for all that are not built yet."""
        indexes = list(indexes)
        missing = [i for i in dict.fromkeys(indexes) if self._built[i] is None]
        if missing:
            decoded = json.loads(b"[" + b",".join(self._line(i) for i in missing) + b"]")
            for i, data in zip(missing, decoded, strict=True):
                self._built[i] = build_fact(data)
        return [self._built[i] for i in indexes]


def cache_dir() -> Path:
    explicit = os.environ.get(ENV_CACHE_DIR)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "baotou"


def cache_file(digest: str) -> Path:
    return cache_dir() / f"facts-{digest}-{__version__}-{FORMAT}.jsonl"


def source_digests(path: Path, sources: list[Source]) -> dict[str, str]:
    from baotou_cli.facts.files import read_article

    digests = {}
    for source in sources:
        try:  # the same confined, bounded read as a first load: a cache never widens what may be read
            digests[source.id] = hashlib.sha256(read_article(path, source.id, source.path)).hexdigest()
        except FactsError:
            digests[source.id] = ""
    return digests


# The compiled file: four JSON lines (what the file holds; where each fact's line starts; the keys queries
# filter on; the facts about each entity), then one JSON line per fact. Each part is decoded only when a
# query needs it: a query about a few projects never decodes the keys of 100,000 facts.
_PARTS = 4


def read(path: Path, digest: str) -> FactSet | None:
    """The cached FactSet for a facts file with this sha256, or None when there is none to trust."""
    try:
        with cache_file(digest).open("rb") as handle:
            data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        ends = [data.find(b"\n")]
        for _ in range(_PARTS - 1):
            ends.append(data.find(b"\n", ends[-1] + 1))
        starts = [0] + [end + 1 for end in ends[:-1]]
        meta = json.loads(data[starts[0]:ends[0]])
        sources = [Source(**s) for s in meta["sources"]]
        offsets = [ends[-1] + 1 + offset for offset in json.loads(data[starts[1]:ends[1]])]
        if meta["format"] != FORMAT or len(offsets) != meta["facts"] + 1 or offsets[-1] != len(data) or \
                meta["source_digests"] != source_digests(path, sources):
            return None  # truncated, or the articles changed: their quotes must be checked again

        def part(number: int):
            return lambda: json.loads(data[starts[number]:ends[number]])

        return FactSet(path, sources, [build_entity(e) for e in meta["entities"]], LazyFacts(data, offsets),
                       keys=part(2), index=part(3), **build_extras(meta))
    except Exception:  # noqa: BLE001 - a missing, unreadable or corrupted cache just means "parse again"
        return None


def write(path: Path, digest: str, data: dict, factset: FactSet) -> None:
    """Keep a compiled copy of a facts file that passed every check. Failing to is never an error."""
    target = cache_file(digest)
    lines = [json.dumps(fact, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
             for fact in data["facts"]]
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    meta = {"format": FORMAT, "facts_file": str(path), "facts": len(lines),
            "source_digests": source_digests(path, factset.sources), "sources": data["sources"],
            "entities": data.get("entities") or [], "measures": data.get("measures") or [],
            "synonyms": data.get("synonyms") or [],
            "redirects": data.get("redirects") or []}
    parts = [meta, offsets, factset.keys, entity_index(factset.keys)]
    temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with temporary.open("wb") as handle:
            for part in parts:
                handle.write(json.dumps(part, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n")
            handle.writelines(lines)
        os.replace(temporary, target)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
