"""The unified taxonomy covers real classifications (docs/domain.md §5): every third-level class of a
real 3-level complaint classification (../shared/reference/real/complaint_taxonomy_taidi2020.csv, kept
outside the repository: the test is skipped without it) lands in a unified category through the
warehouse's own class rules (macro classify_class_paths), and typical classes land where a dispatcher
would put them."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import duckdb
import pytest

from .conftest import ROOT, run_build

REAL = ROOT.parent / "shared/reference/real/complaint_taxonomy_taidi2020.csv"

# (class path as a hotline export writes it) → where a dispatcher would put it
TYPICAL = {
    "劳动和社会保障>工资福利>工资发放": "unpaid_wages",
    "城乡建设>城乡规划>违章建筑": "illegal_construction",
    "政法>社会治安>消防安全": "fire_safety",
    "卫生计生>食品药品监管>食品安全": "food_safety",
    "环境保护>环境污染>噪音污染": "living_noise",
    "环境保护>环境污染>水污染": "pollution_other",
    "城乡建设>住房保障与房地产>物业服务": "property_service",
    "城乡建设>城市建设和市政管理>自来水供应": "utility_supply",
    "交通运输>出租车管理>网约车问题": "public_transport",
    "民政>社会救助>城镇低保": "hardship_aid",
    "教育文体>教育收费>乱收费": "education",
    "纪检监察>干部作风>形式主义": "discipline_inspection",
    "国土资源>土地征收>安置补偿": "demolition_compensation",
    "劳动和社会保障>城镇职工社会保险>职工生育保险": "social_insurance",
    "商贸旅游>质监检验检疫>出入境检验检疫": "market_regulation",
    "城乡建设>其他>其他": "facility_other",  # 其他 defers to its parent
    "城乡建设/市容环境/占道经营": "street_vending",  # written with slashes
}


def classify(warehouse: Path, paths: list[str]) -> dict[str, str]:
    """Categories by the warehouse's macro, compiled by dbt and run on the built warehouse's seeds."""
    listing = ", ".join("('hotline_12345', '" + p.replace("'", "''") + "')" for p in paths)
    inline = (
        f"with paths as (select * from (values {listing}) as v(source, source_category)) "
        "{{ classify_class_paths('paths') }}"
    )
    lake = warehouse.parent / "lake.duckdb"
    result = run_build(lake, warehouse, "compile", "--quiet", "--inline", inline)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    sql = result.stdout.strip().rsplit("\ndbt compile", 1)[0]  # without `ingest build`'s status line
    con = duckdb.connect()
    try:
        con.execute(f"attach '{warehouse}' as {warehouse.stem} (read_only)")
        # a published build names the catalog it was built under: use whichever the SQL names
        for catalog in set(re.findall(r'"([^"]+)"\."seeds"', sql)) - {warehouse.stem}:
            con.execute(f"attach '{warehouse}' as \"{catalog}\" (read_only)")
        return dict((p, c) for _, p, c in con.execute(sql).fetchall())
    finally:
        con.close()


@pytest.fixture(scope="module")
def real_paths() -> list[str]:
    if not REAL.exists():
        pytest.skip("the real classification lives outside the repository (../shared/reference/real)")
    with REAL.open(encoding="utf-8") as f:
        rows = list(csv.reader(f))[1:]
    assert len(rows) == 517
    return [">".join(r) for r in rows]


def test_every_real_third_level_class_lands_in_a_category(warehouse, real_paths):
    got = classify(warehouse, real_paths)
    missing = [p for p in real_paths if p not in got]
    assert missing == []
    # not one catch-all: the 15 first-level classes spread over many categories
    assert len(set(got.values())) >= 30


def test_typical_classes_land_where_a_dispatcher_would_put_them(warehouse):
    got = classify(warehouse, list(TYPICAL))
    wrong = {p: (got.get(p), want) for p, want in TYPICAL.items() if got.get(p) != want}
    assert wrong == {}
