"""tonle.Tonle.extract and extract_many give the CLI's records, field for field."""

from __future__ import annotations

import datetime
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import tonle
from conftest import CORPUS, cli_records, corpus_docs, run_cli

# Written for this test: the shape of a scraped story, the people and figures invented.
STORY = (
    "Police in Banteay Meanchey rescued 41 people, including 9 children, from a compound "
    "in Poipet on Tuesday, provincial police chief Sok Vanna said.\n\n"
    "The NCCT said last month that more than 300 workers had been returned to Cambodia."
)


def test_extract_many_equals_the_cli_on_the_corpus(shipped, corpus_records):
    records = list(shipped.extract_many(corpus_docs(), layout="auto"))
    assert len(records) > 500
    assert records == corpus_records


def test_plain_texts_are_numbered_from_zero():
    t = tonle.Tonle()
    records = list(t.extract_many([STORY, "Nothing here.", STORY]))
    assert {r["doc"] for r in records} == {"0", "2"}
    assert all(STORY[r["start"]:r["end"]] == r["text"] for r in records)


def test_extract_equals_the_cli_on_the_same_json_line(shipped, tmp_path):
    line = {"id": "mk-7", "text": STORY, "date": "2023-03-14", "source": "Mekong Ledger",
            "tags": ["police", "poipet"]}
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    expected = cli_records(path)
    got = shipped.extract(STORY, id="mk-7", date=datetime.date(2023, 3, 14),
                          meta={"source": "Mekong Ledger", "tags": ["police", "poipet"]})
    assert got == expected
    assert any(r.get("time") == "2023-02" for r in got)  # "last month", from the date
    assert list(shipped.extract_many([line])) == expected


def test_threads_and_batches_give_the_same_records_in_the_same_order(monkeypatch):
    t = tonle.Tonle()
    docs = corpus_docs() * 3
    one = list(t.extract_many(docs, threads=1))
    monkeypatch.setattr(tonle, "_BATCH_DOCS", 5)  # many batches, several in flight
    assert list(t.extract_many(docs, threads=2)) == one
    assert list(t.extract_many(iter(docs), threads=4)) == one
    lines = b"".join(t.extract_lines(docs, threads=3))
    assert [json.loads(x) for x in lines.splitlines()] == one


def test_one_tonle_is_shared_by_python_threads():
    t = tonle.Tonle()
    docs = corpus_docs()
    expected = [t.extract(d["text"], id=d["id"]) for d in docs]
    barrier = threading.Barrier(4)

    def work(i):
        barrier.wait()
        return [t.extract(d["text"], id=d["id"]) for d in docs[i:] + docs[:i]]

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(work, range(4)))
    for i, got in enumerate(results):
        assert got == expected[i:] + expected[:i]


def test_a_bad_list_raises_with_the_clis_message(tmp_path):
    bad = tmp_path / "officials.tsv"
    bad.write_text("Sok Vanna\tPERSON\nthis line has no type column\n", encoding="utf-8")
    cli = run_cli("extract", "--gazetteer", bad, CORPUS)
    assert cli.returncode == 2
    cli_message = cli.stderr.splitlines()[0].removeprefix("tonle: cannot load the gazetteers: ")
    with pytest.raises(tonle.TonleError) as raised:
        tonle.Tonle(gazetteers=[bad])
    assert str(raised.value) == cli_message
    assert str(raised.value).startswith(f"{bad}:2: ")
    assert isinstance(raised.value, ValueError)


def test_a_missing_list_raises():
    with pytest.raises(tonle.TonleError, match="no-such-list.tsv: no such file or directory"):
        tonle.Tonle(gazetteers=["no-such-list.tsv"])


def test_own_lists_and_options(tmp_path):
    lists = tmp_path / "ngos.tsv"
    lists.write_text("Lotus Shelter Network\tORG\n", encoding="utf-8")
    text = "The Lotus Shelter Network said Governor Chea Rithy visited 12 families."
    cli = cli_records_of_text(tmp_path, text, "--gazetteer", lists, "--no-default-gazetteers",
                              "--no-patterns")
    t = tonle.Tonle(gazetteers=[lists], default_gazetteers=False, patterns=False)
    assert t.extract(text, id="a") == cli
    # The organization, what it said (reported speech) and the count inside it.
    assert [r["type"] for r in cli] == ["ORG", "REPORTED", "COUNT"]
    assert cli[2]["speaker"] == "Lotus Shelter Network"


def test_quotes_off_is_the_clis_no_quotes(tmp_path):
    text = "“We freed 12 workers,” said Chea Rithy, a police officer. Officials said three more had fled."
    cli = cli_records_of_text(tmp_path, text, "--no-quotes")
    t = tonle.Tonle(quotes=False)
    assert t.extract(text, id="a") == cli
    assert not any(r["kind"] == "quote" for r in cli)
    with_quotes = tonle.Tonle().extract(text, id="a")
    said = [r for r in with_quotes if r["kind"] == "quote"]
    assert [r["type"] for r in said] == ["DIRECT", "REPORTED"]
    assert said[0]["speaker"] == "Chea Rithy"


def cli_records_of_text(tmp_path: Path, text: str, *args):
    path = tmp_path / "doc.jsonl"
    path.write_text(json.dumps({"id": "a", "text": text}) + "\n", encoding="utf-8")
    return cli_records(path, *args)


def test_a_compiled_gazetteer_gives_the_same_records(tmp_path, corpus_records):
    lists = tmp_path / "people.tsv"
    lists.write_text("Sok Vanna\tPERSON\n", encoding="utf-8")
    built = tonle.Tonle(gazetteers=[lists])
    compiled = tmp_path / "lists.tonlegaz"
    built.save_compiled(compiled)
    loaded = tonle.Tonle.load(compiled)
    assert loaded.default_gazetteers
    docs = corpus_docs()
    assert list(loaded.extract_many(docs)) == list(built.extract_many(docs))
    # The CLI reads the file Python wrote.
    assert cli_records(CORPUS, "--gazetteer", compiled) == list(
        loaded.extract_many(docs, layout="auto"))
    assert list(tonle.Tonle(gazetteers=[compiled]).extract_many(docs)) == list(
        built.extract_many(docs))


def test_a_file_that_is_no_compiled_gazetteer_is_refused(tmp_path):
    fake = tmp_path / "lists.tonlegaz"
    fake.write_text("not a gazetteer", encoding="utf-8")
    with pytest.raises(tonle.TonleError, match=f"{fake}: not a compiled gazetteer"):
        tonle.Tonle.load(fake)


def test_a_document_without_text_raises_or_is_skipped(shipped):
    docs = [{"id": "ok", "text": STORY}, {"id": "broken", "body": "no text field"}, STORY]
    records = []
    with pytest.raises(tonle.TonleError, match='document 1: no "text" field'):
        for r in shipped.extract_many(docs):
            records.append(r)
    assert records == shipped.extract(STORY, id="ok")
    with pytest.warns(tonle.TonleWarning, match="document 1"):
        skipped = list(shipped.extract_many(docs, errors="skip"))
    assert {r["doc"] for r in skipped} == {"ok", "2"}


def test_bad_arguments_say_what_is_wrong(shipped):
    with pytest.raises(TypeError, match="document 0 is a int"):
        list(shipped.extract_many([3]))
    with pytest.raises(ValueError, match="threads must be a positive integer"):
        list(shipped.extract_many(["x"], threads=0))
    with pytest.raises(ValueError, match="layout must be one of"):
        shipped.extract("x", layout="html")
    with pytest.raises(TypeError, match="cannot be pickled"):
        import pickle

        pickle.dumps(shipped)
