"""How each command's records look as a table: columns, headers in both languages, and titles."""

from __future__ import annotations

from baotou_cli.questions import queries, records
from baotou_cli.questions.records import FactRow
from baotou_cli.render.figure_text import (certainty_word, figure, measure_name, metric_figure, period_text, when_text,
                                     with_certainty)
from baotou_cli.render.csv_columns import QUANTITY_FIELDS
from baotou_cli.render.formats import Column, Document, Records, Table
from baotou_cli.data.model import Fact, short_name_en
from baotou_cli.data.vocabularies import ENTITY_TYPE_ZH, TERMS_BY_SLUG, certainty


def term_name(slug: str, lang: str, short: bool = False) -> str:
    """An industry's, status's or topic's name in the reader's language."""
    term = TERMS_BY_SLUG.get(slug)
    if term is None:
        return slug
    if lang == "zh":
        return term.zh
    return (short and term.short_en) or term.en


def _by_lang(en_key: str, zh_key: str):
    return lambda value, row, lang: (row.get(zh_key) if lang == "zh" else row.get(en_key)) or ""


class DisplayNames:
    """What the facts file calls things, for tables: measure labels and entity names in both languages."""

    def __init__(self, factset=None) -> None:
        self.measures = factset.measure_by_id if factset is not None else {}
        self.entities = factset.entity_by_id if factset is not None else {}

    def measure(self, measure: str, lang: str) -> str:
        return measure_name(measure, lang, self.measures)

    def entity(self, entity_id: str | None, lang: str, short: bool = False) -> str:
        """An entity's name; `short` gives the zone its short English name, its first English alias (the
        Baotou Rare Earth Hi-Tech Zone), so that narrow columns and chart labels still say whose figure it is."""
        entity = self.entities.get(entity_id) if entity_id else None
        if entity is None:
            return entity_id or ""
        if lang == "zh":
            return entity.zh
        return short_name_en(entity) if short else entity.en

    def figures(self, quantities, lang: str, owner: str | None = None, certain: bool = False) -> str:
        """Figures of one cell, one per line; with several, each says which it is (its measure), so that
        '40 GW crystal pulling' and '40 GW wafer slicing' never read as one 80 GW."""
        quantities = list(quantities or [])

        def shown(q: dict) -> str:  # a project's figures carry when they hold: say it, in brackets
            when = period_text(q.get("period"), q.get("as_of"), lang) if "period" in q else ""
            text = figure(q, lang)
            if certain and certainty(q.get("qualifiers") or ()) == "actual":  # the others say theirs already
                text = with_certainty(text, certainty_word((), lang), lang)
            return text + ((f"（{when}）" if lang == "zh" else f" [{when}]") if when else "")

        colon = "：" if lang == "zh" else ": "

        def whose(q: dict) -> str:  # a figure of someone else than the row's owner (its company) says so
            subject = q.get("subject")
            return f"{self.entity(subject, lang, short=True)}{colon}" if owner and subject and subject != owner else ""

        if len(quantities) < 2:
            return "".join(whose(q) + shown(q) for q in quantities)
        return "\n".join(f"{whose(q)}{self._named(q, shown(q), lang)}" for q in quantities)

    def _named(self, quantity: dict, text: str, lang: str) -> str:
        """A figure under its measure's name, unless it already says it ('8 off-the-job training classes')."""
        name = self.measure(quantity["measure"], lang)
        if name.lower() in text.lower():
            return text
        return f"{name}{'：' if lang == 'zh' else ': '}{text}"


def _industries(value, row, lang) -> str:
    return ("、" if lang == "zh" else ", ").join(term_name(slug, lang, short=True) for slug in value or [])


def _statuses(value, row, lang) -> str:
    """'signed, under construction'; per phase when the article gives several phases different statuses."""
    separator = "、" if lang == "zh" else ", "
    phases = [p for p in row.get("phases") or [] if p["status"]]
    if len(phases) < 2:
        return separator.join(term_name(s, lang) for s in value or [])
    name = (lambda n: f"{n}期") if lang == "zh" else (lambda n: f"phase {n}: ")
    return "\n".join(name(p["phase"]) + separator.join(term_name(s, lang) for s in p["status"]) for p in phases)


def _period(value, row, lang) -> str:
    """When a figure holds; where the article gives no time for it, the table says so rather than stay blank."""
    return period_text(row.get("period"), row.get("as_of"), lang) or ("未载明" if lang == "zh" else "not stated")  # as 原文未载明, 未载明时间


NAME = Column("name_en", "Name", "名称", formatter=_by_lang("name_en", "name_zh"), min_width=12, localized=True)
STATEMENT = Column("en", "Statement", "内容", formatter=_by_lang("en", "zh"), min_width=20, flex=True, localized=True,
                   below=True)


def projects(rows: list[dict], factset=None) -> Table:
    names = DisplayNames(factset)

    def sized(value, row, lang) -> str:
        """The figures that size a project, each with how certain it is; a blank cell says the article gives none."""
        text = names.figures(value, lang, row["id"], certain=True)
        return text or ("原文未载明" if lang == "zh" else "not stated")

    each_figure = dict.fromkeys(("capacity", "investment", "figures"), [*QUANTITY_FIELDS, "period", "as_of"])
    return Table(Records(rows, queries.PROJECT_FIELDS, declared=records.Project, csv_explode=each_figure), [  # CSV: each figure's when
        Column("name_en", "Name", "名称", formatter=_by_lang("name_en", "name_zh"), min_width=20, flex=True,
               localized=True),
        Column("company_en", "Company", "企业", formatter=_by_lang("company_en", "company_zh"), localized=True),
        Column("industries", "Industry", "产业", formatter=_industries),
        Column("capacity", "Capacity", "产能", formatter=sized, min_width=20, flex=True),
        Column("investment", "Investment", "投资", formatter=sized, min_width=20, flex=True),
        # Expected sales, profits and taxes, jobs, construction progress: what else says how big it is.
        Column("figures", "Other figures", "其他数据", formatter=sized, min_width=20, flex=True),
        Column("status", "Status", "状态", formatter=_statuses),
    ], ("Projects", "项目"))


def metric_columns(names: DisplayNames) -> list[Column]:
    return [
        Column("subject", "Subject", "主体", formatter=lambda v, row, lang: names.entity(v, lang, short=True), min_width=14,
               max_width=24, collapse=True),  # whose figure: wide enough for "Baotou Rare Earth Hi-Tech Zone" on two lines
        Column("measure", "Measure", "指标", formatter=lambda v, row, lang: names.measure(v, lang), min_width=10,
               max_width=18),
        Column("value", "Figure", "数值", formatter=lambda v, row, lang: metric_figure(row, lang), justify="right",
               min_width=8, max_width=16),
        Column("period", "Period", "时间", formatter=_period, min_width=8, max_width=14, hyphens=False),
    ]


def _statement_once(value, row, lang) -> str:
    """A fact's statement on its first figure's row only: the rows after it say so instead of repeating it."""
    if row.get("_same_fact"):
        return "（同上）" if lang == "zh" else "(same statement as above)"
    return (row["zh"] if lang == "zh" else row["en"]) or ""


class MetricTable(Table):
    """Figures with their statements: a table says a fact's statement once, on its first figure's row;
    Markdown gives every row its statement, since rows pasted one at a time must stand alone."""

    def table_rows(self) -> list[dict]:
        rows = self.records.rows
        return [row | {"_same_fact": index > 0 and rows[index - 1]["fact_id"] == row["fact_id"]}
                for index, row in enumerate(rows)]

    def markdown_rows(self) -> list[dict]:
        return self.records.rows


def metrics(rows: list[dict], title_en: str, title_zh: str, factset=None) -> Table:
    return MetricTable(Records(rows, queries.METRIC_FIELDS, declared=records.Metric), [*metric_columns(DisplayNames(factset)),
                                                              *source_columns(factset, "fact_id"),
                                                              STATEMENT._replace(formatter=_statement_once)],
                       (title_en, title_zh))


def source_columns(factset, id_key: str) -> list[Column]:
    """A Source column once the facts file holds more than one article: which one each row quotes. Tables and
    Markdown only (the key is no field of the records: JSON and --fields are unchanged)."""
    if factset is None or len(factset.sources) < 2:
        return []

    def source_id(value, row, lang):
        fact = factset.fact(row[id_key])
        return fact.source.id if fact is not None else ""

    return [Column("source", "Source", "来源", formatter=source_id, hyphens=False)]


# Why a group has no total, for people (queries.TOTAL_NOTES holds the code words JSON carries; a test keeps them in step).
TOTAL_NOTE_EN = {
    "one-figure": "one figure", "mixed-measures": "not added: different measures or units",
    "not-additive": "not added: rates, ranks and changes do not add up",
    "not-actual": "not added: some figures are expected, planned, design or project totals",
    "inexact": "not added: some figures are not exact",
}
TOTAL_NOTE_ZH = {
    "one-figure": "仅一项数据", "mixed-measures": "未合计：指标或单位不同", "not-additive": "未合计：比率、排名和增速不可相加",
    "not-actual": "未合计：含预计、计划、设计产能或项目总投资", "inexact": "未合计：含非精确数据",
}

GROUPING_ZH = {"industry": "产业", "period": "时间", "measure": "指标", "unit": "单位"}  # for queries.GROUPINGS


def metric_groups(rows: list[dict], by: str, factset=None) -> Table:
    names = DisplayNames(factset)

    def group(value, row, lang) -> str:
        if by == "period":  # the group's figures share one period: read it from the first one's
            first = row["figures"][0]
            return when_text(*queries.period_parts(first["period"], first["as_of"]), lang)
        if by == "industry":
            return term_name(value, lang) if value != "(none)" else ("无" if lang == "zh" else "none")
        if by == "measure":
            return names.measure(value, lang)
        return value

    def figures(value, row, lang) -> str:
        # Each figure says whose it is and what it measures: a pasted line must stand alone.
        colon = "：" if lang == "zh" else ": "
        return "\n".join(f"{names.entity(m['subject'], lang, short=True)}{colon}{names.measure(m['measure'], lang)}"
                         f"{colon}{metric_figure(m, lang)}" for m in value)

    def total(value, row, lang) -> str:
        if row["total"] is None:
            return (TOTAL_NOTE_ZH if lang == "zh" else TOTAL_NOTE_EN).get(row["total_note"], "")
        return figure({"raw": "", "value": row["total"], "unit": row["total_unit"], "noun": None}, lang)

    return Table(Records(rows, queries.GROUP_FIELDS, declared=records.Group, csv_explode={"figures": queries.METRIC_FIELDS}), [
        Column("group", by.capitalize(), GROUPING_ZH[by], formatter=group, max_width=18),
        Column("figures", "Figures", "数值", formatter=figures, min_width=20, flex=True),
        Column("total", "Total", "合计", formatter=total, max_width=20),
    ], (f"Figures by {by}", f"按{GROUPING_ZH[by]}分组"))


def fact_table(chosen, title_en: str, title_zh: str, factset=None) -> Table:
    """Fact rows of these facts (a FactList): `--json` prints them as the store keeps them."""
    names = DisplayNames(factset)
    records = Records(lambda: queries.fact_rows(chosen), queries.FACT_ROW_FIELDS, declared=FactRow,
                      csv_explode={"figures": QUANTITY_FIELDS}, encoded=lambda: chosen.encoded())
    return Table(records, [
        Column("id", "ID", "编号", hyphens=False, tuck=True),
        STATEMENT,
        Column("figures", "Figures", "数值", formatter=lambda v, row, lang: names.figures(v, lang), max_width=22),
        *source_columns(factset, "id"),
    ], (title_en, title_zh))


def entities(rows: list[dict], title_en: str, title_zh: str) -> Table:
    return Table(Records(rows, queries.ENTITY_FIELDS, declared=records.EntityRow), [
        Column("id", "ID", "编号", hyphens=False, tuck=True),
        NAME._replace(flex=True),  # the name is what people read here: it gets the room
        Column("industries", "Industry", "产业", formatter=_industries),
        Column("projects", "Projects", "项目", formatter=lambda v, row, lang: "\n".join(v or []), hyphens=False,
               tuck=True),
    ], (title_en, title_zh))


# A role after a name reads in lower case ("Liu Guoyin, general manager of..."); the facts file writes roles
# to stand alone ("General manager of..."). Only these common title words are lowered: never a name.
_TITLE_WORDS = frozenset({"general", "deputy", "director", "contributing", "chairman", "chairwoman", "secretary",
                          "head", "vice", "manager", "chief", "president", "mayor", "executive", "senior"})


def _speaker(value, row, lang) -> str:
    """'Liu Guoyin, general manager of ...': the name, then the role when there is one (no dangling comma)."""
    name, role = (row["speaker_zh"], row["role_zh"]) if lang == "zh" else (value, row["role_en"])
    if not role:
        return name or ""
    if lang == "zh":
        return f"{name}，{role}"
    first = role.split(" ", 1)[0]
    if first.lower() in _TITLE_WORDS and first[1:].islower():
        role = role[:1].lower() + role[1:]
    return f"{name}, {role}"


def quotes(rows: list[dict]) -> Table:
    return Table(Records(rows, queries.QUOTE_FIELDS, declared=records.QuoteRow), [
        Column("speaker_en", "Speaker", "发言人", formatter=_speaker, max_width=24, localized=True),
        Column("en", "Said", "原话", formatter=lambda v, row, lang: row["quote"] if lang == "zh" else v, min_width=20,
               flex=True, localized=True),
    ], ("What people said", "人物表述"))


MATCHED_ZH = {"id": "编号", "en": "英文", "zh": "中文", "quote": "原文", "figures": "数值", "names": "相关名称",
              "note": "说明", "name": "名称", "aliases": "别名"}  # for each of questions.search.MATCH_FIELDS


def _record_kind(value, row, lang) -> str:
    """An entity reads as its type ('company', 实体·企业); a fact as its topic ('fact, investment', 事实·招商引资)."""
    detail = row["type"]
    if lang != "zh":
        return detail if value == "entity" else f"fact, {detail}"
    if value == "entity":
        return f"实体·{ENTITY_TYPE_ZH.get(detail, detail)}"
    return f"事实·{term_name(detail, lang)}"


def search(rows: list[dict], text: str) -> Table:
    """Search hits; when none has every word, a note under the table says the hits match only some."""
    from baotou_cli.questions.search import SEARCH_FIELDS  # only search pays for the search modules

    partial = ["no result has every word: these match only some of them"] if rows and rows[0].get("partial") else []
    return Table(Records(rows, SEARCH_FIELDS, declared=records.SearchHit), [
        Column("id", "ID", "编号", hyphens=False, tuck=True),
        Column("record", "Record", "记录", formatter=_record_kind, max_width=14),
        STATEMENT,
        Column("matched", "Matched in", "匹配字段", formatter=lambda v, row, lang: ("、" if lang == "zh" else ", ").join(
            dict.fromkeys((MATCHED_ZH if lang == "zh" else {}).get(m["field"], m["field"]) for m in v))),
    ], (f"Search: {text}", f"搜索：{text}"), notes=partial)


def timeline(rows: list[dict]) -> Table:
    def when(value, row, lang) -> str:
        if row["as_of"] == "writing":  # the article's own words for 'to date' and 'now' differ
            return "、".join(row["raw"]) if lang == "zh" else "at the time of writing"
        return when_text(row["start"], row["end"], row["as_of"], lang)

    def what(value, row, lang) -> str:
        # Each fact's id right after its statement: a list of ids under a list of statements had to be counted
        # to pair them.
        texts = row["zh"] if lang == "zh" else row["en"]
        return "\n".join(f"• {text} [{fact_id}]" for text, fact_id in zip(texts, row["fact_ids"], strict=True))

    return Table(Records(rows, queries.TIMELINE_FIELDS, declared=records.TimelineEntry, csv_explode={"figures": [*QUANTITY_FIELDS, "fact_id"]}), [
        Column("when", "When", "时间", formatter=when, min_width=18, max_width=18),  # "as of end-Oct 2022" whole
        Column("en", "What", "内容", formatter=what, min_width=30, flex=True, localized=True),
    ], ("Timeline", "时间线"), spaced=True)  # one period's statements, then a blank line, then the next period


CHART_TITLES = {  # (English, Chinese) for each of queries.CHARTS; a test keeps the two in step
    "growth": ("year-on-year growth rates (%)", "同比增速（%）"),
    # Investment figures differ in scope (projects completed, fixed assets, funds in place): say so on the chart.
    "investment": ("investment figures (yuan), each of its own scope: compare sizes, do not add or net them",
                   "投资额（元）：各项口径不同，仅比较大小，不可相加或相减"),
    "capacity": ("production capacities (tonnes, GW)", "产能（吨、GW）"),
    "output": ("output and sales values (yuan)", "产值与销售额（元）"),
}


class Chart(Document):
    """Horizontal bars of comparable figures; a table of label and value with --fields, and in Markdown."""

    def __init__(self, rows: list[dict], name: str, factset=None) -> None:
        self.names = DisplayNames(factset)
        title_en, title_zh = CHART_TITLES[name]
        super().__init__(Table(Records(rows, queries.BAR_FIELDS, declared=records.Bar), [
            Column("label", "Figure", "数据", formatter=lambda v, row, lang: self.label(row, lang), flex=True),
            Column("value", "Value", "数值", formatter=lambda v, row, lang: figure(row, lang), justify="right"),
        ], (f"Chart: {title_en}", title_zh)))

    def label(self, bar: dict, lang: str) -> str:
        when = period_text(bar["period"], bar["as_of"], lang)
        owner = self.names.entity(bar["subject"], lang, short=True)
        what = self.names.measure(bar["measure"], lang)
        if lang == "zh":
            return f"{owner}：{what}" + (f"（{when}）" if when else "")
        return f"{owner}: {what}" + (f" ({when})" if when else "")

    def draw(self, lang: str, styled: bool, width: int):
        from baotou_cli.render.formats import to_chart

        return to_chart(self.table.title(lang), self.records.rows, lang, styled=styled, width=width,
                        label=self.label, value_text=figure)


def chart(rows: list[dict], name: str, factset=None) -> Chart:
    return Chart(rows, name, factset)


def export(factset) -> Table:
    """Every fact with every field, in the facts file's order."""
    from baotou_cli.data.model import FACT_FIELDS

    facts = factset.facts
    records = Records(facts.records, FACT_FIELDS, declared=Fact,  # from the store's JSON: no Fact built
                      csv_explode={"quantities": QUANTITY_FIELDS})  # CSV: one row per figure
    return Table(
        records,
        columns=[
            Column("id", "ID", "编号", hyphens=False, tuck=True),
            Column("topic", "Topic", "主题"),
            Column("kind", "Kind", "类型"),
            STATEMENT,
        ],
        title=(f"All {len(facts)} facts", f"全部 {len(facts)} 条事实"),
    )


# The listing commands' views, titled: questions/listings.py chooses their rows ------------------------------------

TOPIC_TITLES = {"investment": ("Investment and finance", "招商引资与财政"), "industry": ("Industry", "产业"),
                "training": ("Cadre training and promotion", "干部培训与选拔")}


def topic_metrics(rows: list[dict], topic: str, by: str | None = None, factset=None) -> Table:
    """A topic's figures (`investment`, `industry`), or their groups with `by`."""
    if by is not None:
        return metric_groups(rows, by, factset)
    return metrics(rows, *TOPIC_TITLES[topic], factset)


def topic_facts(chosen, topic: str, factset=None) -> Table:
    """A topic's facts (`training`)."""
    return fact_table(chosen, *TOPIC_TITLES[topic], factset)


def companies(rows: list[dict]) -> Table:
    return entities(rows, "Companies", "企业")


def listed_facts(listed) -> Table:
    """What `facts` lists (questions.listings.ListedFacts): curated facts, or drafts titled as not yet curated."""
    if listed.drafts:
        return fact_table(listed.facts, "Draft facts (not yet curated)", "草稿事实（尚未审定）", listed.factset)
    return fact_table(listed.facts, "Facts", "事实", listed.factset)
