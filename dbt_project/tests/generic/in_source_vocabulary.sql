{# Generic test: the exported text of a coded field is one of its source's vocabulary (seed
   source_vocabularies). Used as a warning with its count: the warehouse maps other values to the
   unknown member (macro vocabulary_member), so they never stop a build. #}
{% test in_source_vocabulary(model, column_name, source, field) %}
select {{ column_name }} as value, count(*) as row_count
from {{ model }}
where {{ column_name }} is not null
    and {{ column_name }} not in (
        select v.value from {{ ref('source_vocabularies') }} as v
        where v.source = '{{ source }}' and v.field = '{{ field }}'
    )
group by 1
{% endtest %}
