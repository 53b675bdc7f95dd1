"""Single-record views: one fact in full with its quote in context (`show`), and the `summary` overview."""

from __future__ import annotations


from baotou_cli.questions.lookup import SHOW_FIELDS, FoundRecord
from baotou_cli.questions import queries
from baotou_cli.questions.records import Metric, ShownRecord, TopicSummary
from baotou_cli.questions.summary import SUMMARY_FIELDS, Overview, is_actual, rank
from baotou_cli.render import citation, views
from baotou_cli.render.figure_text import certainty_word, figure, metric_figure, period_text
from baotou_cli.data.model import Entity, Fact, as_dict
from baotou_cli.data.vocabularies import ENTITY_TYPE_ZH, KIND_ZH
from baotou_cli.render.formats import Column, Document, Records, Table, to_markdown

__all__ = ["SHOW_FIELDS", "SUMMARY_FIELDS", "record_card", "summary_listing"]

SHORT_FACTS = 10  # an entity lists this many of its facts, one line each; `show ID --all` lists them all


class FieldTable(Table):
    """One record shown field by field: a row per field, labelled in the reader's language."""

    def __init__(self, row: dict, lines: list[dict], title: str, notes: list[str]) -> None:
        super().__init__(Records([row], SHOW_FIELDS, declared=ShownRecord), [
            Column("field", "Field", "字段", formatter=_value_cell, max_width=20, hyphens=False),
            Column("value", "Value", "值", formatter=_value_cell, min_width=20, flex=True)], (title, title), notes=notes)
        self.lines = lines

    def table_rows(self) -> list[dict]:
        return self.lines


class EntityCard(Document):
    """An entity's own fields, then its first facts, each its id and statement on one line."""

    def __init__(self, table: FieldTable, entity_id: str, facts: list[Fact]) -> None:
        super().__init__(table)
        self.entity_id, self.facts = entity_id, facts

    def draw(self, lang: str, styled: bool, width: int):
        return _with_fact_list(self.table, self.entity_id, self.facts, lang, styled, width)


def record_card(found: FoundRecord, factset, everything: bool = False) -> FieldTable | EntityCard:
    """`show`: a fact with every field and its quote in context, or an entity with its facts (every one with
    its figures when `everything`, else the first few, one line each)."""
    names = views.DisplayNames(factset)
    record = found.record
    if isinstance(record, Fact):
        assert found.context is not None  # a fact's quote has its place
        shown = _fact_lines(record, found.context, names)
    else:
        shown = _entity_lines(record, found.row["data"], found.about if everything else [], names)
    notes = []
    if found.redirect is not None:  # an old id, merged into this one: say so
        shown.insert(0, {"field": "redirected from", "value": f"{found.asked_as}: {found.redirect.note}"})
        notes.append(f"note: {found.asked_as!r} is now {record.id!r}: {found.redirect.note}")
    table = FieldTable(found.row, shown, record.id, notes)
    if found.about and not everything:
        return EntityCard(table, record.id, found.about)
    return table


def _with_fact_list(table: Table, entity_id: str, facts: list[Fact], lang: str, styled: bool, width: int):
    """An entity's own fields, then its facts: the first few, each its id and statement on one line."""
    from rich.console import Group
    from rich.text import Text

    from baotou_cli.render.formats import escape_controls, to_table
    from baotou_cli.render.table_layout import wrap

    drawn = to_table(table, table.columns, table.table_rows(), lang, boxes=styled, width=width)
    shown = facts[:SHORT_FACTS]
    if lang == "zh":
        heading = f"相关事实（共 {len(facts)} 条" + (f"，列出前 {len(shown)} 条）" if len(shown) < len(facts) else "）")
        more = f"全部事实及其数据：baotou show {entity_id} --all"
    else:
        heading = f"Facts about it ({len(facts)}" + (f", the first {len(shown)})" if len(shown) < len(facts) else ")")
        more = f"Every fact with its figures: baotou show {entity_id} --all"
    lines = [_fact_line(fact.id, fact.zh if lang == "zh" else fact.en, width) for fact in shown]
    return Group(drawn, Text("\n" + "\n".join(wrap(heading, width)), style="bold" if styled else ""),
                 Text(escape_controls("\n".join(lines))), Text("\n".join(wrap(more, width)),
                                                              style="dim" if styled else ""))


def _fact_line(fact_id: str, statement: str, width: int) -> str:
    """A fact's id and its statement on one line; where that leaves the statement too little room, the
    statement goes on the line under the id. The id is never cut: it is what `show` takes."""
    from baotou_cli.render.table_layout import cells

    if width - cells(fact_id) - 2 >= 24:
        return _one_line(f"{fact_id}  {statement}", width)
    return f"{fact_id}\n  {_one_line(statement, width - 2)}"


def _one_line(text: str, width: int) -> str:
    """The text cut to one line of `width` cells, at a word (or, in Chinese, a character), with … to say so."""
    from baotou_cli.render.table_layout import cells

    if cells(text) <= width:
        return text
    cut = ""
    for char in text:
        if cells(cut + char) > width - 1:
            break
        cut += char
    if " " in cut and cut.rstrip()[-1:].isascii():
        cut = cut[:cut.rstrip().rfind(" ")]
    return cut.rstrip(" ,;:") + "…"


def _value_cell(value, row, lang) -> str:
    if isinstance(value, tuple):  # (English, Chinese)
        return value[1] if lang == "zh" else value[0]
    return "" if value is None else str(value)


def _line(en: str, zh: str, value) -> dict:
    return {"field": (en, zh), "value": value}


def _note_line(note: str) -> dict:
    # The facts file's notes are English only: in a Chinese table the label says so.
    return _line("note", "说明（英文）", note)


def _industry_names(slugs) -> tuple[str, str]:
    return (", ".join(slugs), "、".join(views.term_name(slug, "zh") for slug in slugs))


def _figure_lines(fact: Fact, names) -> list[dict]:
    """Each figure under its measure's name, with how certain it is and whose it is (by the same short name
    as the statements)."""
    lines = []
    for quantity in fact.quantities:
        data = queries.quantity_record(quantity)
        subject = queries.subject_of(quantity, fact)
        whose_en = f"; subject: {names.entity(subject, 'en', short=True)}" if subject else ""
        whose_zh = f"；主体：{names.entity(subject, 'zh')}" if subject else ""
        lines.append({"field": (names.measure(quantity.measure, "en"), names.measure(quantity.measure, "zh")),
                      "value": (f"{figure(data, 'en')} [{quantity.raw}] ({certainty_word(quantity.qualifiers, 'en')}"
                                f"{whose_en})",
                                f"{figure(data, 'zh')}（{certainty_word(quantity.qualifiers, 'zh')}{whose_zh}）")})
    return lines


def _fact_lines(fact: Fact, context: dict, names) -> list[dict]:
    lines = [
        _line("id", "编号", fact.id),
        _line("topic / kind", "主题 / 类型", (f"{fact.topic} / {fact.kind}",
                                             f"{views.term_name(fact.topic, 'zh')} / {KIND_ZH.get(fact.kind, fact.kind)}")),
        _line("statement", "内容", (fact.en, fact.zh)),
        *_figure_lines(fact, names),
    ]
    period, as_of = as_dict(fact.period), as_dict(fact.as_of)
    when = period_text(period, as_of, "en")
    if when:
        lines.append(_line("period", "时间", (when, period_text(period, as_of, "zh"))))
    if fact.status is not None:
        lines.append(_line("status", "状态", (fact.status, views.term_name(fact.status, "zh"))))
    for name, zh in (("phase", "期数"), ("speaker", "发言人")):
        if getattr(fact, name) is not None:
            lines.append(_line(name, zh, getattr(fact, name)))
    if fact.headline is not None:  # a bare 7 says nothing: say where the rank shows
        lines.append(_line("headline", "要闻排序", (f"{fact.headline} (row {fact.headline} of 'baotou summary')",
                                                    f"{fact.headline}（baotou summary 第{fact.headline}行）")))
    if fact.note is not None:
        lines.append(_note_line(fact.note))
    if fact.entities:
        lines.append(_line("entities", "相关实体", (", ".join(fact.entities), "、".join(
            f"{names.entity(e, 'zh')}（{e}）" for e in fact.entities))))
    if fact.industries:
        lines.append(_line("industries", "产业", _industry_names(fact.industries)))
    for label in fact.labels:
        lines.append(_line("label", "标签", (f"{label.raw}: {label.en}", label.raw)))
    lines.append(_line("quote", "原文", fact.source.quote))
    section_en = f"section “{context['section_en']}”" if context.get("section_en") else "opening section"
    inner = (context.get("section_zh") or "").replace("“", "‘").replace("”", "’")
    section_zh = f"“{inner}”部分" if inner else "导语部分"
    number = context.get("paragraph_in_section")
    lines.append(_line("in context", "上下文", (f"{context['paragraph']} ({section_en}, paragraph {number})",
                                                 f"{context['paragraph']}（{section_zh}第{number}段）")))
    byline = citation.byline_en(context["byline_en"], context["byline_zh"])
    lines.append(_line("source", "来源", (f"{context['headline_en']}; {byline}, newspaper not named, n.d.",
                                          f"{context['headline_zh']}；{context['byline_zh']}（原文未载明报纸名称与日期）")))
    return lines


def _entity_lines(entity: Entity, data: dict, facts: list[Fact], names) -> list[dict]:
    lines = [_line("id", "编号", entity.id),
             _line("type", "类型", (entity.type, ENTITY_TYPE_ZH.get(entity.type, entity.type))),
             _line("name", "名称", (entity.en, entity.zh))]
    if data["aliases"]:
        lines.append(_line("aliases", "别名", (", ".join(data["aliases"]), "、".join(data["aliases"]))))
    if data["industries"]:
        lines.append(_line("industries", "产业", _industry_names(data["industries"])))
    if data["projects"]:
        lines.append(_line("projects", "项目", ", ".join(data["projects"])))
    for name, zh in (("company", "企业"), ("parent", "上级")):
        if data[name]:
            lines.append(_line(name, zh, (data[name], f"{names.entity(data[name], 'zh')}（{data[name]}）")))
    if data["note"]:
        lines.append(_note_line(data["note"]))
    if entity.role_en or entity.role_zh:
        lines.append(_line("role", "职务", (entity.role_en or "", entity.role_zh or "")))
    for fact in facts:  # what the article says about it: each fact's statement and figures, under its id
        figures = [(names.measure(q.measure, lang), figure(queries.quantity_record(q), lang))
                   for lang in ("en", "zh") for q in fact.quantities]
        half = len(figures) // 2
        colon = {"en": ": ", "zh": "："}
        lines.append({"field": fact.id, "value": tuple(
            "\n".join([text] + [f"• {measure}{colon[lang]}{value}" for measure, value in part])
            for lang, text, part in (("en", fact.en, figures[:half]), ("zh", fact.zh, figures[half:])))})
    return lines


# Summary ---------------------------------------------------------------------------------------------

# The fact box says what happened before what is planned or expected: two groups, each under its heading.
ACTUAL_HEADING = ("What happened: actual figures", "实际数据")
NOT_ACTUAL_HEADING = ("Planned, expected, design or total planned figures: not outcomes",
                      "计划、预计、设计或计划总投资数据：非实际结果")

# Where a fact's note qualifies a headline figure, the box says so in a few words (the note in full:
# `baotou show FACT_ID`). Keyed by fact id and measure; tests check each names a headline figure with a note.
HEADLINE_CAVEATS = {
    ("major-projects-investment-completed-oct", "investment-completed"): (
        "not comparable with the ¥5.5 bn of industrial fixed-asset investment: different scopes",
        "与55亿元工业固定资产投资口径不同，不可并列比较"),
    ("industrial-fixed-asset-investment-oct", "industrial-fixed-asset-investment"): (
        "year inferred from the article's context; not comparable with the ¥19.3 bn of the major projects",
        "年份据上下文推定；与重大项目193亿元口径不同"),
    ("budget-revenue-oct", "general-public-budget-revenue"): (
        "year inferred from the article's context", "年份据上下文推定"),
    ("funds-in-place-2022-jan-aug", "funds-in-place"): (
        "'outside the region' read as outside Inner Mongolia; the article does not define it",
        "区外按内蒙古自治区以外理解，原文未界定"),
    ("major-projects-125", "investment-total"): (
        "the 125 projects' total planned investment over their lives, not money spent: ¥19.3 bn had been "
        "invested by end-Oct 2022", "125个项目的计划总投资，并非已投资额：截至2022年10月底已完成投资193亿元"),
    ("rare-earth-projects-36", "rare-earth-projects"): (
        "date from the paragraph's context; how the 36 relate to the 125 major projects is not stated",
        "时间据段落上下文推定；与125个重大项目的关系原文未说明"),
    ("magnet-capacity-150kt", "capacity-magnets"): (
        "the zone's capacity or only its six top-ten magnet makers'? The article does not say",
        "原文未说明是全区产能还是六家十强企业的产能"),
}


class FactBox(Table):
    """The headline figures (or a topic's), actual ones under one heading and the others under another, a
    fact's rank on its first figure of each group only, and a note under the box for each caveat marked."""

    def __init__(self, box: list[dict], topic: str | None, names: views.DisplayNames) -> None:
        self.caveats = _caveats(box)
        subject, measure, value, period = views.metric_columns(names)
        super().__init__(Records(box, queries.METRIC_FIELDS, declared=Metric), [
            Column("headline", "#", "序", justify="right", collapse=True),  # no ranks in a topic: no column
            subject, measure, value._replace(formatter=self.figure_cell, flex=True, min_width=16),
            Column("certainty", "Certainty", "确定性",
                   formatter=lambda v, row, lang: certainty_word(row["qualifiers"], lang)),
            period,
        ], ("Headline figures", "主要数据") if not topic else
            (f"All figures: {views.term_name(topic, 'en')}", f"{views.term_name(topic, 'zh')}：全部数据"))

    def figure_cell(self, value, row: dict, lang: str) -> str:
        marker = self.caveats.get((row["fact_id"], row["measure"]))
        return _figure_without_certainty(value, row, lang) + (f" [{marker[0]}]" if marker else "")

    def table_rows(self) -> list[dict]:
        # A fact's rank on its first figure of each group only: the figures after it belong to the same headline.
        box = self.records.rows
        return [m | {"headline": None} if i and box[i - 1]["fact_id"] == m["fact_id"]
                and is_actual(box[i - 1]) == is_actual(m) else m for i, m in enumerate(box)]

    def group(self, row: dict) -> tuple[str, str]:
        return ACTUAL_HEADING if is_actual(row) else NOT_ACTUAL_HEADING

    def footnotes(self, lang: str) -> list[str]:
        return [f"[{number}] {(zh if lang == 'zh' else en)}" for number, (en, zh) in self.caveats.values()]


class Summary(Document):
    """`summary`: a title naming the article, the fact box, then (without a topic) what each topic holds.
    --json, CSV and --fields: one record per topic, its highlights nested."""

    def __init__(self, overview: Overview, factset) -> None:
        self.overview = overview
        self.box = FactBox(overview.box, overview.topic, views.DisplayNames(factset))
        self.counts = Table(Records(overview.rows, SUMMARY_FIELDS, declared=TopicSummary), [
            Column("topic", "Topic", "主题", hyphens=False),  # a slug users type: never broken
            Column("about", "About", "内容", formatter=lambda v, row, lang: views.term_name(row["topic"], lang)),
            Column("facts", "Facts", "事实", justify="right"), Column("figures", "Figures", "数值", justify="right"),
        ], ("What baotou holds (baotou summary TOPIC for all of a topic's figures)",
            "数据概览（baotou summary 主题：该主题全部数据）"))
        source, facts, entities = overview.source, overview.fact_count, overview.entity_count
        records = Records(overview.rows, SUMMARY_FIELDS, declared=TopicSummary, csv_explode={"highlights": queries.METRIC_FIELDS})
        super().__init__(Table(records, self.counts.columns,
                               (f"{source.headline_en} ({facts} facts, {entities} entities)",
                                f"{source.headline_zh}（{facts} 条事实，{entities} 个实体）")))

    def empty(self, lang: str) -> str:
        """What the box says when it holds no figure."""
        if self.overview.topic is None:
            return NO_HEADLINES[lang == "zh"]
        return _no_figures(self.overview.topic, self.overview.kinds, lang)

    def draw(self, lang: str, styled: bool, width: int):
        from rich.console import Group
        from rich.text import Text

        from baotou_cli.render.formats import to_table
        from baotou_cli.render.table_layout import wrap

        parts = [Text("\n".join(wrap(self.table.title(lang), width)), style="bold" if styled else ""), Text("")]
        if self.box.records.rows:
            parts.append(to_table(self.box, self.box.columns, self.box.table_rows(), lang, boxes=styled, width=width))
        else:
            parts.append(Text("\n".join(wrap(self.empty(lang), width))))
        if self.overview.topic is None:
            parts += [Text(""), to_table(self.counts, self.counts.columns, self.counts.table_rows(), lang,
                                         boxes=styled, width=width)]
        return Group(*parts)

    def write(self, lang: str) -> str:
        box = self.box
        parts = [f"**{self.table.title(lang)}**", "", f"**{box.title(lang)}**", ""]
        if not box.records.rows:
            parts.append(self.empty(lang) + "\n")
        for heading in (ACTUAL_HEADING, NOT_ACTUAL_HEADING):
            chosen = [row for row in box.table_rows() if box.group(row) == heading]
            if chosen:
                parts += [f"*{heading[lang == 'zh']}*", "", to_markdown(box.columns, chosen, lang)]
        parts += [line + "\n" for line in box.footnotes(lang)]
        if self.overview.topic is None:
            parts += [f"**{self.counts.title(lang)}**", "", to_markdown(self.counts.columns, self.counts.table_rows(),
                                                                         lang)]
        return "\n".join(parts)


def summary_listing(overview: Overview, factset) -> Summary:
    return Summary(overview, factset)


def _caveats(box: list[dict]) -> dict[tuple[str, str], tuple[int, tuple[str, str]]]:
    """The caveats of the figures in the box, numbered in the order the box shows them."""
    found: dict[tuple[str, str], tuple[int, tuple[str, str]]] = {}
    for row in sorted(box, key=lambda m: (not is_actual(m), rank(m))):
        key = (row["fact_id"], row["measure"])
        if key in HEADLINE_CAVEATS and key not in found:
            found[key] = (len(found) + 1, HEADLINE_CAVEATS[key])
    return found


def _no_figures(topic: str, kinds: dict[str, int], lang: str) -> str:
    """What a topic without figures holds instead: how many facts of which kinds, and where to read them."""
    if lang == "zh":
        held = "、".join(f"{KIND_ZH.get(kind, kind)} {count} 条" for kind, count in kinds.items())
        return (f"“{views.term_name(topic, 'zh')}”主题没有数据，共 {sum(kinds.values())} 条事实（{held}）；"
                f"baotou facts --topic {topic} 列出全部。")
    held = ", ".join(f"{count} {kind}{'s' if count != 1 else ''}" for kind, count in kinds.items())
    return (f"The topic {topic} ({views.term_name(topic, 'en')}) holds no figures: {sum(kinds.values())} facts "
            f"({held}); 'baotou facts --topic {topic}' lists them.")


def _figure_without_certainty(value, row, lang) -> str:
    """The figure without the certainty its own column gives (a change of another certainty keeps its own)."""
    from baotou_cli.data.vocabularies import CERTAINTY_QUALIFIERS, certainty

    def bare(quantity: dict) -> dict:
        return quantity | {"qualifiers": [q for q in quantity["qualifiers"] if q not in CERTAINTY_QUALIFIERS]}

    change = row["change"]
    same = change is None or certainty(change["qualifiers"]) == row["certainty"]
    return metric_figure(bare(row) | {"change": bare(change) if change and same else change}, lang)


NO_HEADLINES = ("This facts file ranks no headline figures (a fact's `headline: N`); 'baotou summary TOPIC' "
                "lists a topic's figures.", "该事实文件未标注要闻数据（事实的 headline 排序）；"
                "“baotou summary 主题”列出该主题的全部数据。")

