"""Articles outside the facts file's directory: a setting of how the file is opened (loader.load's
allow_outside_sources, open_facts' keyword, the CLI's --allow-outside-sources), kept on the FactSet for every
later read of its articles, and never a global that outlives the call."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import SEED, TINY_FACTS, run
from baotou_cli import open_facts
from baotou_cli.data import loader, sqlite_store
from baotou_cli.data.draft_facts import drafts_only
from baotou_cli.data.model import FactSet
from baotou_cli.data.sources import restricted
from baotou_cli.errors import OutsideDirectory, QueryError
from baotou_cli.questions.quote_location import article_of
from baotou_cli.questions.verification import with_drafts


@pytest.fixture
def outside_facts(tmp_path) -> Path:
    """The tiny facts file in project/, naming its article one directory up (../article.txt)."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copyfile(SEED, tmp_path / "article.txt")
    path = project / "facts.yaml"
    path.write_text(TINY_FACTS.replace("path: seeds/article.txt", "path: ../article.txt"), encoding="utf-8")
    return path


def test_refused_unless_the_file_is_opened_with_permission(outside_facts):
    with pytest.raises(OutsideDirectory, match="outside the facts file's directory"):
        loader.load(outside_facts, use_cache=False)
    factset = loader.load(outside_facts, use_cache=False, allow_outside_sources=True).factset
    assert factset.allow_outside_sources and len(factset.facts) == 2


def test_the_factset_reads_its_articles_later_as_it_was_opened(outside_facts):
    allowed = loader.load(outside_facts, use_cache=False, allow_outside_sources=True).factset
    assert "51.5亿元" in article_of(allowed, "article").text
    confined = FactSet(allowed.path, allowed.sources, allowed.entities, allowed.facts)  # the default: confined
    assert not confined.allow_outside_sources
    with pytest.raises(OutsideDirectory):
        article_of(confined, "article")


def test_every_factset_made_from_another_keeps_the_setting(outside_facts):
    loaded = loader.load(outside_facts, strict=False, use_cache=False, allow_outside_sources=True)
    made = [restricted(loaded.factset, "article"), drafts_only(loaded), with_drafts(loaded.factset, loaded.factset.facts[:1])]
    assert [f.allow_outside_sources for f in made] == [True, True, True]
    assert "51.5亿元" in article_of(made[0], "article").text


@pytest.mark.fresh_cache
def test_a_file_cached_with_permission_is_not_served_without_it(outside_facts):
    assert loader.load(outside_facts, allow_outside_sources=True).articles is not None  # parsed, then cached
    cached = loader.load(outside_facts, allow_outside_sources=True)
    assert cached.articles is None and cached.factset.allow_outside_sources  # served from the cache, as opened
    with pytest.raises(OutsideDirectory):
        loader.load(outside_facts)
    reopened = sqlite_store.factset_from(cached.factset.store.conn, outside_facts)
    assert not reopened.allow_outside_sources  # a database opened without the setting does not grant it


def test_the_library_keyword_and_its_environment_default(outside_facts, monkeypatch):
    monkeypatch.delenv("BAOTOU_ALLOW_OUTSIDE_SOURCES", raising=False)
    with pytest.raises(OutsideDirectory):
        open_facts(outside_facts)
    assert open_facts(outside_facts, allow_outside_sources=True).fact("funds-in-place")["id"] == "funds-in-place"
    monkeypatch.setenv("BAOTOU_ALLOW_OUTSIDE_SOURCES", "1")
    assert open_facts(outside_facts).factset.allow_outside_sources  # the default follows the environment
    with pytest.raises(OutsideDirectory):
        open_facts(outside_facts, allow_outside_sources=False)  # the keyword wins
    monkeypatch.setenv("BAOTOU_ALLOW_OUTSIDE_SOURCES", "false")
    with pytest.raises(OutsideDirectory):
        open_facts(outside_facts)
    monkeypatch.setenv("BAOTOU_ALLOW_OUTSIDE_SOURCES", "maybe")
    with pytest.raises(QueryError, match="BAOTOU_ALLOW_OUTSIDE_SOURCES"):
        open_facts(outside_facts)


@pytest.mark.parametrize(("value", "code"), [("1", 0), ("yes", 0), ("0", 1), ("false", 1), ("no", 1), ("off", 1)])
def test_the_command_line_reads_the_environment_as_yes_or_no(outside_facts, value, code):
    # "false", "no" and "off" used to grant the permission (any value but "" and "0" did).
    result = run("cite", "funds-in-place", "--facts", str(outside_facts), env={"BAOTOU_ALLOW_OUTSIDE_SOURCES": value})
    assert result.exit_code == code, result.stderr
    if code:
        assert "outside the facts file's directory" in result.stderr
    else:
        assert "51.5亿元" in result.stdout
