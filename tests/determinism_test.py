#!/usr/bin/env python3
"""Determinism: the same input gives byte-identical output across runs, across `--threads`
counts (when the flag exists) and whatever the order of the imageDetails in the input
(docs/reliability.md). Exits 77 (ctest: skipped) when a command is not built yet.

Usage: determinism_test.py BINARY

The helpers at the top are shared with safety_test.py.
"""

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

SKIP = 77  # ctest SKIP_RETURN_CODE
NOW = "2026-01-01T00:00:00Z"


def run(binary, args, check=True, stdin=None):
    """Runs the binary; returns (exit status, stdout bytes, stderr text)."""
    result = subprocess.run([binary] + args, input=stdin, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, timeout=120)
    stderr = result.stderr.decode("utf-8", "replace")
    if result.returncode < 0 or result.returncode > 2:
        # Even where another status is expected: a crash or a sanitizer abort is a failure.
        raise AssertionError("`%s` exited %d: %s" % (" ".join(args), result.returncode,
                                                    stderr.strip()[:2000]))
    if check and result.returncode != 0:
        if "not built yet" in stderr:
            print("SKIP: `%s` is not built yet: %s" % (args[0], stderr.strip()))
            sys.exit(SKIP)
        raise AssertionError("`%s` exited %d: %s" % (" ".join(args), result.returncode,
                                                    stderr.strip()[:2000]))
    return result.returncode, result.stdout, stderr


def has_flag(binary, command, flag):
    _, out, _ = run(binary, [command, "--help"], check=False)
    return flag in out.decode("utf-8", "replace")


def documents(text):
    """Every JSON value of `text` (one document, several concatenated, or NDJSON)."""
    decoder = json.JSONDecoder()
    values, at = [], 0
    while True:
        while at < len(text) and text[at] in " \t\r\n":
            at += 1
        if at == len(text):
            return values
        value, at = decoder.raw_decode(text, at)
        values.append(value)


def image_details(text):
    details = []
    for value in documents(text):
        if isinstance(value, dict) and "imageDetails" in value:
            details.extend(value["imageDetails"])
        elif isinstance(value, list):
            details.extend(value)
        else:
            details.append(value)
    return details


def generated_details(binary, images, repositories, seed):
    _, out, _ = run(binary, ["generate", "--images", str(images), "--repositories",
                             str(repositories), "--seed", str(seed), "--now", NOW])
    return image_details(out.decode("utf-8"))


def shuffled(details, seed):
    copy = list(details)
    random.Random(seed).shuffle(copy)
    return copy


def describe_images(details):
    return json.dumps({"imageDetails": details}, indent=1) + "\n"


def rule(priority, selection, action="expire", description=None):
    value = {"rulePriority": priority, "selection": selection, "action": {"type": action}}
    if action == "transition":
        value["action"]["targetStorageClass"] = "archive"
    if description:
        value["description"] = description
    return value


def policy(*rules):
    text = json.dumps({"rules": list(rules)}, indent=2) + "\n"
    assert len(text) >= 100, "a policy is at least 100 characters"
    return text


# Policies that exercise counting, ages, protection by higher rules, transitions and `any`.
POLICIES = {
    "keep-prod-expire-rest": policy(
        rule(1, {"tagStatus": "tagged", "tagPrefixList": ["prod"],
                 "countType": "imageCountMoreThan", "countNumber": 5},
             description="keep the five newest production images"),
        rule(2, {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days",
                 "countNumber": 3}),
        rule(3, {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 20})),
    "patterns-and-transition": policy(
        rule(1, {"tagStatus": "tagged", "tagPatternList": ["*release*"],
                 "countType": "imageCountMoreThan", "countNumber": 10000}),
        rule(2, {"tagStatus": "tagged", "tagPatternList": ["*"], "countType": "sinceImagePulled",
                 "countUnit": "days", "countNumber": 30}, action="transition"),
        rule(3, {"tagStatus": "any", "storageClass": "archive",
                 "countType": "sinceImageTransitioned", "countUnit": "days",
                 "countNumber": 90}),
        rule(4, {"tagStatus": "any", "countType": "sinceImagePushed", "countUnit": "days",
                 "countNumber": 60})),
    "expire-almost-everything": policy(
        rule(1, {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 1},
             description="keep one image per repository")),
}


def built(binary, command):
    """False when `command` is still the "not built yet" placeholder."""
    _, _, stderr = run(binary, [command], check=False)
    return "not built yet" not in stderr


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def tree(directory):
    """Relative path -> bytes of every file under `directory`."""
    files = {}
    for root, _, names in os.walk(directory):
        for name in names:
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                files[os.path.relpath(path, directory)] = f.read()
    return files


def first_difference(a, b):
    lines_a, lines_b = a.splitlines(), b.splitlines()
    for i, (x, y) in enumerate(zip(lines_a, lines_b)):
        if x != y:
            return "line %d: %r != %r" % (i + 1, x[:200], y[:200])
    return "lengths %d != %d lines" % (len(lines_a), len(lines_b))


class Checker:
    def __init__(self):
        self.failures = []
        self.checks = 0

    def same(self, label, a, b):
        self.checks += 1
        if a != b:
            if isinstance(a, dict):
                detail = "files %s != %s" % (sorted(a)[:5], sorted(b)[:5])
                for name in sorted(set(a) & set(b)):
                    if a[name] != b[name]:
                        detail = "%s: %s" % (name, first_difference(a[name], b[name]))
                        break
            else:
                detail = first_difference(a, b)
            self.failures.append("%s: %s" % (label, detail))


def inventory_variants(details, directory):
    """The same images written in several orders and shapes, each as DIR/<variant>/images."""
    half = len(details) // 2
    variants = {
        "original": describe_images(details),
        "shuffled-1": describe_images(shuffled(details, 1)),
        "shuffled-2": describe_images(shuffled(details, 2)),
        "reversed-pages": describe_images(details[half:]) + describe_images(details[:half]),
        "array": json.dumps(shuffled(details, 3)) + "\n",
        "ndjson": "".join(json.dumps(d) + "\n" for d in shuffled(details, 4)),
    }
    return {name: write(os.path.join(directory, name, "images.json"), text)
            for name, text in variants.items()}


def main():
    binary = sys.argv[1]
    check = Checker()
    scratch = tempfile.mkdtemp(prefix="ecrlc-determinism-")
    try:
        generate = ["generate", "--images", "3000", "--repositories", "4", "--seed", "11",
                    "--now", NOW]
        _, first, _ = run(binary, generate)
        _, second, _ = run(binary, generate)
        check.same("generate twice", first, second)
        _, other_seed, _ = run(binary, generate[:-4] + ["--seed", "12", "--now", NOW])
        check.checks += 1
        if other_seed == first:
            check.failures.append("generate: seeds 11 and 12 gave the same output")
        _, ndjson, _ = run(binary, generate + ["--format", "ndjson"])
        details = image_details(first.decode("utf-8"))
        check.same("generate json vs ndjson (records)", details,
                   image_details(ndjson.decode("utf-8")))

        if not built(binary, "preview"):
            print("SKIP: `preview` is not built yet; only `generate` was checked (%d checks)"
                  % check.checks)
            for failure in check.failures:
                print("FAIL " + failure)
            return 1 if check.failures else SKIP

        inventories = inventory_variants(details, os.path.join(scratch, "inventories"))
        threads = has_flag(binary, "preview", "--threads")
        if not threads:
            print("NOTE: `preview` has no --threads flag; thread counts not compared")
        plan_built = built(binary, "plan")
        diff_built = built(binary, "diff")
        for note, ok in (("plan", plan_built), ("diff", diff_built)):
            if not ok:
                print("NOTE: `%s` is not built yet; not compared" % note)

        policies = {name: write(os.path.join(scratch, "policies", name + ".json"), text)
                    for name, text in POLICIES.items()}
        for name, policy_file in policies.items():
            for fmt in ("table", "json", "aws", "csv", "ndjson"):
                args = ["preview", "--policy", policy_file, "--now", NOW, "--format", fmt]
                _, base, _ = run(binary, args + ["--images", inventories["original"]])
                _, again, _ = run(binary, args + ["--images", inventories["original"]])
                check.same("preview %s %s: two runs" % (name, fmt), base, again)
                for variant, path in inventories.items():
                    if variant != "original":
                        _, out, _ = run(binary, args + ["--images", path])
                        check.same("preview %s %s: original vs %s" % (name, fmt, variant),
                                   base, out)
                if threads:
                    for count in ("1", "2", "4"):
                        _, out, _ = run(binary, args + ["--images", inventories["shuffled-1"],
                                                        "--threads", count])
                        check.same("preview %s %s: --threads %s" % (name, fmt, count), base, out)
            if plan_built:
                outputs = []
                for variant in ("original", "shuffled-1", "ndjson"):
                    out_dir = os.path.join(scratch, "plans", name, variant)
                    run(binary, ["plan", "--policy", policy_file, "--images",
                                 inventories[variant], "--now", NOW, "--out", out_dir])
                    outputs.append((variant, tree(out_dir)))
                for variant, files in outputs[1:]:
                    check.same("plan %s: original vs %s" % (name, variant), outputs[0][1], files)
        if diff_built:
            names = sorted(policies)
            args = ["diff", "--policy", policies[names[0]], "--policy", policies[names[1]],
                    "--now", NOW, "--images"]
            _, base, _ = run(binary, args + [inventories["original"]])
            for variant in ("shuffled-2", "array"):
                _, out, _ = run(binary, args + [inventories[variant]])
                check.same("diff: original vs %s" % variant, base, out)

        for failure in check.failures:
            print("FAIL " + failure)
        print("%d of %d comparisons differ" % (len(check.failures), check.checks))
        return 1 if check.failures else 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
