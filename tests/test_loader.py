"""The loader against every variant of docs/sources.md, built as small fixtures here."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.__main__ import main
from ingest.readers import _read_xlsx_xml
from ingest.synth.writers import write_xlsx

from .conftest import make_inbox, query, run_load

HOTLINE_HEAD = "工单编号,受理时间,问题分类,诉求地址,联系电话,工单状态"


def _xlsx(tmp_path: Path, name: str, rows, **kw) -> bytes:
    p = tmp_path / "build" / name
    write_xlsx(p, rows, **kw)
    return p.read_bytes()


def _rows(db: Path, source: str, cols: str = "*") -> list:
    return query(db, f'select {cols} from raw."{source}" order by _source_file, _row_number')


def _manifest(db: Path) -> dict[str, tuple]:
    return {
        r[0]: r[1:]
        for r in query(
            db,
            """select file_path, status, encoding, rows_in, rows_loaded,
        rows_rejected, reason, header_row, layout from raw._loads""",
        )
    }


def test_xlsx_with_title_block_footer_and_merged_title(tmp_path):
    rows = [
        ["秦淮区12345工单明细 2024年3月"],
        [],
        ["工单编号", "受理时间", "问题分类", "联系电话"],
        ["GD20240305000123", "2024-03-05 14:03:22", "城乡建设>市容环境>占道经营", "13900001111"],
        ["GD20240305000124", 45356.58, "城乡建设/市容环境/暴露垃圾", "１３９００００１１１１"],
        ["合计：2 条"],
        ["制表人：张三", "", "导出时间：2024-04-01"],
    ]
    inbox = make_inbox(
        tmp_path, {"hotline_12345/a.xlsx": _xlsx(tmp_path, "a.xlsx", rows, merge_title_cols=4)}
    )
    code, _, db = run_load(tmp_path, inbox)
    assert code == 0
    got = _rows(db, "hotline_12345", "order_no, accepted_at, category, caller_phone, _row_number")
    assert got == [
        ("GD20240305000123", "2024-03-05 14:03:22", "城乡建设>市容环境>占道经营", "13900001111", 4),
        ("GD20240305000124", "45356.58", "城乡建设/市容环境/暴露垃圾", "１３９００００１１１１", 5),
    ]
    status, _, rows_in, loaded, rejected, _, header_row, layout = _manifest(db)["hotline_12345/a.xlsx"]
    assert (status, rows_in, loaded, rejected, header_row) == ("loaded", 2, 2, 0, 3)
    layout = json.loads(layout)
    assert layout["title_lines"] == ["秦淮区12345工单明细 2024年3月"]
    assert layout["footer_lines"] == ["合计：2 条", "制表人：张三 导出时间：2024-04-01"]


def test_alias_headers_spaces_and_fullwidth_parentheses(tmp_path):
    csv_text = " 工单号 ,来电时间,业务分类,事发地址,联系电话（手机）,状态\r\nGD1,2024/3/5 14:03,a>b,x路1号,13900001111,已办结\r\n"
    inbox = make_inbox(tmp_path, {"hotline_12345/b.csv": csv_text.encode("utf-8")})
    code, _, db = run_load(tmp_path, inbox)
    assert code == 0
    assert _rows(
        db, "hotline_12345", "order_no, accepted_at, category, address_text, caller_phone, status"
    ) == [("GD1", "2024/3/5 14:03", "a>b", "x路1号", "13900001111", "已办结")]


@pytest.mark.parametrize(
    ("encoding", "recorded"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gbk"), ("gb18030", "gb18030")],
)
def test_csv_encodings_are_detected_and_recorded(tmp_path, encoding, recorded):
    name = "王䶮" if encoding == "gb18030" else "王小明"  # 䶮 exists in GB18030 but not in GBK
    text = f"{HOTLINE_HEAD},来电人\r\nGD1,2024年3月5日,a>b,秦淮区瑞金路,13900001111,办理中,{name}\r\n"
    inbox = make_inbox(tmp_path, {"hotline_12345/c.csv": text.encode(encoding)})
    code, _, db = run_load(tmp_path, inbox)
    assert code == 0
    assert _manifest(db)["hotline_12345/c.csv"][1] == recorded
    assert _rows(db, "hotline_12345", "caller_name, accepted_at") == [(name, "2024年3月5日")]


def test_values_stay_exactly_as_exported(tmp_path):
    """Raw keeps text as it came: date variants, damaged codes, null words, line breaks."""
    text = (
        "案卷编号,大类,上报时间,单元网格,问题描述,处置部门\r\n"
        '2024030500001,市容环境,20240305,3.20104E+14,"垃圾\n未清运",无\r\n'
        "2024030500002,市容环境,2024年03月05日 14时03分,320104009005010,  有空格 ,NULL\r\n"
    )
    inbox = make_inbox(tmp_path, {"city_mgmt/d.csv": text.encode("gbk")})
    code, _, db = run_load(tmp_path, inbox)
    assert code == 0
    assert _rows(db, "city_mgmt", "reported_at, grid_code, description, handling_unit, _row_number") == [
        ("20240305", "3.20104E+14", "垃圾\n未清运", "无", 2),
        ("2024年03月05日 14时03分", "320104009005010", "  有空格 ", "NULL", 3),
    ]


def test_unknown_and_unnamed_columns_are_kept_in_extra(tmp_path):
    text = f"{HOTLINE_HEAD},备注,,\r\nGD1,2024-03-05,a>b,x,139,已办结,加急,右边没表头,\r\n"
    inbox = make_inbox(tmp_path, {"hotline_12345/e.csv": text})
    code, _, db = run_load(tmp_path, inbox)
    assert code == 0
    extra = json.loads(_rows(db, "hotline_12345", "_extra")[0][0])
    assert extra == {"备注": "加急", "无表头列8": "右边没表头"}


def test_row_without_key_and_ragged_row_are_rejected_with_original(tmp_path):
    text = (
        f"{HOTLINE_HEAD}\r\nGD1,2024-03-05,a>b,x,139,已办结\r\n,2024-03-06,a>b,y,138,办理中\r\n"
        "GD3,2024-03-07,a>b,z,137,办理中,多出来,的字段\r\nGD4,2024-03-08,a>b,w,136,办理中\r\n"
    )
    inbox = make_inbox(tmp_path, {"hotline_12345/f.csv": text})
    code, _, db = run_load(tmp_path, inbox)
    assert code == 0
    _, _, rows_in, loaded, rejected, *_ = _manifest(db)["hotline_12345/f.csv"]
    assert (rows_in, loaded, rejected) == (4, 2, 2)
    rejects = query(db, "select row_number, field, reason, original from raw._rejects order by row_number")
    assert rejects[0][0] == 3 and rejects[0][1] == "工单编号" and "y" in rejects[0][3]
    assert rejects[1][0] == 4 and "字段数不符" in rejects[1][2] and "多出来" in rejects[1][3]
    assert [r[0] for r in _rows(db, "hotline_12345", "order_no")] == ["GD1", "GD4"]


def test_jsonl_truncated_tail_epoch_ms_and_nested_values(tmp_path):
    good = {
        "event_id": "GR1",
        "grid_code": "320104009005010",
        "reported_at": 1709618602000,
        "category": "安全隐患",
        "lng": 118.8,
        "lat": 32.02,
        "self_handled": True,
        "photos": ["a.jpg"],
        "steps": [{"step": "上报", "at": 1709618602000}],
        "app_version": "3.2",
    }
    second = dict(good, event_id="GR2", reported_at="2024-03-05T14:03:22+08:00", coord_sys="GCJ02")
    text = json.dumps(good, ensure_ascii=False) + "\n\n" + json.dumps(second, ensure_ascii=False) + "\n"
    text += json.dumps(dict(good, event_id="GR3"), ensure_ascii=False)[:60]
    inbox = make_inbox(tmp_path, {"grid_report/g.jsonl": text})
    code, _, db = run_load(tmp_path, inbox)
    assert code == 0
    rows = _rows(
        db,
        "grid_report",
        "event_id, reported_at, self_handled, photos, steps, coord_sys, _extra, _row_number",
    )
    assert rows[0][:3] == ("GR1", "1709618602000", "true") and json.loads(rows[0][3]) == ["a.jpg"]
    assert json.loads(rows[0][4])[0]["step"] == "上报" and rows[0][5] is None
    assert json.loads(rows[0][6]) == {"app_version": "3.2"} and rows[0][7] == 1
    assert rows[1][1] == "2024-03-05T14:03:22+08:00" and rows[1][5] == "GCJ02" and rows[1][7] == 3
    _, _, rows_in, loaded, rejected, *_ = _manifest(db)["grid_report/g.jsonl"]
    assert (rows_in, loaded, rejected) == (3, 2, 1)
    ((rn, reason, original),) = query(db, "select row_number, reason, original from raw._rejects")
    assert rn == 4 and "截断" in reason and original.startswith('{"event_id": "GR3"')


def test_json_array_and_geojson(tmp_path):
    arr = [
        {
            "event_id": "GR1",
            "grid_code": "320104009005010",
            "reported_at": "2024-03-05T14:03:22+08:00",
            "category": "其他",
        }
    ]
    geo = {
        "type": "FeatureCollection",
        "crs_name": "GCJ02",
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "grid_code": "320104009005010",
                    "grid_name": "测试网格",
                    "grid_type": "综合网格",
                },
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[118.8, 32.0], [118.81, 32.0], [118.81, 32.01], [118.8, 32.0]]],
                },
            }
        ],
    }
    inbox = make_inbox(
        tmp_path,
        {
            "grid_report/h.json": json.dumps(arr, ensure_ascii=False),
            "grid/i.geojson": json.dumps(geo, ensure_ascii=False),
        },
    )
    code, _, db = run_load(tmp_path, inbox)
    assert code == 0
    assert _rows(db, "grid_report", "event_id") == [("GR1",)]
    ((code_, name, geometry, crs),) = _rows(db, "grid", "grid_code, grid_name, geometry, crs_name")
    assert (code_, name, crs) == ("320104009005010", "测试网格", "GCJ02")
    assert json.loads(geometry)["type"] == "Polygon"


def test_malformed_workbooks_load_every_row(tmp_path):
    rows = [["工单编号", "受理时间", "问题分类"]] + [[f"GD{i}", "2024-03-05", "a>b"] for i in range(50)]
    inbox = make_inbox(
        tmp_path,
        {
            "hotline_12345/j.xlsx": _xlsx(
                tmp_path, "j.xlsx", rows, lie_about_dimension=True, dangling_relationship=True
            )
        },
    )
    code, _, db = run_load(tmp_path, inbox)
    assert code == 0 and query(db, "select count(*) from raw.hotline_12345")[0][0] == 50


def test_xml_fallback_reads_shared_strings_workbooks(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["工单编号", "受理时间"])
    ws.append(["GD1", 45356.5])
    ws["D5"] = "远处的单元格"
    wb.save(tmp_path / "k.xlsx")
    grid = _read_xlsx_xml(tmp_path / "k.xlsx")
    assert grid.frame.row(0)[:2] == ("工单编号", "受理时间")
    assert grid.frame.row(1)[:2] == ("GD1", "45356.5")
    assert grid.frame.height == 5 and grid.frame.row(4)[3] == "远处的单元格"


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("hotline_12345/err.xlsx", b"<!DOCTYPE html><html><body>502 Bad Gateway</body></html>", "HTML"),
        ("city_mgmt/empty.csv", b"", "空文件"),
        ("petition/stats.xlsx", None, "字段都不匹配"),
        ("hotline_12345/nokey.csv", "受理时间,问题分类\r\n2024-03-05,a>b\r\n".encode(), "必填列：工单编号"),
        # a header the spec does not know: the reason names the closest one and where to add an alias
        (
            "hotline_12345/renamed.csv",
            "工单编码,受理时间,问题分类\r\nGD1,2024-03-05,a>b\r\n".encode(),
            "「工单编号」最像文件中的「工单编码」",
        ),
        (
            "hotline_12345/renamed2.csv",
            "工单编码,受理时间,问题分类\r\nGD2,2024-03-05,a>b\r\n".encode(),
            "ingest/sources/hotline_12345.toml",
        ),
        ("hotline_12345/old.xls", b"\xd0\xcf\x11\xe0 legacy", ".xls"),
        ("grid_report/wrong.jsonl", b'{"id": 1, "when": 2}\n', "必填字段"),
        ("nowhere/x.csv", b"a,b\r\n1,2\r\n", "来源目录"),
    ],
)
def test_quarantine_reasons_sidecar_and_exit_code(tmp_path, name, content, needle):
    if content is None:
        content = _xlsx(
            tmp_path, "s.xlsx", [["秦淮区信访情况统计"], ["街道", "件数", "占比"], ["瑞金路街道", 31, "8%"]]
        )
    good = f"{HOTLINE_HEAD}\r\nGD1,2024-03-05,a>b,x,139,已办结\r\n"
    inbox = make_inbox(tmp_path, {name: content, "hotline_12345/good.csv": good})
    code, results, db = run_load(tmp_path, inbox)
    assert code == 2
    status, reason = query(db, "select status, reason from raw._loads where file_path = ?", [name])[0]
    assert status == "quarantined" and needle in reason
    assert query(db, "select status from raw._loads where file_path = 'hotline_12345/good.csv'") == [
        ("loaded",)
    ]
    moved = tmp_path / "quarantine" / name.split("/")[0] / Path(name).name
    assert moved.exists() and not (inbox / name).exists()
    assert needle in moved.with_name(moved.name + ".reason.txt").read_text(encoding="utf-8")


def test_idempotent_same_bytes_under_any_name(tmp_path):
    good = f"{HOTLINE_HEAD}\r\nGD1,2024-03-05,a>b,x,139,已办结\r\nGD2,2024-03-06,a>b,y,138,办理中\r\n"
    inbox = make_inbox(tmp_path, {"hotline_12345/march.csv": good})
    assert run_load(tmp_path, inbox)[0] == 0
    (inbox / "hotline_12345/march (1).csv").write_text(good, encoding="utf-8")
    code, results, db = run_load(tmp_path, inbox)
    assert code == 0
    assert {r.path: r.status for r in results} == {
        "hotline_12345/march.csv": "skipped",
        "hotline_12345/march (1).csv": "duplicate",
    }
    code, results, db = run_load(tmp_path, inbox)  # a third run changes nothing at all
    assert {r.status for r in results} == {"skipped"}
    assert query(db, "select count(*) from raw.hotline_12345")[0][0] == 2
    assert query(db, "select status, count(*) from raw._loads group by 1 order by 1") == [
        ("duplicate", 1),
        ("loaded", 1),
    ]


def test_crash_mid_file_leaves_nothing_and_rerun_finishes(tmp_path):
    """Kill the loader after it inserted a file's rows but before commit (a real process exit)."""
    rows = "".join(f"GD{i},2024-03-05,a>b,x,139,已办结\r\n" for i in range(1000))
    inbox = make_inbox(
        tmp_path,
        {
            "hotline_12345/a.csv": f"{HOTLINE_HEAD}\r\n{rows}",
            "hotline_12345/b.csv": f"{HOTLINE_HEAD}\r\n{rows.replace('GD', 'GX')}",
        },
    )
    db = tmp_path / "lake.duckdb"
    env = dict(os.environ, YIPING_FAULT="after_rows:hotline_12345/b.csv")
    proc = subprocess.run(
        [sys.executable, "-m", "ingest", "load", "--inbox", str(inbox), "--db", str(db)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 137
    assert query(db, "select file_path from raw._loads") == [("hotline_12345/a.csv",)]
    assert query(db, "select count(*) from raw.hotline_12345")[0][0] == 1000  # b left no trace
    proc = subprocess.run(
        [sys.executable, "-m", "ingest", "load", "--inbox", str(inbox), "--db", str(db)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert query(db, "select count(*), count(distinct order_no) from raw.hotline_12345")[0] == (2000, 2000)


def test_exit_code_1_on_internal_error(tmp_path):
    assert main(["load", "--inbox", str(tmp_path / "missing"), "--db", str(tmp_path / "x.duckdb")]) == 1
    inbox = make_inbox(
        tmp_path, {"hotline_12345/a.csv": f"{HOTLINE_HEAD}\r\nGD1,2024-03-05,a>b,x,139,已办结\r\n"}
    )
    (tmp_path / "dir.duckdb").mkdir()
    assert main(["load", "--inbox", str(inbox), "--db", str(tmp_path / "dir.duckdb")]) == 1


def test_cli_prints_a_summary_per_file(tmp_path):
    inbox = make_inbox(
        tmp_path,
        {
            "hotline_12345/a.csv": f"{HOTLINE_HEAD}\r\nGD1,2024-03-05,a>b,x,139,已办结\r\n",
            "city_mgmt/empty.csv": b"",
        },
    )
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "ingest",
            "load",
            "--inbox",
            str(inbox),
            "--db",
            str(tmp_path / "lake.duckdb"),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert "hotline_12345/a.csv" in proc.stdout and "输入 1 = 加载 1 + 拒收 0" in proc.stdout
    assert "city_mgmt/empty.csv" in proc.stdout and "空文件" in proc.stdout
    assert "行/秒" in proc.stdout


def test_sources_doc_and_seed_are_generated_from_the_source_files():
    from ingest.docs import (
        MACRO,
        SEED,
        event_sources_seed,
        raw_source_path,
        raw_source_yaml,
        render,
        source_files_macro,
    )
    from ingest.specs import SPECS

    assert (Path(__file__).parent.parent / "docs/sources.md").read_text(encoding="utf-8") == render()
    assert SEED.read_text(encoding="utf-8") == event_sources_seed(), "run python -m ingest.docs"
    assert MACRO.read_text(encoding="utf-8") == source_files_macro(), "run python -m ingest.docs"
    for spec in SPECS.values():
        assert raw_source_path(spec.name).read_text(encoding="utf-8") == raw_source_yaml(spec), spec.name
    from ingest.docs import ROOT, value_seeds

    for name, text in value_seeds().items():
        assert (ROOT / "dbt_project/seeds" / f"{name}.csv").read_text(encoding="utf-8") == text, name


def test_sources_are_files_a_steward_edits(tmp_path):
    """A header alias is one line in ingest/sources/<source>.toml (docs/onboarding.md); a broken file
    names itself and what is wrong."""
    from ingest.specs import SOURCES_DIR, SpecError, read_spec, read_specs

    text = (SOURCES_DIR / "hotline_12345.toml").read_text(encoding="utf-8")
    edited = text.replace(
        'aliases = ["来电时间", "登记时间"]', 'aliases = ["来电时间", "登记时间", "来电日期"]'
    )
    assert edited != text
    (tmp_path / "hotline_12345.toml").write_text(edited, encoding="utf-8")
    spec = read_specs(tmp_path)["hotline_12345"]
    assert spec.match_header("来电日期 ").column == "accepted_at"
    assert spec.match_header("来电日期") is not None and spec.title_en and spec.color
    broken = tmp_path / "petition.toml"
    broken.write_text(
        'name = "petition"\ntitle = "信访件"\nkind = "event"\nformats = ["csv"]\n[[fields]]\nheader = "x"\n'
    )
    with pytest.raises(SpecError, match="petition.toml.*needs column and header"):
        read_spec(broken)
    broken.write_text('name = "other"\n')
    with pytest.raises(SpecError, match="petition.toml"):
        read_spec(broken)


def test_acceptance_terms_come_from_the_file_both_or_neither(tmp_path):
    """Petitions' 15 days to accept and 60 to handle live in their file's [deadlines]; half of the pair,
    or a stray key, is refused with the file's name."""
    from ingest.specs import SOURCES_DIR, SpecError, read_spec

    petition = read_spec(SOURCES_DIR / "petition.toml")
    assert (petition.acceptance_days, petition.handling_days_from_acceptance) == (15, 60)
    assert read_spec(SOURCES_DIR / "hotline_12345.toml").acceptance_days is None
    text = (SOURCES_DIR / "petition.toml").read_text(encoding="utf-8")
    for old, new, why in (
        ("handling_days_from_acceptance = 60\n", "", "given together"),
        ("acceptance_days = 15\n", "", "given together"),
        ("acceptance_days = 15\n", "acceptance_dayz = 15\n", "unknown keys"),
    ):
        edited = text.replace(old, new, 1)
        assert edited != text
        (tmp_path / "petition.toml").write_text(edited, encoding="utf-8")
        with pytest.raises(SpecError, match=f"petition.toml.*{why}"):
            read_spec(tmp_path / "petition.toml")


def test_reading_ahead_changes_nothing_but_time(tmp_path, monkeypatch):
    """The next file is read while one is written: same rows, rejects, manifest and quarantine as
    one file at a time, with a duplicate, a broken file and a lock file in the same run."""
    good = f"{HOTLINE_HEAD}\r\nGD1,2024-03-05,a>b,x,139,已办结\r\nGD2,2024-03-06,a>b,y,138,办理中\r\n"
    files = {
        "hotline_12345/a.csv": good,
        "hotline_12345/a (1).csv": good,  # the same content: a.csv (read ahead meanwhile) is its duplicate
        "hotline_12345/b.csv": f"{HOTLINE_HEAD}\r\nGD3,2024-03-07,a>b,z,137,已办结\r\n,2024-03-08,a>b,z,1,x\r\n",
        "hotline_12345/broken.xlsx": b"PK\x03\x04 not really a workbook",
        "hotline_12345/~$a.xlsx": b"lock",
        "petition/c.jsonl": '{"信访件编号": "XF1"}\n{"信访件编号": "XF2"',
    }
    lakes = {}
    for flag in ("0", "1"):
        monkeypatch.setenv("YIPING_LOAD_READ_AHEAD", flag)
        root = tmp_path / "run"  # the same place both times: reasons may name the file's path
        shutil.rmtree(root, ignore_errors=True)
        inbox = make_inbox(root, files)
        code, results, db = run_load(root, inbox)
        lakes[flag] = (
            code,
            [(r.path, r.status, r.rows_loaded, r.rows_rejected) for r in results],
            _manifest(db),
            _rows(db, "hotline_12345", "order_no, _source_file, _row_number"),
            query(db, "select file_name, row_number, reason from raw._rejects order by 1, 2"),
            sorted(p.name for p in (root / "quarantine").rglob("*")),
        )
    for a, b in zip(lakes["0"], lakes["1"], strict=True):
        assert a == b
    statuses = {path: status for path, status, _, _ in lakes["1"][1]}
    assert (
        statuses["hotline_12345/a.csv"] == "duplicate"
        and statuses["hotline_12345/broken.xlsx"] == "quarantined"
    )
