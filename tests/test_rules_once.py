"""Business rules that live once, in the warehouse, and what the pages show from them."""

from __future__ import annotations

from tests.conftest import app_as, query


def test_a_flat_in_a_dangerous_building_is_dangerous_and_every_list_agrees(warehouse):
    # the registry grades buildings; a flat inherits its building's grade (dim_address, once)
    missed = query(
        warehouse,
        "select count(*) from marts.dim_person as p join marts.dim_address as a using (address_code) "
        "where a.building_safety_grade in ('C', 'D') and not p.is_home_dangerous",
    )[0][0]
    assert missed == 0
    residents = query(
        warehouse, "select count(*) from marts.dim_person where is_active and is_home_dangerous"
    )[0][0]
    vulnerable = query(warehouse, "select count(*) from marts.rpt_risk_vulnerable_residents")[0][0]
    in_both = query(
        warehouse,
        "select count(*) from marts.rpt_risk_vulnerable_residents as v "
        "join marts.dim_person as p using (person_key) where p.is_home_dangerous",
    )[0][0]
    assert residents > 0 and vulnerable > 0 and in_both == vulnerable


def test_the_evacuation_list_a_street_leader_uses_in_a_typhoon_is_not_empty(app_env):
    from app.queries.connection import warehouse_path

    streets = query(
        warehouse_path(),
        "select distinct g.street_code from marts.dim_person as p join marts.dim_grid as g using (grid_code) "
        "where p.is_active and p.is_home_dangerous",
    )
    at = app_as("admin", "registries")
    assert not at.exception, at.exception
    evacuation = next(d.value for d in at.dataframe if "身份证号" in d.value.columns)
    assert len(evacuation) > 0 and streets
