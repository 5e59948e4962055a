{#
  Calendar helpers the working-day deadlines stand on (docs/domain.md §3). Engine-specific date
  functions live here, dispatched, so models stay portable.
#}

{# One row per day from `first_day` to `last_day` (date expressions over `relation`'s single row), column `day`. #}
{% macro day_spine(relation, first_day, last_day) -%}
    {{ return(adapter.dispatch('day_spine')(relation, first_day, last_day)) }}
{%- endmacro %}

{% macro default__day_spine(relation, first_day, last_day) -%}
    select cast(unnest(generate_series(cast({{ first_day }} as timestamp), cast({{ last_day }} as timestamp), interval 1 day)) as date) as day
    from {{ relation }}
{%- endmacro %}

{# Monday to Friday (before holidays and make-up working days are applied). #}
{% macro is_weekday(day) -%}
    {{ return(adapter.dispatch('is_weekday')(day)) }}
{%- endmacro %}

{% macro default__is_weekday(day) -%}
    (isodow({{ day }}) <= 5)
{%- endmacro %}

{% macro spark__day_spine(relation, first_day, last_day) -%}
    select explode(sequence(cast({{ first_day }} as date), cast({{ last_day }} as date), interval 1 day)) as day
    from {{ relation }}
{%- endmacro %}

{% macro spark__is_weekday(day) -%}
    (dayofweek({{ day }}) between 2 and 6)
{%- endmacro %}
