"""Gate for grid boundaries (网格边界 GeoJSON, docs/sources.md "grid")."""

import great_expectations.expectations as gxe

from ..checks import warning
from . import common as q

S = "grid"


def checks(ctx):
    return [
        *q.rows_present(S),
        *q.required(S, "grid_code", "网格编码"),
        *q.unique(S, "grid_code", "网格编码"),
        *q.required(S, "geometry_geojson", "网格边界"),
        *warning(
            f"{S}.geometry.polygon",
            "网格边界是有效的多边形（GeoJSON Polygon / MultiPolygon）",
            "the grid boundary is a valid polygon (GeoJSON Polygon / MultiPolygon)",
            gxe.ExpectColumnValuesToBeInSet(column="is_geometry_valid", value_set=[True]),
        ),
        *q.grid_code_form(S, "grid_code", ctx, damaged_flag=None),
        *q.in_vocabulary(S, "grid_type", "网格类型"),
    ]
