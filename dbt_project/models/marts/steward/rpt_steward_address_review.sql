{#
  One row per place text the address matcher placed weakly: no standard address (unmatched, an
  estate or road only, another district), equal candidates, a fuzzy name, or confidence below 0.85 —
  not texts that name only a street or community (area_only) or a road's whole stretch: no alias
  makes those an address.
  Ordered by how many events wrote it: the steward's to-do list (the 地址匹配 page and
  `python -m ingest aliases list`). Confirming one writes an alias the next build uses.
#}
with

matches as (
    select * from {{ address_matches() }}
),

weak_texts as (
    select place_text from matches
    where (
        match_method not in ('exact_room', 'exact_building', 'exact_house', 'road_house_building', 'alias')
        or match_confidence < 0.85
    )
    -- a street or community named alone, or a road's whole stretch (马道街沿线), is an area, not a
    -- place an alias could fix
    and match_method not in ('area_only', 'no_text')
    and not (match_method = 'road_only' and text_grid_code is null)
),

events as (
    -- only the events of weak texts are counted, from the geocoding's own rows (source and time
    -- included): at ten million events, one scan and no join with the fact
    select
        g.place_text,
        count(*) as event_count,
        count(*) filter (where g.geocode_method = 'unlocated') as unlocated_count,
        max(g.reported_at) as latest_reported_at,
        min(g.source) as source
    from {{ ref('int_events_geocoded') }} as g
    semi join weak_texts as w
        on g.place_text = w.place_text
    group by g.place_text
),

addresses as (
    -- the full address with its community: equal candidates often share the same full address
    select address_code, full_address || ' · ' || coalesce(community_name, '') as full_address, grid_code
    from {{ ref('dim_address') }}
),

weak as (
    select
        m.*,
        coalesce(m.address_code, {{ list_first('m.candidate_codes') }}) as best_address_code
    from matches as m
    semi join weak_texts as w
        on m.place_text = w.place_text
),

final as (
    select
        md5(w.place_text) as place_key,
        {{ mask_personal_text('w.place_text') }} as place_text,
        w.match_method,
        w.match_confidence,
        w.best_address_code,
        b.full_address as best_full_address,
        b.grid_code as best_grid_code,
        w.runner_up_code,
        r.full_address as runner_up_full_address,
        r.grid_code as runner_up_grid_code,
        {{ list_length('w.candidate_codes') }} as candidate_count,
        w.text_grid_code,
        w.road,
        w.house_number_key,
        w.estate,
        w.building_key,
        e.event_count,
        e.unlocated_count,
        e.latest_reported_at,
        e.source
    from weak as w
    inner join events as e
        on w.place_text = e.place_text
    left join addresses as b
        on w.best_address_code = b.address_code
    left join addresses as r
        on w.runner_up_code = r.address_code
)

select * from final
