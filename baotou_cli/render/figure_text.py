"""How figures read on screen: ¥5.15 bn in English, 51.5亿元 in Chinese, with their qualifiers.

Presentation only: JSON and the other machine formats carry the exact values, never these strings.
A figure never reads as more exact or more certain than the article says: qualifiers always show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from decimal import Decimal

from baotou_cli.data.vocabularies import CERTAINTY_QUALIFIERS, PRECISION_QUALIFIERS

# How each of vocabularies.QUALIFIERS reads (a test checks that every qualifier has both).
QUALIFIER_EN = {
    "at-least": "at least", "more-than": "more than", "about": "about", "expected": "expected",
    "planned": "planned", "target": "target", "design": "design capacity", "project-total": "total planned investment",
    "record": "record high", "first": "for the first time", "cumulative": "cumulative",
}
QUALIFIER_ZH = {
    "at-least": "至少", "more-than": "以上", "about": "约", "expected": "预计", "planned": "计划",
    "target": "目标", "design": "设计产能", "project-total": "计划总投资", "record": "历史最高", "first": "首次",
    "cumulative": "累计",
}
# The one word for how certain a figure is (vocabularies.certainty), for table columns, CSV readers and charts.
CERTAINTY_EN = {"actual": "actual", **{q: QUALIFIER_EN[q] for q in CERTAINTY_QUALIFIERS}}
CERTAINTY_ZH = {"actual": "实际", **{q: QUALIFIER_ZH[q] for q in CERTAINTY_QUALIFIERS}}
_BEFORE = PRECISION_QUALIFIERS  # read before the number; the others are notes after it
# A qualifier another one on the same figure already says in its words: "total planned investment" is
# planned, so "(planned, total planned investment)" would say it twice.
_SAID_BY = {"planned": "project-total"}


def _notes(qualifiers: list[str], words: dict[str, str]) -> list[str]:
    """The qualifiers read after the number, in `words`' language, none said twice."""
    return [words[q] for q in qualifiers if q not in _BEFORE and _SAID_BY.get(q) not in qualifiers]


def with_certainty(text: str, word: str, lang: str) -> str:
    """A figure with how certain it is: inside the figure's own trailing note when it has one
    ('125 projects (actual, record high)'), not a second pair of brackets after it."""
    open_, close, comma = ("（", "）", "，") if lang == "zh" else (" (", ")", ", ")
    start = text.rfind(open_)
    inside = text[start + len(open_):-len(close)].split(comma) if start >= 0 and text.endswith(close) else []
    words = QUALIFIER_ZH if lang == "zh" else QUALIFIER_EN
    if inside and all(note in words.values() for note in inside):  # not '2,679 mu (178.6 ha)'
        return f"{text[:start + len(open_)]}{word}{comma}{text[start + len(open_):]}"
    return f"{text}{open_}{word}{close}"


def decimal_text(value: float | int | Decimal, places: int = 4) -> str:
    """A number without float noise or trailing zeros: 5.15, 12,000."""
    from decimal import Decimal

    number = Decimal(str(value))
    if number == number.to_integral_value():
        return f"{int(number):,}"
    text = f"{round(number, places):,.{places}f}".rstrip("0").rstrip(".")
    return text


def _amount_en(value: float | int) -> str:
    from decimal import Decimal

    number = Decimal(str(value))
    for size, word in ((Decimal(10**9), "bn"), (Decimal(10**6), "m")):
        if abs(number) >= size:
            return f"¥{decimal_text(number / size)} {word}"
    return f"¥{decimal_text(number)}"


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


# Numbers the article gives only by their order of size, in English words (数十根 -> dozens of rods).
_ORDERS_EN = {"数十": "dozens of", "数百": "hundreds of", "数千": "thousands of", "数万": "tens of thousands of"}


def figure_en(quantity: dict) -> str:
    """One quantity record in English: 'more than 85%', '¥5.15 bn (expected)', 'top 10'."""
    value, unit = quantity.get("value"), quantity.get("unit")
    raw = quantity.get("raw", "")
    if value is None:  # 数十根: the article gives no exact number, only its order
        noun = quantity.get("noun")
        order = next((words for mark, words in _ORDERS_EN.items() if raw.startswith(mark)), "an unstated number of")
        core = f"{order} {noun}" if noun else f"{order} (no exact number)"
    elif unit == "CNY":
        core = _amount_en(value)
    elif unit == "%":
        core = f"{decimal_text(value)}%"
    elif unit == "t":
        core = f"{decimal_text(value)} t"
    elif unit == "t-class":
        core = f"{decimal_text(value)}-tonne class"
    elif unit == "GW":
        core = f"{decimal_text(value)} GW"
    elif unit == "mu":
        hectares = quantity.get("hectares")
        core = f"{decimal_text(value)} mu" + (f" ({decimal_text(hectares, 2)} ha)" if hectares is not None else "")
    elif unit == "ratio":
        core = raw if "/" in raw else decimal_text(value)
    elif unit == "times":
        core = f"{decimal_text(value)}x"
    elif unit == "ordinal":
        core = _ordinal(int(value))
    elif unit == "rank":
        core = f"top {decimal_text(value)}"
    else:
        noun = quantity.get("noun")
        core = f"{decimal_text(value)} {noun}" if noun else decimal_text(value)
    if quantity.get("basis") == "year-on-year":
        core = ("+" if value is not None and value >= 0 and unit == "%" else "") + core + " y/y"
    elif quantity.get("basis") == "previous-year":
        core += " vs previous year"
    qualifiers = quantity.get("qualifiers") or []
    # "dozens of" already says it is approximate: no "about" in front of it
    before = [QUALIFIER_EN[q] for q in qualifiers if q in _BEFORE and not (value is None and q == "about")]
    notes = _notes(qualifiers, QUALIFIER_EN)
    return " ".join([*before, core]) + (f" ({', '.join(notes)})" if notes else "")


# Qualifiers the raw Chinese text already says in its own words.
_SAID_IN_RAW = {"at-least": ("多",), "more-than": ("多", "余", "以上", "突破"), "about": ("数", "约")}


def figure_zh(quantity: dict) -> str:
    """One quantity record in Chinese: its raw text as the article wrote it, with qualifiers not in it."""
    raw = quantity.get("raw", "")
    # 同比增长50.6%, as the article writes it: "同比50.6%" alone could read as a share of last year
    basis = quantity.get("basis")
    value = quantity.get("value")
    if basis == "year-on-year":
        core = ("同比" if value is not None and value < 0 else "同比增长") + raw
    elif basis == "previous-year":
        core = f"较去年{raw}"
    else:
        core = raw
    qualifiers = [q for q in quantity.get("qualifiers") or []
                  if not any(word in raw for word in _SAID_IN_RAW.get(q, ()))]
    prefix = "".join(QUALIFIER_ZH[q] for q in qualifiers if q in ("at-least", "about"))
    suffix = "以上" if "more-than" in qualifiers else ""
    notes = _notes(qualifiers, QUALIFIER_ZH)
    return prefix + core + suffix + (f"（{'，'.join(notes)}）" if notes else "")


def measure_name(measure: str | None, lang: str = "en", measures: dict | None = None) -> str:
    """A measure's label from the facts file (measures:), in the language asked for; a file without labels
    reads its slug as words (funds-in-place -> funds in place). A draft's figure may have none yet."""
    if measure is None:
        return "（指标待定）" if lang == "zh" else "(measure to be chosen)"
    label = (measures or {}).get(measure)
    if label is not None:
        return label.zh if lang == "zh" else label.en
    return measure.replace("-", " ")


def certainty_word(qualifiers, lang: str) -> str:
    from baotou_cli.data.vocabularies import certainty

    return (CERTAINTY_ZH if lang == "zh" else CERTAINTY_EN)[certainty(qualifiers or ())]


def metric_figure(metric: dict, lang: str) -> str:
    """A metric row's figure with the year-on-year change that rides along with it."""
    text = figure(metric | {"raw": metric["figure_raw"]}, lang)
    if metric.get("change"):
        text += ("，" if lang == "zh" else ", ") + figure(metric["change"], lang)
    return text


def figure(quantity: dict, lang: str) -> str:
    return figure_zh(quantity) if lang == "zh" else figure_en(quantity)


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _parts(iso: str) -> tuple[int, int | None, int | None]:
    pieces = [int(p) for p in iso.split("-")]
    return pieces[0], pieces[1] if len(pieces) > 1 else None, pieces[2] if len(pieces) > 2 else None


def _point_en(iso: str, with_year: bool = True) -> str:
    year, month, day = _parts(iso)
    if month is None:
        return str(year)
    text = MONTHS[month - 1] if day is None else f"{day} {MONTHS[month - 1]}"
    return f"{text} {year}" if with_year else text


def _point_zh(iso: str, with_year: bool = True) -> str:
    year, month, day = _parts(iso)
    text = f"{year}年" if with_year else ""
    return text + (f"{month}月" if month else "") + (f"{day}日" if day else "")


def _month_end(iso: str) -> bool:
    import calendar

    year, month, day = _parts(iso)
    return month is not None and day is not None and day == calendar.monthrange(year, month)[1]


def _span(start: str, end: str, lang: str) -> str:
    """2022, Aug 2022, Jan-Aug 2022, Nov 2021-Aug 2022, 2022-2024 (2022年1-8月 in Chinese)."""
    point = _point_zh if lang == "zh" else _point_en
    if start == end:
        return point(start)
    (start_year, start_month, start_day), (end_year, end_month, end_day) = _parts(start), _parts(end)
    months_only = start_day is None and end_day is None
    if lang == "zh":
        if start_year == end_year and start_month and end_month and months_only:
            return f"{start_year}年{start_month}-{end_month}月"
        if start_month is None and end_month is None:
            return f"{start_year}-{end_year}年"
        return f"{point(start)}至{point(end)}"
    if start_year == end_year and start_month and end_month and months_only:
        return f"{_point_en(start, with_year=False)}-{_point_en(end)}"
    return f"{point(start)}-{point(end)}"


def period_text(period: dict | None, as_of: dict | None, lang: str) -> str:
    """How a period reads in a table: 'Jan-Aug 2022', 'since 2020', 'as of end-Oct 2022', 'at the time of
    writing'; in Chinese '2022年1-8月', '2020年以来', '截至2022年10月底'. JSON keeps the ISO forms."""
    parts = []
    if period and period.get("start"):
        start, end = period["start"], period.get("end")
        if end:
            parts.append(_span(start, end, lang))
        else:
            parts.append(f"{_point_zh(start)}以来" if lang == "zh" else f"since {_point_en(start)}")
    elif period:
        parts.append(period["raw"])
    if as_of:
        date = as_of.get("date")
        if date is None:  # the article's own words: 截至目前 (to date) and 目前 (now) differ
            parts.append(as_of["raw"] if lang == "zh" else "at the time of writing")
        elif _month_end(date):
            year, month, _ = _parts(date)
            assert month is not None  # a month's end has a month
            parts.append(f"截至{year}年{month}月底" if lang == "zh" else f"as of end-{MONTHS[month - 1]} {year}")
        else:
            parts.append(f"截至{_point_zh(date)}" if lang == "zh" else f"as of {_point_en(date)}")
    return ("，" if lang == "zh" else ", ").join(parts)


def when_text(start: str | None, end: str | None, as_of: str | None, lang: str) -> str:
    """A timeline entry's or --by period group's period (questions.queries.period_parts) read as a period:
    from `start` to `end` (none: open), or as of the date `as_of` ('writing': the time of writing)."""
    if as_of:
        return period_text(None, {"raw": "", "date": None if as_of == "writing" else as_of}, lang)
    if start:
        return period_text({"raw": "", "start": start, "end": end}, None, lang)
    return "无日期" if lang == "zh" else "undated"
