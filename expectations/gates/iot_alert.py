"""Gate for IoT sensor alerts (物联感知告警, docs/sources.md "iot_alert")."""

from ..vocabularies import statuses
from . import common as q

S = "iot_alert"
# Timestamps in lifecycle order; order checks compare them after the warehouse's day-precision clamp.
LIFECYCLE = ("alert_at", "dispatched_at", "handled_at", "cleared_at")


def checks(ctx):
    return [
        *q.rows_present(S),
        *q.required(S, "alert_id", "告警编号"),
        *q.unique(S, "alert_id", "告警编号"),
        *q.required(S, "device_id", "设备编号"),
        *q.required(S, "alert_at", "告警时间"),
        *q.typed(S),
        *q.in_time_range(S, "alert_at", "告警时间", ctx),
        *q.in_time_range(S, "cleared_at", "解除时间", ctx),
        *q.not_before(S, "dispatched_at", "alert_at", "派单时间不早于告警时间"),
        *q.not_before(S, "cleared_at", "alert_at", "解除时间不早于告警时间"),
        *q.in_vocabulary(S, "alert_kind", "告警类型"),
        *q.in_vocabulary(S, "alert_level", "告警级别"),
        *q.in_vocabulary(S, "status", "告警状态", statuses(S)),
    ]
