#!/usr/bin/env bash
# Installs what NativeAOT needs to link a native binary on Linux beyond the .NET SDK: a `clang` on the PATH (the
# ILCompiler package drives it as the linker) and zlib's development files (the runtime links -lz). The ILCompiler
# itself comes from NuGet at publish time (the SDK picks its version). Idempotent: installs only what is missing.
set -euo pipefail
source "$(dirname "$0")/apt-install.sh"

if command -v clang >/dev/null 2>&1; then
  echo "AOT prerequisites: clang is $(command -v clang)"
else
  apt_install clang "NativeAOT publishing (the native linker driver)"
fi

# zlib1g-dev provides libz.so (the link-time name) and zlib.h.
if [ -e /usr/include/zlib.h ]; then
  echo "AOT prerequisites: zlib development files are installed"
else
  apt_install zlib1g-dev "NativeAOT publishing (the runtime links zlib)"
fi
