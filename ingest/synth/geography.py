"""Synthetic geography of Qinhuai district: streets → communities → grids.

Grids are the cells of a jittered quadrilateral lattice: neighbouring cells share their
vertices, so the grids tile each community, street and the district with no gap and no
overlap. Streets and communities are grown by multi-source breadth-first search, which
keeps every region contiguous.
"""

from __future__ import annotations

import csv
import math
from collections import deque
from dataclasses import dataclass, field
from importlib import resources
from random import Random

from .names import COMMUNITY_STEMS, INSTITUTIONS

DISTRICT_CODE = "320104"
DISTRICT_NAME = "秦淮区"
CITY_NAME = "南京市"
LNG0, LNG1 = 118.760, 118.830
LAT0, LAT1 = 31.990, 32.050
NX, NY = 41, 37  # lattice cells
N_CELLS = 1212  # kept cells = comprehensive + exclusive grids
N_EXCLUSIVE = 192
N_COMMUNITIES = 107


@dataclass
class Grid:
    grid_code: str
    grid_name: str
    grid_type: str  # 综合网格 | 专属网格
    community_code: str
    street_code: str
    cell: tuple[int, int]
    ring: list[tuple[float, float]]  # closed ring, WGS-84, counter-clockwise
    worker_id: str = ""

    def point(self, u: float, v: float) -> tuple[float, float]:
        """Bilinear point inside the quad for u, v in (0, 1)."""
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = self.ring[:4]
        lng = (1 - u) * (1 - v) * x0 + u * (1 - v) * x1 + u * v * x2 + (1 - u) * v * x3
        lat = (1 - u) * (1 - v) * y0 + u * (1 - v) * y1 + u * v * y2 + (1 - u) * v * y3
        return lng, lat

    @property
    def center(self) -> tuple[float, float]:
        return self.point(0.5, 0.5)


@dataclass
class Community:
    community_code: str
    community_name: str
    street_code: str
    grids: list[Grid] = field(default_factory=list)


@dataclass
class Street:
    street_code: str
    street_name: str
    communities: list[Community] = field(default_factory=list)


@dataclass
class Geography:
    streets: list[Street]
    grids: list[Grid]
    grid_by_cell: dict[tuple[int, int], Grid]

    @property
    def communities(self) -> list[Community]:
        return [c for s in self.streets for c in s.communities]

    def neighbours(self, grid: Grid) -> list[Grid]:
        i, j = grid.cell
        out = []
        for di, dj in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            g = self.grid_by_cell.get((i + di, j + dj))
            if g is not None:
                out.append(g)
        return out


def real_communities() -> dict[str, list[str]]:
    """Qinhuai's real communities per street (ingest/reference/qinhuai_communities.tsv, from jionlp,
    Apache-2.0, see NOTICE.jionlp there)."""
    text = resources.files("ingest.reference").joinpath("qinhuai_communities.tsv").read_text(encoding="utf-8")
    out: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            street, community = line.split("\t")
            out.setdefault(street, []).append(community)
    return out


def load_streets() -> list[tuple[str, str]]:
    """The district's 12 real streets (NBS codes 320104001-012); 4xx functional areas are not streets."""
    text = resources.files("ingest.reference").joinpath("qinhuai_streets.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    return [(r["street_code"], r["street_name"]) for r in rows if r["street_code"][6] == "0"]


def _grow(seeds: list, cells: set, adjacency) -> dict:
    """Multi-source BFS: each cell goes to the seed that reaches it first (contiguous regions)."""
    owner = {s: k for k, s in enumerate(seeds)}
    queue = deque(seeds)
    while queue:
        c = queue.popleft()
        for n in adjacency(c):
            if n in cells and n not in owner:
                owner[n] = owner[c]
                queue.append(n)
    return owner


def _farthest_seeds(cells: list, k: int, rng: Random) -> list:
    seeds = [cells[rng.randrange(len(cells))]]
    dist = {c: (c[0] - seeds[0][0]) ** 2 + (c[1] - seeds[0][1]) ** 2 for c in cells}
    while len(seeds) < k:
        nxt = max(cells, key=lambda c: (dist[c], c))
        seeds.append(nxt)
        for c in cells:
            dist[c] = min(dist[c], (c[0] - nxt[0]) ** 2 + (c[1] - nxt[1]) ** 2)
    return seeds


def _adjacent(c):
    i, j = c
    return ((i + 1, j), (i - 1, j), (i, j + 1), (i, j - 1))


def build_geography(seed: int) -> Geography:
    rng = Random(f"geo-{seed}")
    dx, dy = (LNG1 - LNG0) / NX, (LAT1 - LAT0) / NY
    # Shared, jittered lattice vertices.
    vertex = {}
    for i in range(NX + 1):
        for j in range(NY + 1):
            jx = rng.uniform(-0.2, 0.2) * dx if 0 < i < NX else 0.0
            jy = rng.uniform(-0.2, 0.2) * dy if 0 < j < NY else 0.0
            vertex[i, j] = (round(LNG0 + i * dx + jx, 7), round(LAT0 + j * dy + jy, 7))
    # An irregular, star-shaped district outline: keep the N_CELLS cells with the smallest
    # radius relative to a wavy boundary.
    phases = [rng.uniform(0, 2 * math.pi) for _ in range(3)]

    def rel_radius(i: int, j: int) -> float:
        x, y = (i + 0.5) / NX - 0.5, (j + 0.5) / NY - 0.5
        theta = math.atan2(y, x)
        bound = 1 + 0.12 * math.sin(2 * theta + phases[0]) + 0.08 * math.sin(3 * theta + phases[1])
        bound += 0.05 * math.sin(5 * theta + phases[2])
        return math.hypot(x, y) / bound

    ranked = sorted((rel_radius(i, j), (i, j)) for i in range(NX) for j in range(NY))
    cells = sorted(c for _, c in ranked[:N_CELLS])
    cell_set = set(cells)

    street_defs = load_streets()
    street_seeds = _farthest_seeds(cells, len(street_defs), rng)
    street_owner = _grow(street_seeds, cell_set, _adjacent)
    # Order streets west→east so codes look spatially coherent on the map.
    order = sorted(range(len(street_seeds)), key=lambda k: (street_seeds[k][0], street_seeds[k][1]))
    street_cells: dict[int, list] = {k: [] for k in range(len(street_seeds))}
    for c, k in street_owner.items():
        street_cells[k].append(c)

    sizes = {k: len(v) for k, v in street_cells.items()}
    quota = {k: max(4, round(N_COMMUNITIES * sizes[k] / len(cells))) for k in sizes}
    while sum(quota.values()) != N_COMMUNITIES:
        k = (
            max(quota, key=lambda k: sizes[k] / quota[k])
            if sum(quota.values()) < N_COMMUNITIES
            else min(quota, key=lambda k: sizes[k] / quota[k])
        )
        quota[k] += 1 if sum(quota.values()) < N_COMMUNITIES else -1

    # each street's real communities (their number and names), where the list knows the street
    real = real_communities()
    for rank, k in enumerate(order):
        known = real.get(street_defs[rank][1])
        if known and len(known) <= sizes[k]:
            quota[k] = len(known)

    stems = list(COMMUNITY_STEMS)
    rng.shuffle(stems)
    taken = {name for names in real.values() for name in names}
    name_pool = iter(s for s in dict.fromkeys(stems) if f"{s}社区" not in taken)

    exclusive_cells = set(rng.sample(cells, N_EXCLUSIVE))
    institutions = list(INSTITUTIONS)

    streets: list[Street] = []
    grids: list[Grid] = []
    grid_by_cell: dict[tuple[int, int], Grid] = {}
    worker_seq = 0
    for rank, k in enumerate(order):
        street_code, street_name = street_defs[rank]
        street = Street(street_code, street_name)
        s_cells = sorted(street_cells[k])
        c_seeds = _farthest_seeds(s_cells, quota[k], rng)
        c_owner = _grow(c_seeds, set(s_cells), _adjacent)
        c_order = sorted(range(len(c_seeds)), key=lambda m: (-c_seeds[m][1], c_seeds[m][0]))
        own_names = list(real.get(street_name, ()))
        for c_rank, m in enumerate(c_order, start=1):
            community_code = f"{street_code}{c_rank:03d}"
            name = own_names[c_rank - 1] if c_rank <= len(own_names) else f"{next(name_pool)}社区"
            community = Community(community_code, name, street_code)
            members = sorted((c for c, o in c_owner.items() if o == m), key=lambda c: (-c[1], c[0]))
            comprehensive = [c for c in members if c not in exclusive_cells]
            exclusive = [c for c in members if c in exclusive_cells]
            for seq, c in enumerate(comprehensive + exclusive, start=1):
                i, j = c
                ring = [vertex[i, j], vertex[i + 1, j], vertex[i + 1, j + 1], vertex[i, j + 1], vertex[i, j]]
                if c in exclusive_cells:
                    grid_type = "专属网格"
                    name = f"{institutions[(len(grids)) % len(institutions)]}专属网格"
                    worker = ""
                else:
                    grid_type = "综合网格"
                    name = f"{community.community_name}第{seq}网格"
                    worker_seq += 1
                    worker = f"WG{DISTRICT_CODE}{worker_seq:05d}"
                grid = Grid(
                    f"{community_code}{seq:03d}",
                    name,
                    grid_type,
                    community_code,
                    street_code,
                    c,
                    ring,
                    worker,
                )
                community.grids.append(grid)
                grids.append(grid)
                grid_by_cell[c] = grid
            street.communities.append(community)
        streets.append(street)
    return Geography(streets, grids, grid_by_cell)
