"""How figures read on screen: ¥5.15 bn in English, 51.5亿元 in Chinese, with their qualifiers.

Presentation only: JSON and the other machine formats carry the exact values, never these strings.
A figure never reads as more exact or more certain than the article says: qualifiers always show.
"""

from __future__ import annotations

from baotou_cli.facts.terms import PRECISION_QUALIFIERS

# How each of terms.QUALIFIERS reads (a test checks that every qualifier has both).
QUALIFIER_EN = {
    "at-least": "at least", "more-than": "more than", "about": "about", "expected": "expected",
    "planned": "planned", "target": "target", "design": "design capacity", "project-total": "total planned investment",
    "record": "record", "first": "first", "cumulative": "cumulative",
}
QUALIFIER_ZH = {
    "at-least": "至少", "more-than": "以上", "about": "约", "expected": "预计", "planned": "计划",
    "target": "目标", "design": "设计产能", "project-total": "项目总投资", "record": "历史最高", "first": "首次",
    "cumulative": "累计",
}
_BEFORE = PRECISION_QUALIFIERS  # read before the number; the others are notes after it


def decimal_text(value: float | int, places: int = 4) -> str:
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


def figure_en(quantity: dict) -> str:
    """One quantity record in English: 'more than 85%', '¥5.15 bn (expected)', 'top 10'."""
    value, unit = quantity.get("value"), quantity.get("unit")
    raw = quantity.get("raw", "")
    if value is None:
        core = f"{raw} (no exact number)"
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
    before = [QUALIFIER_EN[q] for q in qualifiers if q in _BEFORE]
    notes = [QUALIFIER_EN[q] for q in qualifiers if q not in _BEFORE]
    return " ".join([*before, core]) + (f" ({', '.join(notes)})" if notes else "")


# Qualifiers the raw Chinese text already says in its own words.
_SAID_IN_RAW = {"at-least": ("多",), "more-than": ("多", "余", "以上", "突破"), "about": ("数", "约")}


def figure_zh(quantity: dict) -> str:
    """One quantity record in Chinese: its raw text as the article wrote it, with qualifiers not in it."""
    raw = quantity.get("raw", "")
    core = f"同比{raw}" if quantity.get("basis") == "year-on-year" else raw
    qualifiers = [q for q in quantity.get("qualifiers") or []
                  if not any(word in raw for word in _SAID_IN_RAW.get(q, ()))]
    prefix = "".join(QUALIFIER_ZH[q] for q in qualifiers if q in ("at-least", "about"))
    suffix = "以上" if "more-than" in qualifiers else ""
    notes = [QUALIFIER_ZH[q] for q in qualifiers if q not in _BEFORE]
    return prefix + core + suffix + (f"（{'，'.join(notes)}）" if notes else "")


def measure_name(measure: str) -> str:
    """funds-in-place -> funds in place."""
    return measure.replace("-", " ")


def metric_figure(metric: dict, lang: str) -> str:
    """A metric row's figure with the year-on-year change that rides along with it."""
    text = figure(metric | {"raw": metric["figure_raw"]}, lang)
    if metric.get("change"):
        text += ("，" if lang == "zh" else ", ") + figure(metric["change"], lang)
    return text


def figure(quantity: dict, lang: str) -> str:
    return figure_zh(quantity) if lang == "zh" else figure_en(quantity)


def period_text(period: dict | None, as_of: dict | None, lang: str) -> str:
    """'2022-01..2022-08', 'since 2020', 'as of 2022-10-31' (or the article's own words in Chinese)."""
    if lang == "zh":
        return " ".join(x["raw"] for x in (period, as_of) if x)
    parts = []
    if period:
        start, end = period.get("start"), period.get("end")
        if start and end:
            parts.append(start if start == end else f"{start}..{end}")
        elif start:
            parts.append(f"since {start}")
    if as_of:
        parts.append(f"as of {as_of['date']}" if as_of.get("date") else "at the time of writing")
    return ", ".join(parts)
