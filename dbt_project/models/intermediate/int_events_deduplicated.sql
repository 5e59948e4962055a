{#
  One row per event that has a cross-channel duplicate: its duplicate group. Two reports are
  the same incident when they come from channels the dedup_channel_rules seed pairs, name
  the same standard address, fall in the same unified category, and were reported within
  that pair's window (a 12345 order forwarded to city management must show as origin
  12345转办 there); each report links to at most one report of each
  other channel, the nearest in time on both sides. Groups are the connected components of those
  links (two rounds of min-label propagation: chains longer than three reports are rare).
  The group id is the earliest report's event key, hashed.
  Incremental: a daily build recomputes only the (address, category) partitions its changed
  events are in or were in (macros/dedup_scope.sql), starting from int_events_dedup_touched.
#}
-- depends_on: {{ ref('int_events_dedup_touched') }}
{{
    config(
        materialized=incremental_where_supported(),
        unique_key='event_key',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        pre_hook="{{ delete_dedup_partitions() }}"
    )
}}
with

{% if is_incremental() %}
partitions as {{ materialized_cte() }} (
    {{ dedup_partitions() }}
),
{% endif %}

{%- set previous = dedup_previous_fct_event() if is_incremental() else none %}
events as (
    {%- if previous is not none %}
    -- the recomputed partitions' events: the touched ones as they are now ...
    {%- endif %}
    select
        g.event_key,
        u.source,
        u.channel,
        u.reported_at,
        g.address_code,
        c.category_code
    from (
        select event_key, address_code from {{ ref('int_events_geocoded') }}
        where address_code is not null
        {% if previous is not none %}
        and event_key in ({{ dedup_touched_events() }})
        {% elif is_incremental() %}
        and address_code in (select address_code from partitions)
        {% endif %}
    ) as g
    inner join {{ ref('int_events_unioned') }} as u
        on g.event_key = u.event_key
    inner join {{ ref('int_events_categorised') }} as c
        on g.event_key = c.event_key
    {% if is_incremental() %}
    semi join partitions as p
        on g.address_code = p.address_code
        and c.category_code = p.category_code
    {% endif %}
    {%- if previous is not none %}
    union all
    -- ... and the others as the last build left them in fct_event: nothing about an event that
    -- was neither geocoded nor categorised again has changed since (reading them there spares
    -- joining millions of rows of three tables to find them)
    select f.event_key, f.source, f.channel, f.reported_at, f.address_code, f.category_code
    from {{ previous }} as f
    semi join partitions as p
        on f.address_code = p.address_code
        and f.category_code = p.category_code
    where f.event_key not in ({{ dedup_touched_events() }})
    {%- endif %}
),

rules as (
    -- which channel pairs may carry one incident, within which window (seed dedup_channel_rules)
    select source_a, source_b, window_hours, required_origin_b as required_origin from {{ ref('dedup_channel_rules') }}
    union all
    select source_b, source_a, window_hours, required_origin_b from {{ ref('dedup_channel_rules') }}
),

candidate_links as (
    select
        a.event_key as key_a,
        b.event_key as key_b,
        a.source as source_a,
        b.source as source_b,
        abs({{ time_diff("second", "a.reported_at", "b.reported_at") }}) as gap_seconds
    from events as a
    inner join events as b
        on a.address_code = b.address_code
            and a.category_code = b.category_code
            and a.source <> b.source
            and a.event_key < b.event_key
    inner join rules as r
        on a.source = r.source_a
            and b.source = r.source_b
    where abs({{ time_diff("minute", "a.reported_at", "b.reported_at") }}) <= 60 * r.window_hours
        -- a required origin applies to the city-management side of the pair
        and (
            r.required_origin is null
            or (a.source = 'city_mgmt' and a.channel = r.required_origin)
            or (b.source = 'city_mgmt' and b.channel = r.required_origin)
        )
),

links as (
    -- mutual nearest in time: a report links to at most one report of each other channel
    select
        key_a,
        key_b
    from candidate_links
    qualify
        row_number() over (partition by key_a, source_b order by gap_seconds, key_b) = 1
        and row_number() over (partition by key_b, source_a order by gap_seconds, key_a) = 1
),

edges as (
    select key_a as event_key, key_b as other_key from links
    union all
    select key_b, key_a from links
),

round_1 as (
    select event_key, least(event_key, min(other_key)) as label
    from edges
    group by event_key
),

round_2 as (
    select e.event_key, least(r.label, min(o.label)) as label
    from edges as e
    inner join round_1 as r on e.event_key = r.event_key
    inner join round_1 as o on e.other_key = o.event_key
    group by e.event_key, r.label
),

final as (
    select
        r.event_key,
        'DG' || substr(md5(r.label), 1, 12) as duplicate_group_id,
        count(*) over (partition by r.label) as duplicate_group_size,
        row_number() over (partition by r.label order by ev.reported_at, r.event_key) = 1 as is_primary_report,
        ev.address_code,
        ev.category_code,
        '{{ invocation_id }}' as _invocation_id
    from round_2 as r
    inner join events as ev
        on r.event_key = ev.event_key
)

select * from final
