"""Ingest gates: one module per source, each with `checks(ctx) -> list[Check]` — or, for a source whose
file declares its checks (`declared.py`), none: the rules follow from its fields.

A gate runs on every new export after parsing and before its rows are promoted into
`raw.<source>` (see `expectations/gate.py`). The batch it sees is the export typed by the
source's own dbt staging SQL, plus WGS-84 coordinates where the source has points.
"""

from __future__ import annotations

from importlib import import_module

from ingest.specs import SPECS

# every source of ingest/sources/ has a gate: its module here, named after it, or its declared checks
SOURCES = tuple(SPECS)


def _module(source: str):
    try:
        return import_module(f"{__name__}.{source}")
    except ModuleNotFoundError as e:
        if e.name != f"{__name__}.{source}":
            raise
        return None


def checks_for(source: str, ctx):
    module = _module(source)
    if module is None:
        from .declared import checks

        return checks(source, ctx)
    return module.checks(ctx)


def lifecycle_for(source: str) -> tuple[str, ...]:
    """The source's timestamps in lifecycle order (empty for registries)."""
    module = _module(source)
    if module is None:
        return SPECS[source].lifecycle
    return tuple(getattr(module, "LIFECYCLE", ()))
