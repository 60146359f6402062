#!/usr/bin/env python3
"""Reads Spectral's JSON report and fails on any error, and on any warning
about an operation (paths.<path>.<method>...): client teams generate SDKs
from the document, so every operation must be complete. Document-level
warnings (info-contact) are printed, not failed."""
import json
import sys

findings = json.load(open(sys.argv[1]))
failed = []
for f in findings:
    path = f.get("path", [])
    operation = len(path) >= 3 and path[0] == "paths"
    line = f'{f["source"]}:{f["range"]["start"]["line"] + 1}: {f["code"]}: {f["message"]} ({".".join(map(str, path))})'
    if f["severity"] == 0 or (f["severity"] == 1 and operation):
        failed.append(line)
    elif f["severity"] <= 1:
        print("spectral (document level, allowed):", line)
for line in failed:
    print("spectral:", line, file=sys.stderr)
documents = len(sys.argv) - 2
if failed:
    sys.exit(f"spectral: {len(failed)} errors or operation-level warnings")
print(f"spectral: no errors and no operation-level warnings in {documents} documents")
