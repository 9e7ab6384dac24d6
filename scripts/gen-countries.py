#!/usr/bin/env python3
"""Regenerates data/countries.tsv.

Sources (see data/README.md for licences and install steps):
  * world-countries (npm, mledoze/countries, ODbL-1.0): codes, common/official names,
    altSpellings, English demonyms.
  * iso-codes (Debian package, LGPL-2.1+): ISO 3166-1 short and official names.
  * the curated overrides below (news usage), written for Dossier.

Usage:
  python3 scripts/gen-countries.py [--world-countries PATH] [--iso-codes PATH]

Fails (exit status 1) when a name, alias or demonym maps to two countries after folding
(case, diacritics, apostrophes: the loader's `fold`) or after compacting (also spaces, dots,
hyphens: the loader's `compact_key`).
"""

import argparse
import json
import os
import re
import sys
from collections import defaultdict

sys.dont_write_bytecode = True  # no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dossier_data import DATA, compact, dedupe, fold, is_latin, straighten, write_tsv  # noqa: E402

DEFAULT_WC = "/tmp/dossier-src/node_modules/world-countries/countries.json"
DEFAULT_ISO = "/usr/share/iso-codes/json/iso_3166-1.json"

# --- curated overrides -------------------------------------------------------------------

# Common English short name, where it differs from world-countries' name.common.
NAME = {
    "TR": "Turkey",  # world-countries: Türkiye (kept as an alias); English news mostly says Turkey
}

# Aliases added for news usage (acronyms included: they are listed in data/README.md).
ADD_ALIASES = {
    "US": ["United States of America", "USA", "U.S.", "U.S.A.", "US", "America"],
    "GB": ["UK", "U.K.", "Great Britain", "Britain", "United Kingdom of Great Britain and Northern Ireland"],
    "LA": ["Lao PDR", "Lao P.D.R.", "Lao People's Democratic Republic"],
    "VN": ["Viet Nam", "Việt Nam", "Socialist Republic of Vietnam", "Socialist Republic of Viet Nam"],
    "MM": ["Burma", "Republic of the Union of Myanmar"],
    "KH": ["Kingdom of Cambodia", "Kampuchea"],
    "TH": ["Kingdom of Thailand"],
    "KR": ["Republic of Korea", "ROK", "Korea Republic", "Korea"],  # bare "Korea" in news: the ROK
    "KP": ["DPRK", "D.P.R.K.", "Democratic People's Republic of Korea"],
    "CN": ["PRC", "People's Republic of China", "Mainland China"],
    "TW": ["Republic of China", "Chinese Taipei"],
    "RU": ["Russian Federation"],
    "CZ": ["Czech Republic"],
    "TR": ["Türkiye", "Turkiye", "Republic of Türkiye", "Republic of Turkey"],
    "CI": ["Côte d'Ivoire", "Cote d'Ivoire", "Ivory Coast", "Republic of Côte d'Ivoire"],
    "TL": ["East Timor", "Timor-Leste", "Timor Leste", "Democratic Republic of Timor-Leste"],
    "CD": ["DRC", "D.R.C.", "DR Congo", "D.R. Congo", "Democratic Republic of the Congo",
           "Democratic Republic of Congo", "Congo-Kinshasa"],
    "CG": ["Republic of the Congo", "Republic of Congo", "Congo-Brazzaville"],
    "MK": ["Macedonia", "Republic of North Macedonia", "Former Yugoslav Republic of Macedonia", "FYR Macedonia"],
    "SZ": ["Swaziland", "Kingdom of Eswatini"],
    "CV": ["Cabo Verde", "Republic of Cabo Verde"],
    "AE": ["UAE", "U.A.E."],
    "SA": ["KSA", "Kingdom of Saudi Arabia"],
    "ZA": ["RSA", "Republic of South Africa"],
    "PG": ["PNG"],
    "NZ": ["NZ", "Aotearoa"],
    "BA": ["BiH", "Bosnia-Herzegovina", "Bosnia"],
    "PS": ["State of Palestine", "Palestinian Territories", "Palestinian territories",
           "Occupied Palestinian Territory", "Occupied Palestinian Territories"],
    "VA": ["Holy See", "Vatican"],
    "GM": ["The Gambia"],
    "BS": ["The Bahamas"],
    "IR": ["Islamic Republic of Iran"],
    "SY": ["Syrian Arab Republic"],
    "MD": ["Republic of Moldova"],
    "BN": ["Brunei Darussalam"],
    "HK": ["Hong Kong SAR", "HKSAR", "Hong Kong Special Administrative Region"],
    "MO": ["Macao", "Macau SAR", "Macao SAR", "Macao Special Administrative Region"],
    "FK": ["Falklands"],
    "VI": ["U.S. Virgin Islands", "US Virgin Islands"],
    "VG": ["BVI"],
    "UM": ["U.S. Minor Outlying Islands"],
    "XK": ["Republic of Kosovo"],
    "DE": ["Deutschland"],
    "AX": ["Aland Islands"],
    "IN": ["Bharat"],
    "ST": ["Sao Tome and Principe", "São Tomé and Príncipe"],
    "GS": ["South Georgia and the South Sandwich Islands"],
    "SH": ["Saint Helena"],
    "KN": ["Saint Kitts and Nevis"],
    "CW": ["Curacao"],
    "RE": ["Reunion"],
    "BL": ["Saint Barthelemy"],
}

# Aliases from the sources that are dropped: English words, ambiguous or not used in English news.
DROP_ALIASES = {
    "IS": ["Island"],                 # Icelandic name, an English word
    "IM": ["Mann"],                   # surname
    "TL": ["Timor"],                  # the island is shared with Indonesia
    "TH": ["Thai", "Prathet"],        # demonym / 'country'
    "LA": ["Lao"],                    # kept as a demonym
    "TG": ["Togolese"],               # demonym
    "SA": ["Saudi"],                  # kept as a demonym
    "MX": ["Mexicanos"],
    "PT": ["Portuguesa"],
    "AE": ["Emirates"],               # usually the airline
    "CG": ["Congo"],                  # ambiguous between CG and CD
    "VG": ["Virgin Islands"],         # ambiguous between VG and VI
    "GF": ["Guiana"],                 # the wider Guiana region
    "FJ": ["Viti"],
    "CN": ["Zhonghua"],
    "DM": ["Dominique"],              # French name; a first name
}

# Demonyms added (news usage), replaced, or dropped.
ADD_DEMONYMS = {
    "LA": ["Lao", "Laotian"],
    "PH": ["Filipino", "Filipina", "Philippine"],
    "KH": ["Cambodian", "Khmer"],
    "MM": ["Burmese"],
    "GB": ["British", "Briton"],
    "KG": ["Kyrgyz", "Kyrgyzstani"],
    "TJ": ["Tajik", "Tajikistani"],
    "KZ": ["Kazakh", "Kazakhstani"],
    "UZ": ["Uzbek", "Uzbekistani"],
    "MV": ["Maldivian"],
    "CV": ["Cape Verdean"],
    "DJ": ["Djiboutian"],
    "GI": ["Gibraltarian"],
    "EC": ["Ecuadorian", "Ecuadorean"],
    "NP": ["Nepali", "Nepalese"],
    "DK": ["Danish", "Dane"],
    "SE": ["Swedish", "Swede"],
    "ES": ["Spanish", "Spaniard"],
    "TR": ["Turkish", "Turk"],
    "HR": ["Croatian", "Croat"],
    "RS": ["Serbian", "Serb"],
    "SI": ["Slovene", "Slovenian"],
    "SK": ["Slovak", "Slovakian"],
    "AR": ["Argentine", "Argentinian"],
    "SA": ["Saudi", "Saudi Arabian"],
    "HK": ["Hong Konger", "Hongkonger"],
    "XK": ["Kosovar", "Kosovan"],
    "LU": ["Luxembourger", "Luxembourgish"],
    "IS": ["Icelander", "Icelandic"],
    "BW": ["Motswana", "Batswana", "Botswanan"],
    "LS": ["Mosotho", "Basotho"],
    "TL": ["East Timorese", "Timorese"],
    "GW": ["Bissau-Guinean", "Guinea-Bissauan"],
    "GQ": ["Equatorial Guinean", "Equatoguinean"],
    "KM": ["Comoran", "Comorian"],
    "BF": ["Burkinabe", "Burkinabè"],
    "KN": ["Kittitian", "Nevisian"],
    "TT": ["Trinidadian", "Tobagonian"],
    "VC": ["Saint Vincentian", "Vincentian"],
    "BB": ["Barbadian", "Bajan"],
    "SR": ["Surinamese", "Surinamer"],
    "GF": ["French Guianese", "Guianan"],
    "MC": ["Monegasque", "Monégasque"],
    "GL": ["Greenlandic", "Greenlander"],
    "MK": ["Macedonian", "North Macedonian"],
    "BA": ["Bosnian", "Herzegovinian"],
    "AE": ["Emirati"],
    "NZ": ["New Zealander"],
    "CZ": ["Czech"],
    "AG": ["Antiguan", "Barbudan"],
    "ST": ["Sao Tomean", "São Toméan"],
}
DROP_DEMONYMS = {
    # wrong or outdated spellings in the source (replaced above)
    "KG": ["Kirghiz"], "TJ": ["Tadzhik"], "MV": ["Maldivan"], "CV": ["Cape Verdian"],
    "DJ": ["Djibouti"], "GI": ["Gibraltar"],
    "KN": ["Kittitian or Nevisian"],
    # ambiguous with a region (see data/README.md)
    "CF": ["Central African"],
    "FM": ["Micronesian"],
    "AQ": ["Antarctican"],
}

ACRONYM_OK = {"US", "UK", "NZ"}  # two-letter aliases kept (all others dropped)

# ------------------------------------------------------------------------------------------


def uninvert(name: str) -> str:
    """ISO style 'Korea, Republic of' -> 'Republic of Korea'; 'Virgin Islands, British' -> 'British Virgin Islands'."""
    m = re.match(r"^(.*?), (.*)$", name)
    if not m:
        return name
    head, tail = m.group(1), m.group(2)
    if re.search(r"\b(of|of the)$", tail):
        out = f"{tail} {head}"
    elif tail in ("British", "U.S."):
        out = f"{tail} {head}"
    else:
        return name
    out = re.sub(r"^[Tt]he ", "", out)
    return out


def keep_alias(a: str, iso2: str) -> bool:
    if not a or not is_latin(a):
        return False
    if len(a) <= 2 and a not in ACRONYM_OK:
        return False
    if not a[0].isupper():  # 'al-Jumhūriyyah ...', 'weSwatini', 'ilaṅkai'
        return False
    if "(" in a or ")" in a:  # 'Falkland Islands (Malvinas)', 'Sint Maarten (Dutch part)'
        return False
    if re.search(r", ", a):  # ISO inverted forms are un-inverted before this check
        return False
    if any(ch in a for ch in "\u02be\u02bf\u02bb"):  # scholarly transliterations
        return False
    return True


def split_demonym(d: str):
    parts = re.split(r",\s*|\s+or\s+", d)
    return [p.strip() for p in parts if p.strip()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--world-countries", default=os.environ.get("WORLD_COUNTRIES", DEFAULT_WC))
    ap.add_argument("--iso-codes", default=os.environ.get("ISO_CODES", DEFAULT_ISO))
    ap.add_argument("--out", default=os.path.join(DATA, "countries.tsv"))
    args = ap.parse_args()

    if not os.path.exists(args.world_countries):
        sys.exit(f"missing {args.world_countries}: run `npm install world-countries` in /tmp/dossier-src")
    if not os.path.exists(args.iso_codes):
        sys.exit(f"missing {args.iso_codes}: apt-get install -y iso-codes")
    wc = json.load(open(args.world_countries, encoding="utf-8"))
    iso = {c["alpha_2"]: c for c in json.load(open(args.iso_codes, encoding="utf-8"))["3166-1"]}

    rows = {}
    independent = {}
    for c in wc:
        iso2 = c["cca2"]
        name = NAME.get(iso2, c["name"]["common"])
        iso3 = c["cca3"]
        numeric = c.get("ccn3") or ""
        if iso2 == "XK":
            iso3 = "XKX"  # user-assigned; world-countries has the UN's 'UNK'
            numeric = ""
        if iso2 in iso:
            # the ISO record wins for codes
            assert iso[iso2]["alpha_3"] == iso3, (iso2, iso3)
            numeric = iso[iso2]["numeric"]

        aliases = [c["name"]["official"]] + list(c.get("altSpellings", []))
        if iso2 in iso:
            for k in ("name", "official_name", "common_name"):
                if k in iso[iso2]:
                    aliases.append(uninvert(iso[iso2][k]))
        aliases = [straighten(uninvert(a)) for a in aliases]
        aliases += [straighten(a) for a in ADD_ALIASES.get(iso2, [])]
        if name != c["name"]["common"]:
            aliases.append(straighten(c["name"]["common"]))
        drop = set(DROP_ALIASES.get(iso2, []))
        aliases = [a for a in aliases if a not in drop]
        # 'Saint X' is also written 'St X' and 'St. X' in news
        extra = []
        for a in [name] + aliases:
            if a.startswith("Saint "):
                extra += ["St " + a[6:], "St. " + a[6:]]
        aliases += extra
        aliases = [a for a in aliases if keep_alias(a, iso2) or a in ADD_ALIASES.get(iso2, [])]
        aliases = [a for a in dedupe(aliases) if a != name]

        dem = []
        eng = (c.get("demonyms") or {}).get("eng") or {}
        for k in ("m", "f"):
            if eng.get(k):
                dem += split_demonym(eng[k])
        dem += ADD_DEMONYMS.get(iso2, [])
        ddrop = set(DROP_DEMONYMS.get(iso2, []))
        dem = dedupe([straighten(d) for d in dem if d not in ddrop])

        rows[iso2] = {"iso2": iso2, "iso3": iso3, "numeric": numeric, "name": name,
                      "aliases": aliases, "demonyms": dem}
        independent[iso2] = bool(c.get("independent"))

    missing = sorted(set(iso) - set(rows))
    if missing:
        sys.exit(f"ISO 3166-1 codes missing from world-countries: {missing}")

    # Demonyms shared by several entries: keep on the one independent state when the others are
    # dependent territories ('French' for France, not the French Southern Lands), else drop.
    by_dem = defaultdict(set)
    for iso2, r in rows.items():
        for d in r["demonyms"]:
            by_dem[fold(d)].add(iso2)
    dropped_demonyms = []
    for key, holders in sorted(by_dem.items()):
        if len(holders) < 2:
            continue
        indep = [h for h in holders if independent[h]]
        keep = indep[0] if len(indep) == 1 else None
        for h in holders:
            if h != keep:
                rows[h]["demonyms"] = [d for d in rows[h]["demonyms"] if fold(d) != key]
        if keep is None:
            dropped_demonyms.append((key, sorted(holders)))
    for key, holders in dropped_demonyms:
        print(f"dropped ambiguous demonym {key!r}: {','.join(holders)}", file=sys.stderr)

    # Every name, alias and demonym must identify one country (fold and compact keys).
    errors = []
    for keyf in (fold, compact):
        owner = defaultdict(set)
        for iso2, r in rows.items():
            for v in [r["name"]] + r["aliases"] + r["demonyms"]:
                owner[keyf(v)].add(iso2)
        for k, v in sorted(owner.items()):
            if len(v) > 1:
                errors.append(f"{keyf.__name__} key {k!r} maps to {sorted(v)}")
    if errors:
        print("\n".join(errors), file=sys.stderr)
        sys.exit(1)

    out = sorted(rows.values(), key=lambda r: r["iso2"])
    write_tsv(args.out, ["iso2", "iso3", "numeric", "name", "aliases", "demonyms"],
              [[r["iso2"], r["iso3"], r["numeric"], r["name"], r["aliases"], r["demonyms"]] for r in out])
    print(f"wrote {args.out}: {len(out)} countries", file=sys.stderr)


if __name__ == "__main__":
    main()
