"""Build the self-hosted UI font: Noto Sans CJK SC (Debian's fonts-noto-cjk, SIL OFL 1.1)
subset to GB 2312 plus ASCII and common punctuation, as WOFF2 in app/static/fonts/.

Wall PCs sit on intranets and may lack Chinese fonts; the app must not fetch one from a CDN.
Run by `make fonts` (part of make demo / make test); skipped with a message when the Debian
font is missing, in which case browsers fall back to their own CJK fonts.

    python -m app.fonts.build [--source TTC] [--out WOFF2]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
OUT = Path(__file__).resolve().parent.parent / "static" / "fonts" / "yiping-sans-sc.woff2"
SC_INDEX_NAME = "Noto Sans CJK SC"


def characters() -> str:
    """Every GB 2312 character, printable ASCII, and the punctuation and symbols the UI uses."""
    chars = {chr(c) for c in range(0x20, 0x7F)}
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    chars.update("·—–…‘’“”、。，：；！？（）《》【】「」『』％＋－×÷≤≥→←↑↓▲▼■●○◆★·°℃№")
    return "".join(sorted(chars))


def build(source: Path = SOURCE, out: Path = OUT) -> Path | None:
    if not source.exists():
        print(f"fonts: {source} not found (install Debian's fonts-noto-cjk); the UI uses the browser's fonts")
        return None
    from fontTools import subset
    from fontTools.ttLib import TTCollection

    collection = TTCollection(str(source), lazy=True)
    index = next(i for i, f in enumerate(collection.fonts) if f["name"].getDebugName(1) == SC_INDEX_NAME)
    options = subset.Options()
    options.flavor = "woff2"
    options.font_number = index
    options.layout_features = ["kern", "liga", "locl", "palt", "vert"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters())
    subsetter.subset(font)
    out.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(out), options)
    licence = out.parent / "OFL.txt"
    licence.write_text(
        "yiping-sans-sc.woff2 is a subset of Noto Sans CJK SC (c) Google / Adobe, from Debian's\n"
        "fonts-noto-cjk, licensed under the SIL Open Font License 1.1: https://openfontlicense.org\n",
        encoding="utf-8",
    )
    print(f"fonts: wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    build(args.source, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
