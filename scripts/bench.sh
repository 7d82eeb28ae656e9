#!/usr/bin/env bash
# Builds tests/NetGen.Benchmarks with the TorchSharp peer (-p:TorchSharp=true) and runs it; the arguments go to
# BenchmarkDotNet. The comparison in docs/benchmarks.md:
#   bash scripts/bench.sh --filter '*InferenceBenchmarks*' '*EpochBenchmarks*' '*TorchSharpBenchmarks*' --job short --inProcess --join
# (docs/benchmarks.md lists the whole set of classes.)
#
# TorchSharp 0.107's native wrapper (libLibTorchSharp.so) was built with GCC 13 and asks libstdc++ for one GCC 13
# function, std::ios_base_library_init (it makes sure std::cout and friends are constructed). Debian 12's libstdc++ is
# GCC 12's, so the library does not load there. Where that is so, this script patches the copy in the build output:
# the GLIBCXX_3.4.32 requirement made weak (weaken-elf-version.py), that symbol's version cleared, and a two-line
# shim library that defines the function added as a dependency. libtorch itself needs nothing newer than GCC 12's.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
project="$here/../tests/NetGen.Benchmarks"
# shellcheck source=apt-install.sh
source "$here/apt-install.sh"

dotnet build "$project" -c Release -p:TorchSharp=true -nologo -v quiet
out="$project/bin/Release/net10.0"
native="$out/runtimes/linux-x64/native"
# awk reads to the end (no early exit): ldconfig killed by SIGPIPE would fail the pipeline under pipefail.
libstdcxx="$(ldconfig -p | awk '/libstdc\+\+\.so\.6 .*x86-64/ && !found { print $NF; found = 1 }')"
if [ "$(uname -s)" = Linux ] && ! grep -aq GLIBCXX_3.4.32 "$libstdcxx" && ! readelf -d "$native/libLibTorchSharp.so" | grep libgcc13shim >/dev/null; then
  command -v python3 >/dev/null || apt_install python3 "patching TorchSharp's native library for GCC 12's libstdc++"
  command -v g++ >/dev/null || apt_install g++ "building the GCC 13 shim for TorchSharp's native library"
  command -v patchelf >/dev/null || apt_install patchelf "patching TorchSharp's native library for GCC 12's libstdc++"
  printf '#include <ios>\nnamespace std { void ios_base_library_init() { static ios_base::Init init; } }\n' |
    g++ -x c++ -O2 -shared -fPIC -o "$native/libgcc13shim.so" -
  python3 "$here/weaken-elf-version.py" "$native/libLibTorchSharp.so" GLIBCXX_3.4.32
  patchelf --clear-symbol-version _ZSt21ios_base_library_initv --add-needed libgcc13shim.so "$native/libLibTorchSharp.so"
fi
cd "$project"
exec dotnet "$out/NetGen.Benchmarks.dll" "$@"
