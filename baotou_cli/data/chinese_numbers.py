"""Read the numbers, periods and dates of Chinese news text, as written in a fact's `raw` fields.

These functions recompute what a fact's normalized fields must say, so `baotou verify` can prove that
``51.5亿元`` really is 5,150,000,000 yuan. They never guess: a text they cannot read is an error.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

CHINESE_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
                  "九": 9}
CHINESE_POWERS = {"十": 10, "百": 100, "千": 1000}
MULTIPLIERS = {"万": Decimal(10**4), "亿": Decimal(10**8), "万亿": Decimal(10**12)}

# The unit a raw text's trailing words call for; any unit word not listed here makes a unitless figure
# (a count, ordinal or rank), whose noun the fact gives.
MEASURE_UNITS = (("元", "CNY"), ("吨级", "t-class"), ("吨", "t"), ("%", "%"), ("％", "%"), ("GW", "GW"), ("亩", "mu"),
                 ("倍", "times"))
UNITLESS = {"count", "ordinal", "rank"}

_RAW = re.compile(
    r"^(?P<prefix>第|前)?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:/\d+)?|[零〇一二两三四五六七八九十百千]+(?:万[零〇一二两三四五六七八九十百千]+)?)?"
    r"(?P<approx>多|余)?(?P<mult>万亿|万|亿)?(?P<rest>.*)$",
    re.S,
)


def chinese_to_int(text: str) -> int:
    """十四 -> 14, 二十 -> 20, 千 -> 1000, 三 -> 3, 一万二千三百 -> 12300."""
    if "万" in text:  # 一万二千三百: the part before 万 counts tens of thousands
        high, _, low = text.partition("万")
        return chinese_to_int(high or "一") * 10**4 + (chinese_to_int(low) if low else 0)
    total, digit = 0, None
    for char in text:
        if char in CHINESE_DIGITS:
            digit = CHINESE_DIGITS[char]
        elif char in CHINESE_POWERS:
            total += (1 if digit is None else digit) * CHINESE_POWERS[char]
            digit = None
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + (digit or 0)


# Multiples written as words: 翻番 / 翻一番 doubles, 翻两番 quadruples.
MULTIPLES = {"翻番": 2, "翻一番": 2, "翻了一番": 2, "翻两番": 4, "翻了两番": 4}
ROUGH_SIZES = ("数十", "数百", "数千", "数万", "几十", "几百", "上百", "上千", "上万")
_CHINESE_NUMERAL = "[零〇一二两三四五六七八九十百千万]+"
_RANGE = re.compile(r"^\d+(?:\.\d+)?[-—–~～至到]\d+(?:\.\d+)?")
_TENTHS = re.compile(r"^(?P<n>[一二两三四五六七八九]|\d)成(?P<approx>多|以上)?$")
_PARTS = re.compile(rf"^(?P<whole>\d+|{_CHINESE_NUMERAL})分之(?P<part>\d+(?:\.\d+)?|{_CHINESE_NUMERAL})$")


def _number(text: str) -> Decimal:
    return Decimal(text) if text[0].isdigit() else Decimal(chinese_to_int(text))


@dataclass(frozen=True)
class ReadNumber:
    """What a raw text says: its value (None when it has no exact one) and the unit its words call for."""

    value: Decimal | None
    unit: str | None  # None: a unitless figure (count, ordinal, rank)
    approximate: bool = False  # 多, 余, 以上, 数: the value is a floor or a rough size
    fraction: bool = False


def read_raw(raw: str) -> ReadNumber:
    """Read a quantity's raw text. Raises ValueError when it holds no number this module knows."""
    text = re.sub(r"\s+", "", raw)
    if text in MULTIPLES:
        return ReadNumber(Decimal(MULTIPLES[text]), "times")
    if text.startswith(ROUGH_SIZES) or _RANGE.match(text):  # 数十根; 5-8万吨, a range with no one value
        unit = next((u for word, u in MEASURE_UNITS if word in text), None)
        return ReadNumber(None, unit, approximate=True)
    if m := _TENTHS.match(text):  # 八成: eight tenths, 80%
        return ReadNumber(_number(m["n"]) * 10, "%", approximate=bool(m["approx"]))
    if m := _PARTS.match(text):  # 三分之一 (a fraction), 百分之八十五 (a percentage)
        whole, part = (_number(m[g]) for g in ("whole", "part"))
        if whole == 100:
            return ReadNumber(part, "%")
        if not whole:
            raise ValueError(f"cannot read the number in raw text {raw!r}")
        return ReadNumber(part / whole, "ratio", fraction=True)
    match = _RAW.match(text)
    if not match:
        raise ValueError(f"no number in raw text {raw!r}")
    num, mult, rest = match["num"], match["mult"], match["rest"]
    if num is None:
        if mult is None:
            raise ValueError(f"no number in raw text {raw!r}")
        num = "1"  # 亿元以上: "100 million yuan or more", the 1 left unwritten
    fraction = "/" in num
    try:
        if fraction:
            top, bottom = num.split("/")
            value = Decimal(top) / Decimal(bottom)
        elif num[0].isdigit():
            value = Decimal(num.replace(",", ""))  # 1,200 as some articles write it
        else:
            value = Decimal(chinese_to_int(num))
    except (InvalidOperation, ValueError, ZeroDivisionError) as exc:
        raise ValueError(f"cannot read the number in raw text {raw!r}") from exc
    if mult:
        value *= MULTIPLIERS[mult]
    approximate = bool(match["approx"]) or rest[:1] in ("多", "余") or rest.endswith("以上")
    unit = next((u for word, u in MEASURE_UNITS if word in rest), None)
    if fraction:
        unit = "ratio"
    return ReadNumber(value, unit, approximate=approximate, fraction=fraction)


def expected_value_problem(raw: str, value: float | int | None, unit: str) -> str | None:
    """Why `value` and `unit` are not what `raw` says, or None when they are."""
    try:
        read = read_raw(raw)
    except ValueError as exc:
        return str(exc)
    if read.unit is None:
        if unit not in UNITLESS:
            return f"unit {unit!r} does not fit raw text {raw!r} (expected one of {', '.join(sorted(UNITLESS))})"
    elif unit != read.unit:
        return f"unit {unit!r} does not fit raw text {raw!r} (expected {read.unit!r})"
    if read.value is None:
        return None if value is None else f"raw text {raw!r} has no exact number, so value must be null"
    if value is None:
        return f"value is null but raw text {raw!r} says {format_decimal(read.value)}"
    if read.fraction:
        if abs(float(value) - float(read.value)) > 1e-12:
            return f"value {value} is not {raw!r} = {float(read.value)!r}"
        return None
    if Decimal(str(value)) != read.value:
        return f"value {value} is not {raw!r} = {format_decimal(read.value)}"
    return None


def format_decimal(number: Decimal) -> str:
    return format(number.normalize(), "f")


def raw_is_approximate(raw: str) -> bool:
    try:
        return read_raw(raw).approximate
    except ValueError:
        return False


# Periods and as-of dates ---------------------------------------------------------------------------

_YEAR = re.compile(r"^(?P<since>自)?(?P<y>\d{4})年(?P<open>以来)?$")
_MONTHS = re.compile(r"^(?P<y>\d{4}年|今年)?(?P<m1>\d{1,2})[-—–~～至](?P<m2>\d{1,2})月$")
# Parts of a year news reports name (前三季度, 上半年), with or without the year: first and last month.
_YEAR_PARTS = {"一季度": (1, 3), "第一季度": (1, 3), "上半年": (1, 6), "前三季度": (1, 9), "下半年": (7, 12)}
_YEAR_PART = re.compile(rf"^(?P<y>\d{{4}}年|今年)?(?P<part>{'|'.join(_YEAR_PARTS)})$")
_MONTH = re.compile(r"^(?P<y>\d{4})年(?P<m>\d{1,2})月$")
_YEARS = re.compile(r"^(?P<y1>\d{4})年?[-—–~～至](?P<y2>\d{4})年$")
_AS_OF_FULL = re.compile(r"^截至(?P<y>\d{4})年(?P<m>\d{1,2})月[底末]$")
_AS_OF_MONTH_END = re.compile(r"^截至(?P<m>\d{1,2})月[底末]$")
_AS_OF_DAY = re.compile(r"^截至(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日$")
_AS_OF_NOW = re.compile(r"^(截至)?目前$")


def read_period(raw: str, context_year: int | None) -> tuple[str | None, str | None, bool]:
    """Return (start, end, needs_context_year) for a period's raw text. Raises ValueError."""
    text = re.sub(r"\s+", "", raw)
    if m := _YEAR.match(text):
        open_ended = bool(m["open"])
        return m["y"], (None if open_ended else m["y"]), False
    if (m := _MONTHS.match(text)) or (m := _YEAR_PART.match(text)):
        first, last = _YEAR_PARTS[m["part"]] if "part" in m.groupdict() else (int(m["m1"]), int(m["m2"]))
        if m["y"] and m["y"] != "今年":
            year, inferred = m["y"][:4], False
        elif context_year is None:
            raise ValueError(f"period {raw!r} names no year: give context_year")
        else:
            year, inferred = str(context_year), True
        return f"{year}-{first:02d}", f"{year}-{last:02d}", inferred
    if m := _MONTH.match(text):
        month = f"{m['y']}-{int(m['m']):02d}"
        return month, month, False
    if m := _YEARS.match(text):
        return m["y1"], m["y2"], False
    if text in ("全年", "今年", "今年以来"):
        if context_year is None:
            raise ValueError(f"period {raw!r} names no year: give context_year")
        return str(context_year), (None if text.endswith("以来") else str(context_year)), True
    raise ValueError(f"cannot read period {raw!r}")


def read_as_of(raw: str, context_year: int | None) -> tuple[str | None, bool]:
    """Return (date or None for 'now', needs_context_year) for an as-of raw text. Raises ValueError."""
    text = re.sub(r"^截止(?:到|至)?", "截至", re.sub(r"\s+", "", raw))  # 截止到9月底 is written too
    if m := _AS_OF_FULL.match(text):
        return month_end(int(m["y"]), int(m["m"])), False
    if m := _AS_OF_MONTH_END.match(text):
        if context_year is None:
            raise ValueError(f"as-of date {raw!r} names no year: give context_year")
        return month_end(context_year, int(m["m"])), True
    if m := _AS_OF_DAY.match(text):
        if m["y"] is None and context_year is None:
            raise ValueError(f"as-of date {raw!r} names no year: give context_year")
        year = int(m["y"]) if m["y"] else int(context_year or 0)
        if int(m["d"]) > int(month_end(year, int(m["m"]))[-2:]) or int(m["d"]) < 1:
            raise ValueError(f"no such day: {raw!r}")
        return f"{year:04d}-{int(m['m']):02d}-{int(m['d']):02d}", m["y"] is None
    if _AS_OF_NOW.match(text):
        return None, False
    raise ValueError(f"cannot read as-of date {raw!r}")


def month_end(year: int, month: int) -> str:
    if not 1 <= month <= 12:
        raise ValueError(f"no month {month}")
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


# Amounts typed on the command line ------------------------------------------------------------------

_AMOUNT = re.compile(
    r"^[¥￥]?\s*(?P<num>\d+(?:,\d{3})*(?:\.\d+)?(?:e[+-]?\d+)?)\s*(?P<scale>亿元|亿|万元|万|元|bn|billion|b|m|million|k|thousand|yuan|cny)?$",
    re.I,
)
_SCALES = {"亿元": 10**8, "亿": 10**8, "万元": 10**4, "万": 10**4, "bn": 10**9, "billion": 10**9, "b": 10**9,
           "m": 10**6, "million": 10**6, "k": 10**3, "thousand": 10**3}


def parse_amount(text: str) -> Decimal:
    """An amount of yuan as users type it: 10亿, 1e9, 1bn, 5.15 bn, 500m, ¥2,000,000. Raises ValueError."""
    match = _AMOUNT.match(text.strip())
    if not match:
        raise ValueError(f"not an amount: {text!r} (try 10亿, 1e9 or 1bn)")
    try:
        value = Decimal(match["num"].replace(",", "")) * _SCALES.get((match["scale"] or "").lower(), 1)
    except ArithmeticError:  # decimal.Overflow: an exponent past Decimal's range (1e999999999)
        raise ValueError(f"not an amount: {text!r} is out of range") from None
    if not value.is_finite():
        raise ValueError(f"not an amount: {text!r}")
    return value
