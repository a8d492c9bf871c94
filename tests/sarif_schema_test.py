#!/usr/bin/env python3
"""`lint --format sarif` against the SARIF 2.1.0 JSON schema, and columns in every format.

Usage: sarif_schema_test.py --binary ECR_LIFECYCLE --fixtures DIR

The schema and its validator come from npm (`.ci/install-deps` installs
@microsoft/jest-sarif globally: its lib/schemas/sarif-2.1.0-rtm.5.json and the ajv 6 it
depends on, which reads the schema's draft-04). Nothing is installed here: without node or
that package the test says what is missing and exits 77, which ctest reports as skipped.

Checked: the SARIF log of a minified policy with a Japanese description (and an emoji, a
character above U+FFFF) plus every fixture policy is valid against the schema; the run says
`columnKind: utf16CodeUnits`; the column of the same warning is the UTF-16 column in SARIF,
the character column in text and GitHub annotations, and the byte column in JSON.
"""

import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
PACKAGE = "@microsoft/jest-sarif"
SCHEMA = "lib/schemas/sarif-2.1.0-rtm.5.json"

# Validates argv[3] (a SARIF log) against argv[2] with the ajv of argv[1]; prints the errors.
VALIDATE_JS = r"""
const [ajvPath, schemaPath, logPath] = process.argv.slice(1);
const Ajv = require(ajvPath);
const fs = require('fs');
const ajv = new Ajv({schemaId: 'auto', allErrors: true});
ajv.addMetaSchema(require(ajvPath + '/lib/refs/json-schema-draft-04.json'));
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));
if (!validate(JSON.parse(fs.readFileSync(logPath, 'utf8')))) {
  console.log(JSON.stringify(validate.errors, null, 1));
  process.exit(1);
}
"""

# Minified, as `aws ecr get-lifecycle-policy --query lifecyclePolicyText` prints it: the
# warning W0004 is at "any", after 3-byte (Japanese) and 4-byte (emoji) characters.
POLICY = ('{"rules":[{"rulePriority":1,"description":"本番以外のイメージを30日後に削除する 🚀",'
          '"selection":{"tagStatus":"any","countType":"sinceImagePushed","countUnit":"days",'
          '"countNumber":30},"action":{"type":"expire"}}]}')


def find_validator():
    """(ajv folder, schema file), or a sentence saying what is missing."""
    node = shutil.which("node")
    npm = shutil.which("npm")
    if node is None or npm is None:
        return "node and npm are not installed (apt-get install npm; see .ci/install-deps)"
    root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True).stdout.strip()
    package = pathlib.Path(root) / PACKAGE
    schema = package / SCHEMA
    for ajv in (package / "node_modules" / "ajv", pathlib.Path(root) / "ajv"):
        if schema.is_file() and (ajv / "lib" / "refs" / "json-schema-draft-04.json").is_file():
            return ajv, schema
    return ("%s is not installed globally (npm install -g %s@1.0.0-beta.0; see "
            ".ci/install-deps)" % (PACKAGE, PACKAGE))


def lint(binary, fmt, files):
    result = subprocess.run([binary, "lint", "--format", fmt] + [str(f) for f in files],
                            capture_output=True, text=True)
    if result.returncode not in (0, 1):
        raise SystemExit("FAIL: lint --format %s exited %d: %s"
                         % (fmt, result.returncode, result.stderr))
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--fixtures", required=True)
    args = parser.parse_args()
    found = find_validator()
    if isinstance(found, str):
        print("SKIP: SARIF schema check: " + found)
        return SKIP
    ajv, schema = found
    failures = 0
    with tempfile.TemporaryDirectory(prefix="ecrlc-sarif-") as work:
        policy = pathlib.Path(work) / "japanese.json"
        policy.write_text(POLICY, encoding="utf-8")
        fixtures = sorted(pathlib.Path(args.fixtures).glob("policies/*/*.json"))
        log = pathlib.Path(work) / "lint.sarif"
        log.write_text(lint(args.binary, "sarif", [policy] + fixtures).stdout, encoding="utf-8")
        checked = subprocess.run(["node", "-e", VALIDATE_JS, str(ajv), str(schema), str(log)],
                                 capture_output=True, text=True)
        if checked.returncode != 0:
            print("FAIL: the SARIF log is not valid against %s:\n%s%s"
                  % (schema, checked.stdout, checked.stderr))
            failures += 1
        sarif = json.loads(log.read_text(encoding="utf-8"))
        run = sarif["runs"][0]
        if run.get("columnKind") != "utf16CodeUnits":
            print("FAIL: expected columnKind utf16CodeUnits, got %r" % run.get("columnKind"))
            failures += 1
        if not any(r["ruleId"].startswith("E") for r in run["results"]):
            print("FAIL: expected errors of the invalid fixtures in the log")
            failures += 1

        # The same warning's column in each format, computed here from the text itself.
        at = POLICY.index('"any"')
        characters = at + 1
        utf16 = len(POLICY[:at].encode("utf-16-le")) // 2 + 1
        octets = len(POLICY[:at].encode("utf-8")) + 1
        assert characters < utf16 < octets
        ours = [r for r in run["results"] if r["locations"][0]["physicalLocation"]
                ["artifactLocation"]["uri"] == str(policy)]
        got = {
            "sarif": [r["locations"][0]["physicalLocation"]["region"]["startColumn"]
                      for r in ours],
            "text": lint(args.binary, "text", [policy]).stderr.split("\n")[0],
            "github": lint(args.binary, "github", [policy]).stdout.strip(),
            "json": [d["column"] for d in
                     json.loads(lint(args.binary, "json", [policy]).stdout)["files"][0]
                     ["diagnostics"]],
        }
        expected = {
            "sarif": [utf16],
            "text": "%s:1:%d: warning: /rules/0/selection/tagStatus:" % (policy, characters),
            "github": "::warning file=%s,line=1,col=%d,title=W0004::" % (policy, characters),
            "json": [octets],
        }
        for fmt, want in expected.items():
            value = got[fmt]
            ok = value.startswith(want) if isinstance(want, str) else value == want
            if not ok:
                print("FAIL: %s: expected %r, got %r" % (fmt, want, value))
                failures += 1
    if failures == 0:
        print("ok: SARIF valid against %s; columns: SARIF %d (UTF-16), text and github %d "
              "(characters), json %d (bytes)" % (schema.name, utf16, characters, octets))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
