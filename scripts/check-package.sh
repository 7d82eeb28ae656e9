#!/usr/bin/env bash
# Packs NetGen (runtime + generator) and NetGen.Datasets into a local feed and builds and runs a program that uses them
# only through the packages, for net8.0 and net10.0, as a user would: it trains, saves and loads a network, and compiles
# a model file in (Weights = "xor.json"). Checks the packages' contents (generator, readme, license, symbols). Runs the
# program where a runtime for it is installed.
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

# The tutorial datasets: their own package, without the generator (the NetGen package brings it).
dotnet pack src/NetGen.Datasets -c Release -o "$feed" -p:Version="$version" --nologo -v:q
datasets="$feed/NetGen.Datasets.$version.nupkg"
test -f "$feed/NetGen.Datasets.$version.snupkg" || { echo "error: no symbols package (.snupkg) beside $datasets" >&2; exit 1; }
contents="$(unzip -l "$datasets")"
for entry in lib/net8.0/NetGen.Datasets.dll lib/net10.0/NetGen.Datasets.dll lib/net10.0/NetGen.Datasets.xml README.md; do
  grep -q " $entry\$" <<<"$contents" || { echo "error: $datasets lacks $entry" >&2; exit 1; }
done
if grep -q "analyzers/" <<<"$contents"; then echo "error: $datasets carries an analyzer; only the NetGen package should" >&2; exit 1; fi
nuspec="$(unzip -p "$datasets" NetGen.Datasets.nuspec)"
for field in '<license type="expression">MIT</license>' '<readme>README.md</readme>' '<tags>' '<description>' "<dependency id=\"NetGen\" version=\"$version\""; do
  grep -qF "$field" <<<"$nuspec" || { echo "error: the NetGen.Datasets nuspec lacks $field" >&2; exit 1; }
done
# The runtime package holds no machine-specific data paths (they are NetGen.Datasets'): not in its code, documentation
# or readme.
for entry in README.md lib/net8.0/NetGen.dll lib/net10.0/NetGen.dll lib/net8.0/NetGen.xml lib/net10.0/NetGen.xml; do
  if unzip -p "$package" "$entry" | tr -d '\000' | grep -aqiE "debian|npm|fetch-data"; then
    echo "error: $entry in the NetGen package mentions Debian, npm or the fetch script" >&2; exit 1
  fi
done
echo "Package: $(basename "$datasets") with README, MIT license and symbols, depending on NetGen $version"
dotnet build tests/PackageConsumer -c Release -p:NetGenVersion="$version" -p:RestoreAdditionalProjectSources="$feed" --nologo -v:q
for framework in net8.0 net10.0; do
  major="${framework#net}"; major="${major%%.*}"
  if dotnet --list-runtimes | grep "Microsoft.NETCore.App ${major}\." >/dev/null; then
    dotnet tests/PackageConsumer/bin/Release/"$framework"/PackageConsumer.dll
  else
    echo "Package consumer: built for $framework (no .NET $major runtime here to run it)"
  fi
done

# The interop packages and the netgen tool, from the same feed.
source scripts/check-interop-packages.sh
check_interop_packages "$feed" "$version"
