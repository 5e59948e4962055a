{{
    config(
        materialized='incremental',
        unique_key='address_text',
        incremental_strategy='delete+insert',
        on_schema_change='fail'
    )
}}
{#
  One row per distinct address text found in events: the text normalised (DOMAIN.md §8)
  and split into elements — street (街道) when named, road, house number, estate (小区), building, unit, room.
  Parsing distinct texts rather than events keeps the cost to the vocabulary, not the history;
  incremental: a build parses only texts it has not seen.
#}
with

texts as (
    select distinct address_text
    from ({{ changed_events('address_text') }})
    where address_text is not null
    {% if is_incremental() %}
        and address_text not in (select address_text from {{ this }})
    {% endif %}
),

stripped as (
    select
        address_text,
        {{ strip_noise_words(strip_admin_prefix("replace(address_text, ' ', '')")) }} as text_1,
        nullif(regexp_extract(
            regexp_replace(replace(address_text, ' ', ''), '^(江苏省)?(南京市)?({{ var("district_name") }})?', ''),
            '^([^\d]{2,5}?街道)', 1
        ), '') as street_name
    from texts
),

numerals as (
    -- Chinese numerals before 栋/幢/号楼/单元 → digits
    select
        address_text,
        street_name,
        text_1,
        regexp_extract(text_1, '([一二三四五六七八九十]+)(栋|幢|号楼)', 1) as cn_building,
        regexp_extract(text_1, '([一二三四五六七八九十]+)单元', 1) as cn_unit
    from stripped
),

digits as (
    select
        address_text,
        street_name,
        case
            when cn_building <> '' and cn_unit <> ''
                then regexp_replace(
                    regexp_replace(text_1, '[一二三四五六七八九十]+(栋|幢|号楼)', {{ cn_numeral_to_int('cn_building') }} || '栋'),
                    '[一二三四五六七八九十]+单元', {{ cn_numeral_to_int('cn_unit') }} || '单元')
            when cn_building <> ''
                then regexp_replace(text_1, '[一二三四五六七八九十]+(栋|幢|号楼)', {{ cn_numeral_to_int('cn_building') }} || '栋')
            when cn_unit <> ''
                then regexp_replace(text_1, '[一二三四五六七八九十]+单元', {{ cn_numeral_to_int('cn_unit') }} || '单元')
            else text_1
        end as text_2
    from numerals
),

normalised as (
    select
        address_text,
        street_name,
        {{ unify_address_synonyms('text_2') }} as normalised_text
    from digits
),

final as (
    select
        address_text,
        normalised_text,
        street_name,
        nullif(regexp_extract(normalised_text, '^([^\d]+?)(\d+)号', 1), '') as road,
        nullif(regexp_extract(normalised_text, '^([^\d]+?)(\d+)号', 2), '') as house_number_key,
        nullif(
            coalesce(
                nullif(regexp_extract(normalised_text, '^(?:[^\d]+?\d+号)?([^\d]+?)\d+栋', 1), ''),
                regexp_extract(normalised_text, '^[^\d]+?\d+号([^\d]+)$', 1)
            ),
            ''
        ) as estate,
        nullif(regexp_extract(normalised_text, '(\d+)栋', 1), '') as building_key,
        nullif(regexp_extract(normalised_text, '(\d+)单元', 1), '') as unit_key,
        nullif(regexp_extract(normalised_text, '单元(\d+)室', 1), '') as room_key
    from normalised
)

select
    *,
    {{ event_stamps() }}
from final
