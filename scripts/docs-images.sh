#!/usr/bin/env bash
# Makes the pictures in docs/images (shown in the README) by running the samples that draw them, with their default
# seeds and settings, and copying the pictures over. Needs the datasets and the font: run scripts/setup.sh once first.
# Takes a few minutes (the Fashion-MNIST sample trains for about a minute and a half).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

run() { # sample, then the pictures it draws that the README shows
  local sample="$1"; shift
  echo "== $sample"
  dotnet run -c Release --project "$root/samples/$sample" -- --out "$out/$sample" > "$out/$sample.log" ||
    { echo "samples/$sample failed (exit $?); its output:" >&2; cat "$out/$sample.log" >&2; exit 1; }
  for picture in "$@"; do cp "$out/$sample/$picture" "$root/docs/images/$picture"; done
}

run Moons moons-decision-boundary.png
run Parity parity-network.png
run Regression regression-network.png regression-rmse.png
run Mnist mnist-first-layer-weights.png
run FashionMnist fashion-mnist-loss-accuracy.png
echo "docs/images updated"
