{#
  One row per street: its boundary (the union of its grids, GeoJSON) and label point, for the wall
  map and street ranking.
#}
with

grids as (
    select * from {{ ref('int_grids_prepared') }}
),

final as (
    -- the union of each street's grids (macros/grids.sql)
    {{ street_boundaries('grids') }}
)

select * from final
