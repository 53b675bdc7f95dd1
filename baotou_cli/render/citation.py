"""`cite`: a fact's quote in its sentence, its English rendering, and citation lines ready to paste.

The English citation follows the Chicago Manual of Style (17th ed.), notes and bibliography, for a newspaper
article: author, “headline” [original headline], newspaper, date, section, paragraph. The article names
neither its newspaper nor its date, so the note says so ("n.d."), and points at the section and the paragraph
within it, which anyone holding the article can find (a line number only fits this repository's text file).
Quotes inside the headline become single curly quotes, so no straight double quote is ever nested.
"""

from __future__ import annotations

import re
from typing import Any

from baotou_cli.questions.quote_location import CITE_FIELDS
from baotou_cli.questions.records import Citation as CitationRecord
from baotou_cli.render.formats import Column, Document, Records, Table

CITATION_STYLE = "chicago-notes"
# The byline's role as the glossary translates it (特约通讯员 is a contributing, not a special, correspondent).
BYLINE_ROLES = (("特约通讯员", "contributing correspondent"), ("特约记者", "contributing reporter"),
                ("通讯员", "correspondent"), ("记者", "staff reporter"))
# A quoted word inside a title, in straight double or single quotes ('high-tech', not the apostrophe of it's).
# The record of `cite --json`: where the quote stands (questions/quote_location.py finds it), then the citation worded here.
_STRAIGHT_QUOTED = re.compile(r'"([^"]*)"|(?<![A-Za-z])\'([^\']*)\'(?![A-Za-z])')


def _inner(text: str) -> str:
    """Quotes inside a quoted title: "high-tech" -> ‘high-tech’ (Chicago: single quotes within double)."""
    return _STRAIGHT_QUOTED.sub(lambda m: f"‘{m.group(1) or m.group(2)}’", text).replace('"', "’")


def _author(byline_en: str, byline_zh: str) -> tuple[str, str, str, str]:
    """(name in English, role in English, name in Chinese, role in Chinese) from the bylines."""
    name_en = byline_en.split(",")[0].strip()
    role_zh = next((zh for zh, _ in BYLINE_ROLES if zh in byline_zh), "")
    role_en = next((en for zh, en in BYLINE_ROLES if zh == role_zh), "")
    name_zh = byline_zh.split()[-1] if byline_zh.split() else byline_zh
    return name_en, role_en, name_zh, ("本报" if "本报" in byline_zh else "") + role_zh


def byline_en(byline_en: str, byline_zh: str) -> str:
    """The byline as the citation reads it: 'Li Baole (contributing correspondent)', not '... of this
    newspaper' (本报), which names no newspaper to a reader who does not hold the page."""
    name, role, _, _ = _author(byline_en, byline_zh)
    return f"{name} ({role})" if role else byline_en


def citation_en(record: dict) -> str:
    source = record["source"]
    name, role, _, _ = _author(source.byline_en, source.byline_zh)
    author = f"{name} ({role})" if role else name
    section = f"section “{_inner(record['section_en'])},”" if record["section_en"] else "opening section,"
    return (f"{author}, “{_inner(source.headline_en)}” [{source.headline_zh}], newspaper not named, n.d., "
            f"{section} para. {record['paragraph_in_section']}.")


def citation_zh(record: dict) -> str:
    source = record["source"]
    _, _, name, role = _author(source.byline_en, source.byline_zh)
    inner = (record["section_zh"] or "").replace("“", "‘").replace("”", "’")  # quotes within quotes: ‘’
    section = f"“{inner}”部分" if record["section_zh"] else "导语部分"
    author = f"{name}（{role}）" if role else name
    return (f"{author}：《{source.headline_zh}》，{section}第{record['paragraph_in_section']}段"
            "（原文未载明报纸名称与日期）。")


class Citation(Document):
    """A fact's quote in its sentence, baotou's English rendering of it, and both citation lines."""

    def __init__(self, found: dict) -> None:
        row: dict[str, Any] = {name: found.get(name) for name in CITE_FIELDS}  # in the contract's order
        row.update(citation_style=CITATION_STYLE, citation_en=citation_en(found), citation_zh=citation_zh(found))
        self.row = row
        super().__init__(Table(Records([row], CITE_FIELDS, declared=CitationRecord), [
            Column("sentence", "Sentence", "原句", flex=True),
            Column("citation_en", "Citation", "引用", formatter=lambda v, r, lang: r["citation_zh" if lang == "zh" else
                                                                              "citation_en"], localized=True)],
            (row["id"], row["id"])))

    @staticmethod
    def labels(lang: str) -> tuple[str, str, str]:
        if lang == "zh":
            return "英文（本工具对该事实的译述，非正式译文）：", "段落：", "引用："
        return "English (baotou's rendering of the fact, not a published translation): ", "Paragraph: ", \
            "Citation (Chicago): "

    def _citations(self, lang: str) -> tuple[str, str]:
        """Both citation lines, the reader's language first."""
        row = self.row
        return (row["citation_zh"], row["citation_en"]) if lang == "zh" else (row["citation_en"], row["citation_zh"])

    def plain(self, lang: str) -> list[str]:
        english, paragraph, cite = self.labels(lang)
        first, second = self._citations(lang)
        row = self.row
        lines = [row["sentence"], "", english + row["en"], ""]
        if row["paragraph"] != row["sentence"]:
            lines += [paragraph + row["paragraph"], ""]
        return lines + [cite + first, second]

    def draw(self, lang: str, styled: bool, width: int):
        """Piped: one line per paragraph, never wrapped inside a sentence. On a terminal: the quoted words
        highlighted in their sentence, wrapped to the width."""
        if not styled:
            return "\n".join(self.plain(lang)) + "\n"
        from rich.text import Text

        from baotou_cli.render.table_layout import wrap_styled

        out = Text()
        sentence, cursor = self.row["sentence"], 0
        for fragment in (f.strip() for f in self.row["quote"].split("…")):
            at = sentence.find(fragment, cursor) if fragment else -1
            if at == -1:
                continue
            out.append(sentence[cursor:at])
            out.append(fragment, style="bold yellow")
            cursor = at + len(fragment)
        out.append(sentence[cursor:] + "\n")
        for line in self.plain(lang)[1:]:
            out.append(line + "\n", style="" if line.startswith(self.labels(lang)[0]) else "dim")
        return wrap_styled(out, width)

    def write(self, lang: str) -> str:
        english = self.labels(lang)[0]
        first, second = self._citations(lang)
        return f"> {self.row['sentence']}\n>\n> {english}{self.row['en']}\n\n{first}\n\n{second}\n"


def citation_listing(found: dict) -> Citation:
    return Citation(found)
