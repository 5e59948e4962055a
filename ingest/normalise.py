"""Normalise a decoded export into the raw table's shape: find the header under any title block,
map the headers through the source's spec (aliases, unknown columns into `_extra`), drop footers and
blank rows, and reject rows without a key (with the field and the original row). Nothing is typed or
changed otherwise: the raw layer keeps every value as text."""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field

import polars as pl

from .readers import Records, Sheet
from .rules.identifiers import mask_personal_text
from .specs import SourceSpec

FOOTER_RE = re.compile(
    r"^\s*(合计|总计|小计|共\s*\d+\s*条|制表|填表|审核|导出时间|打印时间|统计时间|备注[:：]|数据来源)"
)


class Quarantine(Exception):
    """The file as a whole cannot be loaded (not what its name says, no key column, no rows)."""


@dataclass
class Parsed:
    frame: pl.DataFrame  # spec columns + _extra + _row_number, ready to insert
    rejects: list[tuple[int, str, str, str]]  # (row_number, field, reason, original)
    rows_in: int
    header_row: int | None
    layout: dict = field(default_factory=dict)


def find_header(spec: SourceSpec, rows: list) -> int | None:
    """Index of the row that names the most of the source's fields (the header under any title)."""
    best, best_i = 0, None
    for i, row in enumerate(rows[:40]):
        fields = {spec.match_header(c) for c in row if c not in (None, "")} - {None}
        if len(fields) > best:
            best, best_i = len(fields), i
    return best_i if best >= min(2, len(spec.fields)) else None


def _describe_header(rows: list) -> str:
    """The first header-like row, for a quarantine reason. A reason is stored, printed and shown to
    every steward: it never quotes a data row (a row with a long number in it: an ID, a phone, a
    date), and what it quotes is masked."""
    for row in rows[:40]:
        cells = [str(c).strip() for c in row if c not in (None, "")]
        if len(cells) >= 2:
            if any(re.search(r"[0-9]{5}", c) for c in cells):
                return "（第一行像是数据而不是表头：文件可能没有表头行）"
            return "、".join(mask_personal_text(c) for c in cells[:8])
    return "（没有找到像表头的行）"


def _missing_help(spec: SourceSpec, missing: list, headers: list[str]) -> str:
    """For each required field the file lacks, the file's header most like it (rapidfuzz), and what the
    steward edits so the next load recognises it — the reason a quarantined file carries."""
    from rapidfuzz import fuzz, process

    unmatched = [
        h for h in dict.fromkeys(str(h).strip() for h in headers if h) if spec.match_header(h) is None
    ]
    hints = []
    for f in missing:
        best = process.extractOne(f.header, unmatched, scorer=fuzz.ratio) if unmatched else None
        for alias in f.aliases:
            found = process.extractOne(alias, unmatched, scorer=fuzz.ratio) if unmatched else None
            if found and (best is None or found[1] > best[1]):
                best = found
        if best and best[1] >= 50:
            hints.append(
                f"「{f.header}」最像文件中的「{mask_personal_text(best[0])}」（相似度 {best[1]:.0f}%）"
            )
    known = "、".join(f.header for f in spec.required)
    strangers = "、".join(mask_personal_text(h) for h in unmatched[:12]) + (
        "…" if len(unmatched) > 12 else ""
    )
    return (
        ("；" + "；".join(hints) if hints else "")
        + (f"。文件中未识别的表头：{strangers}" if unmatched else "")
        + f"。「{spec.title}」的必填字段：{known}。若文件用了别的名称，在 ingest/sources/{spec.name}.toml "
        "里给该字段加一个别名（aliases），再运行 make build（见 docs/onboarding.md）"
    )


def parse_sheet(spec: SourceSpec, grid: Sheet) -> Parsed:
    frame = grid.frame
    head_rows = frame.head(40).rows()
    header_idx = (
        grid.header_record_hint - grid.first_record
        if grid.header_record_hint
        else find_header(spec, head_rows)
    )
    if header_idx is None:
        raise Quarantine(
            f"表头与「{spec.title}」的字段都不匹配：文件中的表头像是「{_describe_header(head_rows)}」"
        )
    header = [None if c is None else str(c) for c in frame.row(header_idx)]
    mapped: dict[int, object] = {}
    extras: dict[int, str] = {}
    seen = set()
    for i, cell in enumerate(header):
        f = spec.match_header(cell)
        if f is not None and f.column not in seen:
            mapped[i] = f
            seen.add(f.column)
        elif cell not in (None, ""):
            extras[i] = cell.strip() + ("#2" if f is not None else "")
    missing = [f for f in spec.required if f.column not in seen]
    if missing:
        raise Quarantine(
            f"缺少「{spec.title}」的必填列：{'、'.join(f.header for f in missing)}"
            f"（表头在第 {grid.first_record + header_idx} 行）" + _missing_help(spec, missing, header)
        )

    cols = frame.columns
    body = frame.slice(header_idx + 1).with_row_index("_rn", offset=grid.first_record + header_idx + 1)
    blank = pl.all_horizontal([pl.col(c).is_null() | (pl.col(c).str.strip_chars() == "") for c in cols])
    # Data in columns with no header must not vanish: keep it under a made-up name.
    for i, c in enumerate(cols):
        if i not in mapped and i not in extras and body.select(pl.col(c).is_not_null().any()).item():
            extras[i] = f"无表头列{i + 1}"
    body = body.filter(~blank)
    n_blank = frame.height - header_idx - 1 - body.height

    key_cols = [f"c{i}" for i, f in mapped.items() if f.key]
    footer_rows: list[tuple[int, str]] = []
    tail = body.tail(10).rows(named=True)
    for row in reversed(tail):
        first_cell = next((row[c] for c in cols if row[c] not in (None, "")), "")
        keyless = all(row[k] in (None, "") for k in key_cols) or not key_cols
        if FOOTER_RE.match(str(first_cell)) and (keyless or len([c for c in cols if row[c]]) <= 3):
            footer_rows.append((row["_rn"], " ".join(str(row[c]) for c in cols if row[c])))
        else:
            break
    if footer_rows:
        body = body.head(body.height - len(footer_rows))

    rejects: list[tuple[int, str, str, str]] = [(rn, "", reason, orig) for rn, reason, orig in grid.rejects]
    if key_cols:
        bad = pl.any_horizontal([pl.col(k).is_null() | (pl.col(k).str.strip_chars() == "") for k in key_cols])
        bad_rows = body.filter(bad)
        key_names = "、".join(f.header for f in mapped.values() if f.key)
        for row in bad_rows.rows(named=True):
            original = json.dumps(
                {(header[int(c[1:])] or c): row[c] for c in cols if row[c] is not None}, ensure_ascii=False
            )
            rejects.append((row["_rn"], key_names, f"主键「{key_names}」为空，无法识别这条记录", original))
        body = body.filter(~bad)

    select = []
    by_column = {f.column: i for i, f in mapped.items()}
    for column in spec.columns:
        select.append(
            pl.col(f"c{by_column[column]}").alias(column)
            if column in by_column
            else pl.lit(None, dtype=pl.String).alias(column)
        )
    if extras:
        extra_expr = pl.struct(
            [pl.col(f"c{i}").alias(name) for i, name in extras.items()]
        ).struct.json_encode()
        select.append(extra_expr.alias("_extra"))
    else:
        select.append(pl.lit(None, dtype=pl.String).alias("_extra"))
    select.append(pl.col("_rn").cast(pl.Int32).alias("_row_number"))
    out = body.select(select)
    layout = {
        "title_lines": [" ".join(str(c) for c in r if c) for r in head_rows[:header_idx] if any(r)],
        "footer_lines": [text for _, text in reversed(footer_rows)],
        "blank_rows": n_blank,
        "extra_columns": list(extras.values()),
    }
    return Parsed(out, rejects, out.height + len(rejects), grid.first_record + header_idx, layout)


def _json_text_frame(blob: bytes) -> tuple[list[str], pl.DataFrame | None]:
    """Every key of every record, in order of first appearance, and the records with every value
    as text (nested values as their JSON). The keys come from polars' schema scan, without building
    a typed frame (a third of a full read). No records: no keys and no frame."""
    if not blob:
        return [], None
    keys = pl.scan_ndjson(io.BytesIO(blob), infer_schema_length=None).collect_schema().names()
    return keys, pl.read_ndjson(io.BytesIO(blob), schema={k: pl.String for k in keys})


def parse_records(spec: SourceSpec, recs: Records) -> Parsed:
    """JSON-shaped records through polars: every key of every record is kept (spec keys as
    columns, the rest in _extra), nested values become JSON text, and lines that are not
    JSON objects (a transfer cut off mid-line) become rejects with their original text."""
    rejects: list[tuple[int, str, str, str]] = [(rn, "", reason, orig) for rn, reason, orig in recs.rejects]
    pairs = [(rn, t) for rn, t in zip(recs.record_numbers, recs.texts, strict=True) if t is not None]
    blob = "\n".join(t for _, t in pairs).encode("utf-8")
    try:
        if pairs and any(not t.startswith("{") for _, t in pairs):
            raise ValueError("non-object line")
        keys, frame = _json_text_frame(blob)
    except Exception:  # noqa: BLE001 - slow path: find the bad lines one by one
        good = []
        for rn, t in pairs:
            try:
                ok = isinstance(json.loads(t), dict)
            except json.JSONDecodeError:
                ok = False
            if ok:
                good.append((rn, t))
            else:
                reason = (
                    "JSON 无法解析（这一行不完整，多半是传输中断被截断）"
                    if not t.rstrip().endswith("}")
                    else "JSON 无法解析或不是对象"
                )
                rejects.append((rn, "", reason, t[:10000]))
        pairs = good
        blob = "\n".join(t for _, t in pairs).encode("utf-8")
        keys, frame = _json_text_frame(blob)
    if not pairs and not rejects:
        raise Quarantine("文件中没有任何记录")
    mapped: dict[str, str] = {}
    extras: list[str] = []
    for k in keys:
        f = spec.match_header(k)
        if f is not None and f.column not in mapped:
            mapped[f.column] = k
        else:
            extras.append(k)
    missing = [f for f in spec.required if f.column not in mapped]
    if pairs and missing:
        raise Quarantine(
            f"缺少「{spec.title}」的必填字段：{'、'.join(f.header for f in missing)}；文件中的字段为："
            f"{'、'.join(mask_personal_text(k) for k in keys[:12])}" + _missing_help(spec, missing, keys)
        )
    if frame is None:
        frame = pl.DataFrame(schema={k: pl.String for k in keys})
    frame = frame.with_columns(pl.Series("_row_number", [rn for rn, _ in pairs], dtype=pl.Int32))
    select = [
        pl.col(mapped[c]).alias(c) if c in mapped else pl.lit(None, dtype=pl.String).alias(c)
        for c in spec.columns
    ]
    select.append(
        pl.struct([pl.col(k) for k in extras]).struct.json_encode().alias("_extra")
        if extras
        else pl.lit(None, dtype=pl.String).alias("_extra")
    )
    select.append(pl.col("_row_number"))
    out = frame.select(select)
    key_cols = [f.column for f in spec.key_fields]
    if key_cols:
        bad = pl.any_horizontal([pl.col(k).is_null() | (pl.col(k).str.strip_chars() == "") for k in key_cols])
        key_names = "、".join(f.header for f in spec.key_fields)
        text_by_rn = None
        for row in out.filter(bad).iter_rows(named=True):
            if text_by_rn is None:
                text_by_rn = dict(pairs)
            rejects.append(
                (
                    row["_row_number"],
                    key_names,
                    f"主键「{key_names}」为空，无法识别这条记录",
                    text_by_rn[row["_row_number"]][:10000],
                )
            )
        out = out.filter(~bad)
    layout = {"extra_columns": extras, **({"attributes": recs.attributes} if recs.attributes else {})}
    return Parsed(out, rejects, out.height + len(rejects), None, layout)
