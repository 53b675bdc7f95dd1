"""Tables that survive any terminal width: wrap only between words, never inside an id, a number or a word;
give spare room to the statement; and where the columns cannot fit, one block per record instead.

Text is cut into units that a line may not break inside: a Latin word, id or number (with the Chinese unit
that follows it: 51.5亿元, 1.2万吨), or one Chinese character. Chinese closing punctuation is glued to the
unit before it and opening brackets to the unit after, so no line starts with ，。、；：？！ or a closing
bracket (and none ends with an opening one).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from baotou_cli.data.characters import HAN

MIN_WIDTH = 20  # no table is drawn narrower; a smaller $COLUMNS (0, 1) is taken for a mistake
DEFAULT_WIDTH = 80

# A run of Latin letters, digits and their punctuation (one unit), with a Chinese number word or unit after
# a number; or any other single character.
_UNIT = re.compile(r"[（(][^（）()\s]{1,6}[）)]"  # a short note in brackets stays whole: （计划）, (expected)
                   r"|[0-9][0-9A-Za-z.,%+\-/~×:]*(?:[万亿千百]{1,2})?"
                   r"(?:[元吨台个家项条名人次倍亩年月日号期讲场批届轮位户种款所座栋季根辆架]|余个|多名|多家|余家|多个)?"
                   r"|[^\s\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u3000-\u303F“”‘’]+"
                   r"|\S")
# Unit words that stay on the line of the number before them: 12,000 t, ¥13.2 bn, +50.6% y/y.
UNIT_WORDS = {"t", "GW", "bn", "m", "mu", "ha", "y/y", "t/year", "tonnes", "yuan", "billion", "million"}
NO_LINE_START = set("，。、；：？！）」』】》〉”’·…%,.;:?!)]}")
NO_LINE_END = set("（「『【《〈“‘([{")


def terminal_width(columns: str | None, detected: int) -> int:
    """The width to draw at: $COLUMNS when it is a number a terminal could have (MIN_WIDTH or more), else
    the terminal's own width, else DEFAULT_WIDTH. COLUMNS=0, 1, -5 or abc are mistakes, not requests for a
    one-column table: they are ignored, as an unset COLUMNS would be."""
    try:
        width = int((columns or "").strip())
    except ValueError:
        width = 0
    if width >= MIN_WIDTH:
        return width
    if columns is None or not columns.strip():
        return max(detected, MIN_WIDTH)
    import os
    import sys

    try:
        return max(os.get_terminal_size(sys.stdout.fileno()).columns, MIN_WIDTH)
    except (OSError, ValueError, AttributeError):
        return DEFAULT_WIDTH


def cells(text: str) -> int:
    """Cells a text takes, counting East Asian ambiguous-width characters (“ ” ‘ ’ … · — ×) as two: a CJK
    terminal draws them wide, others narrow, and a line must fit the width either way."""
    from rich.cells import cell_len

    if text.isascii():
        return len(text)
    return cell_len(text) + sum(1 for char in text if char in _AMBIGUOUS or (
        char not in _NARROW and _ambiguous(char)))


_AMBIGUOUS = set("“”‘’…·—–×•°±")
_NARROW = set("¥，。、；：？！（）《》")


def _ambiguous(char: str) -> bool:
    import unicodedata

    return ord(char) > 0x7F and unicodedata.east_asian_width(char) == "A"


class Unit(NamedTuple):
    text: str
    space_before: bool  # a space separates it from the unit before (dropped at a line start)


# Not in a short prefix or name part: "Hi-/Tech Zone" and "co-/operation" read as typos, "rare-/earth" does not.
_HYPHEN = re.compile(r"(?<=[A-Za-z]{3}-)(?=[A-Za-z]{3})")
# An id quoted in prose (major-projects-investment-completed-oct): never broken, so it can be copied whole.
_ID = re.compile(r"^\W*[a-z0-9]+(?:-[a-z0-9]+){2,}\W*$")


def units(line: str, hyphens: bool = False) -> list[Unit]:
    """The unbreakable units of one line of text, punctuation glued where a line may not break. With
    `hyphens`, a hyphenated word may break after its hyphen (high-/performance); ids never get this."""
    found = _units(line)
    if not hyphens:
        return found
    split: list[Unit] = []
    for unit in found:
        pieces = [unit.text] if _ID.match(unit.text) else _HYPHEN.split(unit.text)
        split += [Unit(piece, unit.space_before and index == 0) for index, piece in enumerate(pieces)]
    return split


def _units(line: str) -> list[Unit]:
    found: list[Unit] = []
    glue_next = False
    for match in _UNIT.finditer(line):
        token = match.group()
        spaced = match.start() > 0 and line[match.start() - 1].isspace()
        after_number = found and found[-1].text[-1:] in "0123456789%" and token.rstrip(",;.)") in UNIT_WORDS
        if found and (glue_next or after_number or (not spaced and token[0] in NO_LINE_START)
                      or (not spaced and found[-1].text[-1:].isascii() and found[-1].text[-1:].isalnum()
                          and token[:1].isascii() and not token[:1].isspace())):
            found[-1] = Unit(found[-1].text + (" " if spaced else "") + token, found[-1].space_before)
        else:
            found.append(Unit(token, spaced))
        glue_next = token[-1] in NO_LINE_END
    return found


def min_width(text: str, hyphens: bool = False) -> int:
    """The narrowest a column can be without breaking inside a unit of this text."""
    return max((cells(u.text) for line in text.split("\n") for u in units(line, hyphens)), default=0)


def natural_width(text: str) -> int:
    return max((cells(line) for line in text.split("\n")), default=0)


def _hyphen_pieces(unit: Unit, width: int) -> list[Unit]:
    """A unit wider than the line (an id of 45 characters at 40 columns) breaks after a hyphen, never inside
    a word; one without a hyphen stays whole and overflows."""
    if cells(unit.text) <= width or "-" not in unit.text.strip("-"):
        return [unit]
    pieces = re.split(r"(?<=-)(?=[^-])", unit.text)
    return [Unit(piece, unit.space_before and index == 0) for index, piece in enumerate(pieces)]


def wrap(text: str, width: int, hyphens: bool = False) -> list[str]:
    """Lines of at most `width` cells, broken only between units (a unit wider than that breaks after a
    hyphen, or gets a line of its own and overflows rather than being split inside a word)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current, used = "", 0
        for unit in (piece for whole in units(paragraph, hyphens) for piece in _hyphen_pieces(whole, width)):
            size = cells(unit.text)
            gap = 1 if unit.space_before and current else 0
            if current and used + gap + size > width:
                keep, carry = _chinese_break(current, unit.text)
                lines.append(keep)
                current, used = carry + unit.text, cells(carry) + size
            else:
                current += " " * gap + unit.text
                used += gap + size
        lines.append(current)
    return lines


_HAN = re.compile(f"[{HAN}]")
# Where a Chinese line reads best broken when no punctuation is near: after these (的, 和...), or before these.
_BREAK_AFTER = set("，。、；：？！）」』】》”的了和与及等并或")
_BREAK_BEFORE = set("在将已对从把被以为于是（「『【《“")
_LOOK_BACK = 4  # characters a break may move back to fall between words; further, the line would look ragged


# Two-character words a line should not split (the articles' common words: 提升, not 提 / 升); a line-breaking
# aid only, never used to read or match text.
_WORD_LIST = """稀土 包头 高新 产业 项目 发展 干部 投资 亿元 材料 企业 建设 生产 永磁 质量 培训 资源 提升 精神 营商 制造
供应 车间 公司 推动 智能 工业 年产 万吨 国家 着力 安全 单晶 优势 环境 性能 增长 计划 科技 完成 重大 组织 实现 作为 导向
聚焦 学习 建成 创新 现代 招商 截至 目前 同比 围绕 实施 产值 专题 能力 领域 我国 唯一 转变 水平 生态 优先 把握 结构 体系
示范 全面 关键 贡献 车辆 有限 一流 坚持 签约 重点 工作 装备 规模 中国 经济 成为 全球 基地 依托 讲座 党员 党校 网络 学院
课程 清华 大学 继续 教育 终身 赋能 选拔 任用 考核 激励 书记 科级 基层 脱产 线上 举办 落实 持续 工程 素质 专项 平台 开展
合作 制定 推出 系列 前沿 院士 政策 金融 企业 直属 党委 党组 街道 社区 自治 内蒙 研究 磁材 钕铁 铁硼
硅材 光伏 组件 拉晶 切片 一期 二期 投产 施工 在建 达产 销售 利税 就业 岗位 转化 原料 原材 行业 应用 功能 高端 龙头 集群
产能 全国 以上 以来 实际 预计 累计 引进 到位 资金 参加 固定 资产 预算 收入 一般 公共 总产 超过 首次 翻番 历史 最高
经理 局长 走廊 架子 刚刚 出炉 表示 区位 经营 安心 放心 舒心 改革 深化 期盼 群众 通讯 报纸 名称 日期"""
_WORDS = set(_WORD_LIST.split()) | {"单晶炉", "单晶硅", "钕铁硼", "高新区", "内蒙古", "自治区", "生产线", "永磁体",
                                    "产业链", "供应链", "党组织", "总经理", "副局长", "通讯员"}


def _han_run(line: str) -> int:
    """How many Chinese characters end `line`."""
    count = 0
    while count < len(line) and _HAN.fullmatch(line[-count - 1]):
        count += 1
    return count


def _chinese_break(line: str, next_text: str) -> tuple[str, str]:
    """Where a line that must break inside a run of Chinese characters breaks best: at the nearest punctuation
    or word boundary within a few characters back (the rest moves on to the next line); failing that, not
    inside a common two-character word. Elsewhere: as it is."""
    if not (_HAN.fullmatch(line[-1:]) and _HAN.match(next_text)):
        return line, ""
    run = _han_run(line)
    if run <= 2 and len(line) > run and line[-run - 1] == " ":  # 'Jinli, 金' / '力': a short name moves down whole
        return line[:-run].rstrip(), line[-run:]
    for back in range(1, _LOOK_BACK + 1):
        at = len(line) - back
        if at <= 0 or not _HAN.fullmatch(line[at:at + 1]) and line[at:at + 1] not in _BREAK_BEFORE:
            break
        before, after = line[at - 1], line[at]
        if before in _BREAK_AFTER or after in _BREAK_BEFORE:
            return line[:at], line[at:]
    # The break falls inside a word: move its start down (单晶 / 炉 -> / 单晶炉; 提 / 升 -> / 提升), unless the
    # line's end is a word of its own.
    for kept, taken in ((2, 1), (1, 2), (1, 1)):
        start = line[-kept:]
        if len(line) > kept and _HAN.fullmatch(start[0]) and start + next_text[:taken] in _WORDS \
                and line[-kept - 1:] not in _WORDS:
            return line[:-kept], start
    return line, ""


class Sizing(NamedTuple):
    least: int  # no column narrower than this (its widest unit, or the column's readable minimum)
    ideal: int  # as wide as its longest line
    flex: bool  # gets the spare room first (the statement)
    cap: int  # others grow at first up to this


def fit(sizes: list[Sizing], room: int) -> list[int] | None:
    """Column widths that fit `room` cells (gaps already taken out), or None when they cannot."""
    widths = [s.least for s in sizes]
    spare = room - sum(widths)
    if spare < 0:
        return None
    # Short columns up to their cap, evenly; then the flexible ones (the statement) as wide as they need.
    for limit in (lambda s: min(s.ideal, max(s.least, s.cap)) if not s.flex else s.least,
                  lambda s: s.ideal if s.flex else min(s.ideal, max(s.least, s.cap))):
        growing = True
        while spare > 0 and growing:
            growing = False
            for index, size in enumerate(sizes):
                if spare > 0 and widths[index] < limit(size):
                    widths[index] += 1
                    spare -= 1
                    growing = True
    # Then whole columns, the nearest to unwrapped first: one column that no longer wraps reads better than
    # every column a little wider.
    for index in sorted(range(len(sizes)), key=lambda i: sizes[i].ideal - widths[i]):
        grow = min(spare, max(0, sizes[index].ideal - widths[index]))
        widths[index] += grow
        spare -= grow
    return widths


def wrap_styled(text, width: int):
    """A Rich Text wrapped by `wrap` (styles kept): Rich's own wrapping would let a Chinese line start with
    a closing mark. Returns a Text that Rich must not wrap again."""
    from rich.text import Text

    plain, lines, cursor = text.plain, [], 0
    for paragraph_line in wrap(plain, width):
        start = plain.find(paragraph_line, cursor) if paragraph_line else cursor
        start = cursor if start == -1 else start
        lines.append(text[start:start + len(paragraph_line)])
        cursor = start + len(paragraph_line)
    out = Text("\n", no_wrap=True, overflow="ignore").join(lines)
    out.no_wrap, out.overflow = True, "ignore"
    return out
