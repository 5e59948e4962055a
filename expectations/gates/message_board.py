"""Gate for online message-board posts (网上留言, docs/sources.md "message_board"). There is no
category and no address column to check: both come from the text in the warehouse."""

from . import common as q

S = "message_board"
# Timestamps in lifecycle order; order checks compare them after the warehouse's day-precision clamp.
LIFECYCLE = ("posted_at", "replied_at")


def checks(ctx):
    return [
        *q.rows_present(S),
        *q.required(S, "message_id", "留言编号"),
        *q.unique(S, "message_id", "留言编号"),
        *q.required(S, "posted_at", "留言时间"),
        *q.required(S, "subject", "留言主题"),
        *q.typed(S),
        *q.in_time_range(S, "posted_at", "留言时间", ctx),
        *q.not_before(S, "replied_at", "posted_at", "答复时间不早于留言时间"),
    ]
