"""The conductor's load: the loader with the quality gate handed to it.

The house has one direction: the conductor (this module, `ingest/publish.py`, the CLI) composes the
loader (`ingest/loader.py`) and the checker (`expectations/`), and neither of those imports the
conductor; the loader never imports the checker — it is handed a gate. `tests/test_import_graph.py`
holds every module to that."""

from __future__ import annotations

import sys
from pathlib import Path

from expectations.gate import Gate

from .loader import FileResult, inbox_files, load_inbox


def load_exports(
    inbox: Path,
    db: Path,
    quarantine_dir: Path | None = None,
    out=sys.stdout,
    gates: bool = True,
    quality_dir: Path | None = None,
) -> tuple[int, list[FileResult]]:
    """Load every export in the inbox; with `gates`, each parsed batch passes its source's quality
    gate first (results in the lake's `quality.*`, Data Docs under `quality_dir`, default beside the lake)."""
    db = Path(db)
    gate = None
    if gates and Path(inbox).is_dir() and inbox_files(Path(inbox)):
        gate = Gate(Path(quality_dir) if quality_dir else db.parent / "quality")
    return load_inbox(inbox, db, quarantine_dir, out=out, gate=gate)
