"""Gate for the standard address registry (标准地址, docs/sources.md "address")."""

import great_expectations.expectations as gxe

from ..checks import warning
from . import common as q

S = "address"


def checks(ctx):
    return [
        *q.rows_present(S),
        *q.required(S, "address_code", "地址编码"),
        *q.unique(S, "address_code", "地址编码"),
        *q.required(S, "full_address", "标准地址"),
        *q.typed(S),
        *warning(
            f"{S}.address_code.not_damaged",
            "地址编码未被表格软件改成科学计数法",
            "address_code was not turned into scientific notation by a spreadsheet",
            gxe.ExpectColumnValuesToBeInSet(column="is_address_code_damaged", value_set=[False]),
        ),
        *q.in_vocabulary(S, "safety_grade", "房屋安全等级"),
        *q.grid_code_form(S, "grid_code", ctx, damaged_flag=None),
        *q.inside_district(S, ctx, lng="lng", lat="lat"),
    ]
