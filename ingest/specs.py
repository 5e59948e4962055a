"""Declarative source specs: one per upstream export.

A spec says which folder a source arrives in, which file formats it may use, and for
each field its raw column name, the Chinese header and the aliases other exports use,
and whether it is required. Adding a source means adding a spec here; the loader is
generic. See docs/sources.md for the human-readable version.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .rules.textnorm import header_key


@dataclass(frozen=True)
class Field:
    column: str  # raw column name (ASCII, stable: dbt staging reads it)
    header: str  # canonical Chinese header (or JSON key)
    aliases: tuple[str, ...] = ()
    required: bool = False
    key: bool = False  # part of the source's record key; a row without it is rejected


@dataclass(frozen=True)
class SourceSpec:
    name: str
    title: str  # Chinese display name
    kind: str  # "event" or "registry"
    formats: tuple[str, ...]  # accepted: xlsx, csv, jsonl, json, geojson
    fields: tuple[Field, ...]
    coord_sys: str | None = None  # declared coordinate system of lng/lat fields
    coord_sys_column: str | None = None  # per-row override (grid reports)
    description: str = ""
    text_column: str | None = None  # the free-text complaint/description field (trace page, search)
    _lookup: dict[str, Field] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for f in self.fields:
            for name in (f.header, f.column, *f.aliases):
                self._lookup.setdefault(header_key(name), f)

    @property
    def columns(self) -> list[str]:
        return [f.column for f in self.fields]

    @property
    def required(self) -> list[Field]:
        return [f for f in self.fields if f.required]

    @property
    def key_fields(self) -> list[Field]:
        return [f for f in self.fields if f.key]

    def match_header(self, cell: str | None) -> Field | None:
        return self._lookup.get(header_key(cell))


def F(column: str, header: str, *aliases: str, required: bool = False, key: bool = False) -> Field:
    return Field(column, header, tuple(aliases), required or key, key)


HOTLINE_12345 = SourceSpec(
    name="hotline_12345",
    title="12345热线工单",
    kind="event",
    formats=("xlsx", "csv"),
    description="12345 hotline work orders (工单), monthly spreadsheet exports.",
    text_column="content",
    fields=(
        F("order_no", "工单编号", "工单号", "编号", key=True),
        F("accepted_at", "受理时间", "来电时间", "登记时间", required=True),
        F("caller_name", "来电人", "诉求人", "姓名"),
        F("caller_phone", "联系电话", "来电号码", "联系方式", "联系电话(手机)"),
        F("channel", "受理渠道", "来源渠道", "渠道"),
        F("request_type", "诉求类型", "来电类别", "诉求性质"),
        F("category", "问题分类", "分类", "业务分类", required=True),
        F("urgency", "紧急程度", "缓急程度"),
        F("address_text", "诉求地址", "事发地址", "地址"),
        F("content", "主要内容", "诉求内容", "来电内容"),
        F("handling_unit", "承办单位", "办理单位", "主办单位"),
        F("dispatched_at", "转办时间", "派单时间"),
        F("deadline_at", "办理时限", "办结时限", "截止时间"),
        F("closed_at", "办结时间", "完成时间"),
        F("status", "工单状态", "状态"),
        F("satisfaction", "回访结果", "满意度", "回访满意度"),
        F("resolved", "是否解决", "解决情况"),
    ),
)

CITY_MGMT = SourceSpec(
    name="city_mgmt",
    title="数字城管案卷",
    kind="event",
    formats=("csv", "xlsx"),
    coord_sys="GCJ02",
    description="Digital city-management cases (数字城管案卷), GBK CSV exports; coordinates in GCJ-02.",
    text_column="description",
    fields=(
        F("case_no", "案卷编号", "案件编号", "案件号", key=True),
        F("origin", "问题来源", "案件来源"),
        F("case_type", "案件类型", "类型"),
        F("major_class", "大类", "大类名称", required=True),
        F("minor_class", "小类", "小类名称"),
        F("minor_code", "小类编码", "类别编码"),
        F("description", "问题描述", "案件描述"),
        F("address_text", "地址描述", "位置描述"),
        F("street_name", "所属街道", "街道"),
        F("community_name", "所属社区", "社区"),
        F("grid_code", "单元网格", "网格编码"),
        F("coord_x", "坐标X", "经度"),
        F("coord_y", "坐标Y", "纬度"),
        F("reported_at", "上报时间", required=True),
        F("registered_at", "立案时间"),
        F("dispatched_at", "派遣时间"),
        F("handled_at", "处置完成时间"),
        F("verified_at", "核查时间"),
        F("closed_at", "结案时间"),
        F("handling_unit", "处置部门", "责任单位"),
        F("time_limit_hours", "处置时限", "时限(小时)"),
        F("rework_count", "返工次数"),
        F("status", "案卷状态", "状态"),
    ),
)

PETITION = SourceSpec(
    name="petition",
    title="信访件",
    kind="event",
    formats=("xlsx", "csv"),
    description="Petitions (信访件), spreadsheet or UTF-8-BOM CSV exports.",
    text_column="summary",
    fields=(
        F("petition_no", "信访件编号", "编号", key=True),
        F("registered_on", "登记日期", "信访日期", required=True),
        F("form", "信访形式", "形式"),
        F("petitioner_name", "信访人", "姓名"),
        F("petitioner_id_number", "证件号码", "身份证号"),
        F("petitioner_phone", "联系电话", "电话"),
        F("people_count", "信访人数", "人数"),
        F("is_collective", "是否集体访"),
        F("is_repeat", "是否重复信访"),
        F("original_petition_no", "原信访件编号", "首次信访件编号"),
        F("street_name", "问题属地", "属地"),
        F("category", "内容分类", "问题分类", required=True),
        F("purpose", "信访目的", "目的"),
        F("summary", "概况", "主要诉求"),
        F("handling_unit", "责任单位", "办理单位"),
        F("accepted_on", "受理日期", "受理时间"),
        F("due_on", "办理期限", "限办日期"),
        F("closed_on", "办结日期", "办结时间"),
        F("satisfaction", "满意度", "评价结果"),
        F("is_reviewed", "是否复查"),
        F("is_rechecked", "是否复核"),
    ),
)

GRID_REPORT = SourceSpec(
    name="grid_report",
    title="网格员上报",
    kind="event",
    formats=("jsonl", "json"),
    coord_sys="WGS84",
    coord_sys_column="coord_sys",
    description="Grid workers' app reports (网格上报), JSON Lines or JSON arrays; coord_sys per row.",
    text_column="description",
    fields=(
        F("event_id", "event_id", key=True),
        F("grid_code", "grid_code", required=True),
        F("reporter_id", "reporter_id"),
        F("reported_at", "reported_at", required=True),
        F("category", "category", required=True),
        F("description", "description"),
        F("address", "address"),
        F("lng", "lng"),
        F("lat", "lat"),
        F("coord_sys", "coord_sys"),
        F("photos", "photos"),
        F("self_handled", "self_handled"),
        F("handle_level", "handle_level"),
        F("status", "status"),
        F("steps", "steps"),
        F("closed_at", "closed_at"),
        F("evaluation", "evaluation"),
    ),
)

ADDRESS = SourceSpec(
    name="address",
    title="标准地址",
    kind="registry",
    formats=("csv", "xlsx"),
    coord_sys="WGS84",
    description="Standard address library (标准地址): buildings and rooms with WGS-84 points.",
    fields=(
        F("address_code", "地址编码", key=True),
        F("county", "区县"),
        F("street_name", "街道"),
        F("community_name", "社区"),
        F("road", "街路巷"),
        F("house_number", "门牌号"),
        F("estate", "小区"),
        F("building", "楼栋"),
        F("unit", "单元"),
        F("floor", "楼层"),
        F("room", "户室"),
        F("full_address", "完整地址", required=True),
        F("lng", "经度"),
        F("lat", "纬度"),
        F("grid_code", "网格编码"),
        F("safety_grade", "建筑安全等级"),
        F("usage", "房屋用途"),
    ),
)

POPULATION = SourceSpec(
    name="population",
    title="实有人口",
    kind="registry",
    formats=("xlsx", "csv"),
    description="Real population (实有人口) with ID numbers, types and key-group tags.",
    fields=(
        F("name", "姓名", required=True),
        F("id_number", "公民身份号码", "身份证号", "证件号码", required=True),
        F("sex", "性别"),
        F("birth_date", "出生日期"),
        F("ethnicity", "民族"),
        F("phone", "联系电话"),
        F("person_type", "人口类型"),
        F("address_code", "居住地址编码"),
        F("address_text", "居住地址"),
        F("hukou_address", "户籍地址"),
        F("key_groups", "重点人群"),
        F("registered_on", "登记日期"),
        F("deregistered_on", "注销日期"),
    ),
)

LEGAL_ENTITY = SourceSpec(
    name="legal_entity",
    title="法人单位及证照",
    kind="registry",
    formats=("csv", "xlsx"),
    description="Legal entities and licences (法人单位/证照), one row per licence.",
    fields=(
        F("uscc", "统一社会信用代码", key=True),
        F("entity_name", "单位名称", required=True),
        F("legal_representative", "法定代表人"),
        F("founded_on", "成立日期"),
        F("address_text", "经营地址"),
        F("address_code", "地址编码"),
        F("industry_code", "行业代码"),
        F("registration_status", "登记状态"),
        F("licence_type", "证照类型"),
        F("licence_no", "证照编号"),
        F("issued_on", "发证日期"),
        F("expires_on", "有效期至"),
    ),
)

GRID = SourceSpec(
    name="grid",
    title="网格边界",
    kind="registry",
    formats=("geojson", "json"),
    description="Grid boundaries (网格): GeoJSON FeatureCollection, one feature per grid.",
    fields=(
        F("grid_code", "grid_code", key=True),
        F("grid_name", "grid_name"),
        F("community_code", "community_code"),
        F("community_name", "community_name"),
        F("street_code", "street_code"),
        F("street_name", "street_name"),
        F("grid_type", "grid_type"),
        F("worker_id", "worker_id"),
        F("geometry", "geometry", required=True),
        F("crs_name", "crs_name"),
    ),
)

ORG = SourceSpec(
    name="org",
    title="处置单位",
    kind="registry",
    formats=("csv", "xlsx"),
    description="Handling units (functional grids): communities, street offices, district departments.",
    fields=(
        F("org_code", "单位编码", key=True),
        F("org_name", "单位名称", required=True),
        F("org_type", "单位类型"),
        F("parent_org_code", "上级单位编码"),
        F("aliases", "别名"),
    ),
)

SPECS: dict[str, SourceSpec] = {
    s.name: s
    for s in (HOTLINE_12345, CITY_MGMT, PETITION, GRID_REPORT, ADDRESS, POPULATION, LEGAL_ENTITY, GRID, ORG)
}
EVENT_SOURCES = [s.name for s in SPECS.values() if s.kind == "event"]
