"""What an inbox may hold before a byte of it is parsed: names shown safely, hidden files reported,
and size limits that keep one hostile file (a zip bomb, a runaway JSON dump) from taking the
machine's memory. Every limit is configurable through the environment and named in the
quarantine reason, so a steward knows which knob to turn for a genuinely large export.
"""

from __future__ import annotations

import os
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    # Loading a file takes about 8x its size in memory at its peak (measured: a 143 MB population CSV
    # 1.29 GB, a 95 MB JSON Lines export 0.90 GB, each with the ~160 MB of the loader's libraries), so
    # 200 MB keeps any single file under 2 GB (the loader reads one file ahead: two files at once,
    # ingest/loader.py; YIPING_LOAD_READ_AHEAD=0 turns that off). A district with larger exports raises the limit and
    # gives the loader the memory (docs/robustness.md).
    file_mb: int = 200  # any export, read whole into memory before parsing
    json_mb: int = 200  # JSON / JSON Lines / GeoJSON
    unzipped_mb: int = 300  # xlsx: everything inside the workbook, uncompressed
    zip_ratio: int = 100  # xlsx: uncompressed / compressed; real workbooks are 5-20x

    @classmethod
    def from_env(cls) -> Limits:
        def get(name: str, default: int) -> int:
            try:
                return max(1, int(os.environ.get(name, default)))
            except ValueError:
                return default

        d = cls()
        return cls(
            file_mb=get("YIPING_MAX_FILE_MB", d.file_mb),
            json_mb=get("YIPING_MAX_JSON_MB", d.json_mb),
            unzipped_mb=get("YIPING_MAX_UNZIPPED_MB", d.unzipped_mb),
            zip_ratio=get("YIPING_MAX_ZIP_RATIO", d.zip_ratio),
        )


def size_problem(path: Path, size: int, limits: Limits) -> str | None:
    """Why a file is too large to read at all (before its format is known), or None."""
    if size > limits.file_mb * MB:
        return (
            f"文件过大：{size / MB:,.0f} MB，超过单个文件上限 {limits.file_mb:,} MB"
            f"（环境变量 YIPING_MAX_FILE_MB；请按月或按街道拆分导出）"
        )
    if path.suffix.lower() in (".json", ".jsonl", ".geojson", ".ndjson") and size > limits.json_mb * MB:
        return (
            f"JSON 文件过大：{size / MB:,.0f} MB，超过上限 {limits.json_mb:,} MB"
            f"（环境变量 YIPING_MAX_JSON_MB；请拆分导出）"
        )
    return None


def zip_problem(path: Path, limits: Limits) -> str | None:
    """Why a workbook (a zip) must not be opened: too much inside it, or compressed far beyond what
    real workbooks are (a decompression bomb). Reads only the zip's directory."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            unzipped = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos)
            biggest = max(infos, key=lambda i: i.file_size, default=None)
            if (
                biggest is not None
                and biggest.file_size > 10 * MB
                and unzipped > limits.zip_ratio * max(packed, 1)
            ):
                return (
                    f"Excel 工作簿压缩比异常：{packed / 1024:,.0f} KB 解压为 {unzipped / MB:,.0f} MB"
                    f"（{unzipped / max(packed, 1):,.0f} 倍，上限 {limits.zip_ratio} 倍，"
                    f"最大的部件 {biggest.filename}），疑似压缩炸弹，未打开（环境变量 YIPING_MAX_ZIP_RATIO）"
                )
            if unzipped > limits.unzipped_mb * MB:
                return (
                    f"Excel 工作簿解压后 {unzipped / MB:,.1f} MB，超过上限 {limits.unzipped_mb:,} MB"
                    f"（环境变量 YIPING_MAX_UNZIPPED_MB；请拆分导出）"
                )
            # the directory's sizes are what the file claims: count what really comes out, 1 MB at a time
            budget = limits.unzipped_mb * MB
            for info in infos:
                with zf.open(info) as member:
                    while chunk := member.read(MB):
                        budget -= len(chunk)
                        if budget < 0:
                            return (
                                f"Excel 工作簿的部件 {info.filename} 解压后超过上限 {limits.unzipped_mb:,} MB"
                                f"（与目录中声明的大小不符），疑似压缩炸弹，未打开（环境变量 YIPING_MAX_UNZIPPED_MB）"
                            )
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error, NotImplementedError):
        return None  # not a readable zip, or damaged: the reader says why
    return None


def display_name(name: str) -> str:
    """A file or path name as text that is safe to store, print and show: bytes that are not UTF-8
    (a GBK name on a Linux disk) and control or invisible format characters are written as escapes
    (\\xb9, \\x1b, \\u202e), everything else as it is. The same name always gives the same text."""
    raw = os.fsencode(name)
    text = raw.decode("utf-8", errors="backslashreplace")
    out = []
    for ch in text:
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def is_hidden(relative: Path) -> bool:
    """A dot-file or a file inside a dot-folder: not loaded, but reported."""
    return any(part.startswith(".") for part in relative.parts)


def loader_memory_limit() -> str:
    """DuckDB's memory for the loader and its gate (YIPING_LOADER_MEMORY, default 512MB): beyond it
    the typed batch spills to disk instead of growing with the file."""
    return os.environ.get("YIPING_LOADER_MEMORY", "512MB")
