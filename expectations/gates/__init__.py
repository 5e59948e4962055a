"""Ingest gates: one module per source, each with `checks(ctx) -> list[Check]`.

A gate runs on every new export after parsing and before its rows are promoted into
`raw.<source>` (see `expectations/gate.py`). The batch it sees is the export typed by the
source's own dbt staging SQL, plus WGS-84 coordinates where the source has points.
"""

from __future__ import annotations

from importlib import import_module

from ingest.specs import SPECS

# every source declared in ingest/sources/ has its gate module here, named after it
SOURCES = tuple(SPECS)


def checks_for(source: str, ctx):
    return import_module(f"{__name__}.{source}").checks(ctx)


def lifecycle_for(source: str) -> tuple[str, ...]:
    """The source's timestamps in lifecycle order (empty for registries)."""
    return tuple(getattr(import_module(f"{__name__}.{source}"), "LIFECYCLE", ()))
