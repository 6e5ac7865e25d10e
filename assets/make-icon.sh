#!/usr/bin/env bash
# Rebuilds the app icon: assets/icon.png (256 px source) and assets/icon.ico (16, 32, 48, 256 px).
# A white 帮 on a red rounded square with a thin gold ledger rule under it.
# Needs ImageMagick 6 (`convert`) and Debian's fonts-noto-cjk (Noto Sans CJK SC Bold).
#
#     bash assets/make-icon.sh
set -euo pipefail
cd "$(dirname "$0")"
FONT=${FONT:-Noto-Sans-CJK-SC-Bold}
RED='#c8102e'
GOLD='#f2c14e'

# 256 px master: rounded square, the character, a gold rule (a ledger line).
convert -size 256x256 xc:none \
    -fill "$RED" -draw 'roundrectangle 8,8 247,247 40,40' \
    -fill "$GOLD" -draw 'rectangle 48,212 207,222' \
    -font "$FONT" -pointsize 176 -fill white -gravity center \
    -annotate +0-14 '帮' \
    -strip PNG32:icon.png

# Small sizes: resampled from the master, sharpened a little so 16 px stays legible.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for s in 16 32 48; do
    convert icon.png -filter Lanczos -resize "${s}x${s}" -unsharp 0x0.6 -strip "$tmp/icon-$s.png"
done
convert "$tmp/icon-16.png" "$tmp/icon-32.png" "$tmp/icon-48.png" icon.png icon.ico
