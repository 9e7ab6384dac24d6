#!/usr/bin/env bash
# The platform package: the extension with the release build of the server inside
# (`server/dossier`), so that it needs no setting and nothing on PATH.
#
#   npm run package:linux-x64        (in editors/vscode; the one command the README gives)
#
# builds `cargo build --release --locked` in the repository (or takes $DOSSIER_SERVER, a
# binary built already) and writes dossier-linux-x64-<version>.vsix. The generic package
# (`npm run package`) stays without a server: it uses dossier.server.path or PATH.
set -euo pipefail
target="${1:-linux-x64}"
cd "$(dirname "$0")/.."
root="$(cd ../.. && pwd)"

host="$(node -p 'process.platform + "-" + process.arch')"
if [ "$target" != "$host" ]; then
  echo "package-platform: this machine builds $host, not $target" >&2
  exit 2
fi

if [ -n "${DOSSIER_SERVER:-}" ]; then
  bin="$DOSSIER_SERVER"
else
  (cd "$root" && cargo build --release --locked --bin dossier)
  target_dir="$(cd "$root" && cargo metadata --format-version 1 --no-deps |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
  bin="$target_dir/release/dossier"
fi
[ -x "$bin" ] || { echo "package-platform: no server binary at $bin" >&2; exit 1; }

version="$(node -p 'require("./package.json").version')"
out="dossier-$target-$version.vsix"
trap 'rm -rf server' EXIT
rm -rf server && mkdir server
cp "$bin" server/dossier
strip server/dossier 2>/dev/null || true
chmod 755 server/dossier
npx vsce package --target "$target" --no-dependencies --skip-license --allow-missing-repository --no-rewrite-relative-links -o "$out"
echo "$PWD/$out"
