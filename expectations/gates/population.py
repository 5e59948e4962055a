"""Gate for the real-population registry (实有人口, docs/sources.md "population")."""

from datetime import datetime

from . import common as q

S = "population"


def checks(ctx):
    return [
        *q.rows_present(S),
        *q.required(S, "person_name", "姓名"),
        *q.required(S, "address_code", "居住地址编码"),
        *q.unique(S, "id_number", "身份证号码"),
        *q.typed(S),
        *q.in_time_range(S, "birth_date", "出生日期", ctx, earliest=datetime(1900, 1, 1)),
        *q.not_before(S, "deregistered_on", "registered_on", "注销日期不早于登记日期"),
        *q.in_vocabulary(S, "person_type", "人口类型"),
        *q.in_vocabulary(S, "sex", "性别"),
        *q.id_number_valid(S, "id_number"),
        *q.phone_valid(S, "phone"),
    ]
