{{
    config(
        materialized=incremental_where_supported(),
        unique_key='event_key',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        pre_hook="{{ delete_changed_events(registries=['stg_address__addresses', 'stg_grid__grids'], everything=address_index_changed()) }}"
    )
}}
{#
  One row per event: where it happened. In order of trust:
    1. the standard address its place text names (int_address_texts_matched); equal candidates (a
       house number several houses share) are decided here by the event's point, else its street;
    2. the estate it names, with no building: its grid (the event's point decides when the estate
       spans grids, else the grid most of its buildings are in);
    3. its coordinates (converted to WGS-84) → the grid polygon containing them;
    3b. the grid of the house number's neighbours on its road (address_nearby), a number the registry lacks;
    4. the grid code the source reported, when it is a real grid;
    5. otherwise unlocated (flagged, still counted in district totals; a warning, never a stop).
#}
with

events as (
    select
        event_key,
        source,
        reported_at,
        reported_grid_code,
        {{ event_place_text('address_text', 'description') }} as place_text,
        concat_ws(' ', handling_unit_name, reported_street_name) as hint_text
    from (
        {{ changed_events(
            registries=['stg_address__addresses', 'stg_grid__grids'], everything=address_index_changed()
        ) }}
    )
),

streets as (
    select street_name from {{ ref('qinhuai_streets') }}
    where street_name like '%街道'
),

street_hints as (
    -- the district street an event's handling unit or reported street names (洪武路街道办事处,
    -- 大光路街办 → 洪武路街道): it only breaks ties between equal candidates. Per distinct text: few.
    select
        h.hint_text,
        max_by(s.street_name, length(s.street_name)) as street_hint
    from (select distinct hint_text from events) as h
    inner join streets as s
        on contains(h.hint_text, replace(s.street_name, '街道', '') || '街')
    group by h.hint_text
),

library as (
    select * from {{ ref('int_addresses_indexed') }}
),

matches as (
    select * from {{ address_matches() }}
),

points as (
    select * from {{ ref('int_event_points_converted') }}
    {% if is_incremental() %}
    where event_key in (select event_key from events)  -- the point-in-polygon join only for these
    {% endif %}
),

grids as (
    select * from {{ ref('int_grids_prepared') }}
),

point_grids as (
    -- the grid polygon each point lies in (macros/grids.sql)
    {{ points_in_grids('points', 'grids') }}
),

event_matches as (
    select
        e.*,
        m.address_code as matched_address_code,
        m.match_method,
        m.match_confidence,
        m.runner_up_code,
        m.candidate_codes,
        m.text_grid_code,
        m.text_grid_codes,
        m.index_fingerprint
    from events as e
    left join matches as m
        on e.place_text = m.place_text
),

candidates as (
    -- equal candidates: the one nearest the event's point, else the one in the street the event's
    -- handling unit names, else the first by code
    select
        em.event_key,
        l.address_code,
        case
            when p.wgs84_lng is not null then 'house_nearest_point'
            when l.street_name = sh.street_hint then 'house_in_named_street'
            else 'house_first_candidate'
        end as resolved_by
    from (
        select
            event_key,
            hint_text,
            {{ unnest_list('candidate_codes') }} as candidate_code
        from event_matches
        where candidate_codes is not null
    ) as em
    inner join library as l
        on em.candidate_code = l.address_code
    left join points as p
        on em.event_key = p.event_key
    left join street_hints as sh
        on em.hint_text = sh.hint_text
    qualify row_number() over (
            partition by em.event_key
            order by
                pow(l.lng - p.wgs84_lng, 2) + pow(l.lat - p.wgs84_lat, 2) nulls last,
                (l.street_name = sh.street_hint) desc nulls last,
                l.address_code
        ) = 1
),

joined as (
    select
        em.event_key,
        em.source,
        em.reported_at,
        em.reported_grid_code,
        em.place_text,
        coalesce(em.matched_address_code, c.address_code) as address_code,
        coalesce(c.resolved_by, em.match_method, 'no_text') as address_match_method,
        case c.resolved_by
            when 'house_nearest_point' then 0.85
            when 'house_in_named_street' then 0.75
            when 'house_first_candidate' then 0.5
            else coalesce(em.match_confidence, 0.0)
        end as address_match_confidence,
        em.runner_up_code as address_runner_up_code,
        em.match_method,
        em.index_fingerprint,
        -- an estate over several grids: the event's point decides when it lies in one of them
        case
            when {{ list_length('em.text_grid_codes') }} > 1 and array_contains(em.text_grid_codes, pg.grid_code)
                then pg.grid_code
            else em.text_grid_code
        end as text_grid_code,
        p.wgs84_lng as point_lng,
        p.wgs84_lat as point_lat,
        pg.grid_code as point_grid_code,
        rg.grid_code as valid_reported_grid_code,
        rg.centroid_lng as reported_grid_lng,
        rg.centroid_lat as reported_grid_lat
    from event_matches as em
    left join candidates as c
        on em.event_key = c.event_key
    left join points as p
        on em.event_key = p.event_key
    left join point_grids as pg
        on em.event_key = pg.event_key
    left join grids as rg
        on em.reported_grid_code = rg.grid_code
),

located as (
    select
        j.*,
        -- an address's grid counts only when the grid registry has it: a standard-address export that
        -- names a grid the boundaries lack (redrawn, or not yet delivered) leaves the event to its point
        -- or text (test warning on dim_address.grid_code names the addresses)
        ag.grid_code as address_grid_code,
        l.lng as address_lng,
        l.lat as address_lat,
        tg.grid_code as valid_text_grid_code,
        tg.centroid_lng as text_grid_lng,
        tg.centroid_lat as text_grid_lat
    from joined as j
    left join library as l
        on j.address_code = l.address_code
    left join grids as ag
        on l.grid_code = ag.grid_code
    left join grids as tg
        on j.text_grid_code = tg.grid_code
),

decided as (
    select
        *,
        case
            when address_grid_code is not null
                and (
                    address_match_method like 'exact_%'
                    or address_match_method in ('road_house_building', 'alias', 'house_nearest_point')
                )
                then 'address_exact'
            when address_grid_code is not null then 'address_fuzzy'
            when valid_text_grid_code is not null and match_method = 'estate_only' then 'estate'
            when point_grid_code is not null then 'coordinates'
            when valid_text_grid_code is not null then 'address_nearby'
            when valid_reported_grid_code is not null then 'reported_grid'
            else 'unlocated'
        end as geocode_method
    from located
),

final as (
    select
        event_key,
        geocode_method,
        case geocode_method
            when 'address_exact' then address_match_confidence
            when 'address_fuzzy' then address_match_confidence
            when 'estate' then address_match_confidence
            when 'address_nearby' then address_match_confidence
            when 'coordinates' then case when point_grid_code = valid_reported_grid_code then 0.9 else 0.8 end
            when 'reported_grid' then 0.5
            else 0.0
        end as geocode_confidence,
        address_match_method,
        address_runner_up_code,
        place_text,
        -- the event's source and time beside its place text: the steward's review counts the events
        -- of each weakly placed text from this table alone (rpt_steward_address_review)
        source,
        reported_at,
        -- the standard address the text names, also when its grid is not in the grid registry (the
        -- event's grid then comes from its point or text: geocode_method says which)
        address_code,
        case geocode_method
            when 'address_exact' then address_grid_code
            when 'address_fuzzy' then address_grid_code
            when 'estate' then valid_text_grid_code
            when 'address_nearby' then valid_text_grid_code
            when 'coordinates' then point_grid_code
            when 'reported_grid' then valid_reported_grid_code
        end as grid_code,
        case geocode_method
            when 'address_exact' then address_lng
            when 'address_fuzzy' then address_lng
            when 'estate'
                then coalesce(case when point_grid_code = valid_text_grid_code then point_lng end, text_grid_lng)
            when 'address_nearby' then text_grid_lng
            when 'coordinates' then point_lng
            when 'reported_grid' then reported_grid_lng
        end as lng,
        case geocode_method
            when 'address_exact' then address_lat
            when 'address_fuzzy' then address_lat
            when 'estate'
                then coalesce(case when point_grid_code = valid_text_grid_code then point_lat end, text_grid_lat)
            when 'address_nearby' then text_grid_lat
            when 'coordinates' then point_lat
            when 'reported_grid' then reported_grid_lat
        end as lat,
        point_lng is not null and point_grid_code is null as is_point_outside_district,
        reported_grid_code,
        valid_reported_grid_code is not null as is_reported_grid_valid,
        point_grid_code,
        index_fingerprint
    from decided
)

select
    *,
    {{ event_stamps(['stg_address__addresses', 'stg_grid__grids']) }}
from final
