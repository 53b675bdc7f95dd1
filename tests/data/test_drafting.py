"""`baotou draft`: figures found, normalised and qualified from their own words; drafts in a facts file checked,
listed and kept out of queries; every number of an article accounted for."""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baotou_cli.data import loader
from baotou_cli.data.fact_checks import ARABIC_NUMBER, CHINESE_NUMBER
from baotou_cli.data.drafting import draft_article, vocabulary_of
from baotou_cli.data.chinese_numbers import read_period, read_raw
from baotou_cli.data.quote_matching import Article
from conftest import TINY_FACTS, problems_of, read_yaml, run, run_json, write_yaml

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ROOT / "tests" / "fixtures" / "articles"
FIXTURES = sorted(ARTICLES.glob("*.txt"))
SEED = ROOT / "seeds" / "000_9b0c7176cb642d6b.txt"


@pytest.fixture(scope="module")
def bundled():
    return loader.load(ROOT / "facts.yaml").factset


def _draft(path: Path, factset):
    data = path.read_bytes()
    return draft_article(data.decode("utf-8"), data, source_id=path.stem, path=path.name,
                         vocab=vocabulary_of(factset))


def _figures(draft) -> list[dict]:
    """Each drafted quantity with the fields the expected drafts pin."""
    found = []
    for fact in draft.facts:
        for quantity in fact["quantities"]:
            record = {"raw": quantity["raw"], "value": quantity["value"], "unit": quantity["unit"],
                      "qualifiers": quantity["qualifiers"]}
            if quantity.get("basis"):
                record["basis"] = quantity["basis"]
            if fact["period"]:
                record["period"] = [fact["period"]["start"], fact["period"]["end"]]
            if fact["as_of"]:
                record["as_of"] = fact["as_of"]["date"]
            found.append(record)
    return found


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_fixture_articles_draft_as_expected(path, bundled):
    expected = read_yaml(path.with_suffix(".expected.yaml").read_text(encoding="utf-8"))
    draft = _draft(path, bundled)
    assert {k: draft.source[k] for k in ("headline_zh", "byline_zh")} == expected["source"]
    assert _figures(draft) == expected["figures"]
    assert sorted({m.raw for m in draft.mentions if m.status == "not-understood"}) == expected["not_drafted"]
    assert sorted({m.raw for m in draft.mentions if m.status == "repeated"}) == expected["repeated"]


@pytest.mark.parametrize("path", [*FIXTURES, SEED], ids=lambda p: p.stem)
def test_every_number_of_the_article_is_in_the_report(path, bundled):
    text = path.read_text(encoding="utf-8")
    draft = _draft(path, bundled)
    squeezed = Article(text)
    reported = [(m.line, m.raw) for m in draft.mentions]
    for pattern in (ARABIC_NUMBER, CHINESE_NUMBER):
        for match in pattern.finditer(squeezed.squeezed):
            line = text.count("\n", 0, squeezed.original_offsets[match.start()]) + 1
            assert any(ln == line and match.group() in raw for ln, raw in reported), (line, match.group())
    assert all(m.status in ("drafted", "covered", "repeated", "date", "not-a-figure", "not-understood")
               for m in draft.mentions)
    assert all(m.why for m in draft.mentions if m.status in ("not-understood", "not-a-figure", "repeated"))


def test_layout_breaks_caption_inside_a_sentence_is_skipped_with_an_ellipsis(bundled):
    draft = _draft(ARTICLES / "hitech-2023-q3.txt", bundled)
    fact = next(f for f in draft.facts if any(q["raw"] == "12个" for q in f["quantities"]))
    assert "园区一角" not in fact["source"]["quote"] and "…" in fact["source"]["quote"]
    broken = next(f for f in draft.facts if any(q["raw"] == "12.6%" for q in f["quantities"]))
    assert "同比增长12.6%" in broken["zh"]  # the line broken inside the sentence is joined


def test_new_names_become_draft_entity_stubs(bundled):
    draft = _draft(ARTICLES / "guyang-new-energy.txt", bundled)
    names = {e["zh"]: e["type"] for e in draft.entities}
    assert names == {"明远新能源集团": "company", "固阳县发展和改革委员会": "body"}
    assert all(e["draft"] for e in draft.entities)


def test_numbers_reads_the_new_forms():
    assert read_raw("三分之一").value is not None and read_raw("三分之一").unit == "ratio"
    assert (read_raw("百分之六十七").value, read_raw("百分之六十七").unit) == (67, "%")
    assert read_raw("5-8万吨").value is None and read_raw("5-8万吨").approximate
    assert read_raw("翻两番").value == 4 and read_raw("3倍").unit == "times"
    assert read_raw("1.2万亿元").value == 1_200_000_000_000
    assert read_raw("50余亿元").value == 5_000_000_000 and read_raw("50余亿元").approximate
    assert read_raw("一万二千三百元").value == 12300
    assert read_period("1-5月", 2023) == ("2023-01", "2023-05", True)
    assert read_period("今年1-5月", 2023) == ("2023-01", "2023-05", True)
    assert read_period("前三季度", 2023) == ("2023-01", "2023-09", True)
    with pytest.raises(ValueError):
        read_period("前三季度", None)


# The command ------------------------------------------------------------------------------------------

@pytest.fixture
def workdir(tmp_path):
    """A facts file (the bundled one) with its article and the fixture articles beside it."""
    shutil.copy(ROOT / "facts.yaml", tmp_path / "facts.yaml")
    (tmp_path / "seeds").mkdir()
    shutil.copy(SEED, tmp_path / "seeds" / SEED.name)
    for path in FIXTURES:
        shutil.copy(path, tmp_path / "seeds" / path.name)
    return tmp_path


def _paste(workdir: Path, *names: str) -> None:
    facts = read_yaml((workdir / "facts.yaml").read_text(encoding="utf-8"))
    for name in names:
        result = run("draft", str(workdir / "seeds" / name), "--facts", str(workdir / "facts.yaml"))
        assert result.exit_code == 0, result.stderr
        drafted = read_yaml(result.stdout)
        facts["sources"] += drafted["sources"]
        facts["entities"] += drafted.get("entities", [])
        facts["facts"] += drafted["facts"]
    (workdir / "facts.yaml").write_text(write_yaml(facts),
                                        encoding="utf-8")


def test_pasted_drafts_pass_their_checks_and_are_listed(workdir):
    _paste(workdir, "hitech-2023-q3.txt", "guyang-new-energy.txt", "donghe-budget.txt")
    result = run("verify", "--facts", str(workdir / "facts.yaml"))
    assert result.exit_code == 1
    assert "FAIL DRAFT fact 'hitech-2023-q3-draft-001': draft, not yet curated" in result.stdout
    assert not [line for line in result.stdout.splitlines() if line.startswith("FAIL ") and "DRAFT" not in line]


def test_queries_never_show_drafts(workdir):
    _paste(workdir, "donghe-budget.txt")
    result = run("facts", "--json", "--facts", str(workdir / "facts.yaml"))
    assert result.exit_code == 0, result.stderr
    assert not [r for r in json.loads(result.stdout) if "draft" in r["id"]]
    listed = run("facts", "--drafts", "--json", "--facts", str(workdir / "facts.yaml"))
    assert listed.exit_code == 0, listed.stderr
    assert [r["id"] for r in json.loads(listed.stdout)] == [f"donghe-budget-draft-{n:03d}" for n in range(1, 9)]
    assert "Draft facts (not yet curated)" in run("facts", "--drafts", "--facts", str(workdir / "facts.yaml")).stdout


def _with_draft(workdir: Path, change=lambda fact: None) -> Path:
    """The bundled facts with one curated fact copied as a draft (then changed)."""
    facts = read_yaml((workdir / "facts.yaml").read_text(encoding="utf-8"))
    draft = copy.deepcopy(next(f for f in facts["facts"] if f["id"] == "funds-in-place-2022-jan-aug"))
    draft.update(id="funds-draft", draft=True, headline=None)
    change(draft)
    facts["facts"].append(draft)
    (workdir / "facts.yaml").write_text(write_yaml(facts),
                                        encoding="utf-8")
    return workdir / "facts.yaml"


def test_allow_drafts_passes_a_file_whose_drafts_are_sound(workdir):
    path = _with_draft(workdir)
    assert run("verify", "--facts", str(path)).exit_code == 1
    result = run("verify", "--allow-drafts", "--facts", str(path))
    assert result.exit_code == 0, result.stdout
    assert "DRAFT fact 'funds-draft'" in result.stdout and "1 drafts not yet curated (allowed)" in result.stdout


def _tiny_with_draft(change=lambda fact: None) -> str:
    """The tiny facts file with its funds fact copied as a draft (then changed)."""
    facts = read_yaml(TINY_FACTS)
    draft = copy.deepcopy(next(f for f in facts["facts"] if f["id"] == "funds-in-place"))
    draft.update(id="funds-draft", draft=True)
    change(draft)
    facts["facts"].append(draft)
    return write_yaml(facts)


def test_a_sound_draft_passes_every_check(tiny_facts):
    assert problems_of(tiny_facts, _tiny_with_draft()) == []


# --allow-drafts waives only "not yet curated" (above); a draft's problems are problems.
@pytest.mark.parametrize("change, message", [
    (lambda f: f["quantities"][0].update(value=1), "value 1 is not '51.5亿元'"),
    (lambda f: f["source"].update(quote="不在文章里的话"), "quote not found"),
    (lambda f: f["quantities"][0].update(raw="52亿元"), "raw text '52亿元' is not in the quote"),
    (lambda f: f.update(headline=99), "a draft cannot carry a headline rank"),
    # dangling ids passed until the draft was curated
    (lambda f: f.update(speaker="no-such-person"), "field 'speaker': unknown entity id 'no-such-person'"),
    (lambda f: f.update(entities=["ghost"]), "field 'entities[0]': unknown entity id 'ghost'"),
    (lambda f: f["quantities"][0].update(subject="ghost"), "unknown entity id 'ghost'"),
])
def test_a_tampered_draft_fails_even_when_drafts_are_allowed(tiny_facts, change, message):
    problems = problems_of(tiny_facts, _tiny_with_draft(change))
    assert any(message in line for line in problems), problems


def test_a_redirect_cannot_point_at_a_draft(tiny_facts):
    text = _tiny_with_draft() + "redirects:\n- id: old-funds\n  to: funds-draft\n  note: Merged.\n"
    problems = problems_of(tiny_facts, text)
    assert any("is a draft: curate it first" in line for line in problems), problems


def test_draft_json_report_and_output_file(workdir):
    facts = str(workdir / "facts.yaml")
    article = str(workdir / "seeds" / "donghe-budget.txt")
    record = json.loads(run("draft", article, "--facts", facts, "--json").stdout)
    assert list(record) == ["source", "entities", "facts", "report"]
    assert record["source"]["id"] == "donghe-budget" and record["facts"][0]["draft"] is True
    assert record["facts"][0]["en"] is None  # nothing invented: English is the curator's
    import jsonschema

    from baotou_cli.render.json_schemas import DRAFT_REPORT, schema_for

    jsonschema.validate(record, schema_for("draft"))
    report = json.loads(run("draft", article, "--facts", facts, "--report", "--json").stdout)
    jsonschema.validate(report, {"type": "array", "items": DRAFT_REPORT})
    assert {"line", "raw", "status", "fact_id", "why"} == set(report[0])
    text = run("draft", article, "--facts", facts, "--report").stdout
    assert "八成\tdrafted\tdonghe-budget-draft-" in text and text.rstrip().splitlines()[-1].startswith("numbers: ")
    out = workdir / "drafts.yaml"
    assert run("draft", article, "--facts", facts, "--output", str(out)).exit_code == 0
    assert read_yaml(out.read_text(encoding="utf-8"))["facts"]


def test_an_article_already_a_source_is_covered_by_its_curated_facts(workdir):
    result = run("draft", str(workdir / "seeds" / SEED.name), "--facts", str(workdir / "facts.yaml"), "--report")
    assert result.exit_code == 0
    assert "51.5亿元\tcovered\tfunds-in-place-2022-jan-aug\t" in result.stdout
    assert "\tdrafted" not in result.stdout


@pytest.mark.parametrize("args, code, message", [
    (["--source-id", "Not A Slug"], 2, "is not a slug"),
    (["--source-id", "baotou-hitech-article"], 2, "already names another article"),
])
def test_draft_refuses_bad_source_ids(workdir, args, code, message):
    result = run("draft", str(workdir / "seeds" / "donghe-budget.txt"), "--facts", str(workdir / "facts.yaml"), *args)
    assert result.exit_code == code and message in result.stderr


@pytest.mark.parametrize("article", ["", "  "])
def test_an_empty_article_argument_is_a_usage_error(workdir, article):
    # "" was read as the current directory: exit 1, "article is not a regular file".
    result = run("draft", article, "--facts", str(workdir / "facts.yaml"))
    assert result.exit_code == 2 and "the article path is empty" in result.stderr


def test_draft_reads_articles_like_sources(workdir, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "a.txt"
    outside.write_text("本报记者 某\n\n全区投资10亿元。\n", encoding="utf-8")
    result = run("draft", str(outside), "--facts", str(workdir / "facts.yaml"))
    assert result.exit_code == 1 and "outside the facts file's directory" in result.stderr
    latin1 = workdir / "seeds" / "latin1.txt"
    latin1.write_bytes("投资".encode("gb18030"))
    result = run("draft", str(latin1), "--facts", str(workdir / "facts.yaml"))
    assert result.exit_code == 1 and "is not UTF-8 text" in result.stderr
    missing = run("draft", str(workdir / "seeds" / "none.txt"), "--facts", str(workdir / "facts.yaml"))
    assert missing.exit_code == 1 and "cannot be read" in missing.stderr


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_draft_yaml_reads_back_as_the_facts_file_reads_it(path, bundled):
    from baotou_cli.data import strict_yaml
    from baotou_cli.render.drafts import TO_WRITE, _compact, draft_yaml

    draft = _draft(path, bundled)
    data, _ = strict_yaml.parse(draft_yaml(draft, path.name))
    assert data["facts"] == [_compact({**fact, "en": TO_WRITE}) for fact in draft.facts]
    assert all("draft" not in entity for entity in data.get("entities", []))  # entities have no draft flag
    assert data["sources"][0]["sha256"] == draft.source["sha256"]


def test_numbers_it_cannot_read_are_reported_with_their_line_and_why(bundled, tmp_path):
    article = tmp_path / "odd.txt"
    article.write_text("某区概况\n\n本报记者 某\n\n全区共有企业120，\n其中规上企业四十。\n", encoding="utf-8")
    draft = _draft(article, bundled)
    assert [(m.line, m.raw, m.status) for m in draft.mentions] == [(5, "120", "not-understood")]
    assert draft.mentions[0].why == "no unit word after the number"


# Two articles in one facts file ----------------------------------------------------------------------------

SECOND_ARTICLE = "包头稀土高新区引资快报\n\n本报记者 某某\n\n2022年1-8月，包头稀土高新区引进国内(区外)到位资金52亿元，同比增长50.6%。\n"


def _two_sources(workdir: Path) -> Path:
    """The bundled facts and a second article that gives the funds in place as 52亿元, not 51.5亿元."""
    (workdir / "seeds" / "second.txt").write_text(SECOND_ARTICLE, encoding="utf-8")
    facts = read_yaml((workdir / "facts.yaml").read_text(encoding="utf-8"))
    first = facts["sources"][0]

    facts["sources"].append({**first, "id": "second-article", "path": "seeds/second.txt",
                             "sha256": hashlib.sha256(SECOND_ARTICLE.encode()).hexdigest(),
                             "headline_zh": "包头稀土高新区引资快报", "headline_en": "Investment brief"})
    fact = copy.deepcopy(next(f for f in facts["facts"] if f["id"] == "funds-in-place-2022-jan-aug"))
    fact.update(id="funds-in-place-second", headline=None, source={
        "id": "second-article", "quote": "2022年1-8月，包头稀土高新区引进国内(区外)到位资金52亿元，同比增长50.6%。"})
    fact["zh"] = fact["source"]["quote"]
    fact["en"] = fact["en"].replace("5.15 billion", "5.2 billion")
    fact["quantities"][0].update(raw="52亿元", value=5200000000)
    facts["facts"].append(fact)
    path = workdir / "facts.yaml"
    path.write_text(write_yaml(facts), encoding="utf-8")
    return path


def test_two_sources_conflict_is_a_warning_and_a_view(workdir):
    import sqlite3

    path = _two_sources(workdir)
    result = run("verify", "--facts", str(path))
    assert result.exit_code == 0, result.stdout
    assert ("WARN conflict: funds-in-place of baotou-hitech-zone: source 'baotou-hitech-article' says 51.5亿元 "
            "(fact 'funds-in-place-2022-jan-aug'), source 'second-article' says 52亿元 (fact 'funds-in-place-second')"
            ) in result.stdout
    assert sum("WARN conflict" in line for line in result.stdout.splitlines()) == 1  # 50.6% is the same in both
    database = workdir / "facts.db"
    assert run("export", "--format", "sqlite", "--output", str(database), "--facts", str(path)).exit_code == 0
    rows = sqlite3.connect(database).execute("SELECT source_a, raw_a, source_b, raw_b FROM conflicts").fetchall()
    assert rows == [("baotou-hitech-article", "51.5亿元", "second-article", "52亿元")]


def test_facts_of_one_source(workdir):
    path = _two_sources(workdir)
    listed = json.loads(run("facts", "--source", "second-article", "--json", "--facts", str(path)).stdout)
    assert [r["id"] for r in listed] == ["funds-in-place-second"]
    assert len(json.loads(run("facts", "--source", "baotou-hitech-article", "--json", "--facts", str(path)).stdout)) == 104
    result = run("facts", "--source", "nope", "--facts", str(path))
    assert result.exit_code == 2 and "unknown source 'nope'" in result.stderr


@pytest.mark.parametrize("text, headline, byline", [
    ("西部园区迎来新项目\n\n本报讯（记者 张三 通讯员 李四）3月5日，园区签约项目8个。\n", "西部园区迎来新项目",
     "记者 张三 通讯员 李四"),
    ("\n包头稀土高新区： 在高质量发展中展现“高新”作为\n\n▶ 本报特约通讯员 李宝乐\n\n正文。\n",
     "包头稀土高新区： 在高质量发展中展现“高新”作为", "本报特约通讯员 李宝乐"),
    ("园区经济稳中有进\n全区完成投资10亿元。\n", "园区经济稳中有进", None),  # no byline: none invented
])
def test_headline_and_byline_as_the_article_gives_them(text, headline, byline):
    from baotou_cli.data.drafting import header

    assert header(text)[:2] == (headline, byline)


@pytest.mark.parametrize("path", [*FIXTURES, SEED], ids=lambda p: p.stem)
def test_draft_json_keeps_its_contract_on_every_article(path, bundled):
    import jsonschema

    from baotou_cli.render.json_schemas import schema_for
    from baotou_cli.render.drafts import draft_json

    jsonschema.validate(json.loads(draft_json(_draft(path, bundled))), schema_for("draft"))


def test_two_sources_in_the_timeline_and_citations(workdir):
    path = _two_sources(workdir)
    timeline = json.loads(run("timeline", "--json", "--facts", str(path)).stdout)
    entry = next(row for row in timeline if "funds-in-place-second" in row["fact_ids"])
    assert "funds-in-place-2022-jan-aug" in entry["fact_ids"]  # one period, both articles' figures together
    cited = run("cite", "funds-in-place-second", "--facts", str(path))
    assert cited.exit_code == 0 and "包头稀土高新区引资快报" in cited.stdout and "52亿元" in cited.stdout


def test_summary_of_one_source(workdir):
    path = _two_sources(workdir)
    result = run("summary", "investment", "--source", "second-article", "--json", "--facts", str(path))
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [m["fact_id"] for row in rows for m in row["highlights"]] == ["funds-in-place-second"]
    table = run("summary", "--source", "second-article", "--facts", str(path)).stdout
    assert "Investment brief" in table
    assert run("summary", "--source", "nope", "--facts", str(path)).exit_code == 2


_PIECES = ["2022年", "1-8月", "，", "。", "\n", "\n\n", "同比增长", "50.6%", "预计", "计划总投资", "132亿元", "三分之一",
           "以上", "约", "翻番", "5-8万吨", "截至10月底", "目前", "年产", "1.5万吨", "项目", "“", "”", "园区一角\n",
           "某某有限公司", "十二个", "1,280亿元", "第十四届", "500强", "一期", "TR50E", "数十根", "八成", "前三名"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=4)), max_size=40))
def test_any_text_drafts_figures_that_verify_would_accept(pieces):
    """Whatever the text, drafting ends, and every draft's quote, raw texts and values are what `verify` proves."""
    from baotou_cli.data.draft_facts import quote_problems
    from baotou_cli.data.model import build_fact

    text = "".join(pieces)
    draft = draft_article(text, text.encode("utf-8", "surrogatepass"), source_id="s", path="s.txt",
                          vocab=vocabulary_of(_BUNDLED()))
    article = Article(text)
    for record in draft.facts:
        fact = build_fact({k: v for k, v in record.items() if k != "draft"})
        assert quote_problems(fact, article) == [], (text, record)
    reported = [(m.line, m.raw) for m in draft.mentions]
    for pattern in (ARABIC_NUMBER, CHINESE_NUMBER):  # and nothing `verify` counts is left out of the report
        for match in pattern.finditer(article.squeezed):
            line = text.count("\n", 0, article.original_offsets[match.start()]) + 1
            assert any(ln == line and match.group() in raw for ln, raw in reported), (text, match.group())


@functools.lru_cache(maxsize=1)
def _BUNDLED():
    return loader.load(ROOT / "facts.yaml").factset


def test_tables_name_the_source_once_there_are_two(workdir):
    path = _two_sources(workdir)
    for command in (["facts", "--topic", "investment"], ["investment"]):
        table = run(*command, "--facts", str(path), env={"COLUMNS": "200"}).stdout
        assert "Source" in table and "second-article" in table and "baotou-hitech-article" in table
        assert "Source" not in run(*command, env={"COLUMNS": "200"}).stdout  # one article: no column
    rows = json.loads(run("facts", "--json", "--facts", str(path)).stdout)
    # each record carries its own source (issue #18): a script can tell the two articles apart
    assert {row["source"]["id"] for row in rows} == {"baotou-hitech-article", "second-article"}


def test_draft_never_writes_over_its_article_or_facts_file(workdir):
    facts = workdir / "facts.yaml"
    article = workdir / "seeds" / "donghe-budget.txt"
    before = (facts.read_bytes(), article.read_bytes())
    for target in (facts, article):
        result = run("draft", str(article), "--facts", str(facts), "--output", str(target))
        assert result.exit_code == 2 and "is the article or the facts file" in result.stderr
    assert (facts.read_bytes(), article.read_bytes()) == before


@pytest.mark.parametrize("command", [["search", "到位资金"], ["ask", "how much funds in place in January-August 2022?"],
                                     ["facts", "--topic", "investment"]])
def test_source_narrows_search_ask_and_facts_to_one_article(workdir, command):
    path = _two_sources(workdir)
    both = json.loads(run(*command, "--facts", str(path), "--json").stdout)
    ids = {row["id"] for row in both}
    assert {"funds-in-place-2022-jan-aug", "funds-in-place-second"} <= ids or command[0] == "ask"
    for source, kept, dropped in (("second-article", "funds-in-place-second", "funds-in-place-2022-jan-aug"),
                                  ("baotou-hitech-article", "funds-in-place-2022-jan-aug", "funds-in-place-second")):
        result = run(*command, "--facts", str(path), "--source", source, "--json")
        assert result.exit_code == 0, result.stderr
        rows = json.loads(result.stdout)
        found = {row["id"] for row in rows}
        assert kept in found and dropped not in found
        assert all(row.get("source") is None or row["source"]["id"] == source for row in rows)


def test_an_unknown_source_is_a_usage_error(workdir):
    path = _two_sources(workdir)
    for command in (["search", "稀土"], ["ask", "who is Zhang Yi?"], ["summary"], ["facts"]):
        result = run(*command, "--facts", str(path), "--source", "third")
        assert result.exit_code == 2 and "unknown source 'third'" in result.stderr, (command, result.stderr)


@pytest.mark.parametrize("clause, piece", [
    ("投资三点五亿元", "五亿元"), ("产能二点五万吨", "五万吨"), ("增长百分之十二点五", "百分之十二"),
    ("产值1.2.3亿元", "3亿元"), ("共有企业1,2345家", "5家"), ("营业收入同比下降-5%", "5%"), ("利润增长负3.5%", "3.5%"),
])
def test_a_piece_of_a_number_is_never_drafted_as_the_figure(bundled, tmp_path, clause, piece):
    # Drafting 5亿元 out of 三点五亿元, or 5% out of -5%, would be a figure with the wrong value or sign.
    article = tmp_path / "pieces.txt"
    article.write_text(f"某区概况\n\n某新区2022年{clause}。\n", encoding="utf-8")
    draft = _draft(article, bundled)
    assert draft.facts == []
    assert piece in [m.raw for m in draft.mentions if m.status == "not-understood"]


def test_a_curated_fact_never_cites_text_left_for_the_curator(workdir):
    # A curated fact whose source or entity still reads "(to be written by the curator)" would print that
    # in its citation and rows; while only drafts use them, the stubs may wait like the drafts.
    _paste(workdir, "donghe-budget.txt")
    path = workdir / "facts.yaml"
    assert "still reads" not in run("verify", "--allow-drafts", "--facts", str(path)).stdout
    facts = read_yaml(path.read_text(encoding="utf-8"))
    draft = next(f for f in facts["facts"] if f.get("draft"))
    draft.pop("draft")
    draft["en"] = "A statement a curator wrote."
    path.write_text(write_yaml(facts), encoding="utf-8")
    result = run("verify", "--allow-drafts", "--facts", str(path))
    assert result.exit_code == 1
    assert f"FAIL source '{draft['source']['id']}': field 'headline_en': still reads '(to be written by the curator)'" \
        in result.stdout


def test_draft_output_is_never_the_article_under_another_name_and_is_whole_or_untouched(workdir):
    # --output through a hard or symbolic link to the article used to overwrite the article with the YAML.
    facts = workdir / "facts.yaml"
    article = workdir / "seeds" / "donghe-budget.txt"
    before = article.read_bytes()
    (workdir / "hard.yaml").hardlink_to(article)
    (workdir / "soft.yaml").symlink_to(workdir / "seeds" / SEED.name)
    for target in ("hard.yaml", "soft.yaml"):
        result = run("draft", str(article), "--facts", str(facts), "--output", str(workdir / target))
        assert result.exit_code == 1 and "which this command reads: choose another file" in result.stderr
    assert article.read_bytes() == before and (workdir / "seeds" / SEED.name).read_bytes() == SEED.read_bytes()
    kept = workdir / "kept.yaml"
    kept.write_text("earlier drafts\n", encoding="utf-8")
    script = (f"import resource, sys; resource.setrlimit(resource.RLIMIT_FSIZE, (100, 100)); "
              f"sys.argv = ['baotou', 'draft', {str(article)!r}, '--facts', {str(facts)!r}, '--output', {str(kept)!r}]; "
              "from baotou_cli.__main__ import run; run()")
    import signal
    import subprocess
    import sys
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          preexec_fn=lambda: signal.signal(signal.SIGXFSZ, signal.SIG_IGN))
    assert done.returncode == 1 and "File too large" in done.stderr
    assert kept.read_text(encoding="utf-8") == "earlier drafts\n"
    assert not [p for p in workdir.iterdir() if p.name.startswith(".baotou-")]


def test_draft_output_to_a_device_or_a_link_is_written_as_the_user_means(workdir):
    # Replacing links made --output /dev/stdout replace the /dev/stdout link itself.
    facts, article = str(workdir / "facts.yaml"), str(workdir / "seeds" / "donghe-budget.txt")
    assert run("draft", article, "--facts", facts, "--output", "/dev/null").exit_code == 0
    real, link = workdir / "real.yaml", workdir / "link.yaml"
    real.write_text("old\n", encoding="utf-8")
    link.symlink_to(real)
    assert run("draft", article, "--facts", facts, "--output", str(link)).exit_code == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("# Drafted by 'baotou draft'")
    result = run("draft", article, "--facts", facts, "--output", "")
    assert result.exit_code == 2 and "--output is empty" in result.stderr


def test_an_answer_says_when_another_source_gives_its_figure_differently(workdir):
    # ask answered 51.5亿元 with nothing to say that the second article gives 52亿元 for the same figure.
    path = str(_two_sources(workdir))
    result = run("ask", "--facts", path, "--limit", "1", "到位资金多少")
    assert result.exit_code == 0
    assert "另一来源" in result.stderr and "52亿元（funds-in-place-second）" in result.stderr
    english = run("ask", "--facts", path, "--limit", "1", "how much funds in place in January-August 2022?")
    assert "gives" in english.stderr and "where this answer says" in english.stderr
    alone = run("ask", "--facts", path, "--source", "baotou-hitech-article", "--limit", "1", "到位资金多少")
    assert alone.exit_code == 0 and "另一来源" not in alone.stderr


def test_an_article_without_a_byline_drafts_a_source_that_pastes(workdir):
    # byline_zh was left out when the article has no byline line: the pasted entry failed the schema.
    (workdir / "seeds" / "plain.txt").write_text("某新区快报\n\n某新区2022年产值12亿元。\n", encoding="utf-8")
    _paste(workdir, "plain.txt")
    result = run("verify", "--allow-drafts", "--facts", str(workdir / "facts.yaml"))
    assert "required field is missing" not in result.stderr
    assert result.exit_code == 0, result.stdout + result.stderr


def test_drafts_of_one_source(workdir):
    # facts --drafts --source ID ignored --source: another article's drafts were listed as this one's.
    _paste(workdir, "donghe-budget.txt")
    facts = str(workdir / "facts.yaml")
    assert run_json("facts", "--drafts", "--source", "baotou-hitech-article", "--json", "--facts", facts) == []
    drafted = run_json("facts", "--drafts", "--source", "donghe-budget", "--json", "--facts", facts)
    assert drafted and all(row["id"].startswith("donghe-budget-draft-") for row in drafted)
    result = run("facts", "--drafts", "--source", "nope", "--facts", facts)
    assert result.exit_code == 2 and "unknown source 'nope'" in result.stderr


def test_what_is_done_after_a_hedge_is_drafted_as_actual(bundled, tmp_path):
    # 其中已完成60亿元 was drafted expected, 目前已完成投资20亿元 a project total, 实际增长15% expected.
    article = tmp_path / "done.txt"
    article.write_text("某区概况\n\n某新区预计全年完成投资100亿元，其中已完成60亿元。某新区项目总投资50亿元，目前已完成投资20亿元。"
                       "某新区预计今年产值增长20%，而上半年实际增长15%。\n", encoding="utf-8")
    drafted = {q["raw"]: q["qualifiers"] for fact in _draft(article, bundled).facts for q in fact["quantities"]}
    assert drafted == {"100亿元": ["expected"], "60亿元": [], "50亿元": ["project-total"], "20亿元": [],
                       "20%": ["expected"], "15%": []}


def test_a_rise_to_come_and_a_share_about_are_drafted_so(bundled, tmp_path):
    # 将由5万吨提高到8万吨 drafted the 8万吨 as actual; 约占百分之四十 as exact.
    article = tmp_path / "rise.txt"
    article.write_text("某区概况\n\n某新区产能将由5万吨提高到8万吨。某新区产值约占百分之四十。\n", encoding="utf-8")
    drafted = {q["raw"]: q["qualifiers"] for fact in _draft(article, bundled).facts for q in fact["quantities"]}
    assert drafted["5万吨"] == [] and "expected" in drafted["8万吨"] and drafted["百分之四十"] == ["about"]


def test_an_increase_by_times_is_drafted_with_a_note(bundled, tmp_path):
    # 增长1倍 (doubled) drafted as '1 times' with nothing to warn that it is twice the base.
    article = tmp_path / "times.txt"
    article.write_text("某区概况\n\n某新区产值增长1倍。\n", encoding="utf-8")
    [fact] = _draft(article, bundled).facts
    assert fact["quantities"][0]["raw"] == "1倍" and "增长1倍 doubles" in fact["note"]


def test_an_answers_conflicts_are_found_without_reading_every_fact(workdir):
    """conflicts_of looks only at the facts sharing a figure's measure and subject (an index look-up once
    compiled) and finds exactly what the whole-file scan finds for that fact, in both stores."""
    from baotou_cli.data import loader
    from baotou_cli.data.sources import conflicts, conflicts_of

    path = _two_sources(workdir)
    for factset in (loader.load(path).factset, loader.load(path, strict=False).factset):
        every = conflicts(factset)
        assert every, "the second article gives the funds in place differently"
        for fact in factset.facts:
            mine = {(a.id, q.raw, b.id, t.raw) for (a, q), (b, t) in conflicts_of(factset, fact)}
            scanned = {(a.id, q.raw, b.id, t.raw) for pair in every
                       for (a, q), (b, t) in (pair, pair[::-1]) if a.id == fact.id}
            assert mine == scanned, fact.id


def test_draft_json_with_a_figure_past_64_bits_is_not_an_internal_error(workdir):
    """Review of #16: json.dumps wrote a drafted value past 2**63 (exit 0); orjson refuses it, and
    `draft --json` became "internal error: TypeError: Integer exceeds 64-bit range" (exit 3). The YAML draft of
    the same article still works. Either the value is written or one clear data error (exit 1) says why."""
    article = workdir / "seeds" / "huge.txt"
    article.write_text("包头稀土高新区：测试\n\n本报记者 张三\n\n2022年，该高新区产值达到12345678901234567.8亿元。\n",
                       encoding="utf-8")
    result = run("draft", str(article), "--facts", str(workdir / "facts.yaml"), "--json")
    assert result.exit_code in (0, 1), result.stderr
    if result.exit_code == 0:
        values = [q["value"] for f in json.loads(result.stdout)["facts"] for q in f["quantities"]]
        assert values == [1234567890123456780000000]
    else:
        assert result.stderr.startswith("baotou: error:") and result.stderr.count("\n") == 1, result.stderr
