"""`summary`'s view: the fact box (headline figures, actual before planned, with their caveats), then what
each topic holds."""

from __future__ import annotations

from baotou_cli.questions import queries
from baotou_cli.questions.records import Metric, TopicSummary
from baotou_cli.questions.summary import SUMMARY_FIELDS, Overview, is_actual
from baotou_cli.render import views
from baotou_cli.render.figure_text import certainty_word, metric_figure
from baotou_cli.data.vocabularies import KIND_ZH
from baotou_cli.render.formats import Column, Document, Records, Table, to_markdown

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
        records = Records(overview.rows, SUMMARY_FIELDS, declared=TopicSummary,
                          csv_explode={"highlights": queries.METRIC_FIELDS})
        self.counts = Table(records, [
            Column("topic", "Topic", "主题", hyphens=False),  # a slug users type: never broken
            Column("about", "About", "内容", formatter=lambda v, row, lang: views.term_name(row["topic"], lang)),
            Column("facts", "Facts", "事实", justify="right"), Column("figures", "Figures", "数值", justify="right"),
        ], ("What baotou holds (baotou summary TOPIC for all of a topic's figures)",
            "数据概览（baotou summary 主题：该主题全部数据）"))
        source, facts, entities = overview.source, overview.fact_count, overview.entity_count
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
    """The caveats of the figures in the box (in the order it shows them: questions/summary sorts it by rank),
    numbered."""
    found: dict[tuple[str, str], tuple[int, tuple[str, str]]] = {}
    for row in box:
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
