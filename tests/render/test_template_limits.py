"""Template resource bombs: each stops with one sentence naming the template, in bounded time."""

from __future__ import annotations

import threading
import time

import pytest

from playbook.config import Config
from playbook.render import limits as render_limits
from playbook.render.environment import Renderer, TemplateProblem
from tests.conftest import LONDON

BIG = "would build a value over 1,000,000 characters or items"
BOMBS = {
    "repeat": ("{{ 'x' * 10**9 }}", f"repeating a value {BIG}"),
    "lipsum": ("{{ lipsum(n=10**7) }}", f"lipsum {BIG}"),
    "center": ("{{ 'x' | center(10**9) }}", f"the center filter {BIG}"),
    "ljust": ("{{ 'x'.ljust(10**9) }}", f"str.ljust {BIG}"),
    "format": ("{{ '{:>1000000000}'.format(1) }}", f"a format with a huge or computed width {BIG}"),
    "percent": ("{{ '%1000000000d' % 1 }}", f"a format with a huge width {BIG}"),
    "power": ("{{ 7 ** 99999 ** 2 }}", f"a power {BIG}"),
}


def renderer_with(tmp_path, name: str, source: str) -> Renderer:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(source)
    return Renderer(Config(templates_dir=str(folder)), LONDON)


@pytest.mark.parametrize("kind", BOMBS, ids=BOMBS.keys())
def test_a_value_too_big_to_build_is_refused_before_it_is_built(tmp_path, kind):
    source, reason = BOMBS[kind]
    renderer = renderer_with(tmp_path, "bomb.txt.j2", source)

    with pytest.raises(TemplateProblem) as problem:
        renderer.render("bomb.txt.j2")

    assert str(problem.value) == (
        f"Template {tmp_path / 'templates' / 'bomb.txt.j2'}, line 1 tried something templates "
        f"may not do ({reason}); remove it."
    )


def test_nested_loops_are_stopped_at_the_time_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(render_limits, "MAX_RENDER_SECONDS", 0.5)
    source = "{% for a in range(99999) %}{% for b in range(99999) %}{% endfor %}{% endfor %}"
    renderer = renderer_with(tmp_path, "loops.txt.j2", source)

    with pytest.raises(TemplateProblem) as problem:
        renderer.render("loops.txt.j2")

    assert str(problem.value) == (
        f"Template {tmp_path / 'templates' / 'loops.txt.j2'} ran for more than 0.5 seconds, so "
        "it was stopped; remove the loop or computation that never ends."
    )


def test_an_interruption_never_lands_after_the_render(tmp_path, monkeypatch):
    monkeypatch.setattr(render_limits, "MAX_RENDER_SECONDS", 0.3)
    renderer = renderer_with(tmp_path, "quick.txt.j2", "{{ name }}")
    started = time.monotonic()
    while time.monotonic() - started < 1.0:  # many renders, each well inside the limit
        assert renderer.render("quick.txt.j2", name="Ann") == "Ann"
    time.sleep(0.5)  # past any deadline those renders had: nothing may be raised here


def test_output_past_the_limit_is_stopped(tmp_path, monkeypatch):
    monkeypatch.setattr(render_limits, "MAX_OUTPUT_CHARS", 1_000_000)
    source = "{% for a in range(99999) %}{{ 'x' * 99999 }}{% endfor %}"
    renderer = renderer_with(tmp_path, "long.txt.j2", source)

    with pytest.raises(TemplateProblem, match="wrote more than 1,000,000 characters"):
        renderer.render("long.txt.j2")


def test_ordinary_arithmetic_and_formatting_still_work(tmp_path):
    source = "{{ '{:,}'.format(3000000) }} {{ 'ab' * 3 }} {{ 2 ** 10 }} {{ '%05d' % 42 }}"
    renderer = renderer_with(tmp_path, "fine.txt.j2", source)

    assert renderer.render("fine.txt.j2") == "3,000,000 ababab 1024 00042"


def test_a_render_in_a_worker_thread_is_limited_too(tmp_path, monkeypatch):
    monkeypatch.setattr(render_limits, "MAX_RENDER_SECONDS", 0.5)
    source = "{% for a in range(99999) %}{% for b in range(99999) %}{% endfor %}{% endfor %}"
    renderer = renderer_with(tmp_path, "loops.txt.j2", source)
    caught: list[Exception] = []

    def work() -> None:
        try:
            renderer.render("loops.txt.j2")
        except TemplateProblem as problem:
            caught.append(problem)

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(timeout=10)

    assert not worker.is_alive() and len(caught) == 1
