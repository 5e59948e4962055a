{#
  Every date/time style of docs/sources.md → a timestamp in China Standard Time (naive, UTC+8):
    2024-03-05 14:03:22 · 2024/3/5 14:03 · 2024年3月5日 · 2024年03月05日 14时03分 · 20240305
    Excel serial numbers (45356.58) · epoch milliseconds (JSON) · ISO 8601 with an offset.
  Anything else → null (staging lists the field in `type_error_fields`).
  Expects text already passed through clean_text (staging cleans first, then types).
#}
{% macro parse_cst_timestamp(expr) -%}
    {{ return(adapter.dispatch('parse_cst_timestamp')(expr)) }}
{%- endmacro %}

{% macro default__parse_cst_timestamp(expr) -%}
    (case
        when {{ expr }} is null then null
        -- The styles never overlap, so their order is only about cost. Epoch milliseconds and ISO 8601
        -- come first: their tests cost next to nothing on other values, and a JSON export holds
        -- millions of them (one per lifecycle step). Then the common styles, each recognised by one
        -- regex and typed by a cast: try_strptime over a list of formats is ~10× slower, and at 10M
        -- events the hotline's 年月日 times (a quarter of its values) made parsing 4× slower when they
        -- fell through to it.
        -- epoch milliseconds (13 digits) are UTC instants
        when length({{ expr }}) = 13 and try_cast({{ expr }} as bigint) is not null
            then {{ timestamp_from_epoch_ms('try_cast(' ~ expr ~ ' as bigint)') }} + interval 8 hour
        -- ISO 8601 with an offset: shift to UTC+8
        when {{ expr }} like '____-__-__T%' and {{ regex_full_match(expr, '\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:?\d{2}|Z)') }}
            then {{ plus_minutes(
                try_parse_timestamp('substr(' ~ expr ~ ', 1, 19)', ['%Y-%m-%dT%H:%M:%S', '%Y-%m-%dT%H:%M']),
                '480 - ' ~ _iso_offset_minutes(expr)
            ) }}
        -- Hours 00–23 only: a cast would read 24:00 as the next day, strptime rejects it. One or two
        -- digits for month, day and hour, as strptime's %m %d %H take them.
        -- 2024-03-05 14:03:22, 2024-3-5 14:03, 2024-03-05
        when {{ regex_full_match(expr, '\d{4}-\d{1,2}-\d{1,2}( ([01]?\d|2[0-3]):\d{2}(:\d{2})?)?') }}
            then try_cast({{ expr }} as timestamp)
        -- 2024/3/5 14:03
        when {{ regex_full_match(expr, '\d{4}/\d{1,2}/\d{1,2}( ([01]?\d|2[0-3]):\d{2}(:\d{2})?)?') }}
            then try_cast(replace({{ expr }}, '/', '-') as timestamp)
        -- 2024年3月5日, 2024年03月05日 14时03分, 2024年03月05日 14时03分22秒
        when {{ regex_full_match(expr, '\d{4}年\d{1,2}月\d{1,2}日( ([01]?\d|2[0-3])时\d{2}分(\d{2}秒)?)?') }}
            then try_cast({{ trim_end(
                "replace(replace(replace(replace(replace(replace(" ~ expr ~ ", '年', '-'), '月', '-'), '日', ''), '时', ':'), '分', ':'), '秒', '')",
                ':'
            ) }} as timestamp)
        -- Excel serial day numbers (days since 1899-12-30, fraction = time of day)
        when try_cast({{ expr }} as double) between 10000 and 99999.99999
            then {{ plus_seconds("timestamp '1899-12-30 00:00:00'", 'round(try_cast(' ~ expr ~ ' as double) * 86400)') }}
        -- 20240305
        when length({{ expr }}) = 8 and {{ regex_full_match(expr, '\d{8}') }}
            then {{ try_parse_timestamp(expr, ['%Y%m%d']) }}
        -- the rest (2024年3月5日 14:03, 2024.3.5, a 1-digit minute, ...)
        else {{ try_parse_timestamp(
            "replace(" ~ expr ~ ", 'T', ' ')",
            [
                '%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%d',
                '%Y/%m/%d %H:%M:%S', '%Y/%m/%d %H:%M', '%Y/%m/%d',
                '%Y年%m月%d日 %H时%M分%S秒', '%Y年%m月%d日 %H时%M分', '%Y年%m月%d日 %H:%M', '%Y年%m月%d日',
                '%Y%m%d', '%Y.%m.%d'
            ]
        ) }}
    end)
{%- endmacro %}

{% macro _iso_offset_minutes(text) -%}
    (case
        when right({{ text }}, 1) = 'Z' then 0
        else (case when substr(regexp_extract({{ text }}, '([+-])\d{2}:?\d{2}$', 1), 1, 1) = '-' then -1 else 1 end)
            * (try_cast(regexp_extract({{ text }}, '[+-](\d{2}):?(\d{2})$', 1) as integer) * 60
               + try_cast(regexp_extract({{ text }}, '[+-](\d{2}):?(\d{2})$', 2) as integer))
    end)
{%- endmacro %}

{# Date-only fields (registration days, birth dates) → date. #}
{% macro parse_cst_date(expr) -%}
    cast({{ parse_cst_timestamp(expr) }} as date)
{%- endmacro %}

{#
  A timestamp written with less precision than the previous step (a date only, or minutes
  without seconds) that falls inside the previous step's day/minute, but before it → the
  previous step's time: the export only tells us the day (or minute), not an earlier moment.
#}
{% macro _day_precision_clamp(column, previous) -%}
    case
        when {{ column }} < {{ previous }}
            and (
                {{ column }} = date_trunc('day', {{ previous }})
                or {{ column }} = date_trunc('minute', {{ previous }})
            )
            then {{ previous }}
        else {{ column }}
    end
{%- endmacro %}
