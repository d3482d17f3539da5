#!/usr/bin/env bash
# Proves README's two commands on a fresh machine without touching this one: a Debian bookworm
# chroot (debootstrap, minbase) with only Node 20 copied in from this machine, a clone of the
# repository, then `npm install && npm start` and `npm test` as root inside it. chromium,
# qemu-system-x86, code-server and Neovim are absent at the start: `npm test` must install them.
#   sudo tools/fresh-machine-test.sh [DIR] [BRANCH]   (DIR: /var/tmp/qemu-launch-fresh, BRANCH: main)
# DIR is reused when it holds a chroot already (the packages npm test installed stay in it): delete DIR to start from scratch. The clone inside is
# always new. Needs root, debootstrap, and Debian's mirror plus the npm registry reachable.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-/var/tmp/qemu-launch-fresh}
branch=${2:-main}
log() { printf '[fresh-machine-test] %s\n' "$*" >&2; }

if [ ! -x "$dir/bin/bash" ]; then
  log "debootstrap --variant=minbase bookworm $dir"
  debootstrap --variant=minbase bookworm "$dir" http://deb.debian.org/debian >"$dir.debootstrap.log" 2>&1 ||
    { tail -20 "$dir.debootstrap.log" >&2; exit 1; }
fi
if [ ! -x "$dir/usr/bin/node" ]; then
  # The sources a Debian install has: bookworm, its updates and security.
  rm -f "$dir/etc/apt/sources.list"
  cp /etc/apt/sources.list.d/debian.sources "$dir/etc/apt/sources.list.d/"
  # Node 20 as installed here (node, npm, npx, headers), nothing else.
  tar -C / -cf - usr/bin/node usr/bin/npm usr/bin/npx usr/lib/node_modules/npm usr/include/node |
    tar -xf - -C "$dir"
fi
cp /etc/resolv.conf "$dir/etc/resolv.conf"
# The network's trust, not a package: where HTTPS goes through a TLS-inspecting proxy, its CA bundle
# (this machine's) lets Node and npm reach the registry, exactly as on this machine.
mkdir -p "$dir/etc/ssl/certs"
cp /etc/ssl/certs/ca-certificates.crt "$dir/etc/ssl/certs/host-ca-bundle.crt"

mounts=()
cleanup() { for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount -l "${mounts[i]}" 2>/dev/null || true; done; }
trap cleanup EXIT
mnt() { mount "$@"; mounts+=("${*: -1}"); }
mnt -t proc proc "$dir/proc"
mnt -t sysfs sys "$dir/sys"
mnt --bind /dev "$dir/dev"
mnt -t devpts devpts "$dir/dev/pts" -o newinstance,ptmxmode=0666
# Chromium needs a writable /dev/shm of its own.
mnt -t tmpfs -o size=2g shm "$dir/dev/shm"

rm -rf "$dir/root/qemu-launch"
git clone -q --branch "$branch" "$here" "$dir/root/qemu-launch"
log "clone of $here ($branch) at $(git -C "$dir/root/qemu-launch" rev-parse --short HEAD) in $dir/root/qemu-launch"

chroot "$dir" /usr/bin/env -i HOME=/root TERM=dumb \
  NODE_EXTRA_CA_CERTS=/etc/ssl/certs/host-ca-bundle.crt npm_config_cafile=/etc/ssl/certs/host-ca-bundle.crt \
  PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  bash -c '
set -eu
cd /root/qemu-launch
echo "node: $(which node) $(node --version); npm $(npm --version)"
for c in chromium qemu-system-x86_64 code-server nvim; do
  if command -v $c >/dev/null; then echo "$c is present: not a fresh machine"; exit 1; fi
done
echo "absent: chromium qemu-system-x86_64 code-server nvim; .e2e/: $(ls -d .e2e 2>/dev/null || echo none)"
npm install && npm start >/tmp/npm-start.log 2>&1 || { tail -20 /tmp/npm-start.log; exit 1; }
echo "npm install && npm start: ok ($(wc -l </tmp/npm-start.log) lines of output)"
time npm test
'
