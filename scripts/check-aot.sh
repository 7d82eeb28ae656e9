#!/usr/bin/env bash
# Publishes the shipping sample (samples/ShipIt: a moons classifier with its trained weights compiled in) with
# NativeAOT for linux-x64, runs the native binary and checks that its predictions equal the JIT build's, to the last
# bit (Trained.Predict point by point, and Trained.PredictBatch of all points at once), and that it allocates nothing
# per prediction. Any trim or AOT warning fails the check. Installs the native toolchain first
# (scripts/install-aot-prereqs.sh). Prints the binary's size and start-up time.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-aot-prereqs.sh

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
points=(0 0  1 0  -1 0.5  0.5 -0.3  1.8 0.1  0.2 0.9  2 0.5  -0.5 1  0.95 0.3  1.5 -0.4  0.1 0.25  -1.2 -0.7)

echo "== JIT build"
dotnet build samples/ShipIt -c Release --nologo -v:q -o "$work/jit"
# The model's middle layer (512 weights) runs on SIMD kernels whose summation order follows the vector width, and
# which fuse multiply-adds where the CPU has FMA. A NativeAOT binary for generic linux-x64 targets x86-64-v2: 128-bit
# vectors, no AVX, no FMA. The JIT would use the widest this CPU has, so run the JIT build on the same instruction
# set (AVX off turns off AVX2, FMA and AVX-512 with it, and leaves Vector<T> at 128 bits): then the two builds do the
# same arithmetic and must agree to the last bit.
export DOTNET_EnableAVX=0
dotnet "$work/jit/ShipIt.dll" "${points[@]}" > "$work/jit.txt"
dotnet "$work/jit/ShipIt.dll" --batch "${points[@]}" > "$work/jit-batch.txt"

echo "== NativeAOT publish (linux-x64)"
dotnet publish samples/ShipIt -c Release -r linux-x64 -p:PublishAot=true --nologo -o "$work/aot" 2>&1 | tee "$work/publish.log"
if grep -E "warning (IL|AOT)[0-9]+" "$work/publish.log"; then
  echo "error: the NativeAOT publish reported trim/AOT warnings (above)" >&2
  exit 1
fi
binary="$work/aot/ShipIt"
"$binary" "${points[@]}" > "$work/aot.txt"

echo "== Predictions (JIT and NativeAOT)"
cat "$work/aot.txt"
if ! diff "$work/jit.txt" "$work/aot.txt"; then
  echo "error: the NativeAOT binary's predictions differ from the JIT build's (diff above)" >&2
  exit 1
fi
echo "NativeAOT predictions equal the JIT build's for all $(( ${#points[@]} / 2 )) points, bit for bit"

# Trained.PredictBatch: all points in one call, on the batched path (its own summation order, so compared with the
# JIT build's PredictBatch, not with Predict).
"$binary" --batch "${points[@]}" > "$work/aot-batch.txt"
if ! diff "$work/jit-batch.txt" "$work/aot-batch.txt"; then
  echo "error: the NativeAOT binary's PredictBatch differs from the JIT build's (diff above)" >&2
  exit 1
fi
echo "NativeAOT PredictBatch equals the JIT build's for all $(( ${#points[@]} / 2 )) points, bit for bit"

"$binary" --allocations
dotnet "$work/jit/ShipIt.dll" --allocations

size=$(stat -c %s "$binary")
runs=20
start=$(date +%s%N)
for _ in $(seq $runs); do "$binary" 0.5 -0.3 > /dev/null; done
end=$(date +%s%N)
echo "NativeAOT binary: $size bytes; start-up and one prediction: $(( (end - start) / runs / 1000000 )) ms on average over $runs runs"
start=$(date +%s%N)
for _ in $(seq 5); do dotnet "$work/jit/ShipIt.dll" 0.5 -0.3 > /dev/null; done
end=$(date +%s%N)
echo "JIT build (dotnet ShipIt.dll) for comparison: $(( (end - start) / 5 / 1000000 )) ms on average over 5 runs"
