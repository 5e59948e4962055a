"""The numbered elements that follow a named place: house number, building, unit, floor, room.

A road or an estate is found by looking it up (see `index`); what comes right after it is read here,
from normalised text (see `normalise`). Shapes people write after an estate or a house number:
`3栋2单元501室`, `3栋501`, `3栋5楼501`, `3-2-501`, `3-501`, `18号` (old 新村 whose buildings are
numbered like houses), `1楼门面`; after a road: `88号`, `88-1号`, `88` (no 号).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words between an estate's name and its building number that say nothing more (小区, 2期, 东区...).
_FILLER = r"(?:小区|社区|花园|新村|公寓|家园|大院|院内|院|\d+期|(?:[东西南北中]|\d+|[A-Z]\d*)区|[东西南北中]苑|内|第)*"
_TAIL = re.compile(
    _FILLER
    + r"""(?:
        (?P<b>\d+|[A-Z])栋-?(?:(?P<u>\d+)单元|(?P<ud>\d{1,2})-(?=\d{3,4}(?!\d)))?-?(?:(?P<f>\d+)(?:楼|层))?-?(?P<r>\d{3,4}|\d{1,2}(?=室|户))?(?:室|户|号)?
      | (?P<b2>\d+)-(?P<u2>\d+)-(?P<r2>\d{1,4})(?:室|户|号)?
      | (?P<b3>\d+)-(?P<r3>\d{3,4})(?:室|户|号)?
      | (?P<b4>\d+)号(?!门(?!面)|岗|出口|口|线)(?:-?(?P<u4>\d+)单元)?-?(?P<r4>\d{3,4})?(?:室|户)?
      | (?P<u5>\d+)单元-?(?P<r5>\d{3,4})?(?:室|户)?
      | (?P<f6>\d+)(?:楼|层)(?P<r6>\d{3,4})?
    )""",
    re.VERBOSE,
)
# A letter or 甲乙丙丁 after the number (77A号, 20甲号, 12号B) is a sub-number of its own kind.
_HOUSE = re.compile(
    r"(?P<m>\d+)(?:-(?P<s>\d+)|(?P<l>[A-Z甲乙丙丁])(?=号))?(?P<hao>号(?(l)|(?P<l2>[A-Z](?![\dA-Z栋区座楼单门层]))?))?"
)
# A room after a dashed sub-number with no 号 (中华路87-1-301): the house is 87-1
_ROOM_OF_SUB = re.compile(r"-\d{3,4}(?![\d-])")
# Words after a bare number that make it a count, a year, a bus line or a distance, not a house number.
_COUNTED = frozenset("路线年个米元次人天月日时点分岁辆台块条只位名期")
_BUILDING_ANYWHERE = re.compile(r"(?<![\d-])(\d+|[A-Z])栋|(?<![\d-])(\d+)-(\d+)-(\d{1,4})(?![\d-])")


@dataclass(frozen=True)
class Tail:
    building: str = ""
    unit: str = ""
    floor: str = ""
    room: str = ""
    numbered_like_house: bool = False  # `瑞金新村18号`: a building numbered with 号
    end: int = 0

    @property
    def empty(self) -> bool:
        return not (self.building or self.unit or self.room)


def _num(value: str | None) -> str:
    if not value:
        return ""
    return str(int(value)) if value.isdigit() else value


def read_tail(text: str, pos: int) -> Tail:
    """Building, unit, floor and room written at `pos` (an empty Tail when none)."""
    m = _TAIL.match(text, pos)
    if not m or m.end() == pos:
        return Tail(end=pos)
    g = m.groupdict()
    if g["b"]:
        return Tail(_num(g["b"]), _num(g["u"] or g["ud"]), _num(g["f"]), _num(g["r"]), end=m.end())
    if g["b2"]:
        return Tail(_num(g["b2"]), _num(g["u2"]), "", _num(g["r2"]), end=m.end())
    if g["b3"]:
        return Tail(_num(g["b3"]), "", "", _num(g["r3"]), end=m.end())
    if g["b4"]:
        return Tail(_num(g["b4"]), _num(g["u4"]), "", _num(g["r4"]), numbered_like_house=True, end=m.end())
    if g["u5"]:
        return Tail("", _num(g["u5"]), "", _num(g["r5"]), end=m.end())
    return Tail("", "", _num(g["f6"]), _num(g["r6"]), end=m.end())


@dataclass(frozen=True)
class House:
    main: str
    sub: str
    has_hao: bool
    end: int


def read_house(text: str, pos: int) -> House | None:
    """A house number written right after a road (`88号`, `88-1号`, `88`), or None.

    A bare number counts only where it cannot be a building (`88栋`) or a dashed room (`3-2-501`).
    """
    m = _HOUSE.match(text, pos)
    if not m:
        return None
    after = text[m.end() : m.end() + 2]
    if not m.group("hao"):
        room_of_sub = m.group("s") and _ROOM_OF_SUB.match(text, m.end())
        if not room_of_sub and (
            after.startswith(("栋", "单元", "室", "楼", "层", "-")) or (m.group("s") and after[:1].isdigit())
        ):
            return None
        if after[:1] and after[:1] in _COUNTED:  # 36路公交, 2024年, 3个, 50米: a count, not a house
            return None
    sub = _num(m.group("s")) or m.group("l") or m.group("l2") or ""
    if m.group("s") and text.startswith("之间", m.end()):  # 77～79之间: between two houses, the first
        sub = ""
    return House(_num(m.group("m")), sub, bool(m.group("hao")), m.end())


def building_anywhere(text: str) -> list[tuple[int, int]]:
    """(start, end) of every building number (`3栋`, `3-2-501`) in the text, for texts whose estate
    name is not in the registry as written."""
    return [(m.start(), m.end()) for m in _BUILDING_ANYWHERE.finditer(text)]
