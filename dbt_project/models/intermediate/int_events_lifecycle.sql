{{
    config(
        materialized=incremental_where_supported(),
        unique_key='event_key',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        post_hook="{{ move_as_of() }}"
    )
}}
{#
  One row per event: its six-step timeline (docs/domain.md §2), deadline and outcome flags.
  Deadline: the one the export states (extensions included) when it states one, else the
  SLA seed (source × category × request type × urgency, most specific rule wins; in hours,
  calendar days or working days on the official calendar, docs/domain.md §3; a source with an
  acceptance step of its own — petitions, 15 days to accept, 60 days to handle after acceptance — counts
  as its file's [deadlines] say, macro acceptance_terms_json). A deadline written without a time of day, or
  counted in days, lasts to the end of that day. "Now" for open events is var('as_of') or, by default, the
  latest timestamp in the data, so a rebuild of the same files gives the same flags.
  Incremental: a build recomputes the events that changed and the open events whose overdue
  flag flips at this build's "now" ("now" is taken over all events; a post-hook moves it on the
  rows kept as they were). Each rewritten row remembers the days its previous version counted
  on (`_replaced_days`: reported, due, closed), so the daily KPI counts can recount those days.
  No pre-hook delete here: every event of int_events_unioned has exactly one row, replaced by key.
#}
{%- set acceptance = fromjson(acceptance_terms_json()) -%}
{%- set direct_sources = "'" ~ (fromjson(direct_closure_sources_json()) + ['']) | join("', '") ~ "'" -%}
with

{#- A step written as a date only (2024年3月5日, 20240305) is known to the day: it is taken as
    no earlier than the previous step, so day precision never reverses the timeline. -#}
{% set clamped_steps %}
{{ _day_precision_clamp('dispatched_at', 'reported_at') }} as dispatched_at,
    {{ _day_precision_clamp('handled_at', 'greatest(reported_at, coalesce(dispatched_at, reported_at))') }} as handled_at,
    {{ _day_precision_clamp('verified_at', 'greatest(reported_at, coalesce(dispatched_at, reported_at), coalesce(handled_at, reported_at))') }} as verified_at,
    {{ _day_precision_clamp('closed_at', 'greatest(reported_at, coalesce(dispatched_at, reported_at), coalesce(handled_at, reported_at), coalesce(verified_at, reported_at))') }} as closed_at
{% endset %}

as_of as {{ materialized_cte() }} (
    -- over every event, from the step columns only (a daily build rewrites few events)
    select
    {% if var('as_of') %}
        cast('{{ var("as_of") }}' as timestamp) as as_of_at
        {% else %}
        max(greatest(reported_at, coalesce(closed_at, reported_at), coalesce(dispatched_at, reported_at)))
            as as_of_at
    from (
        select reported_at, {{ clamped_steps }}
        from (
            select reported_at, dispatched_at, handled_at, verified_at, closed_at from {{ ref('int_events_unioned') }}
            )
        )
    {% endif %}
),

events as (
    select
        {{ star_except(['_invocation_id', 'dispatched_at', 'handled_at', 'verified_at', 'closed_at']) }},
        {{ clamped_steps }}
    from {{ ref('int_events_unioned') }}
    {% if is_incremental() %}
    {%- set changed = changed_filter() %}
    where {{ changed }}
    union all
    -- open events whose overdue flag flips at this build's "now"
    {%- set flips %}
        not ({{ changed }})
        and event_key in (
            select event_key from {{ this }}
            where lifecycle_state = 'open'
                and is_overdue_open is distinct from (deadline_at < (select as_of_at from as_of))
        )
    {%- endset %}
    select
        {{ star_except(['_invocation_id', 'dispatched_at', 'handled_at', 'verified_at', 'closed_at']) }},
        {{ clamped_steps }}
    from ({{ fetch_rows(ref('int_events_unioned'), flips) }})
    {% endif %}
),

replaced as (
    -- the days the previous version of each rewritten event counted on
    {% if is_incremental() %}
    select
        event_key,
        list_distinct([
            cast(reported_at as date), cast(deadline_at as date), cast(closed_at as date)
        ]) as _replaced_days
    from {{ this }}
    where event_key in (select event_key from events)
    {% else %}
        select cast(null as string) as event_key, cast(null as {{ list_of('date') }}) as _replaced_days
        where false
    {% endif %}
),

categories as (
    {% if is_incremental() %}
    {{ fetch_rows(ref('int_events_categorised'), 'event_key in (select event_key from events)') }}
    {% else %}
        select * from {{ ref('int_events_categorised') }}
    {% endif %}
),

sla_rules as (
    select * from {{ ref('sla_rules') }}
),

status_map as (
    select * from {{ ref('status_map') }}
),

satisfaction_scale as (
    select * from {{ ref('satisfaction_scale') }}
),


categorised as (
    select
        e.*,
        c.category_code
    from events as e
    left join categories as c
        on e.event_key = c.event_key
),

-- the most specific SLA rule, looked up once per source × category × request type × urgency (a few
-- hundred combinations) rather than once per event: a matching urgency weighs most, then category,
-- then request type (seed sla_rules)
sla_keys as (
    select distinct source, category_code, request_type, urgency from categorised
),

sla_ranked as (
    select
        k.source,
        k.category_code,
        k.request_type,
        k.urgency,
        r.deadline as sla_deadline_value,
        r.unit as sla_deadline_unit,
        row_number() over (
            partition by k.source, k.category_code, k.request_type, k.urgency
            order by
                case when r.urgency <> '*' then 4 else 0 end
                + case when r.category_code <> '*' then 2 else 0 end
                + case when r.request_type <> '*' then 1 else 0 end desc
        ) as specificity_rank
    from sla_keys as k
    inner join sla_rules as r
        on k.source = r.source
            and (k.category_code = r.category_code or r.category_code = '*')
            and (k.request_type = r.request_type or r.request_type = '*')
            and (k.urgency = r.urgency or r.urgency = '*')
),

with_sla as (
    select
        e.*,
        l.sla_deadline_value,
        l.sla_deadline_unit
    from categorised as e
    left join sla_ranked as l
        on e.source = l.source
            and e.category_code is not distinct from l.category_code
            and e.request_type is not distinct from l.request_type
            and e.urgency is not distinct from l.urgency
            and l.specificity_rank = 1
),

calendar as (
    select * from {{ ref('int_work_calendar_days') }}
),

-- "N working days from the day after receipt": the working day numbered N after the day of receipt,
-- looked up once per receipt day × N
working_day_due as (
    select
        k.received_on,
        k.days,
        due.day as due_on,
        due.is_covered
    from (
        select distinct
            cast(reported_at as date) as received_on,
            sla_deadline_value as days
        from with_sla
        where sla_deadline_unit = 'working_days'
    ) as k
    inner join calendar as c
        on k.received_on = c.day
    inner join calendar as due
        on due.workday_number = c.workday_number + k.days
            and due.is_workday
),

deadlines as (
    select
        s.*,
        case
            {%- for source, terms in acceptance.items() %}
                -- {{ source }}: until accepted, the acceptance deadline; once accepted, the handling deadline
                when s.source = '{{ source }}' and s.accepted_on is not null
                    then cast(s.accepted_on as timestamp)
                        + {{ interval_of(terms.handling_days_from_acceptance, 'days') }}
                when s.source = '{{ source }}'
                    then s.reported_at + {{ interval_of(terms.acceptance_days, 'days') }}
            {%- endfor %}
            -- day-counted limits last to the end of their last day
            when s.sla_deadline_unit = 'working_days'
                then cast(w.due_on as timestamp) + interval 1 day - interval 1 second
            when s.sla_deadline_unit = 'calendar_days'
                then cast(cast(s.reported_at as date) as timestamp)
                    + {{ interval_of("cast(s.sla_deadline_value as integer) + 1", 'days') }} - interval 1 second
            else s.reported_at + {{ interval_of("cast(s.sla_deadline_value as integer)", 'hours') }}
        end as sla_deadline_at,
        s.sla_deadline_unit = 'working_days' and not coalesce(w.is_covered, false) as is_deadline_past_calendar,
        case
            when s.source_deadline_at is null then null
            when s.source_deadline_at = cast(cast(s.source_deadline_at as date) as timestamp)
                then s.source_deadline_at + interval 1 day - interval 1 second
            else s.source_deadline_at
        end as stated_deadline_at,
        {% if acceptance -%}
            case
                {%- for source, terms in acceptance.items() %}
                    when s.source = '{{ source }}' then s.reported_at + {{ interval_of(terms.acceptance_days, 'days') }}
                {%- endfor %}
            end
        {%- else -%}
            cast(null as timestamp)
        {%- endif %} as acceptance_deadline_at
    from with_sla as s
    left join working_day_due as w
        on s.sla_deadline_unit = 'working_days'
            and cast(s.reported_at as date) = w.received_on
            and s.sla_deadline_value = w.days
),

final as (
    select
        d.event_key,
        d.source,
        d.category_code,
        d.urgency,
        d.reported_at,
        d.dispatched_at,
        d.handled_at,
        d.verified_at,
        d.closed_at,
        d.evaluated_at,
        d.sla_deadline_at,
        case when d.acceptance_deadline_at is null then d.sla_deadline_value end as sla_deadline_value,
        case when d.acceptance_deadline_at is null then d.sla_deadline_unit end as sla_deadline_unit,
        d.is_deadline_past_calendar,
        coalesce(
            d.stated_deadline_at,
            d.reported_at + {{ interval_of("d.source_time_limit_hours", 'hours') }},
            d.sla_deadline_at
        ) as deadline_at,
        d.acceptance_deadline_at,
        coalesce(
            sm.lifecycle_state,
            case when d.closed_at is not null then 'closed' else 'open' end
        ) as lifecycle_state,
        d.status,
        coalesce(
            d.status = '延期中'
            -- a deadline later than the SLA's is an extension (compared by day when written without a time)
            or (
                d.source = 'hotline_12345'
                and d.source_deadline_at <> cast(cast(d.source_deadline_at as date) as timestamp)
                and d.source_deadline_at > d.sla_deadline_at + interval 1 hour
            )
            or (
                d.source = 'hotline_12345'
                and d.source_deadline_at = cast(cast(d.source_deadline_at as date) as timestamp)
                and cast(d.source_deadline_at as date) > cast(d.sla_deadline_at as date)
            )
            or (d.acceptance_deadline_at is not null and d.stated_deadline_at > d.sla_deadline_at + interval 1 day),
            false
        ) as is_extended,
        coalesce(d.status = '已退回', false) as is_returned,
        coalesce(d.is_reviewed, false) as is_reopened,
        d.rework_count,
        ss.satisfaction_weight,
        coalesce(ss.is_revisited, false) as is_revisited,
        d.satisfaction,
        d.resolution = '已解决' as is_resolved,
        a.as_of_at
    from deadlines as d
    cross join as_of as a
    left join status_map as sm
        on d.source = sm.source
            and d.status = sm.status
    left join satisfaction_scale as ss
        on d.satisfaction = ss.satisfaction
),

direct as (
    -- Direct closure (直办, 即时办结): closed at or before its dispatch, or never dispatched — the
    -- hotline answered on the phone — for the sources whose file says such a closure is one
    -- (direct_closure, rendered from the files by macro direct_closure_sources_json). A lifecycle path
    -- of its own (docs/domain.md §2): handling level "direct", on time by definition, responded in
    -- time, and its dispatch (recorded after the close, if at all) is not a step out of order.
    select
        *,
        source in ({{ direct_sources }})
        and lifecycle_state = 'closed' and closed_at is not null
        -- no handling step of its own (a hotline export's close is its handling: the same time)
        and (handled_at is null or handled_at = closed_at) and verified_at is null
        and (dispatched_at is null or closed_at <= dispatched_at) as is_direct_closure
    from final
),

flagged as (
    select
        *,
        lifecycle_state = 'cancelled' as is_cancelled,
        lifecycle_state = 'closed' and closed_at is not null as is_closed,
        lifecycle_state = 'closed' and closed_at is not null and (is_direct_closure or closed_at <= deadline_at)
            as is_closed_on_time,
        lifecycle_state = 'closed' and closed_at is not null and not is_direct_closure and closed_at > deadline_at
            as is_overdue_closed,
        lifecycle_state = 'open' and deadline_at < as_of_at as is_overdue_open,
        handled_at is not null as is_handled,
        handled_at is not null and handled_at <= deadline_at as is_handled_on_time,
        rework_count > 0 as is_reworked,
        case
            when source = 'hotline_12345'
                then is_direct_closure or dispatched_at is not null
                    and dispatched_at
                    {%- set response_hours = kpi_parameter('hotline_response_hours') %}
                    {%- set response_minutes = "cast(60 * " ~ response_hours ~ " as integer)" %}
                    <= reported_at + {{ interval_of(response_minutes, 'minutes') }}
        end as is_responded_in_time,
        case
            when acceptance_deadline_at is not null
                then dispatched_at is not null and dispatched_at <= acceptance_deadline_at
        end as is_accepted_in_time,
        case
            when lifecycle_state = 'closed' and closed_at is not null
                then cast({{ time_diff("minute", "reported_at", "closed_at") }} as double) / 60
        end as hours_to_close
    from direct
)

select
    f.*,
    r._replaced_days,
    {{ event_stamps() }}
from flagged as f
left join replaced as r
    on f.event_key = r.event_key
