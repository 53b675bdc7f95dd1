"""The words users type for industries, statuses and topics, and how they map to the facts' slugs."""

from __future__ import annotations


from typing import NamedTuple

from baotou_cli.errors import QueryError
from baotou_cli.facts.terms import STATUSES, TOPICS


class Industry(NamedTuple):
    slug: str
    zh: str
    en: str
    aliases: tuple[str, ...]
    short_en: str = ""  # for narrow table columns


INDUSTRIES = (
    Industry("rare-earth", "稀土新材料", "rare-earth new materials",
             ("稀土", "稀土产业", "稀土永磁", "rare earth", "rare earths", "rare-earths", "ree", "magnets", "ndfeb"),
             "rare earth"),
    Industry("intelligent-manufacturing", "智能制造", "intelligent manufacturing",
             ("smart manufacturing", "intelligent"), "intelligent mfg"),
    Industry("equipment-manufacturing", "装备制造", "equipment manufacturing", ("equipment", "装备"), "equipment mfg"),
    Industry("new-energy", "新能源", "new energy (photovoltaics included)",
             ("光伏", "photovoltaics", "photovoltaic", "pv", "solar", "新能源产业", "energy"), "new energy"),
    Industry("aluminium-copper", "铝铜", "aluminium and copper", ("aluminum", "aluminium", "copper", "铝", "铜"),
             "aluminium/copper"),
)
INDUSTRY_BY_SLUG = {industry.slug: industry for industry in INDUSTRIES}

STATUS_WORDS = {
    "signed": ("签约", "signed"),
    "under-construction": ("在建", "under construction"),
    "in-production": ("投产", "in production"),
    "completed": ("竣工", "completed"),
    "delivered": ("交付", "delivered"),
}


def _normal(text: str) -> str:
    return " ".join(text.strip().lower().replace("_", "-").split())


def _resolve(text: str, names: dict[str, str], what: str, valid: list[str]) -> str:
    key = _normal(text)
    if key in names:
        return names[key]
    import difflib

    close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.6)
    hint = f" (did you mean {names[close[0]]!r}?)" if close else ""
    raise QueryError(f"unknown {what} {text!r}{hint}; valid: {', '.join(valid)}")


def resolve_industry(text: str) -> str:
    """The industry slug for a slug, Chinese name or alias (稀土 -> rare-earth). Raises QueryError."""
    names = {}
    for industry in INDUSTRIES:
        for name in (industry.slug, industry.zh, industry.en, *industry.aliases):
            names[_normal(name)] = industry.slug
            names[_normal(name).replace("-", " ")] = industry.slug
    return _resolve(text, names, "industry", [i.slug for i in INDUSTRIES])


def resolve_status(text: str) -> str:
    names = {}
    for status in STATUSES:
        for name in (status, *STATUS_WORDS.get(status, ())):
            names[_normal(name)] = status
    return _resolve(text, names, "status", list(STATUSES))


def resolve_topic(text: str) -> str:
    return _resolve(text, {topic: topic for topic in TOPICS}, "topic", list(TOPICS))


def industry_name(slug: str, lang: str, short: bool = False) -> str:
    industry = INDUSTRY_BY_SLUG.get(slug)
    if industry is None:
        return slug
    if lang == "zh":
        return industry.zh
    return industry.short_en if short else industry.en


# Search text ------------------------------------------------------------------------------------------

MAX_SEARCH_CHARS = 1_000
MAX_SEARCH_WORDS = 32  # every word is matched against every field: 60,000 words took 43 s


def search_text(text: str) -> str:
    """What a user typed to search, checked before any searching: its words once each (ignoring case),
    joined by spaces. QueryError when it is empty, longer than MAX_SEARCH_CHARS or has more than
    MAX_SEARCH_WORDS different words."""
    if len(text) > MAX_SEARCH_CHARS:
        raise QueryError(f"the search text is {len(text):,} characters long; at most {MAX_SEARCH_CHARS:,}")
    first: dict[str, str] = {}
    for word in text.split():
        first.setdefault(word.casefold(), word)
    words = list(first.values())
    if not words:
        raise QueryError("the search text is empty")
    if len(words) > MAX_SEARCH_WORDS:
        raise QueryError(f"the search text has {len(words)} different words; at most {MAX_SEARCH_WORDS}")
    return " ".join(words)
