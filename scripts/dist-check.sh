#!/usr/bin/env bash
# make dist-check: proves that the tarball of `make dist` runs on a Debian
# machine that has only the runtime packages docs/publishing.md names. It
# debootstraps a minimal Debian (bookworm, `--variant=minbase`: no compiler,
# no Swift, no -dev packages) into a folder, installs those packages in it,
# unpacks the tarball there and, from a folder that holds only a copy of
# content/ (no themes/, no repository), runs `porthole --help`, `check` and
# `build`, then compares the site with the one the development binary
# builds from the same content. Needs root and Debian's mirror; about a
# minute after `make dist`. Not part of `make test`: the release build
# alone takes longer than the rest of CI.
set -euo pipefail
cd "$(dirname "$0")/.."

runtime_packages="libcmark0.30.2 libmimalloc2.0"
suite=${DIST_CHECK_SUITE:-bookworm}
mirror=${DIST_CHECK_MIRROR:-http://deb.debian.org/debian}
today=2026-11-27

tarball=$(ls -t dist/porthole-*-linux-"$(uname -m)".tar.gz 2>/dev/null | head -1 || true)
[[ -n $tarball ]] || { echo "dist-check: no tarball in dist/; run make dist first" >&2; exit 1; }
(cd dist && sha256sum -c "$(basename "$tarball").sha256" >/dev/null) || { echo "dist-check: $tarball does not match its .sha256" >&2; exit 1; }
command -v debootstrap >/dev/null || apt-get install -y debootstrap >/dev/null

root=${DIST_CHECK_ROOT:-$(mktemp -d /tmp/porthole-dist-check.XXXXXX)}
cleanup() {
  for m in proc dev; do umount "$root/$m" 2>/dev/null || true; done
  [[ -n ${DIST_CHECK_ROOT:-} ]] || rm -rf "$root"
}
trap cleanup EXIT

if [[ ! -x $root/usr/bin/apt-get ]]; then
  echo "dist-check: debootstrap $suite (minbase) into $root"
  debootstrap --variant=minbase "$suite" "$root" "$mirror" >/dev/null
fi
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
cp /etc/resolv.conf "$root/etc/resolv.conf"
chroot "$root" apt-get install -y --no-install-recommends $runtime_packages >/dev/null

mkdir -p "$root/opt/porthole" "$root/agency"
tar -xzf "$tarball" -C "$root/opt/porthole" --strip-components=1
cp -R content "$root/agency/content"
cp demo-passwords.yaml "$root/agency/passwords.yaml"

# The chroot has no Swift, no themes/ and no repository: only the binary,
# its documented packages and the content.
if chroot "$root" sh -c 'command -v swift || ls /usr/lib/swift' >/dev/null 2>&1; then
  echo "dist-check: the chroot unexpectedly has Swift" >&2; exit 1
fi
chroot "$root" /opt/porthole/porthole --help >/dev/null
chroot "$root" sh -c "cd /agency && /opt/porthole/porthole check --content content --today $today"
chroot "$root" sh -c "cd /agency && PORTHOLE_SECRET=dist-check /opt/porthole/porthole build --content content --output site --today $today --passwords passwords.yaml --full" | tail -3

# The same content through the development binary and the repository's
# themes/: with the same PORTHOLE_SECRET even password portals are the same
# bytes, so the whole trees must match.
dev=$(mktemp -d)
trap 'cleanup; rm -rf "$dev"' EXIT
cp -R content "$dev/content"
cp demo-passwords.yaml "$dev/passwords.yaml"
(cd "$dev" && PORTHOLE_SECRET=dist-check "$OLDPWD/.build/debug/porthole" build --content content --output site \
  --themes "$OLDPWD/themes" --today $today --passwords passwords.yaml --full >/dev/null)
if diff -r "$root/agency/site" "$dev/site" >/dev/null; then
  echo "dist-check: the release binary in a minimal $suite with only $runtime_packages builds a site byte-identical to the development build"
else
  echo "dist-check: sites differ:" >&2
  diff -rq "$root/agency/site" "$dev/site" | head -20 >&2
  exit 1
fi
