"""Gate for the handling-unit registry (处置单位, docs/sources.md "org")."""

from . import common as q

S = "org"


def checks(ctx):
    return [
        *q.rows_present(S),
        *q.required(S, "org_code", "单位编码"),
        *q.unique(S, "org_code", "单位编码"),
        *q.required(S, "org_name", "单位名称"),
        *q.in_vocabulary(S, "org_type", "单位类型"),
    ]
