"""The facts file's schema: a validator that names the exact field at fault (the vocabularies it checks
against are declared in data/vocabularies.py).

docs/facts-schema.md explains every field; this module is its executable form.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from baotou_cli.data.characters import FORMULA_START, INVISIBLE
from baotou_cli.data.vocabularies import BASES, ENTITY_TYPES, INDUSTRIES, KINDS, QUALIFIERS, STATUSES, TOPICS, UNITS

SCHEMA_VERSION = 2

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PARTIAL_DATE = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$")
FULL_DATE = re.compile(r"^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")

MAX_TEXT_CHARS = 10_000  # per text value: many times the longest quote; a huge note made `show` crawl
# Characters a terminal obeys rather than shows: C0 and C1 controls (ESC starts window-title, clipboard and
# hidden-text sequences), DEL, and the bidirectional overrides that reorder what a reader sees. Tab and
# newline are text.
# Invisible characters (data/characters.py) are refused with them.
CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069{INVISIBLE}]")


def character_kind(char: str) -> str:
    """'control' or 'invisible', for a character CONTROL matched."""
    return "invisible" if re.match(f"[{INVISIBLE}]", char) else "control"


class SchemaProblem(Exception):
    """A value does not fit the schema; `path` leads to it from the top of the file."""

    def __init__(self, path: tuple, message: str) -> None:
        super().__init__(message)
        self.path, self.message = path, message


def short(value: object, limit: int = 60) -> str:
    """A value's repr for an error message, cut to `limit` characters: a message stays one readable line."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


RECORD_KINDS = {"sources": "source", "measures": "measure", "synonyms": "synonym group", "entities": "entity",
                "facts": "fact", "redirects": "redirect"}


def record_kind(path: tuple) -> str:
    """What the record at the start of `path` is: ('sources', 0, 'byline_en') -> 'source'."""
    return RECORD_KINDS.get(path[0], "fact") if path else "fact"


def field_name(path: tuple) -> str | None:
    """('facts', 3, 'quantities', 0, 'value') -> 'quantities[0].value': the field below its record."""
    steps = path[2:] if len(path) > 2 else path[-1:]
    text = ""
    for step in steps:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text or None


# Field kinds ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Text:
    pattern: re.Pattern | None = None
    what: str = ""
    choices: tuple[str, ...] = ()


# Whole numbers fit SQLite's INTEGER (64 bits): a larger one passed verify, then every query failed (issue #20).
MAX_INTEGER = 2**63 - 1


@dataclass(frozen=True)
class Number:
    integer: bool = False


@dataclass(frozen=True)
class ListOf:
    item: Any
    min_items: int = 0


@dataclass(frozen=True)
class Record:
    fields: dict  # name -> (kind, required)


def _name_of(value: Any) -> str:
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list",
            dict: "a mapping", type(None): "null"}.get(type(value), type(value).__name__)


def _check(value: Any, kind: Any, path: tuple) -> None:
    if isinstance(kind, Text):
        if not isinstance(value, str):
            raise SchemaProblem(path, f"expected text, got {_name_of(value)}")
        if not value.strip():
            raise SchemaProblem(path, "must not be empty")
        if len(value) > MAX_TEXT_CHARS:
            raise SchemaProblem(path, f"text of {len(value):,} characters is over the limit of {MAX_TEXT_CHARS:,}")
        control = CONTROL.search(value)
        if control:
            kind_of = character_kind(control.group())
            why = "only tab and newline are allowed in text" if kind_of == "control" else "text may not hide characters"
            raise SchemaProblem(path, f"{kind_of} character U+{ord(control.group()):04X} at character "
                                      f"{control.start() + 1}: {why}")
        if value.startswith(FORMULA_START):  # a CSV cell a spreadsheet would run (render/formats.py too)
            raise SchemaProblem(path, f"text starts with {value[0]!r}: a spreadsheet would run it as a formula "
                                      "(reword it, or start it with another character)")
        if kind.choices and value not in kind.choices:
            raise SchemaProblem(path, f"unknown value {short(value)}; valid: {', '.join(kind.choices)}")
        if kind.pattern and not kind.pattern.match(value):
            raise SchemaProblem(path, f"{short(value)} is not {kind.what}")
    elif isinstance(kind, Number):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SchemaProblem(path, f"expected a number, got {_name_of(value)}")
        if isinstance(value, float) and not math.isfinite(value):
            raise SchemaProblem(path, "must be a finite number")
        if kind.integer and not isinstance(value, int):
            raise SchemaProblem(path, f"expected a whole number, got {value!r}")
        if isinstance(value, int) and abs(value) > MAX_INTEGER:
            hint = "" if kind.integer else " (a figure this large is written with a decimal point or an exponent: 1e30)"
            raise SchemaProblem(path, f"{value} is out of range: a whole number is at most {MAX_INTEGER:,} either "
                                      f"side of zero{hint}")
    elif isinstance(kind, ListOf):
        if not isinstance(value, list):
            raise SchemaProblem(path, f"expected a list, got {_name_of(value)}")
        if len(value) < kind.min_items:
            raise SchemaProblem(path, f"needs at least {kind.min_items} items, has {len(value)}")
        for index, item in enumerate(value):
            _check(item, kind.item, path + (index,))
    elif isinstance(kind, Record):
        if not isinstance(value, dict):
            raise SchemaProblem(path, f"expected a mapping, got {_name_of(value)}")
        for name in value:
            if name not in kind.fields:
                raise SchemaProblem(path + (name,), f"unknown field; valid: {', '.join(kind.fields)}")
        for name, (field_kind, required) in kind.fields.items():
            if value.get(name) is None:
                if required:
                    raise SchemaProblem(path + (name,), "required field is missing")
                continue
            _check(value[name], field_kind, path + (name,))


def _slug(what: str = "a slug (lowercase letters, digits and single hyphens)") -> Text:
    return Text(SLUG, what)


def _choice(values: tuple[str, ...]) -> Text:
    return Text(choices=values)


_TEXT = Text()
_PARTIAL_DATE = Text(PARTIAL_DATE, "a date as YYYY, YYYY-MM or YYYY-MM-DD")

QUANTITY = Record({
    "measure": (_slug(), True),
    "raw": (_TEXT, True),
    "value": (Number(), False),
    "unit": (_choice(UNITS), True),
    "qualifiers": (ListOf(_choice(QUALIFIERS)), False),
    "noun": (_TEXT, False),
    "basis": (_choice(BASES), False),
    "hectares": (Number(), False),
    "subject": (_slug(), False),
})
PERIOD = Record({
    "raw": (_TEXT, True),
    "start": (_PARTIAL_DATE, False),
    "end": (_PARTIAL_DATE, False),
    "context_year": (Number(integer=True), False),
})
AS_OF = Record({
    "raw": (_TEXT, True),
    "date": (Text(FULL_DATE, "a date as YYYY-MM-DD"), False),
    "context_year": (Number(integer=True), False),
})
FACT = Record({
    "id": (_slug(), True),
    "topic": (_choice(TOPICS), True),
    "kind": (_choice(KINDS), True),
    "zh": (_TEXT, True),
    "en": (_TEXT, True),
    "quantities": (ListOf(QUANTITY), False),
    "period": (PERIOD, False),
    "as_of": (AS_OF, False),
    "status": (_choice(STATUSES), False),
    "phase": (Number(integer=True), False),
    "entities": (ListOf(_slug()), False),
    "industries": (ListOf(_choice(INDUSTRIES)), False),
    "speaker": (_slug(), False),
    "labels": (ListOf(Record({"raw": (_TEXT, True), "en": (_TEXT, True)})), False),
    "source": (Record({"id": (_slug(), True), "quote": (_TEXT, True)}), True),
    "note": (_TEXT, False),
    "headline": (Number(integer=True), False),
})
ENTITY = Record({
    "id": (_slug(), True),
    "type": (_choice(ENTITY_TYPES), True),
    "zh": (_TEXT, True),
    "en": (_TEXT, True),
    "aliases": (ListOf(_TEXT), False),
    "industries": (ListOf(_choice(INDUSTRIES)), False),
    "company": (_slug(), False),
    "parent": (_slug(), False),
    "role_zh": (_TEXT, False),
    "role_en": (_TEXT, False),
    "note": (_TEXT, False),
    "nouns": (ListOf(_TEXT), False),
})
SOURCE = Record({
    "id": (_slug(), True),
    "path": (_TEXT, True),
    "sha256": (Text(SHA256, "a sha256 hex digest (64 lowercase hex digits)"), True),
    "headline_zh": (_TEXT, True),
    "headline_en": (_TEXT, True),
    "byline_zh": (_TEXT, True),
    "byline_en": (_TEXT, True),
    "written": (_TEXT, False),
})
MEASURE = Record({
    "id": (_slug(), True),
    "en": (_TEXT, True),
    "zh": (_TEXT, True),
    "note": (_TEXT, False),
})
# A synonym term is looked up as the words a searcher types: it needs a letter or digit, and a group two terms.
_TERM = Text(re.compile(r"(?s).*?[^\W_]"), "a word or phrase (a letter or digit at least)")
SYNONYMS = Record({
    "terms": (ListOf(_TERM, min_items=2), True),
    "note": (_TEXT, False),
})
REDIRECT = Record({
    "id": (_slug(), True),
    "to": (_slug(), False),
    "note": (_TEXT, True),
})
FACTS_FILE = Record({
    "schema_version": (Number(integer=True), True),
    "sources": (ListOf(SOURCE), True),
    "measures": (ListOf(MEASURE), False),
    "synonyms": (ListOf(SYNONYMS), False),
    "entities": (ListOf(ENTITY), False),
    "facts": (ListOf(FACT), True),
    "redirects": (ListOf(REDIRECT), False),
})


REQUIRED_TOP = frozenset(name for name, (_, required) in FACTS_FILE.fields.items() if required)


def top_level_problem(kind: str, keys: tuple[str, ...]) -> SchemaProblem | None:
    """The problem validate() would report first that the top level alone shows (a list; a required key
    missing), or None. Unknown keys are left to validate(), which reports them first, at their value."""
    if kind != "mapping":
        return SchemaProblem((), f"the top level must be a mapping with sources and facts, got a {kind}")
    if any(key not in FACTS_FILE.fields for key in keys):
        return None
    missing = next((name for name in FACTS_FILE.fields if name in REQUIRED_TOP and name not in keys), None)
    return SchemaProblem((missing,), "required field is missing") if missing else None


def validate(data: Any) -> None:
    """Raise SchemaProblem for the first value that does not fit the schema."""
    if not isinstance(data, dict):
        raise SchemaProblem((), f"the top level must be a mapping with sources and facts, got {_name_of(data)}")
    _check(data, FACTS_FILE, ())
    if data["schema_version"] != SCHEMA_VERSION:
        raise SchemaProblem(("schema_version",), f"unsupported schema version {data['schema_version']}; "
                                                 f"this baotou reads version {SCHEMA_VERSION}")
    if not data["sources"]:
        raise SchemaProblem(("sources",), "at least one source is required")
