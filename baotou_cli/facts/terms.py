"""The facts file's closed vocabularies. Plain tuples, cheap to import on every query."""

TOPICS = ("metadata", "overview", "business-environment", "investment", "industry", "training", "governance", "photo")
KINDS = (
    "metric", "project", "company", "person", "quote", "programme", "document", "event", "forum",
    "caption", "heading", "statement", "place", "ranking",
)
ENTITY_TYPES = (
    "zone", "company", "group", "project", "person", "body", "programme", "document", "forum", "place",
    "product", "platform",
)
INDUSTRIES = ("rare-earth", "intelligent-manufacturing", "equipment-manufacturing", "new-energy", "aluminium-copper")
STATUSES = ("signed", "under-construction", "in-production", "completed", "delivered")  # in the order of a life
QUALIFIERS = ("at-least", "more-than", "expected", "planned", "target", "about", "record", "first", "cumulative")
UNITS = ("CNY", "t", "%", "GW", "mu", "count", "ratio", "times", "ordinal", "rank", "t-class")
BASES = ("year-on-year", "previous-year")
