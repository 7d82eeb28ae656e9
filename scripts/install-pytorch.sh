#!/usr/bin/env bash
# Installs PyTorch and the onnx Python package from Debian (python3-torch, python3-onnx) for Debian's own Python,
# /usr/bin/python3, which scripts/make-pytorch-fixture.py runs on (a pyenv or venv python3 earlier on PATH does not
# see Debian's packages). Only needed to regenerate the PyTorch fixture of the ONNX import tests: the tests read the
# committed fixture files, so neither CI nor `dotnet test` needs this. Idempotent.
set -euo pipefail

source "$(dirname "$0")/apt-install.sh"
python=/usr/bin/python3
[ -x "$python" ] || apt_install python3 "scripts/make-pytorch-fixture.py (Debian's Python)"
"$python" -c "import torch" 2>/dev/null || apt_install python3-torch "scripts/make-pytorch-fixture.py (PyTorch)"
"$python" -c "import onnx" 2>/dev/null || apt_install python3-onnx "scripts/make-pytorch-fixture.py (torch.onnx.export)"
"$python" -c "import torch, onnx; print(f'PyTorch {torch.__version__}, onnx {onnx.__version__}')"
