{{
    config(
        materialized='incremental',
        unique_key='place_key',
        incremental_strategy='delete+insert',
        on_schema_change='fail'
    )
}}
{#
  One row per distinct (place text, street hint) in events: what the address matcher
  (int_address_texts_matched) reads. Both are chosen once, in int_events_unioned: the place text is
  the address field, or the complaint text when the field is empty or only points to it (macro
  event_place_text); the street hint is the street the handling unit or reported street names.
  Matching distinct texts rather than events keeps the cost to the vocabulary, not the history;
  incremental: a build collects only texts it has not seen.
#}
with

events as (
    select place_key, place_text, street_hint, place_origin
    from ({{ changed_events('place_key, place_text, street_hint, place_origin') }})
    where place_text is not null
),

distinct_texts as (
    select
        place_key,
        any_value(place_text) as place_text,
        any_value(street_hint) as street_hint,
        min(place_origin) as place_origin
    from events
    group by place_key
),

final as (
    select *
    from distinct_texts
    {% if is_incremental() %}
    where place_key not in (select place_key from {{ this }})
    {% endif %}
)

select
    *,
    {{ event_stamps() }}
from final
