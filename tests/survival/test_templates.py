"""Templates: a user's template cannot escape the sandbox, read files or write anywhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from playbook.config import Config
from playbook.domain.errors import PlaybookError
from playbook.render.environment import Renderer
from tests.conftest import LONDON

ESCAPES = {
    "class walk": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "globals of a global": "{{ cycler.__init__.__globals__.os.system('touch {marker}') }}",
    "globals of lipsum": "{{ lipsum.__globals__['os'].popen('touch {marker}').read() }}",
    "attr filter": "{{ cycler|attr('__init__')|attr('__globals__') }}",
    "format string": "{{ '{0.__class__.__init__.__globals__}'.format(x) }}",
    "template self": "{{ self.__init__.__globals__ }}",
    "include outside the folders": "{% include '../../../../etc/passwd' %}",
    "include an absolute path": "{% include '/etc/passwd' %}",
    "huge range": "{{ range(10**9)|list|length }}",
    "write with a path it was given": "{{ given.write_text('written by a template') }}",
    "open a path it was given": "{{ given.open('w') }}",
    "parent of a path it was given": "{{ given.parent.joinpath('escaped').write_text('x') }}",
}


@pytest.fixture
def user_templates(tmp_path: Path) -> Path:
    """The user's template folder (config templates_dir)."""
    folder = tmp_path / "my-templates"
    folder.mkdir()
    return folder


@pytest.mark.parametrize("case", list(ESCAPES), ids=list(ESCAPES))
def test_an_escape_attempt_is_refused_with_a_clean_error(user_templates, tmp_path, case):
    marker = tmp_path / "escaped-marker"
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    given = outbox / "draft.txt"
    source = ESCAPES[case].replace("{marker}", str(marker))
    (user_templates / "apology.txt.j2").write_text(f"Subject: Sorry\n\n{source}\n")
    renderer = Renderer(Config(templates_dir=str(user_templates)), LONDON)

    with pytest.raises(PlaybookError) as refused:
        renderer.render("apology.txt.j2", x=1, given=given)

    assert "apology.txt.j2" in str(refused.value)
    assert not marker.exists()
    assert list(outbox.iterdir()) == []
    assert not (tmp_path / "escaped").exists()


def test_a_harmless_user_template_still_renders(user_templates):
    (user_templates / "apology.txt.j2").write_text("Subject: Sorry\n\nDear {{ name }},\n")
    renderer = Renderer(Config(templates_dir=str(user_templates)), LONDON)
    assert renderer.render("apology.txt.j2", name="Jo") == "Subject: Sorry\n\nDear Jo,\n"
