{#
  The branch of int_events_unioned for an event source that declares in its file (ingest/sources/<source>.toml,
  table [event]) which of its fields is which step of the event — so a new event source needs no SQL.
  Keys of [event] (field names of the source; anything not given is null):
    source_id, reported_at, dispatched_at, handled_at, verified_at, closed_at, source_deadline_at,
    status, source_category, request_type, urgency, address_text, handling_unit_name, satisfaction;
    description = [fields]    joined with 。
    channel = "text"          a constant: how the events arrived
    status_closed / status_open   when there is no status field: the status by whether it closed
    [event.urgency_map]       the source's urgency words → the events' one scale (一般 紧急 特急)
    [event.place]             its place from a registry row: registry, key (its field), registry_key,
                              address_text (the registry's field); the registry's points if it has them
  A coded field (vocabulary) gives its text as exported to source_category, so unknown codes still map
  by their words. The branch reads the staging model `staging_model` only for rows loaded since the last
  build (new_raw_rows), like every branch.
#}

{# Event sources whose branch comes from their file (generated list, macro declared_event_sources_json). #}
{% macro declared_event_sources() -%}
    {{ return(fromjson(declared_event_sources_json())) }}
{%- endmacro %}

{% macro event_branch_from_file(source_name) -%}
{%- set spec = fromjson(source_file_json(source_name)) -%}
{%- set ev = spec.event -%}
{%- set vocab = [] -%}
{%- for f in spec.fields if f.vocabulary %}{% do vocab.append(f.column) %}{% endfor -%}
{%- set place = ev.get('place') -%}
{%- set registry = fromjson(source_file_json(place.registry)) if place else none -%}
    select
        '{{ source_name }}' as source,
        {{ _ev_col(ev, vocab, 'source_id') }} as source_id,
        {{ _ev_col(ev, vocab, 'reported_at', 'timestamp') }} as reported_at,
        {{ _ev_col(ev, vocab, 'dispatched_at', 'timestamp') }} as dispatched_at,
        {{ _ev_col(ev, vocab, 'handled_at', 'timestamp') }} as handled_at,
        {{ _ev_col(ev, vocab, 'verified_at', 'timestamp') }} as verified_at,
        {{ _ev_col(ev, vocab, 'closed_at', 'timestamp') }} as closed_at,
        cast(null as timestamp) as evaluated_at,
        {{ _ev_col(ev, vocab, 'source_deadline_at', 'timestamp') }} as source_deadline_at,
        cast(null as integer) as source_time_limit_hours,
        {%- if ev.get('status') %}
        e.{{ ev.status }} as status,
        {%- else %}
        case when {{ _ev_col(ev, vocab, 'closed_at', 'timestamp') }} is not null then '{{ ev.get("status_closed", "") }}'
            else '{{ ev.get("status_open", "") }}' end as status,
        {%- endif %}
        {{ _ev_col(ev, vocab, 'source_category', original=true) }} as source_category,
        {{ _ev_col(ev, vocab, 'request_type') }} as request_type,
        {%- if ev.get('urgency_map') %}
        case {{ _ev_col(ev, vocab, 'urgency') }}
            {%- for word, level in ev.urgency_map.items() %}
            when '{{ word }}' then '{{ level }}'
            {%- endfor %}
        end as urgency,
        {%- else %}
        {{ _ev_col(ev, vocab, 'urgency') }} as urgency,
        {%- endif %}
        {{ "'" ~ ev.channel ~ "'" if ev.get('channel') else 'cast(null as string)' }} as channel,
        {%- if place %}
        p.{{ place.address_text }} as address_text,
        {%- else %}
        {{ _ev_col(ev, vocab, 'address_text') }} as address_text,
        {%- endif %}
        {%- if ev.get('description') %}
        concat_ws('。'{% for f in ev.description %}, e.{{ f }}{{ '_original' if f in vocab else '' }}{% endfor %}) as description,
        {%- else %}
        cast(null as string) as description,
        {%- endif %}
        {{ _ev_col(ev, vocab, 'handling_unit_name') }} as handling_unit_name,
        cast(null as string) as reported_grid_code,
        false as is_grid_code_damaged,
        cast(null as string) as reported_street_name,
        cast(null as string) as reported_community_name,
        {%- if registry and registry.coord_sys %}
        p.source_lng,
        p.source_lat,
        p.coord_system,
        {%- elif spec.coord_sys %}
        e.source_lng,
        e.source_lat,
        e.coord_system,
        {%- else %}
        cast(null as double) as source_lng,
        cast(null as double) as source_lat,
        cast(null as string) as coord_system,
        {%- endif %}
        cast(null as string) as reported_handle_level,
        0 as rework_count,
        {{ _ev_col(ev, vocab, 'satisfaction') }} as satisfaction,
        cast(null as string) as resolution,
        cast(null as date) as accepted_on,
        cast(null as string) as petition_form,
        cast(null as string) as petition_purpose,
        cast(null as integer) as people_count,
        cast(null as boolean) as is_collective,
        cast(null as boolean) as is_repeat,
        cast(null as string) as original_petition_no,
        cast(null as boolean) as is_reviewed,
        e.type_error_fields,
        e._load_id,
        e._source_file,
        e._row_number,
        e._loaded_at
    from ({{ new_raw_rows(ref(spec.staging_model)) }}) as e
    {%- if place %}
    left join (
        -- the registry's latest row per key
        select * from {{ ref(registry.staging_model) }}
        where {{ place.registry_key }} is not null
        qualify row_number() over (partition by {{ place.registry_key }} order by _loaded_at desc, _row_number desc) = 1
    ) as p
        on e.{{ place.key }} = p.{{ place.registry_key }}
    {%- endif %}
{%- endmacro %}

{% macro _ev_col(ev, vocab, key, type='string', original=false) -%}
    {%- if ev.get(key) -%}
        e.{{ ev[key] }}{{ '_original' if original and ev[key] in vocab else '' }}
    {%- else -%}
        cast(null as {{ type }})
    {%- endif -%}
{%- endmacro %}
