"""Which standard address a text names: candidates from the index, scored, the best kept with its
runner-up.

Order of evidence (docs/geocoding.md): the exact elements (estate + building + unit + room; road +
house number + sub-number) first; then names that are one character off or sound alike (fuzzy); a
street or community named in the text, or the event's own street, only ranks candidates — it never
removes the only one. A text that names no standard address gets none: a grid may still come from
the estate it names (its buildings' grid) or from the neighbouring house numbers of its road.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace

from .index import (
    SLIP_SCORE,
    AddressIndex,
    Place,
    estate_key,
    homophone_score,
    is_homophone,
    syllable_characters,
)
from .normalise import normalise, strip_trailing_noise
from .parse import Tail, building_anywhere, read_house, read_tail

METHODS = (
    "exact_room",
    "exact_building",
    "building_of_room",
    "exact_house",
    "road_house_building",
    "alias",
    "fuzzy_estate",
    "fuzzy_road",
    "ambiguous_house",
    "estate_only",
    "house_unknown_number",
    "road_only",
    "other_district",
    "area_only",
    "unmatched",
    "no_text",
)


@dataclass
class Match:
    normalised_text: str = ""
    road: str = ""
    house_number_key: str = ""
    house_sub_key: str = ""
    estate: str = ""
    building_key: str = ""
    unit_key: str = ""
    room_key: str = ""
    named_street: str = ""
    address_code: str = ""
    match_method: str = "unmatched"
    match_confidence: float = 0.0
    runner_up_code: str = ""
    runner_up_confidence: float = 0.0
    candidate_codes: list[str] = field(default_factory=list)  # equal candidates, resolved per event
    grid_code: str = ""  # the grid the text alone places it in (address, estate, neighbour house)
    grid_codes: list[str] = field(default_factory=list)  # every grid it may be in (an estate over two)
    names_area: bool = field(default=False, repr=False)  # a street or community is named
    bare_roads: list[str] = field(default_factory=list, repr=False)  # roads named without a number


@dataclass
class _Candidate:
    place: Place
    method: str
    score: float
    order: int = 0  # which of the names found in the text gave it


_BUILDING_WORD_NUMBER = re.compile(r"(\d+)栋")
_ROAD_SEGMENT = re.compile(r"[东西南北中]段(?=\d)")
_ROOM_APART = re.compile(r"(?<![\d-])(\d{3,4})室")
_ROAD_TOKEN = re.compile(r"([\u4e00-\u9fff]{2,10})(?=\d+(?:-\d+)?号)")
_NOT_BEFORE_BUILDING = re.compile(r"[\u4e00-\u9fff]{2,12}$")
_NOT_ALIASES = ("road", "estate", "street", "community", "admin")
_TRAILING_ORDINAL = re.compile(r"(?:\d+期|第)+$")
_TRAILING_FILLER = re.compile(r"(?:小区|社区|院内|大院|\d+期|[东西南北中]区|第)+$")


def canonical(ix: AddressIndex, text: str | None) -> str:
    """The text as the matcher reads it: normalised, aliases applied, the district's own leading
    names (江苏省南京市秦淮区) and trailing words that only say "near" (附近, 门口, 楼下 …) dropped.
    Texts with the same canonical form match alike, so a build matches each form once."""
    norm = ix.apply_text_aliases(normalise(text))
    if _LATIN_RUN.search(norm):
        norm = _pinyin_as_characters(ix, norm)
    if not _names_other_district(ix, norm):
        norm = ix.strip_leading_admin(norm)
    return strip_trailing_noise(norm)


_LATIN_RUN = re.compile(r"(?<=[\u4e00-\u9fff])[A-Z]{2,6}|[A-Z]{2,6}(?=[\u4e00-\u9fff])")


def _pinyin_as_characters(ix: AddressIndex, norm: str) -> str:
    """Pinyin left in by an input method switched off mid-word (光华lu77号, 瑞金xin村5栋): the syllable
    becomes the character of a known name read so, when that makes the text hold the name there."""
    for m in _LATIN_RUN.finditer(norm):
        for char in syllable_characters(ix).get(m.group(0).lower(), ()):
            text = norm[: m.start()] + char + norm[m.end() :]
            if any(s <= m.start() < e for s, e, _, k in ix.find_names(text) if k in ("road", "estate")):
                return _pinyin_as_characters(ix, text)
    return norm


def match_text(ix: AddressIndex, text: str | None, street_hint: str | None = None) -> Match:
    """Match one address text (an address field, or a sentence holding one) against the index."""
    return match_canonical(ix, canonical(ix, text), street_hint)


def match_canonical(ix: AddressIndex, norm: str, street_hint: str | None = None) -> Match:
    """Match a text already in its canonical form (see `canonical`): a text spelled exactly as the
    registry spells one address is that address; anything else is parsed and scored."""
    hit = ix.exact(norm)
    if hit is not None:
        return exact_match(ix, norm, hit, street_hint)
    return parse_and_match(ix, norm, street_hint)


def exact_match(ix: AddressIndex, norm: str, hit: tuple, street_hint: str | None = None) -> Match:
    place, method, score, road, main, sub, estate, bkey, ukey, rkey = hit
    named = {ix.streets.get(name, name) for _, _, name, kind in ix.find_names(norm[:12]) if kind == "street"}
    return Match(
        normalised_text=norm, road=road, house_number_key=main if road else "", house_sub_key=sub,
        estate=estate, building_key=bkey, unit_key=ukey, room_key=rkey,
        named_street=",".join(sorted(n for n in named if n != street_hint)),
        address_code=place.address_code, match_method=method, match_confidence=score,
        grid_code=place.grid_code, grid_codes=[place.grid_code],
    )  # fmt: skip


# Where the caller says they live (我住瑞金新村5栋, 来电人住…, 我是…居民): up to the next break or the
# complaint's verb. That place is the event's only when the text names no other.
_HOME = re.compile(
    r"(?:(?:来电人|联系|家庭|居住|本人|其)(?:地址|住址)|住址)\|?[^|]*"  # 来电人地址：明故宫苑3栋
    r"|(?:家住|我住|人住|住在|居住|我是|我们是|我们住)[^|]*?(?=\||反映|投诉|举报|$)"
)
_HOME_WORDS = ("住", "我是", "我们是", "地址")


def parse_and_match(ix: AddressIndex, norm: str, street_hint: str | None = None) -> Match:
    """The full matcher: names, elements, candidates, scores. A text that says where the caller lives
    and names another place (我住瑞金新村5栋，反映光华路77号饭店油烟) is about the other place."""
    if any(w in norm for w in _HOME_WORDS):
        # only a home that names a place (not 居住区, 居住的老人)
        away = _HOME.sub(lambda m: "|" if _names_a_place(ix, m.group(0)) else m.group(0), norm)
        if away != norm and any(k != "admin" for _, _, _, k in ix.find_names(away)):
            other = _parse_and_match(ix, away, street_hint)
            if other.address_code or other.grid_code:
                other.normalised_text = norm
                return other
    return _parse_and_match(ix, norm, street_hint)


def _names_a_place(ix: AddressIndex, text: str) -> bool:
    return any(k in ("road", "estate", "alias_address") for _, _, _, k in ix.find_names(text))


def _parse_and_match(ix: AddressIndex, norm: str, street_hint: str | None = None) -> Match:
    result = Match(normalised_text=norm)
    if not norm.strip("|-"):
        result.match_method = "no_text"
        return result
    names = ix.find_names(norm)
    hints: set[str] = set()
    if street_hint:
        hints.add(street_hint)
    for _, _, name, kind in names:
        if kind == "street":
            hints.add(ix.streets.get(name, name))
        elif kind == "community":
            hints.add(ix.communities[name])
    result.named_street = ",".join(sorted(h for h in hints if h != street_hint))
    result.names_area = any(kind in ("street", "community") for _, _, _, kind in names)
    if _names_other_district(ix, norm):
        result.match_method = "other_district"
        return result

    candidates: list[_Candidate] = []
    grid_only: list[tuple[str, str, list[str]]] = []  # (method, grid, grids) when no address
    aliased = [name for _, _, name, kind in names if kind == "alias_address"]
    for name in aliased:
        candidates.append(_Candidate(ix.aliases_address[name], "alias", 0.9))
    if aliased:  # the registry's names inside an alias still count: a building written there wins
        names = ix.find_names(norm, _NOT_ALIASES)
    for k, (start, end, name, kind) in enumerate(names):
        before = len(candidates)
        if kind == "estate" and name in ix.estate_families:
            _from_family(ix, norm, ix.estate_families[name], end, result, candidates, grid_only, start)
        elif kind == "estate":
            longer = _longer_estate_read_alike(ix, norm, start, end)
            if longer:  # 兰圆阳光名府: 兰园阳光名府 read alike, not 阳光名府
                estate = ix.estate_names.get(longer[0], longer[0])
                _from_estate(ix, norm, estate, end, result, candidates, grid_only, *longer[1:], start=start)
            else:
                estate = ix.estate_names.get(name, name)
                _from_estate(ix, norm, estate, end, result, candidates, grid_only, start=start)
        elif kind == "community" and name.removesuffix("社区") in ix.estate_names:
            # 春天家园社区3栋: a community named after its estate, then a building of the estate
            stem = ix.estate_names[name.removesuffix("社区")]
            if not read_tail(norm, end).empty:
                _from_estate(ix, norm, stem, end, result, candidates, grid_only)
        elif kind == "road":
            _from_road(ix, norm, name, end, result, candidates, grid_only)
        elif kind == "street" and (road := _street_as_road(ix, norm, name, end)):
            # 瑞金路街道30号: a street named after its road, written where the road is meant
            _from_road(ix, norm, road, end, result, candidates, grid_only)
        for c in candidates[before:]:  # two places named (光华路77号至御道街30号): the first, on a tie
            c.order = k

    if not candidates:
        _fuzzy_estates(ix, norm, names, result, candidates)
    if not candidates:
        _fuzzy_roads(ix, norm, names, result, candidates, grid_only)
    return _decide(ix, result, candidates, grid_only, hints)


def _street_as_road(ix: AddressIndex, norm: str, name: str, end: int) -> str:
    """The road a street is named after (瑞金路街道 → 瑞金路), when a house number with 号 follows it."""
    road = ix.streets.get(name, name).removesuffix("街道")
    if road not in ix.road_grids:
        return ""
    house = read_house(norm, end)
    return road if house is not None and house.has_hao else ""


def _longer_estate_read_alike(ix: AddressIndex, norm: str, start: int, end: int) -> tuple | None:
    """An estate found inside a longer estate's name written with a homophone: 兰圆阳光名府 (阳光名府 is an
    estate, 兰园阳光名府 another), 新世纪南湖雅局 (新世纪 and 新世纪南湖雅居). The longer estate, when the
    text around the name reads alike as it: (estate, base score, method) as a fuzzy match, else None.
    Only names that some longer estate contains are looked at (few), so most texts cost one lookup."""
    name = norm[start:end]
    for estate, offset in containing_estates(ix).get(name, ()):
        at = start - offset
        piece = norm[at : at + len(estate)] if at >= 0 else ""
        if len(piece) == len(estate) and piece != estate and is_homophone(piece, estate):
            similarity = homophone_score(len(estate))
            return estate, round(0.85 * similarity + 0.1, 3), "fuzzy_estate"
        # a character of the part before typed twice (大明星星河家园: 大明星河家园, not 星河家园)
        longer = norm[at - 1 : at + len(estate)] if at >= 1 else ""
        if len(longer) == len(estate) + 1 and any(
            longer[i] == longer[i + 1] and longer[:i] + longer[i + 1 :] == estate for i in range(offset + 1)
        ):
            return estate, round(0.85 * SLIP_SCORE + 0.1, 3), "fuzzy_estate"
    return None


def containing_estates(ix: AddressIndex) -> dict[str, list[tuple[str, int]]]:
    """Each way of writing an estate → the longer estates whose names contain it, with where (longest
    first); built once per index from every substring of every estate's name."""
    found = ix.__dict__.get("_containing_estates")
    if found is None:
        spellings = set(ix._estate_list) | set(ix.estate_names)
        found = defaultdict(list)
        for estate in sorted(ix._estate_list, key=lambda e: (-len(e), e)):
            for i in range(len(estate)):
                for j in range(i + 2, len(estate) + 1):
                    part = estate[i:j]
                    if part != estate and part in spellings:
                        found[part].append((estate, i))
        ix.__dict__["_containing_estates"] = found
    return found


def _names_other_district(ix: AddressIndex, norm: str) -> bool:
    if not ix.other_districts or "区" not in norm:
        return False
    if any(d in norm for d in ix.own_district_names):
        return False
    return any(d in norm for d in ix.other_districts)


def _record_tail(result: Match, tail: Tail) -> None:
    if tail.building and not result.building_key:
        result.building_key, result.unit_key, result.room_key = tail.building, tail.unit, tail.room


def _estate_places(
    ix: AddressIndex, estate: str, tail: Tail, base: float, prefix: str, candidates: list[_Candidate]
) -> bool:
    """Candidates for building/unit/room of a known estate; True when any was found."""
    b, u, r = tail.building, tail.unit, tail.room
    if not b:
        return False
    found = False
    if r:
        rooms = ix.rooms.get((estate, b, u, r)) if u else None
        if not rooms and not u:
            rooms = ix.rooms_no_unit.get((estate, b, r))
            if rooms and len(rooms) > 1:
                rooms = None
        for place in rooms or ():
            candidates.append(_Candidate(place, prefix or "exact_room", base))
            found = True
    if not found:
        for place in ix.buildings.get((estate, b), ()):
            exact = not (u or r)
            method = prefix or ("exact_building" if exact else "building_of_room")
            score = base if exact else base - 0.1
            if tail.numbered_like_house:
                score -= 0.05
            candidates.append(_Candidate(place, method, score))
            found = True
    return found


def _from_estate(
    ix, norm, estate, end, result, candidates, grid_only, base=1.0, method="", start=None
) -> None:
    tail = read_tail(norm, end)
    if tail.empty:
        tail = _building_later(ix, norm, end)
    if tail.empty and start and not norm[end:].strip("|-"):
        # the building written before the estate that ends the text (5栋2单元501 明故宫苑)
        lead = read_tail(norm, 0)
        if lead.building and not norm[lead.end : start].strip("|-"):
            tail = lead
    if tail.building and tail.unit and not tail.room:
        # the room written apart from its building (301室，瑞金新村5栋2单元): one room number, anywhere
        rooms = set(_ROOM_APART.findall(norm))
        if len(rooms) == 1:
            tail = replace(tail, room=str(int(rooms.pop())))
    if not result.estate:
        result.estate = estate
    _record_tail(result, tail)
    if not _estate_places(ix, estate, tail, base, method, candidates):
        places = ix.estate_places.get(estate, [])
        has_buildings = any(k[0] == estate for k in ix.building_numbers.get(estate, ()))
        if len(places) == 1 and not has_buildings:  # a unit registered as one address
            # a number written after it is inside the unit (农贸市场内12号摊位): still the unit
            candidates.append(_Candidate(places[0], "exact_house", 0.95 if tail.empty else 0.9))
            return
        grid, grids = ix.estate_grid(estate)
        if grid:
            grid_only.append(("estate_only", grid, grids))


def _from_family(ix, norm, members, end, result, candidates, grid_only, start) -> None:
    """An estate named without its phase or zone (月牙湖花园12栋): the building decides which; with no
    building, or one every phase has, its grid when they share one."""
    before = len(candidates)
    grids_only: list[tuple[str, str, list[str]]] = []
    found_in = []
    for member in members:
        n = len(candidates)
        _from_estate(ix, norm, member, end, result, candidates, grids_only, start=start)
        if len(candidates) > n:
            found_in.append(member)
    if len(found_in) == 1:
        result.estate = found_in[0]
    elif len(found_in) > 1:  # the building is in more than one phase: no address, not a guess
        grids_only = [("estate_only", *ix.estate_grid(m)) for m in found_in]
        del candidates[before:]
        result.building_key = result.unit_key = result.room_key = ""
    if len(candidates) == before and grids_only:
        grids = sorted({g for _, grid, gs in grids_only for g in (gs or [grid]) if g})
        grid_only.append(("estate_only", grids[0] if len(grids) == 1 else "", grids))


def _building_later(ix: AddressIndex, norm: str, end: int, reach: int = 40) -> Tail:
    """A building written some words after the estate (我们是春天家园的业主，3栋地下室 …; 我是春天家园小区的
    业主，我们小区的地下车库一直漏水，尤其是5栋下面), when no other road or estate and no number is
    written in between."""
    window = norm[end : end + reach]
    for start, _ in building_anywhere(window):
        between = window[:start]
        if any(k in ("road", "estate") for _, _, _, k in ix.find_names(between)) or re.search(r"\d", between):
            break
        return read_tail(norm, end + start)
    return Tail(end=end)


def _from_road(ix, norm, road, end, result, candidates, grid_only) -> None:
    if norm[end : end + 1] in ("|", "的"):  # 大光路，106号; 御道街的30号
        end += 1
    elif norm.startswith("门牌", end):  # 光华路门牌号77号, 光华路门牌77号: the word for a house number
        end += 3 if norm.startswith("门牌号", end) else 2
    elif _ROAD_SEGMENT.match(norm, end):  # 御道街北段30号: the segment says nothing the number does not
        end += 2
    house = read_house(norm, end)
    if not result.road:
        result.road = road
    if house is None:
        # a house number written with a building word (石门坎88号楼, 常府街33#): the house, when the
        # registry has it and no estate's gate is at that number
        m = _BUILDING_WORD_NUMBER.match(norm, end)
        key = (road, str(int(m.group(1))), "") if m else None
        if key and ix.houses.get(key) and not ix.gates.get(key):
            result.house_number_key = key[1]
            for place in ix.houses[key]:
                candidates.append(_Candidate(place, "exact_house", 0.85))
            return
    if house is None:  # a road with no number (沿线, 路段, 交叉口): a grid only if the road has one
        grids = ix.road_grids.get(road) or {}
        result.bare_roads.append(road)
        grid_only.append(
            (
                "road_only",
                next(iter(grids)) if len(grids) == 1 else "",
                sorted(grids)[:1] if len(grids) == 1 else [],
            )
        )
        return
    if not result.house_number_key:
        result.house_number_key, result.house_sub_key = house.main, house.sub
    tail = read_tail(norm, house.end)
    found = False
    if tail.building:
        _record_tail(result, tail)
        for estate in sorted(ix.gates.get((road, house.main, house.sub), ())):
            before = len(candidates)
            _estate_places(ix, estate, tail, 0.95, "road_house_building", candidates)
            found = found or len(candidates) > before
            if len(candidates) > before and not result.estate:
                result.estate = estate
        if found:
            return
    houses = ix.houses.get((road, house.main, house.sub), [])
    if not houses and len(house.sub) >= 3 and not ix.gates.get((road, house.main, "")):
        # 光华路77-301: a room of house 77 (sub-numbers are small), when the registry has house 77
        houses = ix.houses.get((road, house.main, ""), [])
        if houses:
            result.house_sub_key = ""
            for place in houses:
                candidates.append(_Candidate(place, "exact_house", 0.9))
            return
    if houses and not _estate_follows(ix, norm, house.end):
        score = 1.0 if house.has_hao else 0.9
        for place in houses:
            candidates.append(_Candidate(place, "exact_house", score))
        return
    gate_estates = ix.gates.get((road, house.main, house.sub)) or ix.gates.get((road, house.main, ""))
    if gate_estates and not tail.building:
        for estate in sorted(gate_estates):
            grid, grids = ix.estate_grid(estate)
            if grid:
                grid_only.append(("estate_only", grid, grids))
                if not result.estate:
                    result.estate = estate
        return
    # the number is not in the registry: its main number's house, else its neighbours, place it
    main_houses = ix.houses.get((road, house.main, "")) if house.sub else None
    if main_houses:
        grids = sorted({p.grid_code for p in main_houses})
        grid_only.append(("house_unknown_number", grids[0], grids))
        return
    grid = ix.neighbour_grid(road, house.main)
    if grid:
        grid_only.append(("house_unknown_number", grid, [grid]))


def _estate_follows(ix: AddressIndex, norm: str, pos: int) -> bool:
    """An estate named right after a house number: the number is the estate's gate, not a house."""
    return any(k == "estate" and s <= 2 for s, _, _, k in ix.find_names(norm[pos : pos + 14]))


def _fuzzy_estates(ix, norm, names, result, candidates) -> None:
    """An estate written one character off (typo, homophone) before a building number."""
    taken = [(s, e) for s, e, _, k in names if k in ("road", "street", "community")]
    starts = [start for start, _ in building_anywhere(norm)]
    # an old 新村's building written like a house (象坊新村5号): the number after a name no road matched
    starts += [m.end() for m in _ROAD_TOKEN.finditer(norm) if m.end() not in starts]
    for start in starts:
        head = norm[:start]
        for s, e in taken:  # a road, street or community right before is not the estate's name
            if e <= start:
                head = head[:s] + "|" * (e - s) + head[e:]
        tail = read_tail(norm, start)
        names = []
        for filler in (_TRAILING_ORDINAL, _TRAILING_FILLER):  # 怡井小区第1栋: try with 小区, then without
            m = _NOT_BEFORE_BUILDING.search(filler.sub("", head))
            names = ix.fuzzy(m.group(0), "estate") if m else []
            if names:
                break
        for estate, similarity in names:
            if similarity < 0.74:
                continue
            estate = ix.estate_names.get(estate, estate)  # 富丽山庄 read for a registry's 富丽山庄小区
            before = len(candidates)
            _estate_places(ix, estate, tail, round(0.85 * similarity + 0.1, 3), "fuzzy_estate", candidates)
            if len(candidates) > before:
                result.estate = result.estate or estate
                _record_tail(result, tail)


def _fuzzy_roads(ix, norm, names, result, candidates, grid_only) -> None:
    """A road written one character off before its house number."""
    known = {name for _, _, name, k in names if k == "road"}
    for m in _ROAD_TOKEN.finditer(norm):
        token = m.group(1)
        if any(token.endswith(k) for k in known):
            continue
        house = read_house(norm, m.end())
        if house is None:
            continue
        for road, similarity in ix.fuzzy(token, "road"):
            if similarity < 0.74:
                continue
            places = ix.houses.get((road, house.main, house.sub), [])
            tail = read_tail(norm, house.end)
            before = len(candidates)
            if tail.building:
                for estate in sorted(ix.gates.get((road, house.main, house.sub), ())):
                    _estate_places(
                        ix, estate, tail, round(0.85 * similarity + 0.05, 3), "fuzzy_road", candidates
                    )
            if len(candidates) == before:
                for place in places:
                    candidates.append(_Candidate(place, "fuzzy_road", round(0.85 * similarity + 0.1, 3)))
            if len(candidates) > before:
                result.road = result.road or road
                result.house_number_key = result.house_number_key or house.main
                result.house_sub_key = result.house_sub_key or house.sub


def _decide(ix, result: Match, candidates: list[_Candidate], grid_only, hints: set[str]) -> Match:
    if candidates:
        best_by_code: dict[str, _Candidate] = {}
        for c in candidates:
            bonus = 0.03 if c.place.street_name in hints else 0.0
            if result.building_key and c.place.level == "house":
                bonus -= 0.2  # the text names a building: a house is the less specific reading
            c.score = round(min(1.0, c.score) + bonus, 3)
            old = best_by_code.get(c.place.address_code)
            if old is None or c.score > old.score:
                best_by_code[c.place.address_code] = c
        ranked = sorted(best_by_code.values(), key=lambda c: (-c.score, c.place.address_code))
        best = ranked[0]
        ties = [c for c in ranked if c.score == best.score]
        if len(ties) > 1 and len({c.order for c in ties}) > 1:  # different places named: the first
            first = min(c.order for c in ties)
            ties = [c for c in ties if c.order == first]
            best = ties[0]
            ranked = ties + [c for c in ranked if c not in ties]
        if len(ties) > 1:
            result.match_method = "ambiguous_house" if best.method == "exact_house" else best.method
            result.candidate_codes = [c.place.address_code for c in ties]
            result.grid_codes = sorted({c.place.grid_code for c in ties})
            result.match_confidence = round(min(best.score, 1.0) * 0.5, 3)
            result.runner_up_code = ties[1].place.address_code  # for the steward: the two that tie
            result.runner_up_confidence = result.match_confidence
            if len(result.grid_codes) == 1:
                result.grid_code = result.grid_codes[0]
            return result
        result.address_code = best.place.address_code
        result.match_method = best.method
        result.match_confidence = round(min(best.score, 1.0), 3)
        result.grid_code = best.place.grid_code
        result.grid_codes = [best.place.grid_code]
        if len(ranked) > 1:
            result.runner_up_code = ranked[1].place.address_code
            result.runner_up_confidence = round(min(ranked[1].score, 1.0), 3)
        return result
    if len(set(result.bare_roads)) >= 2:
        # two roads named without numbers (光华路与御道街交叉口, 光华路和海福巷路口): where they meet is
        # the one grid both have houses in, when there is exactly one
        shared = set.intersection(*(set(ix.road_grids.get(r) or ()) for r in set(result.bare_roads)))
        if len(shared) == 1:
            grid = next(iter(shared))
            grid_only.insert(0, ("road_only", grid, [grid]))
    if grid_only:
        order = {"estate_only": 0, "house_unknown_number": 1, "road_only": 2}
        method, grid, grids = sorted(grid_only, key=lambda g: order[g[0]])[0]
        result.match_method = method
        result.grid_code = grid
        result.grid_codes = grids
        result.match_confidence = (
            {"estate_only": 0.6, "house_unknown_number": 0.5, "road_only": 0.4}[method] if grid else 0.0
        )
        return result
    # only a street or community is named (信访: 石坝街社区): an area, not a place an alias could fix
    result.match_method = "area_only" if result.names_area and _names_area_only(result) else "unmatched"
    return result


def _names_area_only(result: Match) -> bool:
    return not (result.road or result.estate or result.house_number_key or result.building_key)


__all__ = ["Match", "match_text", "match_canonical", "canonical", "METHODS", "estate_key"]
