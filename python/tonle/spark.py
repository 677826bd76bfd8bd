"""tonle on Spark: extract records from a DataFrame (:func:`extract`) or from files
(``python -m tonle.spark --input GLOB --output DIR``), in the executors, with ``mapInArrow``.

The driver compiles the gazetteers once and ships the compiled file (``.tonlegaz``) to the
executors with ``SparkContext.addFile``; each executor's Python worker loads it once and keeps
it for every task it runs. The records have the Arrow schema of :func:`tonle.record_schema`
(docs/python.md) and are written as Parquet partitioned by ``kind``, or as JSON lines byte for
byte like ``tonle extract``'s.

The executors must be able to import ``tonle``: install the wheel on the cluster's nodes, or
ship a packed environment (README.md, "On a Spark cluster").
"""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import sys
import tempfile
import uuid
from typing import Any, Dict, Iterator, Optional, Sequence, Tuple
from urllib.parse import unquote, urlparse

import tonle
from tonle import Tonle

__all__ = ["extract", "extract_lines", "read_input", "spark_schema", "main"]

# Per Python worker process: the Tonle of each shipped compiled gazetteer, loaded once.
_loaded: Dict[Tuple[str, Tuple[bool, bool, bool]], Tonle] = {}


def spark_schema() -> Any:
    """The Spark schema of records: :func:`tonle.record_schema` in Spark types."""
    from pyspark.sql import types as T

    spark_type = {"str": T.StringType, "json": T.StringType, "int": T.LongType,
                  "float": T.DoubleType, "bool": T.BooleanType}
    fields = []
    for field in tonle.record_schema():
        kind = field.metadata[b"tonle.kind"].decode()
        fields.append(T.StructField(field.name, spark_type[kind](), True))
    return T.StructType(fields)


def _ship(spark: Any, t: Tonle) -> str:
    """Compiles `t`'s gazetteers to a file the executors fetch; returns its name there."""
    directory = tempfile.mkdtemp(prefix="tonle-spark-")
    # Spark copies it when the job starts; the driver's copy goes when the driver exits.
    atexit.register(shutil.rmtree, directory, True)
    name = f"tonle-{uuid.uuid4().hex}.tonlegaz"
    path = os.path.join(directory, name)
    t.save_compiled(path)
    spark.sparkContext.addFile(path)
    return name


def _executor_tonle(name: str, options: Tuple[bool, bool, bool, bool]) -> Tonle:
    key = (name, options)
    t = _loaded.get(key)
    if t is None:
        from pyspark import SparkFiles

        patterns, keep_boilerplate, documents, quotes = options
        t = Tonle.load(SparkFiles.get(name), patterns, keep_boilerplate, documents, quotes)
        _loaded[key] = t
    return t


def _tonle_of(t: Optional[Tonle], options: Dict[str, Any]) -> Tonle:
    if t is not None:
        if options:
            raise TypeError("give either tonle= or the options to build one, not both")
        return t
    return Tonle(**options)


def extract(
    df: Any,
    id_column: str = "id",
    text_column: Optional[str] = "text",
    tonle: Optional[Tonle] = None,
    layout: str = "plain",
    errors: str = "skip",
    **options: Any,
) -> Any:
    """The records of the rows of a Spark DataFrame, as a DataFrame with :func:`spark_schema`.

    Each row is read as ``tonle extract`` reads a JSON line: ``id_column`` the id, ``text_column``
    the text, a ``date`` column the publication date, other non-null columns go into ``meta``.
    With ``text_column=None``, the DataFrame's first column holds whole JSON lines
    (``spark.read.text("*.jsonl")``), read as ``tonle extract`` reads them.

    Give a built ``tonle=Tonle(...)`` or its options (``gazetteers=``, ``default_gazetteers=``,
    ``patterns=``, ...). Rows without a text are skipped and reported in the executor's log
    (``errors="raise"`` fails the task instead). A row without an id gets its position in its
    Spark partition: give ids.
    """
    return _map(df, id_column, text_column, _tonle_of(tonle, options), layout, errors, "arrow")


def extract_lines(
    df: Any,
    id_column: str = "id",
    text_column: Optional[str] = "text",
    tonle: Optional[Tonle] = None,
    layout: str = "plain",
    errors: str = "skip",
    **options: Any,
) -> Any:
    """Like :func:`extract`, but a DataFrame of one string column, ``value``: the records as
    JSON lines, byte for byte what ``tonle extract`` writes (for ``DataFrame.write.text``)."""
    return _map(df, id_column, text_column, _tonle_of(tonle, options), layout, errors, "lines")


def _map(df: Any, id_column: str, text_column: Optional[str], t: Tonle, layout: str,
         errors: str, form: str) -> Any:
    from pyspark.sql import types as T

    name = _ship(df.sparkSession, t)
    opts = t._options

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        worker = _executor_tonle(name, opts)
        docs = _docs(batches, id_column, text_column)
        # One thread: Spark already runs a task per core.
        if form == "arrow":
            yield from worker.extract_batches(docs, threads=1, layout=layout, errors=errors)
            return
        import pyarrow as pa

        schema = pa.schema([("value", pa.string())])
        for chunk in worker.extract_lines(docs, threads=1, layout=layout, errors=errors):
            lines = chunk.decode("utf-8").split("\n")[:-1]
            yield pa.RecordBatch.from_arrays([pa.array(lines, pa.string())], schema=schema)

    if form == "arrow":
        return df.mapInArrow(run, spark_schema())
    return df.mapInArrow(run, T.StructType([T.StructField("value", T.StringType(), True)]))


def _docs(batches: Iterator[Any], id_column: str, text_column: Optional[str]) -> Iterator[Any]:
    """The documents of Spark's record batches, for the extract methods of :class:`Tonle`."""
    if text_column is not None:
        yield from tonle._table_docs(batches, id_column, text_column)
        return
    for batch in batches:
        for line in batch.column(0).to_pylist():
            if line is not None and line.strip():
                yield tonle.JsonLine(line)


def _relative_ids(base: str) -> Any:
    """A function from a file URI Spark reports to the file's id as ``tonle extract`` gives
    it: its path relative to the input's directory (the glob's part before any wildcard)."""
    parsed = urlparse(base)
    root = parsed.path if parsed.scheme and len(parsed.scheme) > 1 else os.path.abspath(base)
    root = root.rstrip("/") + "/"

    def id_of(uri: str) -> str:
        path = unquote(urlparse(uri).path) if "://" in uri or uri.startswith("file:") else uri
        return path[len(root):] if path.startswith(root) else os.path.basename(path)

    return id_of


def _glob_root(pattern: str) -> str:
    """The directory part of a glob before its first wildcard (``corpus`` of ``corpus/*.txt``);
    a directory given as it is is its own root."""
    parts = pattern.split("/")
    fixed = []
    for part in parts:
        if any(c in part for c in "*?[{"):
            break
        fixed.append(part)
    if len(fixed) == len(parts):  # no wildcard: a directory, or a file
        return pattern if not os.path.isfile(pattern) else os.path.dirname(pattern) or "."
    return "/".join(fixed) or "."


def read_input(spark: Any, pattern: str, fmt: str) -> Any:
    """The documents of files matching `pattern` as a DataFrame for :func:`extract`:
    ``text`` files (one article each: columns ``id``, the path relative to the pattern's
    directory, and ``text``), ``parquet`` (as it is), or ``jsonl`` (one column ``value``, a
    JSON line per row: give ``text_column=None`` to :func:`extract_lines`)."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    if fmt == "parquet":
        return spark.read.parquet(pattern)
    if fmt == "jsonl":
        return spark.read.text(pattern)
    if fmt != "text":
        raise ValueError(f"unknown input format {fmt!r}: use jsonl, parquet or text")
    id_of = _relative_ids(_glob_root(pattern))
    files = spark.read.text(pattern, wholetext=True).select(
        F.col("_metadata.file_path").alias("path"), F.col("value").alias("text")
    )

    @F.udf(T.StringType())
    def file_id(path):  # no annotations: pyspark would read them as a pandas UDF's
        return id_of(path)

    # A UTF-8 byte-order mark is not part of the text, as tonle extract reads files.
    return files.select(
        file_id("path").alias("id"), F.regexp_replace("text", "^\ufeff", "").alias("text")
    )


def _parse(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m tonle.spark",
        description="Extract tonle records from news files with Spark: the people, places, "
        "organizations and numbers of each article, written as Parquet partitioned by kind "
        "(or JSON lines). Run it with python (Spark in local mode, or the master given) or "
        "with spark-submit.",
    )
    p.add_argument("--input", required=True, metavar="GLOB",
                   help="files to read: a path or glob, local or any file system Spark reads "
                   "(s3a://bucket/news/*.jsonl.gz)")
    p.add_argument("--output", required=True, metavar="DIR", help="directory to write (must not exist)")
    p.add_argument("--format", default="jsonl", choices=["jsonl", "parquet", "text"],
                   help="input format: jsonl (a JSON object per line, with id, text, date and "
                   "meta fields, as tonle extract reads .jsonl), parquet (columns), text (one "
                   "article per file; its id is its path relative to the glob's directory) "
                   "[default: jsonl]")
    p.add_argument("--output-format", default="parquet", choices=["parquet", "jsonl"],
                   help="parquet (partitioned by kind) or jsonl (tonle extract's lines) "
                   "[default: parquet]")
    p.add_argument("--id-column", default="id", help="the id column of parquet input [default: id]")
    p.add_argument("--text-column", default="text",
                   help="the text column of parquet input [default: text]")
    p.add_argument("--gazetteer", action="append", default=[], metavar="PATH",
                   help="add a list, a directory of lists or a compiled gazetteer (repeatable)")
    p.add_argument("--no-default-gazetteers", action="store_true",
                   help="use only the lists given with --gazetteer")
    p.add_argument("--no-patterns", action="store_true",
                   help="leave out names typed by their wording only")
    p.add_argument("--layout", default=None, choices=["auto", "plain", "scrape"],
                   help="how text files are laid out (see tonle extract --help) [default: auto]")
    p.add_argument("--master", default=None,
                   help="Spark master when run with python, such as local[2] [default: "
                   "spark-submit's, else local[*]]")
    return p.parse_args(argv)


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = _parse(argv)
    try:
        t = Tonle(args.gazetteer, not args.no_default_gazetteers, not args.no_patterns)
    except tonle.TonleError as e:
        print(f"tonle: {e}", file=sys.stderr)
        return 2
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("tonle")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        docs = read_input(spark, args.input, args.format)
        layout = args.layout or ("auto" if args.format == "text" else "plain")
        text_column = {"jsonl": None, "text": "text"}.get(args.format, args.text_column)
        id_column = "id" if args.format == "text" else args.id_column
        if args.output_format == "jsonl":
            extract_lines(docs, id_column, text_column, tonle=t, layout=layout).write.text(
                args.output
            )
        else:
            records = extract(docs, id_column, text_column, tonle=t, layout=layout)
            records.write.partitionBy("kind").parquet(args.output)
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
