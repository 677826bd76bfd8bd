"""extract_arrow and read_records: the documented, stable schema, and the CLI's records."""

from __future__ import annotations

import json
import re

import pyarrow as pa
import pytest

import tonle
from conftest import REPO, corpus_docs, rows_as_records

# The schema as docs/python.md documents it. Columns are only ever added (at the end) within
# a schema version; a change here is a change for every user's code and stored Parquet.
EXPECTED = [
    ("schema_version", "int64"), ("doc", "string"), ("kind", "string"), ("type", "string"),
    ("text", "string"), ("start", "int64"), ("end", "int64"), ("sentence", "int64"),
    ("zone", "string"), ("canonical", "string"), ("id", "string"), ("list", "string"),
    ("resolved_by", "string"), ("source", "string"), ("within", "int64"), ("attrs", "string"),
    ("value", "double"), ("category", "string"), ("low", "double"), ("high", "double"),
    ("qualifier", "string"), ("vague", "bool"), ("unit", "string"), ("currency", "string"),
    ("per", "string"),
    ("counted", "string"), ("counted_head", "string"), ("relation", "string"),
    ("parent_start", "int64"), ("parent_text", "string"), ("event", "string"),
    ("negated", "bool"), ("place", "string"), ("place_id", "string"), ("date", "string"),
    ("time", "string"), ("time_end", "string"), ("role", "string"), ("place_by", "string"),
    ("province", "string"), ("province_id", "string"), ("repeat_of", "int64"),
    ("speaker", "string"), ("speaker_id", "string"), ("speaker_start", "int64"),
    ("verb", "string"),
    ("url", "string"), ("title", "string"), ("date_from", "string"), ("language", "string"),
    ("length", "int64"), ("zones", "string"), ("meta", "string"), ("duplicate_of", "string"),
]


def test_the_schema_is_stable():
    schema = tonle.record_schema()
    assert [(f.name, str(f.type)) for f in schema] == EXPECTED
    assert all(f.nullable for f in schema)
    assert schema.metadata[b"tonle.schema_version"] == b"1"


def test_the_schema_is_documented_and_covers_every_record_field():
    doc = (REPO / "docs" / "python.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| `(\w+)` \| (\w+) \|", doc, flags=re.M)
    assert documented == EXPECTED
    fields = json.loads((REPO / "docs" / "records.schema.json").read_text(encoding="utf-8"))
    names = set(_properties(fields))
    assert names <= {name for name, _ in EXPECTED}, names - {n for n, _ in EXPECTED}


def _properties(schema):
    """Every property name anywhere in a JSON schema, but not inside nested objects' values
    that are columns of JSON text (attrs, zones, meta)."""
    if isinstance(schema, dict):
        for key, value in schema.get("properties", {}).items():
            yield key
            if key not in ("attrs", "zones", "meta"):
                yield from _properties(value)
        for key in ("allOf", "anyOf", "oneOf"):
            for part in schema.get(key, []):
                yield from _properties(part)
        for key in ("then", "else", "if", "$defs", "definitions"):
            part = schema.get(key)
            if isinstance(part, dict):
                if key in ("$defs", "definitions"):
                    for sub in part.values():
                        yield from _properties(sub)
                else:
                    yield from _properties(part)


def test_extract_arrow_equals_the_cli_on_the_corpus(shipped, corpus_records):
    docs = corpus_docs()
    table = pa.table({"id": [d["id"] for d in docs], "text": [d["text"] for d in docs]})
    got = shipped.extract_arrow(table, layout="auto", threads=2)
    assert got.schema == tonle.record_schema()
    assert rows_as_records(got) == corpus_records
    # Batches, pandas, other column names: the same rows.
    renamed = table.rename_columns(["uid", "body"])
    again = shipped.extract_arrow(renamed.to_batches(max_chunksize=3), id_column="uid",
                                  text_column="body", layout="auto", threads=1)
    assert again.equals(got)
    assert shipped.extract_arrow(table.to_pandas(), layout="auto").equals(got)


def test_other_columns_are_meta_and_a_date_column_the_date(shipped):
    text = "Officials in Kampot said 14 boats were seized last week."
    table = pa.table({"id": ["k1"], "text": [text], "date": ["2023-05-02"],
                      "source": ["Riverside Daily"], "words": [9]})
    records = rows_as_records(shipped.extract_arrow(table))
    expected = shipped.extract(text, id="k1", date="2023-05-02",
                               meta={"source": "Riverside Daily", "words": 9})
    assert records == expected
    assert expected[0]["meta"] == {"date": "2023-05-02", "source": "Riverside Daily", "words": 9}


def test_a_missing_text_column_is_named(shipped):
    with pytest.raises(tonle.TonleError, match='no "body" column'):
        shipped.extract_arrow(pa.table({"id": ["a"], "text": ["x"]}), text_column="body")


def test_read_records_gives_the_clis_records_with_pandas_dtypes(corpus_jsonl, corpus_records):
    df = tonle.read_records(corpus_jsonl)
    assert len(df) == len(corpus_records)
    assert str(df["start"].dtype) == "Int64" and str(df["within"].dtype) == "Int64"
    assert str(df["vague"].dtype) == "boolean"
    for name in ("kind", "type", "category", "zone"):
        assert df[name].dtype == "category", name
    assert set(df["kind"].cat.categories) == {"entity", "number", "quote"}
    assert df["within"].isna().any() and not df["start"].isna().any()
    table = tonle.read_records_arrow(corpus_jsonl)
    assert rows_as_records(table) == corpus_records


def test_read_records_names_the_line_that_is_not_a_record(tmp_path, corpus_jsonl):
    lines = corpus_jsonl.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join([lines[0], '{"doc": "x"}', lines[1]]) + "\n", encoding="utf-8")
    with pytest.raises(tonle.TonleError, match=f"{re.escape(str(path))}:2: not a tonle record"):
        tonle.read_records(path)
