"""Time and peak memory of the import (and of a render) for each hostile input of issue 15.

Each case runs in its own process, so its peak memory (the child's maximum resident set) is its
own. Ours: `import_file` of the hostile message into a fresh database (or one template render).
The floor, where one makes sense: reading the same file once, a megabyte at a time and hashing
it, the least any import of it must do. Figures are printed per case, with the ratio.
Run: python bench/hostile.py [--case NAME] [--megabytes N]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import resource
import struct
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

HEAD = (
    b"From: Office <office@council.example>\r\nSubject: Survey\r\n"
    b"Date: Mon, 19 Oct 2026 09:15:00 +0100\r\nMessage-ID: <hostile@council.example>\r\n"
)


def _to_line(folder: Path, megabytes: int, unit: bytes) -> Path:
    path = folder / "to.eml"
    size = megabytes * 1024 * 1024
    path.write_bytes(
        HEAD + b"To: ann@gmail.com, " + unit * (size // len(unit)) + b"\r\n\r\nHi.\r\n"
    )
    return path


def _addresses(folder: Path, megabytes: int) -> Path:
    parts, size, number = [], 0, 0
    while size < megabytes * 1024 * 1024:
        entry = f"Person Number{number} <p{number}@gmail.com>, ".encode()
        parts.append(entry)
        size += len(entry)
        number += 1
    path = folder / "addresses.eml"
    path.write_bytes(HEAD + b"To: " + b"".join(parts)[:-2] + b"\r\n\r\nHi.\r\n")
    return path


def _body(folder: Path) -> Path:
    path = folder / "body.eml"
    path.write_bytes(HEAD + b"To: ann@gmail.com\r\n\r\n" + b"a." * 500_000 + b"\r\n")
    return path


def _attached(folder: Path, name: str, content_type: str, data: bytes) -> Path:
    from tests.builders import Attached, build_message, write_eml

    message = build_message(
        sender="Office <office@council.example>",
        to=["ann@gmail.com"],
        subject="Survey",
        body="Attached.",
        message_id="<hostile@council.example>",
        attachments=[Attached(name, content_type, data)],
    )
    return write_eml(message, folder / "attached.eml")


def _corner_xlsx(folder: Path, _: int) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active["A1"] = "Email"
    workbook.active["XFD1048576"] = "x"
    stream = io.BytesIO()
    workbook.save(stream)
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _attached(folder, "members.xlsx", xlsx, stream.getvalue())


def _sniff_csv(folder: Path, _: int) -> Path:
    return _attached(folder, "list.csv", "text/csv", b'"a,' * 20_000 + b"\nann@gmail.com\n")


def _webmail(folder: Path, _: int) -> Path:
    from tests.builders import build_message, write_eml

    message = build_message(
        sender="Office <office@council.example>",
        to=[f"tenant{number}@gmail.com" for number in range(25_000)],
        subject="Survey",
        body="Hi.",
        message_id="<hostile@council.example>",
    )
    return write_eml(message, folder / "webmail.eml")


def _parts(folder: Path, _: int) -> Path:
    part = b"--b\r\nContent-Type: application/octet-stream\r\n\r\nx\r\n"
    path = folder / "parts.eml"
    path.write_bytes(
        HEAD + b"To: ann@gmail.com\r\n"
        b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n' + part * 200_000 + b"--b--\r\n"
    )
    return path


def _nested(folder: Path, _: int) -> Path:
    depth = 5000
    opening = b"".join(
        b'--b%d\r\nContent-Type: multipart/mixed; boundary="b%d"\r\n\r\n' % (level, level + 1)
        for level in range(depth)
    )
    closing = b"".join(b"--b%d--\r\n" % level for level in range(depth, -1, -1))
    path = folder / "nested.eml"
    path.write_bytes(
        HEAD + b'To: ann@gmail.com\r\nContent-Type: multipart/mixed; boundary="b0"\r\n\r\n'
        + opening + b"--b%d\r\n\r\nhello\r\n" % depth + closing
    )  # fmt: skip
    return path


def _looping_msg(folder: Path, _: int) -> Path:
    import olefile

    from tests.mail.outlook import outlook_msg

    path = outlook_msg(
        folder / "loop.msg",
        sender=("Office", "office@council.example"),
        subject="Survey",
        body="Attached.",
        sent_at=datetime(2026, 10, 19, tzinfo=UTC),
        message_id="<loop@council.example>",
        recipients=[(f"Person {n}", f"p{n}@gmail.com", "to") for n in range(300)],
        attachments=[("big.bin", "application/octet-stream", b"x" * 100_000)],
    )
    data = bytearray(path.read_bytes())
    ole = olefile.OleFileIO(bytes(data))
    entry = ole.direntries[ole._find(["__attach_version1.0_#00000000", "__substg1.0_37010102"])]
    ole.close()
    last = entry.isectStart
    while struct.unpack_from("<I", data, 512 + 4 * last)[0] != 0xFFFFFFFE:
        last = struct.unpack_from("<I", data, 512 + 4 * last)[0]
    struct.pack_into("<I", data, 512 + 4 * last, entry.isectStart)
    path.write_bytes(bytes(data))
    return path


IMPORTS = {
    "to-50mb-parentheses": lambda folder, mb: _to_line(folder, mb, b"("),
    "to-50mb-letters": lambda folder, mb: _to_line(folder, mb, b"a"),
    "to-50mb-angle-brackets": lambda folder, mb: _to_line(folder, mb, b"<"),
    "to-10mb-of-addresses": lambda folder, mb: _addresses(folder, max(mb // 5, 1)),
    "xlsx-a1-to-xfd1048576": _corner_xlsx,
    "csv-60kb-quote-a-comma": _sniff_csv,
    "25000-webmail-recipients": _webmail,
    "200000-tiny-parts": _parts,
    "5000-nested-multiparts": _nested,
    "msg-fat-loop": _looping_msg,
    "body-1mb-of-a-dot": lambda folder, _: _body(folder),
}
TEMPLATES = {
    "template-nested-ranges": (
        "{% for a in range(99999) %}{% for b in range(99999) %}{% endfor %}{% endfor %}"
    ),
    "template-lipsum-10-7": "{{ lipsum(n=10**7) }}",
    "template-x-times-10-9": "{{ 'x' * 10**9 }}",
}
FLOORED = {name for name in IMPORTS if name.startswith(("to-50mb", "200000"))}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_case(name: str, megabytes: int) -> dict[str, object]:
    """Run one case in this process; return its figures."""
    with tempfile.TemporaryDirectory() as folder:
        if name in TEMPLATES:
            return _render_case(Path(folder), name)
        path = IMPORTS[name](Path(folder), megabytes)
        return _import_case(Path(folder), path)


def _import_case(folder: Path, path: Path) -> dict[str, object]:
    from playbook.config import Config
    from playbook.domain.errors import PlaybookError
    from playbook.intake.importing import import_file
    from playbook.store.database import open_database
    from playbook.store.incidents import create_incident
    from tests.conftest import FIXED_NOW

    db = open_database(folder / "bench.db")
    incident = create_incident(db, title="t", aware_at=FIXED_NOW, now=FIXED_NOW, author="bench")
    started = time.perf_counter()
    try:
        report = import_file(db, incident.id, path, config=Config(), author="b", now=FIXED_NOW)
        outcome = f"imported, {report.recipients} recipients, {len(report.warnings)} warnings"
    except PlaybookError as refused:
        outcome = f"refused: {str(refused)[:70]}"
    seconds = time.perf_counter() - started
    floor = _floor(path)
    return {"seconds": seconds, "peak_mb": _peak_mb(), "floor_seconds": floor, "outcome": outcome}


def _floor(path: Path) -> float:
    started = time.perf_counter()
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(1 << 20):
            digest.update(block)
    return time.perf_counter() - started


def _render_case(folder: Path, name: str) -> dict[str, object]:
    from playbook.config import Config
    from playbook.render.environment import Renderer, TemplateProblem

    (folder / "bomb.txt.j2").write_text(TEMPLATES[name])
    renderer = Renderer(Config(templates_dir=str(folder)), UTC)
    started = time.perf_counter()
    try:
        renderer.render("bomb.txt.j2")
        outcome = "rendered"
    except TemplateProblem as problem:
        outcome = "stopped: " + str(problem).split(" ", 2)[2][:60]
    return {"seconds": time.perf_counter() - started, "peak_mb": _peak_mb(), "outcome": outcome}


def main() -> None:
    """Run every case (or one) in a child process and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", help="run one case in this process and print JSON")
    parser.add_argument("--megabytes", type=int, default=50, help="size of the long To lines")
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case, args.megabytes)))
        return
    print(f"{'case':28} {'ours':>8} {'peak':>8}  {'floor':>7} {'ratio':>7}  outcome")
    for name in [*IMPORTS, *TEMPLATES]:
        child = subprocess.run(
            [sys.executable, __file__, "--case", name, "--megabytes", str(args.megabytes)],
            capture_output=True,
            text=True,
            timeout=1800,
        )
        if child.returncode != 0:
            print(f"{name:28} failed: {child.stderr.strip().splitlines()[-1:]}")
            continue
        figures = json.loads(child.stdout)
        floor = figures.get("floor_seconds")
        shown_floor = f"{floor:6.2f}s" if name in FLOORED and floor else "      -"
        ratio = f"{figures['seconds'] / floor:6.0f}x" if name in FLOORED and floor else "      -"
        print(
            f"{name:28} {figures['seconds']:7.2f}s {figures['peak_mb']:6.0f}MB  {shown_floor} "
            f"{ratio}  {figures['outcome']}"
        )


if __name__ == "__main__":
    main()
