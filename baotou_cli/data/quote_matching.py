"""Find quotes in an article that breaks lines inside sentences: compare with all whitespace removed."""

from __future__ import annotations

import re
from dataclasses import dataclass

_WHITESPACE = re.compile(r"\s+")
_ELLIPSIS = re.compile(r"…+")


def squeeze(text: str) -> str:
    """The text with every whitespace character removed (the article's line breaks fall mid-sentence)."""
    return _WHITESPACE.sub("", text)


def quote_fragments(quote: str) -> list[str]:
    """The verbatim pieces of a quote that joins separate pieces with '…' (empty pieces dropped)."""
    return [piece for piece in (squeeze(p) for p in _ELLIPSIS.split(quote)) if piece]


@dataclass
class Article:
    """An article's text, squeezed, with a map back to the original offsets."""

    text: str

    def __post_init__(self) -> None:
        kept = [(i, ch) for i, ch in enumerate(self.text) if not ch.isspace()]
        self.squeezed = "".join(ch for _, ch in kept)
        self.original_offsets = [i for i, _ in kept]

    def find_all(self, fragment: str, start: int = 0, end: int | None = None) -> list[int]:
        """Every squeezed offset where `fragment` (already squeezed) starts, within [start, end)."""
        stop = len(self.squeezed) if end is None else end
        found, at = [], self.squeezed.find(fragment, start, stop)
        while at != -1:
            found.append(at)
            at = self.squeezed.find(fragment, at + 1, stop)
        return found

    def locate(self, quote: str) -> tuple[list[tuple[int, int]], str | None]:
        """Squeezed spans of the quote's fragments found in order, and the first fragment that is not
        (None when every fragment is there)."""
        spans: list[tuple[int, int]] = []
        cursor = 0
        for fragment in quote_fragments(quote):
            at = self.squeezed.find(fragment, cursor)
            if at == -1:
                return spans, fragment
            spans.append((at, at + len(fragment)))
            cursor = at + len(fragment)
        return spans, None

    def all_spans(self, quote: str) -> list[tuple[int, int]]:
        """Squeezed spans of every occurrence of every fragment: a repeated paragraph is cited in both places."""
        return [(at, at + len(f)) for f in quote_fragments(quote) for at in self.find_all(f)]

    def context(self, quote: str) -> tuple[int, int] | None:
        """Original-text offsets (start, end) of the quote's first in-order occurrence."""
        spans, missing = self.locate(quote)
        if missing is not None or not spans:
            return None
        return self.original_offsets[spans[0][0]], self.original_offsets[spans[-1][1] - 1] + 1


def raw_position(article: Article, spans: list[tuple[int, int]], raw: str) -> int | None:
    """Where a quantity's raw stands in the article (squeezed), within its quote: 2万吨, not the end of 1.2万吨."""
    found = re.compile(rf"(?<![\d.]){re.escape(squeeze(raw))}").search(article.squeezed, spans[0][0], spans[-1][1])
    return found.start() if found else None
