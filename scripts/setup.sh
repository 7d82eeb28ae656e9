#!/usr/bin/env bash
# Everything the tests need beyond the .NET SDK, idempotent: the real datasets and a font for the plots.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/fetch-data.sh
bash scripts/install-fonts.sh
