"""Gate for grid workers' app reports (docs/sources.md "grid_report")."""

import great_expectations.expectations as gxe

from ..checks import graded
from ..vocabularies import satisfaction_words, statuses
from . import common as q

S = "grid_report"
# Timestamps in lifecycle order; order checks compare them after the warehouse's day-precision clamp.
LIFECYCLE = ("reported_at", "closed_at")


def checks(ctx):
    return [
        *q.rows_present(S),
        *q.required(S, "report_id", "事件编号"),
        *q.unique(S, "report_id", "事件编号"),
        *q.required(S, "reported_at", "上报时间"),
        *q.required(S, "category", "事件类别"),
        *q.typed(S),
        *q.in_time_range(S, "reported_at", "上报时间", ctx),
        *q.in_time_range(S, "closed_at", "办结时间", ctx),
        *q.not_before(S, "closed_at", "reported_at", "办结时间不早于上报时间"),
        *q.in_vocabulary(S, "handle_level", "处置层级"),
        *q.in_vocabulary(S, "status", "事件状态", statuses(S)),
        # staging maps the systems it knows (and a missing one, meaning WGS-84); anything else is null
        *graded(
            f"{S}.coord_system.known",
            "坐标系可识别（WGS84 / GCJ02 / BD09）",
            "coordinate system is one we can convert",
            lambda **kw: gxe.ExpectColumnValuesToNotBeNull(column="coord_system", **kw),
            critical_below=q.VOCABULARY_SHARE,
            why=(
                "超过两成行的坐标系无法识别，坐标无法换算，整批点位不可用",
                "more than a fifth of rows name a coordinate system we cannot convert: the batch's points "
                "are unusable",
            ),
        ),
        *q.in_vocabulary(S, "evaluation", "群众评价", satisfaction_words()),
        *q.grid_code_form(S, "reported_grid_code", ctx),
        *q.inside_district(S, ctx),
    ]
