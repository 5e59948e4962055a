"""Readers: turn one export file into a grid of text cells with record numbers.

Every reader returns a `Sheet`: all cells as strings (None for empty), in file order,
with the 1-based record number a person would find the row at (the spreadsheet row, the
CSV record, the JSON line). Header detection and field mapping happen in the loader;
readers only decode. A file a reader cannot make sense of raises `Unreadable` with a
reason a person understands, and the loader quarantines it.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

import polars as pl


class Unreadable(Exception):
    """The file is not what its name says, or is empty: quarantine it with this reason."""


@dataclass
class Sheet:
    frame: pl.DataFrame  # columns c0..cN, all String; may include title/header/footer rows
    first_record: int  # record number of the frame's first row
    encoding: str | None
    reader: str
    rejects: list[tuple[int, str, str]] = field(default_factory=list)  # (record, reason, original)
    header_record_hint: int | None = None  # when the reader already knows where the header is


@dataclass
class Records:
    """JSON-shaped sources: one JSON text per record, plus top-level attributes."""

    texts: list[str | None]  # None where the line is not valid JSON (kept in rejects)
    record_numbers: list[int]
    reader: str
    encoding: str = "utf-8"
    rejects: list[tuple[int, str, str]] = field(default_factory=list)
    attributes: dict = field(default_factory=dict)


HTML_RE = re.compile(rb"^\s*(<!doctype html|<html|<\?xml|<head|<body|<table)", re.I)


def sniff_format(path: Path, data: bytes) -> str:
    """The format the bytes really are, checked against the name's promise."""
    ext = path.suffix.lower().lstrip(".")
    if not data.strip():
        raise Unreadable("空文件：文件没有任何内容（0 字节或只有空白）")
    if ext in ("xlsx", "xlsm"):
        if data[:4] == b"PK\x03\x04":
            return "xlsx"
        if HTML_RE.match(data[:512]):
            raise Unreadable(
                "文件名为 .xlsx，但内容是一个 HTML 网页（多半是导出系统的错误页），不是 Excel 工作簿"
            )
        raise Unreadable("文件名为 .xlsx，但内容不是 Excel 工作簿（缺少 ZIP 文件头）")
    if ext == "xls":
        raise Unreadable("不支持旧版 .xls 格式：请在源系统中导出为 .xlsx 或 .csv")
    if ext in ("csv", "txt"):
        if data[:4] == b"PK\x03\x04":
            raise Unreadable("文件名为 .csv，但内容是 ZIP/Excel 工作簿：请改名为 .xlsx 或重新导出")
        if b"\x00" in data[:4096]:
            raise Unreadable("文件名为 .csv，但内容是二进制数据（可能是 UTF-16 或其他格式）")
        if HTML_RE.match(data[:512]):
            raise Unreadable("文件名为 .csv，但内容是一个 HTML 网页（多半是导出系统的错误页）")
        return "csv"
    if ext in ("jsonl", "ndjson"):
        return "jsonl"
    if ext == "json":
        return "json"
    if ext == "geojson":
        return "geojson"
    raise Unreadable(f"不支持的文件类型 .{ext}：应为 xlsx、csv、jsonl、json 或 geojson")


CHUNK = 8 * 1024 * 1024


def _decodes(data, encoding: str) -> bool:
    """Whether all of `data` decodes, checked 8 MB at a time (no copy of the whole text in memory)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    view = memoryview(data)
    try:
        for start in range(0, len(view), CHUNK):
            decoder.decode(view[start : start + CHUNK])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _transcode(data: bytes, encoding: str) -> bytes:
    """`data` in `encoding` as UTF-8 bytes, 8 MB at a time; UnicodeDecodeError when it is not in
    `encoding`."""
    decoder = codecs.getincrementaldecoder(encoding)()
    view = memoryview(data)
    parts = [
        decoder.decode(view[start : start + CHUNK]).encode("utf-8") for start in range(0, len(view), CHUNK)
    ]
    parts.append(decoder.decode(b"", final=True).encode("utf-8"))
    return b"".join(parts)


def utf8_body(data: bytes) -> tuple[bytes, str]:
    """CSV bytes as UTF-8 bytes (without a BOM), and the encoding that decoded the whole file. Never
    guesses silently; never holds the whole file as Python text (memory: about twice the file)."""
    if data.startswith(b"\xef\xbb\xbf"):
        if _decodes(data, "utf-8-sig"):
            return data[3:], "utf-8-sig"
    elif _decodes(data, "utf-8"):
        return data, "utf-8"
    for enc in ("gbk", "gb18030"):
        try:  # one pass: decoding is the check
            return _transcode(data, enc), enc
        except UnicodeDecodeError:
            continue
    raise Unreadable("无法识别文件编码：既不是 UTF-8，也不是 GBK/GB18030")


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes; returns (text, encoding) (see utf8_body)."""
    body, encoding = utf8_body(data)
    return body.decode("utf-8"), encoding


def _header_scan(text: str, limit: int = 40) -> list[list[str]]:
    head = text[:65536]
    return [row for _, row in zip(range(limit), csv.reader(io.StringIO(head)), strict=False)]


def read_csv(data: bytes, header_finder) -> Sheet:
    """Decode, find the header among the first records, then let polars read the body.

    polars reads the body in one pass (the fast path). If a record has more fields than
    the header, polars refuses, and we fall back to the csv module, which keeps the long
    records as rejects instead of silently cutting them.
    """
    body, encoding = utf8_body(data)
    # the header is among the first records: a 64 KB head is enough (a character cut at its end is dropped)
    first = _header_scan(bytes(body[:65536]).decode("utf-8", errors="ignore"))
    header_index = header_finder(first)
    if header_index is None:
        return Sheet(
            pl.DataFrame({f"c{i}": pl.Series([], dtype=pl.String) for i in range(1)}),
            1,
            encoding,
            "csv-scan",
            header_record_hint=None,
        )
    width = len(first[header_index])
    schema = {f"c{i}": pl.String for i in range(width)}
    try:
        frame = pl.read_csv(
            io.BytesIO(body),
            has_header=False,
            skip_rows=header_index + 1,
            schema=schema,
            infer_schema=False,
            quote_char='"',
            raise_if_empty=False,
        )
        header = pl.DataFrame(
            [pl.Series(f"c{i}", [v], dtype=pl.String) for i, v in enumerate(first[header_index])]
        )
        prefix = _rows_frame(first[:header_index], width)
        return Sheet(
            pl.concat([prefix, header, frame], how="vertical"),
            1,
            encoding,
            "polars",
            header_record_hint=header_index + 1,
        )
    except pl.exceptions.ComputeError:
        return _read_csv_slow(body.decode("utf-8"), encoding, width, header_index)


def _rows_frame(rows: list[list[str]], width: int) -> pl.DataFrame:
    cols = {f"c{i}": [(r[i] if i < len(r) and r[i] != "" else None) for r in rows] for i in range(width)}
    return pl.DataFrame(cols, schema={f"c{i}": pl.String for i in range(width)})


def _read_csv_slow(text: str, encoding: str, width: int, header_index: int) -> Sheet:
    rows: list[list[str]] = []
    rejects: list[tuple[int, str, str]] = []
    for n, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if len(row) > width and any(c.strip() for c in row[width:]) and n > header_index + 1:
            rejects.append(
                (
                    n,
                    f"字段数不符：表头 {width} 列，本行 {len(row)} 列（多出的内容无法对应到列）",
                    json.dumps(row, ensure_ascii=False),
                )
            )
            rows.append([])  # keep the record slot so numbering stays aligned; dropped as blank later
            continue
        rows.append(row[:width])
    grid = Sheet(
        _rows_frame(rows, width), 1, encoding, "csv-module", rejects, header_record_hint=header_index + 1
    )
    return grid


def read_xlsx(path: Path) -> Sheet:
    """First sheet through calamine; if the workbook is malformed beyond what calamine
    tolerates, read the sheet XML directly."""
    try:
        import fastexcel

        sheet = fastexcel.read_excel(str(path)).load_sheet(0, header_row=None, dtypes="string")
        frame = sheet.to_polars()
        frame = frame.rename({c: f"c{i}" for i, c in enumerate(frame.columns)})
        return Sheet(frame, 1, None, "calamine")
    except Exception as calamine_error:  # noqa: BLE001 - any calamine failure gets the fallback
        try:
            return _read_xlsx_xml(path)
        except Exception as xml_error:  # noqa: BLE001
            raise Unreadable(
                f"Excel 工作簿已损坏，无法读取（calamine: {calamine_error}; XML: {xml_error}）"
            ) from None


_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _col_index(ref: str) -> int:
    n = 0
    for ch in ref:
        if ch.isalpha():
            n = n * 26 + (ord(ch.upper()) - 64)
        else:
            break
    return n - 1


def _read_xlsx_xml(path: Path) -> Sheet:
    """Minimal streaming reader of the first worksheet: shared and inline strings, numbers."""
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        shared: list[str] = []
        if "xl/sharedStrings.xml" in names:
            for _, el in ET.iterparse(zf.open("xl/sharedStrings.xml")):
                if el.tag == f"{_NS}si":
                    shared.append("".join(t.text or "" for t in el.iter(f"{_NS}t")))
                    el.clear()
        sheets = sorted(n for n in names if n.startswith("xl/worksheets/sheet") and n.endswith(".xml"))
        if not sheets:
            raise ValueError("no worksheet in workbook")
        rows: dict[int, dict[int, str]] = {}
        for _, el in ET.iterparse(zf.open(sheets[0])):
            if el.tag == f"{_NS}row":
                r = int(el.get("r", len(rows) + 1))
                cells: dict[int, str] = {}
                for k, c in enumerate(el.iter(f"{_NS}c")):
                    ref = c.get("r")
                    ci = _col_index(ref) if ref else k
                    t = c.get("t")
                    if t == "inlineStr":
                        value = "".join(x.text or "" for x in c.iter(f"{_NS}t"))
                    else:
                        v = c.find(f"{_NS}v")
                        value = v.text if v is not None else None
                        if t == "s" and value is not None:
                            value = shared[int(value)]
                    if value not in (None, ""):
                        cells[ci] = value
                rows[r] = cells
                el.clear()
    if not rows:
        raise ValueError("worksheet has no rows")
    last = max(rows)
    width = max((max(c) + 1 for c in rows.values() if c), default=1)
    cols = {f"c{i}": [rows.get(r, {}).get(i) for r in range(1, last + 1)] for i in range(width)}
    return Sheet(pl.DataFrame(cols, schema={f"c{i}": pl.String for i in range(width)}), 1, None, "xlsx-xml")


def read_json_records(data: bytes, fmt: str) -> Records:
    """JSON Lines (one object per line; a cut-off last line becomes a reject) or a JSON array."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Unreadable("JSON 文件不是 UTF-8 编码") from None
    if fmt == "jsonl" or (fmt == "json" and not text.lstrip().startswith("[")):
        texts, numbers, rejects = [], [], []
        for n, line in enumerate(text.split("\n"), start=1):
            line = line.strip().rstrip("\r")
            if not line:
                continue
            texts.append(line)
            numbers.append(n)
        return Records(texts, numbers, "jsonl", rejects=rejects)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise Unreadable(
            f"JSON 数组无法解析：第 {e.lineno} 行第 {e.colno} 列 {e.msg}（文件可能被截断）"
        ) from None
    items = doc if isinstance(doc, list) else doc.get("features") if isinstance(doc, dict) else None
    if items is None:
        raise Unreadable("JSON 文件既不是对象数组，也不是 FeatureCollection")
    return Records(
        [json.dumps(x, ensure_ascii=False) for x in items], list(range(1, len(items) + 1)), "json-array"
    )


def read_geojson(data: bytes) -> Records:
    """A FeatureCollection: each feature's properties plus its geometry as GeoJSON text."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise Unreadable(f"GeoJSON 无法解析：{e}") from None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise Unreadable("GeoJSON 文件不是 FeatureCollection")
    crs = doc.get("crs_name") or (doc.get("crs") or {}).get("properties", {}).get("name")
    texts, rejects = [], []
    for n, feat in enumerate(doc.get("features") or [], start=1):
        if not isinstance(feat, dict) or not isinstance(feat.get("properties"), dict):
            rejects.append((n, "要素缺少 properties 对象", json.dumps(feat, ensure_ascii=False)[:4000]))
            texts.append(None)
            continue
        row = dict(feat["properties"])
        row["geometry"] = feat.get("geometry")
        if crs and "crs_name" not in row:
            row["crs_name"] = crs
        texts.append(json.dumps(row, ensure_ascii=False))
    return Records(
        texts, list(range(1, len(texts) + 1)), "geojson", rejects=rejects, attributes={"crs_name": crs}
    )
