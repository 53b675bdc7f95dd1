"""Reading the article's numbers, periods and dates; and showing figures to people."""

from __future__ import annotations

from decimal import Decimal

import pytest

from baotou_cli.render.figure_text import figure, period_text
from baotou_cli.data.chinese_numbers import (chinese_to_int, expected_value_problem, parse_amount, read_as_of, read_period,
                                read_raw)


@pytest.mark.parametrize("raw, value, unit", [
    ("51.5亿元", Decimal("5150000000"), "CNY"),
    ("1.5万吨", Decimal("15000"), "t"),
    ("3.3万吨", Decimal("33000"), "t"),
    ("50.6%", Decimal("50.6"), "%"),
    ("40GW", Decimal("40"), "GW"),
    ("2679亩", Decimal("2679"), "mu"),
    ("千亿元", Decimal("100000000000"), "CNY"),
    ("亿元以上", Decimal("100000000"), "CNY"),
    ("50吨级", Decimal("50"), "t-class"),
    ("134个", Decimal("134"), None),
    ("第十四届", Decimal("14"), None),
    ("前十强", Decimal("10"), None),
    ("二十大", Decimal("20"), None),
    ("翻番", Decimal("2"), "times"),
])
def test_read_raw(raw, value, unit):
    read = read_raw(raw)
    assert (read.value, read.unit) == (value, unit)


def test_fractions_and_approximate_numbers():
    assert read_raw("1/3").unit == "ratio"
    assert expected_value_problem("1/3", 1 / 3, "ratio") is None
    assert read_raw("100多名").approximate and read_raw("5000余个").approximate and read_raw("85%以上").approximate
    assert read_raw("数十根").value is None
    assert expected_value_problem("数十根", None, "count") is None
    assert "no exact number" in expected_value_problem("数十根", 10, "count")


@pytest.mark.parametrize("text, number", [("十四", 14), ("二十", 20), ("千", 1000), ("三", 3), ("两", 2),
                                          ("一百零五", 105)])
def test_chinese_numerals(text, number):
    assert chinese_to_int(text) == number


@pytest.mark.parametrize("raw, value, unit, problem", [
    ("51.5亿元", 5150000000, "CNY", None),
    ("51.5亿元", 5150000000.0, "CNY", None),
    ("51.5亿元", 515000000, "CNY", "is not '51.5亿元' = 5150000000"),
    ("51.5亿元", 5150000000, "t", "unit 't' does not fit"),
    ("134个", 134, "count", None),
    ("134个", 134, "CNY", "expected one of count"),
    ("no number", 1, "count", "no number in raw text"),
])
def test_expected_value_problem(raw, value, unit, problem):
    found = expected_value_problem(raw, value, unit)
    assert found == problem if problem is None else problem in found


@pytest.mark.parametrize("raw, context_year, expected", [
    ("2022年1-8月", None, ("2022-01", "2022-08")),
    ("2022-2024年", None, ("2022", "2024")),
    ("2022年", None, ("2022", "2022")),
    ("自2020年以来", None, ("2020", None)),
    ("2022年以来", None, ("2022", None)),
    ("全年", 2022, ("2022", "2022")),
])
def test_read_period(raw, context_year, expected):
    assert read_period(raw, context_year)[:2] == expected


def test_periods_and_dates_that_cannot_be_read():
    with pytest.raises(ValueError, match="give context_year"):
        read_period("全年", None)
    with pytest.raises(ValueError, match="cannot read period"):
        read_period("去年夏天", None)
    assert read_as_of("截至2022年10月底", None) == ("2022-10-31", False)
    assert read_as_of("截至10月底", 2022) == ("2022-10-31", True)
    assert read_as_of("截至2024年2月底", None)[0] == "2024-02-29"
    assert read_as_of("截至目前", None) == (None, False)
    with pytest.raises(ValueError):
        read_as_of("截至10月底", None)


@pytest.mark.parametrize("text, amount", [
    ("10亿", 10**9), ("1e9", 10**9), ("1bn", 10**9), ("5.15 bn", 5_150_000_000), ("500m", 500_000_000),
    ("¥2,000,000", 2_000_000), ("50亿元", 5 * 10**9), ("1000", 1000),
])
def test_parse_amount(text, amount):
    assert parse_amount(text) == amount


@pytest.mark.parametrize("text", ["abc", "-5", "", "1e", "10 apples", "nan"])
def test_parse_amount_rejects(text):
    with pytest.raises(ValueError):
        parse_amount(text)


@pytest.mark.parametrize("quantity, en, zh", [
    ({"raw": "51.5亿元", "value": 5150000000, "unit": "CNY"}, "¥5.15 bn", "51.5亿元"),
    ({"raw": "6亿元", "value": 600000000, "unit": "CNY", "qualifiers": ["expected"]}, "¥600 m (expected)",
     "6亿元（预计）"),
    ({"raw": "千亿元", "value": 1e11, "unit": "CNY", "qualifiers": ["expected", "more-than"]},
     "more than ¥100 bn (expected)", "千亿元以上（预计）"),
    ({"raw": "85%", "value": 85, "unit": "%", "qualifiers": ["more-than"]}, "more than 85%", "85%以上"),
    ({"raw": "100多名", "value": 100, "unit": "count", "noun": "employees", "qualifiers": ["at-least"]},
     "at least 100 employees", "100多名"),
    ({"raw": "50.6%", "value": 50.6, "unit": "%", "basis": "year-on-year"}, "+50.6% y/y", "同比增长50.6%"),
    ({"raw": "2679亩", "value": 2679, "unit": "mu", "hectares": 178.6}, "2,679 mu (178.6 ha)", "2679亩"),
    ({"raw": "第十四届", "value": 14, "unit": "ordinal"}, "14th", "第十四届"),
    ({"raw": "前三名", "value": 3, "unit": "rank"}, "top 3", "前三名"),
    ({"raw": "1/3", "value": 1 / 3, "unit": "ratio"}, "1/3", "1/3"),
    ({"raw": "1.5万吨", "value": 15000, "unit": "t"}, "15,000 t", "1.5万吨"),
])
def test_figures_read_with_their_qualifiers(quantity, en, zh):
    assert (figure(quantity, "en"), figure(quantity, "zh")) == (en, zh)


@pytest.mark.parametrize("period, as_of, en, zh", [
    ({"raw": "2022年1-8月", "start": "2022-01", "end": "2022-08"}, None, "Jan-Aug 2022", "2022年1-8月"),
    ({"raw": "自2020年以来", "start": "2020", "end": None}, None, "since 2020", "2020年以来"),
    ({"raw": "全年", "start": "2022", "end": "2022"}, None, "2022", "2022年"),
    ({"raw": "2022-2024年", "start": "2022", "end": "2024"}, None, "2022-2024", "2022-2024年"),
    ({"raw": "", "start": "2021-11", "end": "2022-08"}, None, "Nov 2021-Aug 2022", "2021年11月至2022年8月"),
    ({"raw": "", "start": "2022-08", "end": "2022-08"}, None, "Aug 2022", "2022年8月"),
    ({"raw": "", "start": "2022-01-15", "end": "2022-03-31"}, None, "15 Jan 2022-31 Mar 2022",
     "2022年1月15日至2022年3月31日"),
    (None, {"raw": "截至目前", "date": None}, "at the time of writing", "截至目前"),
    (None, {"raw": "截至10月底", "date": "2022-10-31"}, "as of end-Oct 2022", "截至2022年10月底"),
    (None, {"raw": "", "date": "2022-10-15"}, "as of 15 Oct 2022", "截至2022年10月15日"),
    ({"raw": "", "start": "2022", "end": None}, {"raw": "", "date": "2022-10-31"},
     "since 2022, as of end-Oct 2022", "2022年以来，截至2022年10月底"),
])
def test_period_text_reads_as_people_write_it(period, as_of, en, zh):
    assert (period_text(period, as_of, "en"), period_text(period, as_of, "zh")) == (en, zh)
