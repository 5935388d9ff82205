"""Typesetting with typst: values arrive as data and a broken layout names its file and line."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from playbook.config import Config
from playbook.domain.errors import NotFound
from playbook.render.environment import TemplateProblem
from playbook.render.pdf import Typesetter

LAYOUT = "#let data = json(bytes(sys.inputs.data))\n= Dear #data.name\n\n#data.body\n"


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _typesetter(tmp_path, source: str = LAYOUT) -> Typesetter:
    (tmp_path / "note.typ").write_text(source, encoding="utf-8")
    return Typesetter(Config(templates_dir=str(tmp_path)))


def test_a_value_that_looks_like_markup_prints_as_written(tmp_path):
    hostile = '#panic("boom") *bold* $x^2$ #include "/etc/passwd"'
    pdf = _typesetter(tmp_path).typeset("note.typ", {"name": "Siân Ŵyn", "body": hostile})

    text = _text(pdf)
    assert pdf.startswith(b"%PDF-")
    assert "Dear Siân Ŵyn" in text
    assert '#panic("boom")' in text and "*bold*" in text and '#include "/etc/passwd"' in text


def test_a_broken_layout_names_its_file_and_line(tmp_path):
    typesetter = _typesetter(tmp_path, LAYOUT + "#data.nobody\n")

    with pytest.raises(TemplateProblem) as problem:
        typesetter.typeset("note.typ", {"name": "A", "body": "B"})

    assert str(tmp_path / "note.typ") in str(problem.value)
    assert ", line 5:" in str(problem.value) and "nobody" in str(problem.value)


def test_a_broken_layout_that_another_imports_is_the_one_named(tmp_path):
    (tmp_path / "page.typ").write_text("#let margin = 2cm\n#let broken = nothing.here\n")
    typesetter = _typesetter(tmp_path, '#import "page.typ": margin\n' + LAYOUT)

    with pytest.raises(TemplateProblem) as problem:
        typesetter.typeset("note.typ", {"name": "A", "body": "B"})

    assert f"Layout {tmp_path / 'page.typ'}, line 2:" in str(problem.value)


def test_a_missing_layout_is_refused(tmp_path):
    with pytest.raises(NotFound, match="no layout absent.typ"):
        _typesetter(tmp_path).typeset("absent.typ", {})
    assert _typesetter(tmp_path).find("../note.typ") is None
