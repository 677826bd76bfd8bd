"""The Spark job in local mode (local[2]) gives the CLI's records."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import tonle
from conftest import CORPUS, cli_records, corpus_docs, java_missing, rows_as_records

pytestmark = pytest.mark.skipif(
    java_missing(),
    reason="SPARK TESTS SKIPPED: no java on this machine (install a JRE, e.g. "
    "`apt-get install default-jre-headless`; .ci/run does)",
)


def key(record):
    return (record["doc"], record["start"], record["end"], record["kind"], record["type"])


@pytest.fixture(scope="module")
def spark():
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("tonle-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    yield session
    session.stop()


def test_the_job_on_text_files_equals_the_cli(tmp_path, corpus_records):
    out = tmp_path / "records"
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable)
    done = subprocess.run(
        [sys.executable, "-m", "tonle.spark", "--input", f"{CORPUS}/*.txt", "--format", "text",
         "--output", str(out), "--master", "local[2]"],
        capture_output=True, text=True, env=env, check=False, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    kinds = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert kinds == ["kind=entity", "kind=number", "kind=quote"]
    got = rows_as_records(tonle.read_records_arrow(out))
    assert sorted(got, key=key) == sorted(corpus_records, key=key)


def test_json_lines_give_the_clis_lines_byte_for_byte(spark, tmp_path):
    import tonle.spark

    path = tmp_path / "news.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for i, doc in enumerate(corpus_docs()):
            line = {"id": doc["id"], "text": doc["text"], "date": f"2023-0{1 + i % 9}-15",
                    "site": "Angkor Wire"}
            f.write(json.dumps(line, ensure_ascii=i % 2 == 0) + "\n")
    expected = cli_records(path)
    cli = sorted(json.dumps(r, sort_keys=True) for r in expected)

    lines = tonle.spark.extract_lines(spark.read.text(str(path)), text_column=None)
    got = [row.value for row in lines.collect()]
    assert sorted(json.dumps(json.loads(x), sort_keys=True) for x in got) == cli
    raw = subprocess.run([str(_binary()), "extract", "--quiet", str(path)], capture_output=True,
                         text=True, check=True).stdout.splitlines()
    assert sorted(got) == sorted(raw)  # the same bytes

    table = tonle.spark.extract(spark.read.json(str(path)))
    records = rows_as_records(tonle._conform(table.toArrow()))
    assert sorted(records, key=key) == sorted(expected, key=key)


def _binary() -> Path:
    from conftest import tonle_binary

    return tonle_binary()


def test_the_readme_spark_snippet_runs(tmp_path):
    from test_readme import readme_blocks

    # In a process of its own: Spark's JVM resolves relative paths against its start directory.
    (tmp_path / "corpus").symlink_to(CORPUS)
    script = tmp_path / "snippet.py"
    script.write_text("\n".join(readme_blocks("On a Spark cluster")), encoding="utf-8")
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable)
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, check=False, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "PLACE" in done.stdout  # the snippet's show()
    got = rows_as_records(tonle.read_records_arrow(tmp_path / "out" / "spark-records"))
    assert sorted(got, key=key) == sorted(cli_records(CORPUS), key=key)
