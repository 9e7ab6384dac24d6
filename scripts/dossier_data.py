"""Shared helpers for the scripts that regenerate Dossier's built-in data files (data/*.tsv).

The folding here mirrors `src/base/text.rs` (`fold` and `compact_key`), so the uniqueness checks
made by the generators are the ones the Rust loader will see.
"""

import os
import sys
import unicodedata

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(REPO, "data")

_SPECIAL = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'", "\u2032": "'",
    "\u0110": "d", "\u0111": "d", "\u00d0": "d",
    "\u0141": "l", "\u0142": "l",
    "\u00d8": "o", "\u00f8": "o",
    "\u00df": "ss",
    "\u00c6": "ae", "\u00e6": "ae",
    "\u0152": "oe", "\u0153": "oe",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\t": " ",
}


def fold(s: str) -> str:
    """Lower case, no diacritics, straight apostrophes and hyphens, single spaces (= text.rs fold)."""
    out = []
    for c in s:
        if c in _SPECIAL:
            out.append(_SPECIAL[c])
        elif "\u2010" <= c <= "\u2015" or c == "\u2212":
            out.append("-")
        elif c.isascii():
            out.append(c.lower())
        else:
            for d in unicodedata.normalize("NFD", c):
                if not unicodedata.combining(d):
                    out.append(d.lower())
    return " ".join("".join(out).split())


def compact(s: str) -> str:
    """fold() keeping only alphanumerics (= text.rs compact_key): `Hà Nội` = `Hanoi`, `U.S.` = `US`."""
    return "".join(c for c in fold(s) if c.isalnum())


def ascii_fold(s: str) -> str:
    """The name without diacritics but with its case kept: `Bogotá` -> `Bogota`, `Đà Nẵng` -> `Da Nang`."""
    out = []
    for c in s:
        if c in ("\u0110", "\u00d0"):
            out.append("D")
        elif c == "\u0111":
            out.append("d")
        elif c == "\u0141":
            out.append("L")
        elif c == "\u0142":
            out.append("l")
        elif c == "\u00d8":
            out.append("O")
        elif c == "\u00f8":
            out.append("o")
        elif c == "\u00df":
            out.append("ss")
        elif c == "\u00c6":
            out.append("Ae")
        elif c == "\u00e6":
            out.append("ae")
        elif c == "\u0152":
            out.append("Oe")
        elif c == "\u0153":
            out.append("oe")
        elif c == "\u0131":  # dotless i
            out.append("i")
        elif c in "\u2019\u2018\u02bc\u02bb\u00b4`":
            out.append("'")
        else:
            for d in unicodedata.normalize("NFD", c):
                if not unicodedata.combining(d):
                    out.append(d)
    return "".join(out)


def straighten(s: str) -> str:
    """Curly apostrophes and okina-like marks to a straight apostrophe; squeezes spaces."""
    for c in "\u2019\u2018\u02bc\u02bb\u00b4`":
        s = s.replace(c, "'")
    return " ".join(s.split())


def is_latin(s: str) -> bool:
    """True when every letter of `s` is in the Latin script (punctuation, spaces, digits allowed)."""
    for c in s:
        if c.isalpha():
            try:
                if "LATIN" not in unicodedata.name(c):
                    return False
            except ValueError:
                return False
        elif unicodedata.category(c).startswith("M"):
            continue
    return True


def has_diacritics(s: str) -> bool:
    return ascii_fold(s) != s


def load_words(path="/usr/share/dict/words"):
    """The wamerican word list: the set of entries as written (proper nouns are capitalised)."""
    if not os.path.exists(path):
        sys.exit(f"missing {path}: apt-get install -y wamerican")
    with open(path, encoding="utf-8", errors="replace") as f:
        return {w.strip() for w in f if w.strip()}


def is_dictionary_word(name: str, words) -> bool:
    """True when the folded (lower-case, no diacritics) name is itself a lower-case dictionary word."""
    f = fold(name)
    return f in words


def check_cell(value: str, where: str):
    if "\t" in value or "\n" in value or "\r" in value:
        raise SystemExit(f"{where}: cell contains a tab or newline: {value!r}")


def write_tsv(path, header, rows):
    """Writes a UTF-8 TSV with a header line; every row has every column; `|` joins lists."""
    n = len(header)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(header) + "\n")
        for r in rows:
            cells = ["|".join(c) if isinstance(c, (list, tuple)) else ("" if c is None else str(c)) for c in r]
            if len(cells) != n:
                raise SystemExit(f"{path}: row has {len(cells)} columns, want {n}: {cells}")
            for c in cells:
                check_cell(c, path)
            f.write("\t".join(cells) + "\n")


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    header = lines[0].split("\t")
    rows = []
    for i, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        if len(cells) != len(header):
            raise SystemExit(f"{path}:{i}: {len(cells)} columns, want {len(header)}")
        rows.append(dict(zip(header, cells)))
    return header, rows


def split_list(cell: str):
    return [x for x in cell.split("|") if x] if cell else []


def dedupe(items):
    """Drops exact duplicates and empty strings, keeping the first occurrence's order."""
    seen = set()
    out = []
    for x in items:
        if x and x not in seen:
            seen.add(x)
            out.append(x)
    return out
