"""AppTest for every page and role on the small district's checked build: each renders without
an exception, roles see only their pages, a street leader sees only their street, unmasked
personal data is audited, exports carry Chinese text, and the KPI windows roll over at midnight."""

from __future__ import annotations

import io
import json
import shutil
from datetime import date, timedelta

import duckdb
import pandas as pd
import pytest

from app.registry import PAGES
from tests.conftest import WALL_TOKEN, app_as

RUIJIN = "320104009"
QINHONG = "320104001"
ROLE_OF = {"admin": "admin", "steward": "steward", "ruijin": "street_leader"}

CASES = [(user, spec.url) for user, role in ROLE_OF.items() for spec in PAGES if role in spec.roles]


@pytest.mark.parametrize(("user", "page"), CASES, ids=[f"{u}-{p}" for u, p in CASES])
def test_every_page_renders_for_every_role_allowed(app_env, user, page):
    spec = next(s for s in PAGES if s.url == page)
    at = app_as(user, spec.path.removeprefix("views/").removesuffix(".py"))
    assert not at.exception, at.exception
    if page != "ingest":  # the ingest page lists quarantined files as errors, by design
        assert not at.error, [e.value for e in at.error]
    if page != "wall":
        assert at.title, "every laptop page starts with its title"


def test_pages_in_english(app_env):
    at = app_as("admin", "street")
    at.sidebar.radio[0].set_value("en").run()
    assert not at.exception
    assert at.title[0].value == "Street workbench"


def test_sign_in_rejects_a_wrong_password_and_shows_no_page(app_env):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import APP

    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert at.title[0].value == "一屏 · 登录"
    at.text_input(key="login_username").input("admin")
    at.text_input(key="login_password").input("wrong")
    at.button[0].click().run()
    assert "用户名或密码不正确" in at.error[0].value
    assert "identity" not in at.session_state


def test_wall_token_opens_the_wall_without_sign_in(app_env):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import APP

    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["screen"] = WALL_TOKEN
    at.run()
    assert not at.exception
    html = " ".join(h.proto.body for h in at.get("html"))
    assert 'data-testid="wall-kpis"' in html and 'data-testid="wall-ready"' in html
    assert "数据截至" in html  # "data as of" always visible
    assert at.session_state["identity"].role == "wall"
    assert not at.text_input  # no sign-in form


def test_a_wrong_wall_token_gets_an_error_not_the_wall(app_env):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import APP

    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["screen"] = "not-a-token"
    at.run()
    assert "大屏链接无效" in at.error[0].value
    assert not any("wall-kpis" in h.proto.body for h in at.get("html"))


def test_a_wall_identity_cannot_open_another_page_file(app_env):
    """Defence in depth: even run directly, a page checks the role from the registry."""
    from streamlit.testing.v1 import AppTest

    from app.auth import screen_login
    from tests.conftest import ROOT

    at = AppTest.from_file(str(ROOT / "app" / "views" / "registries.py"), default_timeout=60)
    at.session_state["identity"] = screen_login(WALL_TOKEN)
    at.run()
    assert "不能打开这个页面" in at.error[0].value
    assert not at.dataframe


@pytest.mark.parametrize("page", ["steward_ingest", "steward_quality", "steward_builds", "admin_audit"])
def test_a_street_leader_cannot_open_steward_or_admin_pages(app_env, page):
    ruijin = app_as("ruijin")
    assert not ruijin.exception
    try:
        ruijin.switch_page(f"views/{page}.py").run()
    except Exception:  # noqa: BLE001 - AppTest refuses a page that is not in the navigation
        return
    assert not ruijin.dataframe and not ruijin.metric
    assert ruijin.error and "不能打开" in ruijin.error[0].value


def test_street_leader_sees_only_their_street(app_env):
    work = app_env
    at = app_as("ruijin", "street")
    assert not at.exception
    assert not at.selectbox(key="street_choice") if "street_choice" in [s.key for s in at.selectbox] else True
    assert any("瑞金路街道" in m.value for m in at.markdown)
    overdue, grids, departments, events = (d.value for d in at.dataframe)
    own_grids = {
        r[0]
        for r in duckdb.connect(str(work / "warehouse.duckdb"), read_only=True)
        .execute("select grid_name from marts.dim_grid where street_code = ?", [RUIJIN])
        .fetchall()
    }
    assert len(events) > 0
    assert set(events["网格"]) <= own_grids
    assert set(overdue["网格"]) <= own_grids
    assert set(grids["网格"]) <= own_grids


def test_street_leader_cannot_trace_or_list_another_streets_data(app_env):
    from app.auth import load_accounts, login, screen_login
    from app.queries import events, registries
    from app.queries.connection import signature
    from app.queries.scope import Scope

    work = app_env
    ruijin = login("ruijin", "yiping-ruijin", load_accounts())
    # asking for another street gives their own
    assert Scope.of(ruijin, QINHONG).street_code == RUIJIN
    foreign = (
        duckdb.connect(str(work / "warehouse.duckdb"), read_only=True)
        .execute(
            "select e.event_key from marts.fct_event e join marts.dim_grid g using (grid_code) "
            "where g.street_code = ? limit 1",
            [QINHONG],
        )
        .fetchone()[0]
    )
    assert events.event(foreign, Scope.of(ruijin)) is None
    found, total = events.search(events.Search(number=foreign.split(":")[1]), Scope.of(ruijin))
    assert found.empty and total == 0
    assert set(registries.grid_summary(Scope.of(ruijin, QINHONG))["street_name"]) == {"瑞金路街道"}
    assert signature()  # the queries above ran on the published test warehouse
    # a street code is not a scope: a page that forgot to make one cannot query at all
    for call in (
        lambda: events.event(foreign, QINHONG),
        lambda: events.event(foreign, None),
        lambda: registries.grid_summary(QINHONG),
        lambda: registries.evacuation_list(None),
    ):
        with pytest.raises(TypeError, match="Scope"):
            call()
    with pytest.raises(TypeError):
        Scope(QINHONG, object())  # nor can a page make one by hand
    with pytest.raises(PermissionError):
        Scope.of(screen_login("demo-wall-qinhuai", load_accounts()))

    at = app_as("ruijin", "trace")
    at.session_state["trace_event_key"] = foreign
    at.run()
    assert "不在你的辖区内" in at.warning[0].value


def test_trace_shows_every_step_of_an_event_with_side_paths(app_env):
    """The trace reads like a case file: all six main steps in order (pending ones say what is due),
    side paths in place under their step, marked as carrying no time in the exports."""
    con = duckdb.connect(str(app_env / "warehouse.duckdb"), read_only=True)
    key, side_steps = con.execute(
        """select event_key, count(*) filter (where is_side_path)
        from marts.fct_event_step group by event_key
        having count(*) filter (where is_side_path) > 0 and count(*) filter (where not is_side_path) >= 5
        order by event_key limit 1"""
    ).fetchone()
    names = [r[1] for r in con.execute(
        "select distinct step_no, step_name_zh from marts.fct_event_step where not is_side_path order by 1"
    ).fetchall()]  # fmt: skip
    con.close()
    at = app_as("admin", "trace")
    at.session_state["trace_event_key"] = key
    at.run()
    assert not at.exception, at.exception
    timeline = next(m.value for m in at.markdown if m.value.startswith("1. "))
    lines = timeline.splitlines()
    main = [line for line in lines if line[:1].isdigit()]
    assert len(main) == 6 and [line.split("**")[1] for line in main] == names
    sides = [line for line in lines if "↳" in line]
    assert len(sides) == side_steps and all("导出未记录时间" in line for line in sides)
    assert "+" not in main[0]  # the report is where the clock starts


def test_personal_data_is_masked_unless_allowed_and_unmasking_is_audited(app_env, tmp_path):
    steward = app_as("steward", "registries")
    assert not steward.exception
    assert not steward.toggle  # steward may not unmask
    admin = app_as("admin", "registries")
    evacuation = next(d.value for d in admin.dataframe if "身份证号" in d.value.columns)
    assert evacuation["身份证号"].str.contains(r"\*").all()
    audit = tmp_path / "audit.jsonl"
    views = [json.loads(x) for x in audit.read_text(encoding="utf-8").splitlines()] if audit.exists() else []
    assert [v for v in views if v["subject"] != "sign_in"] == []  # sign-ins only, no view yet
    admin.toggle(key="evacuation_unmask").set_value(True).run()
    assert not admin.exception
    unmasked = next(d.value for d in admin.dataframe if "身份证号" in d.value.columns)
    assert len(unmasked) == len(evacuation) and not unmasked["身份证号"].str.contains(r"\*").any()
    lines = [json.loads(x) for x in audit.read_text(encoding="utf-8").splitlines()]
    assert lines and lines[-1]["username"] == "admin" and lines[-1]["page"] == "registries"
    assert lines[-1]["rows"] == len(unmasked)
    # and the admin's audit page lists it
    page = app_as("admin", "admin_audit")
    assert not page.exception and len(page.dataframe[0].value) >= 1


def test_assessment_exports_excel_and_pdf_with_chinese_text(app_env):
    import pypdfium2

    at = app_as("admin", "assessment")
    assert not at.exception
    at.button(key="make_pdf").click().run()
    assert not at.exception and not at.error
    import openpyxl

    from app.exports import report_frame, to_excel, to_pdf

    frame = pd.DataFrame(
        {
            "街道": ["瑞金路街道", "秦虹街道"],
            "综合得分": [88.3, 87.1],
            "结案率": [0.9461, 0.9609],
            "事件量": [1234, 987],
        }
    )
    data = to_excel(
        {"街道": frame}, "考核评价", "数据截至 2026-11-20", percent=("结案率",), decimals=("综合得分",)
    )
    workbook = pd.read_excel(io.BytesIO(data), sheet_name="街道", header=2)
    assert workbook["街道"].tolist() == ["瑞金路街道", "秦虹街道"]
    sheet = openpyxl.load_workbook(io.BytesIO(data))["街道"]
    assert sheet["A2"].value == "数据截至 2026-11-20"
    assert [sheet.cell(row=4, column=k).number_format for k in (2, 3, 4)] == ["0.0", "0.0%", "#,##0"]
    printed = report_frame(frame, percent=("结案率",), decimals=("综合得分",))
    assert printed["结案率"].tolist() == ["94.6%", "96.1%"] and printed["事件量"].tolist() == ["1,234", "987"]
    raw = to_pdf("秦淮区考核评价", "2026-11", {"街道": printed}, signature=["编制人：", "审核人："])
    # CJK glyphs embedded as a TrueType CID font (not Type 3 bitmaps any printer renders badly)
    assert b"/CIDFontType2" in raw and b"/Type3" not in raw
    pdf = pypdfium2.PdfDocument(raw)
    try:
        text = pdf[0].get_textpage().get_text_range().replace("\r", "").replace("\n", "")
        assert "秦淮区考核评价" in text and "瑞金路街道" in text and "94.6%" in text
        assert "编制人" in text and "1 / 1" in text  # a signature block and page numbers
        image = pdf[0].render(scale=1).to_pil().convert("L")
        dark = sum(1 for v in image.get_flattened_data() if v < 128)
        assert dark > 800  # glyphs were drawn, not empty boxes or blanks
    finally:
        pdf.close()


def test_kpi_windows_roll_over_at_midnight(app_env):
    from app.queries import wall

    info = wall.build_info()
    as_of = info["as_of_at"].date()
    same_day = wall.kpis(as_of).set_index("window_code")
    next_day = wall.kpis(as_of + timedelta(days=1)).set_index("window_code")
    assert str(same_day.loc["today", "reference_on"])[:10] == str(as_of)
    # after midnight, yesterday's window is what "today" was, and today starts empty
    assert next_day.loc["yesterday", "registered_count"] == same_day.loc["today", "registered_count"]
    assert (
        pd.isna(next_day.loc["today", "registered_count"]) or next_day.loc["today", "registered_count"] == 0
    )
    # long after the last build the wall keeps showing the last precomputed day, not nothing
    assert len(wall.kpis(as_of + timedelta(days=60))) == 4
    assert len(wall.kpis(date(2000, 1, 1))) == 4


def test_app_reopens_a_newly_published_warehouse(app_env, tmp_path, monkeypatch):
    """Publishing is an atomic rename onto the path the app reads; the next query sees the new build."""
    from app.queries import wall

    published = tmp_path / "published.duckdb"
    shutil.copy(app_env / "warehouse.duckdb", published)
    monkeypatch.setenv("YIPING_WAREHOUSE", str(published))
    first = wall.build_info()["build_id"]
    staged = tmp_path / "staged.duckdb"
    shutil.copy(published, staged)
    con = duckdb.connect(str(staged))
    con.execute("update marts.rpt_build_info set build_id = 'next-build'")
    con.close()
    staged.replace(published)
    assert wall.build_info()["build_id"] == "next-build" != first
