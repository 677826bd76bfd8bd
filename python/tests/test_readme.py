"""The README's Python snippets run as written."""

from __future__ import annotations

import re
from typing import List

from conftest import CORPUS, REPO


def readme_blocks(section: str) -> List[str]:
    """The ```python blocks of the README section with this heading."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(section)}\n(.*?)(?=^## |\Z)", readme, re.M | re.S)
    assert match, f"README.md has no section {section!r}"
    blocks = re.findall(r"```python\n(.*?)```", match.group(1), re.S)
    assert blocks, f"README.md's {section!r} has no python snippet"
    return blocks


def test_the_readme_python_snippet_runs(tmp_path, monkeypatch, capsys):
    (tmp_path / "corpus").symlink_to(CORPUS)
    monkeypatch.chdir(tmp_path)
    for block in readme_blocks("From Python"):
        exec(compile(block, "README.md", "exec"), {})
    printed = capsys.readouterr().out
    assert "PLACE Svay Rieng" in printed
