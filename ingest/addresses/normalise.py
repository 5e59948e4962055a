"""Address text → one canonical spelling, before anything is looked up.

People write the same place many ways: full-width digits, `3#楼`, `三幢`, `5—1—202`, `九栋三单元六零二室`,
`88号之一`, `88号附1`. Every text (event texts and the standard-address registry's own elements) goes
through `normalise` so both sides of a comparison are spelled alike. Only spelling changes here; what the
words mean (which part is a road, an estate, a building) is decided in `parse`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_CN_DIGIT = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}  # fmt: skip
_CN_NUM = "零〇○一二三四五六七八九十百两"


def cn_to_int(token: str) -> int | None:
    """Chinese numerals as people write house, building and room numbers.

    Positional when a 十/百 is written (十二 → 12, 二十五 → 25, 一百零八 → 108), digit by digit
    otherwise (六零二 → 602, 三 → 3). None for anything else.
    """
    if not token or any(c not in _CN_NUM for c in token):
        return None
    if "十" not in token and "百" not in token:
        return int("".join(str(_CN_DIGIT[c]) for c in token))
    total, current = 0, 0
    for c in token:
        if c == "百":
            total += (current or 1) * 100
            current = 0
        elif c == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _CN_DIGIT[c]
    return total + current


# Chinese numerals that are numbers of an address element: followed by a unit word, or a room number
# written after 单元/栋 at the end (`三单元六零二`).
_CN_BEFORE_UNIT = re.compile(rf"(?<![{_CN_NUM}])([{_CN_NUM}]+)(?=号|栋|幢|座|单元|门|室|层|楼|期|户|#)")
_CN_ROOM_AT_END = re.compile(rf"(?:(?<=单元)|(?<=[栋幢]))([{_CN_NUM}]{{2,4}})(?=$|[^\u4e00-\u9fff])")
_CN_AFTER_SUB = re.compile(rf"(?<=[之附])([{_CN_NUM}]+)")
# Capital numerals (大写数字, 伍栋贰单元, 柒拾柒号), as on forms and cheques: the ordinary numeral, but only in
# a run before an element word (伍 and 陆 are also surnames, 陆 a road's name)
_CAPITAL_NUM = "壹贰叁肆伍陆柒捌玖拾佰"
_CAPITALS = str.maketrans(_CAPITAL_NUM, "一二三四五六七八九十百")
_CAPITAL_BEFORE_UNIT = re.compile(rf"[{_CN_NUM}{_CAPITAL_NUM}]+(?=号|栋|幢|座|单元|门|室|层|楼|户)")
_CAPITAL_CHARS = frozenset(_CAPITAL_NUM)
# A building letter dashed to its room in a tower (中环国际广场B-1502): the letter is the building
_LETTER_DASH = re.compile(r"(?<=[\u4e00-\u9fff])([A-Za-z])-(?=\d)")
# One pass of str.translate for single characters: spaces and brackets go, dashes become '-',
# sentence punctuation a break '|'; runs of '-' or '|' are collapsed after.
_CHARS = str.maketrans(
    {
        **{c: None for c in " \t\r\n\x0b\x0c\u200b\u3000\u00a0()（）[]【】《》<>〈〉「」『』\"“”'‘’"},
        **{c: "-" for c in "‐‑‒–—―−﹘﹣－~～〜_"},
        **{c: "|" for c in "，,。；;：:！!？?、|/\\"},
    }
)
# A mark between a name or element word and the number after it only separates parts (瑞金新村/5栋/2单元/301,
# 5栋.2单元.301室, 光华路·77号); between two numbers it stays (dates, decimals).
_PART_SEPARATOR = re.compile(r"(?<=[^\d\s])[/\\.·・•|](?=\d)")
_SPACE_BETWEEN_NUMBERS = re.compile(r"(?<=\d)[ \t]+(?=\d)")
_PART_SEPARATOR_CHARS = frozenset("/\\.·・•|")
_RUNS = re.compile(r"-{2,}|\|{2,}")
_NUMBER_SIGN = re.compile(r"(?<![A-Za-z])[Nn][Oo]\.? ?(?=\d)")
# a list of numbers of one element, ascending, after a name (梅花山庄8/9栋, 瑞金新村1/2/3栋, 5、6号) and a
# range written before the building word (梅花山庄7-9栋, 12-13栋): the first
_NUMBER_LIST = re.compile(r"(?<=[^\d|号栋幢座元室楼层-])(\d{1,4})((?:\|\d{1,4})+)(?=栋|幢|座|单元|号|室)")
_BUILDING_RANGE = re.compile(r"(?<![\d-])(\d{1,4})-(\d{1,4})(?=栋|幢|号楼)")
# A comma between an address's parts (瑞金新村，5栋，2单元，301): the next part is an element's number
_BREAK_BEFORE_ELEMENT = re.compile(
    r"(?<=[\u4e00-\u9fff])\|(?=\d+(?:栋|幢|单元|号|室|楼|层|#)|\d{3,4}(?:$|\|))"
)
_ROOM_RANGE = re.compile(r"(?<![\d-])(\d{3,4})-\d{3,4}(?![\d-])")
# A dash after a name is a separator between parts (秦淮区-瑞金路街道-瑞金新村-5栋, 中华路-87号); dashes
# mean something only between numbers and after a number's unit word (88号-1, 3栋-2单元-501).
_NAME_DASH = re.compile(r"(?<=[\u4e00-\u9fff])(?<![号栋幢座元楼层室])-")
_CN_CHARS = frozenset(_CN_NUM)
# Building words and sub-numbers, each with the text that must be present for it to apply.
_BUILDING_WORDS = [
    ("#", re.compile(r"(\d+|[A-Za-z])#楼?"), r"\1栋"),
    (
        ("号楼", "幢", "座", "号栋", "栋楼"),
        re.compile(r"(\d+|[A-Za-z])(?:号楼(?![下上顶前后旁道梯])|幢|座|号栋|栋楼)"),
        r"\1栋",
    ),
    ("门", re.compile(r"(\d+)门(?=\d)"), r"\1单元"),
    ("楼", re.compile(r"(\d+)楼(?=\d+单元)"), r"\1栋"),  # 5楼2单元: a floor has no units, a building does
    # 88号之1, 88号附1, 88之1号, 88附1号, and with no 号 at all (88之1): a sub-number
    (("之", "附"), re.compile(r"(\d+)号?(?:之|附)(\d+)号?"), r"\1-\2号"),
    # 88号-1 is a sub-number; 77号-79号 a range (its first number stays); 12号-2楼 a floor
    ("号-", re.compile(r"(\d+)号-(\d+)(?![\d-]|栋|单元|楼|层|室|号)"), r"\1-\2号"),
    ("号院", re.compile(r"(\d+)号院"), r"\1号"),
    ("第", re.compile(r"第(\d+|[A-Z])(栋|单元|层|号)"), r"\1\2"),
]
_LOWER = re.compile(r"[a-z]")
_WORD_TWICE = re.compile(r"(栋|号|单元|室)\1+")
# Pinyin input makes the element words' homophones typos (栋 dòng → 动/东/洞/冬, 幢 zhuàng → 撞/壮, 单元 →
# 单员/单园): after a number, and not where the character means a side or a gate (5号东侧, 3东门).
_BUILDING_HOMOPHONE = re.compile(r"(\d+)[动东洞冬冻撞壮](?![门侧边面路街巷区头])")
_BUILDING_HOMOPHONE_CHARS = frozenset("动东洞冬冻撞壮")
_UNIT_HOMOPHONE = re.compile(r"(\d+)单[员园远原圆]")
# 单元 shortened to 单 after a building (5栋2单301)
_UNIT_SHORT = re.compile(r"(?<=[栋幢])(\d+)单(?![元员园远原圆])")


def _traditional_to_simplified() -> dict[int, str]:
    """Traditional characters (秦淮區, 光華路77號, 5棟2單元) as their simplified form, one character for
    one, from OpenCC's table; a character whose candidates include itself (乾 → 干/乾) stays."""
    from importlib import resources

    table: dict[int, str] = {}
    text = resources.files("opencc").joinpath("dictionary", "TSCharacters.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        source, _, targets = line.partition("\t")
        candidates = targets.split()
        if len(source) == 1 and candidates and source not in candidates and len(candidates[0]) == 1:
            table[ord(source)] = candidates[0]
    return table


_TRADITIONAL = _traditional_to_simplified()
_TRADITIONAL_CHARS = frozenset(chr(c) for c in _TRADITIONAL)


def _first_of_list(m: re.Match) -> str:
    numbers = [int(m.group(1)), *(int(n) for n in m.group(2).split("|")[1:])]
    # ascending and close (8/9栋, 301、302室), not a house and a room apart (光华路77 301室)
    same = numbers == sorted(set(numbers)) and numbers[-1] <= 2 * numbers[0] + 10
    return m.group(1) if same else m.group(0)


def _cn_number_repl(m: re.Match) -> str:
    if m.group(1) == "两":  # 两栋之间: two buildings, not building 2 (people write 二栋 for that)
        return m.group(1)
    value = cn_to_int(m.group(1))
    return m.group(1) if value is None else str(value)


@lru_cache(maxsize=100_000)
def normalise(text: str | None) -> str:
    """The canonical spelling of an address text ('' for None).

    Half-width (NFKC), simplified characters, no spaces or brackets, one dash, sentence punctuation as
    '|', homophones of 栋 and 单元 typed after a number as the word, Chinese numerals
    of address elements as digits, building words as 栋 (3#楼, 三幢, 3号楼, A座), 门 between numbers as
    单元, house sub-numbers as `88-1号` (88号之一, 88号附1, 88之1号).
    """
    if not text:
        return ""
    s = unicodedata.normalize("NFKC", str(text))
    if "o" in s or "O" in s:  # 光华路No.77, 光华路№77 (NFKC: No): the number sign goes
        s = _NUMBER_SIGN.sub("", s)
    if " " in s or "\t" in s:  # a space between two numbers keeps them apart (光华路77 301室)
        s = _SPACE_BETWEEN_NUMBERS.sub("|", s)
    if not _PART_SEPARATOR_CHARS.isdisjoint(s):
        s = _PART_SEPARATOR.sub("", s)
    s = s.translate(_CHARS)
    if not _TRADITIONAL_CHARS.isdisjoint(s):
        s = s.translate(_TRADITIONAL)
    if "--" in s or "||" in s:
        s = _RUNS.sub(lambda m: m.group(0)[0], s)
    if "-" in s:  # 201-202: two rooms (or houses) of three digits or more, the first; 7-9栋 likewise
        s = _ROOM_RANGE.sub(r"\1", s)
        s = _BUILDING_RANGE.sub(lambda m: m.group(1) if int(m.group(1)) < int(m.group(2)) else m.group(0), s)
    if "|" in s:
        s = _NUMBER_LIST.sub(_first_of_list, s)
        s = _BREAK_BEFORE_ELEMENT.sub("", s)
    if "-" in s:
        s = _NAME_DASH.sub("", s)
        s = _LETTER_DASH.sub(r"\1栋", s)
    if not _CAPITAL_CHARS.isdisjoint(s):
        s = _CAPITAL_BEFORE_UNIT.sub(lambda m: m.group(0).translate(_CAPITALS), s)
    if not _CN_CHARS.isdisjoint(s):
        s = _CN_BEFORE_UNIT.sub(_cn_number_repl, s)
        s = _CN_ROOM_AT_END.sub(_cn_number_repl, s)
        s = _CN_AFTER_SUB.sub(_cn_number_repl, s)
    if not _BUILDING_HOMOPHONE_CHARS.isdisjoint(s):
        s = _BUILDING_HOMOPHONE.sub(r"\1栋", s)
    if "单" in s:
        s = _UNIT_HOMOPHONE.sub(r"\1单元", s)
        s = _UNIT_SHORT.sub(r"\1单元", s)
    if "栋栋" in s or "号号" in s or "元单" in s or "室室" in s:  # an element word typed twice
        s = _WORD_TWICE.sub(r"\1", s)
    for needles, pattern, repl in _BUILDING_WORDS:
        if (needles in s) if isinstance(needles, str) else any(n in s for n in needles):
            s = pattern.sub(repl, s)
    return _LOWER.sub(lambda m: m.group(0).upper(), s) if not s.isupper() else s


@lru_cache(maxsize=50_000)
def number_key(value: str | None) -> str:
    """The number of an element as a key: '03栋' → '3', 'A座' → 'A', '602室' → '602', '' when none."""
    if not value:
        return ""
    s = normalise(value)
    m = re.search(r"\d+", s)
    if m:
        return str(int(m.group(0)))
    m = re.search(r"[A-Z]", s)
    return m.group(0) if m else ""


@lru_cache(maxsize=50_000)
def house_key(value: str | None) -> tuple[str, str]:
    """A house number as (main, sub): '88号' → ('88', ''), '88-1号' / '88号之一' / '88号附1' → ('88', '1')."""
    if not value:
        return "", ""
    s = normalise(value)
    m = re.search(r"(\d+)(?:-(\d+)|([A-Z甲乙丙丁])(?=号|$))?", s)
    if not m:
        return "", ""
    return str(int(m.group(1))), str(int(m.group(2))) if m.group(2) else (m.group(3) or "")


# Words at the end of a place that only say "near" it (附近, 门口, 楼下 ...).
_TRAILING_NOISE = re.compile(r"(?:附近|旁边|对面|门口|楼下|楼上|东侧|西侧|南侧|北侧|周边|一带|路口|处)+$")


def strip_trailing_noise(text: str) -> str:
    return _TRAILING_NOISE.sub("", text)
