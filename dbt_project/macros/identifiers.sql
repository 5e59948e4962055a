{# Identifier checks of DOMAIN.md §6 as SQL expressions (the same rules as ingest/identifiers.py). #}

{# GB 11643 resident ID: 17 digits + check char; birth date must be a real date. #}
{% macro id_number_is_valid(expr) -%}
    coalesce(
        regexp_full_match({{ expr }}, '\d{17}[\dX]')
        and try_strptime(substr({{ expr }}, 7, 8), '%Y%m%d') is not null
        and substr('10X98765432',
            cast(list_sum(list_transform(range(17),
                i -> cast(substr({{ expr }}, i + 1, 1) as integer) * [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2][i + 1]
            )) % 11 as integer) + 1, 1) = substr({{ expr }}, 18, 1),
        false
    )
{%- endmacro %}

{# GB 32100 unified social credit code: alphabet without I O S V Z, check char mod 31, org-code check. #}
{% macro uscc_is_valid(expr) -%}
    coalesce(
        regexp_full_match({{ expr }}, '[0-9A-HJ-NPQRTUWXY]{18}')
        and substr('0123456789ABCDEFGHJKLMNPQRTUWXY',
            cast((31 - list_sum(list_transform(range(17),
                i -> (strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr({{ expr }}, i + 1, 1)) - 1)
                    * [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28][i + 1]
            )) % 31) % 31 as integer) + 1, 1) = substr({{ expr }}, 18, 1),
        false
    )
{%- endmacro %}

{# Mobile 1[3-9]xxxxxxxxx (optionally +86/86/0 prefixed) or landline 0xx(x)-xxxxxxx(x). #}
{% macro phone_is_valid(expr) -%}
    coalesce(regexp_full_match({{ expr }}, '(\+?86|0)?1[3-9]\d{9}|0\d{2,3}-?\d{7,8}'), false)
{%- endmacro %}

{# Masking for screens (DOMAIN.md §6): 320104********123X, 139****5678, 张*. #}
{% macro mask_id_number(expr) -%}
    case when {{ expr }} is null then null
         else substr({{ expr }}, 1, 6) || repeat('*', greatest(length({{ expr }}) - 10, 0)) || right({{ expr }}, 4) end
{%- endmacro %}

{% macro mask_phone(expr) -%}
    case when {{ expr }} is null then null
         when length({{ expr }}) >= 11 then left(right({{ expr }}, 11), 3) || '****' || right({{ expr }}, 4)
         else repeat('*', greatest(length({{ expr }}) - 4, 0)) || right({{ expr }}, 4) end
{%- endmacro %}

{% macro mask_name(expr) -%}
    case when {{ expr }} is null then null
         else left({{ expr }}, 1) || repeat('*', greatest(length({{ expr }}) - 1, 1)) end
{%- endmacro %}

{# Chars 9–17 of a USCC are an organisation code (GB 11714) with its own check: weights 3 7 9 10 5 8 4 2; 10 → X, 11 → 0. #}
{% macro uscc_org_code_is_valid(expr) -%}
    coalesce(
        substr('0123456789X0',
            cast(11 - list_sum(list_transform(range(8),
                i -> (strpos('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', substr({{ expr }}, i + 9, 1)) - 1)
                    * [3, 7, 9, 10, 5, 8, 4, 2][i + 1]
            )) % 11 as integer) + 1, 1) = substr({{ expr }}, 17, 1),
        false
    )
{%- endmacro %}

{# Free text with the ID numbers and mobile numbers inside it masked (18/15-digit IDs: region and
   check kept; mobiles: first three and last four kept), for texts shown to stewards. #}
{% macro mask_personal_text(expr) -%}
    regexp_replace(
        regexp_replace(
            {{ expr }},
            '(\d{6})\d{8}(\d{3}[\dXx])|(\d{6})\d{6}(\d{3})', '\1\3********\2\4', 'g'
        ),
        '(1[3-9]\d)\d{4}(\d{4})', '\1****\2', 'g'
    )
{%- endmacro %}
