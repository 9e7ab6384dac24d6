#!/usr/bin/env python3
"""Draws entities for an audit by reading.

usage: audit-sample.py DOSSIER_BIN CORPUS_DIR [--seed N] [--weighted 40] [--uniform 40] [--contexts 4]

Runs `DOSSIER_BIN entities --corpus CORPUS_DIR --format json` (with a fresh DOSSIER_CACHE_DIR),
keeps the entities the corpus mentions, and draws `--weighted` of them with probability
proportional to their mention count and `--uniform` more uniformly among the rest (without
replacement, `random.Random(seed)`). For each it prints its kind, name, country, spellings,
mention count and number of articles, then up to `--contexts` mentions from different
articles with the line and the mention marked [[like this]], for a reader to judge: real name,
boundaries, kind, country, merges, mentions.
"""
import json
import os
import random
import subprocess
import sys
import tempfile


def main():
    args = sys.argv[1:]
    opts = {"--seed": 20261130, "--weighted": 40, "--uniform": 40, "--contexts": 4}
    for k in list(opts):
        if k in args:
            i = args.index(k)
            opts[k] = int(args[i + 1])
            del args[i:i + 2]
    if len(args) != 2:
        print(__doc__)
        return 2
    binary, corpus = args
    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as cache:
        env["DOSSIER_CACHE_DIR"] = cache
        out = subprocess.run([binary, "entities", "--corpus", corpus, "--format", "json"],
                             capture_output=True, text=True, env=env, check=True).stdout
    data = json.loads(out)
    ents = data["entities"]
    by_id = {e["id"]: e for e in ents}
    mentioned = [e for e in ents if e.get("mentions")]
    rng = random.Random(opts["--seed"])
    pool = list(mentioned)
    picked = []
    for _ in range(min(opts["--weighted"], len(pool))):
        weights = [len(e["mentions"]) for e in pool]
        e = rng.choices(pool, weights=weights, k=1)[0]
        pool.remove(e)
        picked.append(("weighted", e))
    for e in rng.sample(pool, min(opts["--uniform"], len(pool))):
        picked.append(("uniform", e))
    lines_cache = {}

    def line_of(path, line):
        if path not in lines_cache:
            with open(path, encoding="utf-8", errors="replace") as f:
                lines_cache[path] = f.read().split("\n")
        ls = lines_cache[path]
        return ls[line] if line < len(ls) else ""

    def utf16_to_index(s, col):
        n = 0
        for i, ch in enumerate(s):
            if n >= col:
                return i
            n += 2 if ord(ch) > 0xFFFF else 1
        return len(s)

    for n, (how, e) in enumerate(picked, 1):
        country = by_id.get(e.get("country"), {}).get("name") if isinstance(e.get("country"), str) else e.get("country")
        arts = {m["path"] for m in e["mentions"]}
        print(f"## {n}. [{how}] {e['kind']} | {e['name']} | country: {country} | "
              f"{len(e['mentions'])} mentions in {len(arts)} articles | id {e['id']}")
        print(f"   spellings: {e.get('aliases', [])[:12]}")
        if e.get("roles"):
            print(f"   roles: {list(e['roles'])[:6]}")
        seen = set()
        shown = 0
        for m in e["mentions"]:
            if m["path"] in seen:
                continue
            seen.add(m["path"])
            r = m["range"]
            text = line_of(m["path"], r["start"]["line"])
            s = utf16_to_index(text, r["start"]["character"])
            t = utf16_to_index(text, r["end"]["character"]) if r["end"]["line"] == r["start"]["line"] else len(text)
            lo, hi = max(0, s - 160), min(len(text), t + 160)
            print(f"   - {os.path.basename(m['path'])}:{r['start']['line'] + 1}: …{text[lo:s]}[[{text[s:t]}]]{text[t:hi]}…")
            shown += 1
            if shown >= opts["--contexts"]:
                break
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
