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
    {{ return(adapter.dispatch('plus_minutes')(ts, minutes)) }}
{%- endmacro %}
{% macro default__plus_minutes(ts, minutes) -%}
    {{ ts }} + to_minutes({{ minutes }})
{%- endmacro %}
{% macro spark__plus_minutes(ts, minutes) -%}
    {{ ts }} + make_interval(0, 0, 0, 0, 0, cast({{ minutes }} as int), 0)
{%- endmacro %}

{% macro plus_seconds(ts, seconds) -%}
    {{ return(adapter.dispatch('plus_seconds')(ts, seconds)) }}
{%- endmacro %}
{% macro default__plus_seconds(ts, seconds) -%}
    {{ ts }} + to_seconds({{ seconds }})
{%- endmacro %}
{% macro spark__plus_seconds(ts, seconds) -%}
    {{ ts }} + make_interval(0, 0, 0, 0, 0, 0, cast({{ seconds }} as decimal(18, 6)))
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

{# Every column of a relation but `columns` (`select {{ star_except([...]) }} from …`). #}
{% macro star_except(columns) -%}
    {{ return(adapter.dispatch('star_except')(columns)) }}
{%- endmacro %}
{% macro default__star_except(columns) -%}
    * exclude ({{ columns | join(', ') }})
{%- endmacro %}
{% macro spark__star_except(columns) -%}
    * except ({{ columns | join(', ') }})
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
