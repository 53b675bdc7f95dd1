"""The facts file's closed vocabularies, each declared once: slugs with their names in both languages and the
words users may type for them. Plain tuples, cheap to import on every query."""

from typing import NamedTuple


class Term(NamedTuple):
    slug: str
    en: str
    zh: str
    aliases: tuple[str, ...] = ()  # other words users type for it, any language
    short_en: str = ""  # for narrow table columns


INDUSTRY_TERMS = (
    Term("rare-earth", "rare-earth new materials", "稀土新材料",
         ("稀土", "稀土产业", "稀土永磁", "rare earth", "rare earths", "rare-earths", "ree", "magnets", "ndfeb"),
         "rare earth"),
    Term("intelligent-manufacturing", "intelligent manufacturing", "智能制造", ("smart manufacturing", "intelligent"),
         "intelligent mfg"),
    Term("equipment-manufacturing", "equipment manufacturing", "装备制造", ("equipment", "装备"), "equipment mfg"),
    Term("new-energy", "new energy (photovoltaics included)", "新能源",
         ("光伏", "photovoltaics", "photovoltaic", "pv", "solar", "新能源产业", "energy"), "new energy"),
    Term("aluminium-copper", "aluminium and copper", "铝铜", ("aluminum", "aluminium", "copper", "铝", "铜"),
         "aluminium/copper"),
)
STATUS_TERMS = (  # in the order of a project's life
    Term("signed", "signed", "已签约", ("签约",)),
    Term("under-construction", "under construction", "在建", ("building", "建设中")),
    Term("in-production", "in production", "已投产", ("投产", "producing")),
    Term("completed", "completed", "已竣工", ("竣工", "complete")),
    Term("delivered", "delivered", "已交付", ("交付",)),
)
TOPIC_TERMS = (
    Term("metadata", "the article itself", "文章信息"),
    Term("overview", "overview", "概况"),
    Term("business-environment", "business environment", "营商环境"),
    Term("investment", "investment and finance", "招商引资与财政"),
    Term("industry", "industries", "产业"),
    Term("training", "cadre training", "干部培训"),
    Term("governance", "rankings and designations", "排名与称号"),
    Term("photo", "photo captions", "图片说明"),
)
INDUSTRIES = tuple(term.slug for term in INDUSTRY_TERMS)
STATUSES = tuple(term.slug for term in STATUS_TERMS)
TOPICS = tuple(term.slug for term in TOPIC_TERMS)
TERMS_BY_SLUG = {term.slug: term for term in (*INDUSTRY_TERMS, *STATUS_TERMS, *TOPIC_TERMS)}

KINDS = (
    "metric", "project", "company", "person", "quote", "programme", "document", "event", "forum",
    "caption", "heading", "statement", "place", "ranking",
)
ENTITY_TYPES = (
    "zone", "company", "group", "project", "person", "body", "programme", "document", "forum", "place",
    "product", "platform", "project-group",  # project-group: projects the article counts together (125 major projects)
)
# Their Chinese names (in English the slug reads as it is); a test checks every kind and type has one.
KIND_ZH = {"statement": "陈述", "metric": "数据", "project": "项目", "quote": "引语", "caption": "图片说明",
           "heading": "标题", "person": "人物", "programme": "培训项目", "company": "企业", "event": "活动",
           "forum": "论坛", "ranking": "排名", "document": "文件", "place": "地点"}
ENTITY_TYPE_ZH = {"zone": "园区", "company": "企业", "group": "集团", "project": "项目", "person": "人物",
                  "body": "机构", "programme": "培训项目", "document": "文件", "forum": "论坛", "place": "地点",
                  "product": "产品", "platform": "平台", "project-group": "项目群"}
UNITS = ("CNY", "t", "%", "GW", "mu", "count", "ratio", "times", "ordinal", "rank", "t-class")
ADDITIVE_UNITS = ("CNY", "t", "GW", "mu", "count")  # figures in these units may be added up; rates and ranks not
BASES = ("year-on-year", "previous-year")

# Qualifiers in three groups. How exact a figure is:
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
