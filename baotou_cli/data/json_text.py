"""JSON text, made one way. Records stay plain Python values (dicts, lists, text, numbers, None) until they
are written; this module turns them into text and back, and no other code builds, cuts or edits JSON text.

A compiled store keeps each fact's row encoded here (ready for `facts --json`, encode_list puts rows
together). orjson, because it earns its place (measured in docs/performance.md, "One JSON encoder"): indented,
it writes the text of json.dumps(value, ensure_ascii=False, indent=2), in a fraction of the time.
"""

from __future__ import annotations

from typing import Any

import orjson


def encode(value: Any) -> str:
    """As `--json` prints it: two-space indent, keys in their order, text not ASCII-escaped."""
    try:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode()
    except TypeError:  # what orjson refuses, the standard library writes the same way (see _unusual)
        return _unusual(value, indent=2, separators=(",", ": "))


def encode_line(value: Any) -> str:
    """On one line, without spaces: an NDJSON record, or a record as the compiled store keeps it."""
    try:
        return orjson.dumps(value).decode()
    except TypeError:
        return _unusual(value, indent=None, separators=(",", ":"))


def _unusual(value: Any, **layout: Any) -> str:
    """The rare value orjson refuses: an integer past 64 bits (a verified total of huge figures, a drafted
    figure), text with a lone surrogate (a file name that is not UTF-8). The standard library writes them in
    the same layout; writing such text out is then the output's concern (one line, exit 1), as before."""
    import json

    return json.dumps(value, ensure_ascii=False, **layout)


def encode_list(items: list[str]) -> str:
    """A JSON array as encode() would print it, of items each made by encode(): each item's lines one level
    deeper. Only whole items are put together (an array's brackets, commas and indent): no item is cut."""
    if not items:
        return "[]"
    return "[\n  " + ",\n  ".join(item.replace("\n", "\n  ") for item in items) + "\n]"


def decode(text: str | bytes) -> Any:
    return orjson.loads(text)
