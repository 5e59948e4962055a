"""Evaluate a suite of Great Expectations expectations inside DuckDB, in one pass.

The ingest gate checks every export before its rows are promoted. Run through GX's pandas
engine, a 16k-row monthly export spent 0.6 s in the gate against 0.1 s to parse it: the
batch was converted to pandas, and GX built a metric graph for each of ~30 expectations
(pydantic copies, JSON serialisation, hashing the frame). Here the same expectations are
compiled to SQL over the typed batch, which stays in DuckDB:

- one aggregate query computes every expectation's counts (the warning and its critical twin
  share them);
- one query per failing expectation fetches its first failing rows, with lineage.

The counts are handed to the expectation's own `_validate`, so GX decides success (`mostly`
included) and shapes the result exactly as its own validator does, and Data Docs render it as
any other GX result. `tests/test_quality.py` checks that both engines give the same result for
every gate check on batches with every planted defect.

Expectation types not listed in `_compile` raise `Unsupported`; the caller then validates the
suite with GX itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import duckdb
import great_expectations.expectations as gxe
import numpy as np
import pandas as pd
import pyarrow as pa
from great_expectations import __version__ as gx_version
from great_expectations.core import ExpectationSuiteValidationResult, ExpectationValidationResult
from great_expectations.expectations.expectation import (
    ColumnMapExpectation,
)

from ingest.rules.identifiers import id_numbers_valid, id_regions_known, phones_valid, usccs_valid

from . import custom
from .checks import Check


class Unsupported(Exception):
    """An expectation this engine cannot compile; validate the suite with GX instead."""


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, datetime):
        return f"timestamp '{value.isoformat(sep=' ')}'"
    if isinstance(value, date):
        return f"date '{value.isoformat()}'"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise Unsupported(f"literal {value!r}")


# Custom identifier checks: the reference implementations (vectorised), run once per column.
_FUNCTIONS = {
    custom.ExpectColumnValuesToBeValidResidentIdNumber: id_numbers_valid,
    custom.ExpectColumnValuesToHaveKnownIdRegion: id_regions_known,
    custom.ExpectColumnValuesToBeValidUscc: usccs_valid,
    custom.ExpectColumnValuesToBeValidChinesePhone: phones_valid,
}


@dataclass(frozen=True)
class _Compiled:
    """One expectation as SQL: which rows it considers and which of those are unexpected."""

    kind: str  # column | pair | multicolumn | table
    columns: tuple[str, ...]
    considered: str  # SQL condition: the rows the expectation judges
    unexpected: str  # SQL condition, evaluated on considered rows
    window: str | None = None  # a `count(*) over (partition by …)` the condition needs ({w})
    function: object = None  # a Python check of the column the condition needs ({flag})

    @property
    def rule(self) -> tuple:
        return (self.considered, self.unexpected, self.window, self.function)


def _compile(exp) -> _Compiled:
    """SQL for one expectation, with GX's pandas semantics (nulls, `ignore_row_if`)."""
    if isinstance(exp, gxe.ExpectTableRowCountToBeBetween):
        return _Compiled("table", (), "true", "false")
    if isinstance(exp, ColumnMapExpectation):
        c = _q(exp.column)
        if isinstance(exp, gxe.ExpectColumnValuesToNotBeNull):
            return _Compiled("column", (exp.column,), "true", f"{c} is null")
        if isinstance(exp, gxe.ExpectColumnValuesToBeNull):
            return _Compiled("column", (exp.column,), "true", f"{c} is not null")
        nonnull = f"{c} is not null"
        if isinstance(exp, gxe.ExpectColumnValuesToBeInSet):
            values = list(exp.value_set)
            if not values:
                raise Unsupported("empty value_set")
            return _Compiled(
                "column", (exp.column,), nonnull, f"{c} not in ({', '.join(map(_literal, values))})"
            )
        if isinstance(exp, gxe.ExpectColumnValuesToBeBetween):
            parts = []
            if exp.min_value is not None:
                parts.append(f"{c} {'<=' if exp.strict_min else '<'} {_literal(exp.min_value)}")
            if exp.max_value is not None:
                parts.append(f"{c} {'>=' if exp.strict_max else '>'} {_literal(exp.max_value)}")
            if not parts:
                raise Unsupported("between without bounds")
            return _Compiled("column", (exp.column,), nonnull, " or ".join(parts))
        if isinstance(exp, gxe.ExpectColumnValuesToMatchRegex):
            return _Compiled(
                "column", (exp.column,), nonnull, f"not regexp_matches({c}::varchar, {_literal(exp.regex)})"
            )
        if isinstance(exp, gxe.ExpectColumnValuesToBeUnique):
            return _Compiled("column", (exp.column,), nonnull, "{w} > 1", window=c)
        if type(exp) in _FUNCTIONS:
            return _Compiled("column", (exp.column,), nonnull, "not {flag}", function=_FUNCTIONS[type(exp)])
    if isinstance(exp, gxe.ExpectColumnPairValuesAToBeGreaterThanB):
        if exp.ignore_row_if != "either_value_is_missing":
            raise Unsupported(f"ignore_row_if={exp.ignore_row_if}")
        a, b = _q(exp.column_A), _q(exp.column_B)
        return _Compiled(
            "pair",
            (exp.column_A, exp.column_B),
            f"{a} is not null and {b} is not null",
            f"not ({a} {'>=' if exp.or_equal else '>'} {b})",
        )
    if isinstance(exp, gxe.ExpectCompoundColumnsToBeUnique):
        if exp.ignore_row_if != "all_values_are_missing":
            raise Unsupported(f"ignore_row_if={exp.ignore_row_if}")
        cols = [_q(c) for c in exp.column_list]
        return _Compiled(
            "multicolumn",
            tuple(exp.column_list),
            "not (" + " and ".join(f"{c} is null" for c in cols) + ")",
            "{w} > 1",
            window=", ".join(cols),
        )
    raise Unsupported(type(exp).__name__)


def compile_checks(checks: list[Check]) -> list[_Compiled]:
    """Raises Unsupported when any check cannot be evaluated here."""
    return [_compile(c.expectation) for c in checks]


def supports(checks: list[Check]) -> bool:
    """Whether every check compiles (otherwise the suite is validated by GX)."""
    try:
        compile_checks(checks)
    except Unsupported:
        return False
    return True


def _py(value):
    """Values as GX's pandas engine hands them to results (numpy scalars → Python)."""
    if isinstance(value, np.generic):
        return value.item()
    return value


def validate(
    con: duckdb.DuckDBPyConnection,
    relation: str,
    checks: list[Check],
    *,
    suite_name: str,
    index_columns: list[str],
    partial_count: int,
    order_by: str,
) -> tuple[ExpectationSuiteValidationResult, int]:
    """Validate `checks` on `relation` (a table or view in `con`). Returns GX's suite result
    and the relation's row count."""
    compiled = compile_checks(checks)
    result_format = {
        "result_format": "SUMMARY",
        "unexpected_index_column_names": index_columns,
        "partial_unexpected_count": partial_count,
    }

    # Every distinct rule (a warning and its critical twin compile to the same one) becomes a
    # boolean column of one temp table `_eval`, so each is evaluated once.
    rules = list(dict.fromkeys(c.rule for c in compiled))
    windows = list(dict.fromkeys(c.window for c in compiled if c.window))
    window_name = {w: f"_w{k}" for k, w in enumerate(windows)}
    flags = list(dict.fromkeys((c.function, c.columns[0]) for c in compiled if c.function))
    flag_name = {f: f"_f{k}" for k, f in enumerate(flags)}
    rule_name = {r: f"_u{k}" for k, r in enumerate(rules)}
    source = relation
    if flags:  # Python checks, one call per column, joined back by position
        columns_out = {}
        for function, column in flags:
            values = con.execute(f"select {_q(column)} from {relation}").to_arrow_table().column(0)
            columns_out[flag_name[(function, column)]] = pa.array(function(values.combine_chunks()))
        con.register("_flags", pa.table(columns_out))
        source = f"(select * from {relation} positional join _flags)"
    if windows:
        extra = ", ".join(f"count(*) over (partition by {w}) as {window_name[w]}" for w in windows)
        source = f"(select *, {extra} from {source})"

    def condition(rule) -> str:
        considered, unexpected, window, function = rule
        names = {}
        if window:
            names["w"] = window_name[window]
        if function:
            column = next(c.columns[0] for c in compiled if c.rule == rule)
            names["flag"] = flag_name[(function, column)]
        for name, value in names.items():
            unexpected = unexpected.replace("{" + name + "}", value)
        return f"coalesce(({considered}) and ({unexpected}), false)"

    selects = "".join(f", {condition(r)} as {rule_name[r]}" for r in rules)
    con.execute(f"create or replace temp table _eval as select *{selects} from {source}")
    if flags:
        con.unregister("_flags")
    try:
        columns = list(dict.fromkeys(col for c in compiled if c.kind == "column" for col in c.columns))
        counts = con.execute(
            "select "
            + ", ".join(
                [
                    "count(*)",
                    *(f"count(*) filter (where {_q(col)} is null)" for col in columns),
                    *(f"count(*) filter (where {r[0]})" for r in rules),
                    *(f"count(*) filter (where {rule_name[r]})" for r in rules),
                ]
            )
            + " from _eval"
        ).fetchone()
        rows = counts[0]
        nulls = dict(zip(columns, counts[1 : 1 + len(columns)], strict=True))
        considered = dict(zip(rules, counts[1 + len(columns) : 1 + len(columns) + len(rules)], strict=True))
        unexpected = dict(zip(rules, counts[1 + len(columns) + len(rules) :], strict=True))

        # the first failing rows of each failing rule, in batch order
        failing: dict[tuple, list[dict]] = {}
        for rule in rules:
            if unexpected[rule]:
                comp = next(c for c in compiled if c.rule == rule)
                wanted = ", ".join(_q(c) for c in dict.fromkeys([*index_columns, *comp.columns]))
                frame = con.execute(
                    f"select {wanted} from _eval where {rule_name[rule]} "
                    f"order by {order_by} limit {int(partial_count)}"
                ).df()
                failing[rule] = [
                    {k: None if isinstance(v, float) and np.isnan(v) else _py(v) for k, v in row.items()}
                    for row in frame.to_dict("records")
                ]
    finally:
        con.execute("drop table if exists _eval")

    results = []
    runtime = {"result_format": result_format}
    for check, comp in _in_gx_order(checks, compiled):
        exp = check.expectation
        rule = comp.rule
        found = failing.get(rule, [])
        if comp.kind == "table":
            metrics = {"table.row_count": rows}
        else:
            mm = exp.map_metric
            if comp.kind == "column":
                values = [f[comp.columns[0]] for f in found]
            elif comp.kind == "pair":
                values = [(f[comp.columns[0]], f[comp.columns[1]]) for f in found]
            else:
                values = [{c: f[c] for c in comp.columns} for f in found]
            metrics = {
                "table.row_count": rows,
                f"{mm}.unexpected_count": unexpected[rule],
                f"{mm}.unexpected_values": values,
                f"{mm}.unexpected_index_list": [
                    {k: f[k] for k in dict.fromkeys([*index_columns, *comp.columns])} for f in found
                ],
                f"{mm}.unexpected_index_query": None,
            }
            if comp.kind == "column":
                metrics["column_values.nonnull.unexpected_count"] = nulls[comp.columns[0]]
            else:
                metrics[f"{mm}.filtered_row_count"] = considered[rule]
        raw = exp._validate(metrics=metrics, runtime_configuration=runtime)
        evr = ExpectationValidationResult(**raw) if isinstance(raw, dict) else raw
        config = exp.configuration
        config.kwargs["batch_id"] = f"yiping-{suite_name}"
        evr.expectation_config = config
        results.append(evr)

    passed = sum(bool(r.success) for r in results)
    suite_result = ExpectationSuiteValidationResult(
        results=results,
        success=passed == len(results),
        suite_name=suite_name,
        statistics={
            "evaluated_expectations": len(results),
            "successful_expectations": passed,
            "unsuccessful_expectations": len(results) - passed,
            "success_percent": 100.0 * passed / len(results) if results else None,
        },
        meta={
            "great_expectations_version": gx_version,
            "batch_spec": {"batch_data": "DuckDBRelation"},
            "batch_markers": {"ge_load_time": f"{datetime.now():%Y%m%dT%H%M%S.%fZ}"},
        },
        batch_id=f"yiping-{suite_name}",
    )
    return suite_result, rows


def _in_gx_order(checks: list[Check], compiled: list[_Compiled]):
    """GX's validator groups a suite's results by column, in order of first appearance."""
    groups: dict[str, list] = {}
    for check, comp in zip(checks, compiled, strict=True):
        column = getattr(check.expectation, "column", None)
        groups.setdefault(column if isinstance(column, str) else "_nocolumn", []).append((check, comp))
    return [pair for group in groups.values() for pair in group]


def unexpected_rows_frame(
    con: duckdb.DuckDBPyConnection, relation: str, columns: list[str], index_column: str, keys: list
) -> pd.DataFrame:
    """The rows named in the results' index lists (to show failing rows with their record)."""
    wanted = ", ".join(_q(c) for c in dict.fromkeys(columns))
    if not keys:
        return con.execute(f"select {wanted} from {relation} limit 0").df()
    key_list = ", ".join(_literal(int(k)) for k in dict.fromkeys(keys))
    return con.execute(f"select {wanted} from {relation} where {_q(index_column)} in ({key_list})").df()
