#!/usr/bin/env python3
"""Throughput of tonle from Python and Spark against the CLI on the same JSON lines
(BENCHMARKS.md, "Python and Spark"). Run it with the venv of `make test-python` and a release
binary (`cargo build --release -p tonle-cli`):

    target/python-venv/bin/python scripts/bench-python.py /tmp/news12.jsonl --threads 2

Each figure is one run, wall clock, including reading the input and handing over every
record (the CLI writes them to a file; extract_many makes every dict; extract_arrow makes the
table; Spark writes Parquet partitioned by kind, JVM start-up included and excluded).
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def cpu_seconds():
    """CPU time of this process and of its children that have ended (all threads)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def timed(label, fn, size):
    """Runs `fn` (which returns its record count); prints wall-clock throughput and CPU time
    (the fairer figure on a busy machine); returns (wall, cpu)."""
    start, cpu = time.perf_counter(), cpu_seconds()
    records = fn()
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    print(f"{label:<34} {seconds:7.2f} s  {size / seconds / 1e6:6.1f} MB/s  "
          f"{records / seconds:9,.0f} records/s  CPU {cpu:6.2f} s  ({records:,} records)",
          flush=True)
    return seconds, cpu


def main():
    p = argparse.ArgumentParser()
    p.add_argument("input")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--spark", action="store_true", help="also run Spark local[THREADS]")
    p.add_argument("--spacy-only", action="store_true",
                   help="only run spaCy's EntityRuler (in an environment with spacy)")
    args = p.parse_args()
    size = os.path.getsize(args.input)
    if args.spacy_only:
        timed("spaCy EntityRuler (1 process)", lambda: spacy_ruler(args.input), size)
        return
    import pyarrow as pa
    import pyarrow.json  # noqa: F401

    import tonle

    out = Path(tempfile.mkdtemp(prefix="tonle-bench-"))
    binary = REPO / "target" / "release" / "tonle"
    figures = {}

    def cli():
        subprocess.run([binary, "extract", "--quiet", "--threads", str(args.threads),
                        args.input, "-o", out / "cli.jsonl"], check=True)
        with open(out / "cli.jsonl", "rb") as f:
            return sum(1 for _ in f)

    figures["cli"] = timed(f"CLI --threads {args.threads}", cli, size)
    t = tonle.Tonle()

    def lines():
        with open(args.input, encoding="utf-8") as f:
            return [tonle.JsonLine(line) for line in f if line.strip()]

    def many():
        return sum(1 for _ in t.extract_many(lines(), threads=args.threads))

    figures["many"] = timed("Python extract_many (dicts)", many, size)

    def arrow():
        table = pa.json.read_json(args.input)
        return t.extract_arrow(table, threads=args.threads).num_rows

    figures["arrow"] = timed("Python extract_arrow (table)", arrow, size)

    def batches():
        return sum(b.num_rows for b in t.extract_batches(lines(), threads=args.threads))

    figures["batches"] = timed("Python extract_batches (Arrow)", batches, size)

    if args.spark:
        def spark():
            target = out / "spark"
            env = dict(os.environ, PYSPARK_PYTHON=sys.executable)
            subprocess.run([sys.executable, "-m", "tonle.spark", "--input", args.input,
                            "--output", str(target), "--master", f"local[{args.threads}]"],
                           check=True, env=env, capture_output=True)
            return tonle.read_records_arrow(target).num_rows

        figures["spark"] = timed(f"Spark local[{args.threads}] (whole job)", spark, size)

        # The same job in this process, timed after the JVM and session have started.
        os.environ["PYSPARK_PYTHON"] = sys.executable
        from pyspark.sql import SparkSession

        import tonle.spark

        session = SparkSession.builder.master(f"local[{args.threads}]").getOrCreate()

        def spark_job():
            target = out / "spark-job"
            docs = tonle.spark.read_input(session, args.input, "jsonl")
            records = tonle.spark.extract(docs, text_column=None, tonle=t)
            records.write.partitionBy("kind").parquet(str(target))
            return tonle.read_records_arrow(target).num_rows

        figures["spark-job"] = timed(f"Spark local[{args.threads}] (after start-up)", spark_job,
                                     size)
        session.stop()

    wall, cpu = figures["cli"]
    print("ratios to the CLI (wall / CPU): " + ", ".join(
        f"{k} {w / wall:.2f}x / {c / cpu:.2f}x" for k, (w, c) in figures.items() if k != "cli"))
    shutil.rmtree(out)


def spacy_ruler(path):
    """spaCy's EntityRuler with the shipped lists' names (tonle TSV: name, TYPE), on a blank
    English pipeline: a bare phrase matcher, no numbers, no context."""
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    patterns = []
    for list_path in sorted((REPO / "gazetteers").rglob("*.tsv")):
        for name, label in list_names(list_path):
            patterns.append({"label": label, "pattern": name})
    ruler.add_patterns(patterns)
    with open(path, encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()]
    return sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=64))


def list_names(path):
    """(name, TYPE) of a tonle list: the name and type columns, or name<TAB>TYPE."""
    header = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None and {"name", "type"} <= set(cells):
            header = cells
            continue
        if header:
            row = dict(zip(header, cells))
            names = [row.get("name", "")] + [a for a in row.get("aliases", "").split("|") if a]
            for name in names:
                if name:
                    yield name, row.get("type", "ORG")
        elif len(cells) >= 2:
            yield cells[0], cells[1]


if __name__ == "__main__":
    main()
