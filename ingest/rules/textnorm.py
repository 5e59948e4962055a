"""Text normalisation shared by header matching and the demo generator."""

from __future__ import annotations

import re

_FULLWIDTH = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20  # ideographic space
_SPACES = re.compile(r"\s+")


def to_halfwidth(text: str) -> str:
    """Full-width ASCII (１３９, （）, ＡＢ) to half-width."""
    return text.translate(_FULLWIDTH)


def to_fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def header_key(cell: str | None) -> str:
    """Canonical form of a header cell: half-width, no whitespace, lower case.

    `联系电话（手机）`, ` 联系电话(手机) ` and `联系电话\n(手机)` all map to the same key.
    """
    if cell is None:
        return ""
    return _SPACES.sub("", to_halfwidth(str(cell))).lower()
