{#
  Which text of an event names its place (docs/geocoding.md). The matching itself is Python (ingest/addresses, read by the model
  int_address_texts_matched): these macros only choose its inputs, once, for every model that
  joins an event to its match.
#}

{# The matcher's table, one per distinct place text: the Python model on DuckDB, the SQL model calling
   the same matcher on Spark (models/intermediate/spark/int_address_texts_matched_spark.sql). #}
{% macro address_matches() -%}
    {{ return(adapter.dispatch('address_matches')()) }}
{%- endmacro %}

{% macro default__address_matches() -%}
    {{ return(ref('int_address_texts_matched')) }}
{%- endmacro %}

{% macro spark__address_matches() -%}
    {{ return(ref('int_address_texts_matched_spark')) }}
{%- endmacro %}

{# The address field, unless it is empty or only points elsewhere (详见诉求内容, 无, 同上 ...):
   then the complaint text, where the caller's place is written inside a sentence. #}
{% macro event_place_text(address_text, description) -%}
    (case
        when {{ address_is_pointer(address_text) }} then nullif(trim({{ description }}), '')
        when {{ address_takes_content(address_text, description) }}
            then trim({{ address_text }}) || ' ' || trim({{ description }})
        else trim({{ address_text }})
    end)
{%- endmacro %}

{# Whether the place text came from the address field or the complaint text. #}
{% macro event_place_origin(address_text, description) -%}
    (case
        when {{ address_is_pointer(address_text) }} then 'description'
        when {{ address_takes_content(address_text, description) }} then 'description'
        else 'address'
    end)
{%- endmacro %}

{# The complaint text completes the address field: the field names only an area (district, street,
   community), or a place without a number (an estate, a unit) while the complaint names a building. #}
{% macro address_takes_content(address_text, description) -%}
    (nullif(trim({{ description }}), '') is not null
        and ({{ address_is_area_only(address_text) }}
            or ({{ regex_contains('trim(' ~ address_text ~ ')', "'" ~ var('address_without_number_pattern') ~ "'") }}
                and not {{ regex_contains(address_text, "'" ~ var('address_numeral_pattern') ~ "'") }}
                and {{ regex_contains(description, "'" ~ var('content_building_pattern') ~ "'") }})))
{%- endmacro %}

{# The address field names only an area (district, street, community): the complaint text says where. #}
{% macro address_is_area_only(address_text) -%}
    {{ regex_contains('trim(' ~ address_text ~ ')', "'" ~ var('address_area_only_pattern') ~ "'") }}
{%- endmacro %}

{# The address field is empty, too short to name a place, or only points to the complaint text. #}
{% macro address_is_pointer(address_text) -%}
    (coalesce(length(trim({{ address_text }})), 0) < 2
        or {{ regex_contains('trim(' ~ address_text ~ ')', "'" ~ var('address_pointer_pattern') ~ "'") }})
{%- endmacro %}

{# True (decided when the node runs) when the address matcher rematched every text since this model
   last ran: the registry or the aliases changed, so every event is geocoded again. #}
{% macro address_index_changed() -%}
    {%- if execute and is_incremental() -%}
        {%- set sql -%}
            select coalesce((select max(index_fingerprint) from {{ address_matches() }}), '')
                <> coalesce((select max(index_fingerprint) from {{ this }}), '')
        {%- endset -%}
        {%- do return(run_query(sql).columns[0].values()[0]) -%}
    {%- else -%}
        {%- do return(false) -%}
    {%- endif -%}
{%- endmacro %}
