{# Identifier checks of docs/domain.md §6 as SQL expressions (the same rules as ingest/rules/identifiers.py). #}

{# One rule written twice: ingest/rules/identifiers.py is the Python side, and
   tests/test_identifier_parity.py runs both over the same generated and adversarial inputs.
   Nothing here raises on any input: casts are try_casts, and every branch is guarded. #}

{# A birth date written yyyymmdd: a calendar date from 1900 to today. #}
{% macro id_birth_date_ok(yyyymmdd) -%}
    coalesce(cast({{ try_parse_timestamp(yyyymmdd, ['%Y%m%d']) }} as date) between date '1900-01-01' and current_date, false)
{%- endmacro %}

{# GB 11643 check character of 17 digits. #}
{% macro id_check_char(first17) -%}
    substr('10X98765432',
        cast({{ weighted_sum('try_cast(substr(' ~ first17 ~ ', i + 1, 1) as integer)', [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]) }} % 11 as integer) + 1, 1)
{%- endmacro %}

{# 18 characters of GB 11643 shape: 17 digits + digit or X, a birth date, the check character. #}
{% macro id_number_is_valid(expr) -%}
    coalesce(
        {{ regex_full_match(expr, '[0-9]{17}[0-9X]') }}
        and {{ id_birth_date_ok('substr(' ~ expr ~ ', 7, 8)') }}
        and {{ id_check_char(expr) }} = substr({{ expr }}, 18, 1),
        false
    )
{%- endmacro %}

{# Which document an ID column holds: resident (18 digits), resident_15 (first generation, before
   1999), hmt_residence_permit (81/82/83), foreign_permanent_residence (18 digits from 9, or three
   letters and 12 digits), invalid (shaped like an ID number but not a valid one), other_document
   (passports and the rest: kept, never invalid). Null for no value. #}
{% macro id_document_kind(expr) -%}
    case
        when {{ expr }} is null or {{ expr }} = '' then null
        when {{ regex_full_match(expr, '[0-9]{17}[0-9X]') }} then
            case
                when not {{ id_number_is_valid(expr) }} then 'invalid'
                when left({{ expr }}, 2) in ('81', '82', '83') then 'hmt_residence_permit'
                when left({{ expr }}, 1) = '9' then 'foreign_permanent_residence'
                else 'resident'
            end
        when {{ regex_full_match(expr, '[0-9]{15}') }} then
            case when {{ id_birth_date_ok("'19' || substr(" ~ expr ~ ", 7, 6)") }} then 'resident_15' else 'invalid' end
        when {{ regex_full_match(expr, '[A-Z]{3}[0-9]{12}') }} then 'foreign_permanent_residence'
        when {{ regex_full_match(expr, '[0-9]{13,20}[A-Z]?') }} then 'invalid'
        else 'other_document'
    end
{%- endmacro %}

{# The value a person is keyed by: a valid 15-digit ID upgraded to its 18 digits, anything else as is. #}
{% macro id_number_18(expr) -%}
    case
        when {{ id_document_kind(expr) }} = 'resident_15'
            then substr({{ expr }}, 1, 6) || '19' || substr({{ expr }}, 7, 9)
                || {{ id_check_char('substr(' ~ expr ~ ', 1, 6) || \'19\' || substr(' ~ expr ~ ', 7, 9)') }}
        else {{ expr }}
    end
{%- endmacro %}

{# Soft check: a resident ID's province and city prefix is a known division (seed id_region_prefixes).
   Null where it does not apply. #}
{% macro id_region_known(expr) -%}
    case
        when {{ id_document_kind(expr) }} in ('resident', 'resident_15')
            then left({{ expr }}, 4) in (select r.prefix from {{ ref('id_region_prefixes') }} as r)
    end
{%- endmacro %}

{# GB 32100 unified social credit code: registering authority 1-9/A/N/Y, organisation type 1-9, a
   6-digit division code, the organisation code, and the mod-31 check character. #}
{% macro uscc_is_valid(expr) -%}
    coalesce(
        {{ regex_full_match(expr, '[1-9ANY][1-9][0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}') }}
        and substr('0123456789ABCDEFGHJKLMNPQRTUWXY',
            cast((31 - {{ weighted_sum(
                "(instr('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(" ~ expr ~ ", i + 1, 1)) - 1)",
                [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
            ) }} % 31) % 31 as integer) + 1, 1) = substr({{ expr }}, 18, 1),
        false
    )
{%- endmacro %}

{# Mobile 1[3-9]xxxxxxxxx (optionally +86/86/0 prefixed) or landline 0xx(x)-xxxxxxx(x). #}
{% macro phone_is_valid(expr) -%}
    coalesce({{ regex_full_match(expr, '(\+?86|0)?1[3-9]\d{9}|0\d{2,3}-?\d{7,8}') }}, false)
{%- endmacro %}

{# Masking for screens (docs/domain.md §6): 320104********123X, 139****5678, 张*. #}
{% macro mask_id_number(expr) -%}
    case when {{ expr }} is null then null
         when length({{ expr }}) >= 15
             then substr({{ expr }}, 1, 6) || repeat('*', length({{ expr }}) - 10) || right({{ expr }}, 4)
         when length({{ expr }}) <= 4 then repeat('*', length({{ expr }}))
         else left({{ expr }}, 1) || repeat('*', length({{ expr }}) - 3) || right({{ expr }}, 2) end
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
            cast(11 - {{ weighted_sum(
                "(instr('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', substr(" ~ expr ~ ", i + 9, 1)) - 1)",
                [3, 7, 9, 10, 5, 8, 4, 2]
            ) }} % 11 as integer) + 1, 1) = substr({{ expr }}, 17, 1),
        false
    )
{%- endmacro %}

{# Free text with the personal data inside it masked (ID numbers, bank cards, mobiles, a name after a cue
   word): the ordered rules of the var personal_text_masks, each run its number of passes. ingest/rules/identifiers.py mask_personal_text reads the same var. #}
{% macro mask_personal_text(expr) -%}
    {%- set ns = namespace(sql=expr) -%}
    {%- for pattern, replacement, passes in var('personal_text_masks') -%}
        {%- for _ in range(passes) -%}
            {%- set ns.sql = regex_replace_all(ns.sql, pattern, replacement) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ ns.sql }}
{%- endmacro %}
