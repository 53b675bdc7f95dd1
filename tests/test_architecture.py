"""The shape of the code: layers that import one way only, and each concept declared once (the rest in step)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import APP, ARGUMENTS, COMMANDS, ROOT

PACKAGE = ROOT / "baotou_cli"
# Lower layers never import higher ones: cli -> render -> questions -> data, and errors (and the version) below all.
LAYERS = {"baotou_cli": 0, "baotou_cli.errors": 0, "baotou_cli.data": 1, "baotou_cli.questions": 2, "baotou_cli.render": 3,
          "baotou_cli.cli": 4, "baotou_cli.library": 4, "baotou_cli.__main__": 5}
# The package's __init__ is below all for what it declares (__version__), and the library's public face: it
# re-exports open_facts from baotou_cli.library on first use, so as an importer it stands at the top.
TOP_IMPORTERS = {"baotou_cli": 5}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> int:
    best = max((name for name in LAYERS if module == name or module.startswith(name + ".")), key=len)
    return LAYERS[best]


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every baotou_cli import anywhere in the file, in functions too."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("baotou_cli"):
            # `from baotou_cli.render import views` imports baotou_cli.render.views
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name.startswith("baotou_cli")]
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_run_one_way_only(path):
    importer = _module_name(path)
    level = TOP_IMPORTERS.get(importer, _layer(importer))
    upward = [f"line {line}: {module}" for line, module in _imports(path)
              if _layer(module) > level and module != "baotou_cli.__version__"]
    assert not upward, f"{importer} imports a higher layer: {upward}"


def test_the_layering_test_sees_a_violation(tmp_path):
    bad = tmp_path / "baotou_cli" / "data" / "bad.py"
    bad.parent.mkdir(parents=True)
    bad.write_text("def f():\n    from baotou_cli.render import views\n", encoding="utf-8")
    assert _imports(bad) == [(2, "baotou_cli.render.views")]
    assert _layer("baotou_cli.render.views") > _layer("baotou_cli.data.bad")


@pytest.mark.parametrize("package", ["data", "questions", "render"])
def test_each_layer_says_what_lives_there(package):
    assert ast.get_docstring(ast.parse((PACKAGE / package / "__init__.py").read_text(encoding="utf-8")))


# One declaration per concept: what is derived elsewhere is checked here -----------------------------------

def test_every_qualifier_reads_in_both_languages():
    from baotou_cli.data.vocabularies import CERTAINTY_QUALIFIERS, OTHER_QUALIFIERS, PRECISION_QUALIFIERS, QUALIFIERS
    from baotou_cli.render.figure_text import QUALIFIER_EN, QUALIFIER_ZH

    assert len(set(QUALIFIERS)) == len(QUALIFIERS) == len(PRECISION_QUALIFIERS + CERTAINTY_QUALIFIERS
                                                             + OTHER_QUALIFIERS)
    assert set(QUALIFIER_EN) == set(QUALIFIER_ZH) == set(QUALIFIERS)


def test_every_fact_kind_and_entity_type_has_a_chinese_name():
    from baotou_cli.data.vocabularies import ENTITY_TYPE_ZH, ENTITY_TYPES, KIND_ZH, KINDS

    assert set(KIND_ZH) == set(KINDS) and set(ENTITY_TYPE_ZH) == set(ENTITY_TYPES)
    assert all(KIND_ZH.values()) and all(ENTITY_TYPE_ZH.values())


def test_certainty_is_one_word_per_figure():
    from baotou_cli.data.vocabularies import certainty

    assert certainty([]) == "actual"
    assert certainty(["more-than"]) == "actual"  # precision is not certainty
    assert certainty(["planned", "project-total"]) == "planned"
    assert certainty(["design"]) == "design"


def test_charts_and_groupings_have_titles_in_both_languages():
    from baotou_cli.questions.queries import CHARTS, GROUPINGS
    from baotou_cli.render.views import CHART_TITLES, GROUPING_ZH

    assert tuple(CHART_TITLES) == CHARTS
    assert all(en and zh for en, zh in CHART_TITLES.values())
    assert tuple(GROUPING_ZH) == GROUPINGS


def test_every_reason_for_no_total_reads_in_both_languages():
    from baotou_cli.questions.queries import TOTAL_NOTES
    from baotou_cli.render.views import TOTAL_NOTE_EN, TOTAL_NOTE_ZH

    assert set(TOTAL_NOTE_EN) == set(TOTAL_NOTE_ZH) == set(TOTAL_NOTES)
    assert all(TOTAL_NOTE_EN.values()) and all(TOTAL_NOTE_ZH.values())


def test_every_term_has_both_names():
    from baotou_cli.data.vocabularies import INDUSTRY_TERMS, STATUS_TERMS, TOPIC_TERMS

    for term in (*INDUSTRY_TERMS, *STATUS_TERMS, *TOPIC_TERMS):
        assert term.en and term.zh and term.slug


@pytest.mark.parametrize("record, schema_name", [
    ("Fact", "FACT"), ("Quantity", "QUANTITY"), ("Entity", "ENTITY"), ("Source", "SOURCE"), ("Measure", "MEASURE"),
    ("Redirect", "REDIRECT"), ("Synonyms", "SYNONYMS"), ("Period", "PERIOD"), ("AsOf", "AS_OF"),
])
def test_facts_file_schema_and_model_name_the_same_fields(record, schema_name):
    from baotou_cli.data import model, validation

    assert set(getattr(validation, schema_name).fields) == set(getattr(model, record)._fields)


def test_json_contract_of_a_fact_is_the_model():
    from baotou_cli.data.model import FACT_FIELDS, Fact, Quantity
    from baotou_cli.render import json_schemas

    assert list(json_schemas.FACT["properties"]) == FACT_FIELDS and set(FACT_FIELDS) == set(Fact._fields)
    assert list(json_schemas.QUANTITY["properties"]) == list(Quantity._fields)


def test_the_schema_doc_names_every_fact_and_quantity_field():
    from baotou_cli.data.model import Fact, Quantity

    doc = (ROOT / "docs" / "facts-schema.md").read_text(encoding="utf-8")
    missing = [name for name in (*Fact._fields, *Quantity._fields) if f"{name}:" not in doc and f"`{name}`" not in doc]
    assert not missing, f"docs/facts-schema.md does not describe {missing}"


def test_commands_lists_cover_the_app():
    needing = {name for name in COMMANDS
               if any(p.required and p.param_type_name == "argument" for p in APP.commands[name].params)}
    assert needing == set(ARGUMENTS)


def test_every_listing_command_has_a_json_contract():
    from baotou_cli.render.json_schemas import RECORDS

    listings = {name for name in COMMANDS if any(p.name == "fields" for p in APP.commands[name].params)}
    assert listings == set(RECORDS)


def test_help_orders_every_command():
    from baotou_cli.cli import COMMAND_ORDER

    assert sorted(COMMAND_ORDER) == COMMANDS


def test_every_search_field_reads_in_chinese():  # entity types: test_every_fact_kind_and_entity_type_...
    from baotou_cli.questions.search import MATCH_FIELDS
    from baotou_cli.render.views import MATCHED_ZH

    assert set(MATCHED_ZH) == set(MATCH_FIELDS)


def test_test_folders_mirror_the_package():
    """tests/facts, tests/ask, tests/show test those layers and tests/cli the commands (cli.py); whole-product
    tests stay in tests/ itself (docs/architecture.md, "Where tests go")."""
    layers = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()} | {"cli"}
    folders = {p.parent.relative_to(ROOT / "tests").as_posix() for p in (ROOT / "tests").rglob("test_*.py")}
    strays = folders - layers - {"."}
    assert not strays, f"test folders that are no layer of baotou_cli: {sorted(strays)}"


def test_a_project_figure_is_a_quantity_with_when_it_holds():
    # The one record declared twice (TypedDict and NamedTuple cannot share fields): held equal here.
    import typing

    from baotou_cli.questions import records
    from baotou_cli.data.model import AsOf, Period, Quantity

    figure = typing.get_type_hints(records.ProjectFigure)
    quantity = typing.get_type_hints(Quantity)
    assert list(figure) == [*quantity, "period", "as_of"]
    assert figure["period"] == Period | None and figure["as_of"] == AsOf | None
    for name, hint in quantity.items():  # a Sequence in the model is a list in JSON
        assert figure[name] == hint or typing.get_args(figure[name]) == typing.get_args(hint), name


def test_record_tables_are_made_from_the_model(tmp_path):
    """Every field of a stored model record has its column (nested records spread over `field_key`)."""
    from baotou_cli.data import loader, sqlite_store
    from baotou_cli.data.model import Entity, Fact, Quantity

    conn = sqlite_store.compile_factset(loader.load(ROOT / "facts.yaml", use_cache=False).factset, "0" * 64)
    columns = {table: [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
               for table in ("facts", "quantities", "entities")}
    assert {"period_start", "as_of_date", "source_id", "quote", "speaker", "row_json"} <= set(columns["facts"])
    assert set(Quantity._fields) <= set(columns["quantities"]) and columns["entities"] == list(Entity._fields)
    assert not {"quantities", "entities", "industries", "labels"} & set(columns["facts"])  # tables of their own
    assert set(Fact._fields) - {"source", "period", "as_of", "quantities", "entities", "industries", "labels"} \
        <= set(columns["facts"])


def _declared_records():
    """command -> the declared records its --json prints (two for the listings that --by groups)."""
    from baotou_cli.data.model import Fact
    from baotou_cli.questions import records
    from baotou_cli.render.answer import AskRecord
    from baotou_cli.render.cache_report import CacheReport
    from baotou_cli.render.drafts import DraftDocument

    return {"projects": [records.Project], "investment": [records.Metric, records.Group],
            "industry": [records.Metric, records.Group], "training": [records.FactRow], "facts": [records.FactRow],
            "companies": [records.EntityRow], "people": [records.QuoteRow], "search": [records.SearchHit],
            "ask": [AskRecord], "show": [records.ShownRecord], "summary": [records.TopicSummary], "export": [Fact],
            "timeline": [records.TimelineEntry], "chart": [records.Bar], "cite": [records.Citation],
            "cache": [CacheReport], "draft": [DraftDocument]}


def test_every_command_with_json_has_a_declared_record():
    from baotou_cli.render.json_schemas import OBJECTS, RECORDS

    assert set(_declared_records()) == set(RECORDS) | set(OBJECTS)


@pytest.mark.parametrize("command", sorted(_declared_records()))
def test_a_commands_schema_and_fields_come_from_its_declaration(command):
    """The pinned schema, the field list (`--fields`, CSV columns) and the records are one declaration's: its
    fields, in its order, with the JSON types its type hints give. What a schema adds to the declaration is
    named here (search's `matched` holds no snippet twice; a draft's facts are facts with `draft: true`)."""
    import typing

    from baotou_cli.data.model import FACT_FIELDS, Fact
    from baotou_cli.questions.records import fields
    from baotou_cli.render import json_schemas

    schema = json_schemas.schema_for(command)
    shapes = (schema["items"] if schema.get("type") == "array" else schema).get("anyOf") or \
        [schema["items"] if schema.get("type") == "array" else schema]
    for declared, shape in zip(_declared_records()[command], shapes, strict=True):
        names = FACT_FIELDS if declared is Fact else fields(declared)
        assert list(shape["properties"]) == names == shape["required"]
        assert set(names) == set(typing.get_type_hints(declared))
        derived = json_schemas.schema_of(declared, FACT_FIELDS if declared is Fact else None)
        added = {"search": {"matched"}, "draft": {"facts"}}.get(command, set())
        assert {name for name in names if derived["properties"][name] != shape["properties"][name]} == added
    if command in json_schemas.RECORDS:
        for grouped, shape in zip((False, True), shapes, strict=False):
            assert json_schemas.fields_of(command, grouped) == list(shape["properties"])


def test_no_field_list_is_written_by_hand():
    """A record's fields are its declaration's (questions/records.fields): no module spells out a list of field
    names, nor gives record() one, where a new field would have to be added again."""
    def spelled(node) -> bool:
        return isinstance(node, ast.List | ast.Tuple) and len(node.elts) > 1 and all(
            isinstance(elt, ast.Constant) and isinstance(elt.value, str) for elt in node.elts)

    found = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign) and spelled(node.value) and any(
                    isinstance(t, ast.Name) and t.id.endswith("_FIELDS") for t in node.targets):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "record" and node.args \
                    and spelled(node.args[0]):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not found, f"field lists written by hand (declare the record in questions/records.py): {found}"


def test_every_table_of_records_names_its_declaration():
    """CSV spreads a nested record over the columns its declaration gives (render/csv_columns.declared_shapes):
    every Records(...) of the package says which record its rows are."""
    missing = [f"{path.relative_to(ROOT)}:{node.lineno}" for path in (PACKAGE / "render").rglob("*.py")
               for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
               if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Records"
               and not any(keyword.arg == "declared" for keyword in node.keywords)]
    assert not missing, f"Records without declared=: {missing}"


def test_the_question_kinds_ask_records_name_are_those_it_recognises():
    import typing

    from baotou_cli.questions.question_kinds import BOOSTS, KIND_PATTERNS
    from baotou_cli.questions.records import QuestionKind

    kinds = set(typing.get_args(QuestionKind))
    assert kinds == {kind for kind, _ in KIND_PATTERNS} and kinds <= set(BOOSTS)  # BOOSTS ranks which-project too
