"""What the loader tells the person at the terminal: one line per file (rows in = loaded + rejected,
speed, gate time and warnings) and the totals per format. Text for people, in Chinese."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .loader import FileResult

STATUS_ZH = {
    "loaded": "已加载",
    "duplicate": "重复",
    "quarantined": "已隔离",
    "ignored": "未加载",
    "skipped": "跳过",
    "error": "错误",
}


def summary_line(k: int, n: int, r: FileResult) -> str:
    head = f"[{k:>{len(str(n))}}/{n}] {STATUS_ZH[r.status]:<3} {r.path}"
    if r.status == "loaded":
        rate = f", {r.rows_in / r.seconds:,.0f} 行/秒" if r.seconds > 0 else ""
        enc = f"{r.encoding}, " if r.encoding else ""
        line = (
            f"{head}\n        输入 {r.rows_in:,} = 加载 {r.rows_loaded:,} + 拒收 {r.rows_rejected:,}"
            f"  ({enc}{r.reader}, {r.seconds:.2f} 秒{rate}"
            + (f"，其中质量闸门 {r.gate_seconds:.2f} 秒" if r.gate_seconds else "")
            + ")"
        )
        return line + (f"\n        {r.gate_note}" if r.gate_note else "")
    return f"{head}\n        {r.reason}"


def print_totals(results: list[FileResult], seconds: float, out) -> None:
    counts = {s: sum(r.status == s for r in results) for s in STATUS_ZH}
    print(
        f"\n共 {len(results)} 个文件："
        + "，".join(f"{STATUS_ZH[s]} {c}" for s, c in counts.items() if c)
        + f"；用时 {seconds:.1f} 秒",
        file=out,
    )
    by_fmt: dict[str, list[FileResult]] = {}
    for r in results:
        if r.status == "loaded":
            by_fmt.setdefault(r.fmt, []).append(r)
    for fmt, rs in sorted(by_fmt.items()):
        rows, secs = sum(r.rows_in for r in rs), sum(r.seconds for r in rs)
        mb = sum(r.size_bytes for r in rs) / 1e6
        print(
            f"  {fmt:<8} {len(rs):>3} 个文件 {rows:>10,} 行 {mb:8.1f} MB  {rows / secs if secs else 0:>10,.0f} 行/秒",
            file=out,
        )
