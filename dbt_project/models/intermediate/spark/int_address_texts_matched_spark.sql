{{ config(materialized='table', enabled=target.type == 'spark', alias='int_address_texts_matched') }}
{#
  int_address_texts_matched on Spark (the DuckDB build runs ../int_address_texts_matched.py): the same
  matcher, as the table function yiping_match_addresses (ingest/addresses/spark.py), over one table in
  var('matcher_partitions') partitions: each holds the registry, the aliases and the streets (a
  broadcast), then its share of the distinct place texts. Every build is a full build here.
  Its own node name (dbt keeps one node per name, even a disabled one), the same table name; models
  read either model through the macro address_matches().
#}
{%- set partitions = var('matcher_partitions', 2) %}
with

parts as (
    select explode(sequence(0, {{ partitions - 1 }})) as part
),

library as (
    select * from {{ ref('int_addresses_indexed') }}
),

shared as (
    select
        0 as kind,
        to_json(named_struct(
            'district_name', '{{ var("district_name") }}',
            'district_code', '{{ var("district_code") }}',
            'registry_loaded_at_us', (select unix_micros(max(_registry_loaded_at)) from library)
        )) as payload
    union all
    select
        1,
        -- the registry's columns the index reads (ingest/addresses/records.py REGISTRY_COLUMNS)
        to_json(struct(
            address_code, street_name, community_name, road, house_number, estate, building, unit, room,
            full_address, grid_code, lng, lat
        ))
    from library
    union all
    select 2, to_json(struct(alias, kind, target))
    from {{ ref('address_aliases') }}
    union all
    select 3, to_json(struct(street_name))
    from {{ ref('qinhuai_streets') }}
),

matcher_input as (
    select p.part, s.kind, s.payload
    from shared as s
    cross join parts as p
    union all
    select
        cast(pmod(hash(place_text), {{ partitions }}) as int),
        4,
        to_json(struct(place_text))
    from {{ ref('int_address_texts_collected') }}
)

select
    *,
    '{{ invocation_id }}' as _invocation_id
from yiping_match_addresses(table(matcher_input) partition by part order by kind)
