"""Validate OpenAPI documents with openapi-spec-validator, in one process.

Usage: openapi.py FILE...

API Gateway names the parameter of a greedy path /{proxy+} "proxy", as its
own exports do; OpenAPI validators read the template as a parameter named
"proxy+". Each document is checked as a copy with {name+} written {name}.
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
            text = GREEDY.sub(r"{\1}", f.read())
        try:
            validate(yaml.safe_load(text))
        except Exception as err:  # the validator raises several kinds
            failed += 1
            print(f"{path}: {err}", file=sys.stderr)
    print(f"openapi-spec-validator: {len(paths) - failed} of {len(paths)} documents valid")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
