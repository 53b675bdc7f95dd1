"""Reading files named by an untrusted facts file: where an article may be, and how it is read.

A facts file may come from anyone (a contributed file verified in CI), so the paths it names are confined to
its own directory, and every file is read the same careful way: a regular file only (a FIFO would hang,
/dev/zero never ends), opened without blocking, and never more than a documented number of bytes.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from baotou_cli.errors import FactsError, OutsideDirectory

MAX_ARTICLE_BYTES = 2 * 1024 * 1024  # far more than a news article; checking holds many times the size
MAX_ARTICLES_BYTES = 8 * 1024 * 1024  # all of a facts file's articles together


def article_path(facts_path: Path, relative: str, *, allow_outside: bool) -> Path:
    """Where a source's article is: inside the facts file's directory, symlinks resolved, unless
    `allow_outside` (the facts file was opened with permission to name articles anywhere: FactSet.allow_outside_sources).

    Raises OutsideDirectory (a FactsError) naming the facts file for an absolute path, a `..` that leaves the directory or a
    symlink that points out of it: a contributed facts file must not make verify print another file's numbers.
    """
    base = facts_path.parent
    target = base / relative
    if allow_outside:
        return target
    try:
        root = base.resolve()
        resolved = target.resolve()
    except (OSError, RuntimeError) as exc:  # a symlink loop
        raise FactsError(f"source path {relative!r} cannot be resolved: {exc}", path=str(facts_path)) from None
    if Path(relative).is_absolute() or not resolved.is_relative_to(root):
        raise OutsideDirectory(f"source path {relative!r} is outside the facts file's directory",
                               path=str(facts_path))
    return resolved


class Unreadable(Exception):
    """Why a file was not read, as data (`reason` and what goes with it); the caller, which knows what the file
    is to the user (the facts file, a source, an article), says it in words.

    reason: "missing", "denied", "os-error" (with strerror), "link-appeared" (a symbolic link in its path after
    it was checked), "replaced" (after it was checked), "directory", "special" (a FIFO, device or socket),
    "too-big" (with size), "grew" (past the limit while it was read).
    """

    def __init__(self, path: Path, reason: str, *, strerror: str | None = None, size: int | None = None,
                 limit: int = 0) -> None:
        super().__init__(f"{path}: {reason}")
        self.path, self.reason, self.strerror, self.size, self.limit = path, reason, strerror, size, limit


@contextmanager
def open_regular_file(path: Path, limit: int, *, no_links: bool = False) -> Iterator[int]:
    """A descriptor of a regular file of at most `limit` bytes (by its size when opened), else Unreadable.

    Opened without blocking (a FIFO without a writer would wait for ever) and checked on the descriptor, not
    the name (nothing can be swapped in between). With no_links, no component of `path` may be a symbolic link
    when it is opened (see _open_without_links), and it must be the file the caller checked (os.stat before).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        first = os.stat(path) if no_links else None  # the look the caller's checks were made on
        fd = _open_without_links(path, flags) if no_links else os.open(path, flags)
    except FileNotFoundError:
        raise Unreadable(path, "missing") from None
    except PermissionError:
        raise Unreadable(path, "denied") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        if getattr(exc, "errno", None) in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
            raise Unreadable(path, "link-appeared") from None
        raise Unreadable(path, "os-error", strerror=getattr(exc, "strerror", None) or str(exc)) from None
    try:
        info = os.fstat(fd)
        if first is not None and (info.st_dev, info.st_ino) != (first.st_dev, first.st_ino):
            raise Unreadable(path, "replaced")
        if stat.S_ISDIR(info.st_mode):
            raise Unreadable(path, "directory")
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable(path, "special")
        if info.st_size > limit:
            raise Unreadable(path, "too-big", size=info.st_size, limit=limit)
        yield fd
    finally:
        os.close(fd)


def read_regular_file(path: Path, limit: int, *, no_links: bool = False) -> bytes:
    """The bytes of a regular file of at most `limit` bytes (see open_regular_file); Unreadable for anything
    else, including a file that grows past the limit while it is read."""
    with open_regular_file(path, limit, no_links=no_links) as fd:
        try:
            with os.fdopen(fd, "rb", closefd=False) as handle:
                data = handle.read(limit + 1)  # the file may grow between fstat and read
        except OSError as exc:
            raise Unreadable(path, "os-error", strerror=exc.strerror or str(exc)) from None
    if len(data) > limit:
        raise Unreadable(path, "grew", limit=limit)
    return data


def read_limited(path: Path, limit: int, what: str, *, no_links: bool = False) -> bytes:
    """read_regular_file for an article: FactsError naming `what` (a source, the article to draft)."""
    try:
        return read_regular_file(path, limit, no_links=no_links)
    except Unreadable as failure:
        raise FactsError(_article_problem(what, failure)) from None


def _article_problem(what: str, failure: Unreadable) -> str:
    path = failure.path
    if failure.reason in ("directory", "special"):
        return f"{what} is not a regular file: {path}"
    if failure.reason == "too-big":
        return f"{what} is {failure.size:,} bytes, over the limit of {failure.limit:,}: {path}"
    if failure.reason == "grew":
        return f"{what} is over the limit of {failure.limit:,} bytes: {path}"
    why = {"link-appeared": "a symbolic link appeared in its path after it was checked",
           "replaced": "it was replaced after it was checked",
           "missing": os.strerror(errno.ENOENT), "denied": os.strerror(errno.EACCES)}.get(failure.reason)
    return f"{what} cannot be read: {path}: {why or failure.strerror}"


def _open_without_links(path: Path, flags: int) -> int:
    """Open an absolute, resolved path one component at a time, each relative to the directory opened before
    it and none followed if it is a symbolic link (O_NOFOLLOW): a directory swapped for a link between the
    check of a path and its use cannot lead the open elsewhere (issue #20). OSError (ELOOP, ENOTDIR) if one is."""
    nofollow = getattr(os, "O_NOFOLLOW", 0)
    if not path.is_absolute() or not nofollow or os.open not in os.supports_dir_fd:
        return os.open(path, flags | nofollow)
    folder_flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | nofollow | getattr(os, "O_CLOEXEC", 0)
    folder = os.open(path.anchor, folder_flags)
    try:
        for part in path.parts[1:-1]:
            inner = os.open(part, folder_flags, dir_fd=folder)
            os.close(folder)
            folder = inner
        return os.open(path.name, flags | nofollow, dir_fd=folder)
    finally:
        os.close(folder)


def write_all(fd: int, data: bytes) -> None:
    """Every byte of `data` to `fd`, or an OSError: one write may take only part of it (a disk filling,
    `ulimit -f`), and a buffered writer may drop what a short write left (issue #20)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if not written:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        view = view[written:]


def read_article(facts_path: Path, source_id: str, relative: str, *, allow_outside: bool) -> bytes:
    """A source's article bytes, confined (unless `allow_outside`) and bounded (see article_path and read_limited)."""
    try:
        # Confined: opened without following any link, as checked (a link swapped in meanwhile is refused).
        return read_limited(article_path(facts_path, relative, allow_outside=allow_outside), MAX_ARTICLE_BYTES,
                            f"source '{source_id}'", no_links=not allow_outside)
    except FactsError as exc:
        exc.path = exc.path or str(facts_path)
        raise


def article_text(facts_path: Path, source_id: str, data: bytes) -> str:
    """An article's text: UTF-8, and plain (its sentences reach the terminal through show and cite), so no
    control character other than tab and line ends, as in the facts file."""
    from baotou_cli.data.validation import CONTROL, character_kind

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FactsError(f"source '{source_id}' is not UTF-8 text (line {line})", path=str(facts_path)) from None
    lines = text.replace("\r\n", "\n")
    control = CONTROL.search(lines, 1 if lines.startswith("\ufeff") else 0)  # a byte-order mark may start it
    if control:
        line = lines.count("\n", 0, control.start()) + 1
        raise FactsError(f"source '{source_id}' has a {character_kind(control.group())} character "
                         f"U+{ord(control.group()):04X} on line {line}", path=str(facts_path))
    return text
