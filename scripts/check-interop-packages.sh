# Sourced by scripts/check-package.sh: check_interop_packages FEED VERSION packs the interop packages (NetGen.Onnx,
# NetGen.Testing, NetGen.ConsoleUI, NetGen.Plotting, the NetGen.Tool .NET tool) into FEED, which already holds NetGen
# VERSION; builds and runs tests/PackageConsumer.Interop from it; then installs the netgen tool from the feed with
# `dotnet tool install` and runs it on the model files the consumer wrote.
check_interop_packages() {
  local feed="$1" version="$2" work project
  work="$(mktemp -d)"
  for project in src/NetGen.Onnx src/NetGen.Testing src/NetGen.ConsoleUI src/NetGen.Plotting src/NetGen.Tool; do
    dotnet pack "$project" -c Release -o "$feed" -p:Version="$version" --nologo -v:q
  done
  dotnet build tests/PackageConsumer.Interop -c Release -p:NetGenVersion="$version" -p:RestoreAdditionalProjectSources="$feed" --nologo -v:q
  dotnet tests/PackageConsumer.Interop/bin/Release/net10.0/PackageConsumer.Interop.dll "$work"

  dotnet tool install NetGen.Tool --version "$version" --add-source "$feed" --tool-path "$work/tools"
  "$work/tools/netgen" --version
  "$work/tools/netgen" inspect "$work/xor.json"
  "$work/tools/netgen" verify "$work/xor.json" --onnx "$work/xor.onnx"
  "$work/tools/netgen" predict "$work/xor.onnx" --input 1,0
  local code=0
  "$work/tools/netgen" inspect "$work/missing.json" 2>/dev/null || code=$?
  if [ "$code" -ne 2 ]; then echo "netgen inspect of a missing file exited $code, expected 2" >&2; exit 1; fi
  rm -rf "$work" tests/PackageConsumer.Interop/obj tests/PackageConsumer.Interop/bin
  echo "Interop packages: consumer and netgen tool OK"
}
