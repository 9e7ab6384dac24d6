#!/usr/bin/env bash
# Regenerates data/words/stopwords-en.txt from the npm package stopwords-iso (MIT licence):
# its English list of function words, pronouns and common adverbs.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent stopwords-iso@1.1.0 >/dev/null && tar xzf stopwords-iso-1.1.0.tgz)
{
  echo "# English stopwords: npm package stopwords-iso 1.1.0 (MIT licence, github.com/stopwords-iso)."
  echo "# Made by scripts/gen-stopwords.sh; do not edit."
  python3 -c "import json,sys; print('\n'.join(sorted(set(json.load(open(sys.argv[1]))['en']))))" "$tmp/package/stopwords-iso.json"
} > data/words/stopwords-en.txt
