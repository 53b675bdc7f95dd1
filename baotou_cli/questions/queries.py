"""Questions users ask of the facts, answered as plain records (dicts with stable keys).

No Typer, no Rich: every function takes a FactSet and returns rows; the CLI decides how they look.
"""

from __future__ import annotations


from collections.abc import Sequence
from typing import TYPE_CHECKING

from baotou_cli.questions import records
from baotou_cli.questions.records import fields
from baotou_cli.errors import QueryError, UnknownRecord
from baotou_cli.data.model import Entity, Fact, FactList, FactSet, Quantity, as_dict, fact_record, fact_row
from baotou_cli.data.vocabularies import ADDITIVE_UNITS, CERTAINTY_QUALIFIERS, PRECISION_QUALIFIERS, STATUSES, certainty

if TYPE_CHECKING:
    from decimal import Decimal

COMPANY_TYPES = ("company", "group")


def quantity_record(quantity: Quantity) -> dict:
    return as_dict(quantity)


def _names(factset: FactSet, entity_id: str | None) -> tuple[str | None, str | None]:
    entity = factset.entity_by_id.get(entity_id) if entity_id else None
    return (entity.en, entity.zh) if entity else (None, None)


# Periods as machine keys: ISO 8601 intervals, one declaration for the timeline and --by period ----------

UNDATED = "undated"


def period_key(start: str | None, end: str | None, as_of: str | None) -> str:
    """'2022-01/2022-08', '2022' (one year or month), '2020/..' (since 2020), '../2022-10-31' (as of that
    date), '../writing' (as of the time of writing, undated), 'undated'. Words for people are made in render/."""
    if as_of:
        return f"../{as_of}"
    if start and end:
        return start if start == end else f"{start}/{end}"
    if start:
        return f"{start}/.."
    return UNDATED


def period_parts(period: dict | None, as_of: dict | None) -> tuple[str | None, str | None, str | None]:
    """(start, end, as_of) of a figure's period, as period_key takes them: the period where it has one, else
    its as-of date ('writing': as of the time of writing). --by period groups by these; render/ reads them."""
    if period:
        return period["start"], period["end"], None
    if as_of:
        return None, None, as_of["date"] or "writing"
    return None, None, None


# Projects -------------------------------------------------------------------------------------------

PROJECT_FIELDS = fields(records.Project)  # the record's one declaration: questions/records.py
PROJECT_SORTS = ("name", "company", "investment", "invested", "status", "id")


def check_sort(value: str) -> str:
    """A field to sort projects by, with - in front for descending; QueryError for any other."""
    if value.removeprefix("-") not in PROJECT_SORTS:  # one '-' at most: --name is not a field
        raise QueryError(f"unknown sort field {value!r}; valid: {', '.join(PROJECT_SORTS)}, each with - in front "
                         "for descending")
    return value


def project_rows(factset: FactSet) -> list[dict]:
    candidates = {e.id for e in factset.entities if e.type in ("project", "product")}
    about = factset.facts_about(candidates)
    rows = []
    for entity in factset.entities:
        if entity.id not in candidates:
            continue
        facts = about.get(entity.id, [])
        statuses = {f.status for f in facts if f.status}
        # A product counts as a project when the article reports progress on it (TR50E: delivered).
        if entity.type != "project" and not (entity.type == "product" and statuses):
            continue
        # Several facts may cite the same figure (a capacity in the project's name and in its progress).
        # Not the zone's: a fact listing 134 signed projects names this one too, but 134 is not the project's.
        # The project's figures, and its company's where a fact about the project gives them (Shuangliang's
        # 13.2 bn, mainly for this project): each keeps its subject, and tables say whose it is.
        owned = list({figure_identity(q, f): (q, f) for f in facts for q in f.quantities
                      if subject_of(q, f) in (entity.id, entity.company, None)}.values())
        quantities = [q for q, _ in owned]

        # Each phase with the statuses the article gives it (phase 1 in production, phase 2 being built).
        phases = [{"phase": n, "status": [s for s in STATUSES if any(f.phase == n and f.status == s for f in facts)]}
                  for n in sorted({f.phase for f in facts if f.phase is not None})]
        company_en, company_zh = _names(factset, entity.company)
        investments = [q for q in quantities if _is_investment(q)]
        rows.append({
            "id": entity.id,
            "name_en": entity.en,
            "name_zh": entity.zh,
            "company": entity.company,
            "company_en": company_en,
            "company_zh": company_zh,
            # The project's own industries: a fact listing several projects names the industries of all of them.
            "industries": list(entity.industries),
            "status": [s for s in STATUSES if s in statuses],
            "phases": sorted(phases, key=lambda p: (p["phase"], p["status"] or "")),
            "capacity": _figure_records(owned, lambda q: q.measure.startswith("capacity")),
            "investment": _figure_records(owned, _is_investment),
            # Money planned and money spent are different things: never one number for both (see `investment`).
            "planned_investment_cny": _largest(q for q in investments if certainty(q.qualifiers) != "actual"),
            "invested_cny": _largest(q for q in investments if certainty(q.qualifiers) == "actual"),
            "figures": _figure_records(owned, lambda q: not q.measure.startswith(("capacity", "investment"))),
            "fact_ids": [f.id for f in facts],
            "note": entity.note,
        })
    return rows


def _is_investment(quantity: Quantity) -> bool:
    return quantity.measure.startswith("investment") and quantity.unit == "CNY"


def _largest(quantities) -> float | int | None:
    return max((q.value for q in quantities if q.value is not None), default=None)


def _figure_records(owned: list[tuple[Quantity, Fact]], wanted) -> list[dict]:
    """Each wanted figure with when it holds: a project's row names its year."""
    return [quantity_record(q) | _when_of(f) for q, f in owned if wanted(q)]


def _when_of(fact: Fact) -> dict:
    """A fact's period and as-of date as record keys (null where the article gives none)."""
    return {"period": as_dict(fact.period), "as_of": as_dict(fact.as_of)}


def same_figure(whose, measure: str, raw: str, value, unit: str, qualifiers, basis: str | None, period, as_of
                ) -> tuple:
    """One article figure, however many facts or rows carry it, said once: whose (the figure's subject, else
    the entities its fact names), what, how much and how sure, and when. Periods as records or dicts alike."""
    return (whose, measure, raw, value, unit, tuple(qualifiers), basis, _values(period), _values(as_of))


def _values(record) -> tuple | None:
    return None if record is None else tuple(record.values() if isinstance(record, dict) else record)


def figure_identity(quantity: Quantity, fact: Fact) -> tuple:
    """same_figure for a fact's figure."""
    return same_figure(subject_of(quantity, fact) or tuple(fact.entities), quantity.measure, quantity.raw,
                       quantity.value, quantity.unit, quantity.qualifiers, quantity.basis, fact.period, fact.as_of)


def filter_projects(rows: list[dict], *, industry: str | None = None, company: str | None = None,
                    status: str | None = None, min_investment: Decimal | None = None,
                    factset: FactSet | None = None) -> list[dict]:
    if industry:
        rows = [r for r in rows if industry in r["industries"]]
    if company:
        if factset is None:
            raise ValueError("filter_projects: company needs the factset its names come from")
        entity_by_id = factset.entity_by_id
        rows = [r for r in rows if r["company"] and _entity_matches(entity_by_id[r["company"]], company)]
    if status:
        rows = [r for r in rows if status in r["status"]]
    if min_investment is not None:
        from decimal import Decimal

        # Any investment figure of the project, planned or spent, reaches the amount.
        rows = [r for r in rows if any(r[key] is not None and Decimal(str(r[key])) >= min_investment
                                       for key in ("planned_investment_cny", "invested_cny"))]
    return rows


def _entity_matches(entity: Entity, text: str) -> bool:
    needle = text.strip().lower()
    return any(needle in name.lower() for name in (entity.id, entity.zh, entity.en, *entity.aliases))


def sort_rows(rows: list[dict], key: str | None) -> list[dict]:
    """Sort by a field; '-field' for descending. Rows without the field go last either way."""
    if not key:
        return rows
    descending = key.startswith("-")
    name = key.lstrip("-")
    field = {"name": "name_en", "company": "company_en", "investment": "planned_investment_cny",
             "invested": "invested_cny"}.get(name, name)

    def value(row: dict):
        item = row.get(field)
        if isinstance(item, list):
            item = STATUSES.index(item[-1]) if field == "status" and item else (item[0] if item else None)
        return item

    present = [r for r in rows if value(r) is not None]
    missing = [r for r in rows if value(r) is None]
    return sorted(present, key=value, reverse=descending) + missing


# Metrics (investment, industry and other figures) -----------------------------------------------------

METRIC_FIELDS = fields(records.Metric)  # the record's one declaration: questions/records.py


def subject_of(quantity: Quantity, fact: Fact) -> str | None:
    """The entity a figure is about: the facts file's `subject`, else the fact's only entity."""
    if quantity.subject:
        return quantity.subject
    return fact.entities[0] if len(fact.entities) == 1 else None


def metric_rows(facts: Sequence[Fact]) -> list[dict]:
    """One row per figure of each fact; a year-on-year change rides along with the figure it changes."""
    rows = []
    for fact in facts:
        changes = {q.measure: q for q in fact.quantities if q.basis}
        for quantity in fact.quantities:
            if quantity.basis and any(q.measure == quantity.measure and not q.basis for q in fact.quantities):
                continue  # shown as the `change` of its figure
            rows.append({
                "fact_id": fact.id,
                "topic": fact.topic,
                "measure": quantity.measure,
                "subject": subject_of(quantity, fact),
                "figure_raw": quantity.raw,
                "value": quantity.value,
                "unit": quantity.unit,
                "noun": quantity.noun,
                "qualifiers": list(quantity.qualifiers),
                "certainty": certainty(quantity.qualifiers),
                "basis": quantity.basis,
                "change": quantity_record(changes[quantity.measure])
                if quantity.measure in changes and not quantity.basis else None,
                **_when_of(fact),
                "industries": list(fact.industries),
                "entities": list(fact.entities),
                "headline": fact.headline,
                "en": fact.en,
                "zh": fact.zh,
            })
    return rows


GROUP_FIELDS = fields(records.Group)  # the record's one declaration: questions/records.py
GROUPINGS = ("industry", "period", "measure", "unit")
# Why a group has no total (`total_note`): stable code words; render/views.py words them for people.
TOTAL_NOTES = ("one-figure", "mixed-measures", "not-additive", "not-actual", "inexact")


def group_metrics(rows: list[dict], by: str) -> list[dict]:
    """Group metric rows, each article figure at most once per group; a total only where adding up means
    something: one measure of one thing in one additive unit, every figure actual and exact, no changes."""
    from decimal import Decimal

    groups: dict[str, dict[tuple, dict]] = {}
    for row in rows:
        for key in _group_keys(row, by):
            groups.setdefault(key, {}).setdefault(_row_figure(row), row)
    result = []
    for key, figures in groups.items():
        members = list(figures.values())
        total: int | float | None = None
        unit, note = None, _why_no_total(members)
        if note is None:
            exact = sum((Decimal(str(m["value"])) for m in members), Decimal(0))
            total, unit = (int(exact) if exact == exact.to_integral_value() else float(exact)), members[0]["unit"]
        result.append({"group": key, "figures": members, "fact_ids": sorted({m["fact_id"] for m in members}),
                       "total": total, "total_unit": unit, "total_note": note})
    return result


def _row_figure(row: dict) -> tuple:
    """same_figure for a metric row."""
    return same_figure(row["subject"] or tuple(row["entities"]), row["measure"], row["figure_raw"], row["value"],
                       row["unit"], row["qualifiers"], row["basis"], row["period"], row["as_of"])


def _why_no_total(members: list[dict]) -> str | None:
    """The TOTAL_NOTES code word for why these figures must not be added up (None: add them)."""
    if len(members) < 2:
        return "one-figure"
    if len({(m["measure"], m["unit"], m["noun"]) for m in members}) > 1:
        return "mixed-measures"
    if members[0]["unit"] not in ADDITIVE_UNITS or any(m["basis"] for m in members):
        return "not-additive"
    if any(set(m["qualifiers"]) & set(CERTAINTY_QUALIFIERS) for m in members):
        return "not-actual"
    if any(set(m["qualifiers"]) & set(PRECISION_QUALIFIERS) or m["value"] is None for m in members):
        return "inexact"
    return None


def _group_keys(row: dict, by: str) -> list[str]:
    if by == "industry":
        return row["industries"] or ["(none)"]
    if by == "period":
        return [period_key(*period_parts(row["period"], row["as_of"]))]
    return [row[by]]


# Entities -------------------------------------------------------------------------------------------

ENTITY_FIELDS = fields(records.EntityRow)  # the record's one declaration: questions/records.py


def entity_rows(factset: FactSet, types: tuple[str, ...], industry: str | None = None) -> list[dict]:
    """Entities of these types (and of this industry), each with its projects and the facts about it."""
    about = factset.facts_about({e.id for e in factset.entities if e.type in types})
    projects_of: dict[str, list[str]] = {}
    for entity in factset.entities:
        if entity.company:
            projects_of.setdefault(entity.company, []).append(entity.id)
    return [{
        "id": e.id, "type": e.type, "name_en": e.en, "name_zh": e.zh, "aliases": list(e.aliases),
        "industries": list(e.industries), "parent": e.parent, "company": e.company, "role_en": e.role_en,
        "role_zh": e.role_zh, "note": e.note, "projects": projects_of.get(e.id, []),
        "fact_ids": [f.id for f in about.get(e.id, [])],
    } for e in factset.entities if e.type in types and (industry is None or industry in e.industries)]


QUOTE_FIELDS = fields(records.QuoteRow)  # the record's one declaration: questions/records.py


def quote_rows(factset: FactSet) -> list[dict]:
    rows = []
    for fact in factset.select(kinds=("quote",)):
        if not fact.speaker:
            continue
        speaker = factset.entity_by_id[fact.speaker]
        rows.append({"fact_id": fact.id, "speaker": speaker.id, "speaker_en": speaker.en, "speaker_zh": speaker.zh,
                     "role_en": speaker.role_en, "role_zh": speaker.role_zh, "en": fact.en, "zh": fact.zh,
                     "quote": fact.source.quote})
    return rows


# Facts by topic ----------------------------------------------------------------------------------------

FACT_ROW_FIELDS = fields(records.FactRow)  # declared beside the fact's record (data/model.py): the store keeps it


def fact_rows(facts: Sequence[Fact]) -> list[dict]:
    """The rows of these facts; of a FactList, decoded from what the store keeps (no Fact built)."""
    if isinstance(facts, FactList):
        from baotou_cli.data.json_text import decode

        return [decode(text) for text in facts.encoded()]
    return [fact_row(fact_record(f)) for f in facts]


# One fact in full --------------------------------------------------------------------------------------

def find_record(factset: FactSet, record_id: str) -> Fact | Entity:
    """The fact or entity with this id; an id that was merged away leads to its redirect's target."""
    found = factset.fact(record_id) or factset.entity_by_id.get(record_id)
    redirect = factset.redirect_by_id.get(record_id) if found is None else None
    if redirect is not None:
        if redirect.to is None:
            raise QueryError(f"fact {record_id!r} was dropped: {redirect.note}")
        found = factset.fact(redirect.to) or factset.entity_by_id.get(redirect.to)
    if found is None:
        found = _entity_by_name(factset, record_id)
    if found is None:
        ids = factset.fact_ids + list(factset.entity_by_id)
        import difflib

        close = difflib.get_close_matches(record_id, ids, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UnknownRecord(f"no fact or entity with id {record_id!r}{hint}", close=close)
    return found


def _entity_by_name(factset: FactSet, text: str) -> Entity | None:
    """The one entity this name or alias identifies (whole name first, then part of one); None if none does.
    Several: a QueryError that lists them, so the user can pick an id."""
    from baotou_cli.data.search_index import fold  # as search compares: full-width ＪＬ, 包頭 and JL alike

    needle = " ".join(fold(text).split())
    if not needle:
        return None

    def names(entity: Entity) -> list[str]:
        return [" ".join(fold(name).split()) for name in (entity.en, entity.zh, *entity.aliases)]

    for matches in ([e for e in factset.entities if needle in names(e)],
                    [e for e in factset.entities if any(needle in name for name in names(e))]):
        if len(matches) == 1:
            return matches[0]
        if matches:
            listed = "; ".join(f"{e.id} ({e.en})" for e in matches[:10])
            more = f" and {len(matches) - 10} more" if len(matches) > 10 else ""
            raise QueryError(f"{text!r} names {len(matches)} records: {listed}{more}; give one id")
    return None


# Timeline -------------------------------------------------------------------------------------------

TIMELINE_FIELDS = fields(records.TimelineEntry)  # the record's one declaration: questions/records.py


def timeline_rows(factset: FactSet) -> list[dict]:
    """The article's dated periods and as-of dates in order, each with the facts that carry it.

    Open periods ("since 2020") sort by their start; as-of dates by the date; "at the time of writing"
    (截至目前) after every dated entry, since the article was written after the latest of them.
    """
    groups: dict[tuple, dict] = {}
    for fact in factset.facts:
        for raw, start, end, as_of in _dates(fact):
            key = (start, end, as_of)
            group = groups.setdefault(key, {"when": None, "start": start, "end": end, "as_of": as_of, "raw": [],
                                            "fact_ids": [], "figures": [], "en": [], "zh": []})
            group["raw"] = list(dict.fromkeys([*group["raw"], raw]))
            group["fact_ids"].append(fact.id)
            group["figures"] += [quantity_record(q) | {"fact_id": fact.id} for q in fact.quantities]
            group["en"].append(fact.en)
            group["zh"].append(fact.zh)
    for (start, end, as_of), group in groups.items():
        group["when"] = period_key(start, end, as_of)
    return sorted(groups.values(), key=_timeline_order)


def _dates(fact: Fact) -> list[tuple]:
    found: list[tuple] = []
    if fact.period is not None:
        found.append((fact.period.raw, fact.period.start, fact.period.end, None))
    if fact.as_of is not None:
        found.append((fact.as_of.raw, None, None, fact.as_of.date or "writing"))
    return found


def _timeline_order(group: dict) -> tuple:
    if group["as_of"] == "writing":
        return ("9999", "", "")
    point = group["as_of"] or group["start"] or ""
    # An as-of date falls at the end of its day; a period sorts by its start, the shorter one first.
    return (point, group["end"] or ("~" if group["as_of"] is None else point), group["when"])


# Charts: which figures each one compares (what they are called is render/'s business) ----------------------

# Each chart and the figures it draws: declared once; the CLI's choices and the contract derive from it.
CHART_FIGURES = {
    "growth": lambda q: q.basis == "year-on-year" and q.unit == "%",
    "investment": lambda q: q.unit == "CNY" and q.measure.startswith(("investment", "funds", "fixed-asset",
                                                                       "industrial-fixed-asset")),
    "capacity": lambda q: q.unit in ("t", "GW") and "capacity" in q.measure,
    "output": lambda q: q.unit == "CNY" and ("output" in q.measure or "sales" in q.measure),
}
CHARTS = tuple(CHART_FIGURES)
BAR_FIELDS = fields(records.Bar)  # the record's one declaration: questions/records.py


def chart_bars(factset: FactSet, chart: str) -> list[dict]:
    """Comparable figures for one chart: one unit per group of bars, never yuan beside tonnes."""
    wanted = CHART_FIGURES[chart]
    bars, seen = [], set()
    for fact in factset.facts:
        for quantity in fact.quantities:
            if not wanted(quantity) or quantity.value is None:
                continue
            same = figure_identity(quantity, fact)
            if same in seen:  # one figure quoted by two facts is one bar
                continue
            seen.add(same)
            subject = subject_of(quantity, fact)
            if subject is None:  # several entities and no subject in the data: the first that is not the zone
                names = [factset.entity_by_id[e] for e in fact.entities if e in factset.entity_by_id]
                subject = next((e.id for e in names if e.type != "zone"), names[0].id if names else None)
            owner = factset.entity_by_id.get(subject) if subject else None
            label = factset.measure_by_id.get(quantity.measure)
            bars.append({
                # The facts file's English label for the measure; a file without labels: its id as words.
                "chart": chart, "label": label.en if label else quantity.measure.replace("-", " "),
                "value": quantity.value,
                "unit": quantity.unit, "raw": quantity.raw, "qualifiers": list(quantity.qualifiers),
                "certainty": certainty(quantity.qualifiers), "basis": quantity.basis,
                "measure": quantity.measure, "subject": subject,
                **_when_of(fact), "fact_id": fact.id,
                "owner_en": owner.en if owner else None, "owner_zh": owner.zh if owner else None,
                "zh": fact.zh,
            })
    return sorted(bars, key=lambda b: (b["unit"], -b["value"]))
