"""How the demo's callers, operators and grid workers write a place, in realistic shares.

Real 12345 address fields are mostly tidy, but a good part is not: the old district name (白下区,
merged into 秦淮区 in 2013), `南京秦淮区` without 市, another street's name in front of a road, `3#楼`,
`第3栋`, `5—1—202`, Chinese numerals down to the room (`六零二`), `一楼门面`, `3楼` / `地下室` after a
house number, the road's generic word wrong (`常府路` for 常府街), operators' dashed forms
(`秦淮区-瑞金路街道-瑞金新村-5栋`), the caller's name and number typed before the place, the estate left out
(`X路N号M幢`), `号院`, old 新村 whose buildings are numbered like houses (`瑞金新村18号`), an estate named
alone, a one-character homophone typo (pinyin input), a unit instead of a 门牌, `5动` for `5栋`, a road's
section left out (`龙蟠路` for 龙蟠中路), an estate called by the start of its name, traditional characters. This module writes those
shapes; it shares no code with the matcher that reads them (ingest/addresses).

`write_place` returns the text and the standard address it names: the room or building written, the
building when a room is written without its unit, '' when it names none (an estate alone).
"""

from __future__ import annotations

from random import Random

from ..rules.textnorm import to_fullwidth
from .registries import Address

NOISE_WORDS = ("附近", "旁边", "对面", "门口", "楼下", "东侧", "西侧")
SHOP_WORDS = ("一楼门面", "底商", "1楼", "一层门面房", "沿街门面")
CN_DIGITS = "零一二三四五六七八九"
# Characters people mistype for one read alike (pinyin input methods pick the wrong one).
HOMOPHONES = {
    "园": "圆", "苑": "院", "花": "华", "庄": "装", "新": "心", "村": "邨", "家": "佳", "路": "陆",
    "街": "接", "道": "到", "华": "化", "府": "付", "营": "莹", "明": "名", "瑞": "锐", "金": "今",
    "湖": "糊", "光": "广", "凤": "风", "阳": "杨", "秀": "绣", "景": "井", "安": "按", "乐": "勒",
    "宁": "凝", "祥": "翔", "雅": "亚", "居": "局", "翠": "萃", "锦": "劲", "和": "合", "平": "萍",
    "福": "富", "康": "糠", "泰": "太", "石": "时", "城": "程", "江": "疆", "南": "楠", "山": "衫",
}  # fmt: skip
POINTERS = ("详见诉求内容", "", "见内容", "/", "详见工单内容", "同上", "如上所述", "（空）", "暂无")
UPPER_FLOORS = ("2楼", "三楼", "301室", "地下室", "楼顶", "二楼东侧")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙"
# The road's generic word written wrong (常府路 for 常府街): callers say the name, operators guess the word.
ROAD_WORD_SWAPS = (("大街", "路"), ("路", "街"), ("街", "路"), ("巷", "路"))


def road_word_swapped(road: str) -> str:
    for old, new in ROAD_WORD_SWAPS:
        if road.endswith(old) and len(road) > len(old) + 1:
            return road[: -len(old)] + new
    return road


# A road's section left out (龙蟠路 for 龙蟠中路): callers name the road, not which part of it.
ROAD_SECTIONS = "东西南北中"
# What pinyin input types for 栋 (dòng) and 幢 (zhuàng) after a number.
BUILDING_WORD_TYPOS = ("动", "洞", "冬", "撞")


def road_section_left_out(road: str) -> str:
    for generic in ("大街", "路", "街"):
        stem = road.removesuffix(generic)
        if stem != road and len(stem) >= 3 and stem[-1] in ROAD_SECTIONS:
            return stem[:-1] + generic
    return road


ESTATE_GENERIC_ENDS = (
    "花园",
    "家园",
    "佳园",
    "新村",
    "小区",
    "山庄",
    "公寓",
    "雅苑",
    "雅居",
    "苑",
    "园",
    "居",
)


def road_word_left_out(name: str, road: str) -> str:
    """A unit named after its road, said without the road's generic word (瑞金路小学 → 瑞金小学)."""
    for word in ("大街", "路", "街", "巷"):
        if road.endswith(word) and name.startswith(road) and len(road) - len(word) >= 2:
            return road.removesuffix(word) + name[len(road) :]
    return name


def estate_start(name: str) -> str:
    """An estate's name as its residents say it, without the generic end (紫扬 for 紫扬佳园, 明故宫 for
    明故宫苑); the whole name when nothing is left to say."""
    for end in ESTATE_GENERIC_ENDS:
        if name.endswith(end) and len(name) - len(end) >= 2:
            return name[: -len(end)]
    return name


def traditional(text: str) -> str:
    """The text in traditional characters (a caller whose input method is set to them)."""
    global _S2T
    if _S2T is None:
        from opencc import OpenCC

        _S2T = OpenCC("s2t")
    return _S2T.convert(text)


_S2T = None


def with_caller(rng: Random, text: str) -> str:
    """The caller's name and number typed into the address field before the place."""
    who = f"{rng.choice(SURNAMES)}{rng.choice(('先生', '女士', '师傅'))}"
    phone = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
    return rng.choice((f"{who} {phone} {text}", f"{text} 联系人：{who}{phone}", f"{who}（{phone}）{text}"))


def cn_number(n: int) -> str:
    """3 → 三, 12 → 十二, 25 → 二十五 (as people write building numbers)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


def cn_digits(number: str) -> str:
    """602 → 六零二 (room numbers are read digit by digit)."""
    return "".join(CN_DIGITS[int(c)] for c in number)


def homophone_typo(rng: Random, name: str) -> str:
    """The name with one character (not the first) replaced by one read alike, if any can be."""
    spots = [i for i, c in enumerate(name) if i > 0 and c in HOMOPHONES]
    if not spots:
        return name
    i = rng.choice(spots)
    return name[:i] + HOMOPHONES[name[i]] + name[i + 1 :]


def typed_twice(rng: Random, name: str) -> str:
    """The name with one of its characters typed twice (光华华路): a slip of quick typing."""
    i = rng.randrange(1, len(name)) if len(name) > 1 else 0
    return name[: i + 1] + name[i:]


def _number(house_number: str) -> int:
    digits = "".join(c for c in house_number.split("-")[0] if c.isdigit())
    return int(digits) if digits else 0


def _sub_number_forms(house_number: str) -> list[str]:
    main, _, sub = house_number.removesuffix("号").partition("-")
    return [f"{main}-{sub}号", f"{main}号之{cn_number(int(sub))}", f"{main}号附{sub}", f"{main}之{sub}号"]


def write_place(
    rng: Random,
    a: Address,
    other_streets: list[str],
    room_unique_in_building: bool = False,
    spoken_estate: str = "",
) -> tuple[str, str]:
    """(text, address code it names) for an incident at `a`. A room written without its unit names
    the room only when no other unit of the building has a room of that number; `spoken_estate` is
    the estate's short name residents use, when it is theirs alone."""
    if a.estate and not a.building:
        text, code = _unit(rng, a)
    elif not a.estate:
        text, code = _house(rng, a, other_streets)
    elif not a.room:
        text, code = _building(rng, a, other_streets, spoken_estate)
    else:
        text, code = _room(rng, a, room_unique_in_building)
    if rng.random() < 0.03:
        text = to_fullwidth(text)
    elif rng.random() < 0.006:
        text = traditional(text)
    return text, code


def _pick(rng: Random, weighted: list[tuple[float, str, str]]) -> tuple[str, str]:
    w, text, code = zip(*weighted, strict=True)
    i = rng.choices(range(len(w)), weights=w)[0]
    return text[i], code[i]


def _house(rng: Random, a: Address, other_streets: list[str]) -> tuple[str, str]:
    road, num, code = a.road, a.house_number, a.address_code
    if "-" in num:  # a sub-number: written every way people write one
        return f"{rng.choice(('', '秦淮区', '南京市秦淮区'))}{road}{rng.choice(_sub_number_forms(num))}", code
    n = _number(num)
    return _pick(
        rng,
        [
            (20, f"{road}{num}", code),
            (15, f"秦淮区{road}{num}", code),
            (14, f"南京市秦淮区{road}{num}{rng.choice(NOISE_WORDS)}", code),
            (8, f"{a.street_name}{road}{num}", code),
            (4, f"白下区{road}{num}", code),
            (4, f"南京秦淮区{road}{num}", code),
            (2, f"南京市白下区{road}{num}", code),
            (3, f"{rng.choice(other_streets)}{road}{num}", code),
            (5, f"{road}{num}{rng.choice(SHOP_WORDS)}", code),
            (2, f"{homophone_typo(rng, road)}{num}", code),
            (2, f"{road}{cn_number(n)}号" if n < 100 else f"{road}{num}", code),
            (2, f"{road} {n} 号", code),
            (2, f"{road_word_swapped(road)}{num}", code),
            (2, f"{road}{num}{rng.choice(UPPER_FLOORS)}", code),
            (2, f"秦淮区-{a.street_name}-{road}{num}", code),
            (2, f"江苏省南京市秦淮区{road}{num}", code),
            (2, with_caller(rng, f"{road}{num}"), code),
            (1, f"{road_section_left_out(road)}{num}", code),
            (0.5, f"{typed_twice(rng, road)}{num}", code),
            (0.5, f"{road}·{num}", code),
        ],
    )


def _building(rng: Random, a: Address, other_streets: list[str], spoken_estate: str = "") -> tuple[str, str]:
    b = int(a.building.removesuffix("栋"))
    code, estate, road, num = a.address_code, a.estate, a.road, a.house_number
    bword = rng.choice((f"{b}栋", f"{b}幢", f"{b}号楼", f"{cn_number(b)}栋", f"{b}栋", f"{b}#楼", f"第{b}栋"))
    numbered_like_house = estate.endswith(("新村", "村", "里"))
    return _pick(
        rng,
        [
            (10, f"{road}{num}{estate}{bword}", code),
            (10, f"秦淮区{a.street_name}{estate}{bword}", code),
            (10, f"{estate}{bword}{rng.choice(NOISE_WORDS)}", code),
            (8, f"南京市秦淮区{road}{num}{estate}{a.building}", code),
            (12, f"{estate}{bword}", code),
            (4, f"{road}{num}{b}幢", code),
            (2, f"{road}{num.removesuffix('号')}号院{b}栋", code),
            (3, f"{estate}{rng.choice(('', '小区', '门口'))}", ""),
            (0.5, f"{estate}{rng.randint(1, 4)}号门", ""),
            (3 if numbered_like_house else 0, f"{estate}{b}号", code),
            (3, f"白下区{estate}{bword}", code),
            (2, f"{rng.choice(other_streets)}{estate}{bword}", code),
            (3, f"{homophone_typo(rng, estate)}{bword}", code),
            (2, f"秦淮区-{a.street_name}-{estate}-{bword}", code),
            (2, f"{estate}（{road}{num}）{bword}", code),
            (2, with_caller(rng, f"{estate}{bword}"), code),
            (1 if numbered_like_house else 0, f"{homophone_typo(rng, estate)}{b}号", code),
            (1, f"{estate}{b}{rng.choice(BUILDING_WORD_TYPOS)}", code),
            (1 if spoken_estate else 0, f"{spoken_estate}{bword}", code),
            (0.5, f"{typed_twice(rng, estate)}{bword}", code),
            (0.3, f"{estate}{b}/{b + 1}栋", code),  # two buildings: the place is the first
            (0.2, f"{estate}{b}-{b + 2}栋", code),
        ],
    )


def _room(rng: Random, a: Address, unique: bool) -> tuple[str, str]:
    b = int(a.building.removesuffix("栋"))
    u, r = a.unit.removesuffix("单元"), a.room.removesuffix("室")
    code, building_code, estate = a.address_code, a.parent_code, a.estate
    return _pick(
        rng,
        [
            (12, f"{estate}{b}栋{u}单元{r}室", code),
            (10, f"{a.road}{a.house_number}{estate}{a.building}{a.unit}{a.room}", code),
            (8, f"{estate}{b}-{u}-{r}", code),
            (6, f"{estate}{b}栋{u}门{r}", code),
            (8, f"秦淮区{estate}{a.building}{a.unit}{a.room}", code),
            (3, f"{estate}{b}—{u}—{r}", code),
            (3, f"{estate}{cn_number(b)}栋{cn_number(int(u))}单元{cn_digits(r)}室", code),
            (2, f"{estate}{b}栋{r}室", code if unique else building_code),  # no unit
            (2, f"{estate}{b}栋{u}单元", building_code),
            (2, f"{estate}{b}栋{u}-{r}", code),
            (1, f"{estate}{b}栋{u}单{r}", code),
            (1, f"{estate}/{b}栋/{u}单元/{r}", code),
            (1, f"{estate}{b}栋.{u}单元.{r}室", code),
        ],
    )


def _unit(rng: Random, a: Address) -> tuple[str, str]:
    name, code = a.estate, a.address_code
    return _pick(
        rng,
        [
            (10, name, code),
            (6, f"{name}{rng.choice(('门口', '旁边', '附近', '对面'))}", code),
            (3, f"{a.road}{a.house_number}{name}", code),
            (2, f"秦淮区{name}", code),
            (1, road_word_left_out(name, a.road), code),  # 瑞金小学 for 瑞金路小学
        ],
    )


# How a caller says where they live before the place they call about (我住瑞金新村5栋，…)
HOME_WORDS = ("我住{home}，", "我家住{home}，", "本人住在{home}，", "来电人住{home}，", "我是{home}的居民，")


def pointer_or_place(rng: Random, place: str, area: str = "", estate: str = "") -> str:
    """The 12345 address field: now and then only a pointer to the complaint text (详见诉求内容, empty),
    only the area (the street, `秦淮区`), only the estate of a building, or the caller's name or number,
    while the complaint text says where."""
    r = rng.random()
    if r < 0.04:
        return rng.choice(POINTERS)
    if r < 0.055 and area:
        return rng.choice((area, "秦淮区", f"秦淮区{area}"))
    if r < 0.065 and estate and place.startswith(estate) and place[len(estate) : len(estate) + 1].isdigit():
        return rng.choice((estate, f"{estate}小区"))
    if r < 0.07:  # the caller typed where the place belongs
        who = f"{rng.choice(SURNAMES)}{rng.choice(('先生', '女士', '师傅'))}"
        return rng.choice((who, f"1{rng.choice('3589')}{rng.randrange(10**9):09d}", "来电人"))
    return place
