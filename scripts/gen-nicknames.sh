#!/usr/bin/env bash
# Regenerates data/words/nicknames.txt from the PyPI package `nicknames` 1.0.1 (names.csv, a
# hand-curated list of English given names and their nicknames by Old Dominion University's
# Web Science and Digital Libraries group and contributors; Apache-2.0).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
pip download --quiet --no-deps --dest "$tmp" nicknames==1.0.1
(cd "$tmp" && python3 -m zipfile -e nicknames-1.0.1-py3-none-any.whl .)
{
  echo "# English given names and their nicknames, one pair per line (\`joseph joe\`): PyPI package"
  echo "# nicknames 1.0.1 (names.csv), Apache-2.0. Made by scripts/gen-nicknames.sh; do not edit."
  awk -F, 'NR > 1 && $2 == "has_nickname" && $1 != $3 { print tolower($1) " " tolower($3) }' \
    "$tmp/nicknames/names.csv" | sort -u
} > data/words/nicknames.txt
