#!/usr/bin/env bash
# Installs PyTorch from Debian (python3-torch) with the single-threaded OpenBLAS, then runs the PyTorch side of the
# benchmarks (scripts/bench-pytorch.py). Usage: bash scripts/bench-pytorch.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=apt-install.sh
source "$here/apt-install.sh"
# Debian's python3-torch lives in the system interpreter, not in a pyenv or venv one.
python=/usr/bin/python3
"$python" -c "import torch" 2>/dev/null || apt_install python3-torch "the PyTorch side of the benchmarks"
ldconfig -p | grep libopenblas >/dev/null || apt_install libopenblas0-serial "single-threaded OpenBLAS for PyTorch"
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 exec "$python" "$here/bench-pytorch.py"
