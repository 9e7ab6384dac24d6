#!/usr/bin/env bash
# End-to-end test of the Neovim plugin: a headless Neovim opens the example note with the
# plugin and the real server, and checks attach, settings, diagnostics, hover and definition
# (test/e2e.lua says what exactly).
#
#   editors/nvim/test/run.sh
#
# Environment:
#   NVIM                  the Neovim to use (default: nvim on PATH)
#   DOSSIER_BIN           the server (default: target/debug/dossier, built when missing)
#   DOSSIER_REQUIRE_NVIM  1: fail instead of skipping when Neovim is missing (CI sets it)
#
# On a Neovim newer than 0.7 the test also runs the plugin's code paths for older versions,
# with the newer APIs hidden from it (DOSSIER_NVIM_API in e2e.lua).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
nvim="${NVIM:-nvim}"

if ! command -v "$nvim" >/dev/null 2>&1; then
  if [ "${DOSSIER_REQUIRE_NVIM:-0}" = 1 ]; then
    echo "FAILED: nvim not installed (DOSSIER_REQUIRE_NVIM=1)" >&2
    exit 1
  fi
  echo "SKIPPED: nvim not installed"
  exit 0
fi

if [ -z "${DOSSIER_BIN:-}" ]; then
  DOSSIER_BIN="$root/target/debug/dossier"
  if [ ! -x "$DOSSIER_BIN" ]; then
    echo "building the server (cargo build)" >&2
    (cd "$root" && cargo build --quiet)
  fi
fi
if [ ! -x "$DOSSIER_BIN" ]; then
  echo "FAILED: no server at DOSSIER_BIN=$DOSSIER_BIN" >&2
  exit 1
fi
DOSSIER_BIN="$(cd "$(dirname "$DOSSIER_BIN")" && pwd)/$(basename "$DOSSIER_BIN")"
export DOSSIER_BIN

# A copy of the example workspace (the repository's stays untouched) and a Neovim home of its
# own, so that no user config, shada, swap file or log gets in or out.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cp -R "$root/examples/laos-cooperation" "$tmp/workspace"
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_STATE_HOME="$tmp/state" \
  XDG_CACHE_HOME="$tmp/cache"

# Which plugin code paths this Neovim can run: its own, and those for older versions.
version="$("$nvim" --version | head -n 1)"
minor="$(echo "$version" | sed -n 's/^NVIM v0\.\([0-9]*\).*/\1/p')"
apis=(auto)
if [ -n "$minor" ] && [ "$minor" -ge 11 ]; then apis+=(start); fi
if [ -n "$minor" ] && [ "$minor" -ge 8 ]; then apis+=(start_client); fi
echo "$version; server $DOSSIER_BIN; plugin code paths: ${apis[*]}"

passed=0
for api in "${apis[@]}"; do
  echo "--- e2e, API $api"
  start=$SECONDS
  # e2e.lua gives up after 50 s; timeout is the backstop should Neovim itself hang.
  if (cd "$tmp/workspace" && DOSSIER_NVIM_API="$api" timeout -k 5 60 \
    "$nvim" --headless -u NONE -i NONE -n \
    --cmd "set rtp^=$root/editors/nvim" \
    -c "luafile $here/e2e.lua" </dev/null); then
    passed=$((passed + 1))
    echo "--- ok ($((SECONDS - start)) s)"
  else
    code=$?
    [ "$code" = 124 ] && echo "Neovim did not exit within 60 s" >&2
    echo "--- FAILED, API $api (exit $code, $((SECONDS - start)) s)" >&2
    echo "nvim-e2e: $passed passed, 1 failed"
    exit 1
  fi
done
echo "nvim-e2e: $passed passed, 0 failed"
