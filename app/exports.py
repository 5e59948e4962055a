"""Exports of the assessment (and any table): Excel through xlsxwriter, PDF through headless
Chromium printing a self-contained HTML page — Chromium embeds the CJK font (Debian's
fonts-noto-cjk), so Chinese glyphs render in any PDF viewer. Nothing is fetched from outside."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from html import escape
from pathlib import Path

import pandas as pd

from app import clock

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
# A TrueType CJK font first (Debian's fonts-wqy-microhei): Chromium embeds TrueType outlines as a
# CID font any viewer and printer reads; Noto CJK (CFF outlines) would be embedded as Type 3.
PDF_FONT = '"WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", sans-serif'


class ExportUnavailable(Exception):
    """PDF export needs Chromium (installed by make demo / make test)."""


def to_excel(
    sheets: dict[str, pd.DataFrame],
    title: str,
    subtitle: str = "",
    percent: tuple[str, ...] = (),
    decimals: tuple[str, ...] = (),
) -> bytes:
    """One worksheet per frame: a title row (and subtitle: as-of, who), frozen header, sensible
    widths, and number formats — counts with thousands separators, `percent` columns as 0.0%,
    `decimals` columns with one decimal — so the file can be handed in as it is."""
    buffer = io.BytesIO()
    # every cell from the data is a string cell: `=HYPERLINK(...)` stays those characters (no formula),
    # and `http://…` stays text (no link) — a spreadsheet export must not run what an export carried
    options = {"strings_to_formulas": False, "strings_to_urls": False}
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": options}) as writer:
        book = writer.book
        bold = book.add_format({"bold": True, "font_name": "Microsoft YaHei", "font_size": 14})
        muted = book.add_format({"font_color": "#555555"})
        formats = {
            "percent": book.add_format({"num_format": "0.0%"}),
            "decimal": book.add_format({"num_format": "0.0"}),
            "count": book.add_format({"num_format": "#,##0"}),
        }
        for name, frame in sheets.items():
            sheet_name = name[:31]
            frame.to_excel(writer, sheet_name=sheet_name, index=False, startrow=2)
            sheet = writer.sheets[sheet_name]
            sheet.write(0, 0, f"{title} · {name}", bold)
            if subtitle:
                sheet.write(1, 0, subtitle, muted)
            sheet.freeze_panes(3, 0)
            for i, column in enumerate(frame.columns):
                width = max([len(str(column))] + [len(str(v)) for v in frame[column].head(200)]) + 2
                if column in percent:
                    fmt = formats["percent"]
                elif column in decimals:
                    fmt = formats["decimal"]
                elif pd.api.types.is_integer_dtype(frame[column]):
                    fmt = formats["count"]
                else:
                    fmt = None
                sheet.set_column(i, i, min(max(width, 8), 48), fmt)
    return buffer.getvalue()


def report_frame(
    frame: pd.DataFrame, percent: tuple[str, ...] = (), decimals: tuple[str, ...] = ()
) -> pd.DataFrame:
    """A table as it is printed: percentages as 94.6%, scores with one decimal, counts with
    thousands separators, no column that is empty throughout."""
    shown = frame.drop(columns=[c for c in frame.columns if frame[c].isna().all()])
    out = {}
    for column in shown.columns:
        values = shown[column]
        if column in percent:
            out[column] = values.map(lambda v: "—" if pd.isna(v) else f"{float(v) * 100:.1f}%")
        elif column in decimals:
            out[column] = values.map(lambda v: "—" if pd.isna(v) else f"{float(v):.1f}")
        elif pd.api.types.is_integer_dtype(values):
            out[column] = values.map(lambda v: "—" if pd.isna(v) else f"{int(v):,}")
        else:
            out[column] = values
    return pd.DataFrame(out)


# a CSV cell a spreadsheet would read as a formula (or a DDE payload): `=`, `+`, `-`, `@`, and the tab
# and carriage return some spreadsheets skip before reading the sign (OWASP "CSV injection")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert_cell(value: object) -> object:
    """A text cell made inert for spreadsheets: a leading apostrophe, which Excel, LibreOffice and WPS
    read as "this is text" and do not show. Numbers stay numbers (a negative count is not a formula)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(frame: pd.DataFrame) -> bytes:
    """A CSV that opens in Excel as Chinese (UTF-8 with BOM) and never as formulas: every text cell
    that a spreadsheet would evaluate is prefixed (inert_cell), headers included."""
    inert = frame.rename(columns=lambda c: inert_cell(str(c)))
    for column in inert.columns:
        if inert[column].dtype == object or pd.api.types.is_string_dtype(inert[column]):
            inert[column] = inert[column].map(inert_cell)
    # CRLF rows (what Excel writes): a lone CR or LF inside a value is then quoted, not a new row
    return inert.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def chromium_path() -> str | None:
    explicit = os.environ.get("YIPING_CHROMIUM")
    if explicit:
        return explicit
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def report_html(
    title: str,
    subtitle: str,
    sections: dict[str, pd.DataFrame],
    notes: list[str] | None = None,
    signature: list[str] | None = None,
) -> str:
    """A printable A4-landscape report: title, subtitle (as-of, who), one table per section, notes
    (how the score is made), a signature block, and page numbers in the footer."""
    parts = [
        f"<h1>{escape(title)}</h1><p class='sub'>{escape(subtitle)} · "
        f"{clock.now().strftime('%Y-%m-%d %H:%M')}</p>"
    ]
    for name, frame in sections.items():
        head = "".join(f"<th>{escape(str(c))}</th>" for c in frame.columns)
        rows = "".join(
            "<tr>" + "".join(f"<td>{escape('' if pd.isna(v) else str(v))}</td>" for v in row) + "</tr>"
            for row in frame.itertuples(index=False)
        )
        parts.append(
            f"<h2>{escape(name)}</h2><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
        )
    if notes:
        parts.append("<div class='notes'>" + "".join(f"<p>{escape(n)}</p>" for n in notes) + "</div>")
    if signature:
        parts.append(
            "<div class='sign'>" + "".join(f"<span>{escape(s)}</span>" for s in signature) + "</div>"
        )
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
@page {{ size: A4 landscape; margin: 12mm 12mm 16mm 12mm;
  @bottom-center {{ content: counter(page) " / " counter(pages); font-family: {PDF_FONT}; font-size: 9pt; color: #555; }} }}
body {{ font-family: {PDF_FONT}; font-size: 10pt; color: #111; font-synthesis: none; }}
/* the TrueType CJK font has one weight: emphasis by size and colour, never a synthesised bold
   (Chromium would embed synthesised glyphs as Type 3) */
h1, h2, th, b, strong {{ font-weight: normal; }}
h1 {{ font-size: 18pt; margin: 0 0 2mm 0; color: #0b3a75; }} h2 {{ font-size: 13pt; margin: 6mm 0 2mm 0; color: #0b3a75; }}
.sub {{ color: #555; margin: 0 0 4mm 0; }}
table {{ border-collapse: collapse; width: 100%; }} thead {{ display: table-header-group; }}
th, td {{ border: 0.5pt solid #999; padding: 1.2mm 2mm; text-align: left; }}
td {{ font-variant-numeric: tabular-nums; }}
th {{ background: #e8eef7; }} tr {{ page-break-inside: avoid; }}
.notes {{ margin-top: 5mm; color: #333; font-size: 9pt; }} .notes p {{ margin: 0 0 1mm 0; }}
.sign {{ margin-top: 12mm; display: flex; gap: 24mm; page-break-inside: avoid; }}
.sign span {{ min-width: 55mm; border-bottom: 0.5pt solid #333; padding-bottom: 6mm; }}
</style></head><body>{"".join(parts)}</body></html>"""


def to_pdf(
    title: str,
    subtitle: str,
    sections: dict[str, pd.DataFrame],
    timeout: float = 60,
    notes: list[str] | None = None,
    signature: list[str] | None = None,
) -> bytes:
    """Print the report with headless Chromium (no network: the page is a local file)."""
    browser = chromium_path()
    if browser is None:
        raise ExportUnavailable("Chromium not found (install Debian's chromium, or set YIPING_CHROMIUM)")
    with tempfile.TemporaryDirectory(prefix="yiping-pdf-") as tmp:
        html = Path(tmp) / "report.html"
        pdf = Path(tmp) / "report.pdf"
        html.write_text(report_html(title, subtitle, sections, notes, signature), encoding="utf-8")
        result = subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                f"--user-data-dir={tmp}/profile",
                "--no-pdf-header-footer",
                f"--print-to-pdf={pdf}",
                html.as_uri(),
            ],
            capture_output=True,
            timeout=timeout,
        )
        if not pdf.exists():
            raise ExportUnavailable(
                f"Chromium did not write the PDF: {result.stderr.decode(errors='replace')[-400:]}"
            )
        return pdf.read_bytes()
