#!/usr/bin/env python3
"""Regenerates diff/replacements.json: for every resource type ecsgate
emits (the types in the golden templates), the properties whose change makes
CloudFormation replace the resource, from the resource schemas cfn-lint ships
(createOnlyProperties, and conditionalCreateOnlyProperties for changes that
replace only in some cases).

Run from the module root: python3 diff/replacements.py
"""
import glob
import json
import re

from cfnlint.schema import PROVIDER_SCHEMA_MANAGER

types = set()
for path in glob.glob("golden/**/*.yaml", recursive=True):
    if path.endswith("blueprint.yaml") or path.endswith("openapi.yaml") or path.endswith("buildspec.yml"):
        continue
    section = None
    for line in open(path, encoding="utf-8"):
        if re.match(r"^[A-Za-z]", line):
            section = line.split(":")[0]
        m = re.match(r"^    Type: (AWS::[A-Za-z0-9:]+)\s*$", line)
        if m and section == "Resources":  # not a Parameter's type
            types.add(m.group(1))

out = {}
for t in sorted(types):
    schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema("us-east-1", t).schema
    strip = lambda ps: sorted(p.removeprefix("/properties/") for p in ps or [])
    out[t] = {
        "replace": strip(schema.get("createOnlyProperties")),
        "conditional": strip(schema.get("conditionalCreateOnlyProperties")),
    }
with open("diff/replacements.json", "w", encoding="utf-8") as f:
    json.dump(out, f, indent=2, sort_keys=True)
    f.write("\n")
print(f"diff/replacements.json: {len(out)} resource types")
