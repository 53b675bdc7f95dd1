"""The records the questions answer with, each declared once: its fields, in the order `--json` prints them,
and their types. Everything else derives from these: the field lists (queries.PROJECT_FIELDS...), the JSON
Schemas (render/json_schemas.py adds what each field means), the CSV columns (render/csv_columns.py) and `--fields`.

Types say what a JSON value holds: `str`, `int`, `float` (any number), `X | None` (null allowed), `list[X]`,
a nested record. A text field named like a vocabulary (topic, unit, status...) holds one of its words:
render/json_schemas.py maps field names to data/vocabularies.py. The facts file's own records (Fact, Quantity, Period...)
are declared in data/model.py, the same way, and so is a fact's row (FactRow), which the compiled store keeps.

Plain TypedDicts: they cost nothing per row (a row is a dict literal), and mypy reads them.
"""

from __future__ import annotations

from typing import Literal, TypedDict

from baotou_cli.data.model import AsOf, Fact, FactRow, Period, Quantity, SourceRef

__all__ = ["AnswerPlace", "AsOf", "AskedFact", "Bar", "EntityRow", "FactRow", "Group", "Metric", "Period", "Phase", "Project",
           "ProjectFigure", "Quantity", "QuoteRow", "ShownRecord", "SourceRef", "TimelineEntry", "TopicSummary", "Match",
           "SearchHit", "Citation"]


class Phase(TypedDict):
    phase: int
    status: list[str]


class ProjectFigure(TypedDict):
    """A Quantity (data/model.py: the same fields, in its order; a test holds them equal), with when it holds."""
    measure: str
    raw: str
    value: float | int | None
    unit: str
    qualifiers: list[str]
    noun: str | None
    basis: str | None
    hectares: float | None
    subject: str | None
    period: Period | None
    as_of: AsOf | None


class Project(TypedDict):
    id: str
    name_en: str
    name_zh: str
    company: str | None
    company_en: str | None
    company_zh: str | None
    industries: list[str]
    status: list[str]
    phases: list[Phase]
    capacity: list[ProjectFigure]
    investment: list[ProjectFigure]
    planned_investment_cny: float | None
    invested_cny: float | None
    figures: list[ProjectFigure]
    fact_ids: list[str]
    note: str | None


class Metric(TypedDict):
    fact_id: str
    topic: str
    measure: str
    subject: str | None
    figure_raw: str
    value: float | None
    unit: str
    noun: str | None
    qualifiers: list[str]
    certainty: str
    basis: str | None
    change: Quantity | None
    period: Period | None
    as_of: AsOf | None
    industries: list[str]
    entities: list[str]
    headline: int | None
    en: str
    zh: str


class Group(TypedDict):
    group: str
    figures: list[Metric]
    fact_ids: list[str]
    total: float | None
    total_unit: str | None
    total_note: str | None


class EntityRow(TypedDict):
    id: str
    type: str
    name_en: str
    name_zh: str
    aliases: list[str]
    industries: list[str]
    parent: str | None
    company: str | None
    role_en: str | None
    role_zh: str | None
    note: str | None
    projects: list[str]
    fact_ids: list[str]


class QuoteRow(TypedDict):
    fact_id: str
    speaker: str
    speaker_en: str
    speaker_zh: str
    role_en: str | None
    role_zh: str | None
    en: str
    zh: str
    quote: str


class TimelineEntry(TypedDict):
    when: str
    start: str | None
    end: str | None
    as_of: str | None
    raw: list[str]
    fact_ids: list[str]
    figures: list[dict]
    en: list[str]
    zh: list[str]


class Bar(TypedDict):
    chart: str
    label: str
    value: float
    unit: str
    raw: str
    qualifiers: list[str]
    certainty: str
    basis: str | None
    measure: str
    subject: str | None
    period: Period | None
    as_of: AsOf | None
    fact_id: str
    owner_en: str | None
    owner_zh: str | None
    zh: str


class Match(TypedDict):
    field: str
    snippet: str


class SearchHit(TypedDict):
    id: str
    record: Literal["fact", "entity"]
    type: str
    score: float
    partial: bool
    matched: list[Match]
    en: str
    zh: str
    source: SourceRef | None


class Citation(TypedDict):
    id: str
    quote: str
    en: str
    sentence: str
    paragraph: str
    line: int
    section_zh: str | None
    section_en: str | None
    paragraph_in_section: int
    citation_style: str
    citation_zh: str
    citation_en: str


# The words of `ask`'s records (one vocabulary each, for AskedFact and render/answer.AskRecord alike).
AnswerRole = Literal["answer", "see-also"]
QuestionKind = Literal["quantity", "who", "when", "which"]
Language = Literal["en", "zh"]


class AnswerPlace(TypedDict):
    """Where a fact stands in the answer to a question, and how well it matches: the first fields of AskedFact
    and of the `ask --json` record made of it (render/answer.AskRecord)."""
    rank: int
    role: AnswerRole
    id: str
    question_kind: QuestionKind | None
    lang: Language
    partial: bool
    unmatched: list[str]
    score: float


class AskedFact(AnswerPlace):
    """A fact answering a question (question_kinds.ask): render/answer.py makes the `ask --json` record of it."""
    en: str
    zh: str
    figures: list[Metric]
    quote: str
    citation: Citation


class ShownRecord(TypedDict):
    """`show --json`: a fact (as export gives it) or an entity (as `companies` lists it), and where it stands."""
    id: str
    record: Literal["fact", "entity"]
    type: str  # the fact's topic or the entity's type
    data: Fact | EntityRow
    context: dict | None


class TopicSummary(TypedDict):
    """`summary --json`: one per topic."""
    topic: str
    facts: int
    figures: int
    highlights: list[Metric]


def fields(record: type) -> list[str]:
    """A record's field names, in order."""
    return list(record.__annotations__)
