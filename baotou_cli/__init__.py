"""baotou: verified facts about the Baotou Rare Earth Hi-Tech Zone, from the command line and from Python.

`from baotou_cli import open_facts` gives the library API (baotou_cli/library.py). It is imported on first use,
so the CLI's start-up does not pay for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Facts", "open_facts", "__version__"]

if TYPE_CHECKING:
    from baotou_cli.library import Facts, open_facts


def __getattr__(name: str) -> Any:
    if name in ("open_facts", "Facts"):
        from baotou_cli import library

        return getattr(library, name)
    raise AttributeError(f"module 'baotou_cli' has no attribute {name!r}")
