{{
    config(
        materialized=incremental_where_supported(),
        unique_key='event_key',
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
        post_hook="{{ move_as_of() }}"
    )
}}
{#
  One row per event report (a work order, a case, a petition or a grid report), deduplicated
  across re-exports of the same file. Incremental: a run rewrites only the events a model
  upstream rewrote in this build (`changed`); a post-hook moves "now" (as_of_at) on the rows
  kept.
#}
with

{% if is_incremental() %}
changed as {{ materialized_cte() }} (
    -- every event a per-event model rewrote in this build: new or changed raw rows, open events
    -- whose overdue flag flipped (lifecycle), events re-geocoded or re-mapped after a registry load
    {% for model in ['int_events_lifecycle', 'int_events_geocoded', 'int_events_org_mapped', 'int_events_categorised'] %}
    select event_key from {{ ref(model) }} where _invocation_id = '{{ invocation_id }}'
    union
    {% endfor %}
    -- and the events whose duplicate group changed: joined, left or moved
    select coalesce(d.event_key, f.event_key)
    from (select * from {{ this }} where duplicate_group_id is not null) as f
    full join {{ ref('int_events_deduplicated') }} as d
        on f.event_key = d.event_key
    where (f.duplicate_group_id, f.duplicate_group_size, f.is_primary_report)
        is distinct from (d.duplicate_group_id, d.duplicate_group_size, d.is_primary_report)
),
{% endif %}

{# each input narrowed to the changed events first: a daily build reads thousands of rows, not millions #}
{% for name, model in [
    ('events', 'int_events_unioned'),
    ('lifecycle', 'int_events_lifecycle'),
    ('geocoded', 'int_events_geocoded'),
    ('orgs', 'int_events_org_mapped'),
    ('categories', 'int_events_categorised'),
    ('duplicates', 'int_events_deduplicated'),
] %}
    {{ name }} as (
        {% if is_incremental() %}
    {{ fetch_rows(ref(model), 'event_key in (select event_key from changed)') }}
    {% else %}
            select * from {{ ref(model) }}
        {% endif %}
    ),
{% endfor %}

taxonomy as (
    select * from {{ ref('event_taxonomy') }}
),

final as (
    select
        e.event_key,
        e.source,
        e.source_id,
        c.category_code,
        t.category_name_zh,
        t.category_group_zh,
        t.handling_channel,
        c.source_category,
        c.category_method,
        e.request_type,
        e.urgency,
        e.channel,
        l.reported_at,
        cast(l.reported_at as date) as reported_on,
        l.dispatched_at,
        l.handled_at,
        l.verified_at,
        l.closed_at,
        l.evaluated_at,
        l.sla_deadline_at,
        l.sla_deadline_value,
        l.sla_deadline_unit,
        l.deadline_at,
        l.acceptance_deadline_at,
        cast(l.deadline_at as date) as due_on,
        l.status,
        l.lifecycle_state,
        l.is_cancelled,
        l.is_closed,
        l.is_closed_on_time,
        l.is_overdue_closed,
        l.is_direct_closure,
        l.is_overdue_open,
        l.is_handled,
        l.is_handled_on_time,
        l.is_extended,
        l.is_extended::int as extension_count,
        l.is_returned,
        l.is_reopened,
        l.rework_count,
        l.is_reworked,
        l.is_responded_in_time,
        l.is_accepted_in_time,
        l.hours_to_close,
        l.satisfaction,
        l.satisfaction_weight,
        l.is_revisited,
        l.is_resolved,
        -- a direct closure is handled where it was received (docs/domain.md §2)
        case when l.is_direct_closure then 'direct' else o.handle_level end as handle_level,
        o.handling_unit_name,
        o.handling_org_code,
        o.org_mapping_status,
        g.grid_code,
        g.address_code,
        g.lng,
        g.lat,
        g.geocode_method,
        g.geocode_confidence,
        g.address_match_method,
        g.address_runner_up_code,
        g.reported_grid_code,
        g.is_reported_grid_valid,
        g.is_point_outside_district,
        e.address_text,
        d.duplicate_group_id,
        coalesce(d.duplicate_group_size, 1) as duplicate_group_size,
        coalesce(d.is_primary_report, true) as is_primary_report,
        e.petition_form,
        e.petition_purpose,
        e.people_count,
        e.is_collective,
        e.is_repeat,
        e.original_petition_no,
        e.version_count,
        e.type_error_fields,
        e._load_id as load_id,
        e._source_file as source_file,
        e._row_number as source_row_number,
        e._loaded_at as loaded_at,
        l.as_of_at,
        '{{ invocation_id }}' as _invocation_id
    from events as e
    inner join lifecycle as l
        on e.event_key = l.event_key
    inner join geocoded as g
        on e.event_key = g.event_key
    inner join orgs as o
        on e.event_key = o.event_key
    inner join categories as c
        on e.event_key = c.event_key
    left join duplicates as d
        on e.event_key = d.event_key
    left join taxonomy as t
        on c.category_code = t.category_code
)

select * from final
