#!/usr/bin/env bash
# Packs NetGen (runtime + generator) into a local feed and builds and runs a program that uses it only through the
# package, for net8.0 and net10.0, as a user would. Runs the program where a runtime for it is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
feed="$(mktemp -d)"
trap 'rm -rf "$feed" tests/PackageConsumer/obj tests/PackageConsumer/bin' EXIT
version="0.1.0-local.$(date +%s)"
dotnet pack src/NetGen -c Release -o "$feed" -p:Version="$version" --nologo -v:q
dotnet build tests/PackageConsumer -c Release -p:NetGenVersion="$version" -p:RestoreAdditionalProjectSources="$feed" --nologo -v:q
for framework in net8.0 net10.0; do
  major="${framework#net}"; major="${major%%.*}"
  if dotnet --list-runtimes | grep -q "Microsoft.NETCore.App ${major}\."; then
    dotnet tests/PackageConsumer/bin/Release/"$framework"/PackageConsumer.dll
  else
    echo "Package consumer: built for $framework (no .NET $major runtime here to run it)"
  fi
done

# The interop packages and the netgen tool, from the same feed.
source scripts/check-interop-packages.sh
check_interop_packages "$feed" "$version"
