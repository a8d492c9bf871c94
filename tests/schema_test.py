#!/usr/bin/env python3
"""The policy JSON Schema against the engine: both must agree on every structural fault.

Usage: schema_test.py --binary ECR_LIFECYCLE --schema SCHEMA --fixtures DIR

Checks the schema itself (Draft 2020-12 meta-schema), then, for every fixture policy in
DIR/policies/{valid,invalid}, compares the schema's verdict with the engine's
(one `ecr-lifecycle lint --format json FILE...` run). A fixture whose only engine errors are of the kinds
a schema cannot express (SCHEMA_BLIND_CODES) must be accepted by the schema; any other
fixture must get the same verdict from both, except fixtures whose only other errors are
SCHEMA_EITHER_CODES. In a get-lifecycle-policy wrapper, the policy
schema checks the lifecyclePolicyText and WRAPPER_SCHEMA the wrapper. Files that are not JSON
(or whose lifecyclePolicyText is not JSON) are skipped.
"""

import argparse
import json
import pathlib
import subprocess
import sys

import jsonschema

# Engine error codes for faults that no JSON Schema can see (docs/diagnostics.md): checks
# across rules (V1 unique priorities, V6 'any' last, V7 one 'untagged', V8 identical tag
# sets), the length of the policy text (V15), duplicate keys (a parsed JSON value has none),
# and integers written as 1.0 or 1e2 (equal to integers in JSON Schema's data model).
SCHEMA_BLIND_CODES = {
    "E0004": "policy text shorter than 100 or longer than 30,720 characters (V15)",
    "E0104": "duplicate key",
    "E0201": "duplicate rulePriority (V1)",
    "E0206": "'any' rule is not the last of its storage class (V6)",
    "E0207": "more than one 'untagged' rule in a storage class (V7)",
    "E0208": "two rules with the same tag prefix or pattern set (V8)",
}


# Codes on which the schema may go either way: JSON Schema's data model cannot tell 1.0 or 1e2
# from an integer (accepted when in range), while 1e400 is out of range (rejected).
SCHEMA_EITHER_CODES = {
    "E0106": "number with a fraction or exponent where an integer is required",
}

# The get-lifecycle-policy output around a policy (checked by the engine too, so checked here
# with the policy schema applied to lifecyclePolicyText).
WRAPPER_SCHEMA = {
    "type": "object",
    "required": ["lifecyclePolicyText"],
    "additionalProperties": False,
    "properties": {
        "registryId": {"type": "string"},
        "repositoryName": {"type": "string"},
        "lifecyclePolicyText": {"type": "string"},
        "lastEvaluatedAt": {"type": ["string", "number"]},
    },
}


def reject_constant(name):
    raise ValueError(f"not JSON: {name}")


def first_value_wins(pairs):
    """Keep the first of duplicate keys, as the engine does after reporting the duplicate."""
    result = {}
    for key, value in pairs:
        result.setdefault(key, value)
    return result


def parse_json(text):
    document = json.loads(text, parse_constant=reject_constant,
                          object_pairs_hook=first_value_wins)
    # Python accepts lone surrogate escapes ("\ud800"), which are not text: not JSON for us.
    json.dumps(document, ensure_ascii=False).encode("utf-8")
    return document


def load_policy(path):
    """(wrapper or None, policy document), or None when the file is not JSON."""
    try:
        document = parse_json(path.read_bytes().decode("utf-8"))
        if isinstance(document, dict) and "lifecyclePolicyText" in document:
            text = document["lifecyclePolicyText"]
            return document, parse_json(text) if isinstance(text, str) else None
    except (UnicodeError, ValueError, RecursionError):
        return None
    return None, document


def engine_verdicts(binary, paths):
    """{path: (valid, sorted error codes)} from one `lint --format json` run over all paths."""
    run = subprocess.run([binary, "lint", "--format", "json", *map(str, paths)],
                         capture_output=True, text=True, timeout=300)
    if run.returncode not in (0, 1):
        raise RuntimeError(f"lint exited {run.returncode}: {run.stderr.strip()}")
    verdicts = {}
    for entry in json.loads(run.stdout)["files"]:
        codes = sorted({d["code"] for d in entry["diagnostics"] if d["severity"] == "error"})
        if entry["valid"] != (not codes):
            raise RuntimeError(f"{entry['file']}: valid is {entry['valid']} but errors {codes}")
        verdicts[entry["file"]] = (entry["valid"], codes)
    if len(verdicts) != len(paths):
        raise RuntimeError(f"lint reported {len(verdicts)} files of {len(paths)}")
    return verdicts


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--schema", required=True)
    parser.add_argument("--fixtures", required=True)
    args = parser.parse_args()

    schema = json.loads(pathlib.Path(args.schema).read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    wrapper_validator = jsonschema.Draft202012Validator(WRAPPER_SCHEMA)

    fixtures = sorted(p for kind in ("valid", "invalid")
                      for p in (pathlib.Path(args.fixtures) / "policies" / kind).iterdir()
                      if p.suffix == ".json")
    checked = skipped = blind = either = 0
    disagreements = []
    verdicts = engine_verdicts(args.binary, fixtures)
    for path in fixtures:
        name = f"{path.parent.name}/{path.name}"
        loaded = load_policy(path)
        if loaded is None:
            skipped += 1
            continue
        checked += 1
        wrapper, document = loaded
        errors = list(validator.iter_errors(document)) if document is not None else []
        if wrapper is not None:
            errors += wrapper_validator.iter_errors(wrapper)
        schema_errors = sorted(f"/{'/'.join(map(str, e.absolute_path))}: {e.message}"
                               for e in errors)
        engine_ok, codes = verdicts[str(path)]
        if not engine_ok and set(codes) & SCHEMA_EITHER_CODES.keys() and \
                set(codes) <= SCHEMA_BLIND_CODES.keys() | SCHEMA_EITHER_CODES.keys():
            either += 1
            continue
        schema_blind = not engine_ok and set(codes) <= SCHEMA_BLIND_CODES.keys()
        blind += schema_blind
        expect_schema_ok = engine_ok or schema_blind
        if expect_schema_ok != (not schema_errors):
            engine = "valid" if engine_ok else "invalid " + ",".join(codes)
            detail = "; ".join(schema_errors[:3]) if schema_errors else "schema accepts"
            disagreements.append(f"{name}: engine {engine}, {detail}")

    for line in disagreements:
        print("DISAGREE", line)
    print(f"{checked} fixtures checked ({blind} with schema-blind errors only, {either} not "
          f"compared: integers spelled 1.0 or 1e2), {skipped} not JSON skipped, "
          f"{len(disagreements)} disagreements")
    if checked == 0:
        print("no fixture policy found")
        return 1
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
