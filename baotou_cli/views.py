"""How each command's records look as a table: columns, headers in both languages, and titles."""

from __future__ import annotations

from baotou_cli import queries
from baotou_cli.humanize import figure, period_text
from baotou_cli.render import Column, Listing
from baotou_cli.vocab import industry_name

STATUS_EN = {"signed": "signed", "under-construction": "under construction", "in-production": "in production",
             "completed": "completed", "delivered": "delivered"}
STATUS_ZH = {"signed": "已签约", "under-construction": "在建", "in-production": "已投产", "completed": "已竣工",
             "delivered": "已交付"}


def _by_lang(en_key: str, zh_key: str):
    return lambda value, row, lang: (row.get(zh_key) if lang == "zh" else row.get(en_key)) or ""


def _join(items, lang: str) -> str:
    return ("；" if lang == "zh" else "; ").join(items)


def _figures(value, row, lang) -> str:
    return _join((figure(q, lang) for q in value or []), lang)


def _industries(value, row, lang) -> str:
    return ("、" if lang == "zh" else ", ").join(industry_name(slug, lang, short=True) for slug in value or [])


def _statuses(value, row, lang) -> str:
    """'signed, under construction'; per phase when the article gives several phases different statuses."""
    words = STATUS_ZH if lang == "zh" else STATUS_EN
    separator = "、" if lang == "zh" else ", "
    phases = [p for p in row.get("phases") or [] if p["status"]]
    if len(phases) < 2:
        return separator.join(words[s] for s in value or [])
    name = (lambda n: f"{n}期") if lang == "zh" else (lambda n: f"phase {n} ")
    return ("；" if lang == "zh" else "; ").join(
        name(p["phase"]) + separator.join(words[s] for s in p["status"]) for p in phases)


def _figure_cell(value, row, lang) -> str:
    text = figure(row | {"raw": row["figure_raw"]}, lang)
    if row.get("change"):
        text += ("，" if lang == "zh" else ", ") + figure(row["change"], lang)
    return text


def _period(value, row, lang) -> str:
    return period_text(row.get("period"), row.get("as_of"), lang)


def _measure(value, row, lang) -> str:
    return row["measure"].replace("-", " ")


NAME = Column("name_en", "Name", "名称", show=_by_lang("name_en", "name_zh"), min_width=12)
STATEMENT = Column("en", "Statement", "内容", show=_by_lang("en", "zh"), min_width=16)


def projects(rows: list[dict]) -> Listing:
    return Listing(rows, queries.PROJECT_FIELDS, [
        NAME,
        Column("company_en", "Company", "企业", show=_by_lang("company_en", "company_zh")),
        Column("industries", "Industry", "产业", show=_industries),
        Column("capacity", "Capacity", "产能", show=_figures),
        Column("investment", "Investment", "投资", show=_figures),
        Column("status", "Status", "状态", show=_statuses),
    ], "Projects", "项目")


def metrics(rows: list[dict], title_en: str, title_zh: str) -> Listing:
    return Listing(rows, queries.METRIC_FIELDS, [
        Column("measure", "Measure", "指标", show=_measure),
        Column("value", "Figure", "数值", show=_figure_cell, justify="right"),
        Column("period", "Period", "时间", show=_period),
        STATEMENT,
    ], title_en, title_zh)


def metric_groups(rows: list[dict], by: str) -> Listing:
    def figures(value, row, lang) -> str:
        return "; ".join(f"{m['measure'].replace('-', ' ')} {_figure_cell(None, m, lang)}" for m in value)

    def total(value, row, lang) -> str:
        if row["total"] is None:
            return row["total_note"] or ""
        return figure({"raw": "", "value": row["total"], "unit": row["total_unit"], "noun": None}, lang)

    return Listing(rows, queries.GROUP_FIELDS, [
        Column("group", by.capitalize(), "分组"),
        Column("figures", "Figures", "数值", show=figures, min_width=20),
        Column("total", "Total", "合计", show=total),
    ], f"Figures by {by}", f"按{ {'industry': '产业', 'period': '时间', 'measure': '指标', 'unit': '单位'}[by] }分组")


def facts(rows: list[dict], title_en: str, title_zh: str) -> Listing:
    return Listing(rows, queries.FACT_ROW_FIELDS, [
        Column("id", "ID", "编号"),
        STATEMENT,
        Column("figures", "Figures", "数值", show=_figures),
    ], title_en, title_zh)


def entities(rows: list[dict], title_en: str, title_zh: str) -> Listing:
    return Listing(rows, queries.ENTITY_FIELDS, [
        Column("id", "ID", "编号"),
        NAME,
        Column("industries", "Industry", "产业", show=_industries),
        Column("projects", "Projects", "项目", show=lambda v, row, lang: ", ".join(v or [])),
    ], title_en, title_zh)


def quotes(rows: list[dict]) -> Listing:
    return Listing(rows, queries.QUOTE_FIELDS, [
        Column("speaker_en", "Speaker", "发言人", show=lambda v, row, lang: (
            f"{row['speaker_zh']}，{row['role_zh'] or ''}" if lang == "zh" else f"{v}, {row['role_en'] or ''}")),
        Column("en", "Said", "原话", show=lambda v, row, lang: row["quote"] if lang == "zh" else v, min_width=20),
    ], "What people said", "人物表述")


def search(rows: list[dict], text: str) -> Listing:
    return Listing(rows, queries.SEARCH_FIELDS, [
        Column("id", "ID", "编号"),
        Column("record", "Record", "记录"),
        STATEMENT,
        Column("matched", "Matched in", "匹配字段", show=lambda v, row, lang: ", ".join(
            dict.fromkeys(m.split(":", 1)[0] for m in v))),
    ], f"Search: {text}", f"搜索：{text}")
