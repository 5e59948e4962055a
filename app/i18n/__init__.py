"""User-facing text: zh-CN by default, English on request. Code and comments stay English."""

from __future__ import annotations

from app.sources import SOURCE_TITLES

TEXT = {
    "app_title": {"zh": "一屏 · 区域治理数据", "en": "Yiping · District governance data"},
    "lang": {"zh": "语言", "en": "Language"},
    "page_ingest": {"zh": "数据接入", "en": "Ingest"},
    "ingest_title": {
        "zh": "数据接入：每个导出文件的去向",
        "en": "Ingest: what happened to every export file",
    },
    "ingest_caption": {
        "zh": "加载清单与拒收行，截至已发布的构建（新加载的文件在下次构建后出现）。每个文件：输入行 = 加载行 + 拒收行。",
        "en": "The load manifest and rejected rows as of the published build (files loaded since appear after the next build). Per file: rows in = loaded + rejected.",
    },
    "no_db": {
        "zh": "还没有原始层数据库：请先运行 make build。",
        "en": "No raw layer yet: run make build first.",
    },
    "db_busy": {
        "zh": "加载正在进行，数据库暂时被占用，请稍后刷新。",
        "en": "A load is running and holds the database; refresh shortly.",
    },
    "files": {"zh": "文件", "en": "Files"},
    "loaded": {"zh": "已加载", "en": "Loaded"},
    "duplicate": {"zh": "重复", "en": "Duplicate"},
    "quarantined": {"zh": "已隔离", "en": "Quarantined"},
    "ignored": {"zh": "未加载", "en": "Not loaded"},
    "audit_damaged": {
        "zh": "审计日志有 {n} 行损坏或被改动（哈希链断开），已标出；其余记录照常显示。",
        "en": "{n} lines of the audit log are damaged or were altered (the hash chain breaks there); they are marked, "
        "the rest is shown as usual.",
    },
    "audit_ok": {"zh": "完整", "en": "intact"},
    "audit_corrupt": {"zh": "损坏（非 JSON）", "en": "corrupt (not JSON)"},
    "audit_tampered": {"zh": "被改动", "en": "altered"},
    "audit_unchained": {"zh": "旧格式（无哈希）", "en": "old format (no hash)"},
    "audit_kind": {"zh": "事件类型", "en": "Kind of event"},
    "audit_all_kinds": {"zh": "全部类型", "en": "All kinds"},
    "download_list": {"zh": "下载 Excel（记入审计日志）", "en": "Download Excel (audited)"},
    "download_list_csv": {"zh": "下载 CSV（记入审计日志）", "en": "Download CSV (audited)"},
    "people_list": {"zh": "人口名单", "en": "Residents"},
    "login_wait": {
        "zh": "登录失败次数过多，请 {seconds} 秒后再试。",
        "en": "Too many failed sign-ins: try again in {seconds} s.",
    },
    "login_locked": {
        "zh": "该账号（或本机）登录失败次数过多，已锁定，请 {seconds} 秒后再试或联系管理员。",
        "en": "Too many failed sign-ins: locked, try again in {seconds} s or ask an administrator.",
    },
    "rows_excluded": {"zh": "已剔除行", "en": "Rows taken out"},
    "remedies_title": {
        "zh": "行级处置：剔除行、放行隔离文件",
        "en": "Remedies: take rows out, release quarantined files",
    },
    "remedies_caption": {
        "zh": "剔除的行仍保留在原始层，下次构建（make warehouse）起不再进入数据仓库；放行的文件回到收件目录，下次加载时入库并保留其问题记录。每次处置都写入审计日志。",
        "en": "A row taken out stays in the raw layer; from the next build (make warehouse) it is in no model. A released "
        "file goes back to the inbox and loads with its findings on the next load. Every remedy is audited.",
    },
    "no_exclusions": {"zh": "没有剔除的行。", "en": "No row is taken out."},
    "remedy_reason": {
        "zh": "原因（必填，显示在处置记录中）",
        "en": "Reason (required, shown with the remedy)",
    },
    "remedy_exclude": {"zh": "剔除这一行", "en": "Take this row out"},
    "remedy_restore": {"zh": "恢复这一行", "en": "Put this row back"},
    "remedy_no_row": {"zh": "{file} 没有已加载的第 {row} 行", "en": "{file} has no loaded row {row}"},
    "remedy_written": {
        "zh": "已记录：{file} 第 {row} 行；下次构建生效。",
        "en": "Recorded: {file} row {row}; the next build honours it.",
    },
    "remedy_release_pick": {"zh": "闸门隔离的文件", "en": "File stopped by its gate"},
    "remedy_release": {"zh": "放行：下次加载时入库", "en": "Release: load it on the next load"},
    "remedy_released": {
        "zh": "已放行：{file} 已放回收件目录。",
        "en": "Released: {file} is back in the inbox.",
    },
    "remedy_released_list": {"zh": "已放行的文件", "en": "Released files"},
    "col_by": {"zh": "处置人", "en": "By"},
    "col_sha256": {"zh": "内容校验值", "en": "SHA-256"},
    "rows_in": {"zh": "输入行", "en": "Rows in"},
    "rows_loaded": {"zh": "加载行", "en": "Rows loaded"},
    "rows_rejected": {"zh": "拒收行", "en": "Rows rejected"},
    "by_source": {"zh": "按来源", "en": "By source"},
    "quarantine_title": {"zh": "隔离的文件及原因", "en": "Quarantined files and why"},
    "none_quarantined": {"zh": "没有被隔离的文件。", "en": "No file was quarantined."},
    "manifest_title": {"zh": "文件清单", "en": "File manifest"},
    "status_filter": {"zh": "状态", "en": "Status"},
    "source_filter": {"zh": "来源", "en": "Source"},
    "rejects_title": {
        "zh": "拒收行（可追溯到文件和行号）",
        "en": "Rejected rows (traceable to file and row)",
    },
    "pick_file": {"zh": "选择文件", "en": "File"},
    "no_rejects": {"zh": "该文件没有拒收行。", "en": "This file has no rejected rows."},
    "col_source": {"zh": "来源", "en": "Source"},
    "col_file": {"zh": "文件", "en": "File"},
    "col_status": {"zh": "状态", "en": "Status"},
    "col_encoding": {"zh": "编码", "en": "Encoding"},
    "col_reader": {"zh": "读取方式", "en": "Reader"},
    "col_header_row": {"zh": "表头行", "en": "Header row"},
    "col_reason": {"zh": "原因", "en": "Reason"},
    "col_loaded_at": {"zh": "处理时间", "en": "Processed at"},
    "col_row": {"zh": "行号", "en": "Row"},
    "col_field": {"zh": "字段", "en": "Field"},
    "col_raw_value": {"zh": "值", "en": "Value"},
    "col_trace_link": {"zh": "追溯", "en": "Trace"},
    "choose_options": {"zh": "请选择", "en": "Choose"},
    "open_trace_short": {"zh": "查看 ›", "en": "Open ›"},
    "col_original": {"zh": "原始内容", "en": "Original content"},
    "col_duration": {"zh": "耗时(毫秒)", "en": "Time (ms)"},
    "page_quality": {"zh": "数据质量", "en": "Data quality"},
    "quality_title": {
        "zh": "数据质量：闸门与构建检查的发现",
        "en": "Data quality: what the gates and build checks found",
    },
    "quality_caption": {
        "zh": "来自数据仓库的 quality 表（runs / results / failures）。严重问题会隔离文件或阻止发布；警告只记录。",
        "en": "From the warehouse's quality tables (runs / results / failures). Critical failures quarantine a "
        "file or block publishing; warnings are recorded.",
    },
    "no_quality": {
        "zh": "还没有质量检查结果：请先运行 make build（或 make quality）。",
        "en": "No quality results yet: run make build (or make quality) first.",
    },
    "build_decision": {"zh": "最近一次构建", "en": "Latest build"},
    "publishable": {"zh": "可发布", "en": "Publishable"},
    "blocked": {"zh": "阻止发布", "en": "Blocked"},
    "critical_failed": {"zh": "严重问题", "en": "Critical"},
    "warnings_failed": {"zh": "警告", "en": "Warnings"},
    "gate_quarantined": {"zh": "闸门隔离的文件", "en": "Files stopped by gates"},
    "gates_title": {
        "zh": "接入闸门（每个来源，每个文件最近一次）",
        "en": "Ingest gates (per source, latest run per file)",
    },
    "findings_title": {"zh": "发现的问题", "en": "Findings"},
    "no_findings": {"zh": "所有检查都通过了。", "en": "Every check passed."},
    "pick_check": {"zh": "查看不合格行", "en": "Failing rows of"},
    "failures_caption": {
        "zh": "样例行已脱敏；用「文件 + 行号」可以在原始层 raw.<来源> 中找到原始记录。",
        "en": "Samples are masked; file + row number find the original record in raw.<source>.",
    },
    "builds_title": {"zh": "构建检查历史", "en": "Build check history"},
    "data_docs": {
        "zh": "Great Expectations 数据文档（离线可用）",
        "en": "Great Expectations Data Docs (works offline)",
    },
    "col_check": {"zh": "检查", "en": "Check"},
    "col_severity": {"zh": "级别", "en": "Severity"},
    "col_title": {"zh": "说明", "en": "What"},
    "col_failing_rows": {"zh": "不合格行/事件", "en": "Failing rows/events"},
    "col_failed_runs": {"zh": "不合格批次", "en": "Failed runs"},
    "col_files": {"zh": "涉及文件", "en": "Files"},
    "col_value": {"zh": "不合格值", "en": "Value"},
    "col_record": {"zh": "记录（脱敏）", "en": "Record (masked)"},
    "col_checked_at": {"zh": "检查时间", "en": "Checked at"},
    "col_batches": {"zh": "批次", "en": "Batches"},
    "col_rows_checked": {"zh": "检查行数", "en": "Rows checked"},
    "col_promoted": {"zh": "通过并加载", "en": "Promoted"},
    "col_with_warnings": {"zh": "有警告", "en": "With warnings"},
    "col_build": {"zh": "构建", "en": "Build"},
    "col_decision": {"zh": "结论", "en": "Decision"},
    "critical": {"zh": "严重", "en": "Critical"},
    "warning": {"zh": "警告", "en": "Warning"},
}

# The audit log's event codes, as the admin reads them in Chinese (page and export).
AUDIT_WORDS = {
    "sign_in": "登录",
    "ok": "成功",
    "failed": "失败",
    "throttled": "限流/锁定",
    "view": "查看明文",
    "download": "下载",
    "raw_row": "原始行",
    "exclude": "剔除",
    "restore": "恢复",
    "quarantined_file": "隔离文件",
    "release": "放行",
    "address_alias": "地址别名",
    "confirm": "确认",
}

# display names of the sources, as their files in ingest/sources/ declare them
SOURCE_NAMES = {
    "_ignored": {"zh": "（非导出文件）", "en": "(not an export)"},
    **SOURCE_TITLES,
    "_unknown": {"zh": "未知来源", "en": "Unknown source"},
}


# Data-frame column -> text key, so every table on every page is labelled the same way.
COLUMN_LABELS = {
    "source": "col_source",
    "file_path": "col_file",
    "status": "col_status",
    "encoding": "col_encoding",
    "reader": "col_reader",
    "header_row": "col_header_row",
    "files": "files",
    "rows_in": "rows_in",
    "rows_loaded": "rows_loaded",
    "rows_rejected": "rows_rejected",
    "reason": "col_reason",
    "loaded_at": "col_loaded_at",
    "duration_ms": "col_duration",
    "row_number": "col_row",
    "field": "col_field",
    "original": "col_original",
    "check_code": "col_check",
    "source_file": "col_file",
    "by": "col_by",
    "sha256": "col_sha256",
    "severity": "col_severity",
    "title": "col_title",
    "failing_rows": "col_failing_rows",
    "failed_runs": "col_failed_runs",
    "files_involved": "col_files",
    "value": "col_value",
    "record": "col_record",
    "checked_at": "col_checked_at",
    "batches": "col_batches",
    "rows_checked": "col_rows_checked",
    "promoted": "col_promoted",
    "gate_quarantined": "gate_quarantined",
    "with_warnings": "col_with_warnings",
    "build_id": "col_build",
    "decision": "col_decision",
    "critical_failed": "critical_failed",
    "warnings_failed": "warnings_failed",
}


def label_columns(frame, lang: str):
    """The frame with its columns renamed to the user's language, and a missing text shown as
    "—" (a table draws a null as "None")."""
    from app.i18n.pages import COLUMNS

    texts = [c for c in frame.columns if frame[c].dtype == object and frame[c].isna().any()]
    if texts:
        frame = frame.assign(**{c: frame[c].where(frame[c].notna(), "—") for c in texts})
    names = {c: pair[0 if lang == "zh" else 1] for c, pair in COLUMNS.items() if c in frame.columns}
    names.update({c: t(k, lang) for c, k in COLUMN_LABELS.items() if c in frame.columns})
    # two columns with one label (file_path and source_file are both 文件) keep their names apart
    seen: dict[str, int] = {}
    for c in frame.columns:
        label = names.get(c, c)
        seen[label] = seen.get(label, 0) + 1
    names = {
        c: (f"{names.get(c, c)} ({c})" if seen[names.get(c, c)] > 1 else names.get(c, c))
        for c in frame.columns
    }
    return frame.rename(columns=names)


def t(key: str, lang: str) -> str:
    return TEXT[key][lang]


def t_or(key: str, lang: str, default: str) -> str:
    """The text for `key`, or `default` for a key that has none (a value a new tool version adds)."""
    return TEXT[key][lang] if key in TEXT else default


def source_name(source: str, lang: str) -> str:
    return SOURCE_NAMES.get(source, {"zh": source, "en": source})[lang]


def category_name(name_zh: str | None, name_en: str | None, lang: str) -> str:
    """A unified category's name in the user's language (Chinese when no English name exists)."""
    return (name_en if lang == "en" and name_en else name_zh) or ""


def _merge_page_text() -> None:
    from app.i18n.pages import TEXT as PAGE_TEXT

    clash = set(PAGE_TEXT) & set(TEXT)
    if clash:
        raise KeyError(f"i18n keys defined twice: {sorted(clash)}")
    TEXT.update(PAGE_TEXT)


_merge_page_text()
