"""The facts file's closed vocabularies. Plain tuples, cheap to import on every query."""

TOPICS = ("metadata", "overview", "business-environment", "investment", "industry", "training", "governance", "photo")
KINDS = (
    "metric", "project", "company", "person", "quote", "programme", "document", "event", "forum",
    "caption", "heading", "statement", "place", "ranking",
)
ENTITY_TYPES = (
    "zone", "company", "group", "project", "person", "body", "programme", "document", "forum", "place",
    "product", "platform", "project-group",  # project-group: projects the article counts together (125 major projects)
)
INDUSTRIES = ("rare-earth", "intelligent-manufacturing", "equipment-manufacturing", "new-energy", "aluminium-copper")
STATUSES = ("signed", "under-construction", "in-production", "completed", "delivered")  # in the order of a life
# Qualifiers in three groups, each declared once. How exact a figure is:
PRECISION_QUALIFIERS = ("at-least", "more-than", "about")
# How certain it is: a figure with none of these is actual (it happened, or exists now). `design` is a plant's
# design capacity before it runs at it; `project-total` is 总投资, projects' total planned investment over their
# lives, not money spent.
CERTAINTY_QUALIFIERS = ("expected", "planned", "target", "design", "project-total")
# What else the article says of it:
OTHER_QUALIFIERS = ("record", "first", "cumulative")
QUALIFIERS = PRECISION_QUALIFIERS + CERTAINTY_QUALIFIERS + OTHER_QUALIFIERS
CERTAINTIES = ("actual",) + CERTAINTY_QUALIFIERS


def certainty(qualifiers) -> str:
    """'actual', or the first certainty qualifier in CERTAINTY_QUALIFIERS order (expected before planned...)."""
    return next((q for q in CERTAINTY_QUALIFIERS if q in qualifiers), "actual")
UNITS = ("CNY", "t", "%", "GW", "mu", "count", "ratio", "times", "ordinal", "rank", "t-class")
BASES = ("year-on-year", "previous-year")
