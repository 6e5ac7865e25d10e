#!/usr/bin/env python3
"""Rebuilds assets/fonts/NotoSansSC-Bangfu.otf: Noto Sans CJK SC Regular, subset to GBK.

GBK (21,886 characters) covers the names office staff type (堃 玥 喆 赟 镕 are in it;
GB2312 alone prints them blank). Needs Debian's fonts-noto-cjk and `pip install fonttools`.

    python3 assets/fonts/make-subset.py
"""
import pathlib
import subprocess
import sys
import tempfile

SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
FACE_INDEX = 2  # Noto Sans CJK SC within the collection
OUT = pathlib.Path(__file__).with_name("NotoSansSC-Bangfu.otf")


def gbk_characters():
    chars = set(chr(c) for c in range(0x20, 0x7F))
    chars.update(chr(c) for c in range(0xA0, 0x180))  # Latin-1 and Latin Extended-A
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            if trail == 0x7F:
                continue
            try:
                chars.add(bytes([lead, trail]).decode("gbk"))
            except UnicodeDecodeError:
                pass
    # Punctuation and symbols the app and reports draw.
    chars.update("¥￥•·—–…→←↑↓▲▼✓✗×÷±≤≥≠％‰€“”‘’「」『』【】〔〕《》〈〉、。，：；！？（）")
    return "".join(sorted(c for c in chars if c.isprintable()))


def main():
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        f.write(gbk_characters())
        text_file = f.name
    subprocess.run(
        [
            sys.executable, "-m", "fontTools.subset", SOURCE,
            f"--font-number={FACE_INDEX}",
            f"--text-file={text_file}",
            "--layout-features=ccmp,kern,liga,calt,mark,mkmk,vert",
            "--no-hinting",
            "--name-IDs=*",
            f"--output-file={OUT}",
        ],
        check=True,
    )
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
