"""How `baotou draft` reads: YAML to paste into a facts file, its JSON, and the report on every number."""

from __future__ import annotations

import re
from typing import TypedDict, cast

from baotou_cli.data.json_text import encode, encode_line
from baotou_cli.data.drafting import MENTION_STATUSES, Draft, DraftSource, EntityStub, MentionStatus
from baotou_cli.data.draft_facts import TO_WRITE  # what the curator writes, in the places the schema needs text
STATUS_ORDER = MENTION_STATUSES


class DraftDocument(TypedDict):
    """`draft --json`: one object. Its facts are facts (data/model.Fact) with `draft: true`, as drafting made them."""
    source: DraftSource
    entities: list[EntityStub]
    facts: list[dict]
    report: list[ReportRow]


class ReportRow(TypedDict):
    """`draft --report --json`: a number of the article and what became of it."""
    line: int
    raw: str
    status: MentionStatus
    fact_id: str | None
    why: str | None


def draft_record(draft: Draft) -> dict:
    """The draft as plain data: the source entry, new entity stubs, draft facts and the report's mentions.
    English fields are null: nothing is invented."""
    return {"source": draft.source, "entities": draft.entities, "facts": draft.facts,
            "report": report_records(draft)}


def report_records(draft: Draft) -> list[ReportRow]:
    # A mention's status is one of MENTION_STATUSES (drafting reads it from the text, as a str).
    return [{"line": m.line, "raw": m.raw, "status": cast(MentionStatus, m.status), "fact_id": m.fact_id, "why": m.why or None}
            for m in draft.mentions]


def draft_json(draft: Draft) -> str:
    return encode(draft_record(draft)) + "\n"


def draft_yaml(draft: Draft, article: str) -> str:
    """YAML whose `sources`, `entities` and `facts` items paste under the same keys of a facts file."""
    def fill(record: dict, *names: str) -> dict:
        return {key: (TO_WRITE if key in names and value is None else value) for key, value in record.items()}

    facts = [_compact(fill(f, "en")) for f in draft.facts]
    entities = [fill({k: v for k, v in e.items() if k != "draft"}, "en") for e in draft.entities]
    # An article without a headline or byline line still gets an entry that pastes: the curator writes them.
    source = {k: v for k, v in fill(draft.source, "headline_zh", "headline_en", "byline_zh", "byline_en").items()
              if v is not None}
    counts = _counts(draft)
    head = (f"# Drafted by 'baotou draft' from {article}: {counts}.\n"
            "# Paste each list's items under the same key of the facts file. Every fact is `draft: true` until a\n"
            "# person has written its statements (en, and zh so it names its subject), checked its qualifiers,\n"
            "# measure, subject and time, and removed the flag; 'baotou verify' lists drafts until then.\n")
    body = {"sources": [source]}
    if entities:
        body["entities"] = entities
    body["facts"] = facts
    return head + "".join(_block(body, 0))


# A small YAML writer: PyYAML's representer is many times slower on a long article (docs/performance.md). It
# writes only what a facts file holds (mappings, lists, text, numbers, null, true/false); text is plain where
# it cannot read as anything else (strict_yaml's rules), else a JSON string, which YAML reads the same.
_PLAIN_UNSAFE = re.compile(r"^[\s\-?:,\[\]{}#&*!|>'\"%@`]|: | #|[:\s]$|[\n\t\\]")
_FLOW_UNSAFE = re.compile(r"[,\[\]{}]")


def _scalar(value, in_flow: bool = False) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if not text or _PLAIN_UNSAFE.search(text) or (in_flow and _FLOW_UNSAFE.search(text)) or _not_text(text):
        return encode_line(text)
    return text


# What a plain scalar must not look like (the facts file's YAML reads these as numbers, null, true/false or
# refuses them as YAML 1.1 traps): quoted instead. 2022年 and year-on-year stay plain.
_NOT_TEXT = re.compile(r"^(?:[-+]?[0-9.][0-9A-Za-z_.:+-]*|~|null|Null|NULL|[yYnN]|yes|Yes|YES|no|No|NO|true|True|TRUE"
                       r"|false|False|FALSE|on|On|ON|off|Off|OFF|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")


def _not_text(text: str) -> bool:
    return bool(_NOT_TEXT.match(text))


def _block(value, indent: int):
    """Lines of a mapping or list at `indent` spaces; lists of plain values in flow style, as the facts file."""
    pad = " " * indent
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item and not _flat(item):
                yield f"{pad}{key}:\n"
                yield from _block(item, indent + 2)
            else:
                yield f"{pad}{key}: {_inline(item)}\n"
    else:
        for item in value:
            lines = list(_block(item, indent + 2)) if isinstance(item, (dict, list)) and item and not _flat(item) \
                else [f"{pad}  {_inline(item)}\n"]
            yield f"{pad}- " + lines[0][indent + 2:]
            yield from lines[1:]


def _flat(value) -> bool:
    return isinstance(value, list) and all(not isinstance(item, (dict, list)) for item in value)


def _inline(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(item, in_flow=True) for item in value) + "]"
    if isinstance(value, dict):
        return "{}"
    return _scalar(value)


def _compact(record: dict) -> dict:
    """A draft fact as a person would paste it: fields with nothing to say (null, empty lists) left out, but
    `en` and each quantity's `measure` and `subject` kept for the curator to fill."""
    kept = ("en", "measure", "subject", "qualifiers")
    out = {}
    for key, value in record.items():
        if isinstance(value, dict):
            value = _compact(value)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            value = [_compact(item) for item in value]
        if key in kept or value not in (None, []):
            out[key] = value
    return out


def _counts(draft: Draft) -> str:
    figures = sum(1 for m in draft.mentions if m.status == "drafted")
    others = len(draft.mentions) - figures
    return f"{len(draft.facts)} draft facts with {figures} figures; {others} other numbers in the report"


def report_text(draft: Draft) -> str:
    """Every number of the article, by line, with what became of it and why; then the totals. Every row has
    the same five tab-separated columns as --json's records (line, raw, status, fact_id, why; empty when
    there is none), so that `cut -f3` is always the status and a spreadsheet lines them up."""
    lines = [f"line {m.line}\t{m.raw}\t{m.status}\t{m.fact_id or ''}\t{m.why or ''}" for m in draft.mentions]
    totals = {status: sum(1 for m in draft.mentions if m.status == status) for status in STATUS_ORDER}
    lines.append("numbers: " + ", ".join(f"{count} {status}" for status, count in totals.items()))
    return "\n".join(lines) + "\n"


def drafts_text(draft: Draft, article: str, *, report: bool = False, as_json: bool = False) -> str:
    """What `draft` writes: the drafts as YAML to paste (or their JSON); with `report`, the report on every
    number of the article (or its records as JSON)."""
    if report:
        return encode(report_records(draft)) + "\n" if as_json \
            else report_text(draft)
    return draft_json(draft) if as_json else draft_yaml(draft, article)
