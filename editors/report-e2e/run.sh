#!/usr/bin/env bash
# The static report in a real browser: `dossier report` on the example workspace (and on
# ../shared/corpus/sea-dev when present), opened from disk (file://) in headless Chromium
# driven by playwright-core; test.mjs says what it checks as a user would. Screenshots go to
# $DOSSIER_REPORT_E2E_OUT (default: editors/report-e2e/out).
#
#   editors/report-e2e/run.sh            (DOSSIER_BIN: the release binary; default: built)
#
# Chromium (Debian's) and playwright-core come from the VS Code e2e's setup, cached under
# ~/.cache/dossier-e2e (DOSSIER_E2E_CACHE); only those two are installed here when missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${DOSSIER_REPORT_E2E_OUT:-$here/out}"
mkdir -p "$out"
PLAYWRIGHT_VERSION=1.65.1
cache="${DOSSIER_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dossier-e2e}"

if ! command -v chromium >/dev/null 2>&1; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
pw_dir="$cache/playwright-$PLAYWRIGHT_VERSION"
if [ ! -f "$pw_dir/.complete" ]; then
  rm -rf "$pw_dir" && mkdir -p "$pw_dir"
  (cd "$pw_dir" && npm install --no-audit --no-fund --no-save --loglevel=error "playwright-core@$PLAYWRIGHT_VERSION" >&2)
  touch "$pw_dir/.complete"
fi

bin="${DOSSIER_BIN:-}"
if [ -z "$bin" ]; then
  (cd "$root" && cargo build --release --locked)
  bin="${CARGO_TARGET_DIR:-$root/target}/release/dossier"
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export DOSSIER_CACHE_DIR="${DOSSIER_CACHE_DIR:-$tmp/cache}"

# the example workspace, with its note
(cd "$root/examples/laos-cooperation" &&
  "$bin" report --note notes/cooperation-brief.md --out "$tmp/laos" >"$tmp/laos.out")
laos_page="$(tail -n 1 "$tmp/laos.out")"
[ "$laos_page" = "$tmp/laos/index.html" ] || { echo "report-e2e: last line is $laos_page, not the overview" >&2; exit 1; }
# focused on one entity: the last line is its page
(cd "$root/examples/laos-cooperation" &&
  "$bin" report --entity 'Vilay Lakhamfong' --out "$tmp/vilay" >"$tmp/vilay.out")
vilay_page="$(tail -n 1 "$tmp/vilay.out")"
case "$vilay_page" in "$tmp/vilay/entities/"*.html) ;; *) echo "report-e2e: focus page is $vilay_page" >&2; exit 1 ;; esac
# an --out inside the corpus: one line on stderr, exit 2
set +e
(cd "$root/examples/laos-cooperation" && "$bin" report --out corpus/r 2>"$tmp/err.txt" >/dev/null)
rc=$?
set -e
[ "$rc" = 2 ] && [ "$(wc -l <"$tmp/err.txt")" = 1 ] && [ ! -e "$root/examples/laos-cooperation/corpus/r" ] ||
  { echo "report-e2e: --out inside the corpus gave exit $rc: $(cat "$tmp/err.txt")" >&2; exit 1; }

sea=""
if [ -d "$root/../shared/corpus/sea-dev" ]; then
  "$bin" report --corpus "$root/../shared/corpus/sea-dev" --out "$tmp/sea" >"$tmp/sea.out"
  sea="$tmp/sea"
fi

DOSSIER_E2E_PLAYWRIGHT="$pw_dir/node_modules/playwright-core" \
  REPORT_LAOS="$tmp/laos" REPORT_VILAY="$vilay_page" REPORT_SEA="$sea" REPORT_OUT="$out" \
  node "$here/test.mjs"
