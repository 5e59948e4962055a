{#
  Text cleaning used by every staging model (docs/domain.md §6, docs/domain.md §6).
  Each macro dispatches, so another adapter can supply its own implementation.
#}

{# Full-width digits, letters and punctuation → half-width; whitespace runs and line breaks → one space; trimmed. #}
{% macro half_width(expr) -%}
    {{ return(adapter.dispatch('half_width')(expr)) }}
{%- endmacro %}

{#- Most values need nothing but a trim. One regex test picks the few that hold a character
    translate() changes (U+3000 ideographic space; full-width digits, letters and （）－＋＃),
    a tab or line break, or two spaces in a row, and only those go through translate() (~1.3 µs
    per value in DuckDB 1.x, 30× a regex test) and the whitespace rewrite. Other full-width
    punctuation (，。：) is left as written, so a value holding only those needs the trim alone:
    testing for the whole U+FF01–U+FF5E block sent nearly every free-text value through
    translate() (the hotline's `content` took 6.1 s instead of 1.1 s at 10M events). Same result
    as running both on every value (checked on every text column of the 10M-event bench district). -#}
{% macro spark__half_width(expr) -%}
    case when {{ expr }} rlike '[{{ _full_width_chars() }}\t\n\f\r]|  ' then trim(regexp_replace(
        case when {{ expr }} rlike '[{{ _full_width_chars() }}]'
            then translate({{ expr }}, '{{ _full_width_chars() }}', '{{ _half_width_chars() }}')
            else {{ expr }} end,
        '\s+', ' '
    )) else trim({{ expr }}) end
{%- endmacro %}

{% macro default__half_width(expr) -%}
    case when regexp_matches({{ expr }}, '[{{ _full_width_chars() }}\t\n\f\r]|  ') then trim(regexp_replace(
        case when regexp_matches({{ expr }}, '[{{ _full_width_chars() }}]')
            then translate({{ expr }}, '{{ _full_width_chars() }}', '{{ _half_width_chars() }}')
            else {{ expr }} end,
        '\s+', ' ', 'g'
    )) else trim({{ expr }}) end
{%- endmacro %}

{#- What half_width's translate() maps, character by character; the full-width side is also the
    regex class that decides which values need it. (The spaces stay inside: the macros' whitespace
    control would trim them at either end, U+3000 included.) -#}
{% macro _full_width_chars() -%}
    ０１２３４５６７８９　ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ（）－＋＃
{%- endmacro %}

{% macro _half_width_chars() -%}
    0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz()-+#
{%- endmacro %}

{# Cleaned text, with the words exports use for "empty" (无, 暂无, NULL, -, /) turned into null. #}
{#- A regex, not `in (...)`: DuckDB plans a list of constants as a join, which a view cannot drop
    when its column is not read (every staging column would be cleaned for `count(*)`). -#}
{% macro clean_text(expr) -%}
    nullif(regexp_replace({{ half_width(expr) }}, '^(无|暂无|NULL|null|None|-|--|/)$', ''), '')
{%- endmacro %}

{# Codes stay text; a code a spreadsheet turned into scientific notation (3.20104E+17) is damaged. #}
{% macro is_damaged_code(expr) -%}
    coalesce({{ regex_full_match(expr, '\s*\d(\.\d+)?[eE]\+?\d+\s*') }}, false)
{%- endmacro %}

{# A code column (cleaned text in): spaces removed, null when damaged (the flag says so; the value is not "repaired"). #}
{% macro clean_code(expr) -%}
    case when {{ is_damaged_code(expr) }} then null else replace({{ expr }}, ' ', '') end
{%- endmacro %}

{# (cleaned text) 是/否, true/false, 1/0 → boolean; anything else → null. #}
{% macro parse_flag(expr) -%}
    case
        when {{ regex_full_match(expr, '是|true|True|TRUE|1|Y|y') }} then true
        when {{ regex_full_match(expr, '否|false|False|FALSE|0|N|n') }} then false
    end
{%- endmacro %}

{# (cleaned text) A number written as text (possibly "12.0" from a spreadsheet) → integer, null if not a number. #}
{% macro parse_integer(expr) -%}
    try_cast(try_cast({{ expr }} as double) as integer)
{%- endmacro %}

{# Lists the fields whose raw text was present but could not be typed, e.g. "accepted_at_text,deadline_at_text".
   `pairs` are (raw text column, typed expression) over one relation that holds both. #}
{% macro type_errors(pairs) -%}
    nullif(concat_ws(','
    {%- for raw, typed in pairs %},
        case when {{ raw }} is not null and ({{ typed }}) is null then '{{ raw }}' end
    {%- endfor %}
    ), '')
{%- endmacro %}

{#- A staging model types its columns once, in a CTE that also passes the raw texts of `pairs`
    through (type_error_inputs), and then adds `type_error_fields` over the typed columns
    (select_with_type_errors) instead of parsing every value a second time: a timestamp parse
    is most of a staging model's cost (two parses of four columns took 12.8 s of the hotline
    model's 27.6 s at 10M events). Column order stays: typed columns, type_error_fields, lineage. -#}
{% macro type_error_inputs(pairs) -%}
    {%- for raw, typed in pairs %}{{ raw }},
        {% endfor -%}
{%- endmacro %}

{% macro select_with_type_errors(relation, pairs) -%}
    select
        {%- set dropped = [] -%}
        {%- for raw, typed in pairs %}{% do dropped.append(raw) %}{% endfor %}
        {{ star_except(dropped + ['_load_id', '_source_file', '_row_number', '_loaded_at']) }},
        {{ type_errors(pairs) }} as type_error_fields,
        _load_id,
        _source_file,
        _row_number,
        _loaded_at
    from {{ relation }}
{%- endmacro %}

{# A coded field as the warehouse uses it: the value when it is one of the source's vocabulary
   (seed source_vocabularies), null when empty, else the explicit unknown member 未知. The text as
   exported stays beside it in <field>_original; the gate's in_vocabulary check names the rows. #}
{% macro vocabulary_member(source, field, expr) -%}
    case
        when {{ expr }} is null then null
        when {{ expr }} in (
            select v.value from {{ ref('source_vocabularies') }} as v
            where v.source = '{{ source }}' and v.field = '{{ field }}'
        ) then {{ expr }}
        else '{{ var("unknown_member", "未知") }}'
    end
{%- endmacro %}

{#- One row per class along a classification path (城乡建设>市容环境>占道经营, or with / or ＞ or -):
    `keep` columns, the path column, `segment` (the class name, trimmed) and `depth` (1 = first level). -#}
{% macro path_segments(relation, path_column, keep=[]) -%}
    {{ return(adapter.dispatch('path_segments')(relation, path_column, keep)) }}
{%- endmacro %}

{% macro default__path_segments(relation, path_column, keep) -%}
    select
        {% for k in keep %}{{ k }}, {% endfor %}{{ path_column }},
        trim(unnest(parts)) as segment,
        unnest(range(1, len(parts) + 1)) as depth
    from (
        select *, string_split(regexp_replace({{ path_column }}, '\s*[>/＞\-]\s*', '>', 'g'), '>') as parts
        from {{ relation }}
    )
{%- endmacro %}

{% macro spark__path_segments(relation, path_column, keep) -%}
    select
        {% for k in keep %}{{ k }}, {% endfor %}{{ path_column }},
        trim(part) as segment,
        position + 1 as depth
    from (
        select
            {% for k in keep %}{{ k }}, {% endfor %}{{ path_column }},
            posexplode(split(regexp_replace({{ path_column }}, '\s*[>/＞\-]\s*', '>'), '>')) as (position, part)
        from {{ relation }}
    )
{%- endmacro %}

{#- A source category path → unified category by the class names along it (seed taxonomy_class_rules):
    the deepest class holding a rule's keyword decides, lower priority number first. `relation` has
    columns source and source_category; one row per path that some rule places (docs/domain.md §5). -#}
{% macro classify_class_paths(relation) -%}
    select
        c.source,
        c.source_category,
        r.category_code
    from ({{ path_segments(relation, 'source_category', ['source']) }}) as c
    inner join {{ ref('taxonomy_class_rules') }} as r
        on contains(c.segment, r.keyword)
    qualify row_number() over (
        partition by c.source, c.source_category order by c.depth desc, r.priority
    ) = 1
{%- endmacro %}
