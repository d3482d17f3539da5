#!/usr/bin/env bash
# Installs what `npm test` needs and is missing, so that README's two commands pass on a fresh
# Debian machine with only Node 20 (and what CI runs, .ci/run, is exactly those commands).
#   - Debian packages (apt): as root it installs the missing ones and says so in one line; not as
#     root it prints the exact `apt-get install` line and fails before any test runs.
#   - npm packages of the end-to-end suites, into .e2e/ (git-ignored, so `npm ci` stays fast and
#     nothing lands in the .vsix). playwright-core is a devDependency: `npm ci` brings it.
# It never downloads a browser build: the tests drive Debian's Chromium.
# Idempotent: when everything is there it checks and returns in about a second.
# One entry per dependency below: what to install, how to tell it is there, and who needs it.
# `ensure-test-deps.sh bench` checks (and installs) only what `npm run bench` needs instead.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=${1:-test}
case $profile in
  test) purpose='npm test' ;;
  bench) purpose='npm run bench' ;;
  *) printf 'usage: %s [test|bench]\n' "$0" >&2; exit 2 ;;
esac

log() { printf '[ensure-test-deps] %s\n' "$*" >&2; }
is_root() { [ "$(id -u)" = 0 ]; }

apt_missing=() # Debian packages to install
npm_missing=() # npm packages to install into .e2e/

# apt_dep PACKAGE COMMAND...: PACKAGE is needed unless COMMAND succeeds.
apt_dep() {
  local pkg=$1
  shift
  "$@" >/dev/null 2>&1 || apt_missing+=("$pkg")
}
# e2e_npm_dep NAME VERSION: NAME@VERSION in .e2e/node_modules, exactly.
e2e_npm_dep() {
  local have
  have=$(node -p "try { require('./.e2e/node_modules/$1/package.json').version } catch { '' }")
  [ "$have" = "$2" ] || npm_missing+=("$1@$2")
}

# ── The dependencies ─────────────────────────────────────────────────
qemu10_missing=
if [ "$profile" = bench ]; then
# bash-language-server, which the benchmark compares with, lints with ShellCheck when it is on PATH,
# as its users run it (Debian's shellcheck 0.9.0).
apt_dep shellcheck command -v shellcheck
else
# Live differential tests: a real QEMU judges our address maps and verdicts.
apt_dep qemu-system-x86 command -v qemu-system-x86_64
# The second judge: Debian's QEMU 10.0.2 (bookworm-backports), unpacked beside 7.2 into .qemu/10.0/
# by tools/install-qemu10.sh (apt-get download + dpkg -x; the system QEMU stays 7.2).
.qemu/10.0/root/usr/bin/qemu-system-x86_64 --version 2>/dev/null | grep -q 'version 10\.0\.2' || qemu10_missing=1
# tools/qemu_oracle.py reads the E820/SRAT tables the live QEMU builds.
apt_dep python3 command -v python3
# Webview tests and the VS Code workbench: Debian's Chromium, driven by playwright-core.
apt_dep chromium command -v chromium
# Neovim end-to-end suite.
apt_dep neovim command -v nvim
# The pre-commit hook end-to-end suite (test/e2e/precommit/).
apt_dep pre-commit command -v pre-commit
# ... which runs the hook in a git repository it makes; Debian's pre-commit only recommends git, and a
# fresh Debian (a minbase chroot, a container) has none.
apt_dep git command -v git
# code-server's VS Code pins @vscode/ripgrep, whose postinstall downloads rg from GitHub unless its
# archive is in the cache; we fill that cache from Debian's rg (below).
apt_dep ripgrep command -v rg
# code-server's native modules (kerberos, node-pty, ...) compile when no prebuilt binary fits.
apt_dep libkrb5-dev dpkg -s libkrb5-dev
apt_dep g++ command -v g++
apt_dep make command -v make
# The VS Code suites: code-server 4.100.3 is VS Code 1.100.3, the newest for Node 20.
e2e_npm_dep code-server 4.100.3
fi

# ── Install what is missing ──────────────────────────────────────────
[ ${#apt_missing[@]} -eq 0 ] && [ ${#npm_missing[@]} -eq 0 ] && [ -z "$qemu10_missing" ] && exit 0

if { [ ${#apt_missing[@]} -gt 0 ] || [ -n "$qemu10_missing" ]; } && ! is_root; then
  log "$purpose needs Debian packages that only root can install. Run:"
  [ ${#apt_missing[@]} -gt 0 ] && printf '  sudo apt-get install -y %s\n' "${apt_missing[*]}" >&2
  [ -n "$qemu10_missing" ] && printf '  sudo tools/install-qemu10.sh\n' >&2
  log "then $purpose again. Nothing has run."
  exit 1
fi

what=()
[ ${#apt_missing[@]} -gt 0 ] && what+=("apt: ${apt_missing[*]};")
[ -n "$qemu10_missing" ] && what+=("QEMU 10.0.2 into .qemu/10.0/;")
[ ${#npm_missing[@]} -gt 0 ] && what+=("npm into .e2e/: ${npm_missing[*]}")
log "installing ${what[*]}"

if [ ${#apt_missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  aptlog=$(mktemp)
  apt-get install -y -qq "${apt_missing[@]}" >"$aptlog" 2>&1 ||
    { tail -40 "$aptlog" >&2; log "apt-get install failed"; exit 1; }
  rm -f "$aptlog"
fi

# After the apt packages: with 7.2's firmware in /usr/share/qemu, 10.0 needs only its own binary.
if [ -n "$qemu10_missing" ]; then
  q10log=$(mktemp)
  tools/install-qemu10.sh >"$q10log" 2>&1 || { tail -40 "$q10log" >&2; log "tools/install-qemu10.sh failed"; exit 1; }
  rm -f "$q10log"
fi

if [ ${#npm_missing[@]} -gt 0 ]; then
  mkdir -p .e2e
  # Its own package.json, so npm installs here and never walks up to the project's manifest.
  [ -f .e2e/package.json ] || printf '{ "name": "qemu-launch-e2e", "private": true }\n' >.e2e/package.json
  # @vscode/ripgrep 1.15.11 (code-server's lib/vscode/npm-shrinkwrap.json) takes rg from this cache.
  cache="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-1.15.11"
  archive="$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
  if [ ! -f "$archive" ]; then
    work=$(mktemp -d)
    mkdir -p "$cache"
    cp "$(command -v rg)" "$work/rg"
    tar czf "$archive" -C "$work" rg
    rm -rf "$work"
  fi
  # node-gyp compiles against this Node's own headers instead of downloading them.
  nodedir=$(node -p 'require("path").resolve(process.execPath, "..", "..")')
  [ -f "$nodedir/include/node/node.h" ] && export npm_config_nodedir="$nodedir"
  # unsafe_perm: code-server's postinstall refuses to run as root otherwise; yes: node-pty's
  # postinstall calls `npx node-gyp` and would wait for a prompt. An "argon2 node-pre-gyp ERR!"
  # line in the log is harmless (it falls back to building).
  (
    cd .e2e
    npm_config_yes=true npm_config_unsafe_perm=true \
      npm install --no-audit --no-fund --save-exact --foreground-scripts --loglevel=error \
      "${npm_missing[@]}" >install.log 2>&1 ||
      { tail -40 install.log >&2; log "npm install failed; full log in .e2e/install.log"; exit 1; }
  )
  .e2e/node_modules/.bin/code-server --version >/dev/null || { log "code-server does not start"; exit 1; }
fi
log "done"
