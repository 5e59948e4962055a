{{
    config(
        materialized=incremental_where_supported(),
        unique_key='event_key',
        incremental_strategy='delete+insert',
        on_schema_change='fail'
    )
}}
{#
  The event sources in one shape (one branch per source of ingest/sources/ whose kind is event). A re-export repeats orders that an earlier export
  already held (a partial month, then the full month): the most progressed version of each
  event is kept (closed before open, more recorded steps first, then the latest load), and
  `version_count` says how many raw rows described it.
  Incremental: a build reads only the raw rows loaded since the last one (macro new_raw_rows),
  ranks them together with the version already held for the same event, and stamps what it
  writes with `_batch_loaded_at`, the watermark the per-event models downstream follow.
#}
with

hotline as (
    {{ new_raw_rows(ref('stg_hotline_12345__work_orders')) }}
),

city as (
    {{ new_raw_rows(ref('stg_city_mgmt__cases')) }}
),

petitions as (
    {{ new_raw_rows(ref('stg_petition__petitions')) }}
),

grid_reports as (
    {{ new_raw_rows(ref('stg_grid_report__reports')) }}
),

grid_report_steps as (
    -- the steps that name a handler or a time below, each time parsed once
    select
        steps._load_id,
        steps._row_number,
        steps.s.step,
        steps.s.org,
        {{ parse_cst_timestamp("steps.s.at") }} as step_at
    from (
        select
            _load_id,
            _row_number,
            {{ json_records('steps_json', ['step', 'at', 'org']) }} as s
        from grid_reports
    ) as steps
    where steps.s.step in ('派遣', '受理', '处置', '核查', '评价')
),

grid_report_handlers as (
    -- the unit that handled a grid report: the org of its 处置 step, else of its 派遣 step
    select
        _load_id,
        _row_number,
        max(case when step = '处置' then org end) as handling_org,
        max(case when step = '派遣' then org end) as dispatch_org,
        max(case when step = '核查' then step_at end) as verified_at,
        max(case when step = '处置' then step_at end) as handled_at,
        max(case when step in ('派遣', '受理') then step_at end) as dispatched_at,
        max(case when step = '评价' then step_at end) as evaluated_at
    from grid_report_steps
    group by all
),

unioned as (
    select
        'hotline_12345' as source,
        work_order_no as source_id,
        accepted_at as reported_at,
        dispatched_at,
        closed_at as handled_at,
        cast(null as timestamp) as verified_at,
        closed_at,
        cast(null as timestamp) as evaluated_at,
        deadline_at as source_deadline_at,
        cast(null as integer) as source_time_limit_hours,
        status,
        category_path as source_category,
        request_type,
        urgency,
        channel,
        address_text,
        content as description,
        handling_unit_name,
        cast(null as string) as reported_grid_code,
        false as is_grid_code_damaged,
        cast(null as string) as reported_street_name,
        cast(null as string) as reported_community_name,
        cast(null as double) as source_lng,
        cast(null as double) as source_lat,
        cast(null as string) as coord_system,
        cast(null as string) as reported_handle_level,
        0 as rework_count,
        satisfaction,
        resolution,
        cast(null as date) as accepted_on,
        cast(null as string) as petition_form,
        cast(null as string) as petition_purpose,
        cast(null as integer) as people_count,
        cast(null as boolean) as is_collective,
        cast(null as boolean) as is_repeat,
        cast(null as string) as original_petition_no,
        cast(null as boolean) as is_reviewed,
        type_error_fields,
        _load_id,
        _source_file,
        _row_number,
        _loaded_at
    from hotline

    union all

    select
        'city_mgmt',
        case_no,
        reported_at,
        dispatched_at,
        handled_at,
        verified_at,
        closed_at,
        null,
        null,
        time_limit_hours,
        status,
        case_type || '>' || major_class || '>' || minor_class,
        case_type,
        null,
        origin,
        address_text,
        description,
        handling_unit_name,
        reported_grid_code,
        is_grid_code_damaged,
        street_name,
        community_name,
        source_lng,
        source_lat,
        coord_system,
        null,
        coalesce(rework_count, 0),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        type_error_fields,
        _load_id,
        _source_file,
        _row_number,
        _loaded_at
    from city

    union all

    select
        'grid_report',
        g.report_id,
        g.reported_at,
        h.dispatched_at,
        h.handled_at,
        h.verified_at,
        g.closed_at,
        h.evaluated_at,
        null,
        null,
        g.status,
        g.category,
        null,
        null,
        '网格员上报',
        g.address_text,
        g.description,
        coalesce(h.handling_org, h.dispatch_org),
        g.reported_grid_code,
        g.is_grid_code_damaged,
        null,
        null,
        g.source_lng,
        g.source_lat,
        g.coord_system,
        g.handle_level,
        0,
        g.evaluation,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        g.type_error_fields,
        g._load_id,
        g._source_file,
        g._row_number,
        g._loaded_at
    from grid_reports as g
    left join grid_report_handlers as h
        on g._load_id = h._load_id
            and g._row_number = h._row_number

    union all

    select
        'petition',
        petition_no,
        cast(registered_on as timestamp),
        cast(accepted_on as timestamp),
        cast(closed_on as timestamp),
        null,
        cast(closed_on as timestamp),
        null,
        cast(due_on as timestamp),
        null,
        case when closed_on is not null then '已办结' when accepted_on is not null then '办理中' else '待受理' end,
        category,
        purpose,
        null,
        form,
        -- petitions carry no address field: the place is named inside the summary
        coalesce(
            nullif(regexp_extract(summary, '(?:现住|住)([^）)]+)[）)]', 1), ''),
            nullif(regexp_extract(summary, '反映(.+?)(?:老旧小区|附近|周边)', 1), '')
        ),
        summary,
        handling_unit_name,
        null,
        false,
        street_name,
        null,
        null,
        null,
        null,
        null,
        0,
        satisfaction,
        null,
        accepted_on,
        form,
        purpose,
        people_count,
        coalesce(is_collective, people_count >= 5),
        is_repeat,
        original_petition_no,
        is_reviewed,
        type_error_fields,
        _load_id,
        _source_file,
        _row_number,
        _loaded_at
    from petitions

    {%- for declared in declared_event_sources() %}

        union all

        -- {{ declared }}: its branch from its file's [event] table (macro event_branch_from_file)
        {{ event_branch_from_file(declared) }}
    {%- endfor %}
),

timed as (
    -- an event is placed in time by its report; when that time is missing or could not be read (the
    -- gate names the row), by its earliest recorded later step. A row with no time at all cannot be
    -- an event in time: it stays in the raw layer and the gate's findings, and is left out here.
    select
        {{ star_except(['reported_at']) }},
        coalesce(reported_at, least(dispatched_at, handled_at, verified_at, closed_at)) as reported_at,
        reported_at is null as is_reported_at_inferred
    from unioned
    where coalesce(reported_at, dispatched_at, handled_at, verified_at, closed_at) is not null
),

candidates as (
    select *, 1 as _versions from timed
    {% if is_incremental() %}
    union all by name
    -- the version already held for an event that got new raw rows competes with them
    select * exclude (event_key, version_count, _batch_loaded_at, _invocation_id), version_count as _versions
    from ({{ fetch_rows(this, "event_key in (select source || ':' || source_id from unioned)") }})
    {% endif %}
),

ranked as (
    select
        {{ star_except(['_versions']) }},
        cast(sum(_versions) over (partition by source, source_id) as bigint) as version_count,
        row_number() over (
            partition by source, source_id
            order by
                closed_at is not null desc,
                (dispatched_at is not null)::int + (handled_at is not null)::int
                + (verified_at is not null)::int desc,
                _loaded_at desc,
                _load_id desc
        ) as version_rank
    from candidates
    where source_id is not null
),

final as (
    select
        source || ':' || source_id as event_key,
        {{ star_except(['version_rank']) }},
        -- the newest raw row read in this build, even if every new row lost to a held version
        (select max(_loaded_at) from unioned) as _batch_loaded_at,
        '{{ invocation_id }}' as _invocation_id
    from ranked
    where version_rank = 1
)

select * from final
