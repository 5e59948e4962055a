"""The ingest gate: check one parsed export before its rows are promoted into the raw layer.

`check_batch` types the batch with the source's dbt staging SQL (plus WGS-84 coordinates),
runs the source's checks (`gates/<source>.py`) and says whether to promote or quarantine.
The loader writes the returned run record into `quality.*` in the same transaction as the
rows (or next to the quarantine entry).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from ingest.inbox import loader_memory_limit
from ingest.specs import SPECS

from . import data_docs, sql_engine, store
from .gates import checks_for, lifecycle_for
from .gates.common import GateContext
from .runner import QualityContext
from .staging_sql import gate_sql
from .store import RunRecord

# sources whose points need converting to WGS-84, and the columns shown with each failing row so a
# steward recognises it (masked where personal): both declared in the source's file, ingest/sources/
HAS_POINTS = {s.name for s in SPECS.values() if s.converts_points}
LINEAGE = ["_source_file", "_row_number"]
RECORD_COLUMNS = {s.name: list(s.record_columns) for s in SPECS.values()}


@dataclass
class GateOutcome:
    record: RunRecord

    @property
    def promote(self) -> bool:
        return not self.record.critical_failures

    @property
    def reason(self) -> str:
        """Why the batch was quarantined: the failing critical checks, by name and share, each with
        why so many failures mean the file is broken."""
        parts = []
        for r in self.record.critical_failures:
            share = f"，不合格 {r['unexpected_percent']:.1f}%" if r["unexpected_percent"] is not None else ""
            why = f"。{r['why_zh']}" if r.get("why_zh") else ""
            parts.append(f"{r['title_zh']}（{r['check_code']}{share}）{why}")
        return "质量闸门未通过（严重）：" + "；".join(parts)


def typed_batch(source: str, frame: pl.DataFrame, columns: list[str] | None = None):
    """The batch as staging will see it (pandas), lineage columns included. With `columns`,
    only those (and lineage) are fetched: free text and list columns cost time in pandas and
    make GX fall back to pickling the frame to fingerprint it."""
    con = duckdb.connect()
    try:
        con.register("_batch", frame.to_arrow(compat_level=pl.CompatLevel.newest()))  # zero-copy strings
        return _nanosecond_datetimes(con.execute(_typed_sql(source, columns)).df())
    finally:
        con.close()


def _typed_sql(source: str, columns: list[str] | None) -> str:
    sql = gate_sql(source, source in HAS_POINTS, lifecycle_for(source))
    if columns is not None:
        wanted = ", ".join(f'"{c}"' for c in dict.fromkeys([*LINEAGE, *columns]))
        sql = f"select {wanted} from (\n{sql}\n)"
    return sql


def _nanosecond_datetimes(batch):
    """DuckDB hands dates and timestamps to pandas as datetime64[us]; GX compares only
    datetime64[ns] columns vectorised (anything else one Python call per value, 3 s on a 700k-row
    registry). Converted where every value fits the ns range (years 1678–2261); a column with a
    year outside it stays as it is and is compared value by value."""
    import pandas as pd

    low, high = pd.Timestamp.min, pd.Timestamp.max
    for name in batch.columns:
        column = batch[name]
        if pd.api.types.is_datetime64_dtype(column.dtype) and not pd.api.types.is_datetime64_ns_dtype(
            column.dtype
        ):
            present = column.dropna()
            if present.empty or (present.min() >= low and present.max() <= high):
                batch[name] = column.astype("datetime64[ns]")
    return batch


class Gate:
    """Gates for one loader run: one GX context, suites built once per source.

    Batches are checked in DuckDB (`sql_engine`), where the typed batch already is. With
    `engine="gx"` (or YIPING_GATE_ENGINE=gx) they are checked by GX's pandas engine instead;
    both give the same results (tests/test_quality.py)."""

    def __init__(self, quality_root: Path, ctx: GateContext | None = None, engine: str | None = None):
        self.quality = QualityContext(quality_root)
        self.quality_root = Path(quality_root)
        self.ctx = ctx or GateContext.default()
        self.engine = engine or os.environ.get("YIPING_GATE_ENGINE", "duckdb")
        # source → (checks, columns they read, whether sql_engine compiles every check)
        self._checks: dict[str, tuple[list, list[str], bool]] = {}
        self._con: duckdb.DuckDBPyConnection | None = None

    def _connection(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            # a batch of a large registry is typed here: bounded, spilling to disk beyond the limit
            self._con = duckdb.connect()
            self._con.execute(f"set memory_limit = '{loader_memory_limit()}'")
            spill = self.quality_root / ".spill"
            self._con.execute(f"set temp_directory = '{str(spill).replace(chr(39), chr(39) * 2)}'")
        return self._con

    # ---- what the loader asks of its gate (it is handed one; it never imports the checker) ----
    def ensure_schema(self, con) -> None:
        """The lake's quality tables, where each batch's results are kept."""
        store.ensure_schema(con)

    def record(self, con, record) -> None:
        """Keep one batch's results in the lake, in the loader's transaction."""
        store.write(con, record)

    def finish(self) -> Path | None:
        """After the last file: the Data Docs of what was checked (their index), if anything was."""
        if not self.quality.stored:
            return None
        return data_docs.build(self.quality, list(self.quality.stored))

    def check_batch(self, source: str, frame: pl.DataFrame, *, load_id: str, source_file: str) -> GateOutcome:
        record_columns = RECORD_COLUMNS.get(source, [])
        if source not in self._checks:
            checks = checks_for(source, self.ctx)
            needed = [c for check in checks for c in check.columns] + record_columns
            self._checks[source] = (checks, needed, sql_engine.supports(checks))
        checks, needed, in_duckdb = self._checks[source]
        common = dict(
            kind="ingest_gate",
            suite_name=f"ingest.{source}",
            checks=checks,
            index_columns=LINEAGE,
            record_columns=record_columns,
            batch_label=load_id,
            source=source,
            load_id=load_id,
            source_file=source_file,
            pass_decision="promoted",
            fail_decision="quarantined",
        )
        if self.engine == "duckdb" and in_duckdb:
            con = self._connection()
            con.register("_batch", frame.to_arrow(compat_level=pl.CompatLevel.newest()))  # zero-copy strings
            try:
                con.execute(f"create or replace temp table _typed as {_typed_sql(source, needed)}")
                record = self.quality.validate(relation=(con, "_typed"), **common)
            finally:
                con.unregister("_batch")
                con.execute("drop table if exists _typed")
            return GateOutcome(record)
        return GateOutcome(self.quality.validate(frame=typed_batch(source, frame, needed), **common))
