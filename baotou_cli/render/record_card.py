"""`show`'s view: one fact in full with its quote in context, or an entity with its facts."""

from __future__ import annotations


from baotou_cli.questions.lookup import SHOW_FIELDS, FoundRecord
from baotou_cli.questions import queries
from baotou_cli.questions.records import ShownRecord
from baotou_cli.render import citation, views
from baotou_cli.render.figure_text import certainty_word, figure, period_text
from baotou_cli.data.model import Entity, Fact, as_dict
from baotou_cli.data.vocabularies import ENTITY_TYPE_ZH, KIND_ZH
from baotou_cli.render.formats import Column, Document, Records, Table

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
