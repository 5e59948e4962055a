{#
  The SQL that differs between the two engines this project builds on (DuckDB, the embedded default,
  and Spark), each behind one dispatched macro: models call these, never the engine's own function,
  so the same model builds on both (`--target spark`). The DuckDB side renders exactly the SQL the
  models wrote before; the Spark side is the equivalent Spark SQL (4.x: QUALIFY, lambdas, try_cast,
  `::` and string_agg are common to both and need no macro).
#}

{# True when the whole of `expr` matches `pattern` (null when expr is null). #}
{% macro regex_full_match(expr, pattern) -%}
    {{ return(adapter.dispatch('regex_full_match')(expr, pattern)) }}
{%- endmacro %}
{% macro default__regex_full_match(expr, pattern) -%}
    regexp_full_match({{ expr }}, '{{ pattern }}')
{%- endmacro %}
{% macro spark__regex_full_match(expr, pattern) -%}
    ({{ expr }} rlike '^(?:{{ pattern }})$')
{%- endmacro %}

{# Text → timestamp by the first of `formats` (strptime's %Y %m %d %H %M %S) that reads it, else null. #}
{% macro try_parse_timestamp(expr, formats) -%}
    {{ return(adapter.dispatch('try_parse_timestamp')(expr, formats)) }}
{%- endmacro %}
{% macro default__try_parse_timestamp(expr, formats) -%}
    {%- if formats | length == 1 -%}
    try_strptime({{ expr }}, '{{ formats[0] }}')
    {%- else -%}
    try_strptime({{ expr }}, [{% for f in formats %}'{{ f }}'{% if not loop.last %}, {% endif %}{% endfor %}])
    {%- endif -%}
{%- endmacro %}
{% macro spark__try_parse_timestamp(expr, formats) -%}
    coalesce({% for f in formats %}try_to_timestamp({{ expr }}, "{{ _java_datetime_pattern(f) }}"){% if not loop.last %}, {% endif %}{% endfor %})
{%- endmacro %}
{#- strptime's fields → java.time's (in a double-quoted literal), one letter each (one or two digits, as
    strptime reads them) unless the fields touch (%Y%m%d), where only fixed widths can tell them apart;
    a literal T is quoted. -#}
{% macro _java_datetime_pattern(format) -%}
    {%- set fixed = '%Y%m' in format or '%m%d' in format -%}
    {%- set p = format.replace('T', "'T'").replace('%Y', 'yyyy') -%}
    {%- set p = p.replace('%m', 'MM' if fixed else 'M').replace('%d', 'dd' if fixed else 'd') -%}
    {%- set p = p.replace('%H', 'H').replace('%M', 'm').replace('%S', 's') -%}
    {{- p -}}
{%- endmacro %}

{# Epoch milliseconds (UTC) → timestamp. #}
{% macro timestamp_from_epoch_ms(expr) -%}
    {{ return(adapter.dispatch('timestamp_from_epoch_ms')(expr)) }}
{%- endmacro %}
{% macro default__timestamp_from_epoch_ms(expr) -%}
    epoch_ms({{ expr }})
{%- endmacro %}
{% macro spark__timestamp_from_epoch_ms(expr) -%}
    timestamp_millis({{ expr }})
{%- endmacro %}

{# A timestamp plus a whole number of minutes / a number of seconds. #}
{% macro plus_minutes(ts, minutes) -%}
    {{ ts }} + {{ interval_of(minutes, 'minutes') }}
{%- endmacro %}
{% macro plus_seconds(ts, seconds) -%}
    {{ ts }} + {{ interval_of(seconds, 'seconds') }}
{%- endmacro %}

{# `expr` without the characters of `chars` at its end. #}
{% macro trim_end(expr, chars) -%}
    {{ return(adapter.dispatch('trim_end')(expr, chars)) }}
{%- endmacro %}
{% macro default__trim_end(expr, chars) -%}
    rtrim({{ expr }}, '{{ chars }}')
{%- endmacro %}
{% macro spark__trim_end(expr, chars) -%}
    trim(trailing '{{ chars }}' from {{ expr }})
{%- endmacro %}

{# A list written in one text (separated by ， 、 ; ； or ,) → its trimmed, non-empty items. #}
{% macro text_list(expr) -%}
    {{ return(adapter.dispatch('text_list')(expr)) }}
{%- endmacro %}
{% macro default__text_list(expr) -%}
    list_filter(
        list_transform(
            string_split(regexp_replace(coalesce({{ expr }}, ''), '[，、;；]', ',', 'g'), ','), x -> trim(x)
        ),
        x -> x <> ''
    )
{%- endmacro %}
{% macro spark__text_list(expr) -%}
    filter(transform(split(coalesce({{ expr }}, ''), '[，、;；,]'), x -> trim(x)), x -> x <> '')
{%- endmacro %}

{# Every column of a relation (of `alias`, if given) but `columns` (`select {{ star_except([...]) }} from …`). #}
{% macro star_except(columns, alias=none) -%}
    {{ return(adapter.dispatch('star_except')(columns, alias)) }}
{%- endmacro %}
{% macro default__star_except(columns, alias) -%}
    {{ alias ~ '.' if alias }}* exclude ({{ columns | join(', ') }})
{%- endmacro %}
{% macro spark__star_except(columns, alias) -%}
    {{ alias ~ '.' if alias }}* except ({{ columns | join(', ') }})
{%- endmacro %}

{# The sum over positions i = 0 … n-1 of `term` (an expression of i) times weights[i]; null terms count 0. #}
{% macro weighted_sum(term, weights) -%}
    {{ return(adapter.dispatch('weighted_sum')(term, weights)) }}
{%- endmacro %}
{% macro default__weighted_sum(term, weights) -%}
    list_sum(list_transform(range({{ weights | length }}),
            i -> {{ term }} * [{{ weights | join(', ') }}][i + 1]
        ))
{%- endmacro %}
{% macro spark__weighted_sum(term, weights) -%}
    aggregate(
        transform(sequence(0, {{ weights | length - 1 }}), i -> {{ term }} * array({{ weights | join(', ') }})[i]),
        0, (acc, x) -> acc + coalesce(x, 0)
    )
{%- endmacro %}

{# The text at a JSON path of a JSON document held as text (null when the text is not JSON). #}
{% macro json_text_at(expr, path) -%}
    {{ return(adapter.dispatch('json_text_at')(expr, path)) }}
{%- endmacro %}
{% macro default__json_text_at(expr, path) -%}
    json_extract_string(try_cast({{ expr }} as json), '{{ path }}')
{%- endmacro %}
{% macro spark__json_text_at(expr, path) -%}
    get_json_object({{ expr }}, '{{ path }}')
{%- endmacro %}

{# The length of the JSON array at `path` (the document itself without one); null when not JSON. #}
{% macro json_array_length_at(expr, path=none) -%}
    {{ return(adapter.dispatch('json_array_length_at')(expr, path)) }}
{%- endmacro %}
{% macro default__json_array_length_at(expr, path) -%}
    json_array_length(try_cast({{ expr }} as json){% if path %}, '{{ path }}'{% endif %})
{%- endmacro %}
{% macro spark__json_array_length_at(expr, path) -%}
    json_array_length({% if path %}get_json_object({{ expr }}, '{{ path }}'){% else %}{{ expr }}{% endif %})
{%- endmacro %}

{#
  How a model that a day's build updates in place is materialised: incremental where the engine can
  delete and insert rows of a table (DuckDB), a whole table per build where it cannot (Spark over
  Parquet, without Delta or Iceberg: a city-sized Spark build is a full build).
#}
{% macro incremental_where_supported() %}
    {{ return(adapter.dispatch('incremental_where_supported')()) }}
{% endmacro %}

{% macro default__incremental_where_supported() %}
    {{ return('incremental') }}
{% endmacro %}

{% macro spark__incremental_where_supported() %}
    {{ return('table') }}
{% endmacro %}

{# One row per record of a JSON array of records held as text (`select …, {{ json_records(...) }} as r`),
   each record a struct of `fields`, all text; no rows when the text is not a JSON array. #}
{% macro json_records(expr, fields) -%}
    {{ return(adapter.dispatch('json_records')(expr, fields)) }}
{%- endmacro %}
{% macro default__json_records(expr, fields) -%}
    unnest(from_json(try_cast({{ expr }} as json), '[{
        {%- for f in fields %}"{{ f }}": "VARCHAR"{% if not loop.last %}, {% endif %}{% endfor -%}
    }]'))
{%- endmacro %}
{% macro spark__json_records(expr, fields) -%}
    explode(from_json({{ expr }}, 'array<struct<
        {%- for f in fields %}{{ f }}:string{% if not loop.last %},{% endif %}{% endfor -%}
    >>'))
{%- endmacro %}

{# One row per item of a list (`select …, {{ unnest_list('aliases') }} as name`); none for an empty or null list. #}
{% macro unnest_list(expr) -%}
    {{ return(adapter.dispatch('unnest_list')(expr)) }}
{%- endmacro %}
{% macro default__unnest_list(expr) -%}
    unnest({{ expr }})
{%- endmacro %}
{% macro spark__unnest_list(expr) -%}
    explode({{ expr }})
{%- endmacro %}

{# How many `unit` boundaries (day, month, year, hour, minute, second) lie between a and b, as DuckDB's
   date_diff counts them: 23:59 to 00:01 is one day and two minutes. #}
{% macro time_diff(unit, a, b) -%}
    {{ return(adapter.dispatch('time_diff')(unit, a, b)) }}
{%- endmacro %}
{% macro default__time_diff(unit, a, b) -%}
    date_diff('{{ unit }}', {{ a }}, {{ b }})
{%- endmacro %}
{% macro spark__time_diff(unit, a, b) -%}
    {%- set seconds = {'hour': 3600, 'minute': 60, 'second': 1} -%}
    {%- if unit == 'day' -%}
    cast(datediff(cast({{ b }} as date), cast({{ a }} as date)) as bigint)
    {%- elif unit == 'month' -%}
    cast((year({{ b }}) - year({{ a }})) * 12 + month({{ b }}) - month({{ a }}) as bigint)
    {%- elif unit == 'year' -%}
    cast(year({{ b }}) - year({{ a }}) as bigint)
    {%- elif unit in seconds -%}
    (floor(unix_seconds(cast({{ b }} as timestamp)) / {{ seconds[unit] }})
        - floor(unix_seconds(cast({{ a }} as timestamp)) / {{ seconds[unit] }}))
    {%- else -%}
    {{ exceptions.raise_compiler_error('time_diff: no Spark rendering for unit ' ~ unit) }}
    {%- endif -%}
{%- endmacro %}

{# `name as {{ materialized_cte() }} (…)`: DuckDB computes the CTE once for all its readers; Spark
   plans it where it is read (it has no such hint). #}
{% macro materialized_cte() -%}
    {{ return(adapter.dispatch('materialized_cte')()) }}
{%- endmacro %}
{% macro default__materialized_cte() -%}
    materialized
{%- endmacro %}
{% macro spark__materialized_cte() -%}
{%- endmacro %}

{# An interval of n `unit`s (days, hours, minutes: an integer expression; seconds: a number), to add to or
   subtract from a timestamp. #}
{% macro interval_of(n, unit) -%}
    {{ return(adapter.dispatch('interval_of')(n, unit)) }}
{%- endmacro %}
{% macro default__interval_of(n, unit) -%}
    to_{{ unit }}({{ n }})
{%- endmacro %}
{% macro spark__interval_of(n, unit) -%}
    {%- set position = ['days', 'hours', 'minutes', 'seconds'].index(unit) -%}
    {%- set value = 'cast(' ~ n ~ (' as decimal(18, 6))' if unit == 'seconds' else ' as int)') -%}
    make_interval(0, 0, 0{% for i in range(4) %}, {{ value if i == position else 0 }}{% endfor %})
{%- endmacro %}

{# A list type of `element` for a typed null or empty list. #}
{% macro list_of(element) -%}
    {{ return(adapter.dispatch('list_of')(element)) }}
{%- endmacro %}
{% macro default__list_of(element) -%}
    {{ element }}[]
{%- endmacro %}
{% macro spark__list_of(element) -%}
    array<{{ element }}>
{%- endmacro %}

{# Whether `pattern` occurs somewhere in `expr` (null for a null text). #}
{% macro regex_contains(expr, pattern) -%}
    {{ return(adapter.dispatch('regex_contains')(expr, pattern)) }}
{%- endmacro %}
{% macro default__regex_contains(expr, pattern) -%}
    regexp_matches({{ expr }}, {{ pattern }})
{%- endmacro %}
{% macro spark__regex_contains(expr, pattern) -%}
    ({{ expr }} rlike {{ pattern }})
{%- endmacro %}

{# The number of items of a list (null for a null list). #}
{% macro list_length(expr) -%}
    {{ return(adapter.dispatch('list_length')(expr)) }}
{%- endmacro %}
{% macro default__list_length(expr) -%}
    len({{ expr }})
{%- endmacro %}
{% macro spark__list_length(expr) -%}
    (case when {{ expr }} is not null then size({{ expr }}) end)
{%- endmacro %}

{# The items of a text list joined by `sep`. #}
{% macro list_join(expr, sep) -%}
    {{ return(adapter.dispatch('list_join')(expr, sep)) }}
{%- endmacro %}
{% macro default__list_join(expr, sep) -%}
    array_to_string({{ expr }}, {{ sep }})
{%- endmacro %}
{% macro spark__list_join(expr, sep) -%}
    array_join({{ expr }}, {{ sep }})
{%- endmacro %}

{# The first item of a list (null for an empty or null list). #}
{% macro list_first(expr) -%}
    {{ return(adapter.dispatch('list_first')(expr)) }}
{%- endmacro %}
{% macro default__list_first(expr) -%}
    {{ expr }}[1]
{%- endmacro %}
{% macro spark__list_first(expr) -%}
    try_element_at({{ expr }}, 1)
{%- endmacro %}

{# Aggregate: the latest non-null value of `expr` by `order_columns` (newest first: the newest load's, and
   in it the last row of the file). #}
{% macro latest_non_null(expr, order_columns) -%}
    {{ return(adapter.dispatch('latest_non_null')(expr, order_columns)) }}
{%- endmacro %}
{% macro default__latest_non_null(expr, order_columns) -%}
    any_value({{ expr }} order by {{ order_columns | join(' desc, ') }} desc)
{%- endmacro %}
{% macro spark__latest_non_null(expr, order_columns) -%}
    max_by({{ expr }}, case when {{ expr }} is not null then struct({{ order_columns | join(', ') }}) end)
{%- endmacro %}

{# Every match of `pattern` replaced; `replacement` (a SQL literal's text) refers to groups as \1 … \9. #}
{% macro regex_replace_all(expr, pattern, replacement) -%}
    {{ return(adapter.dispatch('regex_replace_all')(expr, pattern, replacement)) }}
{%- endmacro %}
{% macro default__regex_replace_all(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, '{{ pattern | replace("'", "''") }}', '{{ replacement | replace("'", "''") }}', 'g')
{%- endmacro %}
{% macro spark__regex_replace_all(expr, pattern, replacement) -%}
    {#- Java's replacement syntax: groups are $1 … $9, a literal $ is \$ -#}
    {%- set java = namespace(text=replacement | replace('$', '\\$')) -%}
    {%- for d in range(1, 10) -%}{%- set java.text = java.text | replace('\\' ~ d, '$' ~ d) -%}{%- endfor -%}
    regexp_replace({{ expr }}, '{{ pattern | replace("'", "''") }}', '{{ java.text | replace("'", "''") }}')
{%- endmacro %}

{# The list 0, 1, …, n − 1 (n ≥ 1). #}
{% macro count_up(n) -%}
    {{ return(adapter.dispatch('count_up')(n)) }}
{%- endmacro %}
{% macro default__count_up(n) -%}
    range({{ n }})
{%- endmacro %}
{% macro spark__count_up(n) -%}
    sequence(0, {{ n }} - 1)
{%- endmacro %}

{# A double rounded to `digits` places, half away from zero on its decimal value, as a double: DuckDB
   rounds a double's binary value (54.95 → 55.0) and Spark its exact decimal expansion (54.9499… → 54.9);
   through a decimal both engines round the same way. #}
{% macro round_to(expr, digits) -%}
    cast(round(cast({{ expr }} as decimal(38, 10)), {{ digits }}) as double)
{%- endmacro %}
