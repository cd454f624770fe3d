#!/bin/sh
# Regenerates ui/assets/fonts/naskh.woff2, the Urdu pages' font: Noto Naskh
# Arabic (SIL Open Font License 1.1) from Debian's fonts-noto-core, subset to
# what the pages can show: the Arabic block (every Urdu letter, so a name
# typed in Urdu renders), the joiners and marks Urdu needs, ASCII digits and
# punctuation, and every character of the Urdu catalogue. Needs Debian's
# fonts-noto-core and fonttools (pyftsubset) with python3-brotli for WOFF2:
#   apt-get install fonts-noto-core fonttools python3-brotli
# Run from the repository's root: sh ui/font/subset.sh
set -eu
src=${NSOR_FONT_TTF:-/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf}
out=ui/assets/fonts/naskh.woff2
[ -f "$src" ] || { echo "subset.sh: $src is missing: apt-get install fonts-noto-core (or set NSOR_FONT_TTF)" >&2; exit 1; }
text=$(mktemp)
trap 'rm -f "$text"' EXIT
cat ui/messages/ur/*.json > "$text"
pyftsubset "$src" --output-file="$out" --flavor=woff2 --text-file="$text" \
  --unicodes='U+0020-0040,U+005B-0060,U+007B-007E,U+00A0,U+00AB,U+00BB,U+0600-06FF,U+200C-200F,U+2010-2011,U+2013-2014,U+2018-201D,U+2026,U+25CC,U+FD3E-FD3F' \
  --layout-features='*' --no-hinting --desubroutinize --name-IDs='*' --name-languages='*'
ls -l "$out"
