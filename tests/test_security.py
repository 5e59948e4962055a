"""Attacks on sign-in and on the audit trail, each run as an attacker would, with what must hold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app import auth
from ingest import audit


@pytest.fixture()
def log(tmp_path, monkeypatch):
    path = tmp_path / "audit.jsonl"
    monkeypatch.setenv("YIPING_AUDIT_LOG", str(path))
    return path


@pytest.fixture()
def fresh_throttle():
    auth._failures.clear()
    yield
    auth._failures.clear()


def test_the_audit_log_is_chained_and_damage_is_shown_where_it_happened(log):
    for k in range(6):
        audit.write(log, {"username": f"u{k}", "page": "trace", "action": "view", "rows": k})
    lines = log.read_text(encoding="utf-8").splitlines()
    assert [entry["integrity"] for entry in audit.read(log)] == ["ok"] * 6
    edited = json.loads(lines[2])
    edited["rows"] = 999  # someone changes what a line says
    lines[2] = json.dumps(edited, ensure_ascii=False)
    lines[4] = lines[4][: len(lines[4]) // 2]  # a line cut off (a full disk, a killed writer)
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    read = audit.read(log)
    assert [entry["integrity"] for entry in read] == ["ok", "ok", "tampered", "ok", "corrupt", "ok"]
    assert read[5]["username"] == "u5"  # the rest stays readable
    del lines[1]  # a line removed: the one after it no longer follows
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert audit.read(log)[1]["integrity"] == "tampered"
    # writing goes on after damage, chained to what is there
    audit.write(log, {"username": "after"})
    assert audit.read(log)[-1]["integrity"] == "ok"


def test_the_admin_audit_page_shows_a_damaged_log(app_env, log, fresh_throttle):
    from tests.conftest import app_as

    audit.write(
        log, {"username": "steward", "role": "steward", "page": "trace", "subject": "x", "action": "view"}
    )
    with log.open("a", encoding="utf-8") as f:
        f.write('{"at": "2026-11-28T10:00:00", "username": "ste\n')  # a truncated line
    at = app_as("admin", "admin_audit")
    assert not at.exception, at.exception
    assert any("损坏" in e.value for e in at.error)
    table = at.dataframe[0].value
    assert "登录" in set(table["内容"]) and "成功" in set(table["操作"])  # the admin reads it in Chinese
    assert [b for b in at.get("download_button") if b.proto.label.startswith("下载 Excel")]


def test_wrong_passwords_slow_down_then_lock_and_every_attempt_is_audited(log, fresh_throttle, monkeypatch):
    clock = [1_000_000.0]
    monkeypatch.setattr("time.time", lambda: clock[0])
    accounts = auth.load_accounts()
    for _ in range(auth.FREE_FAILURES):
        assert auth.login("steward", "wrong", accounts, client="10.0.0.9") is None
    with pytest.raises(auth.Throttled) as waiting:  # the 4th try comes too soon
        auth.login("steward", "wrong", accounts, client="10.0.0.9")
    assert not waiting.value.locked and waiting.value.seconds > 0
    for _ in range(auth.LOCKOUT_FAILURES["account"]):
        clock[0] += auth.MAX_DELAY_S + 1
        try:
            auth.login("steward", "wrong", accounts, client=f"10.0.1.{_}")
        except auth.Throttled:
            pass
    clock[0] += auth.MAX_DELAY_S + 1
    with pytest.raises(auth.Throttled) as locked:  # the right password does not open a locked account
        auth.login("steward", "yiping-steward", accounts, client="10.0.2.1")
    assert locked.value.locked
    clock[0] += auth.LOCKOUT_S + 1
    assert auth.login("steward", "yiping-steward", accounts, client="10.0.2.1") is not None
    actions = [(e["action"]) for e in audit.read(log) if e.get("subject") == "sign_in"]
    assert actions.count("failed") >= auth.LOCKOUT_FAILURES["account"] and "throttled" in actions
    assert actions[-1] == "ok"


def test_unknown_and_known_users_cost_the_same_work(log, fresh_throttle, monkeypatch):
    calls = []
    real = auth.verify_password
    monkeypatch.setattr(auth, "verify_password", lambda p, h: calls.append(h) or real(p, h))
    accounts = auth.load_accounts()
    auth.login("steward", "wrong", accounts, client="a")
    auth.login("nobody-here", "wrong", accounts, client="b")
    assert len(calls) == 2  # one scrypt each: no extra hashing for an unknown name
    assert all(h.startswith("scrypt$") for h in calls)
    failed = [e for e in audit.read(log) if e.get("action") == "failed"]
    assert [e["known_user"] for e in failed] == [True, False]


def test_personal_data_in_free_text_is_masked_wherever_it_is_shown():
    from app.components.formatting import md_text
    from ingest.normalise import _describe_header
    from ingest.rules.masking import mask

    complaint = "联系人张三电话15349287251，身份证320104199001011234，说明见附件"
    shown = mask("content", complaint)
    assert "15349287251" not in shown and "320104199001011234" not in shown and "张三" not in shown
    extra = '{"备用电话": "13900001111", "户主姓名": "李建国"}'
    assert "13900001111" not in mask("_extra", extra) and "李建国" not in mask("_extra", extra)
    # a header-less population file: the quarantine reason must not quote its first data row
    reason = _describe_header([["张三", "320104199001011234", "男", "15349287251"]])
    assert "张三" not in reason and "3201041990" not in reason and "1534928" not in reason
    # markup from an export is shown as its characters
    assert "](" not in md_text("![x](http://evil.example/p.png)") and "<" not in md_text(
        "<img src=x>"
    ).replace("\\<", "")


def test_no_wall_payload_carries_personal_data(warehouse):
    """Every table the wall reads (marts.rpt_screen_wall_*), every text value: no unit or room number,
    no key-group label, no phone or ID number."""
    import re

    from tests.conftest import query

    labels = {g for (g,) in query(warehouse, "select distinct unnest(key_groups) from marts.dim_person")}
    assert labels  # the demo has key groups: the scan below means something
    tables = [t for (t,) in query(warehouse, "select table_name from information_schema.tables "
                                  "where table_schema = 'marts' and table_name like 'rpt_screen_wall%'")]  # fmt: skip
    assert "rpt_screen_wall_alerts" in tables
    found = []
    for table in tables:
        columns = [c for (c,) in query(warehouse, "select column_name from information_schema.columns where "
                                       "table_schema = 'marts' and table_name = ? and data_type = 'VARCHAR'", [table])]  # fmt: skip
        for column in [c for c in columns if not c.endswith(("_key", "_code", "source_id"))]:
            for (value,) in query(
                warehouse, f'select distinct "{column}" from marts."{table}" where "{column}" is not null'
            ):
                if re.search(
                    r"[0-9一二三四五六七八九十]+(室|单元)|(^|[^0-9])(1[3-9][0-9]{9}|[0-9]{17}[0-9Xx])([^0-9]|$)",
                    value,
                ) or any(label in value for label in labels):
                    found.append((table, column, value))
    assert not found, found[:5]
    vulnerable = query(
        warehouse,
        "select title_zh from marts.rpt_screen_wall_alerts where alert_type = 'vulnerable_residents'",
    )
    assert vulnerable and all("需关注住户" in v for (v,) in vulnerable)


def test_excel_exports_write_formulas_and_urls_as_text():
    import io

    import openpyxl
    import pandas as pd

    from app.exports import to_excel

    hostile = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "http://evil.example/a"]
    data = to_excel({"部门": pd.DataFrame({"单位": hostile})}, "考核")
    sheet = openpyxl.load_workbook(io.BytesIO(data))["部门"]
    cells = [sheet.cell(row=4 + k, column=1) for k in range(len(hostile))]
    assert [c.value for c in cells] == hostile
    assert all(c.data_type == "s" and c.hyperlink is None for c in cells)


def test_csv_exports_make_formula_cells_inert():
    import csv
    import io

    import pandas as pd

    from app.exports import to_csv

    hostile = [
        '=HYPERLINK("http://evil.example","x")',
        "+1+1",
        "-2+3",
        "@SUM(A1)",
        "\t=1+1",
        "\r=1",
        "秦淮区",
    ]
    frame = pd.DataFrame({"单位": hostile, "=列": range(len(hostile)), "差": [-3] * len(hostile)})
    rows = list(csv.reader(io.StringIO(to_csv(frame).decode("utf-8-sig"), newline="")))
    assert rows[0] == ["单位", "'=列", "差"]
    cells = [r[0] for r in rows[1:]]
    assert cells[:-1] == ["'" + v for v in hostile[:-1]] and cells[-1] == "秦淮区"
    # numbers stay numbers: a negative count is written as it is
    assert {r[2] for r in rows[1:]} == {"-3"}
    # what a spreadsheet evaluates — a cell starting with one of = + - @ (after tab/CR) — is gone
    assert not any(c.lstrip("\t\r").startswith(("=", "+", "-", "@")) for r in rows for c in r[:2])


def test_the_nginx_deployment_config_parses(tmp_path):
    import shutil
    import subprocess

    from tests.conftest import ROOT

    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.fail("nginx is not installed: make system-deps installs it (Debian nginx-light)")
    site = (ROOT / "deploy" / "nginx" / "yiping.conf").read_text(encoding="utf-8")
    certs = tmp_path / "ssl"
    certs.mkdir()
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=yiping.test",
         "-keyout", str(certs / "privkey.pem"), "-out", str(certs / "fullchain.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    site = site.replace("/etc/ssl/yiping/", f"{certs}/")
    (tmp_path / "yiping.conf").write_text(site, encoding="utf-8")
    (tmp_path / "logs").mkdir()
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/logs/error.log;\nevents {{}}\n"
        f"http {{\n access_log off;\n include {tmp_path}/yiping.conf;\n}}\n",
        encoding="utf-8",
    )
    result = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "frame-ancestors 'none'" in site and "proxy_pass http://127.0.0.1:8501" in site


def test_session_cookies_are_signed_expire_and_can_be_revoked(tmp_path, monkeypatch):
    monkeypatch.setenv("YIPING_SESSION_KEY_FILE", str(tmp_path / "key"))
    monkeypatch.delenv("YIPING_SESSION_KEY", raising=False)
    accounts = auth.load_accounts()
    ident = auth._identity_of(accounts.users["ruijin"], accounts)
    value = auth.session_cookie(ident, now=1_000_000)
    assert auth.identity_from_cookie(value, accounts, now=1_000_100).street_code == ident.street_code
    assert auth.identity_from_cookie(value, accounts, now=1_000_000 + auth.SESSION_HOURS * 3600 + 1) is None
    body, mac = value.rsplit(".", 1)
    import base64

    forged = base64.urlsafe_b64encode(b"admin|9999999999").decode()
    assert auth.identity_from_cookie(f"{forged}.{mac}", accounts, now=1_000_100) is None  # another user
    assert auth.identity_from_cookie(body + "." + "0" * 64, accounts, now=1_000_100) is None
    assert (tmp_path / "key").stat().st_mode & 0o777 == 0o600
    auth.revoke_cookie(value)
    assert auth.identity_from_cookie(value, accounts, now=1_000_100) is None


def test_production_mode_refuses_the_demo_secrets(tmp_path, monkeypatch):
    from tests.conftest import ROOT

    monkeypatch.setenv("YIPING_MODE", "production")
    monkeypatch.setenv("YIPING_PERSON_SALT", "a-real-secret-salt-0123456789")
    monkeypatch.setenv("YIPING_SESSION_KEY", "k" * 32)
    demo = ROOT / "app" / "config" / "accounts.toml"
    with pytest.raises(auth.ConfigError, match="demo accounts file"):
        auth._parse(demo)
    copied = tmp_path / "accounts.toml"
    copied.write_text(demo.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(auth.ConfigError, match="demo password"):
        auth._parse(copied)
    text = demo.read_text(encoding="utf-8")
    import re

    own = re.sub(
        r'password_hash = "[^"]+"', f'password_hash = "{auth.hash_password("a long own secret")}"', text
    )
    copied.write_text(own, encoding="utf-8")
    with pytest.raises(auth.ConfigError, match="demo token"):
        auth._parse(copied)
    copied.write_text(
        re.sub(r'token_hash = "[^"]+"', f'token_hash = "{auth.hash_token("own-wall")}"', own),
        encoding="utf-8",
    )
    assert auth._parse(copied).users
    monkeypatch.setenv("YIPING_PERSON_SALT", "yiping-demo-salt")
    with pytest.raises(auth.ConfigError, match="salt"):
        auth._parse(copied)


def test_personal_lists_download_through_an_audited_excel(app_env):
    from tests.conftest import app_as

    at = app_as("admin", "registries")
    assert not at.exception, at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    # the evacuation list and the residents list, each as Excel and CSV, nothing else unaudited
    assert sorted(labels) == sorted(["下载 Excel（记入审计日志）", "下载 CSV（记入审计日志）"] * 2)


def test_chart_labels_from_data_are_text_not_links():
    from app.components.charts import _text

    # plotly renders <a href> in a label as a link (checked in Chromium); entities show as characters
    assert _text(['<a href="http://evil.example">孤寡老人</a>', 3]) == [
        '&lt;a href="http://evil.example"&gt;孤寡老人&lt;/a&gt;',
        3,
    ]


def test_two_columns_with_one_label_keep_their_names_apart():
    import pandas as pd

    from app.i18n import label_columns

    # a steward remedy's audit line has file_path and source_file, both 文件: the admin page broke on it
    labelled = label_columns(pd.DataFrame({"file_path": ["a"], "source_file": ["b"], "reason": ["r"]}), "zh")
    assert list(labelled.columns) == ["文件 (file_path)", "文件 (source_file)", "原因"]
