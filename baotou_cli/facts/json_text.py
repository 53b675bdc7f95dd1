"""JSON text, made one way. Records stay plain Python values (dicts, lists, text, numbers, None) until they
are written; this module turns them into text and back, and no other code builds, cuts or edits JSON text.

orjson, because it earns its place (docs/performance.md, "One JSON encoder"): indented, it writes the very
text of json.dumps(value, ensure_ascii=False, indent=2) about ten times faster, which is what lets a compiled
store keep facts as JSON and decode them on demand rather than keep each shape ready-encoded.
"""

from __future__ import annotations

from typing import Any

import orjson


def encode(value: Any) -> str:
    """As `--json` prints it: two-space indent, keys in their order, text not ASCII-escaped."""
    return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode()


def encode_line(value: Any) -> str:
    """On one line, without spaces: an NDJSON record, or a record as the compiled store keeps it."""
    return orjson.dumps(value).decode()


def decode(text: str | bytes) -> Any:
    return orjson.loads(text)
