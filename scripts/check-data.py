#!/usr/bin/env python3
"""Checks data/countries.tsv, data/organizations.tsv and data/places.tsv without regenerating
them (standard library only, no downloads):

  * UTF-8, the expected header, every row with every column, no empty names;
  * codes and kinds from the documented sets; a place's country is a row of countries.tsv;
  * within each file, no name/alias/acronym/demonym maps to two rows under the loader's
    `compact_key` (errors) or `loose_key` (warnings: the loader only falls back to it);
  * across files: forms shared by two kinds are listed (information; the loader keeps kinds apart).

Usage: python3 scripts/check-data.py [--quiet]    exit status 1 on an error
"""

import os
import re
import sys
from collections import defaultdict

sys.dont_write_bytecode = True  # no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dossier_data import DATA, compact, fold, read_tsv, split_list  # noqa: E402

HEADERS = {
    "countries.tsv": ["iso2", "iso3", "numeric", "name", "aliases", "demonyms"],
    "organizations.tsv": ["name", "acronyms", "aliases", "kind"],
    "places.tsv": ["name", "aliases", "country", "kind", "population"],
}
ORG_KINDS = {"un-system", "financial", "eu", "intergovernmental", "ngo"}
PLACE_KINDS = {"capital", "city", "state", "region", "continent", "sea"}


def loose_compact(s):
    words = []
    for w in re.split(r"[\s-]+", fold(s)):
        w = w.strip("".join(c for c in w if not c.isalnum()))
        if w.endswith("'s"):
            w = w[:-2]
        w = "".join(c for c in w if c.isalnum())
        if not w or w == "the":
            continue
        if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        words.append(w)
    return "".join(words)


def main():
    quiet = "--quiet" in sys.argv
    errors, warnings, info = [], [], []
    tables = {}
    for fn, header in HEADERS.items():
        path = os.path.join(DATA, fn)
        raw = open(path, "rb").read()
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as e:
            errors.append(f"{fn}: not UTF-8: {e}")
            continue
        if b"\r" in raw:
            errors.append(f"{fn}: has CR characters")
        h, rows = read_tsv(path)
        if h != header:
            errors.append(f"{fn}: header {h}, want {header}")
        for i, r in enumerate(rows, start=2):
            if not r["name"].strip():
                errors.append(f"{fn}:{i}: empty name")
            for k, v in r.items():
                if v != v.strip() or "||" in v or v.startswith("|") or v.endswith("|"):
                    errors.append(f"{fn}:{i}: badly formed cell {k}={v!r}")
                if "\u2019" in v or "\u2018" in v:
                    warnings.append(f"{fn}:{i}: curly apostrophe in {k}={v!r}")
        tables[fn] = rows

    countries = tables.get("countries.tsv", [])
    iso2s = set()
    for r in countries:
        if not re.fullmatch(r"[A-Z]{2}", r["iso2"]) or not re.fullmatch(r"[A-Z]{3}", r["iso3"]):
            errors.append(f"countries.tsv: bad codes {r['iso2']} {r['iso3']}")
        if r["numeric"] and not re.fullmatch(r"\d{3}", r["numeric"]):
            errors.append(f"countries.tsv: bad numeric code {r['numeric']} ({r['iso2']})")
        iso2s.add(r["iso2"])
    for r in tables.get("organizations.tsv", []):
        if r["kind"] not in ORG_KINDS:
            errors.append(f"organizations.tsv: {r['name']}: kind {r['kind']!r}")
    for r in tables.get("places.tsv", []):
        if r["kind"] not in PLACE_KINDS:
            errors.append(f"places.tsv: {r['name']}: kind {r['kind']!r}")
        if r["country"] and r["country"] not in iso2s:
            errors.append(f"places.tsv: {r['name']}: unknown country {r['country']!r}")
        if r["population"] and not r["population"].isdigit():
            errors.append(f"places.tsv: {r['name']}: population {r['population']!r}")

    def forms(fn, r):
        if fn == "countries.tsv":
            return [r["name"]] + split_list(r["aliases"]) + split_list(r["demonyms"])
        if fn == "organizations.tsv":
            return [r["name"]] + split_list(r["acronyms"]) + split_list(r["aliases"])
        return [r["name"]] + split_list(r["aliases"])

    owners_all = defaultdict(set)
    for fn, rows in tables.items():
        for keyf, sink in ((compact, errors), (loose_compact, warnings)):
            owner = defaultdict(set)
            for i, r in enumerate(rows):
                for v in forms(fn, r):
                    owner[keyf(v)].add(i)
            for k, v in sorted(owner.items()):
                if len(v) > 1:
                    sink.append(f"{fn}: {keyf.__name__} key {k!r} is shared by "
                                f"{sorted(rows[i]['name'] for i in v)}")
        for r in rows:
            for v in forms(fn, r):
                owners_all[compact(v)].add((fn.split(".")[0], r["name"]))
    for k, v in sorted(owners_all.items()):
        if len({fn for fn, _ in v}) > 1:
            info.append(f"{k!r}: {sorted(v)}")

    if not quiet:
        for x in info:
            print("shared across files:", x)
    for x in warnings:
        print("warning:", x)
    for x in errors:
        print("error:", x)
    print(f"countries {len(countries)}, organizations {len(tables.get('organizations.tsv', []))}, "
          f"places {len(tables.get('places.tsv', []))}; {len(errors)} errors, {len(warnings)} warnings, "
          f"{len(info)} forms shared across files")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
