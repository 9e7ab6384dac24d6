#!/usr/bin/env python3
"""Runs `dossier check` on a note and compares every finding (any severity) with the expected
ones.

usage: check_expect.py DOSSIER_BIN CORPUS_DIR NOTE.md NOTE.expect.json

The expectation file is {"findings": [{"line": N, "code": "..."}, ...]} (1-based lines); the
precision notes expect none. Prints each difference and exits 1 when there is one.
"""
import json
import subprocess
import sys


def main() -> int:
    if len(sys.argv) != 5:
        print(__doc__)
        return 2
    binary, corpus, note, expect_path = sys.argv[1:]
    run = subprocess.run(
        [binary, "check", "--corpus", corpus, "--format", "json", note],
        capture_output=True, text=True, timeout=600,
    )
    if run.returncode not in (0, 1):
        print(f"check exited {run.returncode}: {run.stderr.strip()[:400]}")
        return 1
    got = []
    for entry in json.loads(run.stdout).get("files", []):
        for d in entry.get("diagnostics", []):
            got.append((d["range"]["start"]["line"] + 1, str(d.get("code")), d.get("message", "")))
    want = {(f["line"], f["code"]) for f in json.load(open(expect_path))["findings"]}
    bad = 0
    for line, code, message in sorted(got):
        if (line, code) not in want:
            bad += 1
            print(f"{note}:{line}: unexpected {code}: {message}")
    for line, code in sorted(want - {(l, c) for l, c, _ in got}):
        bad += 1
        print(f"{note}:{line}: missing {code}")
    print(f"{note}: {len(got)} finding(s), {bad} difference(s) from {expect_path}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
