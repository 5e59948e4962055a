"""Gate for the IoT device register (物联感知设备, docs/sources.md "iot_device")."""

from . import common as q

S = "iot_device"


def checks(ctx):
    return [
        *q.rows_present(S),
        *q.required(S, "device_id", "设备编号"),
        *q.unique(S, "device_id", "设备编号"),
        *q.required(S, "device_type", "设备类型"),
        *q.typed(S),
        *q.in_vocabulary(S, "device_type", "设备类型"),
        *q.inside_district(S, ctx),
    ]
