"""Write the sample sent messages in this folder (run from a checkout: python examples/make_examples.py).

The messages are built with the standard `email` package by the test builders
(`tests/builders.py`), so the examples, the demo and the tests share one picture of each
incident. Everyone in them is fictional; every domain is a reserved `.example` domain.
Running the script again writes the same bytes.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tests.builders import council_tenant_survey, students_union_spreadsheet  # noqa: E402

# name of the example file -> how to build it in a folder
EXAMPLES = {
    "tenant_survey_cc.eml": lambda folder: council_tenant_survey(folder, personal=40, at_work=4),
    "discount_card_spreadsheet.eml": lambda folder: students_union_spreadsheet(
        folder, holders=120, by_post=6, by_phone=4
    ),
}


def write_examples(target: Path) -> list[Path]:
    """Write every example message into `target` and return their paths."""
    written = []
    with tempfile.TemporaryDirectory() as scratch:
        for name, build in EXAMPLES.items():
            built = build(Path(scratch))
            written.append(Path(shutil.copyfile(built, target / name)))
    return written


if __name__ == "__main__":
    for path in write_examples(HERE):
        print(f"wrote {path.relative_to(HERE.parent)}")
