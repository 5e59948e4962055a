{#
  A table's primary key over one or more columns: no two rows share a key, and no key column is
  null except those named in `nullable` (an unlocated event's day counts have no grid). Fails with
  one row per duplicated or incomplete key. Scoped like every test (macros/test_scope.sql).
#}
{% test unique_key(model, columns, nullable=[]) %}
select {{ columns | join(', ') }}, count(*) as rows_with_key
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{%- for column in columns if column not in nullable %}
    or {{ column }} is null
{%- endfor %}
{% endtest %}
