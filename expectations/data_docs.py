"""Great Expectations Data Docs, built into the quality folder and made to work offline.

GX's page templates load Bootstrap, jQuery, Font Awesome and friends from public CDNs and
put a tracking image on the index page. Wall PCs and steward laptops sit on intranets, so
after each build the pages are rewritten to use copies shipped in `data_docs_vendor/`
(MIT/OFL licensed, see its README) and the tracking image is removed: the site makes no
request outside its own folder.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

VENDOR = Path(__file__).resolve().parent / "data_docs_vendor"

# CDN address prefix → file in data_docs_vendor/
_ASSETS = {
    "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css": "bootstrap.min.css",
    "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js": "bootstrap.min.js",
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js": "popper.min.js",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css": "bootstrap-table.min.css",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js": "bootstrap-table.min.js",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/extensions/filter-control/bootstrap-table-filter-control.min.js": "bootstrap-table-filter-control.min.js",
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.css": "bootstrap-table-filter-control.min.css",
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.min.css": "bootstrap-table-filter-control.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/bootstrap-datepicker.min.css": "bootstrap-datepicker.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/bootstrap-datepicker.min.js": "bootstrap-datepicker.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css": "fontawesome/css/all.min.css",
    "https://cdn.jsdelivr.net/npm/@forevolve/bootstrap-dark@1.1.0/dist/css/bootstrap-prefers-dark.css": "bootstrap-prefers-dark.min.css",
}
# Vega is only used by profiling pages, which Yiping does not build: drop the script tags.
_DROP_SCRIPT = re.compile(r'<script[^>]*src="https://cdn\.jsdelivr\.net/npm/vega[^"]*"[^>]*>\s*</script>\s*')
_TRACKER = re.compile(r'<img[^>]*src="https://great-expectations-web-assets[^"]*"[^>]*/?>')
_OUTSIDE = re.compile(r'(?:src|href)="(https?://[^"]+)"')


def build(quality, identifiers: list | None = None) -> Path:
    """Render Data Docs for `identifiers` (all results when None), then make them offline.
    `quality` is a runner.QualityContext. Returns the site's index.html."""
    if identifiers is None:
        quality.gx.build_data_docs()
    else:
        quality.gx.build_data_docs(resource_identifiers=identifiers)
    quality.stored.clear()
    site = quality.site_dir
    make_offline(site)
    return site / "index.html"


def make_offline(site: Path) -> None:
    vendor = site / "static" / "vendor"
    if not (vendor / "jquery.min.js").exists():
        shutil.copytree(VENDOR, vendor, dirs_exist_ok=True)
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        fixed = rewrite(html, _relative_root(site, page))
        if fixed != html:
            page.write_text(fixed, encoding="utf-8")


def rewrite(html: str, root: str) -> str:
    for url, local in _ASSETS.items():
        html = html.replace(url, f"{root}static/vendor/{local}")
    html = _DROP_SCRIPT.sub("", html)
    return _TRACKER.sub("", html)


def outside_requests(html: str) -> list[str]:
    """Addresses a page would fetch from outside (links a person may click are not fetched)."""
    fetched = []
    for m in re.finditer(r"<(script|link|img|iframe)\b[^>]*>", html):
        for url in _OUTSIDE.findall(m.group(0)):
            tag = m.group(0)
            if m.group(1) == "link" and 'rel="stylesheet"' not in tag and "stylesheet" not in tag:
                continue
            fetched.append(url)
    return fetched


def _relative_root(site: Path, page: Path) -> str:
    depth = len(page.relative_to(site).parts) - 1
    return "../" * depth
