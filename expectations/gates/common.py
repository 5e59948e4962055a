"""Rule factories the source gates share. Thresholds for the critical twins live here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import great_expectations.expectations as gxe

from .. import custom
from ..checks import Check, critical, graded, warning
from ..staging_sql import project_vars
from ..vocabularies import values

# Below these shares of passing rows an export is broken as a whole and is quarantined; above them
# the bad rows load with findings (or the loader rejects them row by row). Each share comes with why
# a failure that large is the file's fault, not the rows': the steward reads it in the quarantine
# reason and in Data Docs.
REQUIRED_SHARE = 0.50
REQUIRED_WHY = (
    "过半行缺少此字段，通常是列对应错了（表头改名、列错位），不是个别行漏填；个别行缺失只记为问题",
    "more than half the rows lack it: a column mapped wrong (renamed header, shifted columns), not a few "
    "rows left blank; a few blank rows are only findings",
)
PARSEABLE_SHARE = 0.90
PARSEABLE_WHY = (
    "超过一成的日期或数值无法解析，说明导出用了未登记的日期/数字格式，整批解析都不可信",
    "more than a tenth of dates or numbers do not parse: the export uses a date or number style we do "
    "not know, so none of its parsing can be trusted",
)
ORDER_SHARE = 0.95
ORDER_WHY = (
    "超过 5% 的行步骤时间倒序，通常是两列时间对调或时区错误；直接办结（先办结后派单或未派单）是正常流程，不算倒序",
    "steps out of order in more than 5% of rows: two time columns swapped or a wrong time zone; direct "
    "closure (closed before or without dispatch) is a normal path and does not count",
)
VOCABULARY_SHARE = 0.80
VOCABULARY_WHY = (
    "超过两成取值不在代码表内，说明是另一版本系统的代码，需先在来源配置里登记映射",
    "more than a fifth of values are unknown codes: another version of the system; map its codes first",
)
INSIDE_SHARE = 0.50
INSIDE_WHY = (
    "过半坐标落在辖区外，通常是经纬度对调或坐标系标错，而不是个别点位偏差",
    "more than half the points fall outside the district: longitude and latitude swapped or the "
    "coordinate system mislabelled, not a few stray points",
)
IDENTIFIER_SHARE = 0.50
IDENTIFIER_WHY = (
    "过半证件号码不合法，说明该列被截断或错位，不是个别登记错误",
    "more than half the identifiers are invalid: the column is truncated or shifted, not a few "
    "registration errors",
)
ROWS_WHY = (
    "没有数据行的文件不是一次导出（表头之外为空、或读错了工作表）",
    "a file without data rows is not an export (nothing below the header, or the wrong sheet)",
)


@dataclass(frozen=True)
class GateContext:
    district_code: str
    bbox: tuple[float, float, float, float]  # WGS-84 min lng, min lat, max lng, max lat
    margin_deg: float  # tolerance around the bounding box
    earliest: datetime  # plausible range of event timestamps
    latest: datetime

    @classmethod
    def default(cls, now: datetime | None = None) -> GateContext:
        v = project_vars()
        now = now or datetime.now()
        return cls(
            district_code=str(v["district_code"]),
            bbox=tuple(float(x) for x in v["district_bbox"]),
            margin_deg=0.01,
            earliest=datetime(2000, 1, 1),
            latest=now + timedelta(days=1),
        )


def rows_present(source: str) -> list[Check]:
    return critical(
        f"{source}.rows.present",
        "批次有数据行",
        "the batch has rows",
        gxe.ExpectTableRowCountToBeBetween(min_value=1),
        why=ROWS_WHY,
    )


def required(source: str, column: str, zh: str) -> list[Check]:
    return graded(
        f"{source}.{column}.required",
        f"{zh}必填",
        f"{column} is present",
        lambda **kw: gxe.ExpectColumnValuesToNotBeNull(column=column, **kw),
        critical_below=REQUIRED_SHARE,
        why=REQUIRED_WHY,
    )


def unique(source: str, column: str, zh: str) -> list[Check]:
    return warning(
        f"{source}.{column}.unique",
        f"{zh}在批次内唯一",
        f"{column} is unique within the batch",
        gxe.ExpectColumnValuesToBeUnique(column=column),
    )


def typed(source: str) -> list[Check]:
    """Every non-empty value could be typed (dates, numbers): staging lists the ones that could not."""
    return graded(
        f"{source}.values.parseable",
        "日期与数值可解析",
        "dates and numbers parse",
        lambda **kw: gxe.ExpectColumnValuesToBeNull(column="type_error_fields", **kw),
        critical_below=PARSEABLE_SHARE,
        why=PARSEABLE_WHY,
    )


def in_time_range(
    source: str, column: str, zh: str, ctx: GateContext, earliest: datetime | None = None
) -> list[Check]:
    earliest = earliest or ctx.earliest
    return warning(
        f"{source}.{column}.plausible",
        f"{zh}在合理时间范围内",
        f"{column} between {earliest:%Y-%m-%d} and tomorrow",
        gxe.ExpectColumnValuesToBeBetween(column=column, min_value=earliest, max_value=ctx.latest),
    )


def not_before(source: str, later: str, earlier: str, zh: str) -> list[Check]:
    """Lifecycle order: `later` ≥ `earlier` wherever both are present."""
    return graded(
        f"{source}.{later}.after_{earlier}",
        zh,
        f"{later} is not before {earlier}",
        lambda **kw: gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A=later, column_B=earlier, or_equal=True, ignore_row_if="either_value_is_missing", **kw
        ),
        critical_below=ORDER_SHARE,
        why=ORDER_WHY,
    )


def in_vocabulary(source: str, column: str, zh: str, accepted: list[str] | None = None) -> list[Check]:
    accepted = accepted if accepted is not None else values(source, column)
    return graded(
        f"{source}.{column}.vocabulary",
        f"{zh}取值在代码表内",
        f"{column} is a known code",
        lambda **kw: gxe.ExpectColumnValuesToBeInSet(column=column, value_set=accepted, **kw),
        critical_below=VOCABULARY_SHARE,
        why=VOCABULARY_WHY,
    )


def inside_district(
    source: str, ctx: GateContext, lng: str = "wgs84_lng", lat: str = "wgs84_lat"
) -> list[Check]:
    lo_x, lo_y, hi_x, hi_y = ctx.bbox
    m = ctx.margin_deg
    out: list[Check] = []
    for column, lo, hi, zh in ((lng, lo_x - m, hi_x + m, "经度"), (lat, lo_y - m, hi_y + m, "纬度")):
        out += graded(
            f"{source}.{column}.inside_district",
            f"坐标{zh}（转换为 WGS-84 后）在辖区范围内",
            f"{column} (after conversion to WGS-84) inside the district's bounds",
            lambda column=column, lo=lo, hi=hi, **kw: gxe.ExpectColumnValuesToBeBetween(
                column=column, min_value=lo, max_value=hi, **kw
            ),
            critical_below=INSIDE_SHARE,
            why=INSIDE_WHY,
        )
    return out


def grid_code_form(
    source: str, column: str, ctx: GateContext, damaged_flag: str | None = "is_grid_code_damaged"
) -> list[Check]:
    out = warning(
        f"{source}.{column}.form",
        "网格编码为 15 位且以本区代码开头",
        f"{column} has 15 digits starting with {ctx.district_code}",
        gxe.ExpectColumnValuesToMatchRegex(column=column, regex=rf"^{ctx.district_code}\d{{9}}$"),
    )
    if damaged_flag:
        out += warning(
            f"{source}.{column}.not_damaged",
            "网格编码未被表格软件改成科学计数法",
            f"{column} was not turned into scientific notation by a spreadsheet",
            gxe.ExpectColumnValuesToBeInSet(column=damaged_flag, value_set=[False]),
        )
    return out


def id_number_valid(source: str, column: str) -> list[Check]:
    return (
        graded(
            f"{source}.{column}.gb11643",
            "身份证号码合法（格式、出生日期、GB 11643 校验位；护照等其他证件不算错）",
            "ID number valid (format, birth date, GB 11643 check character; passports are another kind)",
            lambda **kw: custom.ExpectColumnValuesToBeValidResidentIdNumber(column=column, **kw),
            critical_below=IDENTIFIER_SHARE,
            why=IDENTIFIER_WHY,
            personal=True,
        )
        + warning(
            f"{source}.{column}.region",
            "身份证号码地区码可识别（省、市）",
            "resident ID number's province and city are known divisions",
            custom.ExpectColumnValuesToHaveKnownIdRegion(column=column),
            personal=True,
        )
        + warning(
            f"{source}.{column}.not_damaged",
            "身份证号码未被表格软件改成数字（科学计数法）",
            "ID number was not turned into a number by a spreadsheet",
            gxe.ExpectColumnValuesToBeInSet(column="is_id_number_damaged", value_set=[False]),
        )
    )


def uscc_valid(source: str, column: str) -> list[Check]:
    return graded(
        f"{source}.{column}.gb32100",
        "统一社会信用代码合法（字符集、组织机构代码校验、GB 32100 校验位）",
        "USCC valid (alphabet, organisation-code check, GB 32100 check character)",
        lambda **kw: custom.ExpectColumnValuesToBeValidUscc(column=column, **kw),
        critical_below=IDENTIFIER_SHARE,
        why=IDENTIFIER_WHY,
    )


def phone_valid(source: str, column: str) -> list[Check]:
    return warning(
        f"{source}.{column}.form",
        "电话号码格式正确（手机或固话）",
        "phone number is a mobile or landline number",
        custom.ExpectColumnValuesToBeValidChinesePhone(column=column),
        personal=True,
    )
