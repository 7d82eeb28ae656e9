#!/usr/bin/env bash
# Packs NetGen (runtime + generator) into a local feed and builds and runs a program that uses it only through the
# package, for net8.0 and net10.0, as a user would: it trains, saves and loads a network, and compiles a model file in
# (Weights = "xor.json"). Checks the package's contents (generator, readme, license, symbols). Runs the program where a
# runtime for it is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v unzip >/dev/null 2>&1; then
  source scripts/apt-install.sh
  apt_install unzip "checking the package's contents"
fi
feed="$(mktemp -d)"
trap 'rm -rf "$feed" tests/PackageConsumer/obj tests/PackageConsumer/bin' EXIT
version="0.1.0-local.$(date +%s)"
dotnet pack src/NetGen -c Release -o "$feed" -p:Version="$version" --nologo -v:q
package="$feed/NetGen.$version.nupkg"
test -f "$feed/NetGen.$version.snupkg" || { echo "error: no symbols package (.snupkg) beside $package" >&2; exit 1; }
contents="$(unzip -l "$package")"
for entry in analyzers/dotnet/cs/NetGen.Generator.dll lib/net8.0/NetGen.dll lib/net10.0/NetGen.dll lib/net10.0/NetGen.xml README.md; do
  grep -q " $entry\$" <<<"$contents" || { echo "error: $package lacks $entry" >&2; exit 1; }
done
nuspec="$(unzip -p "$package" NetGen.nuspec)"
for field in '<license type="expression">MIT</license>' '<readme>README.md</readme>' '<tags>' '<description>'; do
  grep -qF "$field" <<<"$nuspec" || { echo "error: the package's nuspec lacks $field" >&2; exit 1; }
done
echo "Package: $(basename "$package") with the generator, README, MIT license and symbols"
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
