"""The address evaluation set: labelled texts written from how people really write Qinhuai addresses,
against a standard-address registry of their own (tests/fixtures/addresses_eval/, see its README).

Nothing here comes from the demo generator: the registry is declared by hand on real roads, estates and
communities; the texts are written by kind (sub-numbers, old district names, typos, pointers to the
complaint text, landmarks ...). The matcher runs exactly as the warehouse runs it: the place text chosen
by the same rule, the same index, the same aliases mechanism.

Expectations are references, resolved against the registry (codes are never written by hand):
  road:中华路/87-1        the street-front house 中华路87-1号
  estate:瑞金新村/18       building 18 of 瑞金新村; estate:明故宫苑/3/2/501 a room
  unit:瑞金路小学          a unit registered as one address
  estate:瑞金新村 (grid)   the grid most of the estate's buildings are in
  none / -               no standard address / no grid expected
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..specs import ADDRESS
from .district import other_district_names
from .index import AddressIndex
from .match import match_text
from .place import place_text

EVAL_DIR = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "addresses_eval"
STREETS = tuple(
    r["street_name"]
    for r in csv.DictReader(
        resources.files("ingest.reference")
        .joinpath("qinhuai_streets.csv")
        .read_text(encoding="utf-8")
        .splitlines()
    )
    if r["street_name"].endswith("街道")
)


def read_registry(path: Path) -> list[dict]:
    by_header = {f.header: f.column for f in ADDRESS.fields}
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [{by_header.get(k, k): v for k, v in row.items()} for row in csv.DictReader(f)]


class References:
    """Resolves `road:…`, `estate:…`, `unit:…` references to address codes and grids."""

    def __init__(self, registry: list[dict]):
        self.by_key: dict[tuple, dict] = {}
        self.estate_grids: dict[str, Counter] = defaultdict(Counter)
        for r in registry:
            estate, building, unit, room = r["estate"], r["building"], r["unit"], r["room"]
            if estate and not building:
                self.by_key[("unit", estate)] = r
            elif estate:
                self.estate_grids[estate][r["grid_code"]] += not room
                key = ("estate", estate, building.removesuffix("栋"))
                if room:
                    key += (unit.removesuffix("单元"), room.removesuffix("室"))
                self.by_key[key] = r
            else:
                self.by_key[("road", r["road"], r["house_number"].removesuffix("号"))] = r

    def address(self, ref: str) -> dict | None:
        if ref in ("", "none", "-"):
            return None
        kind, _, rest = ref.partition(":")
        parts = rest.split("/")
        key = (kind, *parts)
        if key not in self.by_key:
            raise KeyError(f"evaluation reference {ref!r} names no address of the registry")
        return self.by_key[key]

    def grid(self, ref: str) -> str | None:
        if ref == "-":
            return None
        kind, _, rest = ref.partition(":")
        if kind == "estate" and "/" not in rest:
            return self.estate_grids[rest].most_common(1)[0][0]
        row = self.address(ref)
        return row["grid_code"] if row else None


@dataclass
class Case:
    kind: str
    address_text: str
    content: str
    street_hint: str
    expect_code: str | None
    expect_grid: str | None


def load_set(folder: Path = EVAL_DIR) -> tuple[AddressIndex, list[Case]]:
    registry = read_registry(folder / "registry.csv")
    refs = References(registry)
    aliases = []
    with (folder / "aliases.csv").open(encoding="utf-8", newline="") as f:
        for a in csv.DictReader(f):
            target = a["target"]
            if a["kind"] == "address":
                target = refs.address(target)["address_code"]
            aliases.append({"alias": a["alias"], "kind": a["kind"], "target": target})
    ix = AddressIndex.build(
        registry,
        aliases,
        own_district_names=("秦淮区",),
        other_districts=other_district_names("320104"),
        streets=STREETS,
    )
    cases = []
    for path in sorted(folder.glob("cases_*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                expect = refs.address(row["expect"])
                grid_ref = row["expect_grid"] or row["expect"]
                cases.append(
                    Case(
                        row["kind"],
                        row["address_text"],
                        row["content"],
                        row["street_hint"] or None,
                        expect["address_code"] if expect else None,
                        refs.grid(grid_ref) if grid_ref not in ("none",) else None,
                    )
                )
    return ix, cases


def evaluate(folder: Path = EVAL_DIR) -> dict:
    """Per kind and overall: right address (of texts naming one), right grid (of texts with a grid),
    false matches (an address for a text that names none)."""
    ix, cases = load_set(folder)
    per_kind: dict[str, Counter] = defaultdict(Counter)
    failures = []
    for c in cases:
        m = match_text(ix, place_text(c.address_text, c.content), c.street_hint)
        k = per_kind[c.kind]
        k["cases"] += 1
        if c.expect_code:
            k["address_cases"] += 1
            k["address_right"] += m.address_code == c.expect_code
        else:
            k["no_address_cases"] += 1
            k["false_matches"] += bool(m.address_code)
        if c.expect_grid:
            k["grid_cases"] += 1
            k["grid_right"] += m.grid_code == c.expect_grid
        if m.address_code != (c.expect_code or "") or (c.expect_grid and m.grid_code != c.expect_grid):
            failures.append(
                (c.kind, c.address_text or c.content, m.match_method, m.address_code, c.expect_code)
            )
    total = Counter()
    for k in per_kind.values():
        total.update(k)
    return {"kinds": {name: _rates(k) for name, k in sorted(per_kind.items())}, "total": _rates(total),
            "failures": failures}  # fmt: skip


def _rates(k: Counter) -> dict:
    return {
        "cases": k["cases"],
        "address_accuracy": round(k["address_right"] / k["address_cases"], 4) if k["address_cases"] else None,
        "grid_accuracy": round(k["grid_right"] / k["grid_cases"], 4) if k["grid_cases"] else None,
        "false_match_rate": round(k["false_matches"] / k["no_address_cases"], 4)
        if k["no_address_cases"]
        else None,
        "address_cases": k["address_cases"],
        "grid_cases": k["grid_cases"],
        "no_address_cases": k["no_address_cases"],
    }
