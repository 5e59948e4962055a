{{
    config(
        materialized=incremental_where_supported(),
        unique_key='place_text',
        incremental_strategy='delete+insert',
        on_schema_change='fail'
    )
}}
{#
  One row per distinct place text in events: what the address matcher (int_address_texts_matched)
  reads. The place text is the address field, or the complaint text when the field is empty or only
  points to it (macro event_place_text). Matching distinct texts rather than events keeps the cost to
  the vocabulary, not the history; incremental: a build collects only texts it has not seen.
#}
with

events as (
    select
        {{ event_place_text('address_text', 'description') }} as place_text,
        {{ event_place_origin('address_text', 'description') }} as place_origin
    from ({{ changed_events('address_text, description') }})
),

distinct_texts as (
    select
        place_text,
        min(place_origin) as place_origin
    from events
    where place_text is not null
    group by place_text
),

final as (
    select *
    from distinct_texts
    {% if is_incremental() %}
    where place_text not in (select place_text from {{ this }})
    {% endif %}
)

select
    *,
    {{ event_stamps() }}
from final
