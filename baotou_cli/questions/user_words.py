"""The words users type for industries, statuses and topics, mapped to the facts' slugs (稀土 -> rare-earth).

The vocabularies themselves are declared once, in data/vocabularies.py; this module only resolves what users type.
"""

from __future__ import annotations

from baotou_cli.errors import QueryError
from baotou_cli.data.vocabularies import INDUSTRY_TERMS, STATUS_TERMS, TOPIC_TERMS, Term


def _normal(text: str) -> str:
    return " ".join(text.strip().lower().replace("_", "-").split())


def _names(terms: tuple[Term, ...]) -> dict[str, str]:
    names = {}
    for term in terms:
        for name in (term.slug, term.en, term.zh, *term.aliases):
            names[_normal(name)] = term.slug
            names[_normal(name).replace("-", " ")] = term.slug
    return names


def _resolve(text: str, terms: tuple[Term, ...], what: str) -> str:
    names = _names(terms)
    key = _normal(text)
    if key in names:
        return names[key]
    import difflib

    close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.6)
    hint = f" (did you mean {names[close[0]]!r}?)" if close else ""
    raise QueryError(f"unknown {what} {text!r}{hint}; valid: {', '.join(term.slug for term in terms)}")


def resolve_industry(text: str) -> str:
    """The industry slug for a slug, Chinese name or alias (稀土 -> rare-earth). Raises QueryError."""
    return _resolve(text, INDUSTRY_TERMS, "industry")


def resolve_status(text: str) -> str:
    return _resolve(text, STATUS_TERMS, "status")


def resolve_topic(text: str) -> str:
    return _resolve(text, TOPIC_TERMS, "topic")


# Search text ------------------------------------------------------------------------------------------

MAX_SEARCH_CHARS = 1_000
MAX_SEARCH_WORDS = 32  # every word is matched against every field: a long text costs time per word


def search_text(text: str) -> str:
    """What a user typed to search, checked before any searching: its words joined by single spaces (a
    repeated word stays: "year on year" is a phrase). QueryError when it is empty, longer than MAX_SEARCH_CHARS or has more than
    MAX_SEARCH_WORDS different words."""
    if len(text) > MAX_SEARCH_CHARS:
        raise QueryError(f"the search text is {len(text):,} characters long; at most {MAX_SEARCH_CHARS:,}")
    words = {word.casefold() for word in text.split()}
    if not words:
        raise QueryError("the search text is empty")
    if len(words) > MAX_SEARCH_WORDS:
        raise QueryError(f"the search text has {len(words)} different words; at most {MAX_SEARCH_WORDS}")
    return " ".join(text.split())
