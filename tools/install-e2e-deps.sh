#!/usr/bin/env bash
# Installs what the end-to-end suites (test/e2e/) need, kept apart from the extension:
#   apt: chromium, neovim, libkrb5-dev, ripgrep — only the ones missing;
#   npm: code-server 4.100.3 (VS Code 1.100.3, the newest for Node 20) and playwright-core,
#        into .e2e/ (git-ignored), so `npm ci` stays fast and neither lands in the .vsix.
# Idempotent: a second run checks versions and returns in about a second.
# Works offline except for the npm registry and Debian's packages (see the README's e2e part).
set -euo pipefail
cd "$(dirname "$0")/.."

CODE_SERVER_VERSION=4.100.3
PLAYWRIGHT_VERSION=1.65.1
# code-server's VS Code pins @vscode/ripgrep 1.15.11 (lib/vscode/npm-shrinkwrap.json), whose
# postinstall downloads rg from GitHub unless this exact archive is in its cache.
RIPGREP_CACHE_DIR=vscode-ripgrep-cache-1.15.11
RIPGREP_ARCHIVE=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
E2E_DIR=.e2e

log() { printf '[install-e2e-deps] %s\n' "$*" >&2; }

# ── apt ──────────────────────────────────────────────────────────────
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v nvim >/dev/null || need+=(neovim)
command -v rg >/dev/null || need+=(ripgrep)
# code-server's kerberos module compiles against it when no prebuilt binary fits.
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
if [ ${#need[@]} -gt 0 ]; then
  log "apt-get install ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi

# ── npm, in .e2e/ ────────────────────────────────────────────────────
installed_version() { # package name → version installed in .e2e/, or nothing
  node -p "try { require('./$E2E_DIR/node_modules/$1/package.json').version } catch { '' }"
}

if [ "$(installed_version code-server)" = "$CODE_SERVER_VERSION" ] &&
   [ "$(installed_version playwright-core)" = "$PLAYWRIGHT_VERSION" ] &&
   [ -x "$E2E_DIR/node_modules/.bin/code-server" ]; then
  log "code-server $CODE_SERVER_VERSION and playwright-core $PLAYWRIGHT_VERSION already in $E2E_DIR/"
  exit 0
fi

mkdir -p "$E2E_DIR"
# Its own package.json, so npm installs here and never walks up to the project's manifest.
[ -f "$E2E_DIR/package.json" ] || printf '{ "name": "qemu-launch-e2e", "private": true }\n' > "$E2E_DIR/package.json"

tmp=$(node -p 'require("os").tmpdir()')
if [ ! -f "$tmp/$RIPGREP_CACHE_DIR/$RIPGREP_ARCHIVE" ]; then
  work=$(mktemp -d)
  mkdir -p "$tmp/$RIPGREP_CACHE_DIR"
  cp "$(command -v rg)" "$work/rg"
  tar czf "$tmp/$RIPGREP_CACHE_DIR/$RIPGREP_ARCHIVE" -C "$work" rg
  rm -rf "$work"
fi

log "npm install code-server@$CODE_SERVER_VERSION playwright-core@$PLAYWRIGHT_VERSION into $E2E_DIR/"
# unsafe_perm: code-server's postinstall refuses to run as root otherwise;
# yes: node-pty's postinstall calls `npx node-gyp` and would wait for a prompt.
# An "argon2 node-pre-gyp ERR!" line is harmless (it falls back to building).
(
  cd "$E2E_DIR"
  npm_config_yes=true npm_config_unsafe_perm=true \
    npm install --no-audit --no-fund --save-exact --foreground-scripts --loglevel=error \
      "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION" > install.log 2>&1 ||
    { tail -40 install.log >&2; log "npm install failed; full log in $E2E_DIR/install.log"; exit 1; }
)

[ "$(installed_version code-server)" = "$CODE_SERVER_VERSION" ] || { log "code-server did not install"; exit 1; }
"$E2E_DIR/node_modules/.bin/code-server" --version >/dev/null || { log "code-server does not start"; exit 1; }
log "done"
