#!/usr/bin/env python3
"""Helper for the entity gold set (tests/gold/entities.jsonl); see tests/gold/README.md.

    scripts/entity-gold.py draw                 # list the drawn documents (source, id, length)
    scripts/entity-gold.py review OUT_DIR       # per-batch review sheets: text + candidate names
    scripts/entity-gold.py build NAMES_FILE     # compact name lists -> tests/gold/entities.jsonl

The review sheets hold the documents' text, so OUT_DIR must be outside the repository (the texts
stay in ../shared). The candidates on a sheet (tonle --patterns output, capitalized runs) are a
starting point only: every document is read and its names written by hand in NAMES_FILE:

    @ reuters21578.jsonl.gz reuters21578-1234
    P: Jane Doe | Doe
    L: Paris | France
    O: Siem Reap Provincial Hall | Reuters#2

Every whole-word, case-sensitive occurrence of a listed name is a span of that type, longest
names first; `Name#2,3` keeps only those occurrences (1-based) of the name. A PLACE that falls
inside an ORG span is kept as a nested span (`"nested": true`). A place word right after a
PLACE ("Kandal province", "Poipet city") joins its span, unless the name ends with `!`.
"""

import gzip
import json
import random
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEWS = ROOT.parent / "shared" / "data" / "news"
GOLD = ROOT / "tests" / "gold" / "entities.jsonl"
SEED = "tonle-entity-gold-v1"
MIN_CHARS, MAX_CHARS = 300, 1500
# Documents drawn per news file (150 in all), plus every document of corpus/.
QUOTA = {
    "reuters21578.jsonl.gz": 45,
    "news_articles_2016_2017.jsonl.gz": 40,
    "bbc_news_2004_2005.jsonl.gz": 35,
    "abc_australia_2006_segments.jsonl.gz": 30,
}
# The preferred topics (politics, crime, migration, Asia): a document is eligible when its text
# matches this at least twice.
TOPIC = re.compile(
    r"\b(minister|ministry|government|parliament|election|president|party|court|police|"
    r"arrest\w*|charged|prison|crime|criminal|trafficking|migrant\w*|immigra\w*|refugee\w*|"
    r"asylum|border|Asia\w*|China|Chinese|Japan\w*|Korea\w*|India\w*|Indonesia\w*|Thai\w*|"
    r"Vietnam\w*|Cambodia\w*|Malaysia\w*|Philippine\w*|Pakistan\w*|Bangladesh\w*|Taiwan\w*|"
    r"Singapore|Hong Kong|Beijing|Tokyo)\b"
)


def text_hash(text):
    """FNV-1a 64 of the UTF-8 text, in hex: the scorer recomputes it without a hashing crate."""
    h = 0xCBF29CE484222325
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def draw():
    """The drawn documents, as (source, id, text): eligible documents of each file in file
    order, every k-th from an offset the seed fixes, k = eligible // quota."""
    for source, quota in QUOTA.items():
        eligible = []
        with gzip.open(NEWS / source, "rt", encoding="utf-8") as f:
            for line in f:
                doc = json.loads(line)
                text = doc["text"]
                if MIN_CHARS <= len(text) <= MAX_CHARS and len(TOPIC.findall(text)) >= 2:
                    eligible.append((doc["id"], text))
        step = len(eligible) // quota
        offset = random.Random(f"{SEED}:{source}").randrange(step)
        for doc_id, text in eligible[offset::step][:quota]:
            yield source, doc_id, text
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        yield "corpus", path.name, path.read_text(encoding="utf-8")


def capitalized_runs(text):
    pattern = r"\b[A-Z][\w'.&-]*(?:\s+(?:of|the|and|for|de|al)?\s*[A-Z][\w'.&-]*)*"
    return sorted({m.group(0).strip() for m in re.finditer(pattern, text)})


def tonle_candidates(docs, tmp):
    """tonle --patterns entity records per document id."""
    jsonl = Path(tmp) / "drawn.jsonl"
    with open(jsonl, "w", encoding="utf-8") as f:
        for source, doc_id, text in docs:
            f.write(json.dumps({"id": f"{source}::{doc_id}", "text": text}) + "\n")
    binary = ROOT / "target" / "release" / "tonle"
    out = subprocess.run(
        [str(binary), "extract", "--quiet", "--patterns", str(jsonl)],
        capture_output=True, text=True, check=False,
    ).stdout
    found = {}
    for line in out.splitlines():
        rec = json.loads(line)
        if rec["kind"] == "entity":
            found.setdefault(rec["doc"], set()).add((rec["type"], rec["text"]))
    return found


def review(out_dir):
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    docs = list(draw())
    found = tonle_candidates(docs, out_dir)
    for batch in range(0, len(docs), 10):
        with open(out_dir / f"batch-{batch // 10:02}.txt", "w", encoding="utf-8") as f:
            for source, doc_id, text in docs[batch:batch + 10]:
                key = f"{source}::{doc_id}"
                f.write(f"@ {source} {doc_id}\n{text}\n---\n")
                tonle = found.get(key, set())
                for typ, name in sorted(tonle):
                    f.write(f"  tonle {typ}: {name}\n")
                names = {n for _, n in tonle}
                caps = [c for c in capitalized_runs(text) if c not in names]
                f.write(f"  caps: {' | '.join(caps)}\n\n")
    print(f"{len(docs)} documents in {out_dir}")


def parse_names(path):
    """{(source, id): [(type, name, occurrences or None)]} from the compact file."""
    docs, current = {}, None
    for lineno, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@"):
            _, source, doc_id = line.split(maxsplit=2)
            current = docs.setdefault((source, doc_id), [])
            continue
        tag, _, rest = line.partition(":")
        typ = {"P": "PERSON", "L": "PLACE", "O": "ORG"}.get(tag.strip())
        if typ is None or current is None:
            sys.exit(f"{path}:{lineno}: expected '@ source id' or 'P:/L:/O: names'")
        for name in filter(None, (n.strip() for n in rest.split("|"))):
            which = None
            if re.search(r"#[\d,]+$", name):
                name, _, nums = name.rpartition("#")
                which = {int(n) for n in nums.split(",")}
            current.append((typ, name, which))
    return docs


# A place word right after a place name belongs to the mention ("Kandal province", "Poipet
# city"), as tonle's lists and docs/gazetteers.md write it; not when "of" follows ("the China
# province of Heilongjiang").
DESIGNATOR = re.compile(
    r"\s+(?:province|district|commune|village|town|city|region|county|municipality|"
    r"(?:international\s+)?(?:border\s+)?(?:checkpoint|crossing))(?!\w)(?!\s+of\b)",
    re.IGNORECASE,
)


def with_designator(text, end):
    m = DESIGNATOR.match(text, end)
    return m.end() if m else end


def resolve(text, names, where):
    """Spans of the listed names: longest first; a later name never overlaps an earlier span,
    except a PLACE inside an ORG, which is kept as nested."""
    spans = []
    for typ, name, which in sorted(names, key=lambda n: -len(n[1])):
        exact = name.endswith("!")
        name = name.rstrip("!")
        # A name may be broken across lines: any run of white space matches a space.
        pattern = r"\s+".join(re.escape(word) for word in name.split())
        hits = [m.span() for m in re.finditer(rf"(?<!\w){pattern}(?!\w)", text)]
        if not hits:
            sys.exit(f"{where}: {name!r} does not occur in the text")
        for i, (start, end) in enumerate(hits, 1):
            if which is not None and i not in which:
                continue
            covering = [s for s in spans if s["start"] < end and start < s["end"]]
            nested = typ == "PLACE" and covering and all(
                s["type"] == "ORG" and s["start"] <= start and end <= s["end"] for s in covering
            )
            if covering and not nested:
                continue
            if typ == "PLACE" and not nested and not exact:
                end = with_designator(text, end)
            span = {"start": start, "end": end, "type": typ, "text": text[start:end]}
            if nested:
                span["nested"] = True
            spans.append(span)
    return sorted(spans, key=lambda s: (s["start"], s.get("nested", False), s["end"]))


def build(names_file):
    annotated = parse_names(names_file)
    lines = []
    for source, doc_id, text in draw():
        names = annotated.pop((source, doc_id), None)
        if names is None:
            sys.exit(f"{source} {doc_id}: drawn but not annotated")
        record = {
            "source": source,
            "id": doc_id,
            "fnv1a64": text_hash(text),
            "chars": len(text),
            "entities": resolve(text, names, f"{source} {doc_id}"),
        }
        lines.append(json.dumps(record, ensure_ascii=False))
    if annotated:
        sys.exit(f"annotated but not drawn: {sorted(annotated)}")
    GOLD.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} documents written to {GOLD}")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "draw":
        for source, doc_id, text in draw():
            print(source, doc_id, len(text))
    elif command == "review" and len(sys.argv) == 3:
        review(sys.argv[2])
    elif command == "build" and len(sys.argv) == 3:
        build(sys.argv[2])
    else:
        sys.exit(__doc__)
