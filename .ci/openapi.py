"""Validate OpenAPI documents with openapi-spec-validator, in one process.

Usage: openapi.py FILE...

API Gateway names the parameter of a greedy path /{proxy+} "proxy", as its
own exports do; OpenAPI validators read the template as a parameter named
"proxy+". Each document is checked as a copy with {name+} written {name},
and, for a greedy path, a path-level declaration of that parameter: a CORS
preflight of a greedy path declares none (its mock integration reads none,
and linters would read the declaration as an undeclared "proxy+").
Exits 1 if any document is invalid.
"""

import re
import sys

import yaml
from openapi_spec_validator import validate

GREEDY = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\+\}")


def main(paths):
    failed = 0
    for path in paths:
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        paths_ = {}
        for template, item in (doc.get("paths") or {}).items():
            greedy = GREEDY.findall(template)
            if greedy:
                item = dict(item)
                declared = item.get("parameters", [])
                item["parameters"] = declared + [
                    {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
                    for name in greedy
                    if not any(p.get("name") == name and p.get("in") == "path" for p in declared)
                ]
            paths_[GREEDY.sub(r"{\1}", template)] = item
        doc["paths"] = paths_
        try:
            validate(doc)
        except Exception as err:  # the validator raises several kinds
            failed += 1
            print(f"{path}: {err}", file=sys.stderr)
    print(f"openapi-spec-validator: {len(paths) - failed} of {len(paths)} documents valid")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
