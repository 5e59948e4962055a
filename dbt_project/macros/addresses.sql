{#
  Address text normalisation (DOMAIN.md §8): the rules the address parser applies before
  it extracts elements. Each is a plain SQL expression over cleaned (half-width) text.
#}

{# Chinese numerals 1–99 as people write building and unit numbers (三 → 3, 十二 → 12, 二十五 → 25). #}
{% macro cn_numeral_to_int(token) -%}
    (case
        when coalesce({{ token }}, '') = '' then null
        when strpos({{ token }}, '十') = 0 then strpos('一二三四五六七八九', {{ token }})
        else
            (case when split_part({{ token }}, '十', 1) = '' then 1
                  else strpos('一二三四五六七八九', split_part({{ token }}, '十', 1)) end) * 10
            + (case when split_part({{ token }}, '十', 2) = '' then 0
                    else strpos('一二三四五六七八九', split_part({{ token }}, '十', 2)) end)
    end)
{%- endmacro %}

{# Province/city/district prefix and a leading street name (…街道 / …街道办事处) removed. #}
{% macro strip_admin_prefix(text) -%}
    regexp_replace(
        regexp_replace({{ text }}, '^(江苏省)?(南京市)?({{ var("district_name") }})?', ''),
        '^[^\d]{2,5}?街道(办事处)?', ''
    )
{%- endmacro %}

{# Noise words that say where "near" the place is (附近, 旁边, 对面, 门口 ...), at the end. #}
{% macro strip_noise_words(text) -%}
    regexp_replace({{ text }}, '(附近|旁边|对面|门口|楼下|楼上|东侧|西侧|南侧|北侧|周边|一带)+$', '')
{%- endmacro %}

{#
  Synonyms and shapes → one form: 幢/号楼/座 → 栋, 门 → 单元, "3-2-501" → 3栋2单元501室,
  a trailing room number after 单元 gets 室.
#}
{% macro unify_address_synonyms(text) -%}
    regexp_replace(
        regexp_replace(
            regexp_replace(
                regexp_replace({{ text }}, '(\d+)(幢|号楼|座)', '\1栋', 'g'),
                '(\d+)-(\d+)-(\d+)室?$', '\1栋\2单元\3室'
            ),
            '(\d+)门(\d+)', '\1单元\2'
        ),
        '单元(\d+)$', '单元\1室'
    )
{%- endmacro %}
