"""Limits on one template render: its time, its output's size, and the size of any one value.

A template is code the responder's organisation may edit, and the sandbox keeps it from the
machine but not from the processor or the memory: nested loops run for hours, `'x' * 10**9`
asks for a gigabyte at once, `lipsum(n=10**7)` for millions of paragraphs. Here an operation
that would build a value over MAX_VALUE_SIZE is refused before it runs, the output stops at
MAX_OUTPUT_CHARS, and a render still running after MAX_RENDER_SECONDS is interrupted.
"""

from __future__ import annotations

import contextlib
import ctypes
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping

from jinja2.exceptions import SecurityError

MAX_RENDER_SECONDS = 30.0  # a draft renders in a fraction of a millisecond, a breach log in seconds
MAX_OUTPUT_CHARS = 50_000_000  # a breach log of 100,000 recipients is about 10 million
MAX_VALUE_SIZE = 1_000_000  # characters or items one operation may build
MAX_POWER_BITS = 100_000
_WIDE_PERCENT = re.compile(r"%[-+ #0]*(?:\*|\d{7,})|%[-+ #0]*\d*\.(?:\*|\d{7,})")
_WIDE_FORMAT = re.compile(r"\{[^{}]*:[^{}]*(?:\d{7,}|\{)")
_SIZED_METHODS = frozenset({"ljust", "rjust", "center", "zfill", "expandtabs"})


class RenderTimeout(Exception):
    """A render ran past MAX_RENDER_SECONDS (raised inside the render's own thread)."""


class OutputTooLarge(Exception):
    """A render's output passed MAX_OUTPUT_CHARS."""


def refuse_big(description: str) -> SecurityError:
    """The error for an operation that would build too big a value."""
    return SecurityError(
        f"{description} would build a value over {MAX_VALUE_SIZE:,} characters or items"
    )


def check_binop(operator: str, left: object, right: object) -> None:
    """Refuse `left operator right` when it would build too big a value."""
    if operator == "*":
        for sequence, count in ((left, right), (right, left)):
            if (
                isinstance(sequence, str | list | tuple | bytes)
                and isinstance(count, int)
                and len(sequence) * count > MAX_VALUE_SIZE
            ):
                raise refuse_big("repeating a value")
    elif operator == "**" and _is_big_power(left, right):
        raise refuse_big("a power")
    elif operator == "%" and isinstance(left, str) and _WIDE_PERCENT.search(left):
        raise refuse_big("a format with a huge width")


def _is_big_power(base: object, exponent: object) -> bool:
    if not (isinstance(base, int) and isinstance(exponent, int)) or abs(base) < 2 or exponent < 1:
        return False
    return exponent * abs(base).bit_length() > MAX_POWER_BITS


def check_attribute(value: object, attribute: str) -> None:
    """Refuse reaching the format method of a text whose format asks for a huge width (the
    sandbox wraps that method, so its text cannot be seen when it is called)."""
    is_format = attribute in ("format", "format_map")
    if is_format and isinstance(value, str) and _WIDE_FORMAT.search(value):
        raise refuse_big("a format with a huge or computed width")


def check_call(function: object, args: tuple[object, ...], kwargs: Mapping[str, object]) -> None:
    """Refuse a call of a str method that pads to a huge width."""
    name = getattr(function, "__name__", "")
    if name in _SIZED_METHODS and isinstance(getattr(function, "__self__", None), str):
        sizes = [value for value in (*args, *kwargs.values()) if isinstance(value, int)]
        if any(size > MAX_VALUE_SIZE for size in sizes):
            raise refuse_big(f"str.{name}")


def sized_filter(
    function: Callable[..., object], *size_names: str, position: int = 1
) -> Callable[..., object]:
    """A filter that refuses a size argument (by position after the value, or by name) over
    MAX_VALUE_SIZE."""

    def limited(*args: object, **kwargs: object) -> object:
        sizes = [kwargs[name] for name in size_names if name in kwargs]
        if len(args) > position:
            sizes.append(args[position])
        if any(isinstance(size, int) and size > MAX_VALUE_SIZE for size in sizes):
            raise refuse_big(f"the {function.__name__.removeprefix('do_')} filter")
        return function(*args, **kwargs)

    for attribute in ("jinja_pass_arg", "__name__", "__doc__"):
        if hasattr(function, attribute):
            setattr(limited, attribute, getattr(function, attribute))
    return limited


def limited_lipsum(lipsum: Callable[..., str]) -> Callable[..., str]:
    """Jinja's lipsum, with at most 100 paragraphs of at most 1,000 words."""

    def bounded(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:  # noqa: A002
        if n > 100 or max > 1000 or min > 1000:
            raise refuse_big("lipsum")
        return lipsum(n=n, html=html, min=min, max=max)

    return bounded


def bounded_output(chunks: Iterable[str]) -> str:
    """The chunks joined, refusing once they pass MAX_OUTPUT_CHARS."""
    kept: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_OUTPUT_CHARS:
            raise OutputTooLarge
        kept.append(chunk)
    return "".join(kept)


class _Watchdog:
    """One thread that interrupts any render still running past its deadline."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._deadlines: dict[int, float] = {}
        self._fired: set[int] = set()
        self._thread: threading.Thread | None = None

    @contextlib.contextmanager
    def limit(self, seconds: float) -> Iterator[None]:
        """Interrupt the calling thread with RenderTimeout if the block runs past `seconds`."""
        ident = threading.get_ident()
        with self._lock:
            self._deadlines[ident] = time.monotonic() + seconds
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, daemon=True, name="render-limit")
                self._thread.start()
        try:
            yield
        finally:
            with self._lock:
                self._deadlines.pop(ident, None)
                fired = ident in self._fired
                self._fired.discard(ident)
            if fired:  # cancel an interruption not yet delivered, so it cannot land later
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), None)

    def _run(self) -> None:
        while True:
            time.sleep(0.2)
            now = time.monotonic()
            with self._lock:
                for ident, deadline in list(self._deadlines.items()):
                    if now > deadline:
                        del self._deadlines[ident]
                        self._fired.add(ident)
                        ctypes.pythonapi.PyThreadState_SetAsyncExc(
                            ctypes.c_ulong(ident), ctypes.py_object(RenderTimeout)
                        )


WATCHDOG = _Watchdog()
