"""Every policy file shown in the docs is valid: against the JSON Schema, and for cors-policy.

A ```json block that starts with `{` and has "allowed_origins" (or follows a line naming it a
policy file) is a policy-file example. Blocks marked `<!-- invalid policy -->` on the line before
are examples of mistakes: the schema or cors-policy must refuse them.
usage: check_doc_examples.py SCHEMA CORS_POLICY DOC...
"""
import json
import re
import subprocess
import sys
import tempfile

import jsonschema


def examples(path):
    text = open(path, encoding="utf-8").read()
    for match in re.finditer(r"(?P<before>[^\n]*)\n```json\n(?P<body>.*?)```", text, re.S):
        body = match.group("body")
        if not body.lstrip().startswith("{") or "allowed_origins" not in body:
            continue
        line = text.count("\n", 0, match.start("body")) + 1
        yield line, body, "invalid policy" in match.group("before")


def main():
    schema = json.load(open(sys.argv[1], encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    tool = sys.argv[2]
    failures = 0
    count = 0
    for doc in sys.argv[3:]:
        for line, body, invalid in examples(doc):
            count += 1
            where = f"{doc}:{line}"
            schema_errors = list(validator.iter_errors(json.loads(body)))
            with tempfile.NamedTemporaryFile("w", suffix=".json") as f:
                f.write(body)
                f.flush()
                check = subprocess.run([tool, "check", f.name], capture_output=True, text=True)
            if invalid:
                if not schema_errors and check.returncode == 0:
                    print(f"{where}: an example of a mistake, yet valid")
                    failures += 1
                continue
            for error in schema_errors:
                print(f"{where}: schema: {error.message}")
                failures += 1
            if check.returncode != 0:
                print(f"{where}: cors-policy check: {check.stdout}{check.stderr}")
                failures += 1
    if count == 0:
        print("no policy-file example found")
        return 1
    print(f"{count} policy-file examples checked, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
