"""Writers that produce exports the way upstream systems do: xlsx with title blocks and
merged cells (optionally malformed), CSV in UTF-8 / BOM / GBK / GB18030, JSON Lines and
JSON arrays. Everything streams row by row so 10M-event districts fit in bounded memory.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _col_letter(n: int) -> str:
    s = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def _esc(text: str) -> str:
    text = _ILLEGAL_XML.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/>{extra}</Relationships>'
)
_DANGLING = (
    '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'theme" Target="theme/theme1.xml"/>'
)


_FIXED_TIME = (2000, 1, 1, 0, 0, 0)  # zip entries carry no wall-clock time: same seed, same bytes


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def write_xlsx(
    path: Path,
    rows: Iterable[Sequence[object]],
    *,
    sheet_name: str = "Sheet1",
    merge_title_cols: int = 0,
    lie_about_dimension: bool = False,
    dangling_relationship: bool = False,
) -> int:
    """Write a one-sheet workbook; str cells become inline strings, numbers stay numbers.

    `merge_title_cols` merges A1 across that many columns (a printed title);
    `lie_about_dimension` writes a dimension record smaller than the data and
    `dangling_relationship` points the workbook at a part that does not exist — both
    are defects real exporters produce and the loader must survive.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    n_rows = 0
    max_cols = 0
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr(_entry("[Content_Types].xml"), _CONTENT_TYPES)
        zf.writestr(_entry("_rels/.rels"), _ROOT_RELS)
        zf.writestr(_entry("xl/workbook.xml"), _WORKBOOK.format(name=_esc(sheet_name)))
        zf.writestr(
            _entry("xl/_rels/workbook.xml.rels"),
            _WORKBOOK_RELS.format(extra=_DANGLING if dangling_relationship else ""),
        )
        # The dimension record must precede sheetData, so a truthful one needs the size up
        # front; we write a placeholder of fixed width and accept it as approximate ("A1").
        with zf.open(_entry("xl/worksheets/sheet1.xml"), "w", force_zip64=True) as raw:
            out = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            out.write(
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            out.write('<dimension ref="A1:C3"/>' if lie_about_dimension else "")
            out.write("<sheetData>")
            letters = [_col_letter(i) for i in range(64)]
            for r, row in enumerate(rows, start=1):
                parts = [f'<row r="{r}">']
                for c, value in enumerate(row):
                    if value is None or value == "":
                        continue
                    ref = f"{letters[c]}{r}"
                    if isinstance(value, bool):
                        parts.append(
                            f'<c r="{ref}" t="inlineStr"><is><t>{"是" if value else "否"}</t></is></c>'
                        )
                    elif isinstance(value, int | float):
                        parts.append(f'<c r="{ref}"><v>{value!r}</v></c>')
                    else:
                        parts.append(
                            f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{_esc(str(value))}</t></is></c>'
                        )
                parts.append("</row>")
                out.write("".join(parts))
                n_rows = r
                max_cols = max(max_cols, len(row))
            out.write("</sheetData>")
            if merge_title_cols > 1:
                out.write(
                    f'<mergeCells count="1"><mergeCell ref="A1:{letters[merge_title_cols - 1]}1"/></mergeCells>'
                )
            out.write("</worksheet>")
            out.flush()
            out.detach()
    return n_rows


def write_csv(path: Path, rows: Iterable[Sequence[object]], *, encoding: str = "utf-8") -> int:
    """Write CSV in the given encoding ("utf-8", "utf-8-sig", "gbk", "gb18030")."""
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with open(path, "w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        for row in rows:
            w.writerow(["" if v is None else v for v in row])
            n += 1
    return n


def write_jsonl(path: Path, records: Iterable[dict], *, truncate_last: bool = False) -> int:
    """JSON Lines; `truncate_last` cuts the final object mid-way, as an interrupted transfer does."""
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    last = None
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for rec in records:
            if last is not None:
                fh.write(last + "\n")
            last = json.dumps(rec, ensure_ascii=False)
            n += 1
        if last is not None:
            fh.write(last[: len(last) // 2] if truncate_last else last + "\n")
    return n


def write_json_array(path: Path, records: Iterable[dict]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("[\n")
        for rec in records:
            fh.write((",\n" if n else "") + json.dumps(rec, ensure_ascii=False, indent=None))
            n += 1
        fh.write("\n]\n")
    return n
