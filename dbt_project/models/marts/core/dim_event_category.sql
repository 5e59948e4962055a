{# One row per unified event category: the names and group the pages show and the channel that handles it. #}
with

taxonomy as (
    select * from {{ ref('event_taxonomy') }}
),

final as (
    select
        category_code,
        category_name_zh,
        category_name_en,
        category_group_zh,
        category_group_en,
        handling_channel
    from taxonomy
)

select * from final
