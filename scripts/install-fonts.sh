#!/usr/bin/env bash
# Installs a TrueType font for the plots (NetGen.Plotting): SkiaSharp's self-contained Linux build reads fonts only
# from /usr/share/fonts, and without one every chart renders with no text. Idempotent.
set -euo pipefail

if find /usr/share/fonts -name '*.ttf' -print -quit 2>/dev/null | grep -q .; then
  echo "Fonts: a TrueType font is already under /usr/share/fonts"
  exit 0
fi
source "$(dirname "$0")/apt-install.sh"
apt_install fonts-dejavu-core "a TrueType font for the plots"
echo "Fonts: installed under /usr/share/fonts/truetype/dejavu"
