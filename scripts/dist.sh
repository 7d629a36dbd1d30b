#!/usr/bin/env bash
# make dist: a release binary (Swift runtime and Foundation linked
# statically) in dist/porthole-<version>-linux-<arch>.tar.gz, a .sha256
# beside it (sha256sum format), and the Debian packages the binary still
# needs at run time (from ldd: libcmark and mimalloc are linked dynamically).
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}

version=$(sed -n 's/.*static let version = "\(.*\)".*/\1/p' Sources/PortholeSite/PortholeInfo.swift)
[[ -n $version ]] || { echo "dist: no PortholeInfo.version found" >&2; exit 1; }
arch=$(uname -m)
name="porthole-$version-linux-$arch"

$SWIFT build -c release --product porthole --static-swift-stdlib
bin="$($SWIFT build -c release --static-swift-stdlib --show-bin-path)/porthole"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name"
install -m 755 "$bin" "$stage/$name/porthole"
strip "$stage/$name/porthole" 2>/dev/null || true
cp README.md "$stage/$name/README.md"

mkdir -p dist
# The same bytes for the same binary: names sorted, owner and time fixed.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@"${SOURCE_DATE_EPOCH:-0}" \
  -C "$stage" -cf - "$name" | gzip -n -9 > "dist/$name.tar.gz"
(cd dist && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")

echo "dist/$name.tar.gz ($(du -h "dist/$name.tar.gz" | cut -f1)), dist/$name.tar.gz.sha256"
echo "Shared libraries it needs at run time (ldd):"
ldd "$stage/$name/porthole" | sed 's/^/  /'
packages=$(ldd "$stage/$name/porthole" | awk '/=> \// {print $3}' | while read -r lib; do
  dpkg -S "$(readlink -f "$lib")" 2>/dev/null || dpkg -S "$lib" 2>/dev/null
done | cut -d: -f1 | sort -u | grep -v -E '^(libc6|libgcc-s1|libstdc\+\+6)$' | tr '\n' ' ' || true)
echo "Debian packages to install beside it (besides libc6, libgcc-s1, libstdc++6): ${packages:-none}"
