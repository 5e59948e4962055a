"""The `quality` schema: every validation run, each check's result, failing-row samples.

History lives in the lake (`data/lake.duckdb`, the durable store the loader writes) and is
copied into each warehouse build, so the app reads it from the published warehouse.
Personal values in samples are masked here, before anything is written.

    quality.runs      one row per validation run (an ingest batch, or a warehouse build)
    quality.results   one row per run and check: severity, pass/fail, counts, observed value
    quality.failures  up to SAMPLE_ROWS failing rows per run and check, with lineage
                      (export file and row number) and masked values
    quality.build_profiles  events per source at each checked build (the next build compares)
    quality.measures  the numbers each warehouse section measured (shares by geocoding method,
                      agreement with reported grids, ...), per build, for trends
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime

SAMPLE_ROWS = 20

DDL = """
create schema if not exists quality;
create table if not exists quality.runs (
    run_id varchar primary key,
    kind varchar not null,              -- ingest_gate | warehouse
    suite varchar not null,             -- Great Expectations suite name
    source varchar,                     -- the export's source (ingest) or null (warehouse)
    build_id varchar,                   -- one `make quality` invocation (warehouse)
    load_id varchar,                    -- raw._loads.load_id of the batch (ingest)
    source_file varchar,                -- inbox-relative path of the export (ingest)
    started_at timestamp not null,
    finished_at timestamp not null,
    rows_checked bigint,
    checks_evaluated integer not null,
    critical_failed integer not null,
    warnings_failed integer not null,
    outcome varchar not null,           -- passed | warnings | failed
    decision varchar not null,          -- promoted | quarantined (ingest); publishable | blocked (warehouse)
    data_docs_page varchar              -- page of this run in the Data Docs site
);
create table if not exists quality.results (
    run_id varchar not null,
    check_code varchar not null,
    expectation_type varchar not null,
    column_name varchar,
    severity varchar not null,          -- critical | warning
    title_zh varchar not null,
    title_en varchar not null,
    success boolean,
    element_count bigint,
    unexpected_count bigint,
    unexpected_percent double,
    observed_value varchar,
    offending_events bigint,            -- warehouse checks: events behind a failed aggregate
    kwargs varchar,                     -- the expectation's arguments (JSON)
    exception varchar,
    why_zh varchar,                     -- critical checks: why a failure means a broken file/build
    why_en varchar
);
-- columns added after the first release (lakes created earlier gain them here)
alter table quality.runs add column if not exists build_id varchar;
alter table quality.results add column if not exists offending_events bigint;
alter table quality.results add column if not exists why_zh varchar;
alter table quality.results add column if not exists why_en varchar;
create table if not exists quality.build_profiles (
    run_id varchar not null,            -- the build_id of the warehouse check that measured it
    built_at timestamp not null,
    source varchar not null,
    events bigint not null,
    latest_reported_at timestamp
);
create table if not exists quality.measures (
    run_id varchar not null,            -- the warehouse run whose aggregate frame this is
    section varchar not null,           -- volume | freshness | geocoding | grid | ...
    subject varchar not null,           -- the frame row: a source, a group size, ...
    measure varchar not null,           -- e.g. share_address_exact, events_last_30d
    value double
);
create table if not exists quality.failures (
    run_id varchar not null,
    check_code varchar not null,
    source_file varchar,                -- lineage: the export file …
    row_number integer,                 -- … and its row there (raw._row_number: the row a spreadsheet shows)
    column_name varchar,
    value varchar,                      -- the failing value, masked when personal
    record varchar                      -- a few identifying columns of the row (JSON, masked)
);
"""

# The runs a steward looks at: the latest gate run of every export (a re-run supersedes) and every
# section of the latest warehouse build. `{quality}` is the schema, qualified as the reader attaches it.
LATEST_RUNS_CTES = """
    latest_gate as (
        select * from {quality}.runs where kind = 'ingest_gate'
        qualify row_number() over (partition by coalesce(load_id, run_id) order by finished_at desc) = 1
    ),
    latest_build as (
        select * from {quality}.runs
        where build_id = (select build_id from {quality}.runs where kind = 'warehouse'
                          order by finished_at desc limit 1)
    ),
    latest_runs as (select * from latest_gate union all by name select * from latest_build)
"""


@dataclass
class RunRecord:
    run: dict
    results: list[dict] = field(default_factory=list)
    failures: list[dict] = field(default_factory=list)
    measures: list[dict] = field(default_factory=list)

    @property
    def critical_failures(self) -> list[dict]:
        return [r for r in self.results if r["severity"] == "critical" and r["success"] is False]


def ensure_schema(con, catalog: str | None = None) -> None:
    ddl = DDL
    if catalog:
        ddl = ddl.replace("quality.", f"{catalog}.quality.").replace(
            "if not exists quality;", f"if not exists {catalog}.quality;"
        )
    con.execute(ddl)


def write(con, record: RunRecord, catalog: str | None = None) -> None:
    """Insert one run with its results and samples (the caller owns the transaction)."""
    q = f"{catalog}.quality" if catalog else "quality"
    _insert(con, f"{q}.runs", [record.run])
    _insert(con, f"{q}.results", record.results)
    _insert(con, f"{q}.failures", record.failures)
    _insert(con, f"{q}.measures", record.measures)


def _insert(con, table: str, rows: list[dict]) -> None:
    if not rows:
        return
    cols = list(rows[0])
    con.executemany(
        f"insert into {table} ({', '.join(cols)}) values ({', '.join('?' for _ in cols)})",
        [[r[c] for c in cols] for r in rows],
    )


def copy_to(con, source_catalog: str, target_catalog: str) -> None:
    """Replace the target's `quality` tables by the source's (lake → warehouse build)."""
    con.execute(f"create schema if not exists {target_catalog}.quality")
    for table in ("runs", "results", "failures", "build_profiles", "measures"):
        con.execute(
            f"create or replace table {target_catalog}.quality.{table} as "
            f"select * from {source_catalog}.quality.{table}"
        )
    # the runs a steward looks at, kept with the build: the app reads this table, not the rule above
    con.execute(
        f"create or replace table {target_catalog}.quality.latest_runs as "
        f"with {LATEST_RUNS_CTES.format(quality=f'{target_catalog}.quality')} select * from latest_runs"
    )


def jsonable(value):
    """Observed values and kwargs as JSON text (numpy, datetimes and sets included)."""
    return json.dumps(value, ensure_ascii=False, default=_default, sort_keys=True)


def _default(o):
    if isinstance(o, datetime | date):
        return o.isoformat()
    if hasattr(o, "item"):
        return o.item()
    if isinstance(o, set | frozenset | tuple):
        return sorted(o, key=str)
    return str(o)
