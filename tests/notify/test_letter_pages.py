"""Cutting the combined letters' PDF at each letter's bookmark, reading it as typst writes it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import typst
from pypdf import PdfReader

from playbook.notify.letter_pages import LayoutProblem, split_pdf

# Three letters of one, two and one pages, each titled with text that reads like PDF syntax.
LETTERS = """\
#set page(width: 200pt, height: 200pt)
#for (index, pages) in (1, 2, 1).enumerate() {
  if index > 0 { pagebreak() }
  heading(bookmarked: true, outlined: false)[Letter \\(x\\) /Dest 1 0 R /Next 9 0 R #index]
  for page in range(pages) {
    if page > 0 { pagebreak() }
    [Person #index, page #page]
  }
}
"""


def combined(tmp_path: Path, source: str = LETTERS) -> bytes:
    layout = tmp_path / "letters.typ"
    layout.write_text(source, encoding="utf-8")
    pdf = typst.compile(str(layout), ignore_system_fonts=True)
    assert isinstance(pdf, bytes)
    return pdf


def test_each_letter_gets_its_own_pages_whatever_its_title_says(tmp_path: Path) -> None:
    parts = split_pdf(combined(tmp_path), 3)

    texts = [
        [page.extract_text() for page in PdfReader(io.BytesIO(part), strict=True).pages]
        for part in parts
    ]
    assert [len(pages) for pages in texts] == [1, 2, 1]
    for index, pages in enumerate(texts):
        assert all(f"Person {index}," in text for text in pages)
        assert not any(f"Person {other}," in " ".join(pages) for other in {0, 1, 2} - {index})


def test_a_layout_without_a_bookmark_per_letter_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LayoutProblem, match="start each letter on a new page with its bookmark"):
        split_pdf(combined(tmp_path), 4)
    with pytest.raises(LayoutProblem):
        split_pdf(combined(tmp_path, "#set page(width: 100pt)\nNo bookmarks.\n"), 1)


def test_a_letter_leading_to_another_letters_page_is_refused_before_any_letter_is_made(
    tmp_path: Path,
) -> None:
    # The first letter links to a place on the second letter's page: cut apart, its file would
    # hold the other letter's page.
    linked = """\
#set page(width: 200pt, height: 200pt)
#heading(bookmarked: true, outlined: false)[First]
#link(<other>)[See the other letter]
#pagebreak()
#heading(bookmarked: true, outlined: false)[Second]
Person 1 #label("other")
"""
    with pytest.raises(LayoutProblem, match="leads to another letter's page"):
        split_pdf(combined(tmp_path, linked), 2)
