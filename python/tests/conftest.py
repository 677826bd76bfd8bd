"""Shared fixtures: the tonle binary, the sample corpus, and the CLI's records of it, which
the Python package must give field for field."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any, Dict, List

import pytest

import tonle

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "corpus"
# Columns holding JSON text in the Arrow form of records.
JSON_COLUMNS = {name for name, kind in tonle._tonle.record_columns() if kind == "json"}


def tonle_binary() -> Path:
    """The CLI to compare with: $TONLE_BIN (set by `make test-python`), else a built one."""
    given = os.environ.get("TONLE_BIN")
    if given:
        path = Path(given)
        assert path.is_file(), f"TONLE_BIN={given} does not exist: build it with cargo build"
        return path
    for profile in ("release", "debug"):
        path = REPO / "target" / profile / "tonle"
        if path.is_file():
            return path
    pytest.skip("no tonle binary: run `cargo build -p tonle-cli` (make test-python does)")


def run_cli(*args: Any) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(tonle_binary()), *map(str, args)], capture_output=True, text=True, check=False
    )


def cli_records(*args: Any) -> List[Dict[str, Any]]:
    """The records `tonle extract ARGS` writes, as dicts."""
    done = run_cli("extract", "--quiet", *args)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def corpus_docs() -> List[Dict[str, str]]:
    """The corpus's articles as tonle extract reads the directory: id = file name, in sorted
    order, the text as in the file."""
    docs = []
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_bytes().decode("utf-8")
        docs.append({"id": path.name, "text": text.removeprefix("\ufeff")})
    return docs


def rows_as_records(table: Any) -> List[Dict[str, Any]]:
    """Arrow rows back as the JSON objects of records: null columns left out, JSON columns
    parsed."""
    out = []
    for row in table.to_pylist():
        record = {}
        for key, value in row.items():
            if value is None:
                continue
            record[key] = json.loads(value) if key in JSON_COLUMNS else value
        out.append(record)
    return out


@pytest.fixture(scope="session")
def shipped() -> tonle.Tonle:
    return tonle.Tonle()


@pytest.fixture(scope="session")
def corpus_records() -> List[Dict[str, Any]]:
    return cli_records(CORPUS)


@pytest.fixture(scope="session")
def corpus_jsonl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus as the CLI writes it, in a file."""
    path = tmp_path_factory.mktemp("cli") / "corpus.jsonl"
    done = run_cli("extract", "--quiet", CORPUS, "-o", path)
    assert done.returncode == 0, done.stderr
    return path


def java_missing() -> bool:
    return shutil.which("java") is None and not os.environ.get("JAVA_HOME")
