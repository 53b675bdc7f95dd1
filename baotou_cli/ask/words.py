"""The words users type for industries, statuses and topics, mapped to the facts' slugs (稀土 -> rare-earth).

The vocabularies themselves are declared once, in facts/terms.py; this module only resolves what users type.
"""

from __future__ import annotations

from baotou_cli.errors import QueryError
from baotou_cli.facts.terms import INDUSTRY_TERMS, STATUS_TERMS, TOPIC_TERMS, Term


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
