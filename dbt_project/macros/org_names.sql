{#
  How a handling unit's name becomes a match key: the prefixes and suffixes of the
  org_name_affixes seed dropped (南京市/秦淮区 …, 办事处/居民委员会/居委会). Used for the
  registry's names (int_orgs_keyed) and the names in exports (int_events_org_mapped) alike.
#}
{% macro org_affix_patterns_cte() -%}
org_affix_patterns as (
    select
        '^(' || string_agg(affix, '|') filter (where position = 'prefix') || ')+' as prefix_pattern,
        '(' || string_agg(affix, '|') filter (where position = 'suffix') || ')$' as suffix_pattern
    from {{ ref('org_name_affixes') }}
)
{%- endmacro %}

{# Needs org_affix_patterns (aliased `a`) in scope. #}
{% macro org_name_key(name) -%}
    regexp_replace(regexp_replace(replace({{ name }}, ' ', ''), a.prefix_pattern, ''), a.suffix_pattern, '')
{%- endmacro %}
