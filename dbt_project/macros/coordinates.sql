{#
  Chinese coordinate systems (docs/domain.md §7), as SQL expressions over double columns.
  The GCJ-02 forward offset is the public one (Krasovsky a, ee; polynomials centred on 105E/35N).
  The inverse has no closed form: `gcj02_to_wgs84_ctes` writes a chain of CTEs, each one
  step of the fixed-point iteration w ← g − offset(w), which converges to well under 0.5 m.
#}

{% macro _gcj_transform_lat(x, y) -%}
    (-100.0 + 2.0 * {{ x }} + 3.0 * {{ y }} + 0.2 * {{ y }} * {{ y }} + 0.1 * {{ x }} * {{ y }} + 0.2 * sqrt(abs({{ x }}))
     + (20.0 * sin(6.0 * {{ x }} * pi()) + 20.0 * sin(2.0 * {{ x }} * pi())) * 2.0 / 3.0
     + (20.0 * sin({{ y }} * pi()) + 40.0 * sin({{ y }} / 3.0 * pi())) * 2.0 / 3.0
     + (160.0 * sin({{ y }} / 12.0 * pi()) + 320.0 * sin({{ y }} * pi() / 30.0)) * 2.0 / 3.0)
{%- endmacro %}

{% macro _gcj_transform_lng(x, y) -%}
    (300.0 + {{ x }} + 2.0 * {{ y }} + 0.1 * {{ x }} * {{ x }} + 0.1 * {{ x }} * {{ y }} + 0.1 * sqrt(abs({{ x }}))
     + (20.0 * sin(6.0 * {{ x }} * pi()) + 20.0 * sin(2.0 * {{ x }} * pi())) * 2.0 / 3.0
     + (20.0 * sin({{ x }} * pi()) + 40.0 * sin({{ x }} / 3.0 * pi())) * 2.0 / 3.0
     + (150.0 * sin({{ x }} / 12.0 * pi()) + 300.0 * sin({{ x }} / 30.0 * pi())) * 2.0 / 3.0)
{%- endmacro %}

{# The GCJ-02 offset (degrees) of a WGS-84 point, longitude part. #}
{% macro gcj02_offset_lng(lng, lat) -%}
    ({{ _gcj_transform_lng('(' ~ lng ~ ' - 105.0)', '(' ~ lat ~ ' - 35.0)') }} * 180.0
        / (6378245.0 / sqrt(1 - 0.00669342162296594323 * pow(sin({{ lat }} / 180.0 * pi()), 2))
           * cos({{ lat }} / 180.0 * pi()) * pi()))
{%- endmacro %}

{# The GCJ-02 offset (degrees) of a WGS-84 point, latitude part. #}
{% macro gcj02_offset_lat(lng, lat) -%}
    ({{ _gcj_transform_lat('(' ~ lng ~ ' - 105.0)', '(' ~ lat ~ ' - 35.0)') }} * 180.0
        / ((6378245.0 * (1 - 0.00669342162296594323))
           / ((1 - 0.00669342162296594323 * pow(sin({{ lat }} / 180.0 * pi()), 2))
              * sqrt(1 - 0.00669342162296594323 * pow(sin({{ lat }} / 180.0 * pi()), 2)))
           * pi()))
{%- endmacro %}

{% macro in_china(lng, lat) -%}
    ({{ lng }} between 72.004 and 137.8347 and {{ lat }} between 0.8293 and 55.8271)
{%- endmacro %}

{# BD-09 → GCJ-02 (closed form). #}
{% macro bd09_to_gcj02_lng(lng, lat) -%}
    ((sqrt(pow({{ lng }} - 0.0065, 2) + pow({{ lat }} - 0.006, 2)) - 0.00002 * sin(({{ lat }} - 0.006) * pi() * 3000.0 / 180.0))
     * cos(atan2({{ lat }} - 0.006, {{ lng }} - 0.0065) - 0.000003 * cos(({{ lng }} - 0.0065) * pi() * 3000.0 / 180.0)))
{%- endmacro %}

{% macro bd09_to_gcj02_lat(lng, lat) -%}
    ((sqrt(pow({{ lng }} - 0.0065, 2) + pow({{ lat }} - 0.006, 2)) - 0.00002 * sin(({{ lat }} - 0.006) * pi() * 3000.0 / 180.0))
     * sin(atan2({{ lat }} - 0.006, {{ lng }} - 0.0065) - 0.000003 * cos(({{ lng }} - 0.0065) * pi() * 3000.0 / 180.0)))
{%- endmacro %}

{#
  CTEs converting `relation`'s (lng, lat, coord_system) to WGS-84. The last CTE is named
  `<name>` and has every column of `relation` plus wgs84_lng / wgs84_lat.
#}
{% macro to_wgs84_ctes(name, relation, lng='source_lng', lat='source_lat', system='coord_system', iterations=6) -%}
{{ name }}_gcj as (
    select
        *,
        case when {{ system }} = 'BD09' then {{ bd09_to_gcj02_lng(lng, lat) }} else {{ lng }} end as _g_lng,
        case when {{ system }} = 'BD09' then {{ bd09_to_gcj02_lat(lng, lat) }} else {{ lat }} end as _g_lat
    from {{ relation }}
),
{{ name }}_0 as (
    select *, _g_lng as _w_lng, _g_lat as _w_lat from {{ name }}_gcj
),
{% for i in range(1, iterations + 1) -%}
{{ name }}_{{ i }} as (
    select
        {{ star_except(["_w_lng", "_w_lat"]) }},
        _g_lng - {{ gcj02_offset_lng('_w_lng', '_w_lat') }} as _w_lng,
        _g_lat - {{ gcj02_offset_lat('_w_lng', '_w_lat') }} as _w_lat
    from {{ name }}_{{ i - 1 }}
),
{% endfor -%}
{{ name }} as (
    select
        {{ star_except(["_g_lng", "_g_lat", "_w_lng", "_w_lat"]) }},
        case
            when {{ lng }} is null or {{ lat }} is null then null
            when {{ system }} in ('GCJ02', 'BD09') and {{ in_china('_g_lng', '_g_lat') }} then _w_lng
            -- Baidu's own shift applies everywhere; the national offset only inside China
            when {{ system }} = 'BD09' then _g_lng
            else {{ lng }}
        end as wgs84_lng,
        case
            when {{ lng }} is null or {{ lat }} is null then null
            when {{ system }} in ('GCJ02', 'BD09') and {{ in_china('_g_lng', '_g_lat') }} then _w_lat
            -- Baidu's own shift applies everywhere; the national offset only inside China
            when {{ system }} = 'BD09' then _g_lat
            else {{ lat }}
        end as wgs84_lat
    from {{ name }}_{{ iterations }}
)
{%- endmacro %}
