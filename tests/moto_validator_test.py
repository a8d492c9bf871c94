#!/usr/bin/env python3
"""Our policy validation against moto 5.2.1's EcrLifecyclePolicyValidator.

Usage: moto_validator_test.py --binary ECR_LIFECYCLE --fixtures DIR [--doc docs/moto-comparison.md]

Every fixture DIR/policies/{valid,invalid}/*.json goes through `ecr-lifecycle lint` and through
moto's validator (what moto's put_lifecycle_policy runs; for a get-lifecycle-policy wrapper,
on its lifecyclePolicyText, which is what PutLifecyclePolicy would receive). Every
disagreement must be listed in EXPECTED_DISAGREEMENTS with moto's verdict, and every row of
that table must still disagree, so a new or vanished disagreement fails. With --doc, every
row must also appear in the documentation. --print-table prints the table as Markdown.
"""

import argparse
import json
import pathlib
import subprocess
import sys

from moto.ecr.exceptions import InvalidParameterException
from moto.ecr.policy_validation import EcrLifecyclePolicyValidator

# Why moto and ecr-lifecycle differ, by kind (see docs/moto-comparison.md).
REASONS = {
    "moto-no-archive": "moto 5.2.1 does not know ECR's archive storage class: it rejects 'transition', "
                       "storageClass, targetStorageClass, sinceImagePulled and "
                       "sinceImageTransitioned",
    "moto-no-cross-rule": "moto checks each rule alone: no unique priorities (V1), 'any' last "
                          "(V6), one 'untagged' rule (V7) or distinct tag sets (V8)",
    "moto-no-tag-lists": "moto does not check tagStatus against the tag lists (V2, V3, V4) nor "
                         "the number of '*' (V5)",
    "moto-no-types": "moto checks neither rulePriority nor the type of description, and "
                     "compares countNumber as a Python number, so 1.0 and 1e1 pass",
    "moto-no-integer-range": "moto has no upper bound for integers; we accept 1 to 2^31-1",
    "moto-encoding": "the file is not valid UTF-8, so no client could send it; the test hands "
                     "moto the text decoded with replacement characters, which it accepts",
    "moto-json": "Python's json module accepts a lone UTF-16 surrogate escape (\\ud800); we "
                 "reject it (the text could not be represented in UTF-8)",
    "moto-wrapper": "the fault is in the get-lifecycle-policy wrapper, not in the policy text "
                    "that PutLifecyclePolicy would receive",
    "moto-no-count-unit": "moto does not require countUnit with sinceImagePushed nor forbid it "
                          "with imageCountMoreThan (V9)",
    "moto-no-limits": "moto checks neither the number of rules nor the length of the policy "
                      "text (V15)",
    "moto-duplicate-keys": "moto's json.loads keeps the last of duplicate keys; we reject them "
                           "(CHOICE)",
    "moto-crash": "moto's validator raises an internal error (not InvalidParameterException), "
                  "which moto turns into a server error; we report the fault",
    "moto-top-level": "moto does not check the top level beyond 'rules' being a list",
}

# fixture -> (moto verdict: "accept" | "reject" | "crash", reason key).
EXPECTED_DISAGREEMENTS = {
    "valid/lint-archive-by-push-age.json": ("reject", "moto-no-archive"),
    "valid/any-rule-per-storage-class.json": ("reject", "moto-no-archive"),
    "valid/count-since-image-pulled-transition.json": ("reject", "moto-no-archive"),
    "valid/count-since-image-transitioned-90-days.json": ("reject", "moto-no-archive"),
    "valid/count-since-image-transitioned.json": ("reject", "moto-no-archive"),
    "valid/lint-quick-archive.json": ("reject", "moto-no-archive"),
    "valid/shared-rules-mixed-storage.json": ("reject", "moto-no-archive"),
    "valid/storage-class-standard-explicit.json": ("reject", "moto-no-archive"),
    "valid/transition-and-archive-expiry.json": ("reject", "moto-no-archive"),
    "valid/untagged-per-storage-class.json": ("reject", "moto-no-archive"),
    "invalid/action-string.json": ("crash", "moto-crash"),
    "invalid/count-number-string.json": ("crash", "moto-crash"),
    "invalid/selection-array.json": ("crash", "moto-crash"),
    "invalid/wrapper-escapes-before-error.json": ("crash", "moto-crash"),
    "invalid/deep-nesting-in-rule.json": ("accept", "moto-no-types"),
    "invalid/description-number.json": ("accept", "moto-no-types"),
    "invalid/duplicate-key.json": ("accept", "moto-duplicate-keys"),
    "invalid/duplicate-root-rules.json": ("accept", "moto-duplicate-keys"),
    "invalid/huge-number-2-64-plus-1.json": ("accept", "moto-no-integer-range"),
    "invalid/huge-number-exponent.json": ("accept", "moto-no-integer-range"),
    "invalid/integer-above-int32.json": ("accept", "moto-no-integer-range"),
    "invalid/integer-as-float.json": ("accept", "moto-no-types"),
    "invalid/integer-with-exponent.json": ("accept", "moto-no-types"),
    "invalid/invalid-utf8-overlong.json": ("accept", "moto-encoding"),
    "invalid/invalid-utf8.json": ("accept", "moto-encoding"),
    "invalid/negative-zero.json": ("accept", "moto-no-types"),
    "invalid/prefix-list-number-element.json": ("accept", "moto-no-tag-lists"),
    "invalid/prefix-list-string.json": ("accept", "moto-no-tag-lists"),
    "invalid/priority-string.json": ("accept", "moto-no-types"),
    "invalid/priority-zero.json": ("accept", "moto-no-types"),
    "invalid/rules-empty.json": ("accept", "moto-no-limits"),
    "invalid/syntax-lone-surrogate.json": ("accept", "moto-json"),
    "invalid/unknown-root-key.json": ("accept", "moto-top-level"),
    "invalid/v1-duplicate-priority.json": ("accept", "moto-no-cross-rule"),
    "invalid/v15-fifty-one-rules.json": ("accept", "moto-no-limits"),
    "invalid/v15-too-long.json": ("accept", "moto-no-limits"),
    "invalid/v15-too-short.json": ("accept", "moto-no-limits"),
    "invalid/v2-tagged-empty-pattern-list.json": ("accept", "moto-no-tag-lists"),
    "invalid/v2-tagged-empty-prefix-list.json": ("accept", "moto-no-tag-lists"),
    "invalid/v2-tagged-without-list.json": ("accept", "moto-no-tag-lists"),
    "invalid/v3-any-with-patterns.json": ("accept", "moto-no-tag-lists"),
    "invalid/v3-untagged-with-prefixes.json": ("accept", "moto-no-tag-lists"),
    "invalid/v4-both-lists.json": ("accept", "moto-no-tag-lists"),
    "invalid/v5-five-wildcards.json": ("accept", "moto-no-tag-lists"),
    "invalid/v6-any-not-last.json": ("accept", "moto-no-cross-rule"),
    "invalid/v6-two-any-rules.json": ("accept", "moto-no-cross-rule"),
    "invalid/v7-two-untagged-rules.json": ("accept", "moto-no-cross-rule"),
    "invalid/v8-same-pattern-set.json": ("accept", "moto-no-cross-rule"),
    "invalid/v8-same-prefix-set.json": ("accept", "moto-no-cross-rule"),
    "invalid/v9-count-unit-missing.json": ("accept", "moto-no-count-unit"),
    "invalid/v9-count-unit-with-image-count.json": ("accept", "moto-no-count-unit"),
    "invalid/wrapper-error-in-policy.json": ("accept", "moto-no-tag-lists"),
    "invalid/wrapper-registry-id-number.json": ("accept", "moto-wrapper"),
    "invalid/wrapper-text-too-short.json": ("accept", "moto-no-limits"),
    "invalid/wrapper-unknown-key.json": ("accept", "moto-wrapper"),
}


def policy_text(path):
    """What PutLifecyclePolicy would receive for this fixture."""
    raw = path.read_bytes()
    try:
        document = json.loads(raw)
        if isinstance(document, dict) and isinstance(document.get("lifecyclePolicyText"), str):
            return document["lifecyclePolicyText"]
    except (UnicodeDecodeError, ValueError, RecursionError):
        pass
    # The AWS CLI drops a byte order mark before the text of a file:// argument.
    return raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace")


def moto_verdict(text):
    try:
        EcrLifecyclePolicyValidator(text).validate()
    except InvalidParameterException:
        return "reject"
    except Exception:  # noqa: BLE001 - any other exception is a crash in moto
        return "crash"
    return "accept"


def our_verdicts(binary, paths):
    """{path: "accept" | "reject"} from one `lint --format json` run over all paths."""
    run = subprocess.run([binary, "lint", "--format", "json", *map(str, paths)],
                         capture_output=True, text=True, timeout=300)
    if run.returncode not in (0, 1):
        raise RuntimeError(f"lint exited {run.returncode}: {run.stderr.strip()}")
    files = json.loads(run.stdout)["files"]
    if len(files) != len(paths):
        raise RuntimeError(f"lint reported {len(files)} files of {len(paths)}")
    return {f["file"]: "accept" if f["valid"] else "reject" for f in files}


def print_table():
    print("| Fixture | ecr-lifecycle | moto | Reason |")
    print("|---|---|---|---|")
    for name, (moto, reason) in sorted(EXPECTED_DISAGREEMENTS.items()):
        ours = "accept" if name.startswith("valid/") else "reject"
        print(f"| `{name}` | {ours} | {moto} | {REASONS[reason]} |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary")
    parser.add_argument("--fixtures")
    parser.add_argument("--doc")
    parser.add_argument("--print-table", action="store_true")
    args = parser.parse_args()
    if args.print_table:
        print_table()
        return 0

    fixtures = sorted(p for kind in ("valid", "invalid")
                      for p in (pathlib.Path(args.fixtures) / "policies" / kind).iterdir()
                      if p.suffix == ".json")
    failures = []
    agreements = 0
    seen = set()
    verdicts = our_verdicts(args.binary, fixtures)
    for path in fixtures:
        name = f"{path.parent.name}/{path.name}"
        ours = verdicts[str(path)]
        moto = moto_verdict(policy_text(path))
        expected = EXPECTED_DISAGREEMENTS.get(name)
        if ours == moto:
            agreements += 1
            if expected:
                failures.append(f"{name}: both {ours}, but the table expects moto to {expected[0]}")
            continue
        seen.add(name)
        if expected is None:
            failures.append(f"{name}: new disagreement: ecr-lifecycle {ours}s, moto {moto}s")
        elif expected[0] != moto:
            failures.append(f"{name}: moto {moto}s, the table says {expected[0]}")
    for name in sorted(EXPECTED_DISAGREEMENTS.keys() - seen):
        if not any(f.startswith(name + ":") for f in failures):
            failures.append(f"{name}: in the table but no such fixture")
    if args.doc:
        doc = pathlib.Path(args.doc).read_text()
        for name in sorted(EXPECTED_DISAGREEMENTS):
            if f"`{name}`" not in doc:
                failures.append(f"{name}: missing from {args.doc}")

    for line in failures:
        print("FAIL", line)
    print(f"{len(fixtures)} fixtures: {agreements} agree, {len(seen)} disagree; "
          f"{len(failures)} failures")
    if not fixtures:
        print("no fixture policy found")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
