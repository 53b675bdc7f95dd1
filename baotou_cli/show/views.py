"""How each command's records look as a table: columns, headers in both languages, and titles."""

from __future__ import annotations

from baotou_cli.ask import queries
from baotou_cli.show.figures import figure, measure_name, metric_figure, period_text
from baotou_cli.show.formats import Column, Listing
from baotou_cli.ask.words import industry_name

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
    return metric_figure(row, lang)


def _period(value, row, lang) -> str:
    return period_text(row.get("period"), row.get("as_of"), lang)


def _measure(value, row, lang) -> str:
    return measure_name(row["measure"])


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
        return "; ".join(f"{measure_name(m['measure'])} {metric_figure(m, lang)}" for m in value)

    def total(value, row, lang) -> str:
        if row["total"] is None:
            return row["total_note"] or ""
        return figure({"raw": "", "value": row["total"], "unit": row["total_unit"], "noun": None}, lang)

    return Listing(rows, queries.GROUP_FIELDS, [
        Column("group", by.capitalize(), "分组"),
        Column("figures", "Figures", "数值", show=figures, min_width=20),
        Column("total", "Total", "合计", show=total),
    ], f"Figures by {by}", f"按{ {'industry': '产业', 'period': '时间', 'measure': '指标', 'unit': '单位'}[by] }分组")


def facts(chosen, title_en: str, title_zh: str) -> Listing:
    """Fact rows of these facts (a FactList): `--json` prints their stored JSON, other formats build rows."""
    return Listing(lambda: queries.fact_rows(chosen), queries.FACT_ROW_FIELDS, [
        Column("id", "ID", "编号"),
        STATEMENT,
        Column("figures", "Figures", "数值", show=_figures),
    ], title_en, title_zh, encoded=lambda: queries.fact_row_texts(chosen))


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


def timeline(rows: list[dict]) -> Listing:
    def when(value, row, lang) -> str:
        return "、".join(row["raw"]) if lang == "zh" else value

    def what(value, row, lang) -> str:
        texts = row["zh"] if lang == "zh" else row["en"]
        return "\n".join(f"• {text}" for text in texts)

    return Listing(rows, queries.TIMELINE_FIELDS, [
        Column("when", "When", "时间", show=when, min_width=10),
        Column("fact_ids", "Facts", "事实", show=lambda v, row, lang: "\n".join(v)),
        Column("en", "What", "内容", show=what, min_width=20),
    ], "Timeline", "时间线")


def _bar_label(bar: dict, lang: str) -> str:
    when = period_text(bar["period"], bar["as_of"], lang)
    if lang == "zh":  # no Chinese names for measures: the statement itself says what the figure is
        return bar["zh"] if len(bar["zh"]) <= 60 else bar["zh"][:59] + "…"
    return f"{bar['owner_en']}: {bar['label']}" + (f" ({when})" if when else "")


def _bar_value(bar: dict, lang: str) -> str:
    return figure(bar, lang)


def chart(rows: list[dict], name: str) -> Listing:
    from baotou_cli.show.formats import to_chart

    title_en = f"Chart: {queries.CHARTS[name]}"
    title_zh = {"growth": "同比增速（%）", "investment": "投资额（元）", "capacity": "产能（吨、GW）",
                "output": "产值与销售额（元）"}[name]
    listing = Listing(rows, queries.BAR_FIELDS, [
        Column("label", "Figure", "数据", show=lambda v, row, lang: _bar_label(row, lang)),
        Column("value", "Value", "数值", show=lambda v, row, lang: _bar_value(row, lang), justify="right"),
    ], title_en, title_zh)
    listing.text = lambda lang, styled, width: to_chart(
        listing.title(lang), rows, lang, styled=styled, width=width, label=_bar_label, value_text=_bar_value)
    return listing


def citation(row: dict) -> Listing:
    from rich.text import Text

    from baotou_cli.ask.citing import CITE_FIELDS

    def text(lang: str, styled: bool, width: int) -> Text:
        out = Text()
        sentence, cursor = row["sentence"], 0
        for fragment in (f.strip() for f in row["quote"].split("…")):
            at = sentence.find(fragment, cursor) if fragment else -1
            if at == -1:
                continue
            out.append(sentence[cursor:at])
            out.append(fragment, style="bold yellow" if styled else "")  # the quoted words, on a terminal
            cursor = at + len(fragment)
        out.append(sentence[cursor:] + "\n\n")
        if row["paragraph"] != sentence:  # the paragraph around it, for context
            out.append(("段落：" if lang == "zh" else "Paragraph: ") + row["paragraph"] + "\n\n",
                       style="dim" if styled else "")
        out.append(row["citation_zh"] if lang == "zh" else row["citation_en"], style="dim" if styled else "")
        out.append("\n" + (row["citation_en"] if lang == "zh" else row["citation_zh"]),
                   style="dim" if styled else "")
        return out

    def markdown(lang: str) -> str:
        first, second = ("citation_zh", "citation_en") if lang == "zh" else ("citation_en", "citation_zh")
        context = f"\n\n{row['paragraph']}" if row["paragraph"] != row["sentence"] else ""
        return f"> {row['sentence']}\n\n{row[first]}  \n{row[second]}{context}\n"

    listing = Listing([row], CITE_FIELDS, [
        Column("sentence", "Sentence", "原句"), Column("citation_en", "Citation", "引用",
                                                      show=_by_lang("citation_en", "citation_zh"))],
        row["id"], row["id"])
    listing.text, listing.markdown = text, markdown
    return listing
