#!/usr/bin/env bash
# Installs a TrueType font for the plots (NetGen.Plotting): SkiaSharp's self-contained Linux build reads fonts only
# from /usr/share/fonts, and without one every chart renders with no text. Idempotent.
set -euo pipefail

if find /usr/share/fonts -name '*.ttf' -print -quit 2>/dev/null | grep -q .; then
  echo "Fonts: a TrueType font is already under /usr/share/fonts"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: no TrueType font under /usr/share/fonts, and apt-get is not available to install fonts-dejavu-core." >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "error: installing fonts-dejavu-core needs root (or sudo)." >&2
    exit 1
  fi
fi
echo "Fonts: installing the Debian package fonts-dejavu-core"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq fonts-dejavu-core >/dev/null
echo "Fonts: installed under /usr/share/fonts/truetype/dejavu"
