"""Real-browser tests (Debian's Chromium through Playwright): the wall at 1920×1080 and
3840×2160 renders with the map drawn and no scrollbars, nothing leaves localhost, no console
errors; a street leader's deep link survives signing in. Screenshots go to test-artifacts/."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.conftest import DEMO_PASSWORDS, ROOT, WALL_TOKEN, app_server

ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
LOCAL = (
    "http://localhost",
    "http://127.0.0.1",
    "ws://localhost",
    "ws://127.0.0.1",
    "data:",
    "blob:",
    "about:",
)

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="make test installs chromium (system-deps)"
)


@pytest.fixture(scope="module")
def server(checked, tmp_path_factory):
    work, _, _ = checked
    with app_server(work, tmp_path_factory.mktemp("audit") / "audit.jsonl") as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


class Watch:
    """Every request that leaves localhost, every console error and failed response of a page."""

    def __init__(self, page):
        self.outside, self.errors = [], []
        page.on("request", lambda r: self.outside.append(r.url) if not r.url.startswith(LOCAL) else None)
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))


def _map_is_drawn(page) -> bool:
    """The deck.gl canvas exists, has a size, and shows more than its background colour."""
    canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    box = canvas.bounding_box()
    if not box or box["width"] < 100 or box["height"] < 100:
        return False
    from io import BytesIO

    from PIL import Image

    image = Image.open(BytesIO(canvas.screenshot())).convert("RGB").resize((120, 80))
    return len(set(image.get_flattened_data())) > 20


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (3840, 2160), (5760, 1080), (1366, 768)])
def test_wall_fills_any_screen_with_the_map_drawn_offline(server, browser, width, height):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": height})
    watch = Watch(page)
    page.goto(f"{server}/?screen={WALL_TOKEN}")
    page.wait_for_selector('[data-testid="wall-ready"]', state="attached", timeout=90_000)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stDeckGlJsonChart\"] canvas') !== null", timeout=60_000
    )
    time.sleep(4)  # let deck.gl draw its first frames
    page.screenshot(path=str(ARTIFACTS / f"wall_{width}x{height}.png"))
    assert _map_is_drawn(page)
    sizes = page.evaluate(
        """() => { const s = document.scrollingElement; const main = document.querySelector('[data-testid="stMain"]');
        return {sw: s.scrollWidth, sh: s.scrollHeight, w: innerWidth, h: innerHeight,
                mw: main.scrollWidth, mh: main.scrollHeight, cw: main.clientWidth, ch: main.clientHeight}; }"""
    )
    assert sizes["sw"] <= sizes["w"] and sizes["sh"] <= sizes["h"], sizes  # no page scrollbars
    assert sizes["mw"] <= sizes["cw"] and sizes["mh"] <= sizes["ch"], sizes  # nor inside the app
    # the canvas fills the screen's width or height (letterboxed on the other axis)
    rect = page.evaluate(
        "() => { const r = document.querySelector('[data-testid=\"stMainBlockContainer\"]').getBoundingClientRect();"
        " return [r.width, r.height]; }"
    )
    assert abs(rect[0] - width) < 2 or abs(rect[1] - height) < 2, rect
    for testid in (
        "wall-kpis",
        "wall-trend-daily",
        "wall-sankey",
        "wall-ranking",
        "wall-alerts",
        "wall-ticker",
    ):
        assert page.locator(f'[data-testid="{testid}"]').count() == 1, testid
    assert "数据截至" in page.locator('[data-testid="wall-as-of"]').inner_text()
    # Chinese text is drawn with the self-hosted font (make fonts), not whatever the PC has
    assert page.evaluate("() => document.fonts.check('16px YipingSans')")
    assert watch.outside == []
    assert watch.errors == []
    page.close()


def test_wall_refreshes_itself_without_a_full_page_rerun(server, browser):
    """The clock ticks in the browser and fragments refresh in place: the page is never reloaded."""
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    watch = Watch(page)
    page.goto(f"{server}/?screen={WALL_TOKEN}")
    page.wait_for_selector('[data-testid="wall-ready"]', state="attached", timeout=90_000)
    page.evaluate("() => { window.__marker = 'same-document'; }")
    page.wait_for_function(
        "() => document.getElementById('wall-clock')?.textContent.length > 0", timeout=30_000
    )
    first = page.locator("#wall-clock").inner_text()
    page.wait_for_function(
        "(first) => document.getElementById('wall-clock').textContent !== first", arg=first, timeout=15_000
    )
    assert page.evaluate("() => window.__marker") == "same-document"
    assert watch.errors == []
    page.close()


def test_street_leader_deep_link_survives_sign_in(server, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    watch = Watch(page)
    page.goto(f"{server}/trace")
    page.get_by_label("用户名").fill("ruijin", timeout=60_000)
    page.get_by_label("密码").fill(DEMO_PASSWORDS["ruijin"])
    page.get_by_role("button", name="登录").click()
    page.get_by_role("heading", name="事件查询与追溯").wait_for(timeout=60_000)
    page.screenshot(path=str(ARTIFACTS / "trace_ruijin.png"))
    page.get_by_role("link", name="街道工作台").click()
    page.get_by_role("heading", name="街道工作台").wait_for(timeout=60_000)
    time.sleep(3)
    page.screenshot(path=str(ARTIFACTS / "street_ruijin.png"))
    assert "瑞金路街道" in page.inner_text("body")
    assert watch.outside == []
    page.close()


def test_a_reload_keeps_the_sign_in_a_wall_link_signs_nobody_out_and_sign_out_holds(server, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(f"{server}/ingest")
    page.get_by_label("用户名").fill("steward", timeout=60_000)
    page.get_by_label("密码").fill(DEMO_PASSWORDS["steward"])
    page.get_by_role("button", name="登录").click()
    heading = page.get_by_role("heading", name="数据接入：每个导出文件的去向")
    heading.wait_for(timeout=60_000)
    time.sleep(1)
    cookie = next(c for c in context.cookies() if c["name"] == "yiping_session")
    assert cookie["sameSite"] == "Strict"
    page.reload()  # F5
    heading.wait_for(timeout=60_000)
    page.goto(f"{server}/?screen={WALL_TOKEN}")
    page.locator("#wall-clock").wait_for(timeout=60_000)
    page.goto(f"{server}/ingest")  # back from the wall link: still the steward
    heading.wait_for(timeout=60_000)
    page.get_by_role("button", name="退出登录").click()
    page.get_by_label("用户名").wait_for(timeout=60_000)
    page.reload()  # the signed-out cookie does not sign anyone in again
    page.get_by_label("用户名").wait_for(timeout=60_000)
    # a forged or replayed cookie: not accepted
    other = browser.new_context()
    other.add_cookies([{**cookie, "value": cookie["value"][:-4] + "0000"}])
    forged = other.new_page()
    forged.goto(f"{server}/ingest")
    forged.get_by_label("用户名").wait_for(timeout=60_000)
    replayed = browser.new_context()
    replayed.add_cookies([cookie])
    again = replayed.new_page()
    again.goto(f"{server}/ingest")
    again.get_by_label("用户名").wait_for(timeout=60_000)  # signed out on the server: revoked
    for c in (context, other, replayed):
        c.close()
