"""The compiled form of a facts file: a SQLite database, kept in the user's cache directory.

Parsing YAML is slow at scale, even with the C parser (docs/performance.md); a query on the compiled database
reads only the rows it needs through indexes, and builds facts from their stored JSON (data/json_text.py).
It is the one query engine: facts not read from the cache (a file just parsed, `verify`, drafts, a test's
hand-built facts) are compiled into a database in memory (compile_factset), so every question is answered
by the same SQL. The same database, with the commands' tables (ExportTable), a view and the full-text index
added, is what `baotou export --format sqlite` writes.
The cache keeps the full-text index (data/search_index.py) in a second file beside the first, built the first
time a search needs it: building it costs a fifth of a first load, and checking it a third of every open,
which queries that do not search would pay for nothing.

What a cached database (either file) must be, whatever else happens to it (issue #13):
- Named by the sha256 of the facts file's bytes, so an edited file never meets an old database.
- Verifiably what was compiled: a CRC-32 of the whole file, with the four bytes of SQLite's user_version
  (where the CRC itself is kept) read as zero, is checked on every open. Anything wrong means: parse again,
  and replace the file. Never served, never a lasting error.
- Trusting nothing it holds about its sources: the loader checks the articles against the facts file.
- Written to an unpredictable temporary name created exclusively (O_EXCL, O_NOFOLLOW) beside it, then renamed
  into place: readers see a whole old file or a whole new one, however many processes build at once.
- Opened without following symlinks and without blocking (O_NONBLOCK), only as a regular file of ours of a
  plausible size, so a FIFO or a link to a huge file cannot hang a query or fill memory.
- Kept in a directory of ours, or a sticky one: a directory others can write to without the sticky bit lets
  them swap files under us, so then there is no cache.
"""

from __future__ import annotations

import contextlib
import functools
import io
import math
import operator
import os
import re
import sqlite3
import stat
import time
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from baotou_cli import __version__
from baotou_cli.data.json_text import decode, encode, encode_line
from baotou_cli.data.model import (Entity, Fact, FactSet, Measure, Quantity, Redirect, Source, Synonyms, build_fact,
                                    FACT_REST_FIELDS, entity_roles, fact_record, fact_row, joined_record,
                                    short_name_en)

ENV_CACHE_DIR = "BAOTOU_CACHE_DIR"
FORMAT = 12  # 12: one engine (export tables filled by queries); 11: each fact kept as its row (JSON as `facts --json` prints it) and the rest of its record
SUFFIX = ".sqlite"
FULLTEXT_SUFFIX = "-fts" + SUFFIX  # the full-text index of the compiled file of the same name without it
TEMP_PREFIX = ".facts-"
TEMP_SUFFIX = ".tmp"
KEEP_ENTRIES = 8  # compiled files (each with its index) kept: one per facts file in use, with room to spare
STALE_TEMP_SECONDS = 3600  # a build takes at most minutes: an older temporary file was left by a killed process
MAX_CACHE_BYTES = 4 * 1024 * 1024 * 1024  # a 128 MB facts file (the limit) compiles to well under this
PAGE_SIZE = 8192  # rows of about 2 KB waste less of an 8 KB page than of a 4 KB one (10% smaller)
_CHUNK = 1024 * 1024
_BATCH = 2000  # facts decoded together: fast, and small beside 100,000 of them
_CLOCK_SLACK = 60  # seconds a file may seem to come from the future (clocks of machines sharing a folder)
_CRC_AT = 60  # SQLite's header field user_version: four bytes of ours, which SQLite never writes itself

# The tables of the model's records (sources, measures, entities, redirects, facts, quantities) are made from
# their declarations in data/model.py (_TABLES, _fields); these hold links and groups, which no record declares.
LINK_TABLES = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE fact_entities (
  fact_id TEXT NOT NULL REFERENCES facts(id), entity_id TEXT NOT NULL REFERENCES entities(id),
  role TEXT NOT NULL,        -- 'entity' (listed in the fact's entities) or 'speaker'
  PRIMARY KEY (fact_id, entity_id, role)) WITHOUT ROWID;
CREATE TABLE fact_industries (
  fact_id TEXT NOT NULL REFERENCES facts(id), industry TEXT NOT NULL, PRIMARY KEY (fact_id, industry))
  WITHOUT ROWID;               -- link tables are their primary key: no second copy in an index
CREATE TABLE synonyms (grp INTEGER NOT NULL, term TEXT NOT NULL, note TEXT, PRIMARY KEY (grp, term));
"""
INDEXES = """
CREATE INDEX facts_topic ON facts(topic);
CREATE INDEX facts_kind ON facts(kind);
CREATE INDEX facts_status ON facts(status);
CREATE INDEX facts_speaker ON facts(speaker);
CREATE INDEX fact_industries_industry ON fact_industries(industry);
CREATE INDEX fact_entities_entity ON fact_entities(entity_id);
CREATE INDEX quantities_measure ON quantities(measure);
CREATE INDEX quantities_subject ON quantities(subject);
CREATE INDEX entities_type ON entities(type);
"""


# Building ---------------------------------------------------------------------------------------------

class Records(NamedTuple):
    """What a FactSet is made of, before it has a database to keep its facts in: what compile_factset reads."""
    sources: Sequence[Source]
    entities: Sequence[Entity]
    facts: Sequence[Fact]
    measures: Sequence[Measure]
    synonyms: Sequence[Synonyms]
    redirects: Sequence[Redirect]


def compile_factset(records: Records, digest: str) -> sqlite3.Connection:
    """An in-memory database holding everything of a FactSet's records. FactsError if SQLite cannot make one
    (out of memory, or no room for its temporary files)."""
    from baotou_cli.errors import FactsError

    conn = None
    try:
        conn = sqlite3.connect(":memory:")
        conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        conn.executescript(schema())
        stored, changed = _storable(records)
        with conn:
            _insert(conn, stored, digest)
            # A fact kept other than as written still prints as written.
            conn.executemany("UPDATE facts SET row_json = ?, rest_json = ? WHERE rowid = ?",
                             [(*_fact_json(fact), position + 1) for position, fact in changed])
        conn.executescript(INDEXES)
    except (sqlite3.Error, MemoryError) as exc:
        if conn is not None:
            conn.close()
        raise FactsError(f"cannot compile the facts into a database: {str(exc) or 'out of memory'}") from None
    return conn


def _storable(records: Records) -> tuple[Records, list[tuple[int, Fact]]]:
    """The records as the database can keep them, and the (position, fact) of each fact kept other than as
    written. Only records not yet checked need this, and checks read them as written: an id repeated
    (`verify` reports each repeat) is kept under a stand-in key no id can have (it holds a NUL); a draft's
    figure whose measure the curator has yet to choose, under the measure ''."""
    sections = {name: getattr(records, name) for name in ("sources", "entities", "facts", "measures", "redirects")}
    open_measure = any(q.measure is None for fact in records.facts for q in fact.quantities)
    if not open_measure and all(len({r.id for r in section}) == len(section) for section in sections.values()):
        return records, []
    changed: list[tuple[int, Fact]] = []
    for name, section in sections.items():
        seen: set[str] = set()
        kept = []
        for position, record in enumerate(section):
            stored = record._replace(id=f"{record.id}\0{position}") if record.id in seen else record
            seen.add(record.id)
            if name == "facts" and any(q.measure is None for q in record.quantities):
                stored = stored._replace(quantities=[q._replace(measure="") if q.measure is None else q
                                                     for q in record.quantities])
            if name == "facts" and stored is not record:
                changed.append((position, record))
            kept.append(stored)
        sections[name] = kept
    return records._replace(**sections), changed


def compile_fulltext(factset: FactSet, digest: str) -> sqlite3.Connection:
    """An in-memory database holding the full-text index of a FactSet (and a meta table, as the facts file's)."""
    from baotou_cli.data import search_index

    conn = sqlite3.connect(":memory:")
    conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    with conn:
        conn.executemany("INSERT INTO meta VALUES (?, ?)", _meta(digest, FULLTEXT))
        search_index.create_search_index(conn, factset)
    return conn


def _insert(conn: sqlite3.Connection, factset: Records, digest: str) -> None:
    from baotou_cli.data.vocabularies import certainty

    conn.executemany("INSERT INTO meta VALUES (?, ?)", _meta(digest, FACTS))
    for kind, records in ((Source, factset.sources), (Measure, factset.measures), (Entity, factset.entities),
                          (Redirect, factset.redirects)):
        conn.executemany(_insert_sql(kind), [(n, *_values(kind)(record)) for n, record in enumerate(records, start=1)])
    facts, quantities, links, industries = [], [], [], []
    fact_values, quantity_values = _values(Fact), _values(Quantity)
    for n, fact in enumerate(factset.facts, start=1):
        facts.append((n, *fact_values(fact), len(fact.quantities), *_fact_json(fact)))
        quantities += [(fact.id, i, *quantity_values(q), certainty(q.qualifiers)) for i, q in enumerate(fact.quantities)]
        links += [(fact.id, entity_id, role) for entity_id, role in entity_roles(fact)]
        industries += [(fact.id, i) for i in dict.fromkeys(fact.industries)]
    conn.executemany(_insert_sql(Fact), facts)
    conn.executemany(_insert_sql(Quantity), quantities)
    conn.executemany("INSERT INTO fact_entities VALUES (?, ?, ?)", links)
    conn.executemany("INSERT INTO fact_industries VALUES (?, ?)", industries)
    conn.executemany("INSERT INTO synonyms VALUES (?, ?, ?)",
                     [(g, t, s.note) for g, s in enumerate(factset.synonyms, start=1) for t in dict.fromkeys(s.terms)])


def _fact_json(fact: Fact) -> tuple[str, str]:
    """What the store keeps of a fact as JSON: its row as `facts --json` prints it (model.fact_row), and the
    rest of its record on one line."""
    record = fact_record(fact)
    return encode(fact_row(record)), encode_line({name: record[name] for name in FACT_REST_FIELDS})


FACTS, FULLTEXT = "facts", "fulltext"  # what a cached file holds (meta `holds`): a file renamed is never used


def _meta(digest: str, holds: str) -> list[tuple[str, str]]:
    return [("format", str(FORMAT)), ("facts_sha256", digest), ("baotou_version", __version__), ("holds", holds)]


# Each model record's table: one column per field, made from the record's declaration (data/model.py), so a
# field added to a record has its column. A nested record spreads over `field_key` columns (period_start); a
# list is JSON text, but for a fact's, which are tables of their own (quantities, fact_entities,
# fact_industries) or only in its record (labels). Per kind: the table, the columns before and after the
# fields (keys, counts, the record's JSON), and the columns whose names differ from the fields'.
_TABLES: dict[type, tuple[str, str, str, dict[str, str]]] = {
    Source: ("sources", "", "", {}), Measure: ("measures", "", "", {}), Entity: ("entities", "", "", {}),
    Redirect: ("redirects", "", "", {"to": "to_id"}),
    # A fact's JSON: its row as `facts --json` prints it (model.fact_row), and the rest of its record on one line.
    Fact: ("facts", "", "quantity_count INTEGER NOT NULL, row_json TEXT NOT NULL, rest_json TEXT NOT NULL",
           {"source_quote": "quote"}),
    Quantity: ("quantities", "fact_id TEXT NOT NULL REFERENCES facts(id), position INTEGER NOT NULL",
               "certainty TEXT NOT NULL", {})}
_KEYS: dict[type, str] = {Quantity: ", PRIMARY KEY (fact_id, position)) WITHOUT ROWID"}
_REFERENCES = {"source_id": "sources(id)", "speaker": "entities(id)", "subject": "entities(id)",
               "company": "entities(id)", "parent": "entities(id)"}
_SQL_TYPES = {str: "TEXT", int: "INTEGER", float: "NUMERIC"}


class _Column(NamedTuple):
    name: str
    path: tuple[str, ...]  # the fields that lead to its value (period, start)
    sql: str               # its declaration
    is_json: bool          # a list, kept as JSON text


@functools.cache
def _fields(kind) -> tuple[_Column, ...]:
    import types
    import typing
    from collections.abc import Sequence

    columns = []
    for name, hint in typing.get_type_hints(kind).items():
        args = typing.get_args(hint) if typing.get_origin(hint) in (typing.Union, types.UnionType) else (hint,)
        present = [arg for arg in args if arg is not type(None)]
        nullable = len(present) < len(args)
        base = present[0] if len(present) == 1 else float  # float | int: a number
        if typing.get_origin(base) in (list, Sequence):
            if kind is not Fact:
                columns.append(_Column(name, (name,), f"{name} TEXT NOT NULL", True))
        elif hasattr(base, "_fields"):
            columns += [_Column(f"{name}_{c.name}", (name, *c.path),
                                f"{name}_{c.sql}".replace(" NOT NULL", "") if nullable else f"{name}_{c.sql}", False)
                        for c in _fields(base)]
        else:
            key = name == "id" and kind in _TABLES and not _TABLES[kind][1]  # a table's own id, not a nested one
            sql = "PRIMARY KEY" if key else "" if nullable else "NOT NULL"
            columns.append(_Column(name, (name,), f"{name} {_SQL_TYPES[base]} {sql}".rstrip(), False))
    if kind not in _TABLES:  # a nested record: its table names the columns
        return tuple(columns)
    renamed = _TABLES[kind][3]
    columns = [c._replace(name=renamed[c.name], sql=renamed[c.name] + c.sql[len(c.name):]) if c.name in renamed
               else c for c in columns]
    return tuple(c._replace(sql=f"{c.sql} REFERENCES {_REFERENCES[c.name]}") if c.name in _REFERENCES else c
                 for c in columns)


def schema() -> str:
    """The compiled database's tables: each model record's (_TABLES), then LINK_TABLES."""
    tables = []
    for kind, (table, before, after, _) in _TABLES.items():
        body = ", ".join(part for part in (before, *(c.sql for c in _fields(kind)), after) if part)
        tables.append(f"CREATE TABLE {table} ({body}{_KEYS.get(kind, ')')};")
    return "\n".join(tables) + LINK_TABLES


def _columns(kind) -> list[str]:
    return [c.name for c in _fields(kind)]


def _insert_sql(kind) -> str:
    """An INSERT of a record's row: rowid (none for quantities), the columns before, its fields', after."""
    table, before, after, _ = _TABLES[kind]
    names = ([] if before else ["rowid"]) + [part.split()[0] for part in before.split(", ") if part] \
        + _columns(kind) + [part.split()[0] for part in after.split(", ") if part]
    return f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"


def _values(kind):
    """A function from a record to its fields' column values, in _columns order."""
    getters = []
    for column in _fields(kind):
        if len(column.path) == 1:
            name = column.path[0]
            getters.append((lambda r, n=name: _list(getattr(r, n))) if column.is_json else operator.attrgetter(name))
        else:
            getters.append(lambda r, path=column.path: _nested(r, path))
    return lambda record: tuple(get(record) for get in getters)


def _nested(record, path: tuple[str, ...]):
    for name in path:
        record = getattr(record, name) if record is not None else None
    return record


def _read(conn: sqlite3.Connection, kind) -> list:
    fields = _fields(kind)
    rows = conn.execute(f"SELECT {', '.join(c.name for c in fields)} FROM {_TABLES[kind][0]} ORDER BY rowid")
    return [kind(*(decode(v) if c.is_json else v for c, v in zip(fields, row, strict=True))) for row in rows]


def _list(items) -> str:
    return encode_line(list(items))


def _with_fact_records(conn: sqlite3.Connection, factset: FactSet) -> None:
    """`facts.record` for export, as the README promises: each fact exactly as `export --json` prints it, in
    place of the cache's own JSON columns (its row and the rest of its record)."""
    conn.execute("ALTER TABLE facts ADD COLUMN record TEXT")
    conn.executemany("UPDATE facts SET record = ? WHERE rowid = ?",
                     [(encode(fact_record(fact)), n) for n, fact in enumerate(factset.facts, start=1)])
    for cache_only in ("row_json", "rest_json"):
        conn.execute(f"ALTER TABLE facts DROP COLUMN {cache_only}")


# The view Datasette lists beside the tables: every figure with what it needs to stand alone, joined from the
# tables above (the questions commands answer are tables of their own, filled by their queries: ExportTable).
EXPORT_VIEWS = """
CREATE VIEW figures AS
SELECT q.fact_id, f.topic, q.measure, q.raw AS figure_raw, q.value, q.unit, q.certainty, q.qualifiers, q.basis,
       q.subject, n.short_en AS subject_en, s.zh AS subject_zh, f.period_raw, f.period_start, f.period_end,
       f.as_of_raw, f.as_of_date, f.en, f.zh, f.quote, f.source_id
FROM quantities q JOIN facts f ON f.id = q.fact_id LEFT JOIN entities s ON s.id = q.subject
LEFT JOIN short_names n ON n.id = q.subject
ORDER BY f.rowid, q.position;
"""


class ExportTable(NamedTuple):
    """A table `export --format sqlite` adds, holding the rows a query returned (questions/export_tables.py makes
    them: this layer asks no questions). Lists and records in a row are JSON text, like the other tables'."""
    name: str
    columns: list[str]
    rows: list[dict]
    links: dict[str, str]  # column -> the table whose `id` it names: a foreign key Datasette links through


def _add_table(conn: sqlite3.Connection, table: ExportTable) -> None:
    columns = ", ".join(f"{name} REFERENCES {table.links[name]}(id)" if name in table.links else name
                        for name in table.columns)
    conn.execute(f"CREATE TABLE {table.name} ({columns})")
    conn.executemany(f"INSERT INTO {table.name} VALUES ({', '.join('?' * len(table.columns))})",
                     [[_sql_value(row[name]) for name in table.columns] for row in table.rows])


def _sql_value(value):
    return encode_line(value) if isinstance(value, (list, dict)) else value


def export(factset: FactSet, target: Path, *, force: bool, tables: Sequence[ExportTable] = ()) -> int:
    """Write the compiled database, with EXPORT_VIEWS and `tables`, to `target`; returns its size. Without
    `force` an existing file is an error; with it, a regular file (or a link, never written through) is
    replaced. The facts file and its articles are never a target, whatever they are called. FactsError on
    failure.

    The database is written to a short temporary name beside `target` and only then put in place (renamed,
    or linked without `force`, which fails if a file appeared meanwhile): an interrupted or failed export
    (SIGTERM, SIGHUP, Ctrl-C, a full disk) leaves what was there before and no temporary file."""
    copy = factset.database()
    # The names tables use for each entity (the zone's short English name), so that the figures view says
    # what the CLI says.
    copy.execute("CREATE TABLE short_names (id TEXT PRIMARY KEY, short_en TEXT NOT NULL)")
    copy.executemany("INSERT INTO short_names VALUES (?, ?)", [(e.id, short_name_en(e)) for e in factset.entities])
    _with_fact_records(copy, factset)
    copy.executescript(EXPORT_VIEWS)
    with copy:
        for table in tables:
            _add_table(copy, table)
        from baotou_cli.data import search_index

        search_index.add_content_columns(copy, factset)
        # Full-text tables (facts_fts, entities_fts) beside the facts: Datasette offers a search box on a table
        # whose index is beside it.
        search_index.create_index(copy, factset)
    copy.execute("PRAGMA user_version = 0")  # the cache's checksum means nothing outside the cache
    data = copy.serialize()
    copy.close()
    write_file(target, data, _export_inputs(factset), force=force)
    return len(data)


def write_file(target: Path, data: bytes, inputs: dict[tuple[int, int], str], *, force: bool,
               example: str = "facts.db") -> None:
    """Put `data` at `target` whole or not at all: written to a short temporary name beside it, then renamed
    into place (or linked without `force`, which fails if a file appeared meanwhile). `inputs` (device and
    inode -> what it is) are never the target, under any name. FactsError on failure; an interrupted or
    failed write (SIGTERM, SIGHUP, Ctrl-C, a full disk, `ulimit -f`) leaves what was there and no temporary
    file."""
    from baotou_cli.errors import FactsError, NotReplaced
    from baotou_cli.data.article_files import write_all

    temporary = None
    try:
        _check_export_target(target, force, inputs, example)
        import tempfile

        # A short name: `.{target.name}.…` made a 250-byte target's temporary name longer than a file name may be.
        with _signals_held():  # a signal between creating the file and knowing its name would leave it behind
            fd, temporary = tempfile.mkstemp(prefix=EXPORT_TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=target.parent)
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        try:
            write_all(fd, data)  # every byte, or an error
        finally:
            os.close(fd)
        _check_export_target(target, force, inputs, example)  # again: the target may have changed while writing
        if force:
            os.replace(temporary, target)
        else:
            _link_new(temporary, target)
        temporary = None
    except FileExistsError:
        raise NotReplaced(f"{target} exists", target=str(target), reason="exists") from None
    except OSError as exc:
        raise FactsError(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


EXPORT_TEMP_PREFIX = ".baotou-"


@contextlib.contextmanager
def _signals_held():
    """SIGINT, SIGTERM and SIGHUP wait (blocked, not lost) until the block ends, where they act at once."""
    import signal

    held = {getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)}
    if not hasattr(signal, "pthread_sigmask"):  # Windows
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _export_inputs(factset: FactSet, *extra: tuple[Path, str]) -> dict[tuple[int, int], str]:
    """(device, inode) -> what it is, for the facts file, every article it cites and `extra` (path, what)."""
    from baotou_cli.errors import FactsError
    from baotou_cli.data.article_files import article_path

    named = [*extra, (factset.path, "the facts file")]
    for source in factset.sources:
        with contextlib.suppress(FactsError):
            named.append((article_path(factset.path, source.path, allow_outside=factset.allow_outside_sources),
                          f"the article of source '{source.id}'"))
    found: dict[tuple[int, int], str] = {}
    for path, what in named:
        with contextlib.suppress(OSError, ValueError):
            info = os.stat(path)
            found.setdefault((info.st_dev, info.st_ino), what)
    return found


def _check_export_target(target: Path, force: bool, inputs: dict[tuple[int, int], str],
                         example: str = "facts.db") -> None:
    """FactsError unless `target` may be written: not one of the export's inputs (by device and inode, so no
    other name of it either), not a directory, and, if it exists, replaced only with `force` and only when
    it is a regular file or a link (a link is replaced, never written through)."""
    from baotou_cli.errors import FactsError, NotReplaced

    try:
        shown = os.lstat(target)
    except FileNotFoundError:
        return
    seen = [shown]
    with contextlib.suppress(OSError):
        seen.append(os.stat(target))  # what a link points to
    for info in seen:
        what = inputs.get((info.st_dev, info.st_ino))
        if what:
            raise FactsError(f"{target} is {what}, which this command reads: choose another file")
    if stat.S_ISDIR(seen[-1].st_mode):
        raise FactsError(f"{target} is a directory: give a file name, e.g. {target / example}")
    if not force:
        raise FileExistsError(target)
    # A link to a device, FIFO or socket (/dev/stdout -> /proc/self/fd/1) is refused like what it points to:
    # replacing it would take a system's link away, not write a database.
    if not (stat.S_ISREG(seen[-1].st_mode) or stat.S_ISLNK(seen[-1].st_mode)):
        raise NotReplaced(f"{target} is not a regular file (a FIFO, device or socket)", target=str(target),
                          reason="special")


def _link_new(temporary: str, target: Path) -> None:
    """Put a finished file at `target` only if nothing is there (FileExistsError otherwise)."""
    try:
        os.link(temporary, target, follow_symlinks=False)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: the check just made, then a rename
        if os.path.lexists(target):
            raise FileExistsError(target) from None
        os.rename(temporary, target)
    else:
        os.unlink(temporary)


# Reading ----------------------------------------------------------------------------------------------

class SqliteStore:
    """A FactSet's facts in a compiled database: the one engine every question is answered by. Positions
    (0 for the first fact of the file) are rowids minus one; they stay between FactSet and its store."""

    def __init__(self, conn: sqlite3.Connection, digest: str | None = None) -> None:
        self.conn = conn
        self.digest = digest  # the cache key of the file compiled; None: its full-text index is not cached

    def compiled_from(self, digest: str, *, keep: bool) -> None:
        """Record the sha256 of the facts file compiled (in `meta`, which export writes out too); with `keep`,
        save the database in the cache under it, and later the full-text index the first search builds."""
        with self.conn:
            self.conn.execute("UPDATE meta SET value = ? WHERE key = 'facts_sha256'", (digest,))
        if keep:
            self.digest = digest
            save(self.conn, entry_name(digest))

    def copy(self) -> sqlite3.Connection:
        """The whole database, copied into a new one in memory."""
        copy = sqlite3.connect(":memory:")
        self.conn.backup(copy)
        return copy

    def full_text(self, factset: FactSet) -> sqlite3.Connection:
        """The full-text index of these facts: the cached file, else built now (and kept, if cached)."""
        if self.digest is None:
            from baotou_cli.data import search_index

            return search_index.memory_index(factset)
        name = fulltext_entry_name(self.digest)
        conn = _open_entry(name, self.digest, FULLTEXT)
        if conn is None:
            conn = compile_fulltext(factset, self.digest)
            save(conn, name)
        return conn

    def count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM facts").fetchone()[0]

    def ids(self) -> list[str]:
        return [row[0] for row in self.conn.execute("SELECT id FROM facts ORDER BY rowid")]

    def position(self, fact_id: str) -> int | None:
        row = self.conn.execute("SELECT rowid FROM facts WHERE id = ?", (fact_id,)).fetchone()
        return None if row is None else row[0] - 1

    def select(self, topic, kinds, industry, entity, with_quantities, limit) -> list[int]:
        where, values = [], []
        if topic is not None:
            where.append("topic = ?")
            values.append(topic)
        if kinds is not None:
            where.append(f"kind IN ({', '.join('?' * len(kinds))})")
            values.extend(kinds)
        if industry is not None:
            where.append("id IN (SELECT fact_id FROM fact_industries WHERE industry = ?)")
            values.append(industry)
        if entity is not None:
            where.append("id IN (SELECT fact_id FROM fact_entities WHERE entity_id = ?)")
            values.append(entity)
        if with_quantities:
            where.append("quantity_count > 0")
        sql = "SELECT rowid - 1 FROM facts" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY rowid"
        if limit is not None:
            sql += " LIMIT ?"
            values.append(limit)
        return [row[0] for row in self.conn.execute(sql, values)]

    def about(self, entity_ids: set[str]) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        rows = self.conn.execute(
            "SELECT DISTINCT l.entity_id, f.rowid - 1 FROM fact_entities l JOIN facts f ON f.id = l.fact_id "
            "WHERE l.entity_id IN (SELECT value FROM json_each(?)) ORDER BY f.rowid", (encode_line(sorted(entity_ids)),))
        for entity_id, position in rows:
            found.setdefault(entity_id, []).append(position)
        return found

    def first_per_quote(self, kinds: tuple[str, ...], source_id: str) -> list[int]:
        return [row[0] for row in self.conn.execute(
            f"SELECT min(rowid) - 1 AS first FROM facts WHERE kind IN ({', '.join('?' * len(kinds))}) "
            "AND source_id = ? GROUP BY quote ORDER BY first", (*kinds, source_id))]

    def with_figure(self, measure: str, subject: str | None) -> list[int]:
        return [row[0] for row in self.conn.execute(
            "SELECT DISTINCT f.rowid - 1 AS at FROM quantities q JOIN facts f ON f.id = q.fact_id "
            "WHERE q.measure = ? AND q.subject IS ? ORDER BY at", (measure, subject))]

    def topic_counts(self) -> dict[str, int]:
        return dict(self.conn.execute("SELECT topic, count(*) FROM facts GROUP BY topic ORDER BY min(rowid)"))

    def _records(self, positions: list[int], columns: str) -> list:
        """These columns of the facts at these positions, in their order (one value, or a tuple of them)."""
        if not positions:
            return []
        single = "," not in columns
        if positions == list(range(positions[0], positions[0] + len(positions))):  # a run: a range scan, in order
            rows = self.conn.execute(f"SELECT {columns} FROM facts WHERE rowid BETWEEN ? AND ? ORDER BY rowid",
                                     (positions[0] + 1, positions[-1] + 1))
            return [row[0] for row in rows] if single else rows.fetchall()
        else:
            rows = self.conn.execute(f"SELECT rowid - 1, {columns} FROM facts WHERE rowid IN "
                                     "(SELECT value + 1 FROM json_each(?))", (encode_line(positions),))
        by_position = {row[0]: row[1] if single else row[1:] for row in rows}
        return [by_position[p] for p in positions]

    def facts(self, positions: list[int]) -> list[Fact]:
        built = []
        for start in range(0, len(positions), _BATCH):  # a batch at a time, never every record at once
            built += [build_fact(record) for record in self.records(positions[start:start + _BATCH])]
        return built

    def encoded(self, positions: list[int]) -> list[str]:
        return self._records(positions, "row_json")

    def records(self, positions: list[int]) -> list[dict]:
        return [joined_record(decode(row), decode(rest)) for row, rest in self._records(positions, "row_json, rest_json")]


def factset_from(conn: sqlite3.Connection, path: Path, digest: str | None = None, *,
                 allow_outside_sources: bool = False) -> FactSet:
    """The FactSet of a compiled database; with `digest`, its full-text index is cached under that key.
    allow_outside_sources: as the facts file was opened (see FactSet)."""
    groups: dict[int, Synonyms] = {}
    for group, term, note in conn.execute("SELECT grp, term, note FROM synonyms ORDER BY grp, rowid"):
        groups.setdefault(group, Synonyms([], note)).terms.append(term)
    return FactSet(path, _read(conn, Source), _read(conn, Entity), SqliteStore(conn, digest),
                   measures=_read(conn, Measure), synonyms=list(groups.values()), redirects=_read(conn, Redirect),
                   allow_outside_sources=allow_outside_sources)


# Where the cache lives -------------------------------------------------------------------------------

def cache_dir() -> Path | None:
    """$BAOTOU_CACHE_DIR; else $XDG_CACHE_HOME/baotou if absolute (the XDG spec says to ignore a relative one);
    else ~/.cache/baotou, home being $HOME if absolute, else the passwd entry's. None: no sane place."""
    explicit = os.environ.get(ENV_CACHE_DIR)
    if explicit:
        return Path(explicit).absolute()
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return Path(xdg) / "baotou"
    home = os.environ.get("HOME", "")
    if not os.path.isabs(home) or home == "/":
        home = _passwd_home()
    return Path(home) / ".cache" / "baotou" if os.path.isabs(home) and home != "/" else None


def _passwd_home() -> str:
    try:
        import pwd

        return pwd.getpwuid(os.geteuid()).pw_dir
    except (ImportError, KeyError, OSError):  # no pwd module (Windows) or a uid without an entry (containers)
        return ""


class UnsafeCacheFolder(Exception):
    """The cache directory is not one to trust (the reason is the message)."""


def safe_dir(folder: Path, *, create: bool) -> Path:
    """The cache directory, made if asked, if only we (or the sticky bit) decide what is in it."""
    if create:
        with contextlib.suppress(FileExistsError):
            folder.mkdir(parents=True, mode=0o700)
    info = os.stat(folder)
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafeCacheFolder(f"{folder} is not a directory")
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH) and not info.st_mode & stat.S_ISVTX:
        raise UnsafeCacheFolder(f"{folder} is writable by other users and not sticky")
    if not _ours(info) and not info.st_mode & stat.S_ISVTX:
        raise UnsafeCacheFolder(f"{folder} belongs to another user")
    return folder


def _ours(info: os.stat_result) -> bool:
    return not hasattr(os, "geteuid") or info.st_uid == os.geteuid()


def entry_name(digest: str) -> str:
    return f"facts-{digest}-{__version__}-{FORMAT}{SUFFIX}"


def fulltext_entry_name(digest: str) -> str:
    return entry_name(digest).removesuffix(SUFFIX) + FULLTEXT_SUFFIX


# Opening a cached database -----------------------------------------------------------------------------

def open_cached(path: Path, digest: str, *, allow_outside_sources: bool = False) -> FactSet | None:
    """The compiled FactSet of a facts file with this sha256, or None when there is no whole one of ours."""
    conn = _open_entry(entry_name(digest), digest, FACTS)
    if conn is None:
        return None
    try:
        return factset_from(conn, path, digest, allow_outside_sources=allow_outside_sources)
    except (sqlite3.Error, ValueError, KeyError, TypeError):
        conn.close()
        _remove_entry(entry_name(digest))
        return None


def _open_entry(name: str, digest: str, holds: str) -> sqlite3.Connection | None:
    """The cached database of this name, if it is a whole one of ours holding `holds` for this sha256; else
    None. A damaged file is removed, so the next build replaces it."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        target = safe_dir(folder, create=False) / name
    except (OSError, ValueError, UnsafeCacheFolder):
        return None
    try:
        fd = os.open(target, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return None
    except OSError:  # a symlink (O_NOFOLLOW), or something else that is no file of ours
        _remove_if_ours(target)
        return None
    try:
        conn = _verified(fd, digest, holds)
    except (OSError, sqlite3.Error, ValueError, KeyError, TypeError):
        conn = None
    finally:
        os.close(fd)
    if conn is None:
        _remove_if_ours(target)
    return conn


def _remove_entry(name: str) -> None:
    folder = cache_dir()
    if folder is not None:
        _remove_if_ours(folder / name)


def _verified(fd: int, digest: str, holds: str) -> sqlite3.Connection | None:
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or not PAGE_SIZE <= info.st_size <= MAX_CACHE_BYTES \
            or info.st_size % PAGE_SIZE or not _ours(info):
        return None
    header = os.read(fd, 100)
    if not header.startswith(b"SQLite format 3\0") or checksum(fd, info.st_size) != header[_CRC_AT:_CRC_AT + 4]:
        return None
    # Open the very file checked: by its descriptor where the system can name one, else from the bytes.
    if os.path.isdir("/proc/self/fd"):
        conn = sqlite3.connect(f"file:/proc/self/fd/{fd}?mode=ro&immutable=1", uri=True)
    else:
        conn = sqlite3.connect(":memory:")
        os.lseek(fd, 0, os.SEEK_SET)
        data = bytearray()  # the bytes the checksum covered, no more (what follows was never checked)
        while len(data) < info.st_size and (chunk := os.read(fd, min(_CHUNK, info.st_size - len(data)))):
            data += chunk
        conn.deserialize(bytes(data))
    meta = dict(conn.execute("SELECT key, value FROM meta"))
    if meta["format"] != str(FORMAT) or meta["facts_sha256"] != digest or meta["holds"] != holds:
        conn.close()
        return None
    return conn


def checksum(fd: int, size: int) -> bytes:
    """CRC-32 of the file, its own four bytes read as zero (its cost: docs/performance.md, "What checking the
    cache costs")."""
    crc, offset = 0, 0
    buffer = bytearray(_CHUNK)
    view = memoryview(buffer)
    reader = io.FileIO(fd, closefd=False)
    reader.seek(0)
    while offset < size:
        got = reader.readinto(view[:min(_CHUNK, size - offset)])
        if not got:
            raise OSError("the cache file changed size while being read")
        if offset == 0:
            view[_CRC_AT:_CRC_AT + 4] = b"\0\0\0\0"
        crc = zlib.crc32(view[:got], crc)
        offset += got
    return crc.to_bytes(4, "big")


def _remove_if_ours(target: Path) -> None:
    with contextlib.suppress(OSError):
        info = os.lstat(target)
        if stat.S_ISLNK(info.st_mode) or _ours(info):
            target.unlink()


# Writing, pruning, clearing -------------------------------------------------------------------------------

def _clear_the_name(target: Path) -> None:
    """An empty directory of ours where the file goes (left by mistake, or by another tool) would keep every
    query from ever caching: remove it. Anything else there is replaced by os.replace, or left alone."""
    with contextlib.suppress(OSError):
        info = os.lstat(target)
        if stat.S_ISDIR(info.st_mode) and _ours(info):
            os.rmdir(target)  # fails, harmlessly, when it holds anything


def save(conn: sqlite3.Connection, name: str) -> None:
    """Keep a compiled database in the cache directory under this name (entry_name or fulltext_entry_name).
    Failing to is never an error: the query goes on."""
    folder = cache_dir()
    if folder is None:
        return
    import tempfile

    temporary = None
    try:
        folder = safe_dir(folder, create=True)
        data = memoryview(conn.serialize())
        crc = zlib.crc32(data[_CRC_AT + 4:], zlib.crc32(b"\0\0\0\0", zlib.crc32(data[:_CRC_AT])))
        # mkstemp: a random name, created with O_EXCL and O_NOFOLLOW, readable by us alone.
        fd, temporary = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=TEMP_SUFFIX, dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data[:_CRC_AT])
            handle.write(crc.to_bytes(4, "big"))
            handle.write(data[_CRC_AT + 4:])
        _clear_the_name(folder / name)
        os.replace(temporary, folder / name)
        temporary = None
        prune(folder, keep=name)
    except (OSError, ValueError, UnsafeCacheFolder, sqlite3.Error, MemoryError):
        pass
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


class Entry(NamedTuple):
    path: Path
    size: int
    modified: float
    temporary: bool


# The only names the cache ever makes (entry_name, fulltext_entry_name, save's mkstemp): in a shared folder
# (`/tmp`) nothing else is ours to delete, not even a user's own `facts-2022.sqlite` export (issue #20).
_ENTRY_NAME = re.compile(r"facts-[0-9a-f]{64}-[0-9A-Za-z.+!_]+-[0-9]+(?:-fts)?\.sqlite")
_TEMP_NAME = re.compile(re.escape(TEMP_PREFIX) + r"[0-9]+-[a-z0-9_]{8}" + re.escape(TEMP_SUFFIX))


def entries(folder: Path) -> list[Entry]:
    """Our compiled files and temporary files in the cache directory (regular files of ours, named as only
    the cache names them), newest first; a file dated in the future counts as the oldest (see prune)."""
    found = []
    for item in os.scandir(folder):
        temporary = _TEMP_NAME.fullmatch(item.name) is not None
        if not (temporary or _ENTRY_NAME.fullmatch(item.name)):
            continue
        with contextlib.suppress(OSError):
            info = item.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and _ours(info):
                found.append(Entry(Path(item.path), info.st_size, info.st_mtime, temporary))
    now = time.time() + _CLOCK_SLACK
    return sorted(found, key=lambda e: -e.modified if e.modified <= now else math.inf)


def prune(folder: Path, now: float | None = None, keep: str | None = None) -> list[Path]:
    """Remove temporary files of processes that died mid-build, all but the newest compiled files, and the
    full-text indexes of compiled files no longer kept. `keep` (the entry just saved) is never removed, and a
    file dated in the future (clock skew) counts as the oldest: it can never push new entries out."""
    now = time.time() if now is None else now
    removed: list[Path] = []
    kept: set[str] = set()
    indexes: list = []
    found = entries(folder)
    if keep is not None:  # the entry just written first: it is the newest, whatever the others' dates say
        found.sort(key=lambda e: e.path.name != keep)
    for entry in found:
        if entry.temporary:
            stale = now - entry.modified > STALE_TEMP_SECONDS or not _alive(entry.path.name)
        elif entry.path.name.endswith(FULLTEXT_SUFFIX):
            indexes.append(entry)
            continue
        else:
            stale = len(kept) >= KEEP_ENTRIES
            if not stale:
                kept.add(entry.path.name)
        if stale:
            removed += _unlinked(entry.path)
    for entry in indexes:
        if entry.path.name.removesuffix(FULLTEXT_SUFFIX) + SUFFIX not in kept and entry.path.name != keep:
            removed += _unlinked(entry.path)
    return removed


def _unlinked(path: Path) -> list[Path]:
    with contextlib.suppress(OSError):
        path.unlink()
        return [path]
    return []


def _alive(temporary_name: str) -> bool:
    """Whether the process whose id is in a temporary file's name still runs."""
    pid = temporary_name[len(TEMP_PREFIX):].split("-", 1)[0]
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True
    return True


def clear(info: CacheInfo) -> list[Entry]:
    """Remove every compiled and temporary file of ours that `describe` listed; returns what was removed.
    OSError when one cannot be removed."""
    removed = []
    for entry in info.entries:
        with contextlib.suppress(FileNotFoundError):
            entry.path.unlink()
            removed.append(entry)
    return removed


class CacheInfo(NamedTuple):
    directory: Path | None
    reason: str | None  # why there is no cache to use; None when there is
    entries: list[Entry]


def describe() -> CacheInfo:
    """Where the cache is and what it holds, or why there is none."""
    folder = cache_dir()
    if folder is None:
        return CacheInfo(None, "no cache directory: $BAOTOU_CACHE_DIR and $XDG_CACHE_HOME are unset and there "
                               "is no absolute home directory", [])
    try:
        return CacheInfo(folder, None, entries(safe_dir(folder, create=False)))
    except FileNotFoundError:
        return CacheInfo(folder, None, [])  # made on first use
    except UnsafeCacheFolder as exc:
        return CacheInfo(folder, f"not used: {exc}", [])
    except (OSError, ValueError) as exc:
        return CacheInfo(folder, f"not usable: {getattr(exc, 'strerror', None) or exc}", [])
