{# Whether an urgency value is urgent (var urgent_levels): the wall's highlight and its urgent alerts. #}
{% macro is_urgent(column) -%}
    coalesce({{ column }} in ({% for level in var('urgent_levels') %}'{{ level }}'{{ ", " if not loop.last }}{% endfor %}), false)
{%- endmacro %}

{# Where an urgency value sorts, most urgent first (var urgency_order); every other value after them. #}
{% macro urgency_rank(column) -%}
    case {{ column }}
    {%- for level in var('urgency_order') %} when '{{ level }}' then {{ loop.index0 }}{% endfor %}
    else {{ var('urgency_order') | length }} end
{%- endmacro %}
