"""SIGTERM and SIGHUP end a run the way Ctrl-C does: the stack unwinds (so every temporary file is removed by
the code that made it), then the process exits with 128 + the signal's number and one line on stderr."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Callable

from baotou_cli.errors import Interrupted

_UNWOUND = ("SIGTERM", "SIGHUP")  # SIGINT already unwinds: Python raises KeyboardInterrupt


def unwind_on_signals() -> Callable[[], None]:
    """From now on SIGTERM and SIGHUP raise Interrupted, unless they were ignored (`nohup` ignores SIGHUP:
    it stays ignored). Returns what puts the previous handlers back."""
    previous = {}
    for name in _UNWOUND:
        signum = getattr(signal, name, None)
        if signum is None:  # Windows has no SIGHUP
            continue
        with contextlib.suppress(ValueError, OSError):  # only the main thread may set handlers
            if signal.getsignal(signum) is signal.SIG_DFL:
                previous[signum] = signal.signal(signum, _raise)

    def restore() -> None:
        for signum, handler in previous.items():
            with contextlib.suppress(ValueError, OSError):
                signal.signal(signum, handler)
        previous.clear()

    return restore


def _raise(signum: int, frame) -> None:
    raise Interrupted(signum)


def signal_name(signum: int) -> str:
    try:
        return signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"
