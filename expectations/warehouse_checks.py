"""Checks on a finished warehouse build, before it is published (`make quality`).

Every section validates a small frame that DuckDB aggregates from the marts — per source,
per KPI row, per duplicate-group size — never the fact table itself, so the cost does not
grow with history (at 10M events each query is one scan inside DuckDB). Where a check
fails, a sample query fetches up to 20 offending events with their lineage (export file and
row number).

Sections (one Great Expectations suite each, `warehouse.<name>`):
    volume       events per source vs the previous build, and the last 30 days' delivery
    freshness    the latest event per source vs now; registry loads vs their refresh cycle
    geocoding    share of events located, and by which method
    grid         where the source gave a grid, share of events located in that grid
    duplicates   duplicate-group sizes
    kpi          KPI rates within 0..1 and counts consistent (closed ≤ due, on time ≤ closed)
    references   events whose handling unit or category is unknown
    lifecycle    events whose steps are out of order
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import great_expectations.expectations as gxe
import pandas as pd

from ingest.rules.masking import mask
from ingest.specs import EVENT_SOURCES

from .checks import Check, critical, warning
from .staging_sql import project_vars, registry_refresh_days, render
from .store import SAMPLE_ROWS, jsonable

# Steps out of time order, over marts.fct_event: the project's one rule (dbt macro steps_out_of_order).
STEPS_OUT_OF_ORDER = render("{{ steps_out_of_order(evaluate=true) }}")

# Hours without a new event after which a source is stale: the project's one threshold (dbt var).
STALE_EVENT_HOURS = int(project_vars()["stale_after_hours"])
# Days after which a registry should have been refreshed: its dbt source's freshness.
STALE_REGISTRY_DAYS = registry_refresh_days()


@dataclass
class Section:
    name: str
    title_zh: str
    frame_sql: str  # → the batch GX validates ({now} is replaced by the check time)
    index: list[str]  # columns that identify a row of the frame
    checks: Callable[[], list[Check]]
    # check code → WHERE clause over marts.fct_event selecting the events behind a failure:
    # counted (quality.results.offending_events) and sampled with lineage (quality.failures)
    offenders: dict[str, str] = field(default_factory=dict)
    keep_measures: bool = True  # store the frame's numbers in quality.measures (not for per-KPI-row frames)


_EVENT_SAMPLE_COLUMNS = """
    source_file, source_row_number as row_number, source, source_id, reported_at,
    grid_code, reported_grid_code, geocode_method, handling_unit_name, org_mapping_status,
    category_code, duplicate_group_id, duplicate_group_size
"""


_IN_OTHER_GRID = (
    "reported_grid_code is not null and grid_code is not null and grid_code <> reported_grid_code"
)


def banded(code: str, zh: str, en: str, column: str, *, warn: dict, crit: dict) -> list[Check]:
    """A measure per row of an aggregate frame with two bands: outside `warn` is a finding,
    outside `crit` blocks the build (e.g. warn below 95%, block below 50%)."""

    def describe(band: dict) -> str:
        lo, hi = band.get("min_value"), band.get("max_value")
        parts = [f"≥ {lo:g}" if lo is not None else "", f"≤ {hi:g}" if hi is not None else ""]
        return "，".join(x for x in parts if x)

    return [
        *warning(code, zh, en, gxe.ExpectColumnValuesToBeBetween(column=column, **warn)),
        *critical(
            f"{code}.critical",
            f"{zh}（严重界限：{describe(crit)}）",
            f"{en} (blocking limit: {describe(crit)})",
            gxe.ExpectColumnValuesToBeBetween(column=column, **crit),
        ),
    ]


def _sources_values(rows: list[tuple]) -> str:
    return ", ".join(
        "(" + ", ".join(f"'{v}'" if isinstance(v, str) else str(v) for v in r) + ")" for r in rows
    )


SECTIONS: list[Section] = [
    Section(
        "volume",
        "数据量：较上次构建与近30天到数",
        f"""
        with now_counts as (
            select source, count(*) as events,
                count(*) filter (where reported_at > (select max(reported_at) from marts.fct_event) - interval 30 day)
                    as events_last_30d
            from marts.fct_event group by source
        ),
        windows as (
            select source, floor(date_diff('day', reported_at,
                (select max(reported_at) from marts.fct_event)) / 30) as window_no, count(*) as n
            from marts.fct_event group by all
        ),
        baseline as (
            select source, median(n) as events_per_30d_baseline
            from windows where window_no between 1 and 6 group by source
        ),
        previous as (
            select source, events as events_previous_build
            from lake.quality.build_profiles
            where run_id = (select run_id from lake.quality.build_profiles order by built_at desc limit 1)
        )
        select s.source, coalesce(c.events, 0) as events, p.events_previous_build,
            coalesce(c.events, 0) / nullif(p.events_previous_build, 0) as ratio_to_previous_build,
            coalesce(c.events_last_30d, 0) as events_last_30d, b.events_per_30d_baseline,
            coalesce(c.events_last_30d, 0) / nullif(b.events_per_30d_baseline, 0) as delivery_ratio
        from (values {_sources_values([(s,) for s in EVENT_SOURCES])}) s(source)
        left join now_counts c using (source)
        left join previous p using (source)
        left join baseline b using (source)
        """,
        ["source"],
        lambda: [
            # a district may not have (or not yet deliver) every system: a source without events is a
            # finding; events a previous build had and this one lost are critical (history_kept)
            *warning(
                "warehouse.volume.events_present",
                "每个事件来源都有数据（没有的来源只提示）",
                "every event source has events (a source without any is a finding)",
                gxe.ExpectColumnValuesToBeBetween(column="events", min_value=1),
            ),
            *banded(
                "warehouse.volume.history_kept",
                "事件总量不少于上次构建（历史数据未丢失）",
                "no fewer events than the previous build (history kept)",
                "ratio_to_previous_build",
                warn={"min_value": 1.0},
                crit={"min_value": 0.8},
            ),
            *warning(
                "warehouse.volume.delivery",
                "近30天到数不低于此前中位数的20%（骤降80%即为问题）",
                "the last 30 days deliver at least 20% of the usual 30 days (an 80% drop is a finding)",
                gxe.ExpectColumnValuesToBeBetween(column="delivery_ratio", min_value=0.2),
            ),
        ],
    ),
    Section(
        "freshness",
        "时效：各来源最新数据距今",
        f"""
        select source, 'events' as kind, current_through_at as latest_at,
            date_diff('minute', current_through_at, {{now}}) / 60.0 as age_hours,
            stale_after_hours * 1.0 as limit_hours
        from marts.rpt_steward_source_freshness
        union all
        select source, 'registry' as kind, max(loaded_at) as latest_at,
            date_diff('minute', max(loaded_at), {{now}}) / 60.0 as age_hours,
            limit_days * 24.0 as limit_hours
        from lake.raw._loads
        join (values {_sources_values(list(STALE_REGISTRY_DAYS.items()))}) r(source, limit_days) using (source)
        where status = 'loaded'
        group by source, limit_days
        """,
        ["source"],
        lambda: warning(
            "warehouse.freshness.within_limit",
            f"数据时效：事件 {STALE_EVENT_HOURS} 小时内有更新，基础库按更新周期刷新",
            f"fresh: events within {STALE_EVENT_HOURS} h, registries within their refresh cycle",
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="limit_hours", column_B="age_hours", or_equal=True
            ),
        ),
    ),
    Section(
        "geocoding",
        "定位：各来源事件的定位方式",
        """
        select source, count(*) as events,
            count(*) filter (where geocode_method = 'address_exact') / count(*) as share_address_exact,
            count(*) filter (where geocode_method = 'address_fuzzy') / count(*) as share_address_fuzzy,
            count(*) filter (where geocode_method in ('estate', 'address_nearby')) / count(*) as share_area,
            count(*) filter (where geocode_method = 'coordinates') / count(*) as share_coordinates,
            count(*) filter (where geocode_method = 'reported_grid') / count(*) as share_reported_grid,
            count(*) filter (where geocode_method = 'unlocated') / count(*) as share_unlocated,
            count(*) filter (where is_point_outside_district) as points_outside_district
        from marts.fct_event
        -- petitions name a street, not an address: they are placed by street, not by grid
        where source <> 'petition'
        group by source
        """,
        ["source"],
        lambda: [
            # A warning only: weak geocoding never stops publishing. Unlocated events still count in
            # district totals and are listed on the steward's address page (rpt_steward_address_review).
            *warning(
                "warehouse.geocoding.located",
                "事件已定位到网格（未定位占比 ≤ 5%，超出只提示，不阻止发布）",
                "events located to a grid (at most 5% unlocated; a finding, never a stop)",
                gxe.ExpectColumnValuesToBeBetween(column="share_unlocated", max_value=0.05),
            ),
            *warning(
                "warehouse.geocoding.points_inside",
                "上报坐标在辖区内",
                "reported points inside the district",
                gxe.ExpectColumnValuesToBeBetween(column="points_outside_district", max_value=0),
            ),
        ],
        {
            "warehouse.geocoding.located": "geocode_method = 'unlocated' and source <> 'petition'",
            "warehouse.geocoding.points_inside": ("is_point_outside_district"),
        },
    ),
    Section(
        "grid",
        "网格：来源填报的网格与定位网格一致",
        """
        select source, count(*) as events_with_reported_grid,
            count(*) filter (where grid_code = reported_grid_code) as in_reported_grid,
            count(*) filter (where grid_code is not null and grid_code <> reported_grid_code) as in_other_grid,
            count(*) filter (where grid_code = reported_grid_code) / count(*) as share_in_reported_grid,
            count(*) filter (where not is_reported_grid_valid) as reported_grid_unknown
        from marts.fct_event
        where reported_grid_code is not null
        group by source
        """,
        ["source"],
        lambda: [
            *banded(
                "warehouse.grid.agrees",
                "定位网格与来源填报网格一致（≥ 95%）",
                "located grid equals the grid the source gave (at least 95%)",
                "share_in_reported_grid",
                warn={"min_value": 0.95},
                crit={"min_value": 0.5},
            ),
            *warning(
                "warehouse.grid.matches_reported",
                "每个事件的定位网格与来源填报网格一致（逐条核对）",
                "every event lies in the grid its source gave (event by event)",
                gxe.ExpectColumnValuesToBeBetween(column="in_other_grid", max_value=0),
            ),
            *warning(
                "warehouse.grid.known",
                "来源填报的网格编码存在于网格库",
                "the grid code the source gave exists in the grid registry",
                gxe.ExpectColumnValuesToBeBetween(column="reported_grid_unknown", max_value=0),
            ),
        ],
        {
            "warehouse.grid.agrees": _IN_OTHER_GRID,
            "warehouse.grid.matches_reported": _IN_OTHER_GRID,
            "warehouse.grid.known": ("reported_grid_code is not null and not is_reported_grid_valid"),
        },
    ),
    Section(
        "duplicates",
        "重复：跨渠道重复事件组的规模",
        """
        select duplicate_group_size as group_size, count(distinct duplicate_group_id) as groups,
            count(distinct source) as sources_involved
        from marts.fct_event
        where duplicate_group_size > 1
        group by duplicate_group_size
        """,
        ["group_size"],
        lambda: warning(
            "warehouse.duplicates.group_size",
            "一个重复组最多 4 条（四个渠道各一条）",
            "a duplicate group has at most 4 reports (one per channel)",
            gxe.ExpectColumnValuesToBeBetween(column="group_size", min_value=2, max_value=len(EVENT_SOURCES)),
        ),
        {
            "warehouse.duplicates.group_size": (f"duplicate_group_size > {len(EVENT_SOURCES)}"),
        },
    ),
    Section(
        "kpi",
        "指标：比率在 0 到 1 之间，计数自洽",
        """
        select 'area' as kpi_table, period_type, period_start, area_level || ':' || area_code as subject,
            due_count, closed_of_due_count, closed_on_time_of_due_count, closed_count, registered_count,
            closure_rate, on_time_closure_rate, satisfaction_rate, handling_rate, response_rate
        from marts.rpt_kpi_area
        -- the periods this build counted (all of them in a full build; a daily build recounts
        -- only the periods its new data touched, the others were checked when they were counted)
        where _invocation_id = (select build_id from marts.rpt_build_info)
        union all
        select 'department', period_type, period_start, org_code,
            due_count, closed_of_due_count, closed_on_time_of_due_count, closed_count, registered_count,
            closure_rate, on_time_closure_rate, satisfaction_rate, handling_rate, response_rate
        from marts.rpt_kpi_department
        where _invocation_id = (select build_id from marts.rpt_build_info)
        """,
        ["kpi_table", "period_type", "period_start", "subject"],
        lambda: [
            *[
                c
                for rate in (
                    "closure_rate",
                    "on_time_closure_rate",
                    "satisfaction_rate",
                    "handling_rate",
                    "response_rate",
                )
                for c in critical(
                    f"warehouse.kpi.{rate}.between_0_1",
                    f"指标 {rate} 在 0 到 1 之间",
                    f"{rate} between 0 and 1",
                    gxe.ExpectColumnValuesToBeBetween(column=rate, min_value=0, max_value=1),
                )
            ],
            *critical(
                "warehouse.kpi.closed_not_above_due",
                "到期办结数不超过到期数",
                "closed-of-due ≤ due",
                gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                    column_A="due_count", column_B="closed_of_due_count", or_equal=True
                ),
            ),
            *critical(
                "warehouse.kpi.on_time_not_above_closed",
                "按期办结数不超过到期办结数",
                "closed-on-time ≤ closed-of-due",
                gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                    column_A="closed_of_due_count", column_B="closed_on_time_of_due_count", or_equal=True
                ),
            ),
        ],
        keep_measures=False,
    ),
    Section(
        "references",
        "关联：处置单位与事件分类可识别",
        """
        select source, count(*) as events,
            count(*) filter (where handling_unit_name is not null) as events_with_unit,
            count(*) filter (where handling_unit_name is not null and handling_org_code is null) as unit_unknown,
            coalesce(count(*) filter (where handling_unit_name is not null and handling_org_code is null)
                / nullif(count(*) filter (where handling_unit_name is not null), 0), 0) as share_unit_unknown,
            count(*) filter (where category_code is null) / count(*) as share_category_unknown
        from marts.fct_event group by source
        """,
        ["source"],
        lambda: [
            *banded(
                "warehouse.references.unit_known",
                "处置单位能对应到单位库（未识别 ≤ 2%）",
                "handling unit found in the org registry (at most 2% unknown)",
                "share_unit_unknown",
                warn={"max_value": 0.02},
                crit={"max_value": 0.2},
            ),
            *warning(
                "warehouse.references.category_known",
                "事件分类能对应到统一分类（未识别 ≤ 2%）",
                "category mapped to the unified taxonomy (at most 2% unknown)",
                gxe.ExpectColumnValuesToBeBetween(column="share_category_unknown", max_value=0.02),
            ),
        ],
        {
            "warehouse.references.unit_known": (
                "handling_unit_name is not null and handling_org_code is null"
            ),
            "warehouse.references.category_known": ("category_code is null"),
        },
    ),
    Section(
        "lifecycle",
        "流程：六步流程时间顺序",
        f"""
        with per_source as (
            select source, count(*) as events,
                count(*) filter (where {STEPS_OUT_OF_ORDER}) as events_out_of_order
            from marts.fct_event group by source
        )
        select s.source, coalesce(p.events, 0) as events,
            coalesce(p.events_out_of_order, 0) as events_out_of_order
        from (values {_sources_values([(s,) for s in EVENT_SOURCES])}) s(source)
        left join per_source p on p.source = s.source
        """,
        ["source"],
        lambda: warning(
            "warehouse.lifecycle.order",
            "流程步骤时间不倒序",
            "lifecycle steps are in time order",
            gxe.ExpectColumnValuesToBeBetween(column="events_out_of_order", max_value=0),
        ),
        {
            "warehouse.lifecycle.order": STEPS_OUT_OF_ORDER,
        },
    ),
]


def measures(run_id: str, section: Section, frame) -> list[dict]:
    """The frame's numeric cells, one row per subject and measure."""
    if not section.keep_measures:
        return []
    numeric = [c for c in frame.columns if c not in section.index and frame[c].dtype.kind in "iuf"]
    out = []
    for _, row in frame.iterrows():
        subject = "|".join(str(row[c]) for c in section.index)
        for c in numeric:
            v = row[c]
            out.append(
                {
                    "run_id": run_id,
                    "section": section.name,
                    "subject": subject,
                    "measure": c,
                    "value": None if pd.isna(v) else float(v),
                }  # fmt: skip
            )
    return out


def offending_events(con, where: str) -> int:
    return con.execute(f"select count(*) from marts.fct_event where {where}").fetchone()[0]


def sample_rows(con, run_id: str, check: Check, where: str) -> list[dict]:
    """Offending events of a failed warehouse check, with lineage; personal columns masked. A top-N,
    which DuckDB reads whole for its 20 rows only (the count is offending_events, a separate scan of
    one or two columns: a count over a window here would carry every column of every offending row)."""
    cur = con.execute(
        f"select {_EVENT_SAMPLE_COLUMNS} from marts.fct_event where {where} "
        f"order by reported_at desc, source_id limit {SAMPLE_ROWS}"
    )
    names = [d[0] for d in cur.description]
    out = []
    for row in cur.fetchall():
        rec = dict(zip(names, row, strict=True))
        out.append(
            {
                "run_id": run_id,
                "check_code": check.code,
                "source_file": rec.pop("source_file", None),
                "row_number": rec.pop("row_number", None),
                "column_name": check.column,
                "value": None,
                "record": jsonable({k: mask(k, v) for k, v in rec.items() if v is not None}),
            }
        )
    return out


def now_sql(now: datetime) -> str:
    return f"timestamp '{now:%Y-%m-%d %H:%M:%S}'"
