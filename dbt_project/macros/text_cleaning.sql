{#
  Text cleaning used by every staging model (DOMAIN.md §6, SOURCES.md "Text noise").
  Each macro dispatches, so another adapter can supply its own implementation.
#}

{# Full-width digits, letters and punctuation → half-width; whitespace runs and line breaks → one space; trimmed. #}
{% macro half_width(expr) -%}
    {{ return(adapter.dispatch('half_width')(expr)) }}
{%- endmacro %}

{#- Most values need nothing but a trim: one regex test picks the few that hold a full-width
    character (U+3000 ideographic space, U+FF01–U+FF5E), a tab or line break, or two spaces in a
    row, and only those go through translate() (~1.3 µs per value in DuckDB 1.x, 30× a regex test)
    and the whitespace rewrite. Same result as running both on every value, at about half the cost
    (checked on every text column of the 1M-event bench district). -#}
{% macro default__half_width(expr) -%}
    case when regexp_matches({{ expr }}, '[\x{3000}\x{FF01}-\x{FF5E}\t\n\f\r]|  ') then trim(regexp_replace(
        case when regexp_matches({{ expr }}, '[\x{3000}\x{FF01}-\x{FF5E}]') then translate(
            {{ expr }},
            '０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ（）－＋＃　',
            '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz()-+# '
        ) else {{ expr }} end,
        '\s+', ' ', 'g'
    )) else trim({{ expr }}) end
{%- endmacro %}

{# Cleaned text, with the words exports use for "empty" (无, 暂无, NULL, -, /) turned into null. #}
{#- A regex, not `in (...)`: DuckDB plans a list of constants as a join, which a view cannot drop
    when its column is not read (every staging column would be cleaned for `count(*)`). -#}
{% macro clean_text(expr) -%}
    nullif(regexp_replace({{ half_width(expr) }}, '^(无|暂无|NULL|null|None|-|--|/)$', ''), '')
{%- endmacro %}

{# Codes stay text; a code a spreadsheet turned into scientific notation (3.20104E+17) is damaged. #}
{% macro is_damaged_code(expr) -%}
    coalesce(regexp_full_match({{ expr }}, '\s*\d(\.\d+)?[eE]\+?\d+\s*'), false)
{%- endmacro %}

{# A code column (cleaned text in): spaces removed, null when damaged (the flag says so; the value is not "repaired"). #}
{% macro clean_code(expr) -%}
    case when {{ is_damaged_code(expr) }} then null else replace({{ expr }}, ' ', '') end
{%- endmacro %}

{# (cleaned text) 是/否, true/false, 1/0 → boolean; anything else → null. #}
{% macro parse_flag(expr) -%}
    case
        when regexp_full_match({{ expr }}, '是|true|True|TRUE|1|Y|y') then true
        when regexp_full_match({{ expr }}, '否|false|False|FALSE|0|N|n') then false
    end
{%- endmacro %}

{# (cleaned text) A number written as text (possibly "12.0" from a spreadsheet) → integer, null if not a number. #}
{% macro parse_integer(expr) -%}
    try_cast(try_cast({{ expr }} as double) as integer)
{%- endmacro %}

{# Over cleaned columns: lists the fields whose raw text was present but could not be typed, e.g. "accepted_at,deadline_at". #}
{% macro type_errors(pairs) -%}
    nullif(concat_ws(','
    {%- for raw, typed in pairs %},
        case when {{ raw }} is not null and ({{ typed }}) is null then '{{ raw }}' end
    {%- endfor %}
    ), '')
{%- endmacro %}
