"""Rule factories the source gates share. Thresholds for the critical twins live here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import great_expectations.expectations as gxe

from .. import custom
from ..checks import Check, critical, graded, warning
from ..staging_sql import project_vars
from ..vocabularies import values

# Below these shares of passing rows an export is broken as a whole and is quarantined.
REQUIRED_SHARE = 0.50  # a required field empty in more than half the rows: a column mapped wrong (fewer: the rows get findings)
PARSEABLE_SHARE = 0.90  # more than 10% untypeable: a date format or number format we do not know
ORDER_SHARE = 0.95  # lifecycle steps out of order in more than 5%: columns swapped or time zone wrong
VOCABULARY_SHARE = 0.80  # more than 20% unknown codes: another system version, map it first
INSIDE_SHARE = 0.50  # more than half the points outside the district: swapped lng/lat or wrong system
IDENTIFIER_SHARE = 0.50  # more than half bad: a truncated or shifted column (fewer: the rows get findings)


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
    )


def required(source: str, column: str, zh: str) -> list[Check]:
    return graded(
        f"{source}.{column}.required",
        f"{zh}必填",
        f"{column} is present",
        lambda **kw: gxe.ExpectColumnValuesToNotBeNull(column=column, **kw),
        critical_below=REQUIRED_SHARE,
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
    )


def in_vocabulary(source: str, column: str, zh: str, accepted: list[str] | None = None) -> list[Check]:
    accepted = accepted if accepted is not None else values(source, column)
    return graded(
        f"{source}.{column}.vocabulary",
        f"{zh}取值在代码表内",
        f"{column} is a known code",
        lambda **kw: gxe.ExpectColumnValuesToBeInSet(column=column, value_set=accepted, **kw),
        critical_below=VOCABULARY_SHARE,
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
    )


def phone_valid(source: str, column: str) -> list[Check]:
    return warning(
        f"{source}.{column}.form",
        "电话号码格式正确（手机或固话）",
        "phone number is a mobile or landline number",
        custom.ExpectColumnValuesToBeValidChinesePhone(column=column),
        personal=True,
    )
