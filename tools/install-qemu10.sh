#!/usr/bin/env bash
# Installs Debian's QEMU 10.0.2 (bookworm-backports) BESIDE the system's QEMU 7.2, into .qemu/10.0/
# (git-ignored): apt-get download + dpkg -x, never apt-get install, so the system QEMU is untouched.
# The differential suites for --qemu-version 10.0 run against .qemu/10.0/root/usr/bin/qemu-system-x86_64.
# Firmware: on a machine without 7.2's /usr/share/qemu, qemu-system-data and seabios from the same suite
# are unpacked too, and the tests pass -L .qemu/10.0/root/usr/share/{qemu,seabios} (test/differential/judges.ts).
# Shared libraries: 7.2's; where 7.2 is absent, its lib* dependencies are apt-get installed (libraries only).
# Idempotent: a second run returns at once. Needs only Debian's registry.
# --modules also unpacks 10.0.2's loadable modules (qemu-system-common, -gui, -modules-opengl,
# -modules-spice, qemu-block-extra) into the same root, for tools/gen-schema.mjs: without them 10.0 loads
# 7.2's modules from /usr/lib and aborts ("Only modules from the same build can be loaded").
set -euo pipefail
cd "$(dirname "$0")/.."
MODULES=0
[ "${1:-}" = --modules ] && MODULES=1

VERSION='1:10.0.2+ds-2+deb13u1~bpo12+1'
DIR=.qemu/10.0
BIN="$DIR/root/usr/bin/qemu-system-x86_64"
log() { printf '[install-qemu10] %s\n' "$*" >&2; }
MODDIR="$DIR/root/usr/lib/x86_64-linux-gnu/qemu"

if [ -x "$BIN" ] && "$BIN" --version 2>/dev/null | grep -q 'version 10\.0\.2' &&
  { [ "$MODULES" = 0 ] || [ -f "$MODDIR/hw-display-virtio-gpu.so" ]; }; then
  log "QEMU 10.0.2 already in $DIR/"
  exit 0
fi

SRC=/etc/apt/sources.list.d/bookworm-backports.sources
if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  log "adding the bookworm-backports suite ($SRC)"
  # The machine's own Debian entry (first stanza), with another suite.
  sed -n '1,/^$/p' /etc/apt/sources.list.d/debian.sources | sed 's/^Suites:.*/Suites: bookworm-backports/' > "$SRC"
fi
apt-get update -qq -o Dir::Etc::sourcelist="$SRC" -o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0 ||
  apt-get update -qq

mkdir -p "$DIR"
pkgs=()
# With --modules on an installed 10.0.2, only the modules: rewriting a binary a test may be running
# fails that test ("Text file busy").
"$BIN" --version 2>/dev/null | grep -q 'version 10\.0\.2' || pkgs+=("qemu-system-x86=$VERSION")
[ "$MODULES" = 0 ] || for p in qemu-system-common qemu-system-gui qemu-system-modules-opengl qemu-system-modules-spice qemu-block-extra; do
  pkgs+=("$p=$VERSION")
done
# Firmware (bios-256k.bin, kvmvapic.bin, ...) comes from 7.2's packages when present.
[ -f /usr/share/qemu/kvmvapic.bin ] || pkgs+=("qemu-system-data=$VERSION" seabios)
(cd "$DIR" && rm -f ./*.deb && apt-get download -qq "${pkgs[@]}")
for deb in "$DIR"/*.deb; do dpkg -x "$deb" "$DIR/root"; done
rm -f "$DIR"/*.deb
# Its shared libraries are 7.2's (same Depends) and come with the system QEMU; on a machine without it,
# install those libraries (only the lib* Depends: no QEMU package), which needs the main suite's lists.
if ldd "$BIN" | grep 'not found' >/dev/null; then
  apt-get update -qq
  libs=$(apt-cache depends "qemu-system-x86=$VERSION" | sed -n 's/^ *Depends: \(lib[^ <]*\)$/\1/p' | sort -u)
  log "installing the shared libraries it needs: $(echo $libs)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $libs >/dev/null
fi
"$BIN" --version | head -1 >&2
