#!/usr/bin/env python3
"""Threads: `preview` gives byte-identical output (stdout and the warnings on stderr) for
--threads 1, 2 and 3 on a generated 100,000-image inventory, read as one describe-images
document and as NDJSON, with a second input that repeats digests with other data and moves
tags (so the snapshot warnings are compared too). The inputs span several read windows and
hundreds of parse tasks, so work really is split between threads; the listings (aws, table,
json, ndjson, csv, with and without --all) have dozens of render batches each.

Under a sanitized binary (built with ASan, or ECRLC_SANITIZED=1 as tests/ci_extra.sh sets)
the inventories have 40,000 images instead of 100,000 (less than half the time): both
files still span two 16 MiB read windows and dozens of parse tasks split between the
threads; the Release run keeps the full size.

Usage: threads_test.py BINARY
"""

import json
import os
import re
import subprocess
import sys
import tempfile

NOW = "2026-01-01T00:00:00Z"
# The 5-rule policy of the end-to-end benchmark (bench/e2e.sh).
POLICY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "bench",
                      "policy.json")


IMAGES = 100_000
SANITIZED_IMAGES = 40_000


def sanitized(binary):
    if os.environ.get("ECRLC_SANITIZED") == "1":
        return True
    with open(binary, "rb") as f:
        return b"__asan_init" in f.read()


def run(args):
    result = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    if result.returncode != 0:
        raise AssertionError("`%s` exited %d: %s" % (" ".join(args), result.returncode,
                                                    result.stderr.decode()[:2000]))
    return result.stdout, result.stderr


def anomalies(ndjson_path, out_path):
    """Writes records that conflict with the generated ones: each of the first 50 images again
    with another size (a digest listed twice with different data) and, for 50 tagged images,
    a new image carrying their first tag (a tag on two images)."""
    lines = []
    tagged = 0
    with open(ndjson_path, encoding="utf-8") as source:
        for number, line in enumerate(source):
            image = json.loads(line)
            if number < 50:
                changed = dict(image)
                changed["imageSizeInBytes"] = image.get("imageSizeInBytes", 0) + 1
                lines.append(json.dumps(changed))
            elif image.get("imageTags") and tagged < 50 and number % 97 == 0:
                tagged += 1
                moved = {"repositoryName": image["repositoryName"],
                         "imageDigest": "sha256:%064x" % (number + 1),
                         "imageTags": [image["imageTags"][0]],
                         "imagePushedAt": image["imagePushedAt"]}
                lines.append(json.dumps(moved))
            if number >= 50 and tagged >= 50:
                break
    with open(out_path, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    return tagged


def main():
    binary = sys.argv[1]
    images = SANITIZED_IMAGES if sanitized(binary) else IMAGES
    with tempfile.TemporaryDirectory(prefix="ecrlc-threads-") as work:
        policy = POLICY
        inputs = {}
        for fmt in ("json", "ndjson"):
            path = os.path.join(work, "inventory." + fmt)
            run([binary, "generate", "--images", str(images), "--format", fmt, "--output", path])
            inputs[fmt] = path
        extra = os.path.join(work, "anomalies.ndjson")
        moved = anomalies(inputs["ndjson"], extra)
        assert moved == 50, "expected 50 moved tags, made %d" % moved

        failures = 0
        cases = [("json", "aws", [inputs["json"]]),
                 ("json", "table", [inputs["json"]]),
                 ("ndjson", "json", [inputs["ndjson"]]),
                 ("ndjson+anomalies", "csv", [inputs["ndjson"], extra]),
                 ("ndjson", "ndjson --all", [inputs["ndjson"]]),
                 ("json", "table --all", [inputs["json"]])]
        for name, fmt, files in cases:
            outputs = {}
            for threads in ("1", "2", "3"):
                args = [binary, "preview", "--policy", policy, "--format"] + fmt.split() + [
                    "--now", NOW, "--threads", threads]
                for path in files:
                    args += ["--images", path]
                outputs[threads] = run(args)
            base_out, base_err = outputs["1"]
            if len(base_out) < 100000:
                print("FAIL: %s %s: output too small (%d bytes)" % (name, fmt, len(base_out)))
                failures += 1
            if "anomalies" in name:
                # The CLI shows the first warnings and counts the rest in a last line.
                text = base_err.decode()
                more = re.search(r"warning: (\d+) more inventory warnings not shown", text)
                shown = text.count(": warning: repository ")
                total = shown + (int(more.group(1)) if more else 0)
                if total != 100 or shown == 0:
                    print("FAIL: %s: expected 100 warnings, got %d (%d shown)"
                          % (name, total, shown))
                    failures += 1
            for threads in ("2", "3"):
                out, err = outputs[threads]
                if out != base_out or err != base_err:
                    print("FAIL: %s --format %s: --threads %s differs from --threads 1"
                          % (name, fmt, threads))
                    failures += 1
            print("ok: %s --format %s: %d images, %d bytes, identical for --threads 1, 2, 3"
                  % (name, fmt, images, len(base_out)))
        failures += check_plan_and_diff(binary, work, inputs["json"])
        return 1 if failures else 0


def folder_files(folder):
    """Every file under `folder` (a plan has request subfolders), by relative path."""
    files = {}
    for root, _, names in os.walk(folder):
        for name in sorted(names):
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                files[os.path.relpath(path, folder)] = f.read()
    return files


def check_plan_and_diff(binary, work, images):
    """plan and diff take --threads as preview does: the same files and output for 1 and 2."""
    failures = 0
    new_policy = os.path.join(os.path.dirname(POLICY), "..", "examples", "policy.json")
    diffs, plans = {}, {}
    for threads in ("1", "2"):
        diffs[threads] = run([binary, "diff", "--policy", POLICY, "--policy", new_policy,
                              "--images", images, "--now", NOW, "--format", "json",
                              "--threads", threads])
        out = os.path.join(work, "plan-" + threads)
        run([binary, "plan", "--policy", POLICY, "--images", images, "--now", NOW, "--out", out,
             "--threads", threads])
        plans[threads] = folder_files(out)
    if diffs["1"] != diffs["2"] or len(diffs["1"][0]) < 1000:
        print("FAIL: diff --threads 2 differs from --threads 1 (or says too little)")
        failures += 1
    if plans["1"] != plans["2"] or not plans["1"]:
        print("FAIL: plan --threads 2 wrote other files than --threads 1")
        failures += 1
    if failures == 0:
        print("ok: diff (%d bytes) and plan (%d files) identical for --threads 1, 2"
              % (len(diffs["1"][0]), len(plans["1"])))
    return failures


if __name__ == "__main__":
    sys.exit(main())
