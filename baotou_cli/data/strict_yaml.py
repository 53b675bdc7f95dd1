"""Strict, safe YAML: plain data only, and a refusal for everything YAML 1.1 would read as something else.

Facts files are hand-written, so the traps of YAML 1.1 matter: `no` read as false, `0123` read as octal 83,
an unquoted date read as a date, the last of two duplicate keys silently kept, `.nan` reaching JSON,
and aliases that expand a small file into billions of nodes. Each is an error with its position here.
Only safe construction is ever used; PyYAML's C parser when it is there (much faster: docs/performance.md).
"""

from __future__ import annotations

import math
import re
from typing import Any, NamedTuple

import yaml
from yaml.constructor import ConstructorError

from baotou_cli.data.validation import short

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

AMBIGUOUS = "tag:baotou,2026:ambiguous"

MAX_DEPTH = 100  # a facts file needs 6 levels; Python's own recursion would give out at about 300
# Composing holds every value in memory before any can be refused: a file of nothing but `1,1,1` costs
# hundreds of times its size. A 100,000-fact file has about 3.5 million values; 5 million bounds any file at
# about what the largest real file costs anyway (docs/performance.md, "Limits and what they cost").
MAX_VALUES = 5_000_000
MAX_NUMBER_CHARS = 40  # 1e39 yuan is far past any real figure; Python refuses ints over 4,300 digits

# What plain (unquoted) scalars may mean here: YAML 1.2's core schema, with bool only as lowercase true/false.
_BOOLS = {"true": True, "false": False}
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
# What YAML 1.1 (PyYAML's default) would read as something other than the text a writer may have meant.
_TRAPS = re.compile(
    r"""^(?:
        y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF
      | [-+]?0[0-9_]+                                   # leading zero: octal in YAML 1.1
      | [-+]?0[xob][0-9a-fA-F_]+                        # hex, octal, binary
      | [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?  # sexagesimal 1:20
      | [-+]?[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?          # digits with underscores
      | [-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)
      | [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?       # dates and timestamps
    )$""",
    re.X,
)

# The first characters of every null, number and YAML 1.1 trap above; anything else is plain text.
_MAY_NOT_BE_TEXT = frozenset("~nNyYtTfFoO+-.0123456789")

_TRAP_REASONS = (
    (re.compile(r"^[-+]?0[0-9_]+$"), "a number with a leading zero (YAML 1.1 reads 0123 as octal 83)"),
    (re.compile(r"^[0-9]{4}-"), "an unquoted date"),
    (re.compile(r"(?i)^[-+]?\.(?:inf|nan)$"), "not a finite number (NaN and infinity cannot reach JSON)"),
    (re.compile(r"^[-+]?[0-9]"), "a number in a YAML 1.1 form (hex, sexagesimal or with underscores)"),
)


def _reason(text: str) -> str:
    for pattern, reason in _TRAP_REASONS:
        if pattern.match(text):
            return reason
    return "a word YAML 1.1 reads as true or false"


class StrictLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader with YAML 1.2-style resolution, no aliases, no duplicate keys and no tags."""

    yaml_implicit_resolvers: dict = {}
    yaml_constructors: dict = {}

    values = 0  # counted while libyaml composes: resolve is the one Python call it makes per value

    def resolve(self, kind: type, value: str | None, implicit: tuple[bool, bool]) -> str:
        self.values += 1
        if self.values > MAX_VALUES:
            raise yaml.YAMLError(f"more than {MAX_VALUES:,} values in one file")
        return self.implicit_tag(kind, value, implicit)

    def implicit_tag(self, kind: type, value: str | None, implicit: tuple[bool, bool]) -> str:
        """The tag a value gets from how it is written (the only way a facts file may type a value)."""
        if kind is yaml.ScalarNode and implicit[0]:
            if value and value[0] not in _MAY_NOT_BE_TEXT:  # most scalars: words, Chinese text
                return "tag:yaml.org,2002:str"
            if value in _BOOLS:  # true and false read the same in YAML 1.1 and 1.2 (a draft fact's flag)
                return "tag:yaml.org,2002:bool"
            if _TRAPS.match(value or ""):
                return AMBIGUOUS
            if _NULL.match(value or ""):
                return "tag:yaml.org,2002:null"
            if _INT.match(value or ""):
                return "tag:yaml.org,2002:int"
            if _FLOAT.match(value or ""):
                return "tag:yaml.org,2002:float"
            return "tag:yaml.org,2002:str"
        return super().resolve(kind, value, implicit)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        # Every constructor here builds its value at once (no generators, no recursion through aliases),
        # so PyYAML's bookkeeping reduces to this. A node met twice is an alias: refusing it here stops
        # "billion laughs" before anything grows.
        if node in self.constructed_objects:
            raise ConstructorError(None, None, "aliases (*name) are not allowed in a facts file", node.start_mark)
        self.constructed_objects[node] = None
        constructor = self.yaml_constructors.get(node.tag) or self.yaml_constructors[None]
        if isinstance(node, yaml.ScalarNode):
            # libyaml composes an explicitly tagged value (!!float 5150000000, ! 2) without asking resolve():
            # a tag that makes a value other than what it is written as is refused, like every other tag.
            plain = not node.style  # None from the Python parser, "" from libyaml
            written = self.implicit_tag(yaml.ScalarNode, node.value, (plain, not plain))
            if node.tag != written:
                _construct_other(self, node)
            return constructor(self, node)
        self.depth = getattr(self, "depth", 0) + 1
        if self.depth > MAX_DEPTH:
            raise ConstructorError(None, None, f"nesting is deeper than {MAX_DEPTH} levels", node.start_mark)
        try:
            return constructor(self, node)
        finally:
            self.depth -= 1


def _construct_str(loader: StrictLoader, node: yaml.ScalarNode) -> str:
    return node.value


def _construct_null(loader: StrictLoader, node: yaml.ScalarNode) -> None:
    return None


def _check_number_length(node: yaml.ScalarNode) -> None:
    if len(node.value) > MAX_NUMBER_CHARS:
        raise ConstructorError(None, None, f"a number of {len(node.value):,} characters is over the limit of "
                               f"{MAX_NUMBER_CHARS}: put it in quotes if it is text", node.start_mark)


def _construct_int(loader: StrictLoader, node: yaml.ScalarNode) -> int:
    _check_number_length(node)
    return int(node.value)


def _construct_float(loader: StrictLoader, node: yaml.ScalarNode) -> float:
    _check_number_length(node)
    value = float(node.value) if _FLOAT.match(node.value) else math.inf
    if not math.isfinite(value):
        raise ConstructorError(None, None, f"{node.value!r} is not a finite number", node.start_mark)
    return value


def _construct_ambiguous(loader: StrictLoader, node: yaml.ScalarNode) -> None:
    raise ConstructorError(
        None, None, f"unquoted value {short(node.value)} is {_reason(node.value)}: put it in quotes", node.start_mark
    )


def _construct_list(loader: StrictLoader, node: yaml.SequenceNode) -> list:
    return [loader.construct_object(child, deep=True) for child in node.value]


def _construct_map(loader: StrictLoader, node: yaml.MappingNode) -> dict:
    mapping: dict = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            raise ConstructorError(None, None, f"keys must be text, not {short(key)}", key_node.start_mark)
        if key in mapping:
            raise ConstructorError(None, None, f"duplicate key {short(key)}", key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


def _construct_other(loader: StrictLoader, node: yaml.Node) -> None:
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")
    raise ConstructorError(None, None, f"tag {tag!r} is not allowed in a facts file", node.start_mark)


for _tag, _constructor in (
    ("tag:yaml.org,2002:str", _construct_str),
    ("tag:yaml.org,2002:null", _construct_null),
    ("tag:yaml.org,2002:bool", lambda loader, node: _BOOLS[node.value]),
    ("tag:yaml.org,2002:int", _construct_int),
    ("tag:yaml.org,2002:float", _construct_float),
    ("tag:yaml.org,2002:seq", _construct_list),
    ("tag:yaml.org,2002:map", _construct_map),
    (AMBIGUOUS, _construct_ambiguous),
    (None, _construct_other),
):
    StrictLoader.add_constructor(_tag, _constructor)


class YamlProblem(Exception):
    """A YAML file could not be read; line and column are 1-based."""

    def __init__(self, message: str, line: int | None, column: int | None) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


class Parsed(NamedTuple):
    data: Any
    root: yaml.Node | None  # the composed document, kept to point at a value's line without parsing again


def load(text: str) -> Any:
    """Parse one YAML document strictly. Raises YamlProblem with a 1-based position."""
    return parse(text).data


def parse(text: str) -> Parsed:
    """load(), keeping the composed nodes too (line_of then costs nothing, not a second parse)."""
    loader = StrictLoader(text)
    loader.values = text.count("!")  # an explicitly tagged value skips resolve(): count each "!" instead
    try:
        root = loader.get_single_node()
        return Parsed(loader.construct_document(root) if root is not None else None, root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            message = f"{exc.problem} ({exc.context})"
        if "nesting depth" in message:  # libyaml's own limit (1,000), met before ours: one wording for both
            message = f"nesting is deeper than {MAX_DEPTH} levels"
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise YamlProblem(message, line, column) from None
    except yaml.reader.ReaderError as exc:  # a raw control character: an offset (libyaml's in bytes), no line
        line = None
        if isinstance(exc.position, int):
            if _BaseLoader is yaml.SafeLoader:
                line = text[: exc.position].count("\n") + 1
            else:
                line = text.encode("utf-8")[: exc.position].count(b"\n") + 1
        what = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise YamlProblem(f"control character {what}: {exc.reason}", line, None) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(str(exc).splitlines()[0], None, None) from None
    except RecursionError:
        raise YamlProblem("nesting is too deep", None, None) from None
    finally:
        loader.dispose()


class TopLevel(NamedTuple):
    kind: str  # "mapping" or "list"
    line: int  # 1-based, where it starts
    keys: tuple[str, ...]  # a mapping's keys, in order


_NODE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)


def top_level(text: str, required: frozenset[str]) -> TopLevel | None:
    """The document's top level, read from the parser's events with nothing composed (no memory held, about
    a sixth of a parse's time): a list, or a mapping with all its keys. None as soon as every `required` key
    has been met (nothing to say early: the real parse goes on), and for anything this does not read plainly
    (the real parse says what is wrong). Raises YamlProblem for too many values, as parse() would.

    A file of millions of tiny values without `sources` used to be composed whole before the schema could
    say so (issue #20); this says it after reading, never holding, them."""
    loader = _BaseLoader(text)
    values = text.count("!")  # as parse() counts: each "!" once, each node without a tag once
    try:
        event = loader.get_event()
        while isinstance(event, (yaml.StreamStartEvent, yaml.DocumentStartEvent)):
            event = loader.get_event()
        line = event.start_mark.line + 1
        if isinstance(event, yaml.SequenceStartEvent):
            return TopLevel("list", line, ())
        if not isinstance(event, yaml.MappingStartEvent):
            return None
        keys: list[str] = []
        depth, at_key = 1, True
        while True:
            event = loader.get_event()
            if isinstance(event, _NODE_EVENTS) and event.tag in (None, "!"):
                values += 1
                if values > MAX_VALUES:
                    raise YamlProblem(f"more than {MAX_VALUES:,} values in one file", None, None)
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                if depth == 1 and at_key:
                    return None  # a key that is a list or mapping: the real parse refuses it
                if depth == 1:
                    at_key = True  # a value begins: once it ends, a key comes next
                depth += 1
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
                if depth == 0:
                    return TopLevel("mapping", line, tuple(keys))
            elif depth == 1:
                if at_key:
                    if not isinstance(event, yaml.ScalarEvent):
                        return None
                    keys.append(event.value)
                    if required.issubset(keys):
                        return None
                at_key = not at_key
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


def line_of(document: str | yaml.Node | None, path: tuple) -> int | None:
    """The 1-based line of the value at `path` (keys and list indexes) in a YAML text or its parse()d root.

    Only used to point at an error: given text, the cost of composing the document again is paid only then.
    """
    node: yaml.Node | None
    if isinstance(document, str):
        try:
            node = yaml.compose(document, Loader=_BaseLoader)
        except yaml.YAMLError:
            return None
    else:
        node = document
    line = node.start_mark.line + 1 if node is not None else None
    for step in path:
        if isinstance(node, yaml.MappingNode) and isinstance(step, str):
            node = next((v for k, v in node.value if getattr(k, "value", None) == step), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            break
        if node is None:
            break
        line = node.start_mark.line + 1
    return line
