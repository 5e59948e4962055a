{# A numeric parameter from the kpi_parameters seed, as a scalar subquery. #}
{% macro kpi_parameter(name) -%}
    (select cast(value as double) from {{ ref('kpi_parameters') }} where parameter = '{{ name }}')
{%- endmacro %}
