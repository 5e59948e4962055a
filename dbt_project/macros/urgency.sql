{# Whether an urgency value is urgent (var urgent_levels): the wall's highlight and its urgent alerts. #}
{% macro is_urgent(column) -%}
    coalesce({{ column }} in ({% for level in var('urgent_levels') %}'{{ level }}'{{ ", " if not loop.last }}{% endfor %}), false)
{%- endmacro %}
