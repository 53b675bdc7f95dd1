"""How close `baotou draft` comes to the curated facts.yaml on the bundled article. Prints a table.

The bundled article is drafted as if it were new (the curated facts are not used to skip figures; only the
facts file's names and measures are, as for any article joining it). Each curated quantity is matched to the
drafted quantity whose raw text stands at the same place in the article. Measured:

- figures: share of curated quantities drafted with the same raw text, value and unit (target >= 95%);
- certainty: share with the same certainty qualifiers (expected, planned, target, design, project-total;
  none = actual) (target >= 85%);
- time: share with the same period (start, end) and as-of date (target >= 80%);
- extra: drafted figures the curated file has no quantity for, each with its explanation.

Usage: python bench/draft_accuracy.py [--details]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from baotou_cli.data import loader  # noqa: E402
from baotou_cli.data.fact_checks import cited_raws, raw_position  # noqa: E402
from baotou_cli.data.drafting import draft_article, vocabulary_of  # noqa: E402
from baotou_cli.data.model import build_fact  # noqa: E402
from baotou_cli.data.vocabularies import CERTAINTY_QUALIFIERS  # noqa: E402
from baotou_cli.data.quote_matching import Article, squeeze  # noqa: E402

TARGETS = {"figures": 0.95, "certainty": 0.85, "time": 0.80}


def positions(fact, article: Article, used: set) -> list[tuple[int, object]]:
    """(squeezed position of each quantity's raw in the article, the quantity): the first mention in the quote
    that no quantity owns yet (as `verify` assigns figures), never the tail of a longer number (2万吨 in 1.2万吨)."""
    spans, missing = article.locate(fact.source.quote)
    if missing is not None or not spans:
        return []
    found = []
    for quantity in fact.quantities:  # the same raw twice in a quote (40GW拉晶、40GW切片): each its own place
        raw = squeeze(quantity.raw)
        places = [at for start, end in spans for at in article.find_all(raw, start, end)
                  if at not in used and (at == 0 or article.squeezed[at - 1] not in "0123456789.")]
        at = places[0] if places else raw_position(article, spans, quantity.raw)
        used.add(at)
        found.append((at, quantity))
    return found


def when(fact) -> tuple:
    period = (fact.period.start, fact.period.end) if fact.period else None
    return period, (fact.as_of.date if fact.as_of else None), bool(fact.as_of)


def main() -> int:
    details = "--details" in sys.argv
    factset = loader.load(ROOT / "facts.yaml").factset
    source = factset.sources[0]
    path = ROOT / source.path
    data = path.read_bytes()
    text = data.decode("utf-8")
    article = Article(text)
    started = time.perf_counter()
    draft = draft_article(text, data, source_id=source.id, path=source.path, vocab=vocabulary_of(factset))
    elapsed = time.perf_counter() - started

    drafted = {}
    for record in draft.facts:
        fact = build_fact({k: v for k, v in record.items() if k != "draft"})
        for at, quantity in positions(fact, article, set()):
            drafted[at] = (quantity, fact)
    owned: set = set()
    curated = [(at, q, f) for f in factset.facts for at, q in positions(f, article, owned)]

    same = {"figures": 0, "certainty": 0, "time": 0, "qualifiers": 0, "measure": 0, "subject": 0}
    misses = []
    matched = set()
    for at, quantity, fact in curated:
        found = drafted.get(at)
        if found is None or squeeze(found[0].raw) != squeeze(quantity.raw):
            why = next((f"{m.status}: {m.why}" for m in draft.mentions if squeeze(m.raw) == squeeze(quantity.raw)),
                       "not found")
            misses.append(f"MISSED {quantity.raw} ({fact.id}): {why}")
            continue
        matched.add(at)
        dq, dfact = found
        if (dq.value, dq.unit) == (quantity.value, quantity.unit) or \
                (dq.value is not None and quantity.value is not None and abs(dq.value - quantity.value) < 1e-9
                 and dq.unit == quantity.unit):
            same["figures"] += 1
        else:
            misses.append(f"VALUE {quantity.raw} ({fact.id}): drafted {dq.value} {dq.unit}, "
                          f"curated {quantity.value} {quantity.unit}")
        certainty = (sorted(set(dq.qualifiers) & set(CERTAINTY_QUALIFIERS)),
                     sorted(set(quantity.qualifiers) & set(CERTAINTY_QUALIFIERS)))
        if certainty[0] == certainty[1]:
            same["certainty"] += 1
        else:
            misses.append(f"CERTAINTY {quantity.raw} ({fact.id}): drafted {certainty[0] or 'actual'}, "
                          f"curated {certainty[1] or 'actual'}")
        same["qualifiers"] += sorted(dq.qualifiers) == sorted(quantity.qualifiers) and dq.basis == quantity.basis
        same["measure"] += dq.measure == quantity.measure
        same["subject"] += dq.subject == quantity.subject
        if when(dfact)[:2] == when(fact)[:2]:
            same["time"] += 1
        else:
            misses.append(f"TIME {quantity.raw} ({fact.id}): drafted {when(dfact)[:2]}, curated {when(fact)[:2]}")

    labels = {}
    for fact in factset.facts:
        for start, end in article.all_spans(fact.source.quote):
            for raw in cited_raws(fact):
                for at in article.find_all(raw, start, end):
                    labels.setdefault(at, (raw, fact.id))
    extras = []
    for at, (quantity, _fact) in sorted(drafted.items()):
        if at in matched:
            continue
        label = labels.get(at)
        why = (f"the curated file cites {label[0]!r} as a label of {label[1]}, not as a figure" if label
               else "the curated file has no figure here")
        extras.append(f"EXTRA {quantity.raw} (line {text.count(chr(10), 0, article.original_offsets[at]) + 1}): {why}")

    total = len(curated)
    print(f"draft on {source.path}: {len(draft.facts)} draft facts, {len(drafted)} figures, {elapsed * 1000:.0f} ms")
    print(f"{'measure':<44} {'result':>14} {'target':>8}  met")
    rows = (("same raw, value and unit", "figures"), ("same certainty", "certainty"),
            ("same period / as-of date", "time"))
    for label, key in rows:
        share = same[key] / total if total else 0.0
        print(f"{label:<44} {same[key]:>4}/{total:<4} {share:5.1%} {TARGETS[key]:>7.0%}  "
              f"{'yes' if share >= TARGETS[key] else 'NO'}")
    for label, key in (("all qualifiers and basis (no target)", "qualifiers"),
                       ("measure proposed (no target)", "measure"), ("subject proposed (no target)", "subject")):
        print(f"{label:<44} {same[key]:>4}/{total:<4} {same[key] / total if total else 0.0:5.1%}")
    print(f"{'drafted figures the curated file does not have':<44} {len(extras):>14}")
    for line in extras:
        print("  " + line)
    if details or misses:
        for line in misses:
            print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
