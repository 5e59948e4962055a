"""The standard-address registry as lookups a matcher needs, and the names it can find in text.

Built once per build from the registry rows (the warehouse's `int_addresses_indexed`) and the alias
rows (shipped seed + what stewards confirmed). Names are kept in their normalised spelling; a text is
scanned for every known road, estate, street, community and alias at once, longest name first.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import NamedTuple

from pypinyin import Style, lazy_pinyin, pinyin
from rapidfuzz import fuzz, process

from .normalise import house_key, normalise, number_key, strip_trailing_noise

# Names of units people shorten or say another way (御道街菜市场 = 御道街菜场, 光华路社区卫生服务中心 =
# 光华路社区医院): a registered unit is found under each word of its group.
UNIT_WORD_GROUPS = (
    ("农贸市场", "菜市场", "菜场"),
    ("社区卫生服务中心", "卫生服务中心", "社区医院", "卫生院"),
    ("派出所", "警务站"),
    ("幼儿园", "幼儿所"),
)


class Place(NamedTuple):
    """One standard address, as the matcher needs it."""

    address_code: str
    grid_code: str
    street_name: str
    level: str  # house | building | room
    lng: float | None = None
    lat: float | None = None


_CJK = re.compile(r"[\u4e00-\u9fff]")
# A name's numerals typed as digits (pinyin input offers both): 四条巷 → 4条巷
_NUMERAL_AS_DIGIT = str.maketrans({c: str(i) for i, c in enumerate("〇一二三四五六七八九")})


def pinyin_key(name: str) -> str:
    return "".join(lazy_pinyin(name))


@lru_cache(maxsize=200_000)
def readings(text: str) -> tuple[frozenset, ...]:
    """Every reading of every character (宿: su, xiu, xu), for homophones however a character is read."""
    return tuple(frozenset(r) for r in pinyin(text, style=Style.NORMAL, heteronym=True))


def is_homophone(a: str, b: str) -> bool:
    ra, rb = readings(a), readings(b)
    return len(a) == len(b) == len(ra) == len(rb) and all(x & y for x, y in zip(ra, rb, strict=True))


# Sounds many speakers (Nanjing's among them) and pinyin input's 模糊音 setting do not tell apart: n/l,
# zh/z, ch/c, sh/s, and -ng after a, e, i (瑞京 for 瑞金, 民故宫 for 明故宫, 农蟠 for 龙蟠)
_FUZZY_INITIAL = re.compile(r"^(zh|ch|sh|l)")
_FUZZY_INITIALS = {"zh": "z", "ch": "c", "sh": "s", "l": "n"}
_FUZZY_FINAL = re.compile(r"(?<=[aei])ng$")


def _fuzzy_syllable(syllable: str) -> str:
    s = _FUZZY_INITIAL.sub(lambda m: _FUZZY_INITIALS[m.group(1)], syllable)
    return _FUZZY_FINAL.sub("n", s)


@lru_cache(maxsize=200_000)
def fuzzy_readings(text: str) -> tuple[frozenset, ...]:
    return tuple(frozenset(_fuzzy_syllable(r) for r in rs) for rs in readings(text))


def is_near_homophone(a: str, b: str) -> bool:
    """Read alike but for the sounds people merge (n/l, zh/z, in/ing …), in exactly one character."""
    if len(a) != len(b) or is_homophone(a, b):
        return False
    fa, fb = fuzzy_readings(a), fuzzy_readings(b)
    if not (len(fa) == len(fb) == len(a) and all(x & y for x, y in zip(fa, fb, strict=True))):
        return False
    ra, rb = readings(a), readings(b)
    return sum(1 for x, y in zip(ra, rb, strict=True) if not x & y) == 1


def unit_word_variants(name: str) -> list[str]:
    """Other ways people write a unit's name: the same stem with another word of its group."""
    for group in UNIT_WORD_GROUPS:
        for word in group:
            if name.endswith(word) and len(name) > len(word) + 1:
                stem = name[: -len(word)]
                return [stem + w for w in group if w != word]
    return []


@dataclass
class AddressIndex:
    houses: dict[tuple[str, str, str], list[Place]] = field(default_factory=lambda: defaultdict(list))
    gates: dict[tuple[str, str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    buildings: dict[tuple[str, str], list[Place]] = field(default_factory=lambda: defaultdict(list))
    rooms: dict[tuple[str, str, str, str], list[Place]] = field(default_factory=lambda: defaultdict(list))
    rooms_no_unit: dict[tuple[str, str, str], list[Place]] = field(default_factory=lambda: defaultdict(list))
    estate_grids: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    estate_places: dict[str, list[Place]] = field(default_factory=lambda: defaultdict(list))
    estate_names: dict[str, str] = field(default_factory=dict)  # another way to write an estate → its key
    # an estate registered by phase or zone, named without it (月牙湖花园 → 月牙湖花园1期, 月牙湖花园2期)
    estate_families: dict[str, list[str]] = field(default_factory=dict)
    building_numbers: dict[str, set] = field(default_factory=lambda: defaultdict(set))
    road_numbers: dict[str, dict[int, Counter]] = field(default_factory=lambda: defaultdict(dict))
    road_grids: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    streets: dict[str, str] = field(default_factory=dict)  # a way of writing a street → its name
    communities: dict[str, str] = field(default_factory=dict)  # community → its street
    aliases_text: dict[str, str] = field(default_factory=dict)
    aliases_address: dict[str, Place] = field(default_factory=dict)
    other_districts: tuple[str, ...] = ()
    own_district_names: tuple[str, ...] = ()
    # name scanning: first two characters → [(name, kind)], longest first
    _vocab: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    _pinyin: dict[str, dict[str, list[str]]] = field(default_factory=lambda: defaultdict(dict))
    by_code: dict[str, Place] = field(default_factory=dict)
    _leading_admin: re.Pattern | None = None
    _community_raw: set[str] = field(default_factory=set)
    _estate_key_cache: dict[str, str] = field(default_factory=dict)
    _alias_re: re.Pattern | None = None
    _leading_street: re.Pattern | None = None
    _names_by_length: dict[str, dict[int, list[str]]] = field(default_factory=dict)
    # the registry's own spellings of its addresses, as canonical text (see match.canonical) → the
    # address and its elements; a text spelled exactly so needs no parsing (None: several addresses)
    exact_forms: dict[str, tuple | None] = field(default_factory=dict)

    # ---- building --------------------------------------------------------------------------------
    @classmethod
    def build(
        cls,
        registry: Iterable[Mapping[str, object]],
        aliases: Iterable[Mapping[str, object]] = (),
        *,
        own_district_names: tuple[str, ...] = ("秦淮区",),
        other_districts: tuple[str, ...] = (),
        streets: Iterable[str] = (),
    ) -> AddressIndex:
        """Index registry rows (keys: address_code, street_name, community_name, road, house_number,
        estate, building, unit, room, grid_code, lng, lat) and alias rows (alias, kind, target)."""
        ix = cls(own_district_names=own_district_names, other_districts=other_districts)
        road_names: set[str] = set()
        estate_names: set[str] = set()
        residues: dict[str, list[Place]] = defaultdict(list)
        for s in streets:
            ix._add_street(str(s))
        known_streets: set[str] = set()
        gate_in_full: dict[str, set[str]] = {}  # estate → full addresses of its buildings naming no gate
        cn_num = normalise  # names and element values repeat: normalise and the keys below are cached
        for row in registry:
            get = row.get
            code = _s(get("address_code"))
            if not code:
                continue
            road_raw, estate_raw = _s(get("road")), _s(get("estate"))
            building_raw, unit_raw, room_raw = _s(get("building")), _s(get("unit")), _s(get("room"))
            house_raw = _s(get("house_number"))
            road = cn_num(road_raw) if road_raw else ""
            estate = _estate_key_cached(ix, estate_raw) if estate_raw else ""
            bkey = number_key(building_raw) if building_raw else ""
            ukey = number_key(unit_raw) if unit_raw else ""
            rkey = number_key(room_raw) if room_raw else ""
            main, sub = house_key(house_raw) if house_raw else ("", "")
            street = _s(get("street_name"))
            community = _s(get("community_name"))
            grid = _s(get("grid_code"))
            level = "room" if rkey else "building" if bkey else "house"
            place = Place(code, grid, street, level, _f(get("lng")), _f(get("lat")))
            ix.by_code[code] = place
            full = _s(get("full_address"))
            if full:
                residue = _full_address_residue(
                    full,
                    (street, community, road_raw, house_raw, estate_raw, building_raw, unit_raw, room_raw),
                    own_district_names,
                )
                if residue:
                    residues[residue].append(place)
            if street and street not in known_streets:
                known_streets.add(street)
                ix._add_street(street)
            if community and street and community not in ix._community_raw:
                ix._community_raw.add(community)
                ix.communities.setdefault(normalise(community), street)
            if road:
                road_names.add(road)
                if main:
                    numbers = ix.road_numbers[road]
                    n = int(main)
                    if n not in numbers:
                        numbers[n] = Counter()
                    numbers[n][grid] += 1
                ix.road_grids[road][grid] += 1
            forms = ix.exact_forms
            for form, method, score in _exact_spellings(road, main, sub, estate, bkey, ukey, rkey, level):
                forms[form] = (
                    None
                    if form in forms
                    else (place, method, score, road, main, sub, estate, bkey, ukey, rkey)
                )
            if estate:
                estate_names.add(estate)
                ix.estate_grids[estate][grid] += 1
                if road and main:
                    ix.gates[(road, main, sub)].add(estate)
                    ix.gates[(road, main, "")].add(estate)
                elif full and level != "room":
                    gate_in_full.setdefault(estate, set()).add(full)
                if level == "house":  # a 单位院 or estate recorded as one address (a market, a school)
                    ix.estate_places[estate].append(place)
                    if road and main:  # and its 门牌 is that address too
                        ix.houses[(road, main, sub)].append(place)
                elif level == "building":
                    ix.buildings[(estate, bkey)].append(place)
                    ix.building_numbers[estate].add((estate, bkey))
                else:
                    ix.rooms[(estate, bkey, ukey, rkey)].append(place)
                    ix.rooms_no_unit[(estate, bkey, rkey)].append(place)
            elif road and main and level == "house":
                ix.houses[(road, main, sub)].append(place)
            elif road and main and level == "building":
                # a numbered building on a road with no estate name (`X路N号M栋`)
                ix.buildings[(f"{road}{main}号", bkey)].append(place)
                ix.gates[(road, main, sub)].add(f"{road}{main}号")
        # an estate whose rows leave 街路巷 and 门牌号 empty but write them in the full address
        # (南京市秦淮区瑞金路90号瑞金新村5栋): that road and number are its gate (瑞金路90号5栋)
        if gate_in_full and road_names:
            gate = re.compile(
                "(" + "|".join(map(re.escape, sorted(road_names, key=len, reverse=True))) + r")(\d+)号"
            )
            for estate, fulls in gate_in_full.items():
                for full in fulls:
                    m = gate.search(normalise(full))
                    if m:
                        ix.gates[(m.group(1), str(int(m.group(2))), "")].add(estate)
        # a name the registry writes only in the full address (南京市秦淮区瑞金路82号瑞金路小学): a unit
        # or landmark at that address, when no other address carries the same name
        admin = {normalise(d) for d in (*own_district_names, *other_districts, "江苏省", "南京市", "南京")}
        for name, places in residues.items():
            name = ix.strip_leading_admin(name)
            if (
                len(places) == 1
                and len(name) >= 3
                and name not in estate_names
                and name not in road_names
                and name not in admin
                and name not in ix.streets
                and name not in ix.communities
            ):
                ix.aliases_address[name] = places[0]
                ix._add_name(name, "alias_address")
        # what stewards confirmed comes before the registry's names: at equal length, an alias wins
        for a in aliases:
            ix._add_alias(_s(a.get("alias")), _s(a.get("kind")), _s(a.get("target")))
        for name in road_names:
            ix._add_name(name, "road")
        for name in estate_names:
            ix._add_name(name, "estate")
            ix.estate_names[name] = name
        spoken: set[str] = set()  # those shorter names, read alike and slipped on like whole names
        for name in estate_names:  # 银龙花园小区 is also found as 银龙花园, unless that is a road's name
            short = _ESTATE_GENERIC_END.sub("", name)
            if len(short) >= 3 and ix._add_estate_name(short, name, road_names):
                spoken.add(short)
        for short, name in _brand_left_out(estate_names).items():  # 塞纳丽舍 for 中海塞纳丽舍
            ix._add_estate_name(short, name, road_names, ix.communities)
        for name in estate_names:
            for variant in unit_word_variants(name):
                ix._add_estate_name(variant, name)
        taken = road_names | set(ix.communities) | set(ix.streets.values())
        for base, members in _phase_families(estate_names).items():
            if base in estate_names or (base not in taken and base not in ix.estate_names):
                ix.estate_families[base] = sorted(members) + ([base] if base in estate_names else [])
                ix._add_name(base, "estate")
        for variant, name in _road_word_dropped(ix.estate_places, road_names).items():  # 瑞金小学
            ix._add_estate_name(variant, name, road_names)
        for name in sorted(road_names | estate_names):  # 4条巷 for 四条巷, 3山街 for 三山街
            variant = name.translate(_NUMERAL_AS_DIGIT)
            if variant != name and variant not in road_names and variant not in ix.estate_names:
                ix.aliases_text.setdefault(variant, name)
                ix._alias_re = None
        for street in list(ix.streets.values()):
            ix._add_name(street, "street")
        for community in ix.communities:
            ix._add_name(community, "community")
        for name in ("中国", "江苏省", "江苏", "南京市", "南京", *own_district_names, *other_districts):
            ix._add_name(normalise(name), "admin")
        # a registry that writes 小区 after every estate (富丽山庄小区) is read alike and slipped on by
        # the name people use (富丽山装9栋); fuzzy results are mapped back through estate_names
        fuzzy_estates = estate_names | spoken
        for kind in ("road", "estate"):
            names = road_names if kind == "road" else fuzzy_estates
            for name in names:
                ix._pinyin[kind].setdefault(pinyin_key(name), []).append(name)
        for bucket in ix._vocab.values():
            bucket.sort(key=lambda nk: -len(nk[0]))
        ix._road_list = sorted(road_names)
        ix._estate_list = sorted(fuzzy_estates)
        for kind, names in (("road", ix._road_list), ("estate", ix._estate_list)):
            by_length: dict[int, list[str]] = defaultdict(list)
            for name in names:
                by_length[len(name)].append(name)
            ix._names_by_length[kind] = dict(by_length)
        return ix

    def strip_leading_admin(self, text: str) -> str:
        """The text without the district's own leading names (中国江苏省南京市秦淮区): the same cut for
        event texts and registry names, so 秦淮区第一中心小学 is found whether or not 秦淮区 was written."""
        if self._leading_admin is None:
            own = "|".join(re.escape(normalise(d)) for d in self.own_district_names if d)
            self._leading_admin = re.compile(
                rf"^(?:中国)?(?:江苏省|江苏)?(?:南京市|南京(?={own}))?(?:{own})?"
                if own
                else r"^(?:中国)?(?:江苏省|江苏)?(?:南京市)?"
            )
        cut = self._leading_admin.sub("", text, count=1)
        return cut if len(cut) >= 2 else text

    def exact(self, form: str) -> tuple | None:
        """The registry's own spelling this canonical text is, if any — also behind a leading street
        name (瑞金路街道明故宫苑3栋): with one candidate, a named street changes nothing."""
        hit = self.exact_forms.get(form)
        if hit is None and "街" in form[:8]:
            if self._leading_street is None:
                names = sorted(self.streets, key=len, reverse=True) or ["(?!)"]
                self._leading_street = re.compile("^(?:" + "|".join(re.escape(n) for n in names) + ")")
            m = self._leading_street.match(form)
            if m:
                hit = self.exact_forms.get(form[m.end() :])
        return hit

    def _add_street(self, street: str) -> None:
        name = normalise(street)
        if not name:
            return
        stem = name.removesuffix("街道")
        for form in (name, stem + "街道办事处", stem + "街道办", stem + "街办"):
            self.streets[form] = street
        self._add_name(name, "street")
        for form in (stem + "街道办事处", stem + "街道办", stem + "街办"):
            self._add_name(form, "street")

    def _add_alias(self, alias: str, kind: str, target: str) -> None:
        # spelled as match.canonical spells a text, or a confirmed text would never be found again
        key = strip_trailing_noise(self.strip_leading_admin(normalise(alias)))
        if not key or not target:
            return
        if kind == "address":
            place = self.by_code.get(target)
            if place is None:
                return
            self.aliases_address[key] = place
            self._add_name(key, "alias_address")
        else:
            replacement = self.strip_leading_admin(normalise(target))
            if replacement != key:
                self.aliases_text[key] = replacement
                self._alias_re = None

    def _add_estate_name(self, other: str, estate: str, *taken: Iterable[str]) -> bool:
        """Another way to write `estate`, unless it is already an estate's spelling or in `taken`."""
        if other in self.estate_names or any(other in t for t in taken):
            return False
        self.estate_names[other] = estate
        self._add_name(other, "estate")
        return True

    def _add_name(self, name: str, kind: str) -> None:
        if len(name) >= 2:
            entry = (name, kind)
            bucket = self._vocab[name[:2]]
            if entry not in bucket:
                bucket.append(entry)

    # ---- reading names out of text -------------------------------------------------------------------
    def find_names(self, text: str, kinds: tuple[str, ...] | None = None) -> list[tuple[int, int, str, str]]:
        """Known names in the text as (start, end, name, kind), longest first, not overlapping."""
        found: list[tuple[int, int, str, str]] = []
        i, n = 0, len(text)
        while i < n - 1:
            best = None
            for name, kind in self._vocab.get(text[i : i + 2], ()):
                if (kinds is None or kind in kinds) and text.startswith(name, i):
                    best = (i, i + len(name), name, kind)
                    break
            if best:
                found.append(best)
                i = best[1]
            else:
                i += 1
        return found

    def apply_text_aliases(self, text: str) -> str:
        if not self.aliases_text:
            return text
        if self._alias_re is None:
            names = sorted(self.aliases_text, key=len, reverse=True)
            self._alias_re = re.compile("|".join(re.escape(n) for n in names))
        if not self._alias_re.search(text):
            return text
        return self._alias_re.sub(lambda m: self.aliases_text[m.group(0)], text)

    # ---- fuzzy names ----------------------------------------------------------------------------------
    def fuzzy(self, token: str, kind: str, *, limit: int = 5) -> list[tuple[str, float]]:
        """Known names of `kind` (road | estate) close to the end of `token`: same pinyin (homophones,
        score 0.92) or one or two characters apart (rapidfuzz ratio). Best first."""
        return list(_fuzzy_cached(self, token, kind, limit))

    def estate_grid(self, estate: str) -> tuple[str, list[str]]:
        """The grid an estate's buildings mostly lie in, and all its grids."""
        grids = self.estate_grids.get(estate)
        if not grids:
            return "", []
        ranked = [g for g, _ in grids.most_common()]
        return ranked[0], sorted(ranked)

    def neighbour_grid(self, road: str, main: str, *, reach: int = 12) -> str:
        """The grid of the nearest registered number on the same side of the road (same parity first),
        for a house number the registry does not hold."""
        numbers = self.road_numbers.get(road)
        if not numbers or not main:
            return ""
        m = int(main)
        best = None
        for k, grids in numbers.items():
            d = abs(k - m)
            if d == 0 or d > reach:
                continue
            rank = (d % 2, d)  # same side of the road before the other side
            if best is None or rank < best[0]:
                best = (rank, grids.most_common(1)[0][0])
        return best[1] if best else ""

    def __hash__(self) -> int:  # for the fuzzy cache: one index per build
        return id(self)


@lru_cache(maxsize=50_000)
def _fuzzy_cached(ix: AddressIndex, token: str, kind: str, limit: int) -> tuple[tuple[str, float], ...]:
    """Names as long as an ending of the token that differ from it only by characters read alike
    (pinyin input methods make most typos homophones: 龙盘/龙蟠, 富丽山装/富丽山庄), score 0.92; or by one
    character of the name's generic ending (建康新材 → 建康新村), score 0.8. A different character in
    the distinctive part (银杏花园 vs 银龙花园) is a different place, never a typo."""
    names = ix._road_list if kind == "road" else ix._estate_list
    if not token or not names:
        return ()
    scores: dict[str, float] = {}
    spans: dict[str, int] = {}  # how much of the token's ending the name explains

    def put(name: str, score: float, span: int) -> None:
        if score > scores.get(name, 0.0):
            scores[name] = score
        spans[name] = max(spans.get(name, 0), span)

    for length in range(3, min(len(token), 12) + 1):
        piece = token[-length:]
        if not _CJK.match(piece):
            continue
        near = set(ix._pinyin[kind].get(pinyin_key(piece), ()))
        same_length = ix._names_by_length[kind].get(length, ())
        near.update(
            name
            for name, _, _ in process.extract(
                piece, same_length, scorer=fuzz.ratio, limit=limit, score_cutoff=60
            )
        )
        for name in near:
            if name == piece:
                continue
            if is_homophone(piece, name):
                score = homophone_score(length)
            elif length >= 3 and is_near_homophone(piece, name):
                score = homophone_score(length) - 0.04
            else:
                diffs = [i for i in range(length) if piece[i] != name[i]]
                if not (len(diffs) == 1 and length >= 4 and diffs[0] >= length - 2):
                    continue
                if piece[diffs[0]] in _CONTRAST and name[diffs[0]] in _CONTRAST:
                    continue  # 太平北路 is not 太平南路 mistyped, nor 银龙西苑 银龙东苑
                if kind == "estate" and piece[diffs[0]] in "路街巷道站口门桥场馆校店厂楼":
                    continue  # a road's or a place's word: 瑞金北路 is not 瑞金北村 mistyped, 明故宫站 not 明故宫苑
                score = 0.8
            put(name, score, length)
    if kind == "road":
        stems = _road_stems(ix)
        for length in range(2, min(len(token), 12) + 1):
            piece = token[-length:]
            if not _CJK.match(piece):
                continue
            if _char_before(token, length) not in _BOUNDARY:
                continue  # a stem inside a longer name (新光华77号, 小常府路33号) is not that road's
            # the road's generic word swapped (常府路 for 常府街, 苜蓿园街 for 苜蓿园大街): the stem decides
            stem = _road_stem(piece)
            for name in stems.get(stem, ()) if stem != piece and len(stem) >= 2 else ():
                if name != piece:
                    put(name, 0.8, length)
            # the generic word left out (光华77号, 御道30号): the stem of exactly one road
            found = stems.get(piece) if piece not in ix.road_grids else None
            if found and len(found) == 1:
                put(found[0], 0.8, length)
    # one character typed twice (光华华路, 明故宫宫苑), or, in a name of four characters or more, left out
    # or swapped with its neighbour (紫扬园, 故明宫苑) when that slip gives exactly one name
    slips = _name_slips(ix, kind)
    for length in range(3, min(len(token), 13) + 1):
        piece = token[-length:]
        if piece in slips.names:
            continue
        for i in range(length - 1):
            if piece[i] == piece[i + 1] and (name := piece[:i] + piece[i + 1 :]) in slips.names:
                put(name, SLIP_SCORE, length)
        before = _char_before(token, length)
        for found, shorter in ((slips.left_out.get(piece), True), (slips.swapped.get(piece), False)):
            if found and len(found) == 1:
                name = next(iter(found))
                if shorter and (
                    before not in _BOUNDARY
                    or (name[1:] == piece and (len(piece) < 4 or before not in ("", "|")))
                ):
                    # a name with a character left out starts where a word can: 九龙新寓 is not in
                    # 月龙新寓 (a character written for 九), nor 武定新村 in 双武新村, nor 大火瓦巷 in 小火瓦巷;
                    # the first character dropped counts only where the text or a clause starts (not
                    # 和府园小区 for 王府园小区), and three characters left of four say too little (扬佳园)
                    continue
                put(name, SLIP_SCORE, length)
    if kind == "estate":
        # an estate called by the start of its name (明故宫 for 明故宫苑, 紫扬 for 紫扬佳园): only a start
        # no other estate shares, at least half the name; _fuzzy_estates asks only before a building
        starts = _estate_starts(ix)
        for length in range(2, min(len(token), 12) + 1):
            name = starts.get(token[-length:])
            if name is not None and _char_before(token, length) in _BOUNDARY:  # not 金明故宫, 大枫丹
                put(name, SHORT_NAME_SCORE, length)
    if len(scores) > 1:
        # a name explaining two characters more of the text before the number outranks one read alike
        # in a shorter ending (银杏杏红叶佳园: 银杏红叶佳园 typed with a slip, not 红叶家园 read alike)
        widest = max(spans.values())
        best_wide = max(score for name, score in scores.items() if spans[name] == widest)
        for name in scores:
            if spans[name] <= widest - 2 and scores[name] >= best_wide:
                scores[name] = round(best_wide - 0.01, 3)
    return tuple(sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:limit])


def syllable_characters(ix: AddressIndex) -> dict[str, list[str]]:
    """Each toneless pinyin syllable → the characters of road and estate names read so; built once."""
    found = ix.__dict__.get("_syllable_characters")
    if found is None:
        chars = sorted({c for name in (*ix._road_list, *ix._estate_list) for c in name if _CJK.match(c)})
        found = defaultdict(list)
        for c in chars:
            found[lazy_pinyin(c)[0]].append(c)
        found = dict(found)
        ix.__dict__["_syllable_characters"] = found
    return found


SHORT_NAME_SCORE = 0.76
# Words that tell two places of one name apart (大板巷/小板巷, 太平南路/太平北路, 银龙东苑/银龙西苑): one
# of them written for another is a different place, never a slip or a typo.
_CONTRAST = frozenset("东西南北中上下前后内外大小新老")
# Characters after which a name can start (a word ends there): 我住在|瑞金新村, 秦淮区|瑞金新村; ''
# stands for the token's start
_BOUNDARY = frozenset(["", *"在住于的是近到至和与对及即映诉报称说家号栋幢室元楼层|-区市县省道"])


def _char_before(token: str, length: int) -> str:
    """The character before the token's ending of `length` characters ('' at the token's start)."""
    return token[-length - 1] if length < len(token) else ""


SLIP_SCORE = 0.78


@dataclass
class _Slips:
    names: frozenset[str]  # every name of the kind, for a character typed twice
    left_out: dict[str, set[str]]  # a name with one character left out → the names it may be
    swapped: dict[str, set[str]]  # a name with two neighbouring characters swapped → the names


def _name_slips(ix: AddressIndex, kind: str) -> _Slips:
    """The one-character slips of each road or estate name of four characters or more; built once."""
    cache = ix.__dict__.setdefault("_slip_maps", {})
    slips = cache.get(kind)
    if slips is None:
        names = ix._road_list if kind == "road" else ix._estate_list
        slips = _Slips(frozenset(names), defaultdict(set), defaultdict(set))
        for name in names:
            if len(name) < 4 or not _CJK.match(name):
                continue
            for i in range(len(name)):
                slips.left_out[name[:i] + name[i + 1 :]].add(name)
            for i in range(len(name) - 1):
                if name[i] != name[i + 1]:
                    slips.swapped[name[:i] + name[i + 1] + name[i] + name[i + 2 :]].add(name)
        cache[kind] = slips
    return slips


def _estate_starts(ix: AddressIndex) -> dict[str, str]:
    """Each start of an estate name (two characters at least, half the name at least) that starts
    exactly one estate's name and is no whole name, road, street or community itself; built once."""
    starts = ix.__dict__.get("_estate_start_map")
    if starts is None:
        found: dict[str, set[str]] = defaultdict(set)
        for name in ix._estate_list:
            for length in range(max(2, (len(name) + 1) // 2), len(name)):
                found[name[:length]].add(name)
        taken = set(ix._estate_list) | set(ix._road_list) | set(ix.streets) | set(ix.communities)
        starts = {
            start: next(iter(names))
            for start, names in found.items()
            if len(names) == 1 and start not in taken
        }
        ix.__dict__["_estate_start_map"] = starts
    return starts


def homophone_score(length: int) -> float:
    """A name read alike scores 0.88 and more: the longer the name read alike, the surer."""
    return 0.88 + 0.01 * min(length, 8)


_ROAD_GENERIC_END = re.compile(r"(?:大街|大道|路|街|巷|道)$")


def _road_stem(name: str) -> str:
    return _ROAD_GENERIC_END.sub("", name)


_ROAD_SECTION_END = re.compile(r"[东西南北中]$")


def _road_stems(ix: AddressIndex) -> dict[str, list[str]]:
    """Road names by their stem (the name without its generic word), built once per index; a road
    with a section (龙蟠中路, 太平南路) also under its stem without it, since callers leave the section
    out (龙蟠路100号). Where two sections share a stem, both are candidates and the house decides."""
    stems = ix.__dict__.get("_road_stem_map")
    if stems is None:
        stems = defaultdict(list)
        for name in ix._road_list:
            stem = _road_stem(name)
            if stem != name:
                stems[stem].append(name)
                sectionless = _ROAD_SECTION_END.sub("", stem)
                if sectionless != stem and len(sectionless) >= 2:
                    stems[sectionless].append(name)
        ix.__dict__["_road_stem_map"] = stems
    return stems


_ESTATE_GENERIC_END = re.compile(r"(?:小区|社区)$")


@cache
def _developer_brands() -> tuple[str, ...]:
    """Developers' brands that start estates' names (ingest/reference/estate_brands.csv), longest first."""
    text = resources.files("ingest.reference").joinpath("estate_brands.csv").read_text(encoding="utf-8")
    brands = {row["brand"].strip() for row in csv.DictReader(text.splitlines()) if row["brand"].strip()}
    return tuple(sorted(brands, key=lambda b: (-len(b), b)))


_PHASE_OR_ZONE_END = re.compile(r"(?:[一二三四五六七八九十\d]+期|[东西南北中]区|[A-Z]\d*区|\d+区)$")


def _phase_families(estate_names: Iterable[str]) -> dict[str, list[str]]:
    """Estates registered by phase or zone (月牙湖花园1期, 光华园南区) under the name people call them
    by, without it (月牙湖花园, 光华园): three characters at least."""
    found: dict[str, list[str]] = defaultdict(list)
    for name in estate_names:
        base = _PHASE_OR_ZONE_END.sub("", _ESTATE_GENERIC_END.sub("", name))
        if base != name and len(base) >= 3:
            found[base].append(name)
    return dict(found)


def _road_word_dropped(units: Iterable[str], road_names: set[str]) -> dict[str, str]:
    """Each unit named after its road (瑞金路小学, 光华路社区卫生服务中心, 集庆路菜场) → its name with the road's
    generic word left out, as people say it (瑞金小学, 光华社区卫生服务中心, 集庆菜场), and that name's
    other unit words (瑞金学校 is not one: only the word groups of unit_word_variants); only when one
    unit gives it."""
    direct: dict[str, set[str]] = defaultdict(set)
    other_word: dict[str, set[str]] = defaultdict(set)
    for name in units:
        for road in road_names:
            stem = _road_stem(road)
            if name.startswith(road) and len(name) > len(road) + 1 and stem != road and len(stem) >= 2:
                short = stem + name[len(road) :]
                direct[short].add(name)
                for variant in unit_word_variants(short):
                    other_word[variant].add(name)
    # a unit's own short name wins over another unit's written with another word (御道农贸市场 is
    # 御道街农贸市场, not 御道街菜市场 called a 农贸市场), as whole names do
    found = {variant: names for variant, names in other_word.items() if variant not in direct}
    found.update(direct)
    return {variant: next(iter(names)) for variant, names in found.items() if len(names) == 1}


def _brand_left_out(estate_names: Iterable[str]) -> dict[str, str]:
    """Each name without a developer's brand (塞纳丽舍, as residents call 中海塞纳丽舍; also without 小区 when
    the registry writes it) → its estate, when three characters or more and no other estate's."""
    found: dict[str, set[str]] = defaultdict(set)
    for name in estate_names:
        brand = next((b for b in _developer_brands() if name.startswith(b)), "")
        rest = name[len(brand) :].lstrip("·")
        for short in {rest, _ESTATE_GENERIC_END.sub("", rest)} if brand else ():  # 塞纳丽舍(小区)
            if len(short) >= 3:
                found[short].add(name)
    return {short: next(iter(names)) for short, names in found.items() if len(names) == 1}


def _estate_key_cached(ix: AddressIndex, name: str) -> str:
    cache = ix._estate_key_cache
    key = cache.get(name)
    if key is None:
        key = cache[name] = ix.strip_leading_admin(estate_key(name))
    return key


def estate_key(name: str) -> str:
    """An estate's name as matched: normalised (its short form without 小区 is looked up too)."""
    return normalise(name)


_ADMIN_PREFIX = re.compile(r"^(?:中国)?(?:江苏省?)?(?:南京市?)?")


def _full_address_residue(full: str, elements: tuple[str, ...], district_names: tuple[str, ...]) -> str:
    """What the full address says beyond its elements: a unit's or landmark's name, or ''."""
    rest = full
    for element in elements:  # cut the raw elements first: most full addresses are nothing more
        if element:
            rest = rest.replace(element, "", 1)
    rest = _ADMIN_PREFIX.sub("", rest)
    for name in district_names:
        rest = rest.replace(name, "", 1)
    if len(rest) < 3 or not _CJK.search(rest):
        return ""
    rest = _ADMIN_PREFIX.sub("", normalise(rest)).strip("|-")
    return rest if len(rest) >= 3 and _CJK.search(rest) and not re.search(r"\d", rest) else ""


def _exact_spellings(road, main, sub, estate, bkey, ukey, rkey, level):
    """How the registry itself spells an address, in canonical text, with the method and confidence
    the full matcher gives that spelling (tests/test_address_matching.py holds them equal)."""
    number = f"{main}-{sub}号" if sub else f"{main}号"
    if road and main and level == "house":  # a house, or a unit or estate gate registered by its 门牌
        yield f"{road}{number}", "exact_house", 1.0
    if not estate:
        return
    if level == "building" and bkey:
        yield f"{estate}{bkey}栋", "exact_building", 1.0
        if road and main:
            yield f"{road}{number}{estate}{bkey}栋", "exact_building", 1.0
            yield f"{road}{number}{bkey}栋", "road_house_building", 0.95
    elif level == "room" and bkey and ukey:
        for room in (f"{rkey}室", rkey):
            yield f"{estate}{bkey}栋{ukey}单元{room}", "exact_room", 1.0
            if road and main:
                yield f"{road}{number}{estate}{bkey}栋{ukey}单元{room}", "exact_room", 1.0
        yield f"{estate}{bkey}-{ukey}-{rkey}", "exact_room", 1.0


_NULL_WORDS = frozenset({"nan", "NaN", "None", "none", "NULL", "null"})


def _s(value: object) -> str:
    if value is None:
        return ""
    text = value.strip() if isinstance(value, str) else str(value).strip()
    return "" if text in _NULL_WORDS else text


def _f(value: object) -> float | None:
    try:
        return None if value is None or value == "" else float(value)
    except (TypeError, ValueError):
        return None
