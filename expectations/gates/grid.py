"""Gate for grid boundaries (网格边界 GeoJSON, SOURCES.md "grid")."""

from . import common as q

S = "grid"


def checks(ctx):
    return [
        *q.rows_present(S),
        *q.required(S, "grid_code", "网格编码"),
        *q.unique(S, "grid_code", "网格编码"),
        *q.required(S, "geometry_geojson", "网格边界"),
        *q.grid_code_form(S, "grid_code", ctx, damaged_flag=None),
        *q.in_vocabulary(S, "grid_type", "网格类型"),
    ]
