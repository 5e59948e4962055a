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
