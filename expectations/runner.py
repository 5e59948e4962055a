"""Run a list of checks on a pandas batch with Great Expectations and turn the result into
`quality` rows and a Data Docs page.

One file-backed GX context per quality folder (default `data/quality/gx`): suites are
defined in code and written into it on first use; results are stored there (scrubbed of
personal values) and rendered as Data Docs by `data_docs.build`.
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import pandas as pd

from ingest.rules.masking import mask

from .checks import CRITICAL, Check
from .store import SAMPLE_ROWS, RunRecord, jsonable

logging.getLogger("great_expectations").setLevel(logging.ERROR)


@cache
def _gx():
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    from . import custom  # noqa: F401 - registers the custom expectations

    return gx, ProgressBarsConfig


class QualityContext:
    """The GX project of one quality folder."""

    def __init__(self, root: Path):
        gx, ProgressBarsConfig = _gx()
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.gx = gx.get_context(mode="file", project_root_dir=str(self.root))
        self.gx.variables.progress_bars = ProgressBarsConfig(globally=False)
        self.gx.variables.save()
        self._suites: dict[str, object] = {}
        self._batch_definitions: dict[str, object] = {}
        self._datasource = None
        self.stored: list = []  # validation-result identifiers written since the last docs build

    @property
    def site_dir(self) -> Path:
        return self.root / "gx" / "uncommitted" / "data_docs" / "local_site"

    def _suite(self, name: str, checks: list[Check]):
        gx, _ = _gx()
        codes = tuple(c.code for c in checks)
        cached = self._suites.get(name)
        if cached is not None and cached[0] == codes:
            return cached[1]
        suite = self.gx.suites.add_or_update(
            gx.ExpectationSuite(name=name, expectations=[c.expectation for c in checks])
        )
        self._suites[name] = (codes, suite)
        return suite

    def prepare(self, suite_name: str, checks: list[Check]) -> None:
        """Write the suite and its batch definition now, before there is a batch to validate."""
        self._suite(suite_name, checks)
        self._batch_definition(suite_name)

    def _batch(self, suite_name: str, frame: pd.DataFrame):
        return self._batch_definition(suite_name).get_batch(batch_parameters={"dataframe": frame})

    def _batch_definition(self, suite_name: str):
        bd = self._batch_definitions.get(suite_name)
        if bd is None:  # once per suite and process: the datasource config is written to disk
            if self._datasource is None:  # replacing it would drop the assets added since
                self._datasource = self.gx.data_sources.add_or_update_pandas("yiping")
            ds = self._datasource
            try:
                asset = ds.get_asset(suite_name)
            except LookupError:
                asset = ds.add_dataframe_asset(suite_name)
            try:
                bd = asset.get_batch_definition("whole")
            except KeyError:
                bd = asset.add_batch_definition_whole_dataframe("whole")
            self._batch_definitions[suite_name] = bd
        return bd

    def validate(
        self,
        *,
        kind: str,
        suite_name: str,
        checks: list[Check],
        frame: pd.DataFrame | None = None,
        relation: tuple | None = None,
        index_columns: list[str],
        record_columns: list[str],
        batch_label: str,
        source: str | None = None,
        build_id: str | None = None,
        load_id: str | None = None,
        source_file: str | None = None,
        pass_decision: str,
        fail_decision: str,
    ) -> RunRecord:
        from great_expectations.core.run_identifier import RunIdentifier
        from great_expectations.data_context.types.resource_identifiers import (
            ExpectationSuiteIdentifier,
            ValidationResultIdentifier,
        )

        started = datetime.now()
        run_id = f"{kind}-{started:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
        suite = self._suite(suite_name, checks)  # written to the GX project for Data Docs too
        if relation is not None:  # (connection, table): evaluated in DuckDB
            result, rows, lineage = self._validate_in_duckdb(
                relation, suite_name, checks, index_columns, record_columns
            )
        else:
            result = self._batch(suite_name, frame).validate(
                suite,
                result_format={
                    "result_format": "SUMMARY",
                    "unexpected_index_column_names": index_columns,
                    "partial_unexpected_count": SAMPLE_ROWS,
                },
            )
            rows, lineage = len(frame), _LineageIndex(frame)
        by_code = {c.code: c for c in checks}
        record = RunRecord(run={})
        for r in result.results:
            cfg = r.expectation_config
            check = by_code[cfg.meta["check"]]
            res = r.result or {}
            observed = res.get("observed_value")
            record.results.append(
                {
                    "run_id": run_id,
                    "check_code": check.code,
                    "expectation_type": cfg.type,
                    "column_name": check.column,
                    "severity": check.severity,
                    "title_zh": check.title_zh,
                    "title_en": check.title_en,
                    "why_zh": check.why_zh or None,
                    "why_en": check.why_en or None,
                    "success": bool(r.success) if not r.exception_info.get("raised_exception") else None,
                    "element_count": res.get("element_count"),
                    "unexpected_count": res.get("unexpected_count"),
                    "unexpected_percent": res.get("unexpected_percent"),
                    "observed_value": None if observed is None else jsonable(observed),
                    "offending_events": None,
                    "kwargs": jsonable({k: v for k, v in cfg.kwargs.items() if k != "value_set"}),
                    "exception": r.exception_info.get("exception_message")
                    if r.exception_info.get("raised_exception")
                    else None,
                }
            )
            if not r.success:
                record.failures += _samples(run_id, check, res, lineage, record_columns)
            _scrub(check, res)
        failed = [x for x in record.results if x["success"] is not True]
        critical_failed = sum(x["severity"] == CRITICAL for x in failed)
        warnings_failed = len(failed) - critical_failed

        run_time = datetime.now(UTC)
        key = ValidationResultIdentifier(
            ExpectationSuiteIdentifier(name=suite_name),
            RunIdentifier(run_name=run_id, run_time=run_time),
            batch_label,
        )
        result.meta["run_id"] = RunIdentifier(run_name=run_id, run_time=run_time)
        result.meta["batch_parameters"] = {"dataframe": batch_label}
        result.meta["active_batch_definition"] = {  # shown as "Asset Name" in Data Docs
            "datasource_name": "yiping",
            "data_connector_name": "pandas",
            "data_asset_name": source_file or suite_name,
            "batch_identifiers": {"batch": batch_label},
        }
        self.gx.validation_results_store.set(key, result)
        self.stored.append(key)
        record.run = {
            "run_id": run_id,
            "kind": kind,
            "suite": suite_name,
            "source": source,
            "build_id": build_id,
            "load_id": load_id,
            "source_file": source_file,
            "started_at": started,
            "finished_at": datetime.now(),
            "rows_checked": rows,
            "checks_evaluated": len(record.results),
            "critical_failed": critical_failed,
            "warnings_failed": warnings_failed,
            "outcome": "failed" if critical_failed else ("warnings" if warnings_failed else "passed"),
            "decision": fail_decision if critical_failed else pass_decision,
            "data_docs_page": "/".join(("validations", *map(str, key.to_tuple()))) + ".html",
        }
        return record

    def _validate_in_duckdb(self, relation, suite_name, checks, index_columns, record_columns):
        """The suite evaluated by `sql_engine` on a DuckDB table; the failing rows' records
        are fetched for the samples."""
        from . import sql_engine

        con, table = relation
        result, rows = sql_engine.validate(
            con,
            table,
            checks,
            suite_name=suite_name,
            index_columns=index_columns,
            partial_count=SAMPLE_ROWS,
            order_by=", ".join(f'"{c}"' for c in index_columns),
        )
        key = index_columns[-1]
        keys = [
            item[key]
            for r in result.results
            for item in (r.result or {}).get("partial_unexpected_index_list") or []
            if isinstance(item, dict) and item.get(key) is not None
        ]
        columns = [*index_columns, *record_columns, *(c for check in checks for c in check.columns)]
        return result, rows, _LineageIndex(sql_engine.unexpected_rows_frame(con, table, columns, key, keys))


class _LineageIndex:
    """Rows of a batch by (export file, row number), built on the first lookup."""

    def __init__(self, frame: pd.DataFrame):
        self.frame, self._positions = frame, None

    def row(self, item: dict):
        if "_row_number" not in item or "_row_number" not in self.frame.columns:
            return None
        if self._positions is None:
            files = (
                self.frame["_source_file"]
                if "_source_file" in self.frame.columns
                else [None] * len(self.frame)
            )
            self._positions = {
                (f, rn): k for k, (f, rn) in enumerate(zip(files, self.frame["_row_number"], strict=True))
            }
        k = self._positions.get((item.get("_source_file"), item["_row_number"]))
        return None if k is None else self.frame.iloc[k]


def _samples(
    run_id: str, check: Check, res: dict, lineage: _LineageIndex, record_columns: list[str]
) -> list[dict]:
    """Failing rows with lineage, values masked. Index lists carry the lineage columns."""
    out = []
    for item in res.get("partial_unexpected_index_list") or []:
        if not isinstance(item, dict):
            continue
        row = lineage.row(item)
        columns = check.columns
        value = mask(check.column, item.get(check.column)) if len(columns) == 1 else None
        # without lineage (an aggregate frame) the index columns say which row failed
        record = {k: mask(k, v) for k, v in item.items() if not k.startswith("_")}
        if row is not None:
            record = {c: mask(c, row[c]) for c in record_columns if c in row.index and row[c] is not None}
            present = [c for c in columns if c in row.index]
            if len(present) == 1 and value is None:
                value = mask(present[0], row[present[0]])
            elif len(present) > 1:
                value = "; ".join(f"{c}={mask(c, row[c])}" for c in present)
        out.append(
            {
                "run_id": run_id,
                "check_code": check.code,
                "source_file": item.get("_source_file"),
                "row_number": int(item["_row_number"]) if item.get("_row_number") is not None else None,
                "column_name": check.column,
                "value": value,
                "record": jsonable(record),
            }
        )
    return out


def _scrub(check: Check, res: dict) -> None:
    """Mask personal values in the stored GX result (and so in Data Docs)."""
    if not check.personal:
        return
    col = check.column
    if res.get("partial_unexpected_list"):
        res["partial_unexpected_list"] = [mask(col, v) for v in res["partial_unexpected_list"]]
    if res.get("partial_unexpected_counts"):
        res["partial_unexpected_counts"] = [
            {**c, "value": mask(col, c.get("value"))} for c in res["partial_unexpected_counts"]
        ]
    if res.get("partial_unexpected_index_list"):
        res["partial_unexpected_index_list"] = [
            {k: (mask(col, v) if k == col else v) for k, v in i.items()} if isinstance(i, dict) else i
            for i in res["partial_unexpected_index_list"]
        ]
