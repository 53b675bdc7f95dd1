"""What `baotou cache` prints: where the compiled facts are kept, what is there, what was removed."""

from __future__ import annotations

import time
from typing import TypedDict

from baotou_cli.data.json_text import encode


class CacheEntry(TypedDict):
    file: str
    bytes: int
    temporary: bool
    modified: str


class CacheReport(TypedDict):
    """`cache --json` and `cache clear --json`: one object."""
    directory: str | None
    reason: str | None
    entries: list[CacheEntry]
    total_bytes: int
    cleared: bool




def cache_record(info, removed=None) -> CacheReport:
    """info: sqlite_store.CacheInfo; removed: the entries `cache clear` removed (then those are listed)."""
    listed = info.entries if removed is None else removed
    record: CacheReport = {
        "directory": str(info.directory) if info.directory else None,
        "reason": info.reason,
        "entries": [{"file": e.path.name, "bytes": e.size, "temporary": e.temporary,
                     "modified": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(e.modified))} for e in listed],
        "total_bytes": sum(e.size for e in listed),
        "cleared": removed is not None,  # the same keys for `cache` and `cache clear`: entries are then removed ones
    }
    return record


def cache_json(record: CacheReport) -> str:
    return encode(record) + "\n"


def cache_text(record: CacheReport) -> str:
    lines = [f"cache directory: {record['directory'] or '(none)'}"]
    if record["reason"]:
        lines.append(record["reason"])
    done = "removed" if record.get("cleared") else "entries"
    lines.append(f"{done}: {len(record['entries'])} ({record['total_bytes']:,} bytes)")
    for entry in record["entries"]:
        kind = "  (temporary)" if entry["temporary"] else ""
        lines.append(f"  {entry['file']}  {entry['bytes']:,} bytes  {entry['modified']}{kind}")
    # A directory name comes from the environment: it reaches the terminal escaped, like every other text.
    from baotou_cli.render.formats import escape_controls

    return escape_controls("\n".join(lines) + "\n")
