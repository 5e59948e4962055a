"""Gate for legal entities and their licences (docs/sources.md "legal_entity")."""

import great_expectations.expectations as gxe

from ..checks import warning
from . import common as q

S = "legal_entity"


def checks(ctx):
    return [
        *q.rows_present(S),
        *q.required(S, "uscc", "统一社会信用代码"),
        *q.required(S, "entity_name", "单位名称"),
        *q.required(S, "licence_type", "证照类型"),
        *q.typed(S),
        *q.uscc_valid(S, "uscc"),
        *q.not_before(S, "expires_on", "issued_on", "证照有效期至不早于发证日期"),
        *q.not_before(S, "issued_on", "founded_on", "发证日期不早于成立日期"),
        *q.in_vocabulary(S, "registration_status", "登记状态"),
        *warning(
            f"{S}.licence.unique",
            "同一单位的同类证照不重复登记",
            "one row per entity and licence type",
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["uscc", "licence_type", "licence_no"]),
        ),
    ]
