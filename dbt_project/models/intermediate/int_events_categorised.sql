{{
    config(
        materialized=incremental_where_supported(),
        unique_key='event_key',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        pre_hook="{{ delete_changed_events() }}"
    )
}}
{#
  One row per event: its category in the one unified taxonomy (seed event_taxonomy), found
  through the source's own classification: its exact value (seed taxonomy_source_map), else the
  class names along its path (一级>二级>三级, seed taxonomy_class_rules: the deepest class that
  holds a rule's keyword decides, first rule by priority), so a classification nobody mapped value by
  value still lands. Where the category is coarse (a grid app's 环境卫生) or unknown, keywords in
  the description refine it (seed taxonomy_keywords, first keyword by priority; then the class
  rules' words, for sources with no category at all such as the message board). The original
  category is kept. docs/domain.md §5.
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
    -- the text keywords first; then the class rules' words of two characters or more (a text that
    -- says 物业, 拆迁 or 学校 is about what a class of that name is about), after every text keyword
    select keyword, category_code, priority from {{ ref('taxonomy_keywords') }}
    union all
    select keyword, category_code, 100000 + priority from {{ ref('taxonomy_class_rules') }}
    where length(keyword) >= 2
),

taxonomy as (
    select * from {{ ref('event_taxonomy') }}
),

coarse_codes as (
    -- catch-all codes that keyword rules may refine
    select category_code from taxonomy where category_code like '%!_other' escape '!' or category_code = 'other'
),

unmapped_paths as (
    -- source categories without an exact mapping, once each (a few hundred at most)
    select distinct
        e.source,
        e.source_category
    from events as e
    left join source_map as m
        on e.source = m.source
            and e.source_category = m.source_value
    where e.source_category is not null and m.category_code is null
),

class_hits as (
    {{ classify_class_paths('unmapped_paths') }}
),

mapped as (
    select
        e.*,
        coalesce(m.category_code, h.category_code) as mapped_code,
        case when m.category_code is not null then 'source_map' when h.category_code is not null then 'class_rule' end
            as map_method,
        coalesce(m.category_code, h.category_code) is not null
        and coalesce(m.category_code, h.category_code) not in (select category_code from coarse_codes) as is_specific
    from events as e
    left join source_map as m
        on e.source = m.source
            and e.source_category = m.source_value
    left join class_hits as h
        on e.source = h.source
            and e.source_category = h.source_category
),

keyword_hits as (
    -- only where the source's own category is missing or coarse: the rest never use a keyword
    select
        e.event_key,
        k.category_code
    from mapped as e
    inner join keywords as k
        on contains(e.description, k.keyword)
    where not e.is_specific
    qualify row_number() over (partition by e.event_key order by k.priority) = 1
),

final as (
    select
        e.event_key,
        e.source_category,
        case
            when e.is_specific then e.mapped_code
            when kh.category_code is not null then kh.category_code
            when e.mapped_code is not null then e.mapped_code
            else 'other'
        end as category_code,
        case
            when e.is_specific then e.map_method
            when kh.category_code is not null and e.mapped_code is not null then e.map_method || '_refined_by_keyword'
            when kh.category_code is not null then 'keyword'
            when e.mapped_code is not null then e.map_method
            else 'unmapped'
        end as category_method
    from mapped as e
    left join keyword_hits as kh
        on e.event_key = kh.event_key
)

select
    *,
    {{ event_stamps() }}
from final
