{{
    config(
        materialized='incremental',
        unique_key='address_text',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        pre_hook="{% if is_incremental() %}delete from {{ this }} where {{ registry_changed(['stg_address__addresses']) }}{% endif %}"
    )
}}
{#
  One row per distinct address text: the standard address it names, how it was matched and
  with what confidence. Rules in order (the first that hits wins):
    exact_room       estate + building + unit + room
    exact_building   estate + building (the text names no unit/room)
    building_of_room estate + building, the room named is not in the library → its building (0.8)
    exact_house      road + house number of a street-front house, within the street when the text
                     names one (0.95); several candidates → `ambiguous_house`, resolved per event
                     in int_events_geocoded (nearest to the reported point)
    fuzzy_estate     estate name similar (Jaro-Winkler ≥ 0.9, or the text ends with it) + building
    estate_only      the estate is known but no building is named: its grid, no address code
  Incremental: a build matches only texts it has not seen, and all of them again after a new
  load of the address registry.
#}
with

parsed as (
    select * exclude (_batch_loaded_at, _invocation_id) from {{ ref('int_address_texts_parsed') }}
    {% if is_incremental() %}
    where address_text not in (select address_text from {{ this }})
        or {{ registry_changed(['stg_address__addresses']) }}
    {% endif %}
),

library as (
    select * from {{ ref('int_addresses_indexed') }}
),

estates as (
    select
        estate_key,
        min(grid_code) as grid_code,
        count(distinct grid_code) as grid_count
    from library
    where estate_key <> ''
    group by estate_key
),

room_hits as (
    select
        p.address_text,
        l.address_code,
        'exact_room' as match_method,
        1.0 as match_confidence,
        1 as rule_rank
    from parsed as p
    inner join library as l
        on l.address_level = 'room'
        and p.estate = l.estate_key
        and p.building_key = l.building_key
        and p.unit_key = l.unit_key
        and p.room_key = l.room_key
),

building_hits as (
    select
        p.address_text,
        l.address_code,
        case when p.room_key is null and p.unit_key is null then 'exact_building' else 'building_of_room' end
            as match_method,
        case when p.room_key is null and p.unit_key is null then 1.0 else 0.8 end as match_confidence,
        2 as rule_rank
    from parsed as p
    inner join library as l
        on l.address_level = 'building'
        and p.estate = l.estate_key
        and p.building_key = l.building_key
),

house_candidates as (
    select
        p.address_text,
        l.address_code
    from parsed as p
    inner join library as l
        on l.address_level = 'house'
        and p.road = l.road_key
        and p.house_number_key = l.house_number_key
        and (p.street_name is null or p.street_name = l.street_name)
    where p.estate is null
        and p.building_key is null
),

house_hits as (
    select
        address_text,
        case when count(*) = 1 then min(address_code) end as address_code,
        case when count(*) = 1 then 'exact_house' else 'ambiguous_house' end as match_method,
        case when count(*) = 1 then 0.95 else 0.5 end as match_confidence,
        3 as rule_rank
    from house_candidates
    group by address_text
),

unmatched_estates as (
    select p.*
    from parsed as p
    anti join estates as e
        on p.estate = e.estate_key
    where p.estate is not null
),

fuzzy_estate_names as (
    select
        u.address_text,
        e.estate_key,
        case
            when ends_with(u.estate, e.estate_key) then 0.95
            else jaro_winkler_similarity(u.estate, e.estate_key)
        end as similarity
    from unmatched_estates as u
    cross join estates as e
    where ends_with(u.estate, e.estate_key)
        or jaro_winkler_similarity(u.estate, e.estate_key) >= 0.9
    qualify row_number() over (partition by u.address_text order by similarity desc, e.estate_key) = 1
),

fuzzy_hits as (
    select
        p.address_text,
        l.address_code,
        'fuzzy_estate' as match_method,
        round(0.85 * f.similarity, 3) as match_confidence,
        4 as rule_rank
    from fuzzy_estate_names as f
    inner join parsed as p
        on f.address_text = p.address_text
    inner join library as l
        on l.estate_key = f.estate_key
        and l.building_key = p.building_key
        and l.unit_key = coalesce(p.unit_key, '')
        and l.room_key = coalesce(p.room_key, '')
),

all_hits as (
    select * from room_hits
    union all
    select * from building_hits
    union all
    select * from house_hits
    union all
    select * from fuzzy_hits
),

best as (
    select *
    from all_hits
    qualify row_number() over (partition by address_text order by rule_rank, match_confidence desc, address_code) = 1
),

final as (
    select
        p.address_text,
        p.normalised_text,
        p.street_name,
        p.road,
        p.house_number_key,
        p.estate,
        p.building_key,
        p.unit_key,
        p.room_key,
        b.address_code,
        l.grid_code as address_grid_code,
        l.lng as address_lng,
        l.lat as address_lat,
        coalesce(e.grid_code, fe.grid_code) as estate_grid_code,
        coalesce(
            b.match_method,
            case when coalesce(e.grid_count, fe.grid_count) = 1 then 'estate_only' end,
            'unmatched'
        ) as match_method,
        coalesce(
            b.match_confidence,
            case when coalesce(e.grid_count, fe.grid_count) = 1 then 0.6 end,
            0.0
        ) as match_confidence
    from parsed as p
    left join best as b
        on p.address_text = b.address_text
    left join library as l
        on b.address_code = l.address_code
    left join estates as e
        on p.estate = e.estate_key
    left join fuzzy_estate_names as f
        on p.address_text = f.address_text
    left join estates as fe
        on f.estate_key = fe.estate_key
)

select
    *,
    {{ registry_loaded_at(['stg_address__addresses']) }} as _registry_loaded_at
from final
