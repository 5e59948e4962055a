"""`python -m ingest synth`: write a whole demo district into an inbox.

Layout written:
    OUT/<source>/...           the exports, in each source's native and messy formats
    OUT/../truth/events.csv    ground truth per event (source, source_id, grid_code,
                               address_code, duplicate_group) for accuracy measurement
    OUT/../truth/manifest.json what was planted (bad files, expected row counts)
"""

from __future__ import annotations

import csv
import json
import shutil
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from random import Random

from ..specs import SPECS
from . import sensing
from .events import (
    DateStyle,
    DistrictEvents,
    city_rows,
    grid_records,
    hotline_rows,
    petition_rows,
)
from .geography import build_geography
from .registries import ENTITY_HEADER, ORG_HEADER, POPULATION_HEADER, build_registries
from .writers import write_csv, write_json_array, write_jsonl, write_xlsx

DEFAULT_END = date(2026, 11, 20)
DEFAULT_EVENTS = 200_000


@dataclass
class SynthReport:
    files: dict[str, int] = field(default_factory=dict)  # relative path -> data rows written
    planted: dict[str, str] = field(default_factory=dict)  # relative path -> what is wrong with it
    planted_rows: dict[str, int] = field(default_factory=dict)  # check code -> rows planted to fail it
    events: int = 0
    seconds: float = 0.0


def headers(source: str, variant: int) -> list[str]:
    """The header row of an export: canonical names, or the n-th alias where one exists."""
    out = []
    for f in SPECS[source].fields:
        names = (f.header, *f.aliases)
        out.append(names[variant % len(names)] if variant else f.header)
    return out


def _decorate(source: str, variant: int, head: list[str]) -> list[str]:
    """Header spelling noise real exports have: stray spaces, full-width parentheses."""
    if variant == 1:
        head = [f" {h}" if k % 5 == 0 else h for k, h in enumerate(head)]
    if source == "hotline_12345" and variant == 2:
        head = [h.replace("联系电话", "联系电话（手机）") if h == "联系电话" else h for h in head]
    return head


def generate(
    out: Path,
    events: int = DEFAULT_EVENTS,
    seed: int = 7,
    end: date = DEFAULT_END,
    people: int | None = None,
    log=print,
) -> SynthReport:
    t_start = time.perf_counter()
    out = Path(out)
    truth_dir = out.parent / "truth"
    for d in (out, truth_dir):
        d.mkdir(parents=True, exist_ok=True)
    report = SynthReport()
    n_people = people if people is not None else min(750_000, max(2_000, int(events * 0.3)))

    geo = build_geography(seed)
    reg = build_registries(geo, seed, n_people)
    log(
        f"geography: {len(geo.streets)} streets, {len(geo.communities)} communities, {len(geo.grids)} grids; "
        f"registries: {len(reg.buildings) + len(reg.rooms)} addresses, {len(reg.people)} people, "
        f"{len(reg.entities)} licences"
    )
    _write_registries(out, geo, reg, report)

    ev = DistrictEvents(geo, reg, seed, events, end)
    register = sensing.devices(ev, seed)
    name = "iot_device/物联感知设备台账.csv"
    report.files[name] = (
        write_csv(
            out / name,
            [headers("iot_device", 0), *sensing.device_rows(register, Random(f"dev-{seed}"))],
            encoding="utf-8-sig",
        )
        - 1
    )
    truth_path = truth_dir / "events.csv"
    with open(truth_path, "w", encoding="utf-8", newline="") as tf:
        tw = csv.writer(tf)
        tw.writerow(["source", "source_id", "grid_code", "address_code", "duplicate_group"])
        earlier_petitions: list[str] = []
        months = ev.months()
        for m, (lo, hi) in enumerate(months):
            rng = Random(f"month-{seed}-{lo:%Y%m}")
            truth: list = []
            twins: list = []
            ym = f"{lo:%Y}年{lo:%m}月"
            last = m == len(months) - 1

            # 12345 hotline: xlsx, title block on even months, alias headers rotate, one month as GBK CSV,
            # one workbook with a lying dimension record and a dangling relationship, 16-digit numbers in one.
            variant = m % 3
            head = _decorate("hotline_12345", variant, headers("hotline_12345", variant))
            style = DateStyle(
                Random(f"ds-h-{seed}-{m}"),
                ("iso", "slash", "iso", "cn_minute")[m % 4],
                0.15,
                allow_serial=True,
            )
            hot_seed = f"hot-{seed}-{lo:%Y%m}"
            rows = hotline_rows(ev, Random(hot_seed), lo, hi, style, twins, truth, long_numbers=(m == 8))
            if m == 2:
                name = f"hotline_12345/12345工单_{lo:%Y%m}.csv"
                report.files[name] = write_csv(out / name, [head, *rows], encoding="gbk") - 1
            else:
                name = f"hotline_12345/秦淮区12345工单明细_{ym}.xlsx"
                title = [[f"秦淮区12345工单明细 {ym}"], []] if m % 2 == 0 else []
                footer_rows: list[list] = []
                body = list(rows)
                if m % 3 == 0:
                    footer_rows = [
                        [f"合计：{len(body)} 条"],
                        ["制表人：区指挥中心", "", f"导出时间：{hi:%Y-%m-%d %H:%M}"],
                    ]
                trailing = ["", ""] if m % 4 == 1 else []
                write_xlsx(
                    out / name,
                    [*title, head + trailing, *body, *footer_rows],
                    merge_title_cols=len(head) if title else 0,
                    lie_about_dimension=(m == 5),
                    dangling_relationship=(m == 5),
                )
                report.files[name] = len(body)
                if m == 5:
                    report.planted[name] = (
                        "malformed workbook: dimension record A1:C3, dangling theme relationship"
                    )
            if m == 4:  # the same export downloaded twice under another name
                copy = "hotline_12345/工单导出(1).xlsx"
                shutil.copyfile(out / name, out / copy)
                report.planted[copy] = f"byte-identical copy of {name}"
            if last:  # an earlier, partial export of the current month (re-exported later with more rows)
                cutoff = lo + (hi - lo) / 2
                cutoff = cutoff.replace(hour=0, minute=0, second=0, microsecond=0)
                partial = [
                    r
                    for r in hotline_rows(
                        ev,
                        Random(hot_seed),
                        lo,
                        hi,
                        DateStyle(Random(f"ds-p-{seed}"), "iso", 0.1, True),
                        None,
                        None,
                        False,
                        as_of=cutoff,
                    )
                ]
                pname = f"hotline_12345/秦淮区12345工单明细_{ym}_截至{cutoff:%d}日.xlsx"
                write_xlsx(out / pname, [head, *partial])
                report.files[pname] = len(partial)
                report.planted[pname] = (
                    "partial export of the same month; its orders reappear in the later file"
                )

            # City management: GBK CSV; GB18030 where a name needs it; one UTF-8; one xlsx; title/footer lines.
            enc = "gbk"
            if m == 3:
                enc = "gb18030"
            elif m == 7:
                enc = "utf-8"
            style = DateStyle(Random(f"ds-c-{seed}-{m}"), ("iso", "slash")[m % 2], 0.1, allow_serial=False)
            c_variant = (m + 1) % 2
            head = _decorate("city_mgmt", c_variant, headers("city_mgmt", c_variant))
            body = list(
                city_rows(
                    ev, rng, lo, hi, style, twins, truth, damage_grid_codes=(m == 6), rare_char=(m == 3)
                )
            )
            if m == 6:
                report.planted[f"city_mgmt/数字城管案卷_{lo:%Y%m}.csv"] = (
                    "some grid codes damaged to 3.20104E+14 by Excel"
                )
            if m == 9 and body:  # a row with two extra cells: an unescaped comma upstream
                body[len(body) // 2] = [*body[len(body) // 2], "多余字段", "多余字段"]
                report.planted[f"city_mgmt/数字城管案卷_{lo:%Y%m}.csv"] = "one ragged row with extra fields"
            if m == 8:
                name = f"city_mgmt/数字城管案卷_{lo:%Y%m}.xlsx"
                write_xlsx(out / name, [head, *body])
            else:
                name = f"city_mgmt/数字城管案卷_{lo:%Y%m}.csv"
                title = [["秦淮区数字化城市管理案卷导出"]] if m % 2 == 1 else []
                foot = [[f"导出时间：{hi:%Y-%m-%d %H:%M:%S}"]] if m % 4 == 0 else []
                write_csv(out / name, [*title, head, *body, *foot], encoding=enc)
            report.files[name] = len(body)

            # Grid reports: JSON Lines, two months as JSON arrays, one transfer cut off mid-object.
            recs = list(grid_records(ev, rng, lo, hi, twins, truth, campaign_extra=max(1, events // 200)))
            if last:  # the app re-sent this month's reports with longitude and latitude swapped
                resent = f"grid_report/grid_events_{lo:%Y-%m}_补传.jsonl"
                write_jsonl(out / resent, [{**r, "lng": r.get("lat"), "lat": r.get("lng")} for r in recs])
                swapped = sum(r.get("lng") is not None and bool(r.get("event_id")) for r in recs)
                for axis in ("lng", "lat"):  # every point lands outside the district: all four checks
                    for suffix in ("", ".critical"):
                        reg.defects[f"grid_report.wgs84_{axis}.inside_district{suffix}"] += swapped
                report.planted[resent] = (
                    "re-sent reports with longitude and latitude swapped: the ingest gate quarantines it"
                )
            if m in (4, 9):
                name = f"grid_report/grid_events_{lo:%Y-%m}.json"
                report.files[name] = write_json_array(out / name, recs)
            else:
                name = f"grid_report/grid_events_{lo:%Y-%m}.jsonl"
                report.files[name] = write_jsonl(out / name, recs, truncate_last=(m == 10))
                if m == 10:
                    report.planted[name] = "last line truncated mid-object (interrupted transfer)"

            # Petitions: xlsx with a title; some months as UTF-8-BOM CSV; registration dates often Excel serials.
            as_csv = m % 4 == 1
            style = DateStyle(
                Random(f"ds-p-{seed}-{m}"),
                "cn_date" if as_csv or m % 2 == 0 else "serial",
                0.2,
                allow_serial=not as_csv,
            )
            p_variant = m % 2
            head = _decorate("petition", p_variant, headers("petition", p_variant))
            body = list(
                petition_rows(ev, rng, lo, hi, style, truth, earlier_petitions, numbers_as_text=as_csv)
            )
            if as_csv:
                name = f"petition/信访件_{lo:%Y%m}.csv"
                write_csv(out / name, [head, *body], encoding="utf-8-sig")
            else:
                name = f"petition/信访件登记表_{ym}.xlsx"
                write_xlsx(
                    out / name, [[f"秦淮区信访件登记表（{ym}）"], head, *body], merge_title_cols=len(head)
                )
            report.files[name] = len(body)

            # IoT alerts: the sensing platform's monthly CSV (alias headers every other month).
            body = list(sensing.alert_rows(ev, Random(f"iot-{seed}-{lo:%Y%m}"), lo, hi, register, truth))
            name = f"iot_alert/物联感知告警_{lo:%Y%m}.csv"
            report.files[name] = write_csv(out / name, [headers("iot_alert", m % 2), *body]) - 1

            # Message board: the portal's xlsx export, as the real one (留言编号 … 反对数, 点赞数).
            body = list(sensing.message_rows(ev, Random(f"board-{seed}-{lo:%Y%m}"), lo, hi))
            name = f"message_board/网上留言_{ym}.xlsx"
            write_xlsx(out / name, [headers("message_board", 0), *body])
            report.files[name] = len(body)

            tw.writerows(truth)
            report.events += len(truth) + len(body)  # message-board posts are not in the truth file
            log(f"  {lo:%Y-%m}: {len(truth)} events")

    _plant_bad_files(out, report)
    report.planted_rows = dict(sorted(reg.defects.items()))
    report.seconds = time.perf_counter() - t_start
    (truth_dir / "manifest.json").write_text(
        json.dumps(
            {
                "seed": seed,
                "events": report.events,
                "end": end.isoformat(),
                "people": n_people,
                "files": report.files,
                "planted": report.planted,
                "planted_rows": report.planted_rows,
            },
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    return report


def _write_registries(out: Path, geo, reg, report: SynthReport) -> None:
    # Standard addresses: UTF-8 CSV, buildings then rooms.
    head = [f.header for f in SPECS["address"].fields]
    rows = []
    for a in [*reg.buildings, *reg.rooms]:
        rows.append(
            [
                a.address_code,
                "秦淮区",
                a.street_name,
                a.community_name,
                a.road,
                a.house_number,
                a.estate,
                a.building,
                a.unit,
                a.floor,
                a.room,
                a.full_address,
                f"{a.lng:.7f}",
                f"{a.lat:.7f}",
                a.grid.grid_code,
                a.safety_grade,
                a.usage,
            ]
        )
    name = "address/标准地址库.csv"
    report.files[name] = write_csv(out / name, [head, *rows], encoding="utf-8") - 1

    # Population: the bulk as UTF-8-BOM CSV, this month's new registrations as xlsx with a title.
    cut = int(len(reg.people) * 0.97)
    name = "population/实有人口_全量.csv"
    report.files[name] = (
        write_csv(out / name, [POPULATION_HEADER, *reg.people[:cut]], encoding="utf-8-sig") - 1
    )
    name = "population/实有人口_新增登记.xlsx"
    write_xlsx(
        out / name,
        [["实有人口新增登记表"], [], POPULATION_HEADER, *reg.people[cut:]],
        merge_title_cols=len(POPULATION_HEADER),
    )
    report.files[name] = len(reg.people) - cut

    name = "legal_entity/法人单位证照.csv"
    report.files[name] = write_csv(out / name, [ENTITY_HEADER, *reg.entities], encoding="gbk") - 1

    name = "org/处置单位.csv"
    report.files[name] = write_csv(out / name, [ORG_HEADER, *reg.orgs], encoding="utf-8") - 1

    comm_names = {c.community_code: c.community_name for c in geo.communities}
    street_names = {s.street_code: s.street_name for s in geo.streets}
    features = [
        {
            "type": "Feature",
            "properties": {
                "grid_code": g.grid_code,
                "grid_name": g.grid_name,
                "community_code": g.community_code,
                "community_name": comm_names[g.community_code],
                "street_code": g.street_code,
                "street_name": street_names[g.street_code],
                "grid_type": g.grid_type,
                "worker_id": g.worker_id or None,
            },
            "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in g.ring]]},
        }
        for g in geo.grids
    ]
    name = "grid/网格边界.geojson"
    (out / "grid").mkdir(parents=True, exist_ok=True)
    (out / name).write_text(
        json.dumps(
            {"type": "FeatureCollection", "crs_name": "WGS84", "features": features}, ensure_ascii=False
        ),
        encoding="utf-8",
    )
    report.files[name] = len(features)


def _plant_bad_files(out: Path, report: SynthReport) -> None:
    html = out / "hotline_12345/工单导出_20261120.xlsx"
    html.write_text(
        "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway"
        "</h1><p>导出服务暂时不可用，请稍后重试。</p></body></html>",
        encoding="utf-8",
    )
    report.planted[str(html.relative_to(out))] = "an HTML error page saved with an .xlsx name"
    empty = out / "city_mgmt/案卷导出_空.csv"
    empty.write_bytes(b"")
    report.planted[str(empty.relative_to(out))] = "empty file (0 bytes)"
    wrong = out / "petition/信访统计报表.xlsx"
    write_xlsx(
        wrong,
        [
            ["秦淮区信访情况统计"],
            ["街道", "件数", "占比"],
            ["瑞金路街道", 31, "8.2%"],
            ["月牙湖街道", 27, "7.1%"],
        ],
    )
    report.planted[str(wrong.relative_to(out))] = (
        "a statistics report, not a petition export: no required columns"
    )
