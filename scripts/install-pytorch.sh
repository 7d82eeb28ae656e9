#!/usr/bin/env bash
# Installs PyTorch and the onnx Python package from Debian (python3-torch, python3-onnx), which
# scripts/make-pytorch-fixture.py needs to regenerate the PyTorch fixture of the ONNX import tests. The tests
# themselves only read the committed fixture files, so neither CI nor `dotnet test` needs this. Idempotent.
set -euo pipefail

source "$(dirname "$0")/apt-install.sh"
python3 -c "import torch" 2>/dev/null || apt_install python3-torch "scripts/make-pytorch-fixture.py (PyTorch)"
python3 -c "import onnx" 2>/dev/null || apt_install python3-onnx "scripts/make-pytorch-fixture.py (torch.onnx.export)"
python3 -c "import torch, onnx; print(f'PyTorch {torch.__version__}, onnx {onnx.__version__}')"
