#!/usr/bin/env python3
"""Every template diagnostic points at the right character, in every format.

Usage: templates_positions_test.py --binary ECR_LIFECYCLE --fixtures DIR

For every file of DIR (fixtures/templates): `lint --format json`, `--format sarif` and
`--format github` must give the same line and column for each diagnostic, in the same order.
Then, independently of the engine, each template is read with PyYAML or Python's json, the
policy string of the diagnostic's resource is found by its name, and a small JSON reader gives
where the value (or its key) at the diagnostic's pointer starts in that string: the file's
bytes at the reported line:column must be that character and the ones after it (up to an
escape or a line break, where the file and the string differ by design).
"""

import argparse
import json
import pathlib
import re
import subprocess
import sys

import yaml


class CfnLoader(yaml.SafeLoader):
    """PyYAML with CloudFormation's short tags, each read as {"!Tag": value}."""


def _tagged(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {"!" + suffix: value}


CfnLoader.add_multi_constructor("!", _tagged)


def json_positions(text):
    """{pointer: (value_start, key_start)} for a JSON text (offsets in characters)."""
    positions = {}
    i = 0

    def skip(i):
        while i < len(text) and text[i] in " \t\r\n":
            i += 1
        return i

    def string_end(i):
        i += 1
        while text[i] != '"':
            i += 2 if text[i] == "\\" else 1
        return i + 1

    def value(i, pointer, key_start):
        i = skip(i)
        positions[pointer] = (i, key_start)
        if text[i] == "{":
            i = skip(i + 1)
            while text[i] != "}":
                key_at = i
                end = string_end(i)
                key = json.loads(text[i:end]).replace("~", "~0").replace("/", "~1")
                i = skip(end)
                assert text[i] == ":"
                i = skip(value(i + 1, pointer + "/" + key, key_at))
                if text[i] == ",":
                    i = skip(i + 1)
            return i + 1
        if text[i] == "[":
            i = skip(i + 1)
            index = 0
            while text[i] != "]":
                i = skip(value(i, pointer + "/" + str(index), None))
                index += 1
                if text[i] == ",":
                    i = skip(i + 1)
            return i + 1
        if text[i] == '"':
            return string_end(i)
        match = re.compile(r"-?[0-9.eE+-]+|true|false|null").match(text, i)
        return match.end()

    value(i, "", None)
    return positions


def literal(value):
    """A policy value as the engine checks it: a string, or !Sub / Fn::Sub without variables."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and len(value) == 1:
        (key, inner), = value.items()
        if key in ("!Sub", "Fn::Sub"):
            inner = inner[0] if isinstance(inner, list) else inner
            if isinstance(inner, str) and "${" not in inner.replace("${!", ""):
                return inner.replace("${!", "${")
    return None


def policies_of(path, text):
    """{subject: policy text} of a fixture, read without the engine."""
    found = {}
    try:
        if path.suffix in (".yaml", ".yml"):
            document = yaml.load(text, Loader=CfnLoader)
        else:
            document = json.loads(text)
    except (yaml.YAMLError, ValueError):
        return found  # the syntax-error fixture: its one diagnostic has no pointer
    if "Resources" in document:
        for name, resource in document["Resources"].items():
            kind = resource.get("Type")
            props = resource.get("Properties") or {}
            if kind == "AWS::ECR::Repository":
                policy = (props.get("LifecyclePolicy") or {})
                policy = policy.get("LifecyclePolicyText") if isinstance(policy, dict) else None
            elif kind == "AWS::ECR::RepositoryCreationTemplate":
                policy = props.get("LifecyclePolicy")
            else:
                continue
            found[f"Resource {name} ({kind})"] = literal(policy)
    elif "resource_changes" in document:
        for change in document["resource_changes"]:
            after = (change.get("change") or {}).get("after") or {}
            found[change["address"]] = after.get("policy", after.get("lifecycle_policy"))
    elif "repositoryCreationTemplates" in document or "prefix" in document:
        for entry in document.get("repositoryCreationTemplates", [document]):
            found["Creation template " + entry.get("prefix", "")] = entry.get("lifecyclePolicy")
    else:
        found[""] = document.get("lifecyclePolicyText")
    return found


def run(binary, *args):
    result = subprocess.run([binary, *args], capture_output=True, text=True, check=False)
    assert result.returncode in (0, 1), result.stderr
    return result.stdout


def check_file(binary, path, failures):
    report = json.loads(run(binary, "lint", "--format", "json", str(path)))
    diagnostics = report["files"][0]["diagnostics"]
    sarif = json.loads(run(binary, "lint", "--format", "sarif", str(path)))
    results = sarif["runs"][0]["results"]
    github = run(binary, "lint", "--format", "github", str(path)).splitlines()
    if not (len(diagnostics) == len(results) == len(github)):
        failures.append(f"{path.name}: {len(diagnostics)} JSON, {len(results)} SARIF, "
                        f"{len(github)} GitHub diagnostics")
        return 0
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    lines = raw.split(b"\n")
    policies = policies_of(path, text)
    checked = 0
    for d, r, g in zip(diagnostics, results, github):
        where = (d["line"], d["column"])
        locations = r.get("locations", [])
        region = locations[0]["physicalLocation"].get("region", {}) if locations else {}
        # JSON columns count bytes, SARIF's UTF-16 code units, GitHub's characters
        # (docs/diagnostics.md): the same character, each in its own unit.
        before = lines[d["line"] - 1][:d["column"] - 1].decode("utf-8") if d["line"] else ""
        utf16 = len(before.encode("utf-16-le")) // 2 + 1
        chars = len(before) + 1
        if d["line"] and (region.get("startLine"), region.get("startColumn")) != (d["line"], utf16):
            failures.append(f"{path.name}: SARIF region {region} for {where}")
        if d["line"] and f",line={d['line']},col={chars}," not in g:
            failures.append(f"{path.name}: GitHub line {g!r} for {where}")
        policy = policies.get(d.get("resource", ""))
        if not d["pointer"] or not isinstance(policy, str):
            continue
        positions = json_positions(policy)
        pointer = d["pointer"]
        candidates = []
        while True:
            if pointer in positions:
                candidates += [p for p in positions[pointer] if p is not None]
            if not pointer:
                break
            pointer = pointer[: pointer.rfind("/")]
        at = lines[d["line"] - 1][d["column"] - 1:].decode("utf-8", errors="replace")
        if not any(agrees(at, policy[c:]) for c in candidates):
            failures.append(f"{path.name}:{d['line']}:{d['column']}: {d['pointer']} points at "
                            f"{at[:20]!r}, the policy has {[policy[c:c + 20] for c in candidates]}")
        checked += 1
    return checked


ESCAPES = {'"': '"', "\\": "\\", "/": "/", "n": "\n", "t": "\t", "r": "\r", " ": " ",
           "b": "\b", "f": "\f"}


def agrees(file_text, policy_text):
    """The file, its JSON or YAML escapes decoded, and the policy agree from here up to the
    first line break, where folding makes them differ by design; at least one character."""
    count = 0
    i = 0
    for b in policy_text:
        if i >= len(file_text) or file_text[i] in "\r\n" or b in "\r\n":
            break
        a = file_text[i]
        if a == "\\" and i + 1 < len(file_text):
            if file_text[i + 1] == "u":
                a, i = chr(int(file_text[i + 2:i + 6], 16)), i + 6
                if 0xD800 <= ord(a) < 0xDC00:  # a surrogate pair stands for one character
                    low = int(file_text[i + 2:i + 6], 16)
                    a, i = chr(0x10000 + ((ord(a) - 0xD800) << 10) + (low - 0xDC00)), i + 6
            elif file_text[i + 1] in ESCAPES:
                a, i = ESCAPES[file_text[i + 1]], i + 2
            else:
                break
        elif a == "'" and file_text[i + 1:i + 2] == "'":
            i += 2
        else:
            i += 1
        if a != b:
            return False
        count += 1
    return count > 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--fixtures", required=True, type=pathlib.Path)
    args = parser.parse_args()
    failures = []
    checked = 0
    files = sorted(p for p in args.fixtures.iterdir() if p.suffix != ".expected")
    for path in files:
        checked += check_file(args.binary, path, failures)
    for failure in failures:
        print("FAIL", failure)
    print(f"{len(files)} files, {checked} located diagnostics checked against the templates")
    if checked < 20:
        print("FAIL: too few located diagnostics checked")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
