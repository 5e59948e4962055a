{#
  Registry models (standard addresses, people) change only when a registry export is loaded
  (dbt_project/README.md, "Daily builds"). They are incremental models that a daily build keeps as
  they are, unless one of their registries got a load newer than the one they were built from
  (`_registry_loaded_at`, macro registry_changed): then the pre-hook empties them and the body
  builds them whole again. Usage, in the model:
      config(materialized='incremental', incremental_strategy='append',
             pre_hook="{{ delete_if_registry_changed([...]) }}")
      ... select ..., {{ registry_loaded_at([...]) }} as _registry_loaded_at,
              '{{ invocation_id }}' as _invocation_id ...   -- which build wrote the rows (tests)
      {{ skip_if_registry_unchanged([...]) }}   -- after the final select's from / where
#}

{# True when this build keeps the model's rows (an incremental build, no newer registry load). #}
{% macro registry_unchanged(registries) -%}
    {%- if not (execute and is_incremental()) -%}{%- do return(false) -%}{%- endif -%}
    {%- do return(not registry_has_newer_load(registries)) -%}
{%- endmacro %}

{% macro delete_if_registry_changed(registries) -%}
    {% if is_incremental() %}
    delete from {{ this }} where {{ registry_changed(registries) }}
    {% endif %}
{%- endmacro %}

{# Ends the model's final query: nothing to add when the rows are kept. #}
{% macro skip_if_registry_unchanged(registries) -%}
    {% if registry_unchanged(registries) %}limit 0{% endif %}
{%- endmacro %}

{# Post-hook of models holding a person's age: it moves with "now" (people's birthdays),
   not only with the registry; only rows whose age changed are written. #}
{% macro refresh_age(birth_date='birth_date') -%}
    {% if is_incremental() %}
    update {{ this }} as p
    set age = {{ time_diff("year", "p." ~ birth_date, "a.as_of_on") }}
    from (select cast(max(as_of_at) as date) as as_of_on from {{ ref('int_events_lifecycle') }}) as a
    where p.age is distinct from {{ time_diff("year", "p." ~ birth_date, "a.as_of_on") }}
    {% endif %}
{%- endmacro %}

{# The same for the evacuation list, whose ages come from dim_person. #}
{% macro refresh_age_from_dim_person() -%}
    {% if is_incremental() %}
    update {{ this }} as v
    set age = p.age
    from {{ ref('dim_person') }} as p
    where v.person_key = p.person_key
        and v.age is distinct from p.age
    {% endif %}
{%- endmacro %}

{# Post-hook of fct_licence: whether a licence has expired, and in how many days it will, move
   with "now"; only rows whose values changed are written. #}
{% macro refresh_licence_expiry() -%}
    {% if is_incremental() %}
    update {{ this }} as l
    set is_expired = not l.is_permanent and l.expires_on < a.as_of_on,
        days_to_expiry = case when not l.is_permanent then {{ time_diff("day", "a.as_of_on", "l.expires_on") }} end
    from (select cast(max(as_of_at) as date) as as_of_on from {{ ref('int_events_lifecycle') }}) as a
    where l.is_expired is distinct from (not l.is_permanent and l.expires_on < a.as_of_on)
        or l.days_to_expiry is distinct from
            (case when not l.is_permanent then {{ time_diff("day", "a.as_of_on", "l.expires_on") }} end)
    {% endif %}
{%- endmacro %}

{# Post-hook of dim_legal_entity: its expired-licence count, from fct_licence as refreshed. #}
{% macro refresh_expired_licence_count() -%}
    {% if is_incremental() %}
    update {{ this }} as e
    set expired_licence_count = n.expired_licence_count
    from (
        select x.uscc, coalesce(l.expired_licence_count, 0) as expired_licence_count
        from {{ this }} as x
        left join (
            select uscc, count(*) filter (where is_expired) as expired_licence_count
            from {{ ref('fct_licence') }}
            group by uscc
        ) as l
            on x.uscc = l.uscc
    ) as n
    where e.uscc = n.uscc
        and e.expired_licence_count is distinct from n.expired_licence_count
    {% endif %}
{%- endmacro %}
