{{
    config(
        materialized='incremental',
        unique_key='event_key',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        pre_hook="{{ delete_changed_events() }}"
    )
}}
{#
  One row per event: its category in the one unified taxonomy (seed event_taxonomy), found
  through the source's own classification (seed taxonomy_source_map). Where the source's
  category is coarse (a grid app's 环境卫生) or unknown, keywords in the description refine
  it (seed taxonomy_keywords, first keyword by priority). The original category is kept.
#}
with

events as (
    select
        event_key,
        source,
        source_category,
        description
    from ({{ changed_events() }})
),

source_map as (
    select * from {{ ref('taxonomy_source_map') }}
),

keywords as (
    select * from {{ ref('taxonomy_keywords') }}
),

taxonomy as (
    select * from {{ ref('event_taxonomy') }}
),

coarse_codes as (
    -- catch-all codes that keyword rules may refine
    select category_code from taxonomy where category_code like '%\_other' escape '\' or category_code = 'other'
),

keyword_hits as (
    select
        e.event_key,
        k.category_code
    from events as e
    inner join keywords as k
        on contains(e.description, k.keyword)
    qualify row_number() over (partition by e.event_key order by k.priority) = 1
),

final as (
    select
        e.event_key,
        e.source_category,
        case
            when m.category_code is not null and m.category_code not in (select category_code from coarse_codes)
                then m.category_code
            when kh.category_code is not null then kh.category_code
            when m.category_code is not null then m.category_code
            else 'other'
        end as category_code,
        case
            when m.category_code is not null and m.category_code not in (select category_code from coarse_codes)
                then 'source_map'
            when kh.category_code is not null and m.category_code is not null then 'source_map_refined_by_keyword'
            when kh.category_code is not null then 'keyword'
            when m.category_code is not null then 'source_map'
            else 'unmapped'
        end as category_method
    from events as e
    left join source_map as m
        on e.source = m.source
        and e.source_category = m.source_value
    left join keyword_hits as kh
        on e.event_key = kh.event_key
)

select
    *,
    {{ event_stamps() }}
from final
