#!/usr/bin/env bash
# CI for the VS Code extension: a clean install from package-lock.json, then `npm test`, which
# type-checks, runs the unit tests, talks to the real server when a `dossier` binary is built
# (target/release or target/debug, or $DOSSIER_SERVER), and packages the .vsix and checks it.
set -euo pipefail
cd "$(dirname "$0")"

if ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)'; then
  echo "editors/vscode needs Node 20 or later (found $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

npm ci --no-audit --no-fund
npm test
