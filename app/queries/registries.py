"""Queries of the registries page (基础台账): population, housing and entities by grid, key
groups, dangerous buildings and who lives there (evacuation list), expiring licences.

Personal data comes masked from dim_person. `unmasked=True` joins restricted.dim_person_identity;
the page may ask for it only when the identity allows, and audits every such read."""

from __future__ import annotations

import pandas as pd

from app.queries.connection import published_query, read
from app.queries.scope import Scope

TTL = 300


def _street_clause(alias: str = "g") -> str:
    return f"(?::varchar is null or {alias}.street_code = ?)"


def _identity_columns(unmasked: bool) -> tuple[str, str]:
    """Name, ID number and phone: masked from dim_person, or unmasked through the restricted schema."""
    if unmasked:
        return (
            "i.person_name as name, i.id_number, i.phone",
            "left join restricted.dim_person_identity as i using (person_key)",
        )
    return "p.name_masked as name, p.id_number_masked as id_number, p.phone_masked as phone", ""


@published_query(ttl=TTL, max_entries=32)
def grid_summary(scope: Scope) -> pd.DataFrame:
    """One row per grid: residents, key groups, elderly alone, homes, dangerous buildings,
    active entities and licences expiring within 90 days."""
    street_code = scope.street_code
    return read(
        f"""
        with people as (
            select grid_code, count(*) as residents, count(*) filter (where is_key_group) as key_group_residents,
                   count(*) filter (where is_elderly_alone) as elderly_alone,
                   count(*) filter (where is_home_dangerous) as residents_in_dangerous
            from marts.dim_person where is_active group by grid_code
        ),
        homes as (
            select grid_code, count(*) filter (where address_level = 'room') as homes,
                   count(*) filter (where is_dangerous_building) as dangerous_buildings
            from marts.dim_address group by grid_code
        ),
        entities as (
            select grid_code, count(*) filter (where is_active) as active_entities from marts.dim_legal_entity
            group by grid_code
        ),
        licences as (
            select grid_code, count(*) as licences_at_risk from marts.rpt_risk_expired_licences group by grid_code
        )
        select g.grid_code, g.grid_name, g.community_name, g.street_name,
               coalesce(p.residents, 0) as residents, coalesce(p.key_group_residents, 0) as key_group_residents,
               coalesce(p.elderly_alone, 0) as elderly_alone,
               coalesce(p.residents_in_dangerous, 0) as residents_in_dangerous,
               coalesce(h.homes, 0) as homes, coalesce(h.dangerous_buildings, 0) as dangerous_buildings,
               coalesce(e.active_entities, 0) as active_entities, coalesce(l.licences_at_risk, 0) as licences_at_risk
        from marts.dim_grid as g
        left join people as p using (grid_code)
        left join homes as h using (grid_code)
        left join entities as e using (grid_code)
        left join licences as l using (grid_code)
        where {_street_clause()}
        order by g.grid_code""",
        [street_code, street_code],
    )


@published_query(ttl=TTL, max_entries=32)
def key_groups(scope: Scope) -> pd.DataFrame:
    """Active residents per key group (a person may be in several)."""
    street_code = scope.street_code
    return read(
        f"""
        with members as (
            select unnest(p.key_groups) as key_group
            from marts.dim_person as p join marts.dim_grid as g using (grid_code)
            where p.is_active and {_street_clause()}
        )
        select key_group, count(*) as residents from members group by key_group order by residents desc""",
        [street_code, street_code],
    )


@published_query(ttl=TTL, max_entries=32)
def dangerous_buildings(scope: Scope) -> pd.DataFrame:
    """Buildings graded C or D with residents: how many live there, how many in key groups."""
    street_code = scope.street_code
    return read(
        f"""
        select
            concat_ws(' ', a.street_name, a.community_name, coalesce(a.estate, a.road || a.house_number),
                      a.building) as building_address,
            p.home_safety_grade as safety_grade, g.grid_name, any_value(g.street_name) as street_name,
            count(*) as residents, count(*) filter (where p.is_key_group) as key_group_residents,
            count(*) filter (where p.is_elderly_alone) as elderly_alone,
            count(*) filter (where p.age >= 80) as aged_80_plus
        from marts.dim_person as p
        join marts.dim_address as a using (address_code)
        join marts.dim_grid as g on g.grid_code = p.grid_code
        where p.is_active and p.is_home_dangerous and {_street_clause()}
        group by all
        order by safety_grade desc, key_group_residents desc, residents desc""",
        [street_code, street_code],
    )


@published_query(ttl=TTL, max_entries=32)
def evacuation_list(scope: Scope, unmasked: bool = False) -> pd.DataFrame:
    """Everyone living in a C/D building, key groups and the elderly first (masked unless asked)."""
    street_code = scope.street_code
    who, join = _identity_columns(unmasked)
    return read(
        f"""
        select p.person_key, {who}, p.age, p.sex, array_to_string(p.key_groups, '、') as key_groups,
               p.is_elderly_alone, p.home_safety_grade as safety_grade, a.full_address, g.grid_name, g.street_name
        from marts.dim_person as p
        join marts.dim_address as a using (address_code)
        join marts.dim_grid as g on g.grid_code = p.grid_code
        {join}
        where p.is_active and p.is_home_dangerous and {_street_clause()}
        order by p.home_safety_grade desc, p.is_key_group desc, p.age desc nulls last, a.full_address""",
        [street_code, street_code],
    )


@published_query(ttl=TTL, max_entries=32)
def people(
    scope: Scope,
    grid_code: str | None,
    key_group: str | None,
    unmasked: bool = False,
    limit: int = 1000,
) -> pd.DataFrame:
    """Active residents of a street or grid, optionally of one key group (masked unless asked)."""
    street_code = scope.street_code
    who, join = _identity_columns(unmasked)
    return read(
        f"""
        select p.person_key, {who}, p.sex, p.age, p.person_type, array_to_string(p.key_groups, '、') as key_groups,
               a.full_address, g.grid_name
        from marts.dim_person as p
        join marts.dim_grid as g on g.grid_code = p.grid_code
        left join marts.dim_address as a using (address_code)
        {join}
        where p.is_active and {_street_clause()}
          and (?::varchar is null or p.grid_code = ?)
          and (?::varchar is null or list_contains(p.key_groups, ?))
        order by a.full_address, p.person_key
        limit {int(limit)}""",
        [street_code, street_code, grid_code, grid_code, key_group, key_group],
    )


@published_query(ttl=TTL, max_entries=32)
def entities(scope: Scope, lang: str = "zh") -> pd.DataFrame:
    """Legal entities located in the street (representatives masked), the industry named in `lang`."""
    street_code = scope.street_code
    industry = "e.industry_name_en" if lang == "en" else "e.industry_name"
    return read(
        f"""
        select e.uscc, e.entity_name, e.legal_representative_masked as legal_representative,
               {industry} as industry, e.industry_code,
               e.registration_status, e.licence_count, e.expired_licence_count, e.address_text, g.grid_name
        from marts.dim_legal_entity as e
        join marts.dim_grid as g using (grid_code)
        where {_street_clause()}
        order by e.expired_licence_count desc, e.entity_name""",
        [street_code, street_code],
    )


@published_query(ttl=TTL, max_entries=32)
def expiring_licences(scope: Scope, lang: str = "zh") -> pd.DataFrame:
    """Licences of active entities that expired or expire within the warning window."""
    street_code = scope.street_code
    industry = "l.industry_name_en" if lang == "en" else "l.industry_name"
    return read(
        f"""
        select l.licence_risk, l.days_to_expiry, l.expires_on, l.licence_type, l.licence_no, l.entity_name,
               {industry} as industry, l.uscc, l.address_text, g.grid_name, g.street_name
        from marts.rpt_risk_expired_licences as l
        left join marts.dim_grid as g using (grid_code)
        where {_street_clause()}
        order by l.days_to_expiry, l.entity_name""",
        [street_code, street_code],
    )
