"""Gate for digital city-management cases (docs/sources.md "city_mgmt")."""

from ..vocabularies import statuses
from . import common as q

S = "city_mgmt"
# Timestamps in lifecycle order; order checks compare them after the warehouse's day-precision clamp.
LIFECYCLE = ("reported_at", "registered_at", "dispatched_at", "handled_at", "verified_at", "closed_at")


def checks(ctx):
    return [
        *q.rows_present(S),
        *q.required(S, "case_no", "案卷编号"),
        *q.unique(S, "case_no", "案卷编号"),
        *q.required(S, "reported_at", "上报时间"),
        *q.required(S, "minor_class", "案件小类"),
        *q.typed(S),
        *q.in_time_range(S, "reported_at", "上报时间", ctx),
        *q.in_time_range(S, "closed_at", "结案时间", ctx),
        *q.not_before(S, "registered_at", "reported_at", "立案时间不早于上报时间"),
        *q.not_before(S, "dispatched_at", "registered_at", "派遣时间不早于立案时间"),
        *q.not_before(S, "handled_at", "dispatched_at", "处置时间不早于派遣时间"),
        *q.not_before(S, "verified_at", "handled_at", "核查时间不早于处置时间"),
        *q.not_before(S, "closed_at", "verified_at", "结案时间不早于核查时间"),
        *q.in_vocabulary(S, "origin", "案件来源"),
        *q.in_vocabulary(S, "case_type", "案件类型"),
        *q.in_vocabulary(S, "status", "案卷状态", statuses(S)),
        *q.grid_code_form(S, "reported_grid_code", ctx),
        *q.inside_district(S, ctx),
    ]
