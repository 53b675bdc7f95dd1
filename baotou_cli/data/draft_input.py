"""Where `baotou draft` reads from: the article (confined and bounded like every source) and the facts file
it will join (its names, measures and, when the article is already a source, its curated facts)."""

from __future__ import annotations

import hashlib
import os

from pathlib import Path

from baotou_cli.errors import FactsError, OutsideDirectory, QueryError
from baotou_cli.data.drafting import Draft, draft_article, source_id_for, vocabulary_of
from baotou_cli.data.article_files import MAX_ARTICLE_BYTES, article_path, article_text, read_limited
from baotou_cli.data.quote_matching import Article


class SourceIdClash(QueryError):
    """The new source's id does not fit the facts file: the article is `already` a source under another id, or
    the id (given or made from the file name) names another article. The caller says what to give instead."""

    def __init__(self, message: str, *, already: str | None = None) -> None:
        super().__init__(message)
        self.already = already


def draft_from_file(article: str, facts_option: str | None, source_id: str | None, *,
                    allow_outside_sources: bool = False) -> tuple[Draft, str, dict[tuple[int, int], str]]:
    """The draft of an article for the facts file it will join, the article's path as the source gives it, and
    (device, inode) -> what it is for every file `baotou draft` reads: the article, the facts file and the
    articles it cites (none of them may be written to, under any name: see write_drafts). The article, like
    the facts file's own, must lie in its directory unless allow_outside_sources."""
    from baotou_cli.data import loader
    from baotou_cli.data.sqlite_store import _export_inputs

    if not article.strip():  # "" would be read as the current directory
        raise QueryError("the article path is empty: give the article's file")
    facts_path = loader.resolve_facts_path(facts_option)
    relative = os.path.relpath(os.path.abspath(article), os.path.abspath(facts_path.parent))
    try:
        where = article_path(facts_path, relative, allow_outside=allow_outside_sources)
    except OutsideDirectory:  # named as the user typed it: the relative path from the facts file helps no one
        raise OutsideDirectory(f"article {article!r} is outside the facts file's directory ({facts_path.parent})",
                               drafted=article) from None
    except FactsError as exc:  # said of the article, which will be a source once its entry is pasted
        raise FactsError(exc.message.replace("source path", "article path"), path=exc.path) from None
    data = read_limited(where, MAX_ARTICLE_BYTES, "article")
    digest = hashlib.sha256(data).hexdigest()
    factset = _factset(loader, facts_path, allow_outside_sources)
    known = next((s for s in factset.sources if s.sha256 == digest), None)
    if known is not None and source_id not in (None, known.id):
        raise SourceIdClash(f"the article is already source '{known.id}' of {facts_path}", already=known.id)
    chosen = known.id if known is not None else source_id or source_id_for(Path(article).stem)
    if known is None and chosen in factset.source_by_id:
        raise SourceIdClash(f"source id '{chosen}' already names another article in {facts_path}")
    # Windows line ends and a byte-order mark are layout, not text (quotes are found ignoring them too).
    text = article_text(Path(article), chosen, data).replace("\r\n", "\n").removeprefix("\ufeff")
    vocab = vocabulary_of(factset, Article(text), chosen) if known is not None else vocabulary_of(factset)
    shown = Path(relative).as_posix()
    inputs = _export_inputs(factset, (Path(article), "the article drafted"))
    return draft_article(text, data, source_id=chosen, path=shown, vocab=vocab), shown, inputs


def write_drafts(output: str, text: str, inputs: dict[tuple[int, int], str]) -> None:
    """Write `text` to the file `output`: a file (or what a link to one points to) is replaced whole or not at
    all; a device or FIFO (/dev/null, /dev/stdout) is written straight; the article, the facts file and its
    articles (`inputs`, from draft_from_file) never, under any name (a hard or symbolic link). FactsError,
    QueryError or OutputError."""
    import stat

    from baotou_cli.errors import OutputError
    from baotou_cli.data.sqlite_store import write_file

    try:
        info = os.stat(output)
    except OSError:
        info = None
    if info is not None and not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
        try:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as exc:
            raise OutputError(f"cannot write {output}: {exc.strerror or exc}") from None
        return
    write_file(Path(os.path.realpath(output)), text.encode("utf-8"), inputs, force=True, example="drafts.yaml")


def _factset(loader, facts_path: Path, allow_outside_sources: bool):
    """The facts file's facts: compiled (fast) when it passes every check, else read as it is, so that a
    curator can draft the next article while the last one's drafts are still being curated."""
    try:
        return loader.load(facts_path, allow_outside_sources=allow_outside_sources).factset
    except FactsError:
        return loader.load(facts_path, strict=False, allow_outside_sources=allow_outside_sources).factset



