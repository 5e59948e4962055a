"""Coordinate conversions: iterative inverses stay under half a metre in the district."""

import itertools

from ingest.rules.geo import (
    bd09_to_wgs84,
    gcj02_to_wgs84,
    haversine_m,
    to_wgs84,
    wgs84_to_bd09,
    wgs84_to_gcj02,
)


def _district_points():
    lngs = [118.76 + i * 0.007 for i in range(11)]
    lats = [31.99 + j * 0.006 for j in range(11)]
    return list(itertools.product(lngs, lats))


def test_gcj02_round_trip_under_half_a_metre():
    worst = max(
        haversine_m(lng, lat, *gcj02_to_wgs84(*wgs84_to_gcj02(lng, lat))) for lng, lat in _district_points()
    )
    assert worst < 0.5


def test_bd09_round_trip_under_half_a_metre():
    worst = max(
        haversine_m(lng, lat, *bd09_to_wgs84(*wgs84_to_bd09(lng, lat))) for lng, lat in _district_points()
    )
    assert worst < 0.5


def test_offsets_have_the_documented_size():
    lng, lat = 118.79, 32.02
    gcj = haversine_m(lng, lat, *wgs84_to_gcj02(lng, lat))
    bd = haversine_m(lng, lat, *wgs84_to_bd09(lng, lat))
    assert 200 < gcj < 900  # a few hundred metres
    assert bd > gcj + 300  # BD-09 adds its own shift


def test_outside_china_is_unchanged_and_wgs84_passthrough():
    assert wgs84_to_gcj02(2.35, 48.85) == (2.35, 48.85)
    assert to_wgs84(118.8, 32.0, "WGS84") == (118.8, 32.0)
    assert to_wgs84(118.8, 32.0, None) == (118.8, 32.0)


def test_the_warehouse_converts_points_exactly_as_the_python_rule():
    """One rule written twice: dbt's macro to_wgs84_ctes (every staged point) and ingest/rules/geo.py
    (the generator, the gates' fixtures). 3,000 points over China and beyond, in all three systems,
    agree within a centimetre."""
    import random

    import duckdb

    from expectations.staging_sql import render

    rng = random.Random(11)
    points = [
        (rng.uniform(lo_lng, hi_lng), rng.uniform(lo_lat, hi_lat), system)
        for lo_lng, hi_lng, lo_lat, hi_lat in (
            (118.7, 118.9, 31.9, 32.1),
            (73.0, 135.0, 18.0, 53.0),
            (-10, 40, 40, 60),
        )
        for system in ("WGS84", "GCJ02", "BD09")
        for _ in range(334)
    ]
    con = duckdb.connect()
    con.execute("create table pts (i integer, source_lng double, source_lat double, coord_system varchar)")
    con.executemany("insert into pts values (?, ?, ?, ?)", [(i, *p) for i, p in enumerate(points)])
    sql = render(
        "with {{ to_wgs84_ctes('converted', 'pts') }} select i, wgs84_lng, wgs84_lat from converted order by i"
    )
    worst = max(
        haversine_m(*to_wgs84(*points[i][:2], points[i][2]), lng, lat)
        for i, lng, lat in con.execute(sql).fetchall()
    )
    assert worst < 0.01, worst
