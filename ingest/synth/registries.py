"""Base registries of the demo district: standard addresses, population, legal entities
with licences, and handling units. Each comes back as plain records so the event
generator can refer to them and the writers can put them into their export formats.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from random import Random

from ..rules.identifiers import (
    ORG_ALPHABET,
    USCC_ALPHABET,
    id_check_char,
    org_code_check_char,
    uscc_check_char,
    uscc_problem,
)
from .geography import CITY_NAME, DISTRICT_CODE, DISTRICT_NAME, Geography, Grid
from .names import (
    DEPARTMENTS,
    ESTATE_STEMS,
    ESTATE_SUFFIXES,
    ETHNICITIES,
    GIVEN_CHARS,
    KEY_GROUPS,
    ROADS,
    SURNAMES,
)

AS_OF = date(2026, 11, 20)
UNIT_WORDS = ("小学", "菜市场", "社区卫生服务中心", "幼儿园", "农贸市场")


@dataclass
class Address:
    address_code: str
    street_name: str
    community_name: str
    road: str
    house_number: str  # "18号"
    estate: str  # "" for a street-front building
    building: str  # "3栋" or ""
    unit: str  # "2单元" or ""
    floor: str
    room: str  # "501室" or ""
    lng: float
    lat: float
    grid: Grid
    safety_grade: str = ""  # buildings only
    usage: str = ""
    parent_code: str = ""  # a room's building

    @property
    def full_address(self) -> str:
        return (
            f"{CITY_NAME}{DISTRICT_NAME}{self.road}{self.house_number}{self.estate}{self.building}"
            f"{self.unit}{self.room}"
        )

    @property
    def is_building(self) -> bool:
        return not self.room


@dataclass
class Registries:
    buildings: list[Address]
    rooms: list[Address]
    buildings_by_grid: dict[str, list[Address]]
    rooms_by_building: dict[str, list[Address]]
    roads_by_community: dict[str, list[str]]
    people: list[list]
    entities: list[list]
    orgs: list[list]
    street_org_names: dict[str, str]  # street_code -> canonical office name
    community_org_names: dict[str, str]
    defects: Counter = field(default_factory=Counter)  # planted row defects, by the check that finds them


def _area_codes() -> list[str]:
    text = resources.files("ingest.reference").joinpath("areas.csv").read_text(encoding="utf-8")
    return [r["code"] for r in csv.DictReader(text.splitlines())]


def person_name(rng: Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN_CHARS) for _ in range(rng.choice((1, 2, 2))))


def mobile(rng: Random) -> str:
    return rng.choice(("13", "15", "17", "18", "19")) + f"{rng.randrange(10**9):09d}"


def id_number(rng: Random, area: str, born: date, male: bool) -> str:
    seq = rng.randrange(0, 500) * 2 + (1 if male else 0)
    first17 = f"{area}{born:%Y%m%d}{seq:03d}"
    return first17 + id_check_char(first17)


def uscc(rng: Random, valid: bool = True) -> str:
    org8 = "".join(rng.choice(ORG_ALPHABET[:10] + "ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    org9 = org8 + org_code_check_char(org8)
    if (
        org9[-1] not in USCC_ALPHABET
    ):  # an org check char outside the USCC alphabet cannot occur ('X','0'-'9')
        org9 = org9[:-1] + "0"
    first17 = "91" + DISTRICT_CODE + org9
    check = uscc_check_char(first17)
    if not valid:
        check = USCC_ALPHABET[(USCC_ALPHABET.index(check) + 1 + rng.randrange(29)) % 31]
    return first17 + check


def build_registries(geo: Geography, seed: int, n_people: int) -> Registries:
    rng = Random(f"reg-{seed}")
    n_addresses = int(n_people * 0.4)
    n_buildings = max(3 * len(geo.grids), n_addresses // 12)

    # Roads per community, and house numbers that increase along each road.
    roads_by_community: dict[str, list[str]] = {}
    for k, comm in enumerate(geo.communities):
        roads_by_community[comm.community_code] = [
            ROADS[(k * 3 + d) % len(ROADS)] for d in range(rng.choice((2, 3, 4)))
        ]
    next_number: dict[str, int] = {}
    estate_names: set[str] = set()

    comm_by_code = {c.community_code: c for c in geo.communities}
    street_by_code = {s.street_code: s for s in geo.streets}

    buildings: list[Address] = []
    buildings_by_grid: dict[str, list[Address]] = {}
    per_grid = [n_buildings // len(geo.grids)] * len(geo.grids)
    for i in range(n_buildings - sum(per_grid)):
        per_grid[i] += 1
    addr_seq = 0
    for grid, count in zip(geo.grids, per_grid, strict=True):
        comm = comm_by_code[grid.community_code]
        street = street_by_code[grid.street_code]
        estate = ""
        if grid.grid_type == "综合网格" and rng.random() < 0.85:
            estate = rng.choice(ESTATE_STEMS) + rng.choice(ESTATE_SUFFIXES)
            while estate in estate_names:  # ~900 single-stem names; then two-stem names
                estate = rng.choice(ESTATE_STEMS) + rng.choice(ESTATE_STEMS) + rng.choice(ESTATE_SUFFIXES)
            estate_names.add(estate)
        road = rng.choice(roads_by_community[comm.community_code])
        number = next_number.get(road, rng.randrange(1, 30))
        next_number[road] = number + rng.randrange(2, 12)
        for b in range(count):
            addr_seq += 1
            u, v = rng.uniform(0.1, 0.9), rng.uniform(0.1, 0.9)
            lng, lat = grid.point(u, v)
            in_estate = bool(estate) and b < max(1, count - 1)
            grade = rng.choices("ABCD", weights=(70, 24, 4.5, 1.5))[0]
            a = Address(
                address_code=f"{grid.community_code}{addr_seq:06d}",
                street_name=street.street_name,
                community_name=comm.community_name,
                road=road,
                house_number=f"{number}号" if in_estate else f"{number + 1 + b}号",
                estate=estate if in_estate else "",
                building=f"{b + 1}栋" if in_estate else "",
                unit="",
                floor="",
                room="",
                lng=round(lng, 7),
                lat=round(lat, 7),
                grid=grid,
                safety_grade=grade,
                usage="自住" if in_estate else rng.choice(("商用", "商用", "出租", "自住")),
            )
            buildings.append(a)
            buildings_by_grid.setdefault(grid.grid_code, []).append(a)

    # Shapes real registries have: a house's sub-numbers beside it (88号, 88-1号), and units (schools,
    # markets, clinics) registered as one address under their own name.
    unit_names: set[str] = set()
    for grid in geo.grids:
        houses = [b for b in buildings_by_grid.get(grid.grid_code, []) if not b.estate]
        for h in houses:
            if rng.random() < 0.04:
                addr_seq += 1
                sibling = Address(
                    **{**h.__dict__, "address_code": f"{grid.community_code}{addr_seq:06d}",
                       "house_number": h.house_number.removesuffix("号") + "-1号",
                       "lng": round(h.lng + 0.00004, 7), "lat": round(h.lat + 0.00003, 7)}
                )  # fmt: skip
                buildings.append(sibling)
                buildings_by_grid[grid.grid_code].append(sibling)
        if houses and rng.random() < 0.07:
            h = rng.choice(houses)
            name = h.road + rng.choice(UNIT_WORDS)
            if name in unit_names:
                continue
            unit_names.add(name)
            number = next_number.get(h.road, 1)
            next_number[h.road] = number + 2
            addr_seq += 1
            unit = Address(
                **{**h.__dict__, "address_code": f"{grid.community_code}{addr_seq:06d}",
                   "house_number": f"{number}号", "estate": name, "usage": "商用"}
            )  # fmt: skip
            buildings.append(unit)
            buildings_by_grid[grid.grid_code].append(unit)

    # Rooms, spread over estate buildings.
    estate_buildings = [b for b in buildings if b.estate and b.building]
    rooms: list[Address] = []
    rooms_by_building: dict[str, list[Address]] = {}
    n_rooms = max(0, n_addresses - len(buildings))
    for k in range(n_rooms):
        b = estate_buildings[k % len(estate_buildings)]
        existing = rooms_by_building.setdefault(b.address_code, [])
        idx = len(existing)
        unit, rest = divmod(idx, 12)
        floor, door = divmod(rest, 2)
        addr_seq += 1
        r = Address(
            address_code=f"{b.grid.community_code}{addr_seq:06d}",
            street_name=b.street_name,
            community_name=b.community_name,
            road=b.road,
            house_number=b.house_number,
            estate=b.estate,
            building=b.building,
            unit=f"{unit + 1}单元",
            floor=f"{floor + 1}",
            room=f"{floor + 1}0{door + 1}室",
            lng=b.lng,
            lat=b.lat,
            grid=b.grid,
            usage=rng.choices(("自住", "出租", "空置"), weights=(70, 22, 8))[0],
            parent_code=b.address_code,
        )
        rooms.append(r)
        existing.append(r)

    defects: Counter = Counter()
    people = _people(rng, rooms or buildings, n_people, defects)
    entities = _entities(
        rng, [b for b in buildings if not b.estate] or buildings, max(50, n_people // 15), defects
    )
    orgs, street_org_names, community_org_names = _orgs(geo)
    return Registries(
        buildings,
        rooms,
        buildings_by_grid,
        rooms_by_building,
        roads_by_community,
        people,
        entities,
        orgs,
        street_org_names,
        community_org_names,
        defects,
    )


POPULATION_HEADER = [
    "姓名",
    "公民身份号码",
    "性别",
    "出生日期",
    "民族",
    "联系电话",
    "人口类型",
    "居住地址编码",
    "居住地址",
    "户籍地址",
    "重点人群",
    "登记日期",
    "注销日期",
]


def _group_fits(group: str, age: int) -> bool:
    """A key group a person of this age can belong to (no 独居老人 of 37, no 留守儿童 of 40)."""
    if group in ("独居老人", "空巢老人"):
        return age >= 60
    if group == "留守儿童":
        return age < 16
    if group in ("社区矫正", "刑满释放", "优抚对象", "低保"):
        return age >= 18
    return True


def _people(rng: Random, homes: list[Address], n: int, defects: Counter) -> list[list]:
    areas = _area_codes()
    local = [a for a in areas if a.startswith("3201")]
    rows = []
    for _ in range(n):
        kind = rng.choices(("户籍", "流动", "境外"), weights=(72, 27.6, 0.4))[0]
        age = min(100, max(0, int(rng.gauss(42, 20))))
        born = AS_OF - timedelta(days=age * 365 + rng.randrange(365))
        male = rng.random() < 0.5
        home = rng.choice(homes)
        if kind == "境外":
            idn = ""
            hukou = "境外"
        else:
            area = (
                DISTRICT_CODE
                if kind == "户籍" and rng.random() < 0.8
                else rng.choice(local if kind == "户籍" else areas)
            )
            idn = id_number(rng, area, born, male)
            if rng.random() < 0.01:  # planted: a typo in the check character or the birth date
                if rng.random() < 0.7:
                    idn = idn[:17] + rng.choice([c for c in "0123456789X" if c != idn[17]])
                else:
                    idn = idn[:10] + "13" + idn[12:]
                defects["population.id_number.gb11643"] += 1
            hukou = (
                f"{CITY_NAME}{DISTRICT_NAME}{home.road}{home.house_number}"
                if kind == "户籍"
                else f"户籍地{area}"
            )
        tags = []
        if age >= 70 and rng.random() < 0.18:
            tags.append(rng.choice(("独居老人", "空巢老人")))
        if rng.random() < 0.025:
            tags.append(rng.choice([g for g in KEY_GROUPS if _group_fits(g, age)]))
        if age < 16 and rng.random() < 0.04:
            tags.append("留守儿童")
        registered = AS_OF - timedelta(days=rng.randrange(30, 365 * 15))
        deregistered = ""
        if rng.random() < 0.03:
            deregistered = (registered + timedelta(days=rng.randrange(30, 3000))).isoformat()
            if deregistered > AS_OF.isoformat():
                deregistered = ""
        rows.append(
            [
                person_name(rng),
                idn,
                "男" if male else "女",
                born.isoformat(),
                rng.choice(ETHNICITIES),
                mobile(rng) if rng.random() < 0.9 else "",
                kind,
                home.address_code,
                home.full_address,
                hukou,
                ",".join(dict.fromkeys(tags)),
                registered.isoformat(),
                deregistered,
            ]
        )
    return rows


ENTITY_HEADER = [
    "统一社会信用代码",
    "单位名称",
    "法定代表人",
    "成立日期",
    "经营地址",
    "地址编码",
    "行业代码",
    "登记状态",
    "证照类型",
    "证照编号",
    "发证日期",
    "有效期至",
]
_INDUSTRIES = (  # GB/T 4754-2017 classes (dbt_project/seeds/industry_classes.csv names them)
    ("5213", "便利店", ("营业执照", "食品经营许可证")),
    ("6210", "餐饮店", ("营业执照", "食品经营许可证", "卫生许可证")),
    ("8051", "洗浴中心", ("营业执照", "卫生许可证")),
    ("5251", "药房", ("营业执照", "药品经营许可证")),
    ("5169", "化工贸易有限公司", ("营业执照", "危险化学品经营许可证")),
    ("7020", "物业管理有限公司", ("营业执照",)),
    ("8391", "培训中心", ("营业执照", "办学许可证")),
    ("5227", "烟酒商行", ("营业执照", "烟草专卖零售许可证")),
)


def _entities(rng: Random, premises: list[Address], n: int, defects: Counter) -> list[list]:
    rows = []
    for _ in range(n):
        code = uscc(rng, valid=rng.random() >= 0.005)
        industry, kind, licences = rng.choice(_INDUSTRIES)
        place = rng.choice(premises)
        name = f"南京{rng.choice(ESTATE_STEMS)}{rng.choice(ESTATE_STEMS)}{kind}"
        founded = AS_OF - timedelta(days=rng.randrange(100, 365 * 20))
        status = rng.choices(("存续", "注销", "吊销"), weights=(90, 7, 3))[0]
        for lic in licences:
            issued = max(founded, AS_OF - timedelta(days=rng.randrange(30, 365 * 6)))
            years = 5 if lic != "营业执照" else 30
            expires = issued + timedelta(days=365 * years)
            if lic != "营业执照" and rng.random() < 0.12:  # planted: expired licence
                expires = AS_OF - timedelta(days=rng.randrange(1, 400))
                if expires < issued:  # expired "before it was issued": a data-entry error upstream
                    defects["legal_entity.expires_on.after_issued_on"] += 1
            if uscc_problem(code) is not None:
                defects["legal_entity.uscc.gb32100"] += 1
            rows.append(
                [
                    code,
                    name,
                    person_name(rng),
                    founded.isoformat(),
                    place.full_address,
                    place.address_code,
                    industry,
                    status,
                    lic,
                    f"{lic[:2]}{DISTRICT_CODE}{rng.randrange(10**8):08d}",
                    issued.isoformat(),
                    "长期" if lic == "营业执照" and rng.random() < 0.5 else expires.isoformat(),
                ]
            )
    return rows


ORG_HEADER = ["单位编码", "单位名称", "单位类型", "上级单位编码", "别名"]


def _orgs(geo: Geography) -> tuple[list[list], dict[str, str], dict[str, str]]:
    district_org = f"{DISTRICT_CODE}000000"
    rows = [[district_org, "秦淮区社会治理指挥中心", "区级部门", "", "区指挥中心,秦淮区指挥中心"]]
    street_names, community_names = {}, {}
    for s in geo.streets:
        office = f"{s.street_name}办事处"
        street_names[s.street_code] = office
        short = s.street_name.removesuffix("街道")
        rows.append(
            [
                f"{s.street_code}000",
                office,
                "街道",
                district_org,
                f"{s.street_name},秦淮区{office},{short}街办,{DISTRICT_NAME}{s.street_name}",
            ]
        )
        for c in s.communities:
            name = f"{c.community_name}居民委员会"
            community_names[c.community_code] = c.community_name
            rows.append(
                [
                    c.community_code,
                    name,
                    "社区",
                    f"{s.street_code}000",
                    f"{c.community_name},{c.community_name.removesuffix('社区')}居委会,{s.street_name}{c.community_name}",
                ]
            )
    for suffix, name, aliases in DEPARTMENTS:
        rows.append([f"{DISTRICT_CODE}{suffix}000", name, "区级部门", district_org, aliases])
    # An operational unit that is not a street (DOMAIN §1): mapped explicitly, never by name.
    rows.append(
        [
            f"{DISTRICT_CODE}400000",
            "夫子庙秦淮风光带管理委员会",
            "功能区",
            district_org,
            "风光带管委会,夫子庙秦淮风光带",
        ]
    )
    return rows, street_names, community_names
