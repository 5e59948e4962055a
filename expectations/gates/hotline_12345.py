"""Gate for 12345 hotline work orders (docs/sources.md "hotline_12345")."""

from ..vocabularies import satisfaction_words, statuses
from . import common as q

S = "hotline_12345"
# Timestamps in lifecycle order; order checks compare them after the warehouse's day-precision clamp.
# There is no "closed after dispatch" rule: an order closed on the phone (直办, 即时办结) is closed at or
# before its dispatch, or never dispatched — a lifecycle path of its own (docs/domain.md §2).
LIFECYCLE = ("accepted_at", "dispatched_at", "closed_at")


def checks(ctx):
    return [
        *q.rows_present(S),
        *q.required(S, "work_order_no", "工单编号"),
        *q.unique(S, "work_order_no", "工单编号"),
        *q.required(S, "accepted_at", "受理时间"),
        *q.required(S, "category_path", "问题分类"),
        *q.typed(S),
        *q.in_time_range(S, "accepted_at", "受理时间", ctx),
        *q.in_time_range(S, "closed_at", "办结时间", ctx),
        *q.not_before(S, "dispatched_at", "accepted_at", "派单时间不早于受理时间"),
        *q.not_before(S, "closed_at", "accepted_at", "办结时间不早于受理时间"),
        *q.in_vocabulary(S, "request_type", "诉求类型"),
        *q.in_vocabulary(S, "urgency", "紧急程度"),
        *q.in_vocabulary(S, "channel", "来源渠道"),
        *q.in_vocabulary(S, "status", "工单状态", statuses(S)),
        *q.in_vocabulary(S, "satisfaction", "满意度", satisfaction_words()),
        *q.phone_valid(S, "caller_phone"),
    ]
