"""The gate of a source that declares its checks in its file (ingest/sources/<source>.toml) instead of a
module here: the shared rules of `common.py`, chosen by what each field says of itself.

- every key field: required (graded) and unique in the batch;
- every `required` field: required (graded);
- any field with a `type` other than text: the batch's dates and numbers parse (graded);
- `lifecycle = [...]`: the first and last step in a plausible time range, every later step not before
  the first (graded; a direct-closure source never lists dispatch after close);
- every field with `vocabulary = true`: a known code (seed source_vocabularies; graded);
- a field named `status`: a status of the seed status_map, when the source has any;
- `converts_points = true`: the points, in WGS-84, inside the district (graded).
"""

from __future__ import annotations

from ingest.specs import SPECS

from ..vocabularies import statuses
from . import common as q


def checks(source: str, ctx) -> list:
    spec = SPECS[source]
    out = [*q.rows_present(source)]
    for f in spec.fields:
        if f.key:
            out += q.required(source, f.column, f.header) + q.unique(source, f.column, f.header)
        elif f.required:
            out += q.required(source, f.column, f.header)
    if any(f.type not in ("text", "code") for f in spec.fields):
        out += q.typed(source)
    headers = {f.column: f.header for f in spec.fields}
    if spec.lifecycle:
        first, last = spec.lifecycle[0], spec.lifecycle[-1]
        out += q.in_time_range(source, first, headers[first], ctx)
        if last != first:
            out += q.in_time_range(source, last, headers[last], ctx)
        for step in spec.lifecycle[1:]:
            out += q.not_before(source, step, first, f"{headers[step]}不早于{headers[first]}")
    for f in spec.fields:
        if f.vocabulary:
            out += q.in_vocabulary(source, f.column, f.header)
    known_statuses = statuses(source)
    if "status" in headers and known_statuses:
        out += q.in_vocabulary(source, "status", headers["status"], known_statuses)
    if spec.converts_points:
        out += q.inside_district(source, ctx)
    return out
