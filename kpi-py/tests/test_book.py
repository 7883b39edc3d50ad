"""The book's Python examples (docs/*.md) run as written, from the repository root.

The ```python blocks of one page run in order in one namespace (a page is one session);
a page with no Python block is skipped.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))


def python_blocks(page):
    return re.findall(r"^```python\n(.*?)^```$", page.read_text(encoding="utf-8"), flags=re.S | re.M)


def test_the_book_has_python_examples():
    assert sum(len(python_blocks(page)) for page in PAGES) >= 3


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_the_python_examples_of_a_page_run(page, monkeypatch, tmp_path):
    blocks = python_blocks(page)
    if not blocks:
        pytest.skip("no Python in this page")
    pytest.importorskip("pandas")
    monkeypatch.chdir(ROOT)
    namespace = {"__name__": "book", "SCRATCH": tmp_path}
    for i, block in enumerate(blocks, 1):
        exec(compile(block, f"docs/{page.name} (python block {i})", "exec"), namespace)
