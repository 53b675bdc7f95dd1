"""Questions users ask of the facts, answered as plain records (dicts with stable keys).

No Typer, no Rich: every function takes a FactSet and returns rows; the CLI decides how they look.
"""

from __future__ import annotations


from typing import TYPE_CHECKING

from baotou_cli.errors import QueryError
from baotou_cli.facts.model import Entity, Fact, FactList, FactSet, Quantity, as_dict, reshape_encoded
from baotou_cli.facts.terms import STATUSES

if TYPE_CHECKING:
    from decimal import Decimal

ADDITIVE_UNITS = {"CNY", "t", "GW", "mu", "count"}
COMPANY_TYPES = ("company", "group")


def quantity_record(quantity: Quantity) -> dict:
    return as_dict(quantity)


def _names(factset: FactSet, entity_id: str | None) -> tuple[str | None, str | None]:
    entity = factset.entity_by_id.get(entity_id) if entity_id else None
    return (entity.en, entity.zh) if entity else (None, None)


# Projects -------------------------------------------------------------------------------------------

PROJECT_FIELDS = ["id", "name_en", "name_zh", "company", "company_en", "company_zh", "industries", "status",
                  "phases", "capacity", "investment", "investment_cny", "figures", "fact_ids", "note"]
PROJECT_SORTS = ("name", "company", "investment", "status", "id")


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
        quantities = list({_figure_key(q): q for f in facts for q in f.quantities}.values())
        # Each phase with the statuses the article gives it (phase 1 in production, phase 2 being built).
        phases = [{"phase": n, "status": [s for s in STATUSES if any(f.phase == n and f.status == s for f in facts)]}
                  for n in sorted({f.phase for f in facts if f.phase is not None})]
        company_en, company_zh = _names(factset, entity.company)
        investments = [q for q in quantities if q.measure.startswith("investment") and q.unit == "CNY"]
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
            "capacity": [quantity_record(q) for q in quantities if q.measure.startswith("capacity")],
            "investment": [quantity_record(q) for q in investments],
            # The largest yuan figure for the project, for sorting and --min-investment; see `investment`.
            "investment_cny": max((q.value for q in investments if q.value is not None), default=None),
            "figures": [quantity_record(q) for q in quantities
                        if not q.measure.startswith(("capacity", "investment"))],
            "fact_ids": [f.id for f in facts],
            "note": entity.note,
        })
    return rows


def _figure_key(quantity: Quantity) -> tuple:
    return quantity.measure, quantity.raw, quantity.value, quantity.unit, tuple(quantity.qualifiers), quantity.basis


def filter_projects(rows: list[dict], *, industry: str | None = None, company: str | None = None,
                    status: str | None = None, min_investment: Decimal | None = None,
                    factset: FactSet | None = None) -> list[dict]:
    if industry:
        rows = [r for r in rows if industry in r["industries"]]
    if company:
        rows = [r for r in rows if r["company"] and _entity_matches(factset.entity_by_id[r["company"]], company)]
    if status:
        rows = [r for r in rows if status in r["status"]]
    if min_investment is not None:
        from decimal import Decimal

        rows = [r for r in rows
                if r["investment_cny"] is not None and Decimal(str(r["investment_cny"])) >= min_investment]
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
    field = {"name": "name_en", "company": "company_en", "investment": "investment_cny"}.get(name, name)

    def value(row: dict):
        item = row.get(field)
        if isinstance(item, list):
            item = STATUSES.index(item[-1]) if field == "status" and item else (item[0] if item else None)
        return item

    present = [r for r in rows if value(r) is not None]
    missing = [r for r in rows if value(r) is None]
    return sorted(present, key=value, reverse=descending) + missing


# Metrics (investment, industry and other figures) -----------------------------------------------------

METRIC_FIELDS = ["fact_id", "topic", "measure", "figure_raw", "value", "unit", "noun", "qualifiers",
                 "basis", "change", "period", "as_of", "industries", "entities", "en", "zh"]


def metric_rows(facts: list[Fact]) -> list[dict]:
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
                "figure_raw": quantity.raw,
                "value": quantity.value,
                "unit": quantity.unit,
                "noun": quantity.noun,
                "qualifiers": list(quantity.qualifiers),
                "basis": quantity.basis,
                "change": quantity_record(changes[quantity.measure])
                if quantity.measure in changes and not quantity.basis else None,
                "period": as_dict(fact.period) if fact.period else None,
                "as_of": as_dict(fact.as_of) if fact.as_of else None,
                "industries": list(fact.industries),
                "entities": list(fact.entities),
                "en": fact.en,
                "zh": fact.zh,
            })
    return rows


GROUP_FIELDS = ["group", "figures", "fact_ids", "total", "total_unit", "total_note"]
GROUPINGS = ("industry", "period", "measure", "unit")


def group_metrics(rows: list[dict], by: str) -> list[dict]:
    """Group metric rows; a total only where adding up means something: one measure, one additive unit,
    no qualifiers that make a figure uncertain, and no year-on-year changes."""
    from decimal import Decimal

    groups: dict[str, list[dict]] = {}
    for row in rows:
        for key in _group_keys(row, by):
            groups.setdefault(key, []).append(row)
    result = []
    for key, members in groups.items():
        total, unit, note = None, None, None
        measures = {m["measure"] for m in members}
        units = {m["unit"] for m in members}
        if len(members) < 2:
            note = "one figure"
        elif len(measures) > 1 or len(units) > 1:
            note = "not added: different measures or units"
        elif units - ADDITIVE_UNITS or any(m["basis"] for m in members):
            note = "not added: rates and ranks do not add up"
        elif any(set(m["qualifiers"]) & {"at-least", "more-than", "about", "expected", "planned", "target"}
                 for m in members):
            note = "not added: some figures are not exact or not actual"
        elif any(m["value"] is None for m in members):
            note = "not added: a figure has no exact value"
        else:
            total, unit = sum(Decimal(str(m["value"])) for m in members), units.pop()
            total = int(total) if total == total.to_integral_value() else float(total)
        result.append({"group": key, "figures": members, "fact_ids": sorted({m["fact_id"] for m in members}),
                       "total": total, "total_unit": unit, "total_note": note})
    return result


def _group_keys(row: dict, by: str) -> list[str]:
    if by == "industry":
        return row["industries"] or ["(none)"]
    if by == "period":
        period, as_of = row["period"], row["as_of"]
        if period:
            return [f"{period['start']}..{period['end'] or ''}"]
        if as_of:
            return [f"as of {as_of['date'] or 'time of writing'}"]
        return ["(undated)"]
    return [row[by]]


# Entities -------------------------------------------------------------------------------------------

ENTITY_FIELDS = ["id", "type", "name_en", "name_zh", "aliases", "industries", "parent", "company", "role_en",
                 "role_zh", "note", "projects", "fact_ids"]


def entity_rows(factset: FactSet, types: tuple[str, ...]) -> list[dict]:
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
    } for e in factset.entities if e.type in types]


QUOTE_FIELDS = ["fact_id", "speaker", "speaker_en", "speaker_zh", "role_en", "role_zh", "en", "zh", "quote"]


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


# Facts by topic, and search ---------------------------------------------------------------------------

FACT_ROW_FIELDS = ["id", "topic", "kind", "en", "zh", "figures", "period", "as_of", "entities", "industries"]


def fact_rows(facts: list[Fact]) -> list[dict]:
    return [{"id": f.id, "topic": f.topic, "kind": f.kind, "en": f.en, "zh": f.zh,
             "figures": [quantity_record(q) for q in f.quantities],
             "period": as_dict(f.period) if f.period else None, "as_of": as_dict(f.as_of) if f.as_of else None,
             "entities": list(f.entities), "industries": list(f.industries)} for f in facts]


_FACT_ROW_MEMBERS = [(name, "quantities" if name == "figures" else name) for name in FACT_ROW_FIELDS]


def fact_row_texts(facts: FactList) -> list[str]:
    """fact_rows as `--json` prints them, cut from the facts' stored records: nothing decoded or encoded."""
    return reshape_encoded(facts.encoded(), _FACT_ROW_MEMBERS)


SEARCH_FIELDS = ["id", "record", "score", "matched", "en", "zh"]
# Where a match counts most: a name is a better answer than a passing mention in a quote.
_WEIGHTS = {"id": 3, "name": 5, "alias": 4, "en": 2, "zh": 2, "figure": 2, "quote": 1, "entity": 2, "note": 1}


def search(factset: FactSet, text: str) -> list[dict]:
    """Facts and entities matching every word of `text` (Chinese or English, case-insensitive), best first."""
    terms = [t.lower() for t in text.split()]
    if not terms:
        raise QueryError("the search text is empty")
    results = []
    for entity in factset.entities:
        fields = {"id": [entity.id], "name": [entity.en, entity.zh], "alias": list(entity.aliases),
                  "note": [entity.note or "", entity.role_en or "", entity.role_zh or ""]}
        hit = _score(fields, terms)
        if hit:
            results.append({"id": entity.id, "record": f"entity:{entity.type}", "score": hit[0], "matched": hit[1],
                            "en": entity.en, "zh": entity.zh})
    for fact in factset.facts:
        linked = [factset.entity_by_id[i] for i in fact.entities if i in factset.entity_by_id]
        fields = {"id": [fact.id], "en": [fact.en], "zh": [fact.zh], "quote": [fact.source.quote],
                  "figure": [q.raw for q in fact.quantities] + [label.raw for label in fact.labels],
                  "entity": [name for e in linked for name in (e.en, e.zh, *e.aliases)],
                  "note": [fact.note or ""] + [label.en for label in fact.labels]}
        hit = _score(fields, terms)
        if hit:
            results.append({"id": fact.id, "record": f"fact:{fact.topic}", "score": hit[0], "matched": hit[1],
                            "en": fact.en, "zh": fact.zh})
    return sorted(results, key=lambda r: (-r["score"], r["id"]))


def _score(fields: dict[str, list[str]], terms: list[str]) -> tuple[int, list[str]] | None:
    score, matched = 0, []
    for term in terms:
        term_score = 0
        for name, values in fields.items():
            for value in values:
                at = value.lower().find(term)
                if at != -1:
                    term_score += _WEIGHTS[name]
                    matched.append(f"{name}: {_snippet(value, at, len(term))}")
                    break
        if not term_score:
            return None
        score += term_score
    return score, list(dict.fromkeys(matched))


def _snippet(value: str, at: int, length: int, room: int = 24) -> str:
    start, end = max(0, at - room), min(len(value), at + length + room)
    return ("…" if start else "") + " ".join(value[start:end].split()) + ("…" if end < len(value) else "")


# One fact in full --------------------------------------------------------------------------------------

def find_record(factset: FactSet, record_id: str) -> Fact | Entity:
    found = factset.fact(record_id) or factset.entity_by_id.get(record_id)
    if found is None:
        ids = factset.fact_ids + list(factset.entity_by_id)
        import difflib

        close = difflib.get_close_matches(record_id, ids, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else "; 'baotou search TEXT' finds ids"
        raise QueryError(f"no fact or entity with id {record_id!r}{hint}")
    return found


# Timeline -------------------------------------------------------------------------------------------

TIMELINE_FIELDS = ["when", "start", "end", "as_of", "raw", "fact_ids", "figures", "en", "zh"]


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
        group["when"] = _when(start, end, as_of)
    return sorted(groups.values(), key=_timeline_order)


def _dates(fact: Fact) -> list[tuple]:
    found = []
    if fact.period is not None:
        found.append((fact.period.raw, fact.period.start, fact.period.end, None))
    if fact.as_of is not None:
        found.append((fact.as_of.raw, None, None, fact.as_of.date or "writing"))
    return found


def _when(start: str | None, end: str | None, as_of: str | None) -> str:
    if as_of:
        return "at the time of writing" if as_of == "writing" else f"as of {as_of}"
    if start and end:
        return start if start == end else f"{start}..{end}"
    return f"since {start}"


def _timeline_order(group: dict) -> tuple:
    if group["as_of"] == "writing":
        return ("9999", "", "")
    point = group["as_of"] or group["start"] or ""
    # An as-of date falls at the end of its day; a period sorts by its start, the shorter one first.
    return (point, group["end"] or ("~" if group["as_of"] is None else point), group["when"])


# Charts ---------------------------------------------------------------------------------------------

CHARTS = {
    "growth": "year-on-year growth rates (%)",
    "investment": "investment figures (yuan)",
    "capacity": "production capacities (tonnes, GW)",
    "output": "output and sales values (yuan)",
}
BAR_FIELDS = ["chart", "label", "value", "unit", "raw", "qualifiers", "basis", "measure", "period", "as_of",
              "fact_id",
              "owner_en", "owner_zh", "zh"]


def chart_bars(factset: FactSet, chart: str) -> list[dict]:
    """Comparable figures for one chart: one unit per group of bars, never yuan beside tonnes."""
    wanted = {
        "growth": lambda q: q.basis == "year-on-year" and q.unit == "%",
        "investment": lambda q: q.unit == "CNY" and q.measure.startswith(("investment", "funds", "fixed-asset",
                                                                           "industrial-fixed-asset")),
        "capacity": lambda q: q.unit in ("t", "GW") and "capacity" in q.measure,
        "output": lambda q: q.unit == "CNY" and ("output" in q.measure or "sales" in q.measure),
    }[chart]
    bars, seen = [], set()
    for fact in factset.facts:
        for quantity in fact.quantities:
            if not wanted(quantity) or quantity.value is None:
                continue
            same = (tuple(fact.entities), _figure_key(quantity))
            if same in seen:  # one figure quoted by two facts is one bar
                continue
            seen.add(same)
            names = [factset.entity_by_id[e] for e in fact.entities if e in factset.entity_by_id]
            owner = next((e for e in names if e.type != "zone"), None)
            bars.append({
                "chart": chart, "label": quantity.measure.replace("-", " "), "value": quantity.value,
                "unit": quantity.unit, "raw": quantity.raw, "qualifiers": list(quantity.qualifiers),
                "basis": quantity.basis,
                "measure": quantity.measure, "period": as_dict(fact.period) if fact.period else None,
                "as_of": as_dict(fact.as_of) if fact.as_of else None, "fact_id": fact.id,
                "owner_en": owner.en if owner else "the zone", "owner_zh": owner.zh if owner else "包头稀土高新区",
                "zh": fact.zh,
            })
    return sorted(bars, key=lambda b: (b["unit"], -b["value"]))
