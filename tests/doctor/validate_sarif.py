"""Validates a SARIF log against the SARIF 2.1.0 JSON schema, with Debian's python3-jsonschema.

Usage: python3 validate_sarif.py SCHEMA LOG. Prints "valid SARIF 2.1.0: N result(s)" and exits 0,
or prints each violation with its JSON path and exits 1.
"""
import json
import sys

import jsonschema


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    with open(sys.argv[2], encoding="utf-8") as f:
        log = json.load(f)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    errors = sorted(validator_class(schema).iter_errors(log), key=lambda e: list(e.path))
    for error in errors:
        print("/".join(str(p) for p in error.path) + ": " + error.message)
    if errors:
        return 1
    results = sum(len(run.get("results", [])) for run in log["runs"])
    print(f"valid SARIF 2.1.0: {results} result(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
