"""The project's exceptions (FactsError, QueryError, OutputError, Interrupted), their subclasses that carry
data for the caller to word (the CLI names its options and commands; the library does not), and the exit
codes every command shares."""

from __future__ import annotations

EXIT_OK = 0
EXIT_DATA = 1  # the facts file or its sources are wrong, missing or unreadable
EXIT_USAGE = 2  # the command line is wrong
EXIT_INTERNAL = 3  # a bug in baotou itself
EXIT_INTERRUPTED = 130  # Ctrl-C (SIGINT); SIGTERM and SIGHUP end with 128 + their number too: 143, 129


class FactsError(Exception):
    """A facts file (or one of its sources) cannot be used.

    Carries where the problem is so that the CLI can print one line:
    ``file:line:column: fact 'id': field 'x': what is wrong``.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        fact_id: str | None = None,
        field: str | None = None,
        record: str = "fact",  # what fact_id names: a fact, source, entity, measure, ...
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.fact_id = fact_id
        self.field = field
        self.record = record

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        if self.fact_id:
            where += f"{self.record} '{self.fact_id}': "
        if self.field:
            where += f"field '{self.field}': "
        return where + self.message


class OutsideDirectory(FactsError):
    """A facts file names an article outside its own directory (or the article to draft lies outside it).
    Reading it is the caller's choice, so the caller says how to allow it (the CLI names its option);
    `drafted` is the article as the user typed it, when it is the one to draft."""

    def __init__(self, message: str, *, path: str | None = None, drafted: str | None = None) -> None:
        super().__init__(message, path=path)
        self.drafted = drafted


class NotReplaced(FactsError):
    """The file to write is there and was left alone: `reason` "exists" (replaced only when the caller asks:
    the CLI's --force) or "special" (a FIFO, device or socket, or a link to one: never replaced). The caller
    says what to do about it (the CLI names its option)."""

    def __init__(self, message: str, *, target: str, reason: str) -> None:
        super().__init__(message)
        self.target, self.reason = target, reason


class FailedChecks(FactsError):
    """A facts file failed verification: the message is its first problem, `others` how many more there are
    (the caller says how to see them all: the CLI names its verify command)."""

    def __init__(self, message: str, *, others: int, **where) -> None:
        super().__init__(message, **where)
        self.others = others

    def __str__(self) -> str:
        return self.told(how_to_see_them="")

    def told(self, how_to_see_them: str) -> str:
        """The one line, `how_to_see_them` after the count of the others: ': run ...'."""
        return super().__str__() + (f" (and {self.others} more{how_to_see_them})" if self.others else "")


class QueryError(Exception):
    """A query argument is invalid (an unknown industry, field or id): a usage error."""


class UnknownRecord(QueryError):
    """No fact or entity has the id or name asked for; `close` holds the nearest ids, if any (the message
    suggests them; without them, the caller says how to find an id: the CLI names its search command)."""

    def __init__(self, message: str, *, close: list[str]) -> None:
        super().__init__(message)
        self.close = close


class NotAFact(QueryError):
    """A fact was asked for and `entity_id` names an entity (the caller says where its facts are: the CLI
    names its show command)."""

    def __init__(self, message: str, *, entity_id: str) -> None:
        super().__init__(message)
        self.entity_id = entity_id


class OutputError(Exception):
    """The result cannot be printed here: Chinese text on an ASCII-only stdout, a closed stdout, a full disk."""


class Interrupted(BaseException):
    """SIGTERM or SIGHUP arrived: unwind like Ctrl-C (temporary files are removed on the way), then exit with
    128 + the signal's number. A BaseException, like KeyboardInterrupt, so that no `except Exception` stops it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
