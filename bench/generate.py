"""Write a synthetic facts file of N facts, valid against the schema and every check.

Each synthetic fact is a real fact of facts.yaml under a new id, so quotes, raw numbers and conversions
stay true and the file is as realistic in its text as the real one. Every round of copies cites the article
under a source id of its own (the same file), since an article's figure belongs to one fact of each source;
headline ranks stay on the first round only. Usage:

    python bench/generate.py 100000 /tmp/facts-100k.yaml
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _compact(value):
    """Drop null and empty fields: what a person writing facts by hand would leave out."""
    if isinstance(value, dict):
        return {k: _compact(v) for k, v in value.items() if v not in (None, [], {})}
    if isinstance(value, list):
        return [_compact(v) for v in value]
    return value


def generate(count: int, target: Path, source: Path = ROOT / "facts.yaml") -> Path:
    """Write `count` facts to `target`, with the article copied beside it. Returns `target`."""
    data = yaml.load(source.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    rounds = max(1, -(-count // len(data["facts"])))
    [article] = data["sources"]
    sources = [article] + [{**article, "id": f"{article['id']}-{n}"} for n in range(1, rounds)]
    head = {name: data[name] for name in ("schema_version", "measures", "synonyms", "entities", "redirects")
            if name in data}
    # Each template is rendered once with placeholders, then stamped out: fast even for 100,000 facts.
    templates = []
    for fact in data["facts"]:
        copy = {**fact, "id": "@ID@", "source": {**fact["source"], "id": "@SOURCE@"}}
        first = yaml.dump([_compact(copy)], Dumper=dumper, allow_unicode=True, sort_keys=False, width=100000)
        later = yaml.dump([_compact({**copy, "headline": None})], Dumper=dumper, allow_unicode=True,
                          sort_keys=False, width=100000)
        templates.append((fact["id"], first, later))
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8") as out:
        out.write(yaml.dump({**head, "sources": sources}, Dumper=dumper, allow_unicode=True, sort_keys=False,
                            width=100000))
        out.write("facts:\n")
        for index in range(count):
            fact_id, first, later = templates[index % len(templates)]
            round_number = index // len(templates)
            text = first if round_number == 0 else later
            out.write(text.replace("@ID@", f"{fact_id}-{index}").replace("@SOURCE@", sources[round_number]["id"]))
    seeds = target.parent / "seeds"
    seeds.mkdir(exist_ok=True)
    for seed in (ROOT / "seeds").iterdir():
        shutil.copyfile(seed, seeds / seed.name)
    return target


if __name__ == "__main__":
    if len(sys.argv) != 3 or not sys.argv[1].isdigit():
        sys.exit("usage: python bench/generate.py COUNT TARGET.yaml")
    path = generate(int(sys.argv[1]), Path(sys.argv[2]))
    print(f"{path}: {int(sys.argv[1]):,} facts, {path.stat().st_size:,} bytes")
